// `originlens attribute`: a verdict for every image of a CSV, folder or list of files, written as a CSV
// row per image in the order given. A bad image is an `error` row with its reason; the run goes on.
// Several heads may judge together (detectors beside an attribution head): the engine's rules combine
// them (engine/verdict), the CSV keeps the combined `llr` and one `llr_<head>` column per head.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { headMisfit } from '../../engine/head/fits-encoder';
import { inputGroups } from '../../engine/head/heads-input';
import { isDetector, type AnyHead } from '../../engine/head/head-pack';
import type { Verdict, VerdictKind } from '../../engine/types';
import { FUSION_RULES, type FusionRule, type HeadThresholds, type ThresholdsOf } from '../../engine/verdict/decide';
import { evidenceOf } from '../../engine/verdict/evidence';
import { decided } from '../../engine/verdict/verdict';
import { countsLine, verdictLine } from '../../engine/verdict/verdict-text';
import { cacheDir } from '../../node/cache-dir';
import { itemsFromCsv, itemsFromPaths, type ImageItem } from '../../node/dataset';
import { extractFeatures, type ExtractedImage } from '../../node/extract-features';
import { FeatureCache } from '../../node/feature-cache';
import { readHeadArgument } from '../../node/head-store';
import { openEncoderAndDecoders } from '../../node/open-engine';
import { prepareOutput } from '../../node/output-path';
import { CliError, UsageError } from '../../node/cli-error';
import { useNodeProvenanceWasm } from '../../node/provenance-wasm';
import { numberOption, runtimeOption } from '../options';
import { createProgress } from '../progress';

export const usage =
  'originlens attribute (--in_csv IN.csv | --in DIR|FILE ...) --out_csv OUT.csv --head HEAD [--head HEAD ...] [--model ID|FILE] ' +
  '[--fusion soft-or|mean|max] [--threshold HEAD=X] [--llr_threshold X] [--open_set_threshold X] [--csv_format originlens|clipdet] ' +
  '[--runtime node|wasm] [--batch N] [--no_cache]';

export const summary = 'a verdict for every image of a CSV, a folder or files, written as a CSV row per image';

export const describe: Record<keyof typeof options, string> = {
  in_csv: 'a CSV with a filename column (paths relative to its folder), as the CLIP-based detection paper\'s tools read',
  in: 'a folder (read recursively, symbolic links followed) or an image file; folders and files may also be given without --in',
  out_csv: 'where to write the verdicts (its folder is created)',
  model: 'the encoder: a registry id or an entry .json beside its .onnx; by default the one the heads read',
  head: 'a head: the id of an installed published detector (originlens heads list) or a head pack .json (originlens train)',
  fusion: 'how several heads\' LLR margins become one: soft-or (of the probabilities), mean or max',
  threshold: 'HEAD=X: that head says synthetic above an LLR of X (HEAD as its llr_ column names it)',
  llr_threshold: 'the first head\'s LLR threshold (default: the head\'s own)',
  open_set_threshold: 'the attribution head\'s open-set threshold (default: the head\'s own)',
  csv_format: 'originlens (every column) or clipdet (filename, one score column per head and fusion, as the detection paper\'s main.py writes)',
  runtime: 'node (onnxruntime-node) or wasm (onnxruntime-web, as in the browser)',
  batch: 'images encoded together, 1 to 64',
  no_cache: 'encode every image again instead of reading features cached by an earlier run',
};

export const options = {
  in_csv: { type: 'string' },
  in: { type: 'string', multiple: true },
  out_csv: { type: 'string' },
  model: { type: 'string' },
  head: { type: 'string', multiple: true },
  fusion: { type: 'string', default: 'soft-or' },
  threshold: { type: 'string', multiple: true },
  llr_threshold: { type: 'string' },
  open_set_threshold: { type: 'string' },
  csv_format: { type: 'string', default: 'originlens' },
  runtime: { type: 'string', default: 'node' },
  batch: { type: 'string', default: '8' },
  no_cache: { type: 'boolean', default: false },
} as const;

/** Nine significant digits: enough to rank scores that differ only far behind the decimal point. */
const number = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '' : String(Number(x.toPrecision(9))));

/** A head's column name: its pack id up to the weights' fingerprint, in the characters a column name keeps. */
const columnOf = (head: AnyHead): string => head.pack.id.replace(/@.*$/, '').replace(/[^A-Za-z0-9_.-]+/g, '_');

interface Layout {
  columns: string[];
  row(image: ExtractedImage, verdict: Verdict): Record<string, string>;
}

