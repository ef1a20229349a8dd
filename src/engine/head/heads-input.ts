// How images are prepared for a set of heads: each head the way it was trained, the encoder's own unless
// it declares another (UnivFD, say, reads a centre crop with no resize). Heads that agree share one run of
// the encoder; heads that disagree get one run each way.
import type { InputSpec } from '../types';
import type { AnyHeadPack } from './head-pack';

/** The input one head reads: the preparation it declares, else the encoder's own (how it was trained). */
export function inputOfHead(input: InputSpec, pack: Pick<AnyHeadPack, 'preprocess'>): InputSpec {
  const mode = pack.preprocess?.mode;
  return mode === undefined || mode === (input.resize ?? 'resize-crop') ? input : { ...input, resize: mode };
}

/**
 * Heads grouped by the input they read, one run of the encoder per group: a head that declares no
 * preparation reads the encoder's own, never another head's. `heads` are indices into `packs`, in order.
 */
export function inputGroups(input: InputSpec, packs: readonly Pick<AnyHeadPack, 'preprocess'>[]): { input: InputSpec; heads: number[] }[] {
  const groups: { input: InputSpec; heads: number[] }[] = [];
  packs.forEach((pack, i) => {
    const mine = inputOfHead(input, pack);
    const group = groups.find((g) => (g.input.resize ?? 'resize-crop') === (mine.resize ?? 'resize-crop'));
    if (group) group.heads.push(i);
    else groups.push({ input: mine, heads: [i] });
  });
  return groups;
}

/** Where features made with this input are cached: the encoder's id, and the resize mode where it is not the encoder's own. */
export function featureKey(encoderId: string, encoderInput: InputSpec, input: InputSpec): string {
  return input === encoderInput ? encoderId : `${encoderId}#${input.resize ?? 'resize-crop'}`;
}
