// Every sentence about a verdict, for every surface: the badge and its title, the overlay, the popup, the
// options page's preview and the command line's summary. Surfaces pick from here; none words its own.
import type { Verdict, VerdictKind } from '../types';
import { headSays } from './decide';
import type { Evidence } from './evidence';

export const percent = (p: number): string => `${Math.round(p * 100)}%`;

export interface VerdictWords {
  /** On a badge; `tiny` where the badge would not fit the image. */
  short: string;
  tiny: string;
  title: string;
  /** One line more, where the verdict needs it. */
  detail?: string;
}

/** What a kind of verdict is called where verdicts are counted. */
export const KIND_NAMES: Record<VerdictKind, string> = {
  real: 'Real photo',
  synthetic: 'Generated',
  generator: 'Named generator',
  'unknown-generator': 'Unknown generator',
  unplaced: 'Cannot place',
  error: 'Could not attribute',
};

export const NO_MODEL_WORDS: VerdictWords = {
  short: 'No model',
  tiny: '?',
  title: 'No attribution model installed',
  detail: 'Install a detector in one step on the OriginLens welcome page.',
};

export function verdictWords(v: Pick<Verdict, 'kind' | 'generator' | 'probabilities' | 'reason'>): VerdictWords {
  switch (v.kind) {
    case 'real':
      return { short: 'Real', tiny: 'Real', title: 'Real photo', detail: 'No head that ran says it was generated.' };
    case 'synthetic':
      return { short: 'AI', tiny: 'AI', title: 'Generated image', detail: 'Taken together, the heads that ran say a generator made it; none of them names which.' };
    case 'generator': {
      const name = v.generator ?? 'a generator';
      const p = v.generator === undefined ? undefined : v.probabilities[v.generator];
      return {
        short: `AI: ${name}${p === undefined ? '' : ` ${percent(p)}`}`,
        tiny: 'AI',
        title: `Made by ${name}${p === undefined ? '' : ` (${percent(p)})`}`,
      };
    }
    case 'unknown-generator':
      return {
        short: 'AI: unknown',
        tiny: 'AI?',
        title: 'Synthetic, unknown generator',
        detail: 'It looks generated, but by none of the generators this head knows: treat with care.',
      };
    case 'unplaced':
      return {
        short: 'Unplaced',
        tiny: '?',
        title: 'Cannot place this image',
        detail: 'Nothing says it was generated, but it is unlike every class the head knows, real photos included.',
      };
    case 'error':
      return { short: 'Error', tiny: '!', title: 'Could not attribute this image', detail: v.reason ?? 'No reason was given.' };
  }
}

/**
 * The verdict in one line: its title and the sentence more, as a badge's title begins and as the command
 * line's `reason` column writes it; an error's line is its reason alone.
 */
export function verdictLine(v: Pick<Verdict, 'kind' | 'generator' | 'probabilities' | 'reason'>): string {
  const { title, detail } = verdictWords(v);
  if (v.kind === 'error') return detail ?? title;
  return detail === undefined ? title : `${title}: ${detail}`;
}

/**
 * What one head said, in a line ("UnivFD: synthetic (LLR 2.31)"), under the thresholds its verdict was
 * decided with. A threshold other than 0 is named ("real (LLR 2.31, threshold 5)"): without it an LLR above
 * 0 called real, or below 0 called synthetic, would read as a mistake.
 */
export function evidenceLine(e: Evidence): string {
  const thresholds = e.applied ?? e.defaults;
  const says = headSays(e, thresholds);
  const llr = `LLR ${e.llr.toFixed(2)}${thresholds.llr === 0 ? '' : `, threshold ${thresholds.llr}`}`;
  if (e.kind === 'detector') return `${e.name}: ${says.synthetic ? 'synthetic' : 'real'} (${llr})`;
  if (!says.placed) return `${e.name}: ${says.synthetic ? 'generated, by no generator it knows' : 'cannot place it'} (${llr})`;
  if (says.generator !== undefined) return `${e.name}: made by ${says.generator} (${percent(e.probabilities?.[says.generator] ?? 0)}, ${llr})`;
  return `${e.name}: ${says.synthetic ? 'synthetic' : 'real'} (${llr})`;
}

/**
 * Each head's line: every surface says which heads made the verdict and what each said, one head
 * included (its name is nowhere else, and its LLR says how sure it was).
 */
export function evidenceLines(v: Pick<Verdict, 'evidence'>): string[] {
  return (v.evidence ?? []).map(evidenceLine);
}

/** How the command line's closing count names each kind, after a number. */
const COUNTED: Record<VerdictKind, string> = {
  real: 'real',
  synthetic: 'synthetic (no generator named)',
  generator: 'named generator',
  'unknown-generator': 'unknown generator',
  unplaced: 'unplaced',
  error: 'errors',
};

/** The command line's closing count: "3 real, 1 named generator, …, 0 errors"; kinds no head can give are left out. */
export function countsLine(counts: Partial<Record<VerdictKind, number>>): string {
  return (Object.keys(COUNTED) as VerdictKind[])
    .filter((k) => (counts[k] ?? 0) > 0 || k === 'real' || k === 'error')
    .map((k) => `${counts[k] ?? 0} ${COUNTED[k]}`)
    .join(', ');
}
