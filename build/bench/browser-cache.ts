// Cache look-ups in the extension's real IndexedDB (Dexie, the service worker's origin) holding many
// verdicts: a hit by URL (db.ts verdictForUrl, as the background answers an image it attributed within
// the day) and by content hash (verdictFor, as the engine host answers bytes it hashed). The rows are
// written with bulkPut in the extension's origin, then each look-up is timed on its own, in the worker,
// through the test build's hooks (background/test-hooks.ts): the very functions the extension calls.
import type { Worker } from 'playwright-core';
import { quantile, type Figure } from './report';

export interface CacheTimes {
  fillMs: number;
  byUrl: number[];
  byHash: number[];
}

/**
 * Runs in the service worker. A string, not a function: tsx compiles this file with esbuild's keepNames,
 * whose __name helper would not exist in the worker.
 */
const FILL_AND_TIME = `async (count, samples) => {
  const hooks = globalThis.originlensTest;
  const d = hooks.db();
  const encoder = 'clip-vit-b32';
  const head = 'bench-head';
  const hashOf = (i) => i.toString(16).padStart(64, '0');
  const urlOf = (i) => 'https://images.example/photos/' + i + '/picture.jpg?size=large';
  const now = Date.now();
  const fillStart = performance.now();
  const CHUNK = 10000;
  for (let from = 0; from < count; from += CHUNK) {
    const ids = Array.from({ length: Math.min(CHUNK, count - from) }, (_, k) => from + k);
    // A verdict as the engine host stores one: a head of a few classes, its scores and timing.
    const verdicts = ids.map((i) => ({
      hash: hashOf(i), encoder, head,
      verdict: { kind: 'real', probabilities: { real: 0.91, 'stable-diffusion': 0.05, midjourney: 0.03, dalle: 0.01 }, llr: -2.3, openSetScore: 0.8, encoder, head, ms: 120 },
      runtime: 'onnxruntime-web/wasm', createdAt: now - i, usedAt: now - i,
    }));
    const urls = ids.map((i) => ({ url: urlOf(i), hash: hashOf(i), fetchedAt: now, usedAt: now - i }));
    await d.transaction('rw', d.verdicts, d.urls, async () => {
      await d.verdicts.bulkPut(verdicts);
      await d.urls.bulkPut(urls);
    });
  }
  const fillMs = performance.now() - fillStart;
  // Spread over the whole key range, the same sequence every run.
  let state = 12345;
  const pick = () => { state = (state * 1103515245 + 12345) >>> 0; return state % count; };
  const byUrl = [];
  const byHash = [];
  for (let s = 0; s < samples; s++) {
    const a = pick();
    let t0 = performance.now();
    const viaUrl = await hooks.verdictForUrl(urlOf(a), encoder, head);
    byUrl.push(performance.now() - t0);
    const b = pick();
    t0 = performance.now();
    const viaHash = await hooks.verdictFor(hashOf(b), encoder, head);
    byHash.push(performance.now() - t0);
    if (viaUrl?.hash !== hashOf(a) || viaHash?.hash !== hashOf(b)) throw new Error('cache look-up ' + s + ' missed a stored verdict');
  }
  return { fillMs, byUrl, byHash };
}`;

/** Fills the cache with `stored` verdicts (and their URL links), then times `lookups` hits of each kind. */
export function timeCache(worker: Worker, stored: number, lookups: number): Promise<CacheTimes> {
  return worker.evaluate(`(${FILL_AND_TIME})(${stored}, ${lookups})`) as Promise<CacheTimes>;
}

export function cacheFigures(times: CacheTimes, stored: number): Figure[] {
  const note = `${stored.toLocaleString('en')} verdicts stored`;
  const pct = (name: string, samples: number[], q: number, target?: string): Figure => ({
    name,
    median: quantile(samples, q),
    unit: 'ms',
    runs: samples.length,
    note: target === undefined ? note : `${note}; target ${target}`,
  });
  return [
    pct('browser/cache/by-url/p50', times.byUrl, 0.5, '≤ 2 ms'),
    pct('browser/cache/by-url/p99', times.byUrl, 0.99),
    pct('browser/cache/by-hash/p50', times.byHash, 0.5, '≤ 2 ms'),
    pct('browser/cache/by-hash/p99', times.byHash, 0.99),
    { name: 'browser/cache/fill', median: times.fillMs, unit: 'ms', runs: 1, note: `${note} with bulkPut, verdicts and URL links` },
  ];
}
