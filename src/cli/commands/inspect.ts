// `originlens inspect FILE...`: everything a file declares about its origin, in full: the sentence the
// other surfaces show, each piece of evidence, every metadata field read, and the Content Credentials'
// manifest store as the C2PA reader gives it. No model is needed. A file that cannot be read is said so
// and the others carry on; the exit status is 1 if any could not be read.
import { parseArgs } from 'node:util';
import { inspectProvenance } from '../../engine/provenance/read-provenance';
import { evidenceSentence } from '../../engine/provenance/provenance-text';
import { ImageError } from '../../engine/types';
import { UsageError } from '../../node/cli-error';
import { readImageFile } from '../../node/extract-features';
import { useNodeProvenanceWasm } from '../../node/provenance-wasm';

export const usage = 'originlens inspect FILE... [--json]';

export const summary = 'what image files declare about their origin (Content Credentials, XMP, EXIF, PNG text), in full; no model needed';

export const options = { json: { type: 'boolean', default: false } } as const;

export const describe: Record<keyof typeof options, string> = { json: 'print JSON instead of text' };

/** Byte arrays (hashes, signatures) as hex: the same content, one line instead of one per byte. */
function compactBytes(_key: string, value: unknown): unknown {
  if (Array.isArray(value) && value.length >= 8 && value.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) {
    return `hex:${(value as number[]).map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  }
  return value;
}

const indent = (text: string, by: string) => text.replace(/\n/g, `\n${by}`);

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError(`give one or more image files\n${usage}`);
  useNodeProvenanceWasm();
  let failed = 0;
  const reports: unknown[] = [];
  for (const file of positionals) {
    let bytes: Uint8Array;
    try {
      bytes = await readImageFile(file);
    } catch (error) {
      if (!(error instanceof ImageError)) throw error;
      failed++;
      process.stderr.write(`originlens inspect: ${file}: ${error.message}\n`);
      if (values.json) reports.push({ file, error: error.message });
      continue;
    }
    const report = await inspectProvenance(bytes, { full: true });
    if (values.json) {
      reports.push({ file, ...report });
      continue;
    }
    const lines = [file, `  provenance: ${report.kind}`, `  ${report.detail}`];
    if (report.evidence.length > 0) lines.push('  evidence:', ...report.evidence.map((e) => `    ${e.source}: ${evidenceSentence(e)}`));
    if (report.findings.length > 0) {
      lines.push('  metadata:', ...report.findings.map((f) => `    ${f.where} ${f.name}: ${indent(f.value, '      ')}`));
    }
    if (report.store !== undefined) {
      lines.push('  Content Credentials, the manifest store as the C2PA reader gives it:', `    ${indent(JSON.stringify(report.store, compactBytes, 2), '    ')}`);
    }
    process.stdout.write(`${lines.join('\n')}\n\n`);
  }
  if (values.json) process.stdout.write(`${JSON.stringify(reports, compactBytes, 2)}\n`);
  return failed > 0 ? 1 : 0;
}