/** OriginLens's CSV: the verdict, the combined LLR, each head's, every class's probability, and what made it. */
function originlensLayout(heads: AnyHead[]): Layout {
  const classes = heads.flatMap((h) => (isDetector(h) ? [] : h.pack.classes));
  const perHead = heads.length > 1 || heads.some(isDetector) ? heads.map((h) => `llr_${columnOf(h)}`) : [];
  const columns = ['filename', 'verdict', 'generator', 'llr', ...perHead, 'open_set_score', ...classes.map((c) => `p_${c}`), 'provenance', 'provenance_detail', 'sha256', 'encoder', 'head', 'ms', 'reason'];
  return {
    columns,
    row(image, verdict) {
      const out: Record<string, string> = { filename: image.item.name, verdict: verdict.kind, generator: verdict.generator ?? '', llr: number(verdict.llr) };
      heads.forEach((h, i) => {
        if (perHead.length > 0) out[perHead[i]!] = number(verdict.evidence?.[i]?.llr);
      });
      out.open_set_score = number(verdict.openSetScore);
      for (const c of classes) out[`p_${c}`] = number(verdict.probabilities[c]);
      return {
        ...out,
        provenance: image.provenance?.kind ?? '',
        provenance_detail: image.provenance?.detail ?? '',
        sha256: image.sha256 ?? '',
        encoder: verdict.encoder,
        head: verdict.head,
        ms: verdict.ms.toFixed(1),
        // What the verdict means, in the words every surface of the extension uses; an error's reason.
        reason: verdictLine(verdict),
      };
    },
  };
}

/**
 * The CLIP-based detection paper's layout, which its tools read unchanged: `filename`, one score column per
 * detector named after it, and the fused score; every column but `filename` is a score (an error row's
 * are empty).
 */
function clipdetLayout(heads: AnyHead[]): Layout {
  const names = heads.map(columnOf);
  const columns = ['filename', ...names, ...(heads.length > 1 ? ['fusion'] : [])];
  return {
    columns,
    row(image, verdict) {
      const out: Record<string, string> = { filename: image.item.name };
      names.forEach((n, i) => (out[n] = number(verdict.evidence?.[i]?.llr)));
      if (heads.length > 1) out.fusion = number(verdict.llr);
      return out;
    },
  };
}

