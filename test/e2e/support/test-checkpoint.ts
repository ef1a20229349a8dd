// A checkpoint for the conversion tests: random weights of `shape` in OpenCLIP's names (safetensors),
// what the command line's `models convert` makes of it (int8, QuickGELU, as the tests' stand-ins are
// pinned), and a server on 127.0.0.1 that serves it at /clip/FILE the ways a download breaks.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeRandomCheckpoint } from '../../../build/bench/random-checkpoint';
import type { ClipVisionArchitecture } from '../../../src/engine/onnx/clip-vision-graph';
import { convertCheckpointFile, type ConvertedFile } from '../../../src/node/convert-checkpoint';
import { startModelServer, type ModelServer } from './model-server';

export interface ServedCheckpoint {
  bytes: Buffer;
  sha256: string;
  /** The command line's conversion of the same file: the bytes the extension must make. */
  cli: ConvertedFile;
  server: ModelServer;
}

export async function serveTestCheckpoint(dir: string, file: string, shape: ClipVisionArchitecture, seed: number): Promise<ServedCheckpoint> {
  const source = join(dir, file);
  await writeRandomCheckpoint(source, shape, seed);
  const bytes = readFileSync(source);
  const cli = await convertCheckpointFile(source, { out: join(dir, 'cli.onnx'), weights: 'int8', activation: 'quickgelu' });
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), cli, server: await startModelServer(bytes, `/clip/${file}`) };
}
