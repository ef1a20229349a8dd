// Every sentence about provenance, the same on every surface and in the command line. The words never
// make absence of metadata into evidence: most sites remove it, so "nothing declared" says nothing.
import type { C2paEvidence, Evidence, Provenance, ProvenanceKind } from './types';

export const NOTHING_DECLARED = 'The file declares nothing about its origin (most sites remove such metadata, so this says nothing either way).';

const TOOL_LABELS: Record<string, string> = {
  AUTOMATIC1111: 'Stable Diffusion (AUTOMATIC1111)',
};

/** Short names for the kinds, for badges and column headers. */
export const PROVENANCE_LABELS: Record<ProvenanceKind, string> = {
  none: 'No provenance declared',
  'ai-declared': 'Declared AI-generated',
  credentials: 'Content Credentials',
  invalid: 'Content Credentials invalid',
  unreadable: 'Metadata unreadable',
};

/** The words of each kind on its own: a badge's few words and a headline (no model ran). */
export const PROVENANCE_WORDS: Record<ProvenanceKind, { badge: string; title: string }> = {
  'ai-declared': { badge: 'Declared AI', title: 'The file declares it was generated' },
  credentials: { badge: 'Credentials', title: 'Content Credentials' },
  invalid: { badge: 'CR invalid', title: 'Content Credentials do not validate' },
  unreadable: { badge: 'Metadata unreadable', title: 'The file’s metadata could not be read' },
  none: { badge: 'Nothing declared', title: 'The file declares nothing about its origin' },
};

/** The few words a badge adds after the model's verdict; a file that declares nothing adds none. */
export const PROVENANCE_MARKS: Partial<Record<ProvenanceKind, string>> = { 'ai-declared': 'declared AI', credentials: 'CR', invalid: 'CR invalid' };

function signedBy(c: C2paEvidence): string {
  if (c.state === 'trusted') return `signed by ${c.signer ?? 'an unnamed signer'}; signature valid and trusted`;
  // No trust list is loaded: the certificate names the signer, and nothing checked that name.
  return `${c.signer ? `signed by ${c.signer}, per its certificate` : 'signer unnamed'}; signature valid`;
}

function c2paSentence(c: C2paEvidence): string {
  if (c.state === 'invalid') {
    const code = c.failure?.code ?? '';
    if (/dataHash\.mismatch|boxesHash\.mismatch|bmffHash\.mismatch|collectionHash\.mismatch/.test(code)) return 'Content Credentials present, but the signature does not match the image: it was changed after signing.';
    if (/claimSignature\.(mismatch|missing)/.test(code)) return 'Content Credentials present, but their signature is broken.';
    return `Content Credentials present, but they do not validate${code ? ` (${code})` : ''}.`;
  }
  const app = c.app ? ` in ${c.app}` : '';
  let what: string;
  if (c.ai) {
    const tool = c.aiTool ?? c.app;
    what = c.origin === 'generated' ? `created with ${tool ?? 'a generative AI tool'}` : `edited with generative AI${c.aiTool ? ` (${c.aiTool})` : ''}${c.aiTool === c.app ? '' : app}`;
  } else if (c.origin === 'captured') what = `captured by a camera${c.app ? ` (${c.app})` : ''}`;
  else if (c.origin === 'edited') what = `edited${app}`;
  else if (c.origin === 'created') what = `created${app}`;
  else what = `written by ${c.app ?? 'an unnamed application'}`;
  return `Content Credentials: ${what} (${signedBy(c)}).`;
}

function generatorSentence(e: Extract<Evidence, { source: 'generator' }>): string {
  const settings = [e.model ? `model ${e.model}` : undefined, e.steps ? `${e.steps} steps` : undefined].filter(Boolean);
  return `Made with ${TOOL_LABELS[e.tool] ?? e.tool}${settings.length ? `: ${settings.join(', ')}` : ''} (the generator's own metadata in the file).`;
}

export function evidenceSentence(e: Evidence): string {
  switch (e.source) {
    case 'c2pa':
      return c2paSentence(e);
    case 'generator':
      return generatorSentence(e);
    case 'iptc':
      return e.ai
        ? `Declared AI-generated (IPTC digital source type ${e.digitalSourceType}).`
        : `IPTC digital source type: ${e.digitalSourceType} (not a declaration of AI).`;
    case 'unreadable':
      return e.what === 'Content Credentials' ? `Content Credentials unreadable: ${e.reason}.` : `${e.what} unreadable: ${e.reason}.`;
  }
}

/** The kind: what the file declares at most. A declaration of AI anywhere outranks the rest. */
export function provenanceKind(evidence: readonly Evidence[]): ProvenanceKind {
  const c2pa = evidence.find((e): e is C2paEvidence => e.source === 'c2pa');
  const aiDeclared = evidence.some((e) => e.source === 'generator' || (e.source === 'iptc' && e.ai) || (e.source === 'c2pa' && e.state !== 'invalid' && e.ai));
  if (aiDeclared) return 'ai-declared';
  if (c2pa?.state === 'invalid') return 'invalid';
  if (c2pa) return 'credentials';
  if (evidence.some((e) => e.source === 'unreadable')) return 'unreadable';
  return 'none';
}

/** Evidence that says something about the origin comes first in the sentence; an IPTC "digital capture" last. */
function rank(e: Evidence): number {
  if (e.source === 'c2pa') return e.state === 'invalid' ? 1 : 0;
  if (e.source === 'generator' || (e.source === 'iptc' && e.ai)) return 0;
  if (e.source === 'unreadable') return 2;
  return 3;
}

export function describeProvenance(evidence: readonly Evidence[]): Provenance {
  const kind = provenanceKind(evidence);
  if (evidence.length === 0) return { kind, detail: NOTHING_DECLARED };
  const sentences = [...evidence].sort((a, b) => rank(a) - rank(b)).map(evidenceSentence);
  return { kind, detail: [...new Set(sentences)].join(' ') };
}
