import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minimize } from './lbfgs';

test('finds the minimum of an ill-conditioned quadratic', () => {
  const scales = [1, 10, 100, 1000];
  const target = [3, -1, 0.5, 2];
  const result = minimize((x, g) => {
    let f = 0;
    for (let i = 0; i < x.length; i++) {
      const d = x[i]! - target[i]!;
      f += 0.5 * scales[i]! * d * d;
      g[i] = scales[i]! * d;
    }
    return f;
  }, new Float64Array(4));
  assert.ok(result.converged);
  result.x.forEach((v, i) => assert.ok(Math.abs(v - target[i]!) < 1e-6, `x[${i}] = ${v}`));
});

test('follows the curved valley of the Rosenbrock function to (1, 1)', () => {
  const result = minimize(
    (x, g) => {
      const [a, b] = [x[0]!, x[1]!];
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    },
    Float64Array.from([-1.2, 1]),
    { maxIterations: 2000, gradientTolerance: 1e-8 },
  );
  assert.ok(Math.abs(result.x[0]! - 1) < 1e-4 && Math.abs(result.x[1]! - 1) < 1e-4, `ended at ${result.x}`);
});
