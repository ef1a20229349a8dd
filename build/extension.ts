// Bundles the extension with esbuild: dist/chrome (service worker + offscreen engine host), dist/firefox
// (one background page that is router and engine host), and the test builds dist/chrome-test and
// dist/firefox-test (the same plus the test encoder and head, and the test-only installer; Firefox's also
// the test bridge). The manifest at the repository root is Chrome's; the
// Firefox manifest is derived from it here.
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { parseModelEntry } from '../src/engine/models/registry';
import { ORT_MODULE_FILE, ORT_WASM_FILE } from '../src/extension/engine-host/ort-files';
import { buildPages } from './extension-pages';
import { makeTestHead } from './test-head';

export type Browser = 'chrome' | 'firefox';
export interface ExtensionBuild {
  browser: Browser;
  test: boolean;
  outdir: string;
}

const require = createRequire(import.meta.url);
const TEST_MODEL = 'models/test/clip-tiny.json';
export const FIREFOX_ID = 'originlens@originlens';

type Manifest = Record<string, unknown> & { name: string; permissions: string[] };

function manifestFor(base: Manifest, target: ExtensionBuild): Manifest {
  const manifest: Manifest = structuredClone(base);
  if (target.test) manifest.name = `${manifest.name} (test build)`;
  if (target.browser === 'firefox') {
    delete manifest.minimum_chrome_version;
    manifest.permissions = manifest.permissions.filter((p) => p !== 'offscreen');
    // Chrome's keys for cross-origin isolation of the extension's pages (WASM threads); Firefox has none.
    delete manifest.cross_origin_embedder_policy;
    delete manifest.cross_origin_opener_policy;
    // No offscreen documents in Firefox: the background page hosts the engine, and WebAssembly needs ESM.
    manifest.background = { scripts: ['background.js'], type: 'module' };
    // data_collection_permissions is required of new Firefox extensions (web-ext lint says so); Firefox
    // supports the key from 140 (142 on Android). Nothing is collected: images never leave the browser.
    manifest.browser_specific_settings = {
      gecko: { id: FIREFOX_ID, strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
      gecko_android: { strict_min_version: '142.0' },
    };
    if (target.test) {
      // WebDriver BiDi cannot reach extension contexts in Firefox, so the tests embed the test bridge in
      // their pages on 127.0.0.1 (src/extension/test-bridge/main.ts), and photograph the extension's pages
      // with tabs.captureTab, which Firefox allows only with <all_urls>.
      manifest.web_accessible_resources = [{ resources: ['test-bridge.html'], matches: ['http://127.0.0.1/*'] }];
      manifest.host_permissions = ['<all_urls>'];
    }
  }
  return manifest;
}

export async function buildExtension(target: ExtensionBuild): Promise<void> {
  const { outdir } = target;
  await rm(outdir, { recursive: true, force: true });
  await mkdir(join(outdir, 'ort'), { recursive: true });
  await mkdir(join(outdir, 'webp'), { recursive: true });
  await mkdir(join(outdir, 'jpeg'), { recursive: true });
  await mkdir(join(outdir, 'c2pa'), { recursive: true });
  const common = {
    bundle: true,
    platform: 'browser' as const,
    target: ['chrome116', 'firefox140'],
    sourcemap: 'linked' as const,
    define: { __ORIGINLENS_TEST_BUILD__: String(target.test) },
    logLevel: 'warning' as const,
    legalComments: 'none' as const,
    // Folds the build-time constants, so test-only code leaves no trace in other builds.
    minifySyntax: true,
  };
  if (target.browser === 'chrome') {
    await build({ ...common, entryPoints: { background: 'src/extension/background/main-chrome.ts' }, outdir, format: 'iife' });
    await build({ ...common, entryPoints: { 'engine-host': 'src/extension/engine-host/main.ts' }, outdir, format: 'esm' });
    await copyFile('src/extension/engine-host/offscreen.html', join(outdir, 'offscreen.html'));
  } else {
    await build({ ...common, entryPoints: { background: 'src/extension/background/main-firefox.ts' }, outdir, format: 'esm' });
    if (target.test) {
      await build({ ...common, entryPoints: { 'test-bridge': 'src/extension/test-bridge/main.ts' }, outdir, format: 'esm' });
      await copyFile('src/extension/test-bridge/test-bridge.html', join(outdir, 'test-bridge.html'));
    }
  }
  await buildPages(common, outdir);
  // The content script is a classic script in every browser: one self-contained file.
  await build({ ...common, entryPoints: { content: 'src/extension/content/main.ts' }, outdir, format: 'iife' });
  const ortFiles = target.browser === 'chrome' ? [ORT_WASM_FILE, ORT_MODULE_FILE] : [ORT_WASM_FILE];
  for (const file of ortFiles) await copyFile(require.resolve(`onnxruntime-web/${file}`), join(outdir, 'ort', file));
  await copyFile(require.resolve('@jsquash/webp/codec/dec/webp_dec.wasm'), join(outdir, 'webp', 'webp_dec.wasm'));
  await copyFile(require.resolve('@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm'), join(outdir, 'jpeg', 'mozjpeg_dec.wasm'));
  await copyFile(require.resolve('@contentauth/c2pa-wasm/c2pa.wasm'), join(outdir, 'c2pa', 'c2pa_bg.wasm'));
  const base = JSON.parse(await readFile('manifest.json', 'utf8')) as Manifest;
  await writeFile(join(outdir, 'manifest.json'), `${JSON.stringify(manifestFor(base, target), null, 2)}\n`);
  if (target.test) await copyTestModels(join(outdir, 'test-models'));
}

async function copyTestModels(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entry = parseModelEntry(JSON.parse(await readFile(TEST_MODEL, 'utf8')), TEST_MODEL);
  await copyFile(TEST_MODEL, join(dir, 'clip-tiny.json'));
  await copyFile(join('models/test', entry.file), join(dir, entry.file));
  await writeFile(join(dir, 'test-head.json'), `${JSON.stringify(makeTestHead(entry))}\n`);
  // The test-shaped ViT-L/14 the first-run test installs in place of the pinned one.
  for (const file of ['clip-tiny-l14.json', 'clip-tiny-l14.onnx']) await copyFile(join('models/test', file), join(dir, file));
}
