// The rules that turn the heads' evidence into one verdict, written down once for every surface and both
// hosts. Each head's LLR is measured against its threshold (its margin); the margins are fused into one
// LLR, above 0 meaning synthetic. An attribution head then names the generator, or warns that the
// generator is none it knows. An image an attribution head cannot place is not called synthetic on that
// ground alone: without a synthetic LLR it is "unplaced", which says what the open-set score measures.
import { REAL, type VerdictKind } from '../types';
import type { Evidence } from './evidence';

/**
 * How several heads' margins become one, as the CLIP-based detection paper's tool fuses its detectors:
 * soft OR of the probabilities (synthetic if any head is confident), their mean logit, or the max logit.
 */
export const FUSION_RULES = ['soft-or', 'mean', 'max'] as const;
export type FusionRule = (typeof FUSION_RULES)[number];

export interface HeadThresholds {
  /** LLR above which the head says synthetic. */
  llr: number;
  /** Attribution heads: an open-set score below this means the head cannot place the image. */
  openSet?: number;
}

export type ThresholdsOf = (evidence: Evidence) => HeadThresholds;

export const headDefaultThresholds: ThresholdsOf = (e) => e.defaults;

export interface Decision {
  kind: Exclude<VerdictKind, 'error'>;
  generator?: string;
  /** The fused LLR margin: above 0 means synthetic. */
  llr: number;
}

/** log σ(x), stable for any x: log1p keeps the tiny values that 1 + e^−x would round away. */
const logSigmoid = (x: number) => (x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)));

/** One margin from several, as a logit. */
export function fuse(margins: readonly number[], rule: FusionRule): number {
  if (margins.length === 0) throw new Error('no evidence to fuse');
  if (margins.length === 1) return margins[0]!;
  if (rule === 'mean') return margins.reduce((s, m) => s + m, 0) / margins.length;
  if (rule === 'max') return Math.max(...margins);
  // soft OR: P(synthetic) = 1 − Π (1 − σ(mᵢ)); its logit is log(1 − Πσ(−mᵢ)) − Σ log σ(−mᵢ).
  const logNone = margins.reduce((s, m) => s + logSigmoid(-m), 0);
  const logAny = logNone > -1e-12 ? Math.log(-logNone) : Math.log(-Math.expm1(logNone));
  return logAny - logNone;
}

/** What one head says under its thresholds, for surfaces that name each head's word. */
export function headSays(e: Evidence, t: HeadThresholds): { synthetic: boolean; placed: boolean; generator?: string } {
  const synthetic = e.llr > t.llr;
  const placed = e.kind === 'detector' || t.openSet === undefined || (e.openSetScore ?? -Infinity) >= t.openSet;
  const generator = e.kind === 'attribution' && synthetic && placed ? likeliestGenerator(e.probabilities ?? {}) : undefined;
  return generator === undefined ? { synthetic, placed } : { synthetic, placed, generator };
}

function likeliestGenerator(probabilities: Readonly<Record<string, number>>): string | undefined {
  let best: string | undefined;
  for (const [name, p] of Object.entries(probabilities)) {
    if (name !== REAL && (best === undefined || p > probabilities[best]!)) best = name;
  }
  return best;
}

/** The verdict the evidence gives under these thresholds and fusion rule. */
export function decideVerdict(evidence: readonly Evidence[], rule: FusionRule = 'soft-or', thresholdsOf: ThresholdsOf = headDefaultThresholds): Decision {
  const llr = fuse(
    evidence.map((e) => e.llr - thresholdsOf(e).llr),
    rule,
  );
  const attribution = evidence.find((e) => e.kind === 'attribution');
  const placed = attribution === undefined || headSays(attribution, thresholdsOf(attribution)).placed;
  if (!(llr > 0)) return { kind: placed ? 'real' : 'unplaced', llr };
  if (!attribution) return { kind: 'synthetic', llr };
  if (!placed) return { kind: 'unknown-generator', llr };
  const generator = likeliestGenerator(attribution.probabilities ?? {});
  return generator === undefined ? { kind: 'synthetic', llr } : { kind: 'generator', generator, llr };
}
