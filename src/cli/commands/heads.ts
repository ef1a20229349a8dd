// `originlens heads`: the detector heads their authors publish (models/heads.json), installed as head
// packs, and a local checkpoint of one of their kinds converted into a pack.
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { convertDetector, PublishedHeadError } from '../../engine/head/published-heads';
import { RESIZE_MODES, type ResizeMode } from '../../engine/types';
import { CliError, UsageError } from '../../node/cli-error';
import { HeadStore } from '../../node/head-store';
import { createProgress } from '../progress';
import { VERSION } from '../version';

export const usage = 'originlens heads list | install ID | convert FILE --out PACK.json --encoder ID [--feature NAME] [--normalize none|l2] [--preprocess MODE:SIZE] [--name NAME]';

export const summary = 'published detector heads: list, install, or convert a local checkpoint into a head pack';

export const help = `Usage:
  originlens heads list              the published detector heads, what each reads and was trained on
  originlens heads install ID        download a published head (pinned by size and SHA-256) and convert it
                                     into a head pack; then pass --head ID to \`originlens attribute\`
  originlens heads convert FILE --out PACK.json --encoder ID [--feature NAME] [--normalize none|l2]
                   [--preprocess MODE:SIZE] [--name NAME]
                                     a detector checkpoint of a published kind (UnivFD, clip-cues, the
                                     CLIP-based detector) as a head pack for encoder ID; the feature it reads
                                     (default pooled), whether it is L2-normalised (default none) and how
                                     images are prepared (resize-crop, crop or squash at SIZE; default the
                                     encoder's own) are what the head was trained with
`;

const store = () => new HeadStore({ software: `originlens ${VERSION}` });

function list(): number {
  const s = store();
  for (const h of s.heads) {
    process.stdout.write(
      `${h.id}${h.recommended ? ' (recommended)' : ''}\n  ${h.name}\n  reads ${h.feature.name} of encoder ${h.encoder}${h.preprocess ? `, images ${h.preprocess.mode} ${h.preprocess.size}` : ''}\n` +
        `  trained on ${h.trainedOn}; ${h.bytes.toLocaleString('en')} bytes, ${h.licence}\n` +
        h.figures.map((f) => `  reported: ${f.text} (${f.source})\n`).join('') +
        (h.needs ? `  needs: ${h.needs}\n` : ''),
    );
  }
  process.stdout.write(`\nInstalled heads are kept in ${s.dir}\n`);
  return 0;
}

async function install(id: string | undefined): Promise<number> {
  if (!id) throw new UsageError(`which head? \`originlens heads list\` shows them\n${usage}`);
  const s = store();
  const head = s.published(id);
  const progress = createProgress(`downloading ${id}`, head.bytes, { unit: 'bytes' });
  const done = await s.install(id, { onProgress: (p) => progress.set(p.received) });
  progress.done();
  process.stderr.write(`${done.downloaded ? 'installed' : 'already installed'}: ${id} → ${done.path}\n`);
  if (head.needs) process.stderr.write(`note: ${head.needs}\n`);
  else process.stderr.write(`use it with: originlens attribute --head ${id} --model ${head.encoder} ...\n`);
  return 0;
}

async function convert(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, encoder: { type: 'string' }, feature: { type: 'string', default: 'pooled' }, normalize: { type: 'string', default: 'none' }, preprocess: { type: 'string' }, name: { type: 'string' } },
    allowPositionals: true,
  });
  const [file] = positionals;
  if (!file || !values.out || !values.encoder) throw new UsageError(`give the checkpoint, --out PACK.json and --encoder ID\n${usage}`);
  if (values.normalize !== 'none' && values.normalize !== 'l2') throw new UsageError('--normalize: expected none or l2');
  let preprocess: { mode: ResizeMode; size: number } | undefined;
  if (values.preprocess !== undefined) {
    const [mode, size] = values.preprocess.split(':');
    if (!RESIZE_MODES.includes(mode as ResizeMode) || !/^\d+$/.test(size ?? '')) throw new UsageError(`--preprocess: expected MODE:SIZE with MODE one of ${RESIZE_MODES.join(', ')}, e.g. crop:224`);
    preprocess = { mode: mode as ResizeMode, size: Number(size) };
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message}`);
  }
  const name = values.name ?? file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  try {
    const pack = await convertDetector(
      bytes,
      { id: name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-'), name, encoder: values.encoder, feature: { name: values.feature, normalize: values.normalize }, ...(preprocess ? { preprocess } : {}), trainedOn: `unknown: converted from ${name}` },
      `originlens ${VERSION}`,
      file,
    );
    await writeFile(values.out, `${JSON.stringify(pack)}\n`);
    const shape = pack.layers.map((l) => `${l.weights[0]!.length}→${l.weights.length}`).join(', ');
    process.stderr.write(`${file}: a detector with layers ${shape}, reading ${pack.feature.name} of ${pack.encoder.id} → ${values.out}\n`);
    return 0;
  } catch (err) {
    if (err instanceof PublishedHeadError || (err instanceof Error && err.name === 'CheckpointError')) throw new CliError(err.message);
    throw err;
  }
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(help);
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'list') return list();
  if (sub === 'install') return install(rest[0]);
  if (sub === 'convert') return convert(rest);
  throw new UsageError(`unknown heads command "${sub}"\n${help}`);
}
