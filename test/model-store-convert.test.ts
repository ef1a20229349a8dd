// Registry entries that convert on install: the source checkpoint, pinned by SHA-256 alone (no size, as
// OpenAI publishes its checkpoints), is downloaded from a server on 127.0.0.1, converted, and stored with
// the encoder's own SHA-256 beside the source's; the encoder is then found by its id, bound to that source.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensurePython, PYTHON } from '../build/ensure-python';
import type { ConversionEntry, Registry } from '../src/engine/models/registry';
import { ModelStore } from '../src/node/model-store';

const dir = mkdtempSync(join(tmpdir(), 'originlens-conversion-'));
let server: Server;
let checkpoint: Uint8Array;
let url: string;
let requests = 0;

before(async () => {
  assert.ok(ensurePython(), 'Debian python3-torch is needed to make the reference checkpoint');
  const made = spawnSync(PYTHON, ['build/make-clip-references.py', join(dir, 'refs'), '--config', 'tiny', '--only', 'openai'], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  checkpoint = new Uint8Array(readFileSync(join(dir, 'refs', 'openai.pt')));
  // Like a CDN that sends no length: the hash alone must decide.
  server = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(checkpoint);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/clip/openai.pt`;
});
after(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function registry(sha256: string): Registry {
  const conversion: ConversionEntry = {
    id: 'tiny-openai-int8',
    name: 'Tiny reference CLIP, converted on install',
    file: 'tiny-openai-int8.onnx',
    licence: 'MIT',
    source: { url, sha256, file: 'openai.pt' },
    convert: { weights: 'int8', activation: 'quickgelu' },
  };
  return { version: 1, models: [], conversions: [conversion] };
}

test('install downloads the pinned source, converts it, and records both hashes; a second install does nothing', async () => {
  const sha = createHash('sha256').update(checkpoint).digest('hex');
  const store = new ModelStore({ home: join(dir, 'home'), registry: registry(sha), retryDelayMs: 1 });
  const messages: string[] = [];
  const installed = await store.install('tiny-openai-int8', { onConvert: (m) => messages.push(m) });
  assert.equal(installed.downloaded, true);
  assert.match(messages.join('\n'), /converting: width 128, 3 blocks, 224 px; quickgelu/);
  const entry = JSON.parse(readFileSync(installed.path.replace(/\.onnx$/, '.json'), 'utf8')) as { sha256: string; source: { sha256: string; vouchedFor: string }; name: string };
  assert.equal(entry.source.sha256, sha);
  assert.equal(entry.source.vouchedFor, "by OriginLens's registry, which pins its SHA-256 (conversion tiny-openai-int8)");
  assert.equal(entry.sha256, createHash('sha256').update(readFileSync(installed.path)).digest('hex'));
  assert.equal(entry.name, 'Tiny reference CLIP, converted on install');
  assert.ok(!existsSync(join(store.dir, 'sources', 'openai.pt')), 'the source is deleted once converted');
  const resolved = await store.resolveModel('tiny-openai-int8');
  assert.equal(resolved.entry.sha256, entry.sha256);
  assert.deepEqual(Object.keys(resolved.entry.features).slice(0, 3), ['embedding', 'pooled', 'block1']);
  const before = requests;
  assert.equal((await store.install('tiny-openai-int8')).downloaded, false);
  assert.equal(requests, before, 'nothing downloaded again');
  const listed = await store.listConversions();
  assert.equal(listed[0]?.state, 'installed');
  // The encoder is bound to its source: a registry that pins other source bytes does not take it.
  const other = new ModelStore({ home: join(dir, 'home'), registry: registry('0'.repeat(64)) });
  await assert.rejects(other.resolveModel('tiny-openai-int8'), /made from another source/);
});

test('a source whose bytes are not the pinned SHA-256 is refused and nothing is installed', async () => {
  const store = new ModelStore({ home: join(dir, 'home-bad'), registry: registry('f'.repeat(64)), retryDelayMs: 1 });
  await assert.rejects(store.install('tiny-openai-int8'), /not the pinned one .*expected SHA-256 f{64}/);
  assert.ok(!existsSync(join(store.dir, 'tiny-openai-int8.onnx')));
  await assert.rejects(store.resolveModel('tiny-openai-int8'), /is not installed: run `originlens models install tiny-openai-int8`/);
});
