// What a verdict looks like on the page, in words: shared by the badges and the overlay. Pure, so the
// wording of every case is tested without a browser.
import { PROVENANCE_LABELS, PROVENANCE_MARKS, PROVENANCE_WORDS } from '../../engine/provenance/provenance-text';
import type { Provenance } from '../../engine/provenance/types';
import type { VerdictRecord } from '../shared/protocol';
import type { ProvenanceMode } from '../shared/settings';
import type { UrlEntry } from './registry';

/** Each look is visibly different; "unknown" (the open-set warning) above all must not pass for "generator". */
export type Look = 'pending' | 'real' | 'generator' | 'unknown' | 'error' | 'no-model' | 'declared-ai' | 'credentials' | 'credentials-invalid' | 'nothing-declared';

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
  /** What the file declares, shown beside the model's verdict (never in its place). */
  provenance?: { kind: Provenance['kind']; label: string; detail: string };
}

/** The looks of a view made of the file's declaration alone. */
export const PROVENANCE_LOOKS: ReadonlySet<Look> = new Set(['declared-ai', 'credentials', 'credentials-invalid', 'nothing-declared']);

function withProvenance(view: View, p: Provenance | undefined): View {
  if (!p || p.kind === 'none') return view;
  const mark = PROVENANCE_MARKS[p.kind];
  return { ...view, short: mark ? `${view.short} · ${mark}` : view.short, provenance: { kind: p.kind, label: PROVENANCE_LABELS[p.kind], detail: p.detail } };
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

export const percent = (p: number): string => `${Math.round(p * 100)}%`;

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

function modelView(record: VerdictRecord, modelReady: boolean): View {
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
