// One module holds every sentence about a verdict (src/engine/verdict/verdict-text.ts): for each kind of
// verdict the badge, its title, the overlay, the popup and the command line's summary and reason say what
// that module says, and no other source file words a verdict of its own.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { VNode } from 'preact';
import type { Verdict, VerdictKind } from '../src/engine/types';
import { countsLine, evidenceLines, KIND_NAMES, NO_MODEL_WORDS, verdictWords } from '../src/engine/verdict/verdict-text';
import { viewOf } from '../src/extension/content/view';
import { VerdictView } from '../src/extension/ui/VerdictView';

const KINDS = Object.keys(KIND_NAMES) as VerdictKind[];
const verdict = (kind: VerdictKind): Verdict => ({
  kind,
  ...(kind === 'generator' ? { generator: 'sdxl' } : {}),
  probabilities: kind === 'error' ? {} : { real: 0.1, sdxl: 0.9 },
  llr: kind === 'error' ? Number.NaN : 1.5,
  openSetScore: kind === 'error' ? Number.NaN : 0.7,
  ...(kind === 'error' ? { reason: 'this image cannot be read: truncated PNG' } : {}),
  evidence:
    kind === 'error'
      ? []
      : [{ head: 'univfd@1', name: 'UnivFD', kind: 'detector', llr: 1.5, defaults: { llr: 0 }, applied: { llr: 0 } }, { head: 'a@1', name: 'Mine', kind: 'attribution', llr: -0.5, defaults: { llr: 0, openSet: 0.5 }, applied: { llr: 0, openSet: 0.5 }, probabilities: { real: 0.1, sdxl: 0.9 }, openSetScore: 0.7 }],
  encoder: 'e',
  head: 'univfd@1 + a@1',
  ms: 12,
});

/** Every string a rendered Preact tree holds, in order. */
function texts(node: unknown): string[] {
  if (typeof node === 'string' || typeof node === 'number') return [String(node)];
  if (Array.isArray(node)) return node.flatMap(texts);
  if (!node || typeof node !== 'object') return [];
  const v = node as VNode<{ children?: unknown }>;
  if (typeof v.type === 'function') return texts((v.type as (p: unknown) => unknown)(v.props));
  return texts(v.props?.children);
}

for (const kind of KINDS) {
  test(`${kind}: the badge, its title, the overlay and the popup say what verdict-text says`, () => {
    const v = verdict(kind);
    const words = verdictWords(v);
    const view = viewOf({ state: 'done', record: { verdict: v, cached: false } }, true, 'hide');
    // The badge and the overlay draw from the same view.
    assert.equal(view.short, words.short, 'badge');
    assert.equal(view.title, words.title, 'overlay title and badge title');
    assert.equal(view.detail, words.detail, 'overlay detail');
    assert.deepEqual(view.evidence ?? [], evidenceLines(v), 'each head\'s line');
    // The popup renders the verdict view.
    const popup = texts(VerdictView({ verdict: v })).join('\n');
    assert.ok(popup.includes(words.title), `popup shows "${words.title}": ${popup}`);
    if (words.detail) assert.ok(popup.includes(words.detail), `popup shows "${words.detail}"`);
    for (const line of evidenceLines(v)) assert.ok(popup.includes(line), `popup shows "${line}"`);
  });
}

test("the command line's closing count names every kind apart", () => {
  const lines = KINDS.map((k) => countsLine({ [k]: 1 }));
  assert.equal(new Set(lines).size, KINDS.length, lines.join('\n'));
  assert.equal(countsLine({ real: 2, error: 1 }), '2 real, 1 errors');
});

test('an error: the reason the command line writes is the one every surface shows', () => {
  const v = verdict('error');
  assert.equal(verdictWords(v).detail, v.reason);
  assert.equal(viewOf({ state: 'done', record: { verdict: v, cached: false } }, true, 'hide').detail, v.reason);
  // With no model installed, the words that lead to the welcome page.
  const none = viewOf({ state: 'done', record: { verdict: v, cached: false } }, false, 'hide');
  assert.deepEqual([none.title, none.detail], [NO_MODEL_WORDS.title, NO_MODEL_WORDS.detail]);
});

test('no other source file words a verdict: the titles live in verdict-text.ts alone', () => {
  const titles = KINDS.map((k) => verdictWords(verdict(k)).title.replace(/ by sdxl.*$/, ' by'));
  const files = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts') && !f.endsWith('verdict-text.ts'));
  const offenders = files.flatMap((f) => {
    const source = readFileSync(join('src', f), 'utf8');
    // A title quoted whole (or a generator's, up to the name) is a verdict worded outside verdict-text.ts.
    const quoted = (title: string) => ["'", '"', '`'].some((q) => source.includes(`${q}${title}${title.endsWith(' by') ? ' ' : q}`));
    return titles.filter(quoted).map((title) => `${f}: "${title}"`);
  });
  assert.deepEqual(offenders, []);
});
