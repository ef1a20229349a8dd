// `originlens metrics`: scores what `originlens attribute` wrote against the true origins, with the
// figures of both papers. The labels file is the detection paper's: `filename` and `typ` (`real`, or
// the generator's name). The head's classes are read from the `p_<class>` columns of the predictions.
import { basename, dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { KIND_NAMES } from '../../engine/verdict/verdict-text';
import {
  attributionMetrics,
  detectionMetrics,
  formatMetricsReport,
  METRICS_CSV_COLUMNS,
  metricsRows,
  type AttributionSample,
  type JoinCounts,
} from '../../engine/metrics';
import { CliError, UsageError } from '../../node/cli-error';
import { readCsv, writeCsv, type CsvRecord, type CsvTable } from '../../node/csv';

export const usage = 'originlens metrics --in_csv LABELS --out_csv PREDICTIONS [--save FILE]';

export const summary = 'both papers\' metrics from a labelled CSV and the verdicts of originlens attribute';

export const options = { in_csv: { type: 'string' }, out_csv: { type: 'string' }, save: { type: 'string' } } as const;

export const help = `Usage: ${usage}

Scores the predictions of \`originlens attribute\` against the true origins of the images.

  --in_csv LABELS        CSV with columns filename and typ (real, or the generator's name)
  --out_csv PREDICTIONS  CSV written by \`originlens attribute\` for the same filenames
  --save FILE            where to save every figure as CSV (default: PREDICTIONS with .metrics.csv)

Per generator: AUC and balanced accuracy of the LLR (> 0: synthetic) against the real images.
Attribution: closed-set accuracy and macro F1 over the head's classes (the p_<class> columns), AUROC of
known classes against the other origins by the open-set score, OSCR, and CCR at 5% false positives.
Rows whose verdict is "error" are left out and counted.
`;

const VERDICTS = new Set(Object.keys(KIND_NAMES));
const EXAMPLES = 5;

interface Evaluated extends AttributionSample {
  llr: number;
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArguments(argv);
  if (args === 'help') {
    process.stdout.write(help);
    return 0;
  }
  const labels = readCsv(args.labels, ['filename', 'typ']);
  const predictions = readCsv(args.predictions, ['filename', 'verdict', 'llr']);
  const classes = headClasses(predictions);
  const typOf = indexByFilename(labels, (row, line) => {
    if (row.typ.trim() === '') throw new CliError(`${labels.source} line ${line}: typ is empty`);
    return row.typ.trim();
  });
  // Error rows stay in the index (as null) so that they count as joined, then are left out.
  const predictionOf = indexByFilename(predictions, (row, line) =>
    row.verdict === 'error' ? null : readPrediction(predictions, row, line, classes),
  );

  const joined = [...typOf.keys()].filter((f) => predictionOf.has(f));
  const missingPrediction = [...typOf.keys()].filter((f) => !predictionOf.has(f));
  const missingLabel = [...predictionOf.keys()].filter((f) => !typOf.has(f));
  if (joined.length === 0) throw new CliError(noOverlap(labels, predictions));
  warnMissing(`in ${labels.source} without a prediction`, missingPrediction);
  warnMissing(`in ${predictions.source} without a label`, missingLabel);

  const evaluated: Evaluated[] = [];
  for (const filename of joined) {
    const prediction = predictionOf.get(filename);
    if (prediction) evaluated.push({ ...prediction, typ: typOf.get(filename)! });
  }
  const counts: JoinCounts = {
    labelled: labels.rows.length,
    predicted: predictions.rows.length,
    joined: joined.length,
    errors: joined.length - evaluated.length,
    evaluated: evaluated.length,
    missingPrediction: missingPrediction.length,
    missingLabel: missingLabel.length,
  };
  const report = {
    detection: detectionMetrics(evaluated),
    ...(classes.length > 0 ? { attribution: attributionMetrics(evaluated, classes) } : {}),
    counts,
  };
  const save = args.save ?? besidePredictions(args.predictions);
  writeCsv(save, METRICS_CSV_COLUMNS, metricsRows(report));
  process.stdout.write(`${formatMetricsReport(report)}\nSaved every figure to ${save}\n`);
  return 0;
}

function parseArguments(argv: string[]): { labels: string; predictions: string; save: string | undefined } | 'help' {
  // An unknown or misused option throws here; the dispatcher says it as the person's mistake.
  const { values } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: false });
  if (values.help) return 'help';
  if (!values.in_csv || !values.out_csv) {
    throw new UsageError(`metrics needs both --in_csv (labels) and --out_csv (predictions)\nUsage: ${usage}`);
  }
  return { labels: values.in_csv, predictions: values.out_csv, save: values.save };
}

