// Opening what a command needs to judge images: the encoder (resolved, hash-checked, on a runtime) and the
// head pack (validated, and bound to that very encoder). Every refusal says what to do instead.
import { readFile } from 'node:fs/promises';
import { CliError } from './cli-error';
import { createEncoder, type Encoder } from '../engine/encoder';
import { headMisfit } from '../engine/head/fits-encoder';
import { HeadPackError, parseHeadPack, type Head } from '../engine/head/head-pack';
import type { ModelEntry } from '../engine/types';
import { DecodePool } from './decode-pool';
import { resolveModel } from './model-store';
import { loadRuntime, type RuntimeKind } from './ort-runtimes';

/**
 * onnxruntime-node's idle threads sleep instead of spinning: the decoding workers (decode-pool.ts) need the
 * cores that spinning would burn between operators (measured on 2 cores: about 10% more end-to-end
 * throughput with the int8 encoder, the same with float32).
 */
export const CLI_SESSION_OPTIONS = {
  extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
} as const;

/**
 * The encoder, and a decoding pool whose workers started loading their code while the encoder loaded (a
 * worker takes a moment to start, which would otherwise hold up the first batch). The caller closes the
 * pool; if the encoder cannot be opened, it is closed here.
 */
export async function openEncoderAndDecoders(model: string | undefined, runtime: RuntimeKind = 'node'): Promise<{ encoder: Encoder; pool: DecodePool }> {
  const pool = new DecodePool();
  pool.start();
  try {
    return { encoder: await openEncoder(model, runtime), pool };
  } catch (err) {
    await pool.close();
    throw err;
  }
}

export async function openEncoder(model: string | undefined, runtime: RuntimeKind = 'node'): Promise<Encoder> {
  const { entry, path } = await resolveModel(model, { allowTest: true });
  if (entry.test) {
    process.stderr.write(
      `originlens: warning: ${entry.id} is a test encoder with random weights, made to test the software; its verdicts say nothing about real images\n`,
    );
  }
  const loaded = await loadRuntime(runtime);
  const bytes = new Uint8Array(await readFile(path));
  return createEncoder(loaded.ort, bytes, entry, { runtime: loaded.runtime, executionProviders: loaded.executionProviders, ...(runtime === 'node' ? { sessionOptions: CLI_SESSION_OPTIONS } : {}) });
}

export async function openHead(path: string | undefined, encoder: ModelEntry): Promise<Head> {
  if (!path) {
    throw new CliError('no head pack given: pass --head HEAD.json (make one from labelled images with `originlens train --data DIR --out HEAD.json`)');
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read head pack ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message}`);
  }
  let head: Head;
  try {
    head = parseHeadPack(JSON.parse(text), path);
  } catch (err) {
    if (err instanceof SyntaxError) throw new CliError(`${path} is not valid JSON (${err.message}); is it a head pack?`);
    if (err instanceof HeadPackError) throw new CliError(err.message);
    throw err;
  }
  const misfit = headMisfit(head.pack, encoder);
  if (misfit?.kind === 'other-weights') {
    const bound = head.pack.encoder.id;
    throw new CliError(`${misfit.message}. Pass --model ${bound}, or train a head for ${encoder.id} with \`originlens train --model ${encoder.id}\`.`);
  }
  if (misfit) throw new CliError(misfit.message);
  return head;
}
