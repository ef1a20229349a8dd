// Times the test encoders per image (batch 1) in onnxruntime-node and in onnxruntime-web's WASM backend
// under Node. Not a test: numbers for the performance work. Missing full-size models are generated.
//
//   npx tsx build/measure-encoders.ts [tiny|b32|b16|l14 ...] [--runtimes node,wasm] [--runs 20] [--warmup 3]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEncoder } from '../src/engine/encoder';
import type { ModelEntry } from '../src/engine/types';
import { loadRuntime, type RuntimeKind } from '../src/node/ort-runtimes';
import { VIT_CONFIGS, type VitConfigName } from './onnx-clip-vit';
import { Random } from './onnx-random';
import { defaultDir, writeTestEncoder } from './make-test-encoder';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

function modelFor(name: VitConfigName): { bytes: Uint8Array; entry: ModelEntry } {
  const dir = defaultDir(name);
  const jsonPath = join(dir, `clip-${name}.json`);
  if (!existsSync(jsonPath)) {
    console.error(`generating clip-${name} in ${dir} ...`);
    writeTestEncoder(name);
  }
  const entry = JSON.parse(readFileSync(jsonPath, 'utf8')) as ModelEntry;
  return { bytes: new Uint8Array(readFileSync(join(dir, entry.file))), entry };
}

async function measure(kind: RuntimeKind, name: VitConfigName, runs: number, warmup: number): Promise<string> {
  const { ort, runtime, executionProviders } = await loadRuntime(kind);
  const { bytes, entry } = modelFor(name);
  const rng = new Random(7);
  const image = Float32Array.from({ length: 3 * entry.input.size ** 2 }, () => rng.uniform() * 3.9 - 1.8);
  const loadStart = performance.now();
  const encoder = await createEncoder(ort, bytes, entry, { runtime, executionProviders });
  const loadMs = performance.now() - loadStart;
  for (let i = 0; i < warmup; i++) await encoder.encode([image]);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await encoder.encode([image]);
    times.push(performance.now() - start);
  }
  await encoder.release();
  const [min, max] = [Math.min(...times), Math.max(...times)];
  return `| ${name} | ${runtime} | ${median(times).toFixed(1)} | ${min.toFixed(1)} | ${max.toFixed(1)} | ${loadMs.toFixed(0)} |`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      runtimes: { type: 'string', default: 'node,wasm' },
      runs: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '3' },
    },
  });
  const names = positionals.length > 0 ? positionals : ['tiny', 'b32'];
  const kinds = values.runtimes.split(',');
  const runs = Number(values.runs);
  const warmup = Number(values.warmup);
  console.log(`${runs} runs after ${warmup} warm-up, batch 1, times in ms per image`);
  console.log('| model | runtime | median | min | max | session load |');
  console.log('|---|---|---|---|---|---|');
  for (const name of names) {
    if (!Object.hasOwn(VIT_CONFIGS, name)) throw new Error(`unknown configuration ${name}`);
    for (const kind of kinds) {
      if (kind !== 'node' && kind !== 'wasm') throw new Error(`unknown runtime ${kind}: node or wasm`);
      console.log(await measure(kind, name as VitConfigName, runs, warmup));
    }
  }
}

await main();
