// Published detector heads on this machine: models/heads.json's pins, downloaded into `<cache>/heads`,
// verified, converted into head packs (engine/head/published-heads.ts), and found again by id.
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDetector, HeadPackError, parseAnyHeadPack, type AnyHead } from '../engine/head/head-pack';
import { convertPublishedHead, parsePublishedHeads, PublishedHeadError, type PublishedHead } from '../engine/head/published-heads';
import { cacheDir } from './cache-dir';
import { CliError } from './cli-error';
import { DownloadError, downloadVerified, type DownloadProgress } from './download';
import { findPackageRoot } from './package-root';

export interface HeadStoreOptions {
  /** The cache folder; default `cacheDir()`. */
  home?: string;
  /** Default: the package's models/heads.json. */
  heads?: PublishedHead[];
  /** What made the packs, recorded in them: "originlens VERSION". */
  software?: string;
  fetch?: typeof fetch;
  retries?: number;
  retryDelayMs?: number;
}

export function packageHeads(): PublishedHead[] {
  try {
    return parsePublishedHeads(JSON.parse(readFileSync(join(findPackageRoot(), 'models', 'heads.json'), 'utf8')), 'models/heads.json');
  } catch (err) {
    throw new CliError(`the list of published heads is broken: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export class HeadStore {
  readonly dir: string;
  readonly heads: PublishedHead[];

  constructor(private readonly opts: HeadStoreOptions = {}) {
    this.dir = join(opts.home ?? cacheDir(), 'heads');
    this.heads = opts.heads ?? packageHeads();
  }

  published(id: string): PublishedHead {
    const head = this.heads.find((h) => h.id === id);
    if (!head) throw new CliError(`no published head is called "${id}"; \`originlens heads list\` shows them`);
    return head;
  }

  packPath(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  /** The installed pack of a published head, or undefined. */
  async installed(id: string): Promise<AnyHead | undefined> {
    let text: string;
    try {
      text = await readFile(this.packPath(id), 'utf8');
    } catch {
      return undefined;
    }
    return parseAnyHeadPack(JSON.parse(text), this.packPath(id));
  }

  /** Downloads (resuming), verifies and converts a published head; a second install finds it done. */
  async install(id: string, opts: { onProgress?: (p: DownloadProgress) => void } = {}): Promise<{ path: string; downloaded: boolean }> {
    const head = this.published(id);
    const path = this.packPath(id);
    const had = await this.installed(id).catch(() => undefined);
    if (had && isDetector(had) && had.pack.provenance.source?.sha256 === head.sha256) return { path, downloaded: false };
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${id}.source`);
    try {
      await downloadVerified({ url: head.url, bytes: head.bytes, sha256: head.sha256, dest: file, onProgress: opts.onProgress, fetch: this.opts.fetch, retries: this.opts.retries, retryDelayMs: this.opts.retryDelayMs });
      const pack = await convertPublishedHead(new Uint8Array(await readFile(file)), head, this.opts.software ?? 'originlens');
      await writeFile(`${path}.part`, `${JSON.stringify(pack)}\n`);
      await rename(`${path}.part`, path);
    } catch (err) {
      if (err instanceof DownloadError || err instanceof PublishedHeadError) throw new CliError(`cannot install head ${id}: ${err.message}`);
      throw err;
    } finally {
      await rm(file, { force: true });
    }
    return { path, downloaded: true };
  }
}

/** A head named on the command line: a pack file, or the id of an installed published head. */
export async function readHeadArgument(arg: string, store: HeadStore = new HeadStore()): Promise<AnyHead> {
  let text: string;
  try {
    text = await readFile(arg, 'utf8');
  } catch (err) {
    const installed = await store.installed(arg).catch((e: unknown) => {
      throw new CliError(`installed head ${arg} is damaged (${e instanceof Error ? e.message : String(e)}); install it again with \`originlens heads install ${arg}\``);
    });
    if (installed) return installed;
    const code = (err as NodeJS.ErrnoException).code;
    const known = store.heads.some((h) => h.id === arg);
    if (known) throw new CliError(`head ${arg} is not installed: run \`originlens heads install ${arg}\``, 2);
    throw new CliError(`cannot read head pack ${arg}: ${code === 'ENOENT' ? 'no such file, and no published head has that id (`originlens heads list`)' : (err as Error).message}`, code === 'ENOENT' ? 2 : 1);
  }
  try {
    return parseAnyHeadPack(JSON.parse(text), arg);
  } catch (err) {
    if (err instanceof SyntaxError) throw new CliError(`${arg} is not valid JSON (${err.message}); is it a head pack?`);
    if (err instanceof HeadPackError) throw new CliError(err.message);
    throw err;
  }
}
