// What an image's bytes declare about its origin: Content Credentials (c2pa-reader.ts) and the file's
// other metadata (file-metadata.ts), judged and worded (provenance-text.ts). The same code in the command
// line and in the extension's engine host, on the bytes each already has: nothing is fetched. A reader
// that fails makes "unreadable" evidence, never an exception: the model's verdict goes on regardless.
import { readCredentials } from './c2pa-reader';
import { readFileMetadata } from './file-metadata';
import { describeProvenance } from './provenance-text';
import type { Evidence, Provenance, ProvenanceReport } from './types';

export interface ReadOptions {
  /** Every finding in full, and the whole manifest store: for `originlens inspect`. */
  full?: boolean;
}

async function guarded<T extends { evidence: Evidence[] }>(what: string, read: () => Promise<T>): Promise<T | { evidence: Evidence[]; findings: [] }> {
  try {
    return await read();
  } catch (error) {
    return { evidence: [{ source: 'unreadable', what, reason: error instanceof Error ? error.message : String(error) }], findings: [] };
  }
}

export async function inspectProvenance(bytes: Uint8Array, options: ReadOptions = {}): Promise<ProvenanceReport & { store?: unknown }> {
  const credentials = await guarded('Content Credentials', () => readCredentials(bytes));
  const metadata = await guarded('metadata', () => readFileMetadata(bytes, options));
  const evidence = [...credentials.evidence, ...metadata.evidence];
  return {
    ...describeProvenance(evidence),
    evidence,
    findings: [...credentials.findings, ...metadata.findings],
    ...('store' in credentials && credentials.store !== undefined ? { store: credentials.store } : {}),
  };
}

/** The kind and the sentence, as verdicts carry them. */
export async function readProvenance(bytes: Uint8Array): Promise<Provenance> {
  const { kind, detail } = await inspectProvenance(bytes);
  return { kind, detail };
}
