// `originlens models`: what encoders the registry pins, downloading them, checking them, and importing
// them from a file on machines without network.
import { parseArgs } from 'node:util';
import { UsageError } from '../../node/cli-error';
import { createProgress, type Progress } from '../progress';
import { ModelStore, type ModelStatus } from '../../node/model-store';
import { addBlockOutputsToInstalled } from '../../node/block-outputs-store';
import { convert } from './models-convert';

export const usage = 'originlens models list | install ID | verify [ID] | import FILE [--id ID] | rewrite ID | convert SOURCE --out FILE.onnx';

export const summary = 'encoders: list, install (download, check, or convert), verify, import, rewrite, convert a checkpoint';

export const help = `Usage:
  originlens models list                   the registry's encoders and whether they are installed
  originlens models install ID             download an encoder (resumes an interrupted download)
  originlens models verify [ID]            hash installed encoders again (all of them without ID)
  originlens models import FILE [--id ID]  copy an encoder file into the store, if it is a registry model
  originlens models rewrite ID             an installed transformers.js export (after its hash check) with the
                                           outputs pooled and class_tokens added: stored as ID-blocks
  originlens models convert SOURCE --out ENCODER.onnx [--weights float32|float16|int8]
                   [--activation quickgelu|gelu] [--heads N] [--id ID]
                                           a CLIP vision encoder with every output (image_embeds, pooled,
                                           class_tokens) from an OpenAI CLIP archive (.pt), an OpenCLIP
                                           checkpoint (.bin, .safetensors) or a transformers one; writes
                                           ENCODER.onnx and ENCODER.json, the entry that describes it

Models are kept under $ORIGINLENS_HOME, or the platform's cache folder.
`;

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function describeState(s: ModelStatus): string {
  switch (s.state) {
    case 'missing':
      return 'not installed';
    case 'partial':
      return `partly downloaded (${mb(s.bytesOnDisk)}; install resumes)`;
    case 'installed':
      return 'installed (not verified yet)';
    case 'verified':
      return 'installed, verified';
    case 'mismatch':
      return `DAMAGED: run \`originlens models install ${s.entry.id}\``;
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

async function list(store: ModelStore): Promise<number> {
  const statuses = await store.list();
  const rows = [['ID', 'SIZE', 'LICENCE', 'STATE', 'NAME']];
  for (const s of statuses) rows.push([s.entry.id, mb(s.entry.bytes), s.entry.licence, describeState(s), s.entry.name]);
  process.stdout.write(`${table(rows)}\n\nStore: ${store.dir}\n`);
  const conversions = await store.listConversions();
  if (conversions.length > 0) {
    const crows = [['ID', 'WEIGHTS', 'STATE', 'CONVERTED ON INSTALL FROM']];
    for (const c of conversions) {
      const state = c.state === 'installed' ? 'installed' : c.state === 'partial' ? 'source partly downloaded (install resumes)' : 'not installed';
      crows.push([c.conversion.id, c.conversion.convert.weights, state, `${c.conversion.source.url} (SHA-256 pinned${c.conversion.source.bytes ? `, ${mb(c.conversion.source.bytes)}` : ', size not published'})`]);
    }
    process.stdout.write(`\n${table(crows)}\n`);
  }
  const tests = await store.testEncoders();
  if (tests.length > 0) {
    process.stdout.write(`Test encoders (random weights, for tests and benchmarks only): ${tests.map((t) => t.entry.id).join(', ')}\n`);
  }
  return 0;
}

async function install(store: ModelStore, id: string): Promise<number> {
  let bar: Progress | undefined;
  const result = await store.install(id, {
    onProgress: (p) => {
      // A file pinned by its hash alone has no size until the server says it: no bar until then.
      if (!Number.isFinite(p.total)) return;
      // Created on the first report so that bytes resumed from an earlier run do not count as speed.
      bar ??= createProgress(id, p.total, { unit: 'bytes', initial: p.received });
      bar.set(p.received);
    },
    onConvert: (message) => {
      bar?.done();
      bar = undefined;
      process.stdout.write(`${message}\n`);
    },
  });
  bar?.done();
  process.stdout.write(
    result.downloaded ? `Installed ${id}: ${result.path}\n` : `${id} is already installed and matches its pin: ${result.path}\n`,
  );
  return 0;
}

async function verify(store: ModelStore, id: string | undefined): Promise<number> {
  const ids =
    id !== undefined
      ? [id]
      : (await store.list()).filter((s) => s.state !== 'missing' && s.state !== 'partial').map((s) => s.entry.id);
  if (ids.length === 0) {
    process.stdout.write('No encoder is installed: nothing to verify. `originlens models list` shows what there is.\n');
    return 0;
  }
  let bad = 0;
  for (const each of ids) {
    const r = await store.verify(each);
    if (r.ok) {
      process.stdout.write(`ok        ${each}  ${r.path}\n`);
    } else {
      bad++;
      process.stderr.write(
        `MISMATCH  ${each}  ${r.path}: ${r.bytesOnDisk} bytes, SHA-256 ${r.sha256}; expected ${r.entry.bytes} bytes, ` +
          `SHA-256 ${r.entry.sha256}. It will not be used; run \`originlens models install ${each}\` to download it again.\n`,
      );
    }
  }
  return bad === 0 ? 0 : 1;
}

async function importFile(store: ModelStore, file: string, id: string | undefined): Promise<number> {
  let bar: Progress | undefined;
  const result = await store.importFile(file, {
    id,
    onProgress: (read, total) => {
      bar ??= createProgress('hashing', total, { unit: 'bytes' });
      bar.set(read);
    },
  });
  bar?.done();
  process.stdout.write(
    result.copied ? `Imported ${result.entry.id}: ${result.path}\n` : `${file} is already the installed ${result.entry.id}\n`,
  );
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        id: { type: 'string' },
        out: { type: 'string' },
        weights: { type: 'string' },
        activation: { type: 'string' },
        heads: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n${help}`);
  }
  const { values, positionals } = parsed;
  const [sub, ...rest] = positionals;
  if (values.help || sub === 'help') {
    process.stdout.write(help);
    return 0;
  }
  if (values.id !== undefined && sub !== 'import' && sub !== 'convert') throw new UsageError(`--id goes with \`models import\` and \`models convert\` only\n${help}`);
  for (const flag of ['out', 'weights', 'activation', 'heads'] as const) {
    if (values[flag] !== undefined && sub !== 'convert') throw new UsageError(`--${flag} goes with \`models convert\` only\n${help}`);
  }
  const arity = (min: number, max: number): void => {
    if (rest.length < min || rest.length > max) throw new UsageError(`wrong number of arguments for \`models ${sub}\`\n${help}`);
  };
  const store = new ModelStore();
  switch (sub) {
    case 'list':
      arity(0, 0);
      return list(store);
    case 'install':
      arity(1, 1);
      return install(store, rest[0] as string);
    case 'verify':
      arity(0, 1);
      return verify(store, rest[0]);
    case 'import':
      arity(1, 1);
      return importFile(store, rest[0] as string, values.id);
    case 'rewrite': {
      arity(1, 1);
      const made = await addBlockOutputsToInstalled(store, rest[0] as string);
      const blocks = Object.keys(made.entry.features).filter((f) => f.startsWith('block')).length;
      process.stdout.write(`Made ${made.entry.id}: ${made.path} (${made.entry.bytes} bytes, SHA-256 ${made.entry.sha256}), outputs pooled and ${blocks} blocks' class tokens; bound to ${rest[0]} (SHA-256 ${made.entry.derivedFrom.sha256}).\n`);
      return 0;
    }
    case 'convert':
      arity(1, 1);
      return convert(rest[0] as string, values, help);
    case undefined:
      throw new UsageError(`models: which one? list, install, verify, import, rewrite or convert\n${help}`);
    default:
      throw new UsageError(`models: unknown sub-command "${sub}"\n${help}`);
  }
}
