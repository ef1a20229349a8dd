// Assertions shared by the metrics tests (a file of its own: importing a *.test.ts would run its tests twice).
import assert from 'node:assert/strict';
import { isApplicable, type Figure } from '../metrics';

export function assertClose(actual: Figure, expected: number, what = 'value'): void {
  assert.ok(isApplicable(actual), `${what}: expected ${expected}, got not applicable (${JSON.stringify(actual)})`);
  assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: expected ${expected}, got ${actual}`);
}

export function assertNotApplicable(actual: Figure, reason: RegExp): void {
  assert.ok(!isApplicable(actual), `expected not applicable, got ${String(actual)}`);
  assert.match(actual.notApplicable, reason);
}

/** A small deterministic generator (mulberry32), so that the property checks are reproducible. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
