// One module holds every sentence about a verdict (src/engine/verdict/verdict-text.ts): for each kind of
// verdict the badge, its title, the overlay, the popup and the command line's summary and reason say what
// that module says, and no other source file words a verdict of its own.
// The browser's surfaces are checked in Chromium as well, in test/e2e/verdict-words.test.ts.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { VNode } from 'preact';
import { makeTestHead } from '../build/test-head';
import { parseModelEntry } from '../src/engine/models/registry';
import type { Verdict, VerdictKind } from '../src/engine/types';
import { countsLine, evidenceLine, evidenceLines, KIND_NAMES, NO_MODEL_WORDS, verdictLine, verdictWords } from '../src/engine/verdict/verdict-text';
import { viewOf } from '../src/extension/content/view';
import { VerdictView } from '../src/extension/ui/VerdictView';
import { originlens, TINY_MODEL } from './support/cli';
import { familyImage } from './support/families';

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

test("each head's line says what it said under the thresholds applied, naming a threshold other than 0", () => {
  const detector = { head: 'd', name: 'UnivFD', kind: 'detector' as const, llr: 2.314, defaults: { llr: 0 } };
  assert.equal(evidenceLine(detector), 'UnivFD: synthetic (LLR 2.31)');
  assert.equal(evidenceLine({ ...detector, applied: { llr: 5 } }), 'UnivFD: real (LLR 2.31, threshold 5)');
  const mine = { head: 'a', name: 'Mine', kind: 'attribution' as const, llr: 1.5, defaults: { llr: 0, openSet: 0.5 }, probabilities: { real: 0.1, sdxl: 0.9 }, openSetScore: 0.7 };
  assert.equal(evidenceLine(mine), 'Mine: made by sdxl (90%, LLR 1.50)');
  assert.equal(evidenceLine({ ...mine, applied: { llr: 0, openSet: 0.8 } }), 'Mine: generated, by no generator it knows (LLR 1.50)');
  assert.equal(evidenceLine({ ...mine, llr: -1, applied: { llr: 0, openSet: 0.8 } }), 'Mine: cannot place it (LLR -1.00)');
  assert.equal(evidenceLine({ ...mine, applied: { llr: -2.5, openSet: 0.5 } }), 'Mine: made by sdxl (90%, LLR 1.50, threshold -2.5)');
  // One head alone is named too: every surface says which heads made the verdict.
  assert.deepEqual(evidenceLines({ evidence: [mine] }), ['Mine: made by sdxl (90%, LLR 1.50)']);
  assert.deepEqual(evidenceLines({}), [], 'a verdict stored before evidence was kept');
});

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

// The command line, run as a person would: one image forced into each kind by thresholds out of reach one
// way or the other (an attribution head with a detector combined; a detector alone for "synthetic"), and a
// truncated file for an error. Its `reason` column and closing count say what verdict-text.ts says.
let dir: string;
let env: Record<string, string>;
let attributionHead: string;
let detectorHead: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'originlens-words-'));
  env = { ORIGINLENS_HOME: join(dir, 'home') };
  const encoder = parseModelEntry(JSON.parse(readFileSync(TINY_MODEL, 'utf8')));
  attributionHead = join(dir, 'attribution.json');
  await writeFile(attributionHead, JSON.stringify(makeTestHead(encoder)));
  let seed = 11;
  const next = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 0.2;
  detectorHead = join(dir, 'detector.json');
  const detector = {
    format: 'originlens-head',
    version: 2,
    kind: 'detector',
    id: 'words@0001',
    name: 'Words detector',
    encoder: { id: encoder.id, sha256: encoder.sha256 },
    feature: { name: 'embedding', normalize: 'l2' },
    layers: [{ weights: [Array.from({ length: encoder.features.embedding!.dim }, next)], bias: [0] }],
    thresholds: { llr: 0 },
    provenance: { trainedOn: 'nothing: fixed weights for a test', createdAt: 'test', software: 'test' },
  };
  await writeFile(detectorHead, JSON.stringify(detector));
  await writeFile(join(dir, 'good.png'), familyImage('smooth', 31));
  await writeFile(join(dir, 'truncated.png'), familyImage('stripes', 7).subarray(0, 600));
});
after(() => rm(dir, { recursive: true, force: true }));

/** A CSV row as the verdict it writes, enough for its words. */
function verdictOfRow(r: Record<string, string>): Pick<Verdict, 'kind' | 'generator' | 'probabilities' | 'reason'> {
  const probabilities = Object.fromEntries(Object.entries(r).flatMap(([k, v]) => (k.startsWith('p_') && v !== '' ? [[k.slice(2), Number(v)]] : [])));
  return { kind: r.verdict as VerdictKind, ...(r.generator ? { generator: r.generator } : {}), probabilities, ...(r.verdict === 'error' ? { reason: r.reason } : {}) };
}

// Negative values as --name=value: a separate "-1000" reads as an option.
const BOTH = (llr: number, openSet: number) => ['--head', attributionHead, '--head', detectorHead, `--llr_threshold=${llr}`, `--open_set_threshold=${openSet}`, `--threshold=words=${llr}`];
const CLI_CASES: [Exclude<VerdictKind, 'error'>, () => string[]][] = [
  ['real', () => BOTH(1000, -1000)],
  ['generator', () => BOTH(-1000, -1000)],
  ['unknown-generator', () => BOTH(-1000, 1000)],
  ['unplaced', () => BOTH(1000, 1000)],
  ['synthetic', () => ['--head', detectorHead, '--llr_threshold=-1000']],
];

for (const [kind, heads] of CLI_CASES) {
  test(`${kind}: the command line's reason and closing count say what verdict-text says`, async () => {
    const out = join(dir, `${kind}.csv`);
    const run = await originlens(['attribute', '--in', dir, '--out_csv', out, '--model', TINY_MODEL, ...heads()], env);
    // 1: done, with an image that gave an error (the truncated file).
    assert.equal(run.code, 1, run.stderr);
    const rows = parse(readFileSync(out), { columns: true }) as Record<string, string>[];
    const row = (name: string) => rows.find((r) => r.filename?.endsWith(name))!;
    assert.equal(row('good.png').verdict, kind, JSON.stringify(row('good.png')));
    for (const r of [row('good.png'), row('truncated.png')]) assert.equal(r.reason, verdictLine(verdictOfRow(r)), r.filename ?? '');
    const words = verdictWords(verdictOfRow(row('good.png')));
    assert.ok(row('good.png').reason!.startsWith(words.title), row('good.png').reason);
    // An error's reason is the one every surface shows under "Could not attribute this image".
    assert.match(row('truncated.png').reason!, /truncated/i);
    assert.equal(verdictWords(verdictOfRow(row('truncated.png'))).detail, row('truncated.png').reason);
    assert.ok(run.stderr.includes(`: ${countsLine({ [kind]: 1, error: 1 })} → ${out}`), run.stderr);
  });
}
