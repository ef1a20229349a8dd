// `originlens metrics` run as a person runs it, in a child process, on small CSV files whose figures
// were worked out by hand (see the comments beside the fixtures).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CliError } from '../src/node/cli-error';
import { formatCsv, parseCsv } from '../src/node/csv';

const root = fileURLToPath(new URL('..', import.meta.url));
let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'originlens-metrics-'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Same as `npx tsx src/cli/originlens.ts`, without npm's own notices on stderr. */
function originlens(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/originlens.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const LABELS = `filename,typ
r1.png,real
r2.png,real
r3.png,real
a1.png,a
a2.png,a
b1.png,b
x1.png,x
y1.png,y
e1.png,a
m1.png,real
`;

// Head classes real, a, b. r3 is predicted a and a2 is predicted b: closed-set accuracy 4/6.
// F1: real 2·2/(4+0+1) = 0.8, a 2/(2+1+1) = 0.5, b 2/(2+1) = 2/3; macro 0.6556.
// Detection against real LLRs -2, -1, 0.5: a (1, 2) AUC 1, bAcc (1 + 2/3)/2; x (-0.5) AUC 2/3, bAcc 1/3.
// Open set, known scores .8 .6 .5 .7 .5 .8 against unknown .4 .7: AUROC 8.5/12; correct known
// .8 .6 .7 .8 give OSCR 6.5/12; no unknown scores above .7, so CCR at 5% FPR is 2/6 at threshold .8.
const PREDICTIONS = `filename,verdict,generator,llr,open_set_score,p_real,p_a,p_b,sha256,ms,reason
r1.png,real,,-2,0.8,0.8,0.1,0.1,aa,10,
r2.png,real,,-1,0.6,0.6,0.2,0.2,ab,10,
r3.png,generator,a,0.5,0.5,0.4,0.5,0.1,ac,10,
a1.png,generator,a,1,0.7,0.1,0.7,0.2,ad,10,
a2.png,generator,b,2,0.5,0.2,0.3,0.5,ae,10,
b1.png,generator,b,3,0.8,0.1,0.1,0.8,af,10,
x1.png,unknown-generator,,-0.5,0.4,0.3,0.4,0.3,ag,10,
y1.png,generator,b,4,0.7,0.1,0.2,0.7,ah,10,
e1.png,error,,NaN,NaN,,,,,3,"cannot decode: truncated, 12 bytes"
z1.png,real,,-3,0.9,0.9,0.05,0.05,ai,10,
`;

/** The saved figures as "section/name/metric" → [value, n, note]. */
function savedFigures(path: string): Map<string, [string, string, string]> {
  const table = parseCsv(readFileSync(path, 'utf8'), path, ['section', 'name', 'metric', 'value', 'n', 'note']);
  assert.deepEqual(table.columns, ['section', 'name', 'metric', 'value', 'n', 'note']);
  return new Map(table.rows.map((r) => [`${r.section}/${r.name}/${r.metric}`, [r.value, r.n, r.note]]));
}

describe('originlens metrics', () => {
  it('prints the figures of both papers and saves them beside the predictions', () => {
    const labels = file('labels.csv', LABELS);
    const predictions = file('results.csv', PREDICTIONS);
    const run = originlens('metrics', '--in_csv', labels, '--out_csv', predictions);
    assert.equal(run.code, 0, run.stderr);

    assert.match(run.stdout, /against 3 real images/);
    assert.match(run.stdout, /^a\s+2\s+1\.0000\s+0\.8333$/m);
    assert.match(run.stdout, /^x\s+1\s+0\.6667\s+0\.3333$/m);
    assert.match(run.stdout, /^mean\s+0\.9167\s+0\.7083$/m);
    assert.match(run.stdout, /^real\s+3\s+0\.8000$/m);
    assert.match(run.stdout, /^closed-set accuracy\s+0\.6667\s+6 known$/m);
    assert.match(run.stdout, /^macro F1\s+0\.6556/m);
    assert.match(run.stdout, /^AUROC known vs unknown\s+0\.7083\s+6 known, 2 unknown$/m);
    assert.match(run.stdout, /^OSCR\s+0\.5417/m);
    assert.match(run.stdout, /^CCR at 5% FPR\s+0\.3333\s+open-set score ≥ 0\.8000, FPR 0\.0000$/m);
    assert.match(run.stdout, /9 in both \(1 with an error verdict, left out\), 8 evaluated/);
    assert.match(run.stderr, /1 filename in .*labels\.csv without a prediction, e\.g\. "m1\.png"/);
    assert.match(run.stderr, /1 filename in .*results\.csv without a label, e\.g\. "z1\.png"/);

    const saved = join(dir, 'results.metrics.csv');
    assert.ok(run.stdout.includes(`Saved every figure to ${saved}`));
    const figures = savedFigures(saved);
    assert.deepEqual(figures.get('detection/a/auc'), ['1.0000', '2', '']);
    assert.deepEqual(figures.get('detection/x/bacc'), ['0.3333', '1', '']);
    assert.deepEqual(figures.get('detection/mean/auc'), ['0.9167', '', 'mean over 4 generators']);
    assert.deepEqual(figures.get('attribution/b/f1'), ['0.6667', '1', '']);
    assert.deepEqual(figures.get('attribution/all/closed_set_accuracy'), ['0.6667', '6', '']);
    assert.deepEqual(figures.get('attribution/all/macro_f1'), ['0.6556', '6', '']);
    assert.deepEqual(figures.get('open-set/all/auroc'), ['0.7083', '8', '']);
    assert.deepEqual(figures.get('open-set/all/oscr'), ['0.5417', '8', '']);
    assert.equal(figures.get('open-set/all/ccr_at_5pct_fpr')?.[0], '0.3333');
    assert.equal(figures.get('open-set/all/threshold_at_5pct_fpr')?.[0], '0.8000');
    assert.equal(figures.get('counts/errors/images')?.[0], '1');
    assert.equal(figures.get('counts/evaluated/images')?.[0], '8');
    assert.equal(figures.get('counts/missing_prediction/images')?.[0], '1');
    assert.equal(figures.get('counts/missing_label/images')?.[0], '1');
    assert.equal(figures.get('counts/unknown/images')?.[0], '2');
  });

  it('says why the open-set figures do not apply when no image is of an unknown origin', () => {
    const labels = file('known-labels.csv', LABELS.replace(/^[xy]1\.png,.*\n/gm, ''));
    const predictions = file('known.csv', PREDICTIONS.replace(/^[xy]1\.png,.*\n/gm, ''));
    const save = join(dir, 'new-folder', 'figures.csv');
    const run = originlens('metrics', '--in_csv', labels, '--out_csv', predictions, '--save', save);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^closed-set accuracy\s+0\.6667/m);
    assert.match(run.stdout, /^AUROC known vs unknown\s+n\/a/m);
    assert.match(run.stdout, /^OSCR\s+n\/a/m);
    assert.match(run.stdout, /^n\/a: no images of unknown generators$/m);
    assert.doesNotMatch(run.stdout, /NaN/);
    const figures = savedFigures(save);
    assert.deepEqual(figures.get('open-set/all/oscr'), ['', '6', 'n/a: no images of unknown generators']);
    assert.deepEqual(figures.get('open-set/all/auroc'), ['', '6', 'n/a: no images of unknown generators']);
    assert.equal(figures.get('attribution/all/closed_set_accuracy')?.[0], '0.6667');
  });

  it('refuses wrong arguments with the usage and exit code 2', () => {
    for (const args of [['--in_csv', 'labels.csv'], ['--in_csv', 'a', '--out_csv', 'b', '--bogus'], ['--in_csv', 'a', '--out_csv', 'b', 'extra']]) {
      const run = originlens('metrics', ...args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /Usage: originlens metrics --in_csv LABELS --out_csv PREDICTIONS/);
    }
    const help = originlens('metrics', '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /p_<class>/);
  });

  it('explains problems with the files, without a stack trace, and exits with 1', () => {
    const labels = file('labels.csv', LABELS);
    const predictions = file('results.csv', PREDICTIONS);
    const cases: [string, string, RegExp][] = [
      [join(dir, 'absent.csv'), predictions, /cannot read .*absent\.csv: no such file or folder/],
      [file('no-typ.csv', 'filename,kind\nr1.png,real\n'), predictions, /no-typ\.csv: missing column "typ" \(the header has: filename, kind\)/],
      [labels, file('no-open-set.csv', 'filename,verdict,llr,p_real,p_a\nr1.png,real,-1,0.9,0.1\n'), /no-open-set\.csv: p_<class> columns without open_set_score/],
      [labels, file('text-llr.csv', PREDICTIONS.replace('a1.png,generator,a,1,', 'a1.png,generator,a,high,')), /text-llr\.csv line 5: llr "high" is not a number/],
      [labels, file('empty-p.csv', PREDICTIONS.replace('b1.png,generator,b,3,0.8,0.1,0.1,0.8', 'b1.png,generator,b,3,0.8,0.1,,0.8')), /empty-p\.csv line 7: p_a "" is not a number/],
      [labels, file('verdict.csv', PREDICTIONS.replace('r2.png,real,', 'r2.png,maybe,')), /verdict\.csv line 3: verdict "maybe" is not one of real, synthetic, generator, unknown-generator, unplaced, error/],
      [file('twice.csv', `${LABELS}r1.png,a\n`), predictions, /twice\.csv: a filename appears more than once, so rows cannot be matched: "r1\.png"/],
      [file('other.csv', 'filename,typ\n/elsewhere/r1.png,real\n'), predictions, /no filename of .*other\.csv appears in .*results\.csv; filenames must match exactly/],
      [file('ragged.csv', 'filename,typ\nr1.png,real,extra\n'), predictions, /ragged\.csv: not a valid CSV file/],
    ];
    for (const [labelsPath, predictionsPath, message] of cases) {
      const run = originlens('metrics', '--in_csv', labelsPath, '--out_csv', predictionsPath);
      assert.equal(run.code, 1, `${String(message)}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /unexpected failure|\n\s+at /);
    }
  });
});

describe('csv helpers', () => {
  it('reads a header, quoted fields, a byte-order mark and blank lines, and knows each row\'s line', () => {
    const table = parseCsv('\uFEFFfilename, typ\n"a, b.png",real\n\n"multi\nline.png",sd\n', 'x.csv', ['filename', 'typ']);
    assert.deepEqual(table.columns, ['filename', 'typ']);
    assert.deepEqual(table.rows, [
      { filename: 'a, b.png', typ: 'real' },
      { filename: 'multi\nline.png', typ: 'sd' },
    ]);
    assert.deepEqual(table.lines, [2, 5]);
  });

  it('refuses an empty file, a repeated column and a missing one', () => {
    assert.throws(() => parseCsv('', 'e.csv'), (e) => e instanceof CliError && /e\.csv: the file is empty/.test(e.message));
    assert.throws(() => parseCsv('a,a\n1,2\n', 'd.csv'), /column "a" appears twice/);
    assert.throws(() => parseCsv('a,b\n1,2\n', 'm.csv', ['a', 'c', 'd']), /missing columns "c", "d"/);
  });

  it('writes what it reads', () => {
    const text = formatCsv(['name', 'value'], [['with, comma', 0.5], ['with "quote"', 'x']]);
    assert.deepEqual(parseCsv(text, 'w.csv').rows, [
      { name: 'with, comma', value: '0.5' },
      { name: 'with "quote"', value: 'x' },
    ]);
  });
});
