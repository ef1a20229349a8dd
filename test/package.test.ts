// The store packages (build/package.ts) from the builds in dist/: the same bytes every time, wherever the
// machine's clock zone is; every file of the build but source maps; the manifests the stores read; and
// nothing that loads code from elsewhere.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { packageExtension, PACKAGED } from '../build/package';

type Manifest = Record<string, unknown> & { permissions: string[]; host_permissions: string[]; content_security_policy: { extension_pages: string } };

const builtFiles = (dir: string) =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.map'))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();

async function inZone<T>(zone: string, run: () => Promise<T>): Promise<T> {
  const was = process.env.TZ;
  process.env.TZ = zone;
  try {
    return await run();
  } finally {
    if (was === undefined) delete process.env.TZ;
    else process.env.TZ = was;
  }
}

for (const browser of PACKAGED) {
  const dir = join('dist', browser);

  test(`${browser}: the package is reproducible, in any clock zone`, async () => {
    const first = await inZone('UTC', () => packageExtension(dir));
    const second = await inZone('Pacific/Kiritimati', () => packageExtension(dir));
    assert.ok(first.byteLength > 1_000_000);
    assert.deepEqual(Buffer.from(second), Buffer.from(first));
  });

  test(`${browser}: the package holds the build without source maps, test parts or remote code`, async () => {
    const entries = unzipSync(await packageExtension(dir));
    const names = Object.keys(entries).sort();
    assert.deepEqual(names, builtFiles(dir));
    assert.ok(!names.some((n) => n.endsWith('.map') || n.startsWith('test-models/') || n.startsWith('test-bridge')), names.join(' '));
    const manifest = JSON.parse(strFromU8(entries['manifest.json']!)) as Manifest;
    assert.equal(manifest.manifest_version, 3);
    assert.equal(manifest.name, 'OriginLens');
    assert.deepEqual(manifest.host_permissions, ['http://*/*', 'https://*/*']);
    // Only the extension's own scripts, and WebAssembly compiled from its own files.
    assert.equal(manifest.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
    for (const name of names.filter((n) => n.endsWith('.html'))) {
      assert.doesNotMatch(strFromU8(entries[name]!), /<script[^>]+src="(https?:)?\/\//, `${name} loads a remote script`);
    }
    for (const [name, file] of [['onnxruntime-web', 'ort/ort-wasm-simd-threaded.jsep.wasm'], ['libwebp', 'webp/webp_dec.wasm'], ['libjpeg-turbo', 'jpeg/mozjpeg_dec.wasm']]) {
      assert.ok(names.includes(file!), `${name}'s WebAssembly ships inside`);
    }
    if (browser === 'firefox') {
      assert.deepEqual(manifest.browser_specific_settings, {
        gecko: { id: 'originlens@originlens', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
        gecko_android: { strict_min_version: '142.0' },
      });
      assert.deepEqual([...manifest.permissions].sort(), ['contextMenus', 'storage', 'unlimitedStorage']);
    } else {
      assert.deepEqual([...manifest.permissions].sort(), ['contextMenus', 'offscreen', 'storage', 'unlimitedStorage']);
    }
  });
}
