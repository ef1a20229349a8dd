// The encoder and head the engine host has loaded, from the extension's database, on the backend the
// settings choose. One encoder session at a time, for attribution and enrolment alike, loaded behind one
// promise so that concurrent jobs share the load; a failed load is forgotten, so the next job tries again.
import { createEncoder, type Encoder, type OrtModule } from '../../engine/encoder';
import { headMisfit } from '../../engine/head/fits-encoder';
import { parseAnyHeadPack, type AnyHead } from '../../engine/head/head-pack';
import { headSetIds, headSetKey } from '../shared/head-set';
import type { ModelEntry } from '../../engine/types';
import { db } from '../shared/db';
import type { Backend, BackendChoice, EngineStatus } from '../shared/protocol';
import { BackendUnavailable, pickBackend, probeWebgpu, wasmReason, type WebgpuProbe } from './backend';

export interface LoadedEngine {
  encoder: Encoder;
  /** The heads of the job's head set, in order. */
  heads: AnyHead[];
  backend: Backend;
  probe: WebgpuProbe;
}

export class EngineFault extends Error {
  override name = 'EngineFault';
}

let ort: OrtModule | undefined;
let opened: { key: string; loaded: Promise<LoadedEncoder> } | undefined;
let current: { key: string; encoder: Promise<LoadedEncoder>; engine: Promise<LoadedEngine> } | undefined;
let last: LoadedEngine | undefined;
let probe: Promise<WebgpuProbe> | undefined;
let runs = 0;
let batches = 0;

export function setOrt(module: OrtModule): void {
  ort = module;
}

/** onnxruntime for code that loads an encoder without a head (enrolling into a reference set). */
export function ortModule(): OrtModule {
  if (!ort) throw new EngineFault('the engine host has no onnxruntime');
  return ort;
}

/**
 * An encoder session on one backend, as every encoder of the engine host is opened (the attribution
 * engine, enrolment, and the benchmark's test hook in test builds).
 */
export function openEncoder(bytes: Uint8Array, entry: ModelEntry, backend: Backend): Promise<Encoder> {
  return createEncoder(ortModule(), bytes, entry, { runtime: `onnxruntime-web/${backend}`, executionProviders: [backend] });
}

/** Counts one run of the encoder, over `images` images. */
export function countRun(images: number): void {
  runs += images;
  batches++;
}

export function webgpuProbe(): Promise<WebgpuProbe> {
  probe ??= probeWebgpu();
  return probe;
}

interface LoadedEncoder {
  encoder: Encoder;
  backend: Backend;
  probe: WebgpuProbe;
}

/** An installed encoder opened on the backend the choice gives ("auto": WebGPU, else WASM). */
async function openInstalled(encoderId: string, choice: BackendChoice): Promise<LoadedEncoder> {
  if (!ort) throw new EngineFault('the engine host has no onnxruntime');
  const model = await db().models.get(encoderId);
  if (!model) throw new EngineFault(`encoder ${encoderId} is not installed`);
  // Test encoders have random weights: their verdicts must never reach a person.
  if (model.entry.test && !__ORIGINLENS_TEST_BUILD__) throw new EngineFault(`${model.entry.id} is a test encoder, which only test builds may use`);
  const found = await webgpuProbe();
  const backend = pickBackend(choice, found);
  // Read whole here only: onnxruntime takes the model as one buffer.
  const bytes = new Uint8Array(await model.bytes.arrayBuffer());
  const open = (b: Backend) => openEncoder(bytes, model.entry, b);
  try {
    return { encoder: await open(backend), backend, probe: found };
  } catch (error) {
    if (backend !== 'webgpu' || choice === 'webgpu') throw error;
    // "auto": an adapter that cannot run the model is reported, and WASM takes over.
    const why = `WebGPU could not run the encoder (${error instanceof Error ? error.message : String(error)})`;
    return { encoder: await open('wasm'), backend: 'wasm', probe: { ...found, unavailable: why } };
  }
}

/**
 * The engine host's one encoder session, shared by attribution and enrolment: opened once per (encoder,
 * backend choice) behind one promise, the previous session released when another is asked for, a failed
 * open forgotten so that the next request tries again.
 */
function encoderSlot(encoderId: string, choice: BackendChoice): Promise<LoadedEncoder> {
  const key = `${encoderId}\u0000${choice}`;
  if (opened?.key !== key) {
    const previous = opened;
    const loaded = openInstalled(encoderId, choice);
    opened = { key, loaded };
    loaded.catch(() => {
      if (opened?.loaded === loaded) opened = undefined;
    });
    previous?.loaded.then((e) => e.encoder.release()).catch(() => undefined);
  }
  return opened.loaded;
}

function fault(error: unknown): unknown {
  return error instanceof BackendUnavailable ? new EngineFault(error.message) : error;
}

/** The encoder alone, for what needs no head (enrolling into a reference set). */
export async function encoderFor(encoderId: string, choice: BackendChoice): Promise<Encoder> {
  try {
    return (await encoderSlot(encoderId, choice)).encoder;
  } catch (error) {
    throw fault(error);
  }
}

async function withHeads(encoder: Promise<LoadedEncoder>, headSet: string): Promise<LoadedEngine> {
  const heads = await Promise.all(
    headSetIds(headSet).map(async (headId) => {
      const headRow = await db().heads.get(headId);
      if (!headRow) throw new EngineFault(`head ${headId} is not installed`);
      return parseAnyHeadPack(headRow.pack, `head ${headId}`);
    }),
  );
  const loaded = await encoder;
  for (const head of heads) {
    const misfit = headMisfit(head.pack, loaded.encoder.entry);
    if (misfit) throw new EngineFault(misfit.message);
  }
  return { ...loaded, heads };
}

/**
 * The encoder and head for a job: one object per (encoder, head, backend choice), so that the batcher
 * groups the jobs that share it, rebuilt when the encoder session under it changed.
 */
export async function engineFor(encoderId: string, headId: string, choice: BackendChoice): Promise<LoadedEngine> {
  const key = `${encoderId}\u0000${headId}\u0000${choice}`;
  const encoder = encoderSlot(encoderId, choice);
  if (current?.key !== key || current.encoder !== encoder) current = { key, encoder, engine: withHeads(encoder, headId) };
  const mine = current;
  try {
    last = await mine.engine;
    return last;
  } catch (error) {
    if (current === mine) current = undefined;
    throw fault(error);
  }
}

export async function resetEngine(): Promise<void> {
  const previous = opened;
  opened = undefined;
  current = undefined;
  last = undefined;
  await previous?.loaded.then((e) => e.encoder.release()).catch(() => undefined);
}

export async function engineStatus(): Promise<EngineStatus> {
  const found = last?.probe ?? (await webgpuProbe());
  const status: EngineStatus = { runs, batches };
  if (last) {
    status.backend = last.backend;
    status.encoder = last.encoder.entry.id;
    status.head = headSetKey(last.heads.map((h) => h.pack.id));
  }
  if (found.adapter !== undefined) status.adapter = found.adapter;
  const why = found.unavailable ?? (last?.backend === 'webgpu' ? undefined : wasmReason(found));
  if (why !== undefined) status.webgpuUnavailable = why;
  return status;
}
