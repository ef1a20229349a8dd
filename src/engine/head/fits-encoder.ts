// Whether a head can read an encoder's features: it was trained on those very weights (the same SHA-256,
// not merely the same id) and reads a feature the encoder produces. The one check for the command line,
// the extension's head install and the engine host's loading of a head.
import type { ModelEntry } from '../types';
import type { HeadPack } from './head-pack';

export interface Misfit {
  /** other-weights: trained for another encoder, or other weights of this one; feature: reads a feature the encoder lacks. */
  kind: 'other-weights' | 'feature';
  message: string;
}

const short = (sha256: string) => `${sha256.slice(0, 12)}…`;

/** Why `pack` cannot be used with `encoder`, in words; undefined when it fits. */
export function headMisfit(pack: Pick<HeadPack, 'name' | 'encoder' | 'feature'>, encoder: Pick<ModelEntry, 'id' | 'sha256' | 'features'>): Misfit | undefined {
  const bound = pack.encoder;
  if (bound.sha256 !== encoder.sha256) {
    const message =
      bound.id === encoder.id
        ? `head "${pack.name}" was trained for other weights of ${bound.id} (SHA-256 ${short(bound.sha256)}, the installed one is ${short(encoder.sha256)})`
        : `head "${pack.name}" was trained for encoder ${bound.id} (SHA-256 ${short(bound.sha256)}), but the encoder in use is ${encoder.id} (SHA-256 ${short(encoder.sha256)})`;
    return { kind: 'other-weights', message };
  }
  if (!encoder.features[pack.feature.name]) {
    return { kind: 'feature', message: `head "${pack.name}" reads feature "${pack.feature.name}", which encoder ${encoder.id} does not produce` };
  }
  return undefined;
}
