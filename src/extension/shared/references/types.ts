// The shapes of the person's reference sets as the protocol carries them: summaries and thumbnails for
// the options page, never features (those stay in the database, written and read by the engine host).
import type { HeadPack } from '../../../engine/head/head-pack';

export interface ReferenceExample {
  hash: string;
  label: string;
  thumbnail: string;
  addedAt: number;
}

export interface ReferenceClass {
  label: string;
  count: number;
  examples: ReferenceExample[];
}

/** What the last retraining did: a head made active, or why none could be trained yet. */
export type TrainingOutcome =
  | { trained: true; head: string; classes: string[]; examples: number; ms: number; trainingAccuracy?: number; leaveOneClassOutAuroc?: number }
  | { trained: false; reason: string };

export interface ReferenceState {
  /** The encoder the reference set belongs to (the active head's); absent when none is installed. */
  encoder?: string;
  classes: ReferenceClass[];
  /** The imported head the person's classes extend; null when they stand alone. */
  base: string | null;
  /** Installed heads that could be extended, and whether they can (only packs that carry their training features). */
  bases: { id: string; name: string; classes: string[]; extendable: boolean; why?: string }[];
  /** The head trained from the reference set, when there is one. */
  head?: string;
}

export const REFERENCE_FORMAT = 'originlens-references';
export const REFERENCE_VERSION = 1;

/** A file a colleague can import: every example with its features, and the head trained from them. */
export interface ReferenceExport {
  format: typeof REFERENCE_FORMAT;
  version: typeof REFERENCE_VERSION;
  encoder: { id: string; sha256: string };
  exportedAt: string;
  examples: { hash: string; label: string; thumbnail: string; addedAt: number; features: Record<string, string> }[];
  head?: HeadPack;
}

/** What importing would clash with; nothing is written while there are unresolved conflicts. */
export interface ImportConflicts {
  /** The file was made with other encoder weights than the one installed: its features cannot be used. */
  encoder?: { file: string; installed: string };
  /** Class names the person already has. */
  classes: string[];
  /** Images already in the reference set, under another class. */
  examples: { hash: string; mine: string; theirs: string }[];
}

export interface ImportResolution {
  /** Same class name: add the file's examples to mine, or keep them apart under "<name> (imported)". */
  classes: 'merge' | 'rename';
  /** Same image under another class: keep my label, or take the file's. */
  examples: 'keep' | 'replace';
}

export type ImportOutcome =
  | { applied: false; conflicts: ImportConflicts }
  | { applied: true; added: number; relabelled: number; skipped: number; training: TrainingOutcome };

/** The engine host's answer to an enrolment: the stored example. */
export interface EnrolResult {
  hash: string;
  label: string;
  thumbnail: string;
}
