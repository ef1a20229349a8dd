// Opening what a command needs to judge images: the encoder (resolved, hash-checked, on a runtime) and the
// decoding workers. Every refusal says what to do instead.
import { readFile } from 'node:fs/promises';
import { createEncoder, type Encoder } from '../engine/encoder';
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
