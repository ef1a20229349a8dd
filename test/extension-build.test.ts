// The built extensions, checked as files: what the manifests allow, that the runtime's WebAssembly ships
// inside, and that the test-only path exists in the test build alone.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';

const read = (path: string) => readFileSync(path, 'utf8');
const manifest = (dir: string) => JSON.parse(read(join(dir, 'manifest.json'))) as Record<string, unknown> & { permissions: string[]; host_permissions: string[] };
const scripts = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => read(join(dir, f))).join('\n');
// Then the switch of the simulated full store, the GPU-loss hook and the benchmark's hooks
// (engine-host/test-*.ts), and the test encoder's download address (options/encoder-files.ts).
const TEST_ONLY = ['test.installModels', 'test.hook', 'test-models/', 'originlensTest', 'originlens.test.failWrites', 'originlensGpuTest', 'originlensBench', 'originlens.test.encoderUrl'];

test('Chrome: narrow permissions, WebAssembly allowed and nothing remote', () => {
  const m = manifest('dist/chrome');
  assert.equal(m.manifest_version, 3);
  assert.deepEqual([...m.permissions].sort(), ['contextMenus', 'offscreen', 'storage', 'unlimitedStorage']);
  assert.deepEqual(m.host_permissions, ['http://*/*', 'https://*/*']);
  assert.deepEqual(m.content_security_policy, { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'" });
  assert.deepEqual(m.background, { service_worker: 'background.js' });
  // Cross-origin isolation of the extension's pages, for WASM threads in the engine host.
  assert.deepEqual(m.cross_origin_embedder_policy, { value: 'require-corp' });
  assert.deepEqual(m.cross_origin_opener_policy, { value: 'same-origin' });
  for (const file of ['background.js', 'content.js', 'engine-host.js', 'offscreen.html', 'ort/ort-wasm-simd-threaded.jsep.wasm', 'ort/ort-wasm-simd-threaded.jsep.mjs', 'webp/webp_dec.wasm', 'jpeg/mozjpeg_dec.wasm', 'c2pa/c2pa_bg.wasm']) {
    assert.ok(existsSync(join('dist/chrome', file)), file);
  }
});

test('the Content Credentials reader ships inside both builds, and only the engine host carries it', () => {
  const wasm = readFileSync(createRequire(import.meta.url).resolve('@contentauth/c2pa-wasm/c2pa.wasm'));
  for (const dir of ['dist/chrome', 'dist/firefox']) assert.ok(readFileSync(join(dir, 'c2pa/c2pa_bg.wasm')).equals(wasm), `${dir}: the package's own .wasm`);
  // The content script and Chrome's service worker only word provenance; the reader's glue stays out of them.
  for (const file of ['dist/chrome/content.js', 'dist/chrome/background.js']) assert.ok(!read(file).includes('wasmreader_fromBytes'), file);
  assert.ok(read('dist/chrome/engine-host.js').includes('wasmreader_fromBytes'));
  assert.ok(read('dist/firefox/background.js').includes('wasmreader_fromBytes'), "Firefox's background page is its engine host");
});

test('Firefox: a background page instead of the service worker and offscreen document', () => {
  const m = manifest('dist/firefox');
  assert.deepEqual(m.background, { scripts: ['background.js'], type: 'module' });
  assert.ok(!m.permissions.includes('offscreen'));
  assert.ok(!('cross_origin_embedder_policy' in m) && !('cross_origin_opener_policy' in m), 'Chrome-only keys in the Firefox manifest');
  assert.ok(existsSync('dist/firefox/ort/ort-wasm-simd-threaded.jsep.wasm'));
  // No threads without cross-origin isolation: the runtime's module stays bundled.
  assert.ok(!existsSync('dist/firefox/ort/ort-wasm-simd-threaded.jsep.mjs'));
  assert.ok(!existsSync('dist/firefox/offscreen.html'));
});

test('only the test build carries the test-only installer and the test models', () => {
  for (const dir of ['dist/chrome', 'dist/firefox']) {
    const code = scripts(dir);
    for (const marker of TEST_ONLY) assert.ok(!code.includes(marker), `${dir} contains ${marker}`);
    assert.ok(!existsSync(join(dir, 'test-models')), `${dir} ships test models`);
    // The refusal of test encoders outside test builds is compiled in.
    assert.ok(code.includes('only test builds may use'), `${dir} lacks the test-encoder refusal`);
  }
  for (const dir of ['dist/chrome-test', 'dist/firefox-test']) {
    const testCode = scripts(dir);
    for (const marker of TEST_ONLY) assert.ok(testCode.includes(marker), `${dir} lacks ${marker}`);
    assert.ok(existsSync(join(dir, 'test-models/clip-tiny.onnx')));
  }
  // Only Firefox's test build lets a page of its own be embedded (on 127.0.0.1): the test bridge.
  for (const dir of ['dist/firefox', 'dist/chrome', 'dist/chrome-test']) {
    assert.ok(!('web_accessible_resources' in manifest(dir)), `${dir} exposes pages to the web`);
    assert.ok(!existsSync(join(dir, 'test-bridge.html')), `${dir} ships the test bridge`);
  }
  assert.deepEqual(manifest('dist/firefox-test').web_accessible_resources, [{ resources: ['test-bridge.html'], matches: ['http://127.0.0.1/*'] }]);
});