/** `--threshold HEAD=X`: a head's LLR threshold, by its column name or pack id. */
function headThresholds(specs: readonly string[], heads: AnyHead[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const spec of specs) {
    const at = spec.lastIndexOf('=');
    const name = spec.slice(0, at);
    const value = Number(spec.slice(at + 1));
    const head = heads.find((h) => h.pack.id === name || columnOf(h) === name);
    if (at < 1 || !Number.isFinite(value)) throw new UsageError(`--threshold ${spec}: expected HEAD=NUMBER, e.g. --threshold ${heads[0] ? columnOf(heads[0]) : 'univfd'}=1.5`);
    if (!head) throw new UsageError(`--threshold ${spec}: no head given is called "${name}" (the heads are ${heads.map(columnOf).join(', ')})`);
    out.set(head.pack.id, value);
  }
  return out;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true });
  const inputs = [...(values.in ?? []), ...positionals];
  if (!values.out_csv) throw new UsageError(`--out_csv is required\n${usage}`);
  if (!values.in_csv && inputs.length === 0) throw new UsageError(`give the images with --in_csv IN.csv, or folders or files\n${usage}`);
  if (values.in_csv && inputs.length > 0) throw new UsageError('give either --in_csv or folders and files, not both');
  const batchSize = numberOption('batch', values.batch, (n) => Number.isInteger(n) && n >= 1 && n <= 64, 'a whole number from 1 to 64')!;
  const runtime = runtimeOption(values.runtime);
  const fusion = values.fusion as FusionRule;
  if (!FUSION_RULES.includes(fusion)) throw new UsageError(`--fusion: expected one of ${FUSION_RULES.join(', ')}`);
  if (values.csv_format !== 'originlens' && values.csv_format !== 'clipdet') throw new UsageError('--csv_format: expected originlens or clipdet');
  if (!values.head?.length) {
    throw new CliError('no head given: pass --head ID for a published detector (`originlens heads list`), or --head HEAD.json (make one with `originlens train`)', 2);
  }
  await prepareOutput(values.out_csv, '--out_csv');
  // The heads first: a missing one is said before any encoder is opened or downloaded.
  const heads = await Promise.all(values.head.map((h) => readHeadArgument(h)));
  const llrOverride = numberOption('llr_threshold', values.llr_threshold);
  const openSetOverride = numberOption('open_set_threshold', values.open_set_threshold);
  const perHead = headThresholds(values.threshold ?? [], heads);
  // --llr_threshold and --open_set_threshold are the first head's, as with one head; --threshold any head's.
  const thresholdsOf: ThresholdsOf = (e) => {
    const first = e.head === heads[0]!.pack.id;
    const llr = perHead.get(e.head) ?? (first ? llrOverride : undefined) ?? e.defaults.llr;
    const t: HeadThresholds = { llr };
    if (e.defaults.openSet !== undefined) t.openSet = (first ? openSetOverride : undefined) ?? e.defaults.openSet;
    return t;
  };

  const encoderIds = [...new Set(heads.map((h) => h.pack.encoder.id))];
  if (!values.model && encoderIds.length > 1) throw new UsageError(`these heads read different encoders (${encoderIds.join(', ')}); give heads of one encoder`);
  const { encoder, pool } = await openEncoderAndDecoders(values.model ?? encoderIds[0], runtime);
  try {
    for (const head of heads) {
      const misfit = headMisfit(head.pack, encoder.entry);
      if (misfit?.kind === 'other-weights') {
        throw new CliError(`${misfit.message}. Pass --model ${head.pack.encoder.id}${isDetector(head) ? '' : `, or train a head for ${encoder.entry.id} with \`originlens train --model ${encoder.entry.id}\``}.`);
      }
      if (misfit) throw new CliError(misfit.message);
    }
    const items: ImageItem[] = values.in_csv ? await itemsFromCsv(values.in_csv) : await itemsFromPaths(inputs);
    // One pass of the encoder per way the heads prepare images (UnivFD reads a centre crop, a trained head
    // the encoder's own resize), so that each head reads the features of its own preparation. Images
    // prepared otherwise are other features: cached apart. The passes go batch by batch side by side.
    const groups = inputGroups(encoder.entry.input, heads.map((h) => h.pack));
    const groupOfHead = heads.map((_, i) => groups.findIndex((g) => g.heads.includes(i)));
    const passes = groups.map((g, k) => {
      const variant = g.input === encoder.entry.input ? undefined : g.input.resize;
      const cache = values.no_cache ? undefined : new FeatureCache(join(cacheDir(), 'features'), encoder.entry.sha256, variant);
      return extractFeatures(items, { encoder, pool, batchSize, provenance: k === 0, input: g.input, ...(cache ? { cache } : {}) });
    });
    const layout = values.csv_format === 'clipdet' ? clipdetLayout(heads) : originlensLayout(heads);
    const headKey = heads.map((h) => h.pack.id).join(' + ');
    const out = createWriteStream(values.out_csv);
    out.write(stringify([], { header: true, columns: layout.columns }));

    const counts: Partial<Record<VerdictKind, number>> = {};
    let fromCache = 0;
    const progress = createProgress('attributing', items.length, { unit: 'images' });
    const started = performance.now();
    useNodeProvenanceWasm();
    for await (const batch of passes[0]!) {
      const others: ExtractedImage[][] = [];
      for (const pass of passes.slice(1)) others.push((await pass.next()).value as ExtractedImage[]);
      const rows = batch.map((image, j) => {
        const passesOfImage = [image, ...others.map((b) => b[j]!)];
        const made = { encoder: encoder.entry.id, head: headKey, ms: passesOfImage.reduce((ms, p) => ms + p.ms, 0) };
        const failed = passesOfImage.find((p) => !p.features);
        let verdict: Verdict;
        if (!failed) {
          const evidence = heads.map((h, i) => evidenceOf(h, passesOfImage[groupOfHead[i]!]!.features!));
          verdict = { ...decided(evidence, fusion, thresholdsOf), ...made };
        } else {
          verdict = { kind: 'error', probabilities: {}, llr: NaN, openSetScore: NaN, reason: failed.error ?? 'unknown error', ...made };
        }
        counts[verdict.kind] = (counts[verdict.kind] ?? 0) + 1;
        if (image.cached) fromCache++;
        return layout.row(image, verdict);
      });
      out.write(stringify(rows, { columns: layout.columns }));
      progress.tick(batch.length);
    }
    progress.done();
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(`${items.length} images in ${seconds.toFixed(1)} s (${fromCache} features from the cache): ${countsLine(counts)} → ${values.out_csv}\n`);
    // 1: the run is done, every row written, but some images could not be judged (their rows say why).
    return (counts.error ?? 0) > 0 ? 1 : 0;
  } finally {
    await pool.close();
    await encoder.release();
  }
}
