// The open-set classification rate (OSCR) of Dhamija, Günther and Boult ("Reducing Network
// Agnostophobia", NeurIPS 2018), the curve the open-set attribution paper summarises by its area.
// For a threshold θ on the open-set score (higher = more like a known class):
//   CCR(θ) = fraction of known-class samples classified correctly AND scoring ≥ θ,
//   FPR(θ) = fraction of unknown samples scoring ≥ θ.
// The curve runs from (0, 0) (θ above every score) to (1, closed-set accuracy) (θ at the lowest score).
// Thresholds are taken at every distinct score, so a tie between a known and an unknown sample moves
// both rates at once and the trapezoid counts it half, as ties count in an AUC. The widely copied
// reference code (Chen et al.'s ARPL, used by the open-set attribution paper) instead counts known
// samples strictly above the cut and unknown ones at or above it, which differs by about 1/n.
import { checkNoNaN, checkSameLength, compareNumbers, notApplicable, type NotApplicable, type Figure } from './binary';

export interface OscrPoint {
  /** Samples scoring ≥ threshold are accepted as known; +Infinity for the first point (none accepted). */
  threshold: number;
  fpr: number;
  ccr: number;
}

/**
 * The CCR-vs-FPR curve, one point per distinct score in decreasing order, after the (0, 0) start.
 * `knownCorrect[i]` says whether known sample i got its class right (argmax of the head).
 */
export function oscrCurve(
  knownScores: readonly number[],
  knownCorrect: readonly boolean[],
  unknownScores: readonly number[],
): OscrPoint[] | NotApplicable {
  checkSameLength('oscrCurve', knownScores, knownCorrect);
  checkNoNaN('oscrCurve (known)', knownScores);
  checkNoNaN('oscrCurve (unknown)', unknownScores);
  if (knownScores.length === 0) return notApplicable('no images of known classes');
  if (unknownScores.length === 0) return notApplicable('no images of unknown generators');
  const samples = [
    ...knownScores.map((score, i) => ({ score, correct: knownCorrect[i] === true, known: true })),
    ...unknownScores.map((score) => ({ score, correct: false, known: false })),
  ].sort((a, b) => compareNumbers(b.score, a.score));
  const points: OscrPoint[] = [{ threshold: Infinity, fpr: 0, ccr: 0 }];
  let correct = 0;
  let falsePositives = 0;
  samples.forEach((s, i) => {
    if (s.known && s.correct) correct++;
    if (!s.known) falsePositives++;
    // One point per run of equal scores, after its last member.
    if (i + 1 === samples.length || samples[i + 1]!.score !== s.score) {
      points.push({
        threshold: s.score,
        fpr: falsePositives / unknownScores.length,
        ccr: correct / knownScores.length,
      });
    }
  });
  return points;
}

/** Area under the CCR-vs-FPR curve (trapezoidal); equals closed-set accuracy for a perfect separation. */
export function oscr(
  knownScores: readonly number[],
  knownCorrect: readonly boolean[],
  unknownScores: readonly number[],
): Figure {
  const curve = oscrCurve(knownScores, knownCorrect, unknownScores);
  if (!Array.isArray(curve)) return curve;
  let area = 0;
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1]!;
    const b = curve[i]!;
    area += ((b.fpr - a.fpr) * (a.ccr + b.ccr)) / 2;
  }
  return area;
}

/**
 * The operating point with the highest CCR whose FPR does not exceed `maxFpr`: the lowest threshold that
 * keeps false positives within budget. The reference code takes the point whose FPR is nearest to the
 * target instead, which may lie above it; a threshold a person can ship must not.
 */
export function ccrAtFpr(
  knownScores: readonly number[],
  knownCorrect: readonly boolean[],
  unknownScores: readonly number[],
  maxFpr: number,
): OscrPoint | NotApplicable {
  const curve = oscrCurve(knownScores, knownCorrect, unknownScores);
  if (!Array.isArray(curve)) return curve;
  // FPRs are k / n: a relative tolerance keeps 1/20 within a 0.05 budget despite rounding.
  const within = curve.filter((p) => p.fpr <= maxFpr * (1 + 1e-12));
  return within[within.length - 1]!;
}
