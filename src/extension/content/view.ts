// What a verdict looks like on the page, in words: shared by the badges and the overlay. Pure, so the
// wording of every case is tested without a browser.
import type { VerdictRecord } from '../shared/protocol';
import type { UrlEntry } from './registry';

/** Each look is visibly different; "unknown" (the open-set warning) above all must not pass for "generator". */
export type Look = 'pending' | 'real' | 'generator' | 'unknown' | 'error' | 'no-model';

export interface View {
  look: Look;
  /** The badge's few words. */
  short: string;
  /** The overlay's headline. */
  title: string;
  /** A sentence more: the reason of an error, what the open-set warning means. */
  detail?: string;
  /** Per-class probabilities, most probable first (empty for errors and pending). */
  bars: { name: string; p: number }[];
}

export const percent = (p: number): string => `${Math.round(p * 100)}%`;

function bars(record: VerdictRecord): View['bars'] {
  return Object.entries(record.verdict.probabilities)
    .map(([name, p]) => ({ name, p }))
    .sort((a, b) => b.p - a.p);
}

export function viewOf(entry: Pick<UrlEntry, 'state' | 'record'>, modelReady: boolean): View {
  const record = entry.record;
  if (!record) return { look: 'pending', short: '…', title: 'Attributing this image…', bars: [] };
  const v = record.verdict;
  switch (v.kind) {
    case 'real':
      return { look: 'real', short: 'Real', title: 'Real photo', bars: bars(record) };
    case 'generator': {
      const name = v.generator ?? 'a generator';
      const p = v.generator === undefined ? undefined : v.probabilities[v.generator];
      const share = p === undefined ? '' : ` (${percent(p)})`;
      return { look: 'generator', short: `AI: ${name}${p === undefined ? '' : ` ${percent(p)}`}`, title: `Made by ${name}${share}`, bars: bars(record) };
    }
    case 'unknown-generator':
      return {
        look: 'unknown',
        short: 'AI: unknown',
        title: 'Synthetic, unknown generator',
        detail: 'It looks generated, but by none of the generators this model knows.',
        bars: bars(record),
      };
    case 'error':
      if (!modelReady) {
        return { look: 'no-model', short: 'No model', title: 'No attribution model installed', detail: 'Install one in the OriginLens options to attribute images.', bars: [] };
      }
      return { look: 'error', short: 'Error', title: 'Could not attribute this image', detail: v.reason ?? 'No reason was given.', bars: [] };
  }
}
