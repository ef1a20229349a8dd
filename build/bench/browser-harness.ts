// What the browser sections share: the test build of the extension in Debian's Chromium (as the
// end-to-end tests launch it), its engine host (the offscreen document) reached through the DevTools
// protocol, and a server on 127.0.0.1 for what the browser must load (models, pictures, pages).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension, type ExtensionBrowser } from '../../test/e2e/support/browser';
import { evaluateInOffscreen } from '../../test/e2e/support/offscreen-eval';

/** The test build: it carries the benchmark's hooks (engine-host/test-bench.ts, background/test-hooks.ts). */
export const TEST_BUILD = 'dist/chrome-test';

const ISOLATION_KEYS = ['cross_origin_embedder_policy', 'cross_origin_opener_policy'] as const;

/** A copy of the build with the cross-origin isolation keys removed when it has them, added when not. */
export function toggledIsolation(dir: string): { dir: string; remove(): void } {
  const copy = mkdtempSync(join(tmpdir(), 'originlens-bench-build-'));
  cpSync(dir, copy, { recursive: true });
  const path = join(copy, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const isolated = ISOLATION_KEYS.every((k) => k in manifest);
  if (isolated) for (const k of ISOLATION_KEYS) delete manifest[k];
  else Object.assign(manifest, { cross_origin_embedder_policy: { value: 'require-corp' }, cross_origin_opener_policy: { value: 'same-origin' } });
  writeFileSync(path, JSON.stringify(manifest, null, 2));
  return { dir: copy, remove: () => rmSync(copy, { recursive: true, force: true }) };
}

export function checkTestBuild(dir = TEST_BUILD): void {
  if (!existsSync(`${dir}/manifest.json`)) throw new Error(`${dir} is missing: run \`npm run build:test\` first`);
}

export async function launch(dir = TEST_BUILD): Promise<ExtensionBrowser> {
  checkTestBuild(dir);
  return launchWithExtension(dir);
}

/** Opens the engine host as the background does when a job needs it (offscreen-link.ts). */
export async function engineHost(browser: ExtensionBrowser): Promise<void> {
  await browser.worker.evaluate(async () => {
    const url = chrome.runtime.getURL('offscreen.html');
    const open = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT], documentUrls: [url] });
    if (open.length === 0) await chrome.offscreen.createDocument({ url: 'offscreen.html', reasons: [chrome.offscreen.Reason.WORKERS], justification: 'benchmark' });
  });
  // The document's module script may still be starting: wait for its hooks.
  const deadline = Date.now() + 20_000;
  while (!(await evaluateInOffscreen(browser, `typeof globalThis.originlensBench === 'object'`).catch(() => false))) {
    if (Date.now() > deadline) throw new Error('the engine host did not expose its benchmark hooks (not a test build?)');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Calls originlensBench.<method>(...args) in the engine host; the arguments travel as JSON. */
export function inEngineHost<T>(browser: ExtensionBrowser, method: string, ...args: unknown[]): Promise<T> {
  const list = args.map((a) => JSON.stringify(a)).join(', ');
  return evaluateInOffscreen(browser, `originlensBench.${method}(${list})`) as Promise<T>;
}

export interface Served {
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves fixed bodies by path on 127.0.0.1 (a model is read from memory, not from disk on each request).
 * A request `hold` picks is never answered, until the server closes.
 */
export async function serve(files: Record<string, { body: Uint8Array | string; type: string }>, hold?: (req: IncomingMessage) => boolean): Promise<Served> {
  const server = createServer((req, res) => {
    if (hold?.(req)) return;
    const file = files[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.type, 'content-length': Buffer.byteLength(file.body) }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
