// Whether a head can read an encoder's features: it was trained on those very weights (the same SHA-256,
// not merely the same id; a published detector names the registry encoder whose pin it was trained on),
// reads a feature the encoder produces, with the width its first layer takes, at the encoder's input size.
// The one check for the command line, the extension's head install and the engine host's loading of a head.
import type { ModelEntry } from '../types';
import type { AnyHeadPack } from './head-pack';

export interface Misfit {
  /**
   * other-weights: trained for another encoder, or other weights of this one; feature: reads a feature
   * the encoder lacks, or of another width; preprocess: wants another input size.
   */
  kind: 'other-weights' | 'feature' | 'preprocess';
  message: string;
}

const short = (sha256: string) => `${sha256.slice(0, 12)}…`;

type Fitting = Pick<AnyHeadPack, 'name' | 'encoder' | 'feature' | 'preprocess'> & { layers?: AnyHeadPack['layers'] };

/** Why `pack` cannot be used with `encoder`, in words that say what to install; undefined when it fits. */
export function headMisfit(pack: Fitting, encoder: Pick<ModelEntry, 'id' | 'sha256' | 'features'> & { input?: Pick<ModelEntry['input'], 'size'> }): Misfit | undefined {
  const bound = pack.encoder;
  if (bound.sha256 === undefined ? bound.id !== encoder.id : bound.sha256 !== encoder.sha256) {
    const message =
      bound.sha256 === undefined
        ? `head "${pack.name}" reads encoder ${bound.id}, but the encoder in use is ${encoder.id}: install ${bound.id} and choose it`
        : bound.id === encoder.id
          ? `head "${pack.name}" was trained for other weights of ${bound.id} (SHA-256 ${short(bound.sha256)}, the installed one is ${short(encoder.sha256)})`
          : `head "${pack.name}" was trained for encoder ${bound.id} (SHA-256 ${short(bound.sha256)}), but the encoder in use is ${encoder.id} (SHA-256 ${short(encoder.sha256)})`;
    return { kind: 'other-weights', message };
  }
  const feature = encoder.features[pack.feature.name];
  if (!feature) {
    return { kind: 'feature', message: `head "${pack.name}" reads feature "${pack.feature.name}", which encoder ${encoder.id} does not produce` };
  }
  const width = pack.layers?.[0]?.weights[0]?.length;
  if (width !== undefined && width !== feature.dim) {
    return { kind: 'feature', message: `head "${pack.name}" reads ${width} numbers of feature "${pack.feature.name}", which has ${feature.dim} in encoder ${encoder.id}` };
  }
  if (pack.preprocess && encoder.input && pack.preprocess.size !== encoder.input.size) {
    return { kind: 'preprocess', message: `head "${pack.name}" reads ${pack.preprocess.size}-pixel images, but encoder ${encoder.id} takes ${encoder.input.size}: install the ${pack.preprocess.size}-pixel encoder ${bound.id}` };
  }
  return undefined;
}
