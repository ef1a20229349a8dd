// The metrics of both papers, in one place for the command line and the options page: two-class figures
// (AUC, balanced accuracy), the detection paper's per-generator table, and the open-set attribution
// paper's closed-set and open-set figures. Pure TypeScript: no Node built-ins.
export { auc, balancedAccuracy, isApplicable, meanOf, notApplicable, type Figure, type NotApplicable } from './binary';
export { detectionMetrics, type DetectionMetrics, type DetectionSample, type GeneratorDetection } from './detection';
export { accuracy, argmax, f1PerClass, macroF1, type ClassF1 } from './closed-set';
export { ccrAtFpr, oscr, oscrCurve, type OscrPoint } from './oscr';
export {
  attributionMetrics,
  OPEN_SET_FPR,
  type AttributionMetrics,
  type AttributionSample,
  type ClassFigures,
} from './open-set';
export {
  formatMetricsReport,
  METRICS_CSV_COLUMNS,
  metricsRows,
  type JoinCounts,
  type MetricsReport,
  type MetricsRow,
} from './report';
export { formatFigure, formatTable } from './table';
