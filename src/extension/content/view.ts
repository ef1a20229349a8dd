// What a verdict looks like on the page, in words: shared by the badges and the overlay. Pure, so the
// wording of every case is tested without a browser.
import { PROVENANCE_LABELS, PROVENANCE_MARKS, PROVENANCE_WORDS } from '../../engine/provenance/provenance-text';
import type { Provenance } from '../../engine/provenance/types';
import { evidenceLines, NO_MODEL_WORDS, verdictWords } from '../../engine/verdict/verdict-text';
import type { VerdictRecord } from '../shared/protocol';
import type { ProvenanceMode } from '../shared/settings';
import type { UrlEntry } from './registry';

/** Each look is visibly different; "unknown" (the open-set warning) above all must not pass for "generator". */
export type Look = 'pending' | 'real' | 'generator' | 'unknown' | 'unplaced' | 'error' | 'no-model' | 'declared-ai' | 'credentials' | 'credentials-invalid' | 'nothing-declared';

export interface View {
  look: Look;
  /** The badge's few words, and fewer where the badge would not fit the image. */
  short: string;
  tiny?: string;
  /** The overlay's headline. */
  title: string;
  /** A sentence more: the reason of an error, what the open-set warning means. */
  detail?: string;
  /** What each head said, one line per head. */
  evidence?: string[];
  /** Per-class probabilities, most probable first (empty for errors and pending). */
  bars: { name: string; p: number }[];
  /** What the file declares, shown beside the model's verdict (never in its place). */
  provenance?: { kind: Provenance['kind']; label: string; detail: string };
}

/** The looks of a view made of the file's declaration alone. */
export const PROVENANCE_LOOKS: ReadonlySet<Look> = new Set(['declared-ai', 'credentials', 'credentials-invalid', 'nothing-declared']);

function withProvenance(view: View, p: Provenance | undefined): View {
  if (!p || p.kind === 'none') return view;
  const mark = PROVENANCE_MARKS[p.kind];
  const marked = (words: string) => (mark ? `${words} · ${mark}` : words);
  return { ...view, short: marked(view.short), ...(view.tiny !== undefined ? { tiny: marked(view.tiny) } : {}), provenance: { kind: p.kind, label: PROVENANCE_LABELS[p.kind], detail: p.detail } };
}

const ALONE: Record<Provenance['kind'], Look> = {
  'ai-declared': 'declared-ai',
  credentials: 'credentials',
  invalid: 'credentials-invalid',
  unreadable: 'nothing-declared',
  none: 'nothing-declared',
};

/** A view made of the file's declaration alone: no model ran (none installed, or the person chose so). */
function provenanceView(p: Provenance): View {
  const { badge, title } = PROVENANCE_WORDS[p.kind];
  return { look: ALONE[p.kind], short: badge, title, detail: p.detail, bars: [], provenance: { kind: p.kind, label: PROVENANCE_LABELS[p.kind], detail: p.detail } };
}


function bars(record: VerdictRecord): View['bars'] {
  return Object.entries(record.verdict.probabilities)
    .map(([name, p]) => ({ name, p }))
    .sort((a, b) => b.p - a.p);
}

/**
 * `provenance`: the person's setting. Shown, the file's declaration is added to the model's verdict; "only",
 * it is all there is (no model ran); without a model, a file that declares something still says so.
 */
export function viewOf(entry: Pick<UrlEntry, 'state' | 'record'>, modelReady: boolean, provenance: ProvenanceMode = 'show'): View {
  const record = entry.record;
  if (!record) return { look: 'pending', short: '…', title: provenance === 'only' ? 'Reading what this image declares…' : 'Attributing this image…', bars: [] };
  const declared = provenance === 'hide' ? undefined : record.provenance;
  if (provenance === 'only' && declared) return provenanceView(declared);
  if (record.verdict.kind === 'error' && !modelReady && declared && declared.kind !== 'none' && declared.kind !== 'unreadable') return provenanceView(declared);
  return withProvenance(modelView(record, modelReady), declared);
}

const LOOKS: Record<Exclude<VerdictRecord['verdict']['kind'], 'error'>, Look> = {
  real: 'real',
  synthetic: 'generator',
  generator: 'generator',
  'unknown-generator': 'unknown',
  unplaced: 'unplaced',
};

function modelView(record: VerdictRecord, modelReady: boolean): View {
  const v = record.verdict;
  if (v.kind === 'error') {
    const words = modelReady ? verdictWords(v) : NO_MODEL_WORDS;
    return { look: modelReady ? 'error' : 'no-model', short: words.short, tiny: words.tiny, title: words.title, detail: words.detail ?? '', bars: [] };
  }
  const words = verdictWords(v);
  return { look: LOOKS[v.kind], short: words.short, tiny: words.tiny, title: words.title, ...(words.detail ? { detail: words.detail } : {}), evidence: evidenceLines(v), bars: bars(record) };
}
