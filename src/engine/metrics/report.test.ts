import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attributionMetrics, detectionMetrics, formatMetricsReport, formatTable, metricsRows, type MetricsReport } from '.';

const counts = { labelled: 3, predicted: 3, joined: 3, errors: 0, evaluated: 3, missingPrediction: 0, missingLabel: 0 };

function report(samples: { typ: string; llr: number; probabilities: number[]; openSetScore: number }[]): MetricsReport {
  return { detection: detectionMetrics(samples), attribution: attributionMetrics(samples, ['real', 'a']), counts };
}

describe('metrics report', () => {
  it('says that nothing is accepted when an unknown image has the highest open-set score', () => {
    const r = report([
      { typ: 'real', llr: -1, probabilities: [0.9, 0.1], openSetScore: 0.6 },
      { typ: 'a', llr: 2, probabilities: [0.2, 0.8], openSetScore: 0.8 },
      { typ: 'x', llr: 1, probabilities: [0.05, 0.95], openSetScore: 0.95 },
    ]);
    const rows = metricsRows(r);
    const find = (metric: string) => rows.find((row) => row[2] === metric);
    assert.deepEqual(find('ccr_at_5pct_fpr'), ['open-set', 'all', 'ccr_at_5pct_fpr', '0.0000', '3', '']);
    assert.deepEqual(find('threshold_at_5pct_fpr'), [
      'open-set',
      'all',
      'threshold_at_5pct_fpr',
      '',
      '3',
      'open-set score ≥ threshold; n/a: no image is accepted',
    ]);
    assert.match(formatMetricsReport(r), /^n\/a: no image is accepted$/m);
    assert.match(formatMetricsReport(r), /^OSCR\s+0\.0000/m);
  });

  it('gives every figure four decimals and lists each reason for n/a once', () => {
    const r = report([
      { typ: 'a', llr: 2, probabilities: [0.2, 0.8], openSetScore: 0.8 },
      { typ: 'b', llr: 1, probabilities: [0.4, 0.6], openSetScore: 0.6 },
    ]);
    const text = formatMetricsReport(r);
    assert.match(text, /^a\s+1\s+n\/a\s+n\/a$/m);
    assert.equal(text.match(/^n\/a: no real images$/gm)?.length, 1);
    assert.match(text, /^closed-set accuracy\s+1\.0000/m);
    for (const row of metricsRows(r)) if (row[0] !== 'counts' && row[3] !== '') assert.match(row[3], /^\d\.\d{4}$/);
  });

  it('aligns names left and numbers right', () => {
    assert.equal(formatTable(['name', 'value'], [['ab', '1.5'], ['c', '10.25']]), 'name  value\nab      1.5\nc     10.25');
  });
});