/**
 * The attribution head's classes, in its order, from the `p_<class>` columns `originlens attribute` writes;
 * none where detectors alone made the verdicts (detection figures only, then).
 */
function headClasses(predictions: CsvTable): string[] {
  const classes = predictions.columns.filter((c) => c.startsWith('p_')).map((c) => c.slice(2));
  if (classes.length > 0 && !predictions.columns.includes('open_set_score')) {
    throw new CliError(`${predictions.source}: p_<class> columns without open_set_score; expected the output of \`originlens attribute\``);
  }
  if (classes.includes('')) throw new CliError(`${predictions.source}: a column is named "p_" without a class`);
  return classes;
}

/** Rows by filename; the same filename twice would make the join ambiguous, so it is refused. */
function indexByFilename<R extends CsvRecord<'filename'>, T>(
  table: { source: string; rows: R[]; lines: number[] },
  read: (row: R, line: number) => T,
): Map<string, T> {
  const byName = new Map<string, T>();
  const repeated = new Set<string>();
  table.rows.forEach((row, i) => {
    if (byName.has(row.filename)) repeated.add(row.filename);
    else byName.set(row.filename, read(row, table.lines[i]!));
  });
  if (repeated.size > 0) {
    const which = repeated.size === 1 ? 'a filename appears' : `${repeated.size} filenames appear`;
    throw new CliError(`${table.source}: ${which} more than once, so rows cannot be matched: ${examples([...repeated])}`);
  }
  return byName;
}

function readPrediction(
  table: CsvTable,
  row: CsvRecord<never>,
  line: number,
  classes: readonly string[],
): Omit<Evaluated, 'typ'> {
  const verdict = row.verdict ?? '';
  if (!VERDICTS.has(verdict)) {
    throw new CliError(`${table.source} line ${line}: verdict "${verdict}" is not one of ${[...VERDICTS].join(', ')}`);
  }
  const number = (column: string): number => {
    const text = (row[column] ?? '').trim();
    const value = text === '' ? Number.NaN : Number(text);
    // ±Infinity is an LLR whose probability underflowed, and still orders; NaN or text would not.
    if (Number.isNaN(value)) throw new CliError(`${table.source} line ${line}: ${column} "${text}" is not a number`);
    return value;
  };
  return {
    llr: number('llr'),
    openSetScore: classes.length > 0 ? number('open_set_score') : Number.NaN,
    probabilities: classes.map((c) => number(`p_${c}`)),
  };
}

function noOverlap(labels: CsvTable<'filename'>, predictions: CsvTable<'filename'>): string {
  const first = (t: CsvTable<'filename'>) => (t.rows[0] ? `"${t.rows[0].filename}"` : 'no rows');
  return (
    `no filename of ${labels.source} appears in ${predictions.source}; filenames must match exactly ` +
    `(first of each: ${first(labels)}, ${first(predictions)})`
  );
}

function warnMissing(what: string, filenames: readonly string[]): void {
  const n = filenames.length;
  if (n > 0) process.stderr.write(`originlens: warning: ${n} filename${n === 1 ? '' : 's'} ${what}, e.g. ${examples(filenames)}\n`);
}

function examples(items: readonly string[]): string {
  const shown = items.slice(0, EXAMPLES).map((s) => `"${s}"`).join(', ');
  return items.length > EXAMPLES ? `${shown} and ${items.length - EXAMPLES} more` : shown;
}

/** results.csv → results.metrics.csv, in the same folder. */
function besidePredictions(predictions: string): string {
  const ext = extname(predictions);
  const name = ext.toLowerCase() === '.csv' ? basename(predictions, ext) : basename(predictions);
  return join(dirname(predictions), `${name}.metrics.csv`);
}
