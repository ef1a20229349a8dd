// Timing helpers. Other processes share this machine, so competing variants are timed in rotation, one
// run of each per round, rather than one after the other: a burst of load then slows every variant alike
// and their ratio holds.

export type Timed = () => Promise<void> | void;

/** Times `fn` once, in milliseconds. */
export async function timeOnce(fn: Timed): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * Runs every function `warmup` times (not counted: JIT, first-run allocations, thread start-up), then
 * `rounds` rounds of one run each, in rotation. Returns the times of each function, in its order.
 */
export async function rotate(fns: readonly Timed[], rounds: number, warmup = 1): Promise<number[][]> {
  for (let w = 0; w < warmup; w++) for (const fn of fns) await fn();
  const times = fns.map((): number[] => []);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < fns.length; i++) times[i]!.push(await timeOnce(fns[i]!));
  }
  return times;
}
