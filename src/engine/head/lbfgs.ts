// Limited-memory BFGS for smooth convex objectives, the solver scikit-learn uses by default for the
// logistic regression the open-set attribution paper fits. Small on purpose: two-loop recursion and a
// backtracking line search with the Armijo condition, which is enough for a strictly convex objective.

/** Writes the gradient at `x` into `grad` and returns the objective's value. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  maxIterations?: number;
  /** Stop when the largest gradient component is below this (scikit-learn's `tol` on the projected gradient). */
  gradientTolerance?: number;
  /** How many correction pairs to remember. */
  memory?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

export function minimize(objective: Objective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const { maxIterations = 500, gradientTolerance = 1e-5, memory = 10 } = options;
  const n = x0.length;
  const x = Float64Array.from(x0);
  const grad = new Float64Array(n);
  let value = objective(x, grad);
  const sHistory: Float64Array[] = [];
  const yHistory: Float64Array[] = [];
  const rhoHistory: number[] = [];
  const direction = new Float64Array(n);
  const alpha = new Float64Array(memory);
  const xNext = new Float64Array(n);
  const gradNext = new Float64Array(n);

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (maxAbs(grad) < gradientTolerance) return { x, value, iterations: iteration, converged: true };

    // Two-loop recursion: direction = -H * grad with H the implicit inverse-Hessian estimate.
    for (let i = 0; i < n; i++) direction[i] = -grad[i]!;
    for (let j = sHistory.length - 1; j >= 0; j--) {
      const a = rhoHistory[j]! * dot(sHistory[j]!, direction);
      alpha[j] = a;
      const y = yHistory[j]!;
      for (let i = 0; i < n; i++) direction[i] = direction[i]! - a * y[i]!;
    }
    if (sHistory.length > 0) {
      const last = sHistory.length - 1;
      const gamma = dot(sHistory[last]!, yHistory[last]!) / dot(yHistory[last]!, yHistory[last]!);
      for (let i = 0; i < n; i++) direction[i] = direction[i]! * gamma;
    }
    for (let j = 0; j < sHistory.length; j++) {
      const b = rhoHistory[j]! * dot(yHistory[j]!, direction);
      const s = sHistory[j]!;
      const a = alpha[j]!;
      for (let i = 0; i < n; i++) direction[i] = direction[i]! + (a - b) * s[i]!;
    }

    let slope = dot(direction, grad);
    if (slope >= 0) {
      // Not a descent direction (can follow round-off): fall back to steepest descent and forget the history.
      for (let i = 0; i < n; i++) direction[i] = -grad[i]!;
      slope = -dot(grad, grad);
      sHistory.length = yHistory.length = rhoHistory.length = 0;
    }

    // The first step of a fresh history is scaled so it does not overshoot wildly.
    let step = sHistory.length === 0 ? Math.min(1, 1 / Math.max(maxAbs(grad), 1e-12)) : 1;
    let valueNext = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) xNext[i] = x[i]! + step * direction[i]!;
      valueNext = objective(xNext, gradNext);
      if (valueNext <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(valueNext < value) && !(valueNext <= value + 1e-4 * step * slope)) {
      return { x, value, iterations: iteration, converged: false };
    }

    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNext[i]! - x[i]!;
      y[i] = gradNext[i]! - grad[i]!;
    }
    const sy = dot(s, y);
    // Keep the pair only when it carries curvature; otherwise the estimate stops being positive definite.
    if (sy > 1e-12) {
      if (sHistory.length === memory) {
        sHistory.shift();
        yHistory.shift();
        rhoHistory.shift();
      }
      sHistory.push(s);
      yHistory.push(y);
      rhoHistory.push(1 / sy);
    }
    const relativeChange = Math.abs(value - valueNext) / Math.max(Math.abs(value), Math.abs(valueNext), 1);
    x.set(xNext);
    grad.set(gradNext);
    value = valueNext;
    if (relativeChange < 1e-12) return { x, value, iterations: iteration + 1, converged: true };
  }
  return { x, value, iterations: maxIterations, converged: maxAbs(grad) < gradientTolerance };
}
