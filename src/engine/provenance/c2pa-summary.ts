// A manifest store, as the C2PA reader gives it in JSON, reduced to what a person is told: whether the
// credentials validate, who wrote and signed them, and whether they declare generative AI. Pure, so the
// rules are tested on their own.
import type { C2paEvidence } from './types';

const IPTC_DST = 'http://cv.iptc.org/newscodes/digitalsourcetype/';
const AI_SOURCE_TYPES = new Set(['trainedAlgorithmicMedia', 'compositeWithTrainedAlgorithmicMedia']);
/**
 * Statuses that say the signer is not on a trust list. The reader is given no trust list (the C2PA's
 * changes, and shipping a stale copy would vouch for signers it no longer lists), so every signer is
 * "untrusted"; the signature itself is still checked, and the sentence says the signer was not checked.
 */
const UNTRUSTED = /(^|\.)(signingCredential|credential)\.untrusted$|^cawg\.x509\.credential\.untrusted$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim().length > 0 ? v.trim() : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function sourceType(action: Json): string | undefined {
  const dst = str(action.digitalSourceType);
  return dst?.startsWith(IPTC_DST) ? dst.slice(IPTC_DST.length) : dst;
}

function agentName(action: Json): string | undefined {
  return str(action.softwareAgent) ?? (isObject(action.softwareAgent) ? str(action.softwareAgent.name) : undefined);
}

function appName(manifest: Json): string | undefined {
  const info = list(manifest.claim_generator_info).find(isObject);
  if (info && str(info.name)) return str(info.name);
  const generator = str(manifest.claim_generator);
  return generator?.split(' ')[0]?.split('/')[0]?.replace(/_/g, ' ');
}

export function summariseManifestStore(store: unknown): C2paEvidence | undefined {
  if (!isObject(store) || !isObject(store.manifests)) return undefined;
  const label = str(store.active_manifest);
  const manifest = label === undefined ? undefined : store.manifests[label];
  if (!isObject(manifest)) return undefined;

  const actions = list(manifest.assertions)
    .filter((a): a is Json => isObject(a) && typeof a.label === 'string' && /^c2pa\.actions(\.v\d+)?(__\d+)?$/.test(a.label))
    .flatMap((a) => (isObject(a.data) ? list(a.data.actions).filter(isObject) : []));
  const aiActions = actions.filter((a) => AI_SOURCE_TYPES.has(sourceType(a) ?? ''));
  // The action that names its tool says the most (Photoshop's "opened" carries the type, its "edited" the tool).
  const aiAction = aiActions.find((a) => agentName(a) !== undefined) ?? aiActions[0];
  const first = actions[0];
  let origin: C2paEvidence['origin'];
  if (first?.action === 'c2pa.created') {
    const dst = sourceType(first);
    origin = dst === 'trainedAlgorithmicMedia' ? 'generated' : dst === 'digitalCapture' ? 'captured' : 'created';
  } else if (first !== undefined) origin = 'edited';

  const failures = list(isObject(store.validation_results) && isObject(store.validation_results.activeManifest) ? store.validation_results.activeManifest.failure : store.validation_status)
    .filter(isObject)
    .filter((s) => typeof s.code === 'string' && !UNTRUSTED.test(s.code));
  const declared = str(store.validation_state);
  const state: C2paEvidence['state'] = declared === 'Invalid' || (declared === undefined && failures.length > 0) ? 'invalid' : declared === 'Trusted' ? 'trusted' : 'valid';
  const failure = failures[0];
  const signature = isObject(manifest.signature_info) ? manifest.signature_info : {};
  const app = appName(manifest);
  const signer = str(signature.issuer) ?? str(signature.common_name);
  const aiTool = aiAction ? agentName(aiAction) : undefined;
  return {
    source: 'c2pa',
    state,
    ...(app ? { app } : {}),
    ...(signer ? { signer } : {}),
    ...(origin ? { origin } : {}),
    ...(aiTool ? { aiTool } : {}),
    ai: aiAction !== undefined,
    ...(state === 'invalid' && failure ? { failure: { code: String(failure.code), explanation: str(failure.explanation) ?? '' } } : {}),
  };
}
