// `originlens train`: a head pack from labelled images (a folder per class, or GenImage's layout), as the
// open-set attribution paper trains its probes: features of one block (or every block, keeping the best on
// validation data), logistic regression with the C sweep, open-set threshold calibrated on validation.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { l2Normalize } from '../../engine/head/score';
import { DEFAULT_OPEN_SET, OPEN_SET_METHODS, type OpenSetMethod } from '../../engine/head/open-set';
import { trainHead, type LabelledFeatures, type TrainReport } from '../../engine/head/train-head';
import type { FeatureSet, ModelEntry } from '../../engine/types';
import { cacheDir } from '../../node/cache-dir';
import { readLabelledFolder, type LabelledImage } from '../../node/dataset';
import { splitTrainingData, SplitError, type TrainingSplit } from '../../node/training-split';
import { extractFeatures } from '../../node/extract-features';
import { FeatureCache } from '../../node/feature-cache';
import { openEncoderAndDecoders } from '../../node/open-engine';
import { prepareOutput } from '../../node/output-path';
import { CliError, UsageError } from '../../node/cli-error';
import { createProgress } from '../progress';
import { VERSION } from '../version';
import { numberOption, runtimeOption } from '../options';

export const usage =
  'originlens train --data DIR --out HEAD.json [--model ID|FILE] [--feature NAME|auto] [--per_class N] [--val_per_class N] ' +
  '[--known G1,G2] [--unknown G3,G4] [--val DIR] [--c C] [--open_set msp|max-logit|energy|knn] [--k K] [--accept_rate R] [--name NAME] [--seed N]';

export const summary = 'a head pack from labelled images: a folder per class (one of them real), or GenImage\'s layout';

export const describe: Record<keyof typeof options, string> = {
  data: 'the images: one folder per class (one of them real), or GenImage\'s <generator>/train/{ai,nature} layout',
  out: 'where to write the head pack .json (its folder is created, and checked before any work)',
  model: 'the encoder: a registry id or an entry .json beside its .onnx (default: the first installed)',
  feature: 'the encoder output the head reads (blockN, pooled, embedding), or auto: every one tried, the best on validation kept',
  per_class: 'at most this many training images per class',
  val_per_class: 'at most this many validation images per class',
  known: 'GenImage layout: the generators that become classes, comma-separated',
  unknown: 'GenImage layout: generators held out to calibrate and check the open-set score, comma-separated',
  val: 'a folder of validation images laid out like --data (default: a fifth of each class is held out)',
  c: 'a fixed inverse regularisation strength (default: the open-set paper\'s sweep of 45 values)',
  open_set: 'the open-set score: msp, max-logit, energy or knn',
  k: 'neighbours for the knn score',
  accept_rate: 'the share of known validation images the open-set threshold accepts',
  name: 'the head\'s name (default: its classes)',
  seed: 'the seed of the validation split and the sampling',
  runtime: 'node (onnxruntime-node) or wasm (onnxruntime-web, as in the browser)',
  batch: 'images encoded together, 1 to 64',
};

export const options = {
  data: { type: 'string' },
  out: { type: 'string' },
  model: { type: 'string' },
  feature: { type: 'string', default: 'auto' },
  per_class: { type: 'string' },
  val_per_class: { type: 'string' },
  known: { type: 'string' },
  unknown: { type: 'string' },
  val: { type: 'string' },
  c: { type: 'string' },
  open_set: { type: 'string', default: DEFAULT_OPEN_SET },
  k: { type: 'string', default: '10' },
  accept_rate: { type: 'string', default: '0.95' },
  name: { type: 'string' },
  seed: { type: 'string', default: '0' },
  runtime: { type: 'string', default: 'node' },
  batch: { type: 'string', default: '8' },
} as const;

const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

/** Which features to try: the one asked for, or (auto) every block and the final embedding. */
function candidateFeatures(entry: ModelEntry, asked: string): string[] {
  const available = Object.keys(entry.features);
  if (asked !== 'auto') {
    if (!entry.features[asked]) throw new UsageError(`encoder ${entry.id} has no feature "${asked}"; it has ${available.join(', ')}`);
    return [asked];
  }
  return available;
}

