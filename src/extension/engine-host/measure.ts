// How long one image takes on this machine with an installed encoder: the welcome page's "measured" figure.
// A made image (a gradient: no page image is needed, none leaves anything behind) is encoded once to warm
// the session up, then timed over a few runs; the median is the figure.
import type { Encoder } from '../../engine/encoder';
import { preprocess } from '../../engine/preprocess';
import type { RgbImage } from '../../engine/types';
import type { Backend, BackendChoice } from '../shared/settings';
import { countRun, encoderFor, engineStatus } from './engine';
import { oneAtATime } from './one-at-a-time';

function gradient(size: number): RgbImage {
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) data.set([x & 255, y & 255, (x + y) & 255], (y * size + x) * 3);
  }
  return { width: size, height: size, data };
}

/** The median time in ms of `runs` runs of `encoder` on one made image, after `warmups` runs that warm it up. */
export async function timeEncoder(encoder: Encoder, runs = 3, warmups = 1): Promise<number> {
  const input = preprocess(gradient(encoder.entry.input.size), encoder.entry.input);
  for (let i = 0; i < warmups; i++) await encoder.encode([input]);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await encoder.encode([input]);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

export function measure(encoderId: string, backend: BackendChoice, runs = 3): Promise<{ ms: number; backend: Backend }> {
  return oneAtATime(() => measureNow(encoderId, backend, runs));
}

async function measureNow(encoderId: string, backend: BackendChoice, runs: number): Promise<{ ms: number; backend: Backend }> {
  const ms = await timeEncoder(await encoderFor(encoderId, backend), runs);
  countRun(runs + 1);
  const status = await engineStatus();
  return { ms, backend: status.backend ?? 'wasm' };
}
