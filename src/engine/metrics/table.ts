// Plain-text tables for terminals and logs: names left-aligned, numbers right-aligned so decimals line up.
import { isApplicable, type Figure } from './binary';

/** Four decimals, as every figure is reported; `n/a` where the data cannot define it. */
export function formatFigure(figure: Figure): string {
  return isApplicable(figure) ? figure.toFixed(4) : 'n/a';
}

/** `leftAligned` says which columns hold text; by default only the first. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], leftAligned: readonly number[] = [0]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  return all
    .map((row) =>
      widths
        .map((w, c) => (leftAligned.includes(c) ? (row[c] ?? '').padEnd(w) : (row[c] ?? '').padStart(w)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
