// What `originlens metrics` shows and saves: every figure of both papers as readable tables, and the
// same figures as rows of a flat CSV (section, name, metric, value, n, note) that a spreadsheet or a
// later comparison can read. A figure that does not apply has an empty value and says why in the note.
import { isApplicable, type Figure, type NotApplicable } from './binary';
import type { DetectionMetrics } from './detection';
import type { AttributionMetrics } from './open-set';
import type { OscrPoint } from './oscr';
import { formatFigure, formatTable } from './table';

/** How the labels and the predictions met. */
export interface JoinCounts {
  labelled: number;
  predicted: number;
  /** Filenames present on both sides. */
  joined: number;
  /** Joined images whose prediction is an error: left out of every figure. */
  errors: number;
  evaluated: number;
  missingPrediction: number;
  missingLabel: number;
}

export interface MetricsReport {
  detection: DetectionMetrics;
  /** Absent for detectors alone: their CSV has no class probabilities. */
  attribution?: AttributionMetrics;
  counts: JoinCounts;
}

export const METRICS_CSV_COLUMNS = ['section', 'name', 'metric', 'value', 'n', 'note'] as const;
export type MetricsRow = [section: string, name: string, metric: string, value: string, n: string, note: string];

function figureRow(section: string, name: string, metric: string, figure: Figure, n: number | '', note = ''): MetricsRow {
  const reason = isApplicable(figure) ? '' : `n/a: ${figure.notApplicable}`;
  return [section, name, metric, isApplicable(figure) ? figure.toFixed(4) : '', String(n), [note, reason].filter(Boolean).join('; ')];
}

function operatingPoint(point: OscrPoint | NotApplicable): { ccr: Figure; threshold: Figure; fpr: Figure } {
  if ('notApplicable' in point) return { ccr: point, threshold: point, fpr: point };
  // +Infinity: even the highest score would let too many unknown images through, so nothing is accepted.
  const threshold = Number.isFinite(point.threshold) ? point.threshold : { notApplicable: 'no image is accepted' };
  return { ccr: point.ccr, threshold, fpr: point.fpr };
}

export function metricsRows({ detection, attribution, counts }: MetricsReport): MetricsRow[] {
  const d = detection;
  const a = attribution;
  const averaged = (figures: Figure[]) => `mean over ${figures.filter(isApplicable).length} generators`;
  const aucs = d.generators.map((g) => g.auc);
  const baccs = d.generators.map((g) => g.balancedAccuracy);
  const count = (name: string, value: number): MetricsRow => ['counts', name, 'images', String(value), '', ''];
  const attributionRows = (a: AttributionMetrics): MetricsRow[] => {
    const point = operatingPoint(a.ccrAt5PctFpr);
    return [
      ...a.perClass.map((c) => figureRow('attribution', c.name, 'f1', c.f1, c.n)),
      figureRow('attribution', 'all', 'closed_set_accuracy', a.closedSetAccuracy, a.known),
      figureRow('attribution', 'all', 'macro_f1', a.macroF1, a.known),
      figureRow('open-set', 'all', 'auroc', a.auroc, a.known + a.unknown),
      figureRow('open-set', 'all', 'oscr', a.oscr, a.known + a.unknown),
      figureRow('open-set', 'all', 'ccr_at_5pct_fpr', point.ccr, a.known + a.unknown),
      figureRow('open-set', 'all', 'threshold_at_5pct_fpr', point.threshold, a.known + a.unknown, 'open-set score ≥ threshold'),
      figureRow('open-set', 'all', 'fpr_at_5pct_fpr', point.fpr, a.unknown, 'the false-positive rate that threshold gives'),
    ];
  };
  return [
    ...d.generators.flatMap((g) => [
      figureRow('detection', g.generator, 'auc', g.auc, g.n),
      figureRow('detection', g.generator, 'bacc', g.balancedAccuracy, g.n),
    ]),
    figureRow('detection', 'mean', 'auc', d.meanAuc, '', averaged(aucs)),
    figureRow('detection', 'mean', 'bacc', d.meanBalancedAccuracy, '', averaged(baccs)),
    ...(a ? attributionRows(a) : []),
    count('labelled', counts.labelled),
    count('predicted', counts.predicted),
    count('joined', counts.joined),
    count('errors', counts.errors),
    count('evaluated', counts.evaluated),
    count('missing_prediction', counts.missingPrediction),
    count('missing_label', counts.missingLabel),
    count('real', d.real),
    ...(a ? [count('known', a.known), count('unknown', a.unknown)] : []),
  ];
}

/** The report for a terminal: tables, then the reason behind every n/a. */
export function formatMetricsReport({ detection, attribution, counts }: MetricsReport): string {
  const reasons = new Set<string>();
  const cell = (figure: Figure): string => {
    if (!isApplicable(figure)) reasons.add(figure.notApplicable);
    return formatFigure(figure);
  };
  const d = detection;
  const attributionSection = (a: AttributionMetrics): string[] => {
    const point = operatingPoint(a.ccrAt5PctFpr);
    const unknownOrigins = a.unknownOrigins.map((o) => `${o.name} ${o.n}`).join(', ');
    return [
      `Attribution: ${a.classes.length} known classes (${a.classes.join(', ')}); ` +
        `${a.known} images of known classes, ${a.unknown} of unknown origin${unknownOrigins ? ` (${unknownOrigins})` : ''}`,
      formatTable(
        ['class', 'images', 'F1'],
        a.perClass.map((c) => [c.name, String(c.n), cell(c.f1)]),
      ),
      '',
      formatTable(
        ['figure', 'value', 'over'],
        [
          ['closed-set accuracy', cell(a.closedSetAccuracy), `${a.known} known`],
          ['macro F1', cell(a.macroF1), `${a.known} known`],
          ['AUROC known vs unknown', cell(a.auroc), `${a.known} known, ${a.unknown} unknown`],
          ['OSCR', cell(a.oscr), `${a.known} known, ${a.unknown} unknown`],
          ['CCR at 5% FPR', cell(point.ccr), 'notApplicable' in a.ccrAt5PctFpr ? '' : `open-set score ≥ ${cell(point.threshold)}, FPR ${cell(point.fpr)}`],
        ],
        [0, 2],
      ),
      '',
    ];
  };
  const sections = [
    `Detection (LLR > 0 means synthetic), each generator against ${d.real} real images`,
    formatTable(
      ['generator', 'images', 'AUC', 'bAcc'],
      [
        ...d.generators.map((g) => [g.generator, String(g.n), cell(g.auc), cell(g.balancedAccuracy)]),
        ['mean', '', cell(d.meanAuc), cell(d.meanBalancedAccuracy)],
      ],
    ),
    '',
    ...(attribution ? attributionSection(attribution) : ['No attribution head: detection figures only.', '']),
    `Images: ${counts.labelled} labelled, ${counts.predicted} predicted, ${counts.joined} in both ` +
      `(${counts.errors} with an error verdict, left out), ${counts.evaluated} evaluated; ` +
      `${counts.missingPrediction} labelled without prediction, ${counts.missingLabel} predicted without label`,
    ...[...reasons].map((r) => `n/a: ${r}`),
  ];
  return `${sections.join('\n')}\n`;
}
