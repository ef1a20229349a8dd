// All figures of the open-set attribution paper for one evaluation set: closed-set accuracy and macro
// F1 on the images of known classes, then how well the open-set score tells known from unknown (AUROC)
// and both at once (OSCR, CCR at 5 % FPR). Known classes are the head's classes, `real` included.
import { auc, checkNoNaN, notApplicable, type Figure, type NotApplicable } from './binary';
import { accuracy, argmax, f1PerClass, macroF1 } from './closed-set';
import { ccrAtFpr, oscr, type OscrPoint } from './oscr';

/** One image: its true origin, the head's probability per class (in the head's order), its open-set score. */
export interface AttributionSample {
  typ: string;
  probabilities: readonly number[];
  openSetScore: number;
}

export interface ClassFigures {
  name: string;
  /** Images of this class. */
  n: number;
  f1: Figure;
}

export interface AttributionMetrics {
  classes: readonly string[];
  known: number;
  unknown: number;
  /** Images of each origin that is not one of the head's classes, by name. */
  unknownOrigins: { name: string; n: number }[];
  closedSetAccuracy: Figure;
  macroF1: Figure;
  /** One entry per head class, in the head's order; F1 not applicable to a class never seen nor predicted. */
  perClass: ClassFigures[];
  /** Known (positive) vs unknown by the open-set score. */
  auroc: Figure;
  oscr: Figure;
  ccrAt5PctFpr: OscrPoint | NotApplicable;
}

export const OPEN_SET_FPR = 0.05;

export function attributionMetrics(samples: readonly AttributionSample[], classes: readonly string[]): AttributionMetrics {
  samples.forEach((s, i) => {
    if (s.probabilities.length !== classes.length) {
      throw new RangeError(`attributionMetrics: sample ${i} has ${s.probabilities.length} probabilities for ${classes.length} classes`);
    }
  });
  checkNoNaN(
    'attributionMetrics',
    samples.map((s) => s.openSetScore),
  );
  const classSet = new Set(classes);
  const known = samples.filter((s) => classSet.has(s.typ));
  const unknown = samples.filter((s) => !classSet.has(s.typ));
  const truth = known.map((s) => s.typ);
  const predicted = known.map((s) => classes[argmax(s.probabilities)]!);
  const knownScores = known.map((s) => s.openSetScore);
  const knownCorrect = predicted.map((p, i) => p === truth[i]);
  const unknownScores = unknown.map((s) => s.openSetScore);
  const f1s = new Map(f1PerClass(predicted, truth).map((c) => [c.name, c]));
  const none = notApplicable(known.length === 0 ? 'no images of known classes' : 'no images of unknown generators');
  return {
    classes,
    known: known.length,
    unknown: unknown.length,
    unknownOrigins: countByName(unknown.map((s) => s.typ)),
    closedSetAccuracy: known.length === 0 ? none : accuracy(predicted, truth),
    macroF1: known.length === 0 ? none : macroF1(predicted, truth),
    perClass: classes.map((name) => ({
      name,
      n: f1s.get(name)?.n ?? 0,
      f1: f1s.get(name)?.f1 ?? notApplicable('class neither present nor predicted'),
    })),
    auroc:
      known.length === 0 || unknown.length === 0
        ? none
        : auc([...knownScores, ...unknownScores], [...knownScores.map(() => true), ...unknownScores.map(() => false)]),
    oscr: oscr(knownScores, knownCorrect, unknownScores),
    ccrAt5PctFpr: ccrAtFpr(knownScores, knownCorrect, unknownScores, OPEN_SET_FPR),
  };
}

function countByName(names: readonly string[]): { name: string; n: number }[] {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].map(([name, n]) => ({ name, n })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
