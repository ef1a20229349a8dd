// Which labelled images train a head and which validate it: the known generators (plus real photos) are
// the classes; unknown generators only validate the open-set score, as in the open-set attribution paper's
// splits; `perClass` caps every class with a seeded shuffle, so a run is repeatable.
import { REAL } from '../engine/types';
import type { LabelledData, LabelledImage } from './dataset';

export interface SplitOptions {
  /** Generators to learn; default: every generator in the training data but the unknown ones. */
  known?: string[];
  /** Generators held back as unknown validation examples. */
  unknown?: string[];
  perClass?: number;
  valPerClass?: number;
  seed: number;
}

export interface TrainingSplit {
  classes: string[];
  known: string[];
  unknown: string[];
  train: LabelledImage[];
  validation: LabelledImage[];
  /** The class index of an image, -1 for an unknown generator. */
  labelOf(image: LabelledImage): number;
}

/** A problem with the data or the split that the person can fix; the message says what. */
export class SplitError extends Error {
  override name = 'SplitError';
}

/** A seeded xorshift shuffle. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const j = (s >>> 0) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function takePerClass(images: LabelledImage[], limit: number | undefined, seed: number): LabelledImage[] {
  if (limit === undefined) return images;
  const taken = new Map<string, number>();
  return shuffled(images, seed).filter((img) => {
    const n = taken.get(img.label) ?? 0;
    taken.set(img.label, n + 1);
    return n < limit;
  });
}

export function splitTrainingData(data: LabelledData, options: SplitOptions): TrainingSplit {
  const present = [...new Set(data.train.map((i) => i.label))].filter((l) => l !== REAL).sort();
  const unknown = options.unknown ?? [];
  const known = options.known ?? present.filter((g) => !unknown.includes(g));
  for (const g of [...known, ...unknown]) {
    if (!present.includes(g) && !data.validation.some((i) => i.label === g)) throw new SplitError(`no images of "${g}"`);
  }
  if (!data.train.some((i) => i.label === REAL)) {
    throw new SplitError(`no real images: add a "${REAL}" folder (or GenImage's nature/ folders) with real photos`);
  }
  const classes = [REAL, ...known];
  const labelOf = (img: LabelledImage) => (classes.includes(img.label) ? classes.indexOf(img.label) : unknown.includes(img.label) ? -1 : NaN);
  // An unknown generator's training images are validation data too: they are what the open-set score must reject.
  const pool = [...data.validation, ...data.train.filter((i) => unknown.includes(i.label))];
  let train = takePerClass(data.train.filter((i) => classes.includes(i.label)), options.perClass, options.seed);
  // Unknown generators to validate against but no validation images of the known classes (class folders
  // without --val): a fifth of each known class is held out, since the open-set threshold is calibrated on
  // known images and its AUROC needs both.
  if (unknown.length > 0 && !pool.some((i) => classes.includes(i.label))) {
    const held = new Set<LabelledImage>();
    for (const c of classes) {
      const mine = shuffled(train.filter((i) => i.label === c), options.seed + 2);
      if (mine.length < 2) throw new SplitError(`"${c}" has ${mine.length} image; holding some out to validate the open-set score needs at least 2 (or give --val)`);
      for (const img of mine.slice(0, Math.max(1, Math.floor(mine.length / 5)))) held.add(img);
    }
    pool.push(...held);
    train = train.filter((i) => !held.has(i));
  }
  return {
    classes,
    known,
    unknown,
    train,
    validation: takePerClass(pool.filter((i) => !Number.isNaN(labelOf(i))), options.valPerClass ?? options.perClass, options.seed + 1),
    labelOf,
  };
}
