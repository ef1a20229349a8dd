// How a verdict reads, the same words on every surface.
import type { Verdict } from '../../engine/types';

export const pct = (p: number): string => `${Math.round(p * 100)}%`;

export function verdictTitle(v: Verdict): string {
  switch (v.kind) {
    case 'real':
      return 'Real photo';
    case 'generator':
      return `Made by ${v.generator ?? 'a generator'}${v.generator !== undefined && v.probabilities[v.generator] !== undefined ? ` (${pct(v.probabilities[v.generator]!)})` : ''}`;
    case 'unknown-generator':
      return 'Synthetic, unknown generator';
    case 'error':
      return 'Cannot attribute';
  }
}

/** One line more, where a verdict needs it: the open-set warning, or an error's reason. */
export function verdictDetail(v: Verdict): string | undefined {
  if (v.kind === 'unknown-generator') return 'Looks generated, but by no generator this head knows: treat with care.';
  if (v.kind === 'error') return v.reason ?? 'no reason given';
  return undefined;
}
