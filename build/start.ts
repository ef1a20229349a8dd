// `npm start`: builds the test build of the extension, serves the demo feed on 127.0.0.1 and opens
// Debian's Chromium (a window: it needs a display) with the extension loaded on it. The test build
// installs the test encoder and head, so badges appear at once; every surface labels them as test models.
// `--headless` runs the same without a window and exits once the first verdict exists (a smoke check).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startDemoSite } from './demo-site';
import { CHROMIUM } from './ensure-chromium';
import { buildExtension } from './extension';

const OUT = 'dist/chrome-test';
const headless = process.argv.includes('--headless');
if (!headless && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  process.stderr.write('npm start opens a Chromium window, and there is no display here (DISPLAY is not set).\n' + 'Run it in a desktop session, or `npm start -- --headless` for a check without a window.\n');
  process.exit(1);
}

process.stdout.write(`Building the extension (test build) into ${OUT}\n`);
await buildExtension({ browser: 'chrome', test: true, outdir: OUT });
const site = await startDemoSite();
const profile = await mkdtemp(join(tmpdir(), 'originlens-start-'));
const extension = resolve(OUT);
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: false,
  viewport: null,
  args: [...(headless ? ['--headless=new'] : []), '--no-first-run', '--disable-background-networking', `--disable-extensions-except=${extension}`, `--load-extension=${extension}`],
});
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));

type Hooks = { originlensTest: { call(type: string, args: unknown): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> } };
const call = async (type: string, args: unknown): Promise<unknown> => {
  const reply = await worker.evaluate(([t, a]) => (globalThis as unknown as Hooks).originlensTest.call(t, a), [type, args] as const);
  if (!reply.ok) throw new Error(`${type}: ${reply.error?.message}`);
  return reply.value;
};
await call('test.installModels', {});
const settings = (await call('settings.get', {})) as { autoBadgeSites: string[] };
await call('settings.update', { autoBadgeSites: [...settings.autoBadgeSites, '127.0.0.1'] });

const page = context.pages()[0] ?? (await context.newPage());
await page.goto(site.url);
const extensionId = new URL(worker.url()).host;
process.stdout.write(
  `\nOriginLens is loaded (test build, test models) on the demo feed: ${site.url}\n` +
    `  popup:   the toolbar's puzzle piece → OriginLens (or chrome-extension://${extensionId}/popup.html)\n` +
    `  options: chrome-extension://${extensionId}/options.html\n` +
    `  right-click any image → "Attribute this image"\n` +
    `Close the browser window to stop.\n`,
);

const done = async () => {
  await site.close();
  await rm(profile, { recursive: true, force: true });
};
if (headless) {
  const url = `${site.url}img/smooth-100.png`;
  const record = (await call('image.attributeInTab', { url, tabId: -1, priority: 'click' })) as { verdict: { kind: string; reason?: string } };
  process.stdout.write(`check: ${url} → ${record.verdict.kind}${record.verdict.reason ? ` (${record.verdict.reason})` : ''}\n`);
  await context.close();
  await done();
  process.exit(record.verdict.kind === 'error' ? 1 : 0);
}
context.on('close', () => void done().then(() => process.exit(0)));
