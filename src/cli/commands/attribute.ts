// `originlens attribute`: a verdict for every image of a CSV, folder or list of files, written as a CSV
// row per image in the order given. A bad image is an `error` row with its reason; the run goes on.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { defaultThresholds, judge, type Thresholds } from '../../engine/head/judge';
import { REAL, type Verdict } from '../../engine/types';
import { cacheDir } from '../../node/cache-dir';
import { itemsFromCsv, itemsFromPaths, type ImageItem } from '../../node/dataset';
import { extractFeatures, type ExtractedImage } from '../../node/extract-features';
import { FeatureCache } from '../../node/feature-cache';
import { openEncoderAndDecoders, openHead } from '../../node/open-engine';
import { UsageError } from '../../node/cli-error';
import { useNodeProvenanceWasm } from '../../node/provenance-wasm';
import { numberOption, runtimeOption } from '../options';
import { createProgress } from '../progress';

export const usage =
  'originlens attribute (--in_csv IN.csv | --in DIR|FILE ...) --out_csv OUT.csv --head HEAD.json [--model ID|FILE] ' +
  '[--llr_threshold X] [--open_set_threshold X] [--runtime node|wasm] [--batch N] [--no_cache]';

const options = {
  in_csv: { type: 'string' },
  in: { type: 'string', multiple: true },
  out_csv: { type: 'string' },
  model: { type: 'string' },
  head: { type: 'string' },
  llr_threshold: { type: 'string' },
  open_set_threshold: { type: 'string' },
  runtime: { type: 'string', default: 'node' },
  batch: { type: 'string', default: '8' },
  no_cache: { type: 'boolean', default: false },
} as const;

/** Nine significant digits: enough to rank scores that differ only far behind the decimal point. */
const number = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '' : String(Number(x.toPrecision(9))));

/** One CSV row: the verdict, every class's probability, and what made it. */
function row(image: ExtractedImage, verdict: Verdict, classes: string[]): Record<string, string> {
  const out: Record<string, string> = {
    filename: image.item.name,
    verdict: verdict.kind,
    generator: verdict.generator ?? '',
    llr: number(verdict.llr),
    open_set_score: number(verdict.openSetScore),
  };
  for (const c of classes) out[`p_${c}`] = number(verdict.probabilities[c]);
  return {
    ...out,
    provenance: image.provenance?.kind ?? '',
    provenance_detail: image.provenance?.detail ?? '',
    sha256: image.sha256 ?? '',
    encoder: verdict.encoder,
    head: verdict.head,
    ms: verdict.ms.toFixed(1),
    reason: verdict.reason ?? '',
  };
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true });
  const inputs = [...(values.in ?? []), ...positionals];
  if (!values.out_csv) throw new UsageError(`--out_csv is required\n${usage}`);
  if (!values.in_csv && inputs.length === 0) throw new UsageError(`give the images with --in_csv IN.csv, or folders or files\n${usage}`);
  if (values.in_csv && inputs.length > 0) throw new UsageError('give either --in_csv or folders and files, not both');
  const batchSize = numberOption('batch', values.batch, (n) => Number.isInteger(n) && n >= 1 && n <= 64, 'a whole number from 1 to 64')!;
  const runtime = runtimeOption(values.runtime);

  const { encoder, pool } = await openEncoderAndDecoders(values.model, runtime);
  try {
    const head = await openHead(values.head, encoder.entry);
    const thresholds: Thresholds = {
      llr: numberOption('llr_threshold', values.llr_threshold) ?? defaultThresholds(head).llr,
      openSet: numberOption('open_set_threshold', values.open_set_threshold) ?? defaultThresholds(head).openSet,
    };
    const items: ImageItem[] = values.in_csv ? await itemsFromCsv(values.in_csv) : await itemsFromPaths(inputs);
    const cache = values.no_cache ? undefined : new FeatureCache(join(cacheDir(), 'features'), encoder.entry.sha256);
    const classes = head.pack.classes;
    const columns = ['filename', 'verdict', 'generator', 'llr', 'open_set_score', ...classes.map((c) => `p_${c}`), 'provenance', 'provenance_detail', 'sha256', 'encoder', 'head', 'ms', 'reason'];
    const out = createWriteStream(values.out_csv);
    out.write(stringify([], { header: true, columns }));

    const counts: Record<string, number> = { real: 0, generator: 0, 'unknown-generator': 0, error: 0 };
    let fromCache = 0;
    const progress = createProgress('attributing', items.length, { unit: 'images' });
    const started = performance.now();
    useNodeProvenanceWasm();
    for await (const batch of extractFeatures(items, { encoder, pool, batchSize, provenance: true, ...(cache ? { cache } : {}) })) {
      const rows = batch.map((image) => {
        const made = { encoder: encoder.entry.id, head: head.pack.id, ms: image.ms };
        let verdict: Verdict;
        if (image.features) {
          verdict = { ...judge(head, image.features, thresholds), ...made };
        } else {
          verdict = { kind: 'error', probabilities: {}, llr: NaN, openSetScore: NaN, reason: image.error ?? 'unknown error', ...made };
        }
        counts[verdict.kind] = (counts[verdict.kind] ?? 0) + 1;
        if (image.cached) fromCache++;
        return row(image, verdict, classes);
      });
      out.write(stringify(rows, { columns }));
      progress.tick(batch.length);
    }
    progress.done();
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(
      `${items.length} images in ${seconds.toFixed(1)} s (${fromCache} features from the cache): ` +
        `${counts[REAL]} real, ${counts.generator} generator, ${counts['unknown-generator']} unknown generator, ${counts.error} errors → ${values.out_csv}\n`,
    );
    return 0;
  } finally {
    await pool.close();
    await encoder.release();
  }
}