function matrixOf(sets: FeatureSet[], labels: number[], feature: string): LabelledFeatures {
  const dim = sets[0]![feature]!.length;
  const data = new Float32Array(sets.length * dim);
  sets.forEach((s, i) => data.set(l2Normalize(s[feature]!), i * dim));
  return { features: { rows: sets.length, cols: dim, data }, labels: Int32Array.from(labels) };
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options });
  if (!values.data || !values.out) throw new UsageError(`--data and --out are required\n${usage}`);
  const openSet = values.open_set as OpenSetMethod;
  if (!OPEN_SET_METHODS.includes(openSet)) throw new UsageError(`--open_set is one of ${OPEN_SET_METHODS.join(', ')}`);
  const perClass = numberOption('per_class', values.per_class, (n) => Number.isInteger(n) && n >= 1, 'a whole number, 1 or more');
  const valPerClass = numberOption('val_per_class', values.val_per_class, (n) => Number.isInteger(n) && n >= 1, 'a whole number, 1 or more');
  const c = numberOption('c', values.c, (n) => n > 0 && Number.isFinite(n), 'a positive number');
  const k = numberOption('k', values.k, (n) => Number.isInteger(n) && n >= 1 && n <= 100, 'a whole number from 1 to 100')!;
  const acceptRate = numberOption('accept_rate', values.accept_rate, (n) => n > 0 && n < 1, 'a number between 0 and 1')!;
  const seed = numberOption('seed', values.seed, Number.isInteger, 'a whole number')!;
  const batchSize = numberOption('batch', values.batch, (n) => Number.isInteger(n) && n >= 1 && n <= 64, 'a whole number from 1 to 64')!;

  await prepareOutput(values.out, '--out');
  const data = await readLabelledFolder(values.data, values.val);
  let split: TrainingSplit;
  try {
    const [known, unknown] = [list(values.known), list(values.unknown)];
    split = splitTrainingData(data, { ...(known ? { known } : {}), ...(unknown ? { unknown } : {}), perClass, valPerClass, seed });
  } catch (err) {
    if (err instanceof SplitError) throw new CliError(`${values.data}: ${err.message}`, 2);
    throw err;
  }
  const { classes, known, unknown, train, validation, labelOf } = split;
  // Checked before any image is encoded: a head without real photos, or without a generator, could not be used.
  if (!classes.includes('real')) throw new CliError(`${values.data}: no "real" folder; a head learns generators against real photos, so one class folder must be called real`, 2);
  if (classes.length < 2) throw new CliError(`${values.data}: only real photos; add a folder of images for each generator the head should know`, 2);

  const { encoder, pool } = await openEncoderAndDecoders(values.model, runtimeOption(values.runtime));
  try {
    const features = candidateFeatures(encoder.entry, values.feature);
    const cache = new FeatureCache(join(cacheDir(), 'features'), encoder.entry.sha256);
    const all = [...train, ...validation];
    const sets: (FeatureSet | undefined)[] = [];
    const progress = createProgress('encoding', all.length, { unit: 'images' });
    const errors: string[] = [];
    for await (const batch of extractFeatures(all.map((i) => ({ name: i.path, path: i.path })), { encoder, pool, cache, batchSize })) {
      for (const image of batch) {
        sets.push(image.features);
        if (image.error) errors.push(`${image.item.name}: ${image.error}`);
      }
      progress.tick(batch.length);
    }
    progress.done();
    for (const e of errors.slice(0, 10)) process.stderr.write(`skipped ${e}\n`);
    if (errors.length > 10) process.stderr.write(`… and ${errors.length - 10} more images skipped\n`);

    const pick = (images: LabelledImage[], offset: number) => {
      const kept = images.map((img, i) => ({ set: sets[offset + i], label: labelOf(img) })).filter((x) => x.set);
      return { sets: kept.map((x) => x.set!), labels: kept.map((x) => x.label) };
    };
    const trainSet = pick(train, 0);
    const valSet = pick(validation, train.length);
    const name = values.name ?? `${known.join('+')}`;
    let best: { feature: string; report: TrainReport } | undefined;
    if (features.length > 1) {
      process.stderr.write(
        `Trying each of the encoder's ${features.length} outputs as the head's input. For each: the regularisation strength C the sweep chose, ` +
          'the share of held-out images put in the right class, and how well the open-set score tells a generator the head never saw from those ' +
          'it knows (AUROC: 1 perfect, 0.5 chance). The best is kept.\n',
      );
    }
    for (const feature of features) {
      const report = trainHead(matrixOf(trainSet.sets, trainSet.labels, feature), {
        name,
        classes,
        encoder: { id: encoder.entry.id, sha256: encoder.entry.sha256 },
        featureName: feature,
        ...(c === undefined ? {} : { c }),
        openSet,
        k,
        acceptRate,
        ...(valSet.sets.length > 0 ? { validation: matrixOf(valSet.sets, valSet.labels, feature) } : {}),
        trainedOn: `${values.data} (${data.layout}; known: ${known.join(', ')}${unknown.length ? `; unknown in validation: ${unknown.join(', ')}` : ''})`,
        software: `originlens ${VERSION}`,
      });
      const summary = `  ${feature}: C = ${report.c.toPrecision(3)}, right class on ${(100 * report.validationAccuracy).toFixed(1)}% of held-out images` +
        (report.validationAuroc === undefined ? '' : `, open-set AUROC ${report.validationAuroc.toFixed(4)} (unknown generators in validation)`) +
        (report.leaveOneClassOutAuroc === undefined ? '' : `, open-set AUROC ${report.leaveOneClassOutAuroc.toFixed(4)} (each generator left out in turn)`);
      process.stderr.write(`${summary}\n`);
      // Flagging unseen generators is what separates features that all classify well.
      const score = (r: TrainReport) => [r.validationAuroc ?? r.leaveOneClassOutAuroc ?? -1, r.validationAccuracy];
      const [a, b] = score(report);
      const [bestA, bestB] = best ? score(best.report) : [-Infinity, -Infinity];
      if (a! > bestA! || (a === bestA && b! > bestB!)) best = { feature, report };
    }
    const pack = best!.report.head.pack;
    await writeFile(values.out, `${JSON.stringify(pack, null, 1)}\n`);
    process.stdout.write(
      `head "${pack.name}" → ${values.out}\n` +
        `  classes: ${classes.map((cl) => `${cl} (${pack.provenance.examples[cl]})`).join(', ')}\n` +
        `  feature: ${pack.feature.name}, C = ${pack.provenance.c.toPrecision(3)}, open set: ${pack.openSet.method} ≥ ${pack.openSet.threshold.toFixed(4)}\n` +
        `  validation: accuracy ${best!.report.validationAccuracy.toFixed(4)}` +
        (best!.report.validationAuroc === undefined ? '' : `, AUROC known vs unknown ${best!.report.validationAuroc.toFixed(4)}`) +
        `\n`,
    );
    return 0;
  } finally {
    await pool.close();
    await encoder.release();
  }
}
