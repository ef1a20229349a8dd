// The detection metrics of the CLIP-based detection paper (its compute_metrics.py): for each generator,
// AUC and balanced accuracy of the LLR on that generator's images against all the real images, the LLR
// read as "synthetic" when > 0; then the plain mean over generators.
import { auc, balancedAccuracy, checkNoNaN, meanOf, notApplicable, type Figure } from './binary';
import { REAL } from '../types';

/** One image: its true origin (`real`, or the generator's name) and the detector's LLR (> 0: synthetic). */
export interface DetectionSample {
  typ: string;
  llr: number;
}

export interface GeneratorDetection {
  generator: string;
  /** Images of this generator (the real images are counted in `DetectionMetrics.real`). */
  n: number;
  auc: Figure;
  balancedAccuracy: Figure;
}

export interface DetectionMetrics {
  /** Number of real images every generator is compared against. */
  real: number;
  /** One entry per generator, sorted by name as the paper's tool does. */
  generators: GeneratorDetection[];
  meanAuc: Figure;
  meanBalancedAccuracy: Figure;
}

export function detectionMetrics(samples: readonly DetectionSample[]): DetectionMetrics {
  checkNoNaN(
    'detectionMetrics',
    samples.map((s) => s.llr),
  );
  const realLlrs = samples.filter((s) => s.typ === REAL).map((s) => s.llr);
  const names = [...new Set(samples.map((s) => s.typ).filter((t) => t !== REAL))].sort();
  const generators = names.map((generator): GeneratorDetection => {
    const fakeLlrs = samples.filter((s) => s.typ === generator).map((s) => s.llr);
    const n = fakeLlrs.length;
    if (realLlrs.length === 0) {
      const none = notApplicable('no real images');
      return { generator, n, auc: none, balancedAccuracy: none };
    }
    const scores = [...fakeLlrs, ...realLlrs];
    const labels = scores.map((_, i) => i < n);
    return {
      generator,
      n,
      auc: auc(scores, labels),
      balancedAccuracy: balancedAccuracy(
        scores.map((llr) => llr > 0),
        labels,
      ),
    };
  });
  const noGenerator = notApplicable('no generated images');
  return {
    real: realLlrs.length,
    generators,
    meanAuc: generators.length === 0 ? noGenerator : meanOf(generators.map((g) => g.auc)),
    meanBalancedAccuracy: generators.length === 0 ? noGenerator : meanOf(generators.map((g) => g.balancedAccuracy)),
  };
}
