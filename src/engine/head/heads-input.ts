// How images are prepared for a set of heads: the encoder's own way, unless the heads were trained on
// images prepared otherwise (UnivFD, say, reads a centre crop with no resize). Heads that disagree cannot
// share one run of the encoder.
import type { InputSpec } from '../types';
import type { AnyHeadPack } from './head-pack';

export function inputForHeads(input: InputSpec, packs: readonly Pick<AnyHeadPack, 'name' | 'preprocess'>[]): InputSpec {
  const declared = packs.filter((p) => p.preprocess !== undefined);
  const modes = new Set(declared.map((p) => p.preprocess!.mode));
  if (modes.size > 1) {
    const which = declared.map((p) => `"${p.name}" (${p.preprocess!.mode})`).join(', ');
    throw new Error(`these heads read images prepared in different ways: ${which}; combine only heads that read the same`);
  }
  const mode = declared[0]?.preprocess?.mode;
  return mode === undefined || mode === (input.resize ?? 'resize-crop') ? input : { ...input, resize: mode };
}

/** Where features made with this input are cached: the encoder's id, and the resize mode where it is not the encoder's own. */
export function featureKey(encoderId: string, encoderInput: InputSpec, input: InputSpec): string {
  return input === encoderInput ? encoderId : `${encoderId}#${input.resize ?? 'resize-crop'}`;
}
