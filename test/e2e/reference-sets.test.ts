// Teaching the extension generators from a handful of examples, in Chromium with the test encoder: three
// procedural families are enrolled through the context menu (10 examples each, one of them as "This is a
// real photo", the generators named on the extension's own "New generator…" page), the head is retrained
// after each, and the held-out images of those families, and of a fourth family never shown, are judged.
// Then the reference set is exported, cleared and imported, and the verdicts come back the same.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { auc } from '../../src/engine/metrics';
import type { VerdictRecord } from '../../src/extension/shared/protocol';
import type { ReferenceExport } from '../../src/extension/shared/references/types';
import { call, clickMenu } from './support/background';
import { type ExtensionBrowser, launchWithExtension, openTab } from './support/browser';
import { openOptions, screenshot } from './support/pages';
import { pageHtml, startServer, type TestServer } from './support/server';

/** Family → the class the person teaches it as; `rings` is never shown and plays the unknown generator. */
const TAUGHT = { smooth: 'real', stripes: 'Stripes', blocks: 'Blocks' } as const;
const UNKNOWN = 'rings';
const ENROLLED = 10;
const PER_FAMILY = 20;

type EnrolAnswer = { training?: { trained: boolean; reason?: string }; opened?: string; error?: string };

describe('reference sets in Chromium', { timeout: 600_000 }, () => {
  let browser: ExtensionBrowser;
  let cdn: TestServer;
  let site: TestServer;
  let tabId: number;
  const url = (family: string, seed: number) => `${cdn.origin}/img/${family}-${seed}.png`;

  before(async () => {
    cdn = await startServer();
    const all = [...Object.keys(TAUGHT), UNKNOWN].flatMap((f) => Array.from({ length: PER_FAMILY }, (_, i) => `/img/${f}-${i + 1}.png`));
    site = await startServer({ '/page.html': pageHtml('Families', all.map((p) => `${cdn.origin}${p}`)) });
    browser = await launchWithExtension('dist/chrome-test');
    ({ tabId } = await openTab(browser, `${site.origin}/page.html`));
    await call(browser.worker, 'test.installModels', {});
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await cdn?.close();
  });

  /** What the context menu's onClicked listener does for a menu item on an image. */
  const menu = (menuItemId: string, srcUrl: string) =>
    browser.worker.evaluate(
      ([id, src, tab]) => {
        const hooks = (globalThis as unknown as { originlensTest: { onMenuClick(info: unknown, tab: unknown): Promise<unknown> } }).originlensTest;
        return hooks.onMenuClick({ menuItemId: id, srcUrl: src, editable: false }, { id: tab }) as Promise<EnrolAnswer>;
      },
      [menuItemId, srcUrl, tabId] as const,
    );

  /** "New generator…": the menu opens the extension's page, where the person types the name. */
  async function newGenerator(name: string, src: string): Promise<void> {
    const opened = browser.context.waitForEvent('page');
    const answer = await menu('originlens-enrol-new', src);
    assert.match(answer.opened ?? '', /enrol\.html#/, answer.error);
    const page: Page = await opened;
    await page.locator('input[name="generator"]').fill(name);
    await page.locator('button[type="submit"]').click();
    await page.locator('[data-testid="enrolled"]').waitFor({ timeout: 60_000 });
    await page.close();
  }

  async function generatorItem(name: string): Promise<string> {
    const state = await call(browser.worker, 'references.state', {});
    const names = state.classes.map((c) => c.label).filter((l) => l !== 'real').sort((a, b) => a.localeCompare(b));
    const index = names.indexOf(name);
    assert.ok(index >= 0, `${name} is in the menu`);
    return `originlens-enrol-class-${index}`;
  }

  async function judgeAll(): Promise<Map<string, VerdictRecord>> {
    const out = new Map<string, VerdictRecord>();
    for (const family of [...Object.keys(TAUGHT), UNKNOWN]) {
      const first = family === UNKNOWN ? 1 : ENROLLED + 1;
      for (let seed = first; seed <= PER_FAMILY; seed++) out.set(url(family, seed), (await clickMenu(browser.worker, url(family, seed), tabId)).record);
    }
    return out;
  }

  let verdicts: Map<string, VerdictRecord>;

  test('ten examples of each of three families, enrolled through the context menu, train a head that becomes active', async (t) => {
    const started = Date.now();
    for (const [family, label] of Object.entries(TAUGHT)) {
      for (let seed = 1; seed <= ENROLLED; seed++) {
        const src = url(family, seed);
        if (label === 'real') {
          const answer = await menu('originlens-enrol-real', src);
          assert.equal(answer.error, undefined);
        } else if (seed === 1) {
          await newGenerator(label, src);
        } else {
          const answer = await menu(await generatorItem(label), src);
          assert.equal(answer.error, undefined);
        }
      }
    }
    t.diagnostic(`30 enrolments with retraining after each: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const state = await call(browser.worker, 'references.state', {});
    assert.deepEqual(
      state.classes.map((c) => [c.label, c.count]),
      [['Blocks', 10], ['real', 10], ['Stripes', 10]],
    );
    assert.ok(state.classes.every((c) => c.examples.every((e) => e.thumbnail.startsWith('data:image/png;base64,'))));
    assert.ok(state.head !== undefined);
    assert.equal((await call(browser.worker, 'settings.get', {})).headId, state.head, 'the reference head is the active one');
  });

  test('the held-out images of the taught families get the right verdict, and the unseen family is flagged more often', async (t) => {
    verdicts = await judgeAll();
    const head = (await call(browser.worker, 'references.state', {})).head;
    let right = 0;
    let known = 0;
    const scores: number[] = [];
    const isKnown: boolean[] = [];
    const unknownRate = { known: 0, unseen: 0 };
    for (const [src, record] of verdicts) {
      const v = record.verdict;
      assert.notEqual(v.kind, 'error', v.reason);
      assert.equal(v.head, head, 'judged by the reference head');
      const family = /\/img\/([a-z]+)-/.exec(src)![1]!;
      const taught = (TAUGHT as Record<string, string>)[family];
      scores.push(v.openSetScore);
      isKnown.push(taught !== undefined);
      if (taught === undefined) {
        if (v.kind === 'unknown-generator') unknownRate.unseen++;
        continue;
      }
      known++;
      if (v.kind === 'unknown-generator') unknownRate.known++;
      // The verdict's class, as a badge shows it; an open-set warning on a known image counts as wrong.
      const said = v.kind === 'real' ? 'real' : v.kind === 'generator' ? v.generator : undefined;
      if (said === taught) right++;
    }
    const accuracy = right / known;
    const unseen = PER_FAMILY;
    const auroc = auc(scores, isKnown);
    t.diagnostic(`right verdicts on held-out taught images: ${right}/${known} (${(accuracy * 100).toFixed(1)} %)`);
    t.diagnostic(`unknown-generator warnings: unseen family ${unknownRate.unseen}/${unseen}, taught families ${unknownRate.known}/${known}`);
    t.diagnostic(`AUROC of the open-set score, taught vs unseen family: ${typeof auroc === 'number' ? auroc.toFixed(3) : String(auroc)}`);
    assert.ok(accuracy >= 0.9, `accuracy ${accuracy}`);
    assert.ok(unknownRate.unseen / unseen > unknownRate.known / known, 'the unseen family is flagged more often');
    const page = await openOptions(browser);
    await page.locator('[data-testid="references"] img').first().waitFor();
    await screenshot(page, 'options-references.png', t);
    await page.close();
  });

  test('export, clear and import restore the same reference set and the same verdicts', async () => {
    const file: ReferenceExport = await call(browser.worker, 'references.export', {});
    assert.equal(file.examples.length, 30);
    assert.ok(file.head !== undefined);
    for (const label of ['real', 'Stripes', 'Blocks']) await call(browser.worker, 'references.deleteClass', { label });
    assert.equal((await call(browser.worker, 'references.state', {})).classes.length, 0);
    await call(browser.worker, 'cache.clear', {});

    const outcome = await call(browser.worker, 'references.import', { file: JSON.parse(JSON.stringify(file)) as unknown });
    assert.equal(outcome.applied, true);
    assert.ok(outcome.applied && outcome.training.trained);
    assert.equal((await call(browser.worker, 'references.state', {})).head, file.head.id, 'the same head, weight for weight');
    const again = await judgeAll();
    for (const [src, record] of verdicts) {
      const back = again.get(src)!;
      assert.equal(back.cached, false, 'judged afresh after the cache was cleared');
      assert.equal(back.verdict.kind, record.verdict.kind, src);
      for (const [k, p] of Object.entries(record.verdict.probabilities)) assert.ok(Math.abs((back.verdict.probabilities[k] ?? -1) - p) < 1e-5, `${src} ${k}`);
    }
  });

  test('importing over an existing set reports conflicts and writes nothing until the person chooses', async () => {
    const file = await call(browser.worker, 'references.export', {});
    // A colleague's file: the same images, one of them under another class, and a class name I have.
    const theirs = { ...file, examples: file.examples.map((e, i) => (i === 0 ? { ...e, label: 'Blocks' } : e)) };
    const first = await call(browser.worker, 'references.import', { file: theirs as unknown });
    assert.equal(first.applied, false);
    assert.ok(!first.applied && first.conflicts.classes.includes('Blocks') && first.conflicts.examples.length === 1);
    const before = await call(browser.worker, 'references.state', {});
    assert.deepEqual(before.classes.map((c) => c.count), [10, 10, 10], 'nothing written');
    const kept = await call(browser.worker, 'references.import', { file: theirs as unknown, resolution: { classes: 'merge', examples: 'keep' } });
    assert.ok(kept.applied && kept.relabelled === 0 && kept.added === 0);
    const foreign = { ...file, encoder: { ...file.encoder, sha256: 'f'.repeat(64) } };
    const refused = await call(browser.worker, 'references.import', { file: foreign as unknown, resolution: { classes: 'merge', examples: 'replace' } });
    assert.ok(!refused.applied && refused.conflicts.encoder !== undefined, 'features of other encoder weights are never imported');
  });
});
