// What an image file declares about its own origin, as the engine reads it from the file's bytes: Content
// Credentials (C2PA), the IPTC digital source type in XMP, and what generators write into their files.
// Pure data, the same in both hosts; the sentences a person reads are made in provenance-text.ts.

/**
 * `ai-declared`: the file says a generator made or edited it. `credentials`: valid Content Credentials
 * that do not say so. `invalid`: Content Credentials present that do not validate. `unreadable`: metadata
 * present that could not be read (broken, hostile or too large). `none`: nothing declared, which says
 * nothing about the image (most sites remove metadata).
 */
export const PROVENANCE_KINDS = ['none', 'ai-declared', 'credentials', 'invalid', 'unreadable'] as const;
export type ProvenanceKind = (typeof PROVENANCE_KINDS)[number];

/** One piece of evidence a file carries, as read; provenance-text.ts turns it into words. */
export type Evidence =
  | C2paEvidence
  | { source: 'iptc'; digitalSourceType: string; ai: boolean }
  | { source: 'generator'; tool: string; model?: string; steps?: number; keys: string[] }
  | { source: 'unreadable'; what: string; reason: string };

export interface C2paEvidence {
  source: 'c2pa';
  /** `trusted` only when the signer's certificate chains to a trust anchor the reader was given. */
  state: 'valid' | 'trusted' | 'invalid';
  /** The app that wrote the credentials (claim generator), by name. */
  app?: string;
  /** Who signed, as the signing certificate names the organisation. */
  signer?: string;
  /** What the credentials say happened first: created (and how), captured, opened, edited. */
  origin?: 'generated' | 'captured' | 'created' | 'edited';
  /** A generator the actions name, when they declare generative AI (softwareAgent). */
  aiTool?: string;
  ai: boolean;
  /** The first validation failure's code and explanation, when invalid. */
  failure?: { code: string; explanation: string };
}

/** What every surface shows, cached with the verdict: a kind and one sentence. */
export interface Provenance {
  kind: ProvenanceKind;
  detail: string;
}

/** One line of `originlens inspect`: where it was found, its name, and its value in full. */
export interface Finding {
  where: string;
  name: string;
  value: string;
}

export interface ProvenanceReport extends Provenance {
  evidence: Evidence[];
  findings: Finding[];
}
