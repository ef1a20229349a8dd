// Reading and writing the CSV files the commands exchange (the detection paper's tools use CSV with a
// header row). Problems a person can fix, such as a missing column or a malformed row, become CliErrors
// that name the file and, where there is one, the line.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CliError } from './cli-error';

/** A row keyed by column name: the required columns are always there, any other may be. */
export type CsvRecord<K extends string> = Readonly<Record<K, string>> & Readonly<Partial<Record<string, string>>>;

/** `CsvTable` alone (K = never) is any table: every column may be missing. */
export interface CsvTable<K extends string = never> {
  /** Where the table came from, for messages. */
  source: string;
  /** Header names, in file order. */
  columns: string[];
  rows: CsvRecord<K>[];
  /** For each row, the line of the file where it ends (1-based), for messages that point at it. */
  lines: number[];
}

/** Parses CSV text with a header row; `required` columns must be present. */
export function parseCsv<const K extends string>(text: string, source: string, required: readonly K[] = []): CsvTable<K> {
  const lines: number[] = [];
  let records: string[][];
  try {
    records = parse(text, {
      bom: true, // spreadsheet programs write one
      skip_empty_lines: true,
      on_record: (record, context) => {
        lines.push(context.lines);
        return record;
      },
    });
  } catch (err) {
    throw new CliError(`${source}: not a valid CSV file: ${err instanceof Error ? err.message : String(err)}`);
  }
  const [header, ...body] = records;
  if (header === undefined) throw new CliError(`${source}: the file is empty; expected a header row`);
  const columns = header.map((name) => name.trim());
  const duplicate = columns.find((name, i) => columns.indexOf(name) !== i);
  if (duplicate !== undefined) throw new CliError(`${source}: column "${duplicate}" appears twice in the header`);
  const missing = required.filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    throw new CliError(
      `${source}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} ` +
        `(the header has: ${columns.join(', ')})`,
    );
  }
  // csv-parse has already refused rows whose length differs from the header's.
  const rows = body.map((values) => Object.fromEntries(columns.map((name, i) => [name, values[i] ?? ''])) as CsvRecord<K>);
  return { source, columns, rows, lines: lines.slice(1) };
}

export function readCsv<const K extends string>(path: string, required: readonly K[] = []): CsvTable<K> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${describeFsError(err)}`);
  }
  return parseCsv(text, path, required);
}

export type CsvCell = string | number;

/** CSV text with a header row; numbers are written as given, so format them before if needed. */
export function formatCsv(columns: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return stringify([columns, ...rows].map((row) => row.map(String)));
}

/** Writes a CSV file, creating its folder if needed. */
export function writeCsv(path: string, columns: readonly string[], rows: readonly (readonly CsvCell[])[]): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, formatCsv(columns, rows));
  } catch (err) {
    throw new CliError(`cannot write ${path}: ${describeFsError(err)}`);
  }
}

function describeFsError(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return err instanceof Error ? err.message : String(err);
}
