// What every benchmark section produces and how a run is printed and saved. A figure is a median over
// repeated runs; when it has a baseline (another figure of the same run), its ratio to that baseline is
// part of the figure, so a table never compares numbers measured under different loads.

export interface Figure {
  /** Unique within a run, stable between runs (the JSON key people diff): "encoder/b32/float32/wasm/batch1". */
  name: string;
  /** Median over `runs` measurements. */
  median: number;
  unit: string;
  runs: number;
  /** The figure this one is compared to, and median / baseline median. */
  baseline?: string;
  ratio?: number;
  /** What a reader needs to read the figure right (a target, a condition). */
  note?: string;
}

export interface BenchOptions {
  /** A smoke run: small models and few repetitions, for CI. The figures say little. */
  quick: boolean;
  /** onnxruntime-web's WASM thread count, when not the engine's default (to measure the threads lever). */
  wasmThreads?: number;
  log: (line: string) => void;
}

/**
 * One part of the benchmark. Sections are independent: each opens what it needs and releases it. The
 * browser sections (engine host in Chromium, IndexedDB cache, content-script discovery) are sections too.
 */
export interface Section {
  id: string;
  title: string;
  /** `earlier`: the figures of the sections run before it, e.g. to find its baseline or measure it itself. */
  run(options: BenchOptions, earlier?: readonly Figure[]): Promise<Figure[]>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A value at quantile q (0..1) by nearest rank, for p50/p99 figures. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function figure(name: string, samples: readonly number[], unit: string, note?: string): Figure {
  return { name, median: median(samples), unit, runs: samples.length, ...(note === undefined ? {} : { note }) };
}

/**
 * Sets `ratio` on every figure whose `baseline` names a figure of the same list or of `earlier` (the
 * sections already run, so a browser section can compare with onnxruntime-node), unless a section set it.
 */
export function withRatios(figures: Figure[], earlier: readonly Figure[] = []): Figure[] {
  const byName = new Map([...earlier, ...figures].map((f) => [f.name, f]));
  for (const f of figures) {
    if (f.baseline === undefined || f.ratio !== undefined) continue;
    const base = byName.get(f.baseline);
    if (base === undefined) throw new Error(`figure ${f.name}: no baseline figure ${f.baseline}`);
    f.ratio = f.median / base.median;
  }
  return figures;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

/** A Markdown table, so a run can be pasted into the README or an issue as it is. */
export function table(section: Section, figures: readonly Figure[]): string {
  const lines = [`### ${section.title}`, '', '| figure | median | unit | runs | × baseline | baseline | note |', '|---|---:|---|---:|---:|---|---|'];
  for (const f of figures) {
    const ratio = f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}×`;
    lines.push(`| ${f.name} | ${formatNumber(f.median)} | ${f.unit} | ${f.runs} | ${ratio} | ${f.baseline ?? ''} | ${f.note ?? ''} |`);
  }
  return lines.join('\n');
}
