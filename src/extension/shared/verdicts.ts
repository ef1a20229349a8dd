// Small helpers for verdicts as the extension passes them around.
import type { Verdict } from '../../engine/types';
import type { VerdictRecord } from './protocol';

export function errorVerdict(reason: string, encoder = '', head = '', ms = 0): Verdict {
  return { kind: 'error', probabilities: {}, llr: Number.NaN, openSetScore: Number.NaN, reason, encoder, head, ms };
}

export function errorRecord(reason: string, encoder = '', head = ''): VerdictRecord {
  return { verdict: errorVerdict(reason, encoder, head), cached: false };
}

/**
 * Runtime messages are JSON on Chrome, where NaN (the LLR and open-set score of an error) arrives as
 * null: the receiver puts it back, so the Verdict type holds on both sides.
 */
export function reviveRecord(record: VerdictRecord): VerdictRecord {
  const v = record.verdict;
  const num = (x: unknown) => (typeof x === 'number' ? x : Number.NaN);
  return { ...record, verdict: { ...v, llr: num(v.llr), openSetScore: num(v.openSetScore) } };
}
