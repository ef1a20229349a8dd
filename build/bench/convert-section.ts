// Converting a CLIP checkpoint of ViT-L/14's size (random weights, OpenCLIP's names, safetensors
// float32): time and peak memory of `originlens models convert`'s engine, each conversion in a process of
// its own. The baseline is reading every tensor of the same checkpoint (as float32), in the same rotation:
// what any converter must do at least.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestConfigName } from '../../src/engine/onnx/test-encoder';
import { figure, type Figure, type Section } from './report';
import { benchCheckpoint, LARGE_MODELS } from './random-checkpoint';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Run {
  seconds: number;
  maxRssBytes: number;
  bytes: number;
}

function child(script: string, args: string[]): Run {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'build/bench', script), ...args], { encoding: 'utf8', cwd: ROOT });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
}

export const convertSection: Section = {
  id: 'convert',
  title: 'Converting a checkpoint (random weights, OpenCLIP names, safetensors float32), one process each',
  async run(options) {
    const config: TestConfigName = options.quick ? 'tiny' : 'l14';
    const source = await benchCheckpoint(config, options.log);
    const rounds = options.quick ? 1 : 3;
    const variants = ['read', 'float32', 'int8'] as const;
    const runs: Record<string, Run[]> = { read: [], float32: [], int8: [] };
    for (let r = 0; r < rounds; r++) {
      for (const v of variants) {
        options.log(`convert ${config} ${v}, round ${r + 1} of ${rounds}`);
        runs[v]!.push(v === 'read' ? child('read-child.ts', [source]) : child('convert-child.ts', [source, join(LARGE_MODELS, `converted-${config}-${v}.onnx`), v]));
      }
    }
    const figures: Figure[] = [];
    const baseline = `convert/${config}/read-tensors`;
    figures.push(figure(baseline, runs.read!.map((x) => x.seconds * 1000), 'ms'));
    for (const v of ['float32', 'int8'] as const) {
      const out = runs[v]![0]!.bytes;
      figures.push({ ...figure(`convert/${config}/${v}`, runs[v]!.map((x) => x.seconds * 1000), 'ms'), baseline });
      figures.push({
        ...figure(`convert/${config}/${v}/peak-rss`, runs[v]!.map((x) => x.maxRssBytes / 2 ** 20), 'MiB'),
        note: `output ${(out / 2 ** 20).toFixed(0)} MiB: peak ${(runs[v]![0]!.maxRssBytes / out).toFixed(2)}× the output file`,
      });
    }
    figures.push(figure(`convert/${config}/read-tensors/peak-rss`, runs.read!.map((x) => x.maxRssBytes / 2 ** 20), 'MiB'));
    return figures;
  },
};
