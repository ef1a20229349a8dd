// The model store: encoders pinned by models/registry.json, installed under `<cache>/models/`, and the
// test encoders under models/test/. Every file is checked against its entry's size and SHA-256 before
// anyone gets its path; a file that does not match is refused with what to run to fix it.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CliError } from './cli-error';
import { findConversion, findModel, findModelsByHash, parseModelEntry, parseRegistry, RegistryError, type ConversionEntry, type Registry } from '../engine/models/registry';
import { CheckpointError } from '../engine/checkpoint';
import { BLOCKS_SUFFIX } from '../engine/convert/converted-entry';
import { convertCheckpointFile, type ConvertedFile } from './convert-checkpoint';
import type { ModelEntry } from '../engine/types';
import { cacheDir } from './cache-dir';
import { DownloadError, downloadVerified, type DownloadProgress } from './download';
import { HashCache, sha256File } from './file-hash';
import { findPackageRoot } from './package-root';

/** A problem with models the person can fix; the message says how. */
export class ModelStoreError extends CliError {
  override name = 'ModelStoreError';
}

/** A pinned export rewritten with every block's output is stored as `<file>-blocks.onnx`, id `<id>-blocks`. */
export { BLOCKS_SUFFIX };

export interface ResolvedModel {
  entry: ModelEntry;
  /** Absolute path of the .onnx file, checked against the entry. */
  path: string;
}

/** `installed`: there, not yet hashed by this store; `verified`: hashed and matching since last changed. */
export type ModelState = 'missing' | 'partial' | 'installed' | 'verified' | 'mismatch';

export interface ModelStatus {
  entry: ModelEntry;
  path: string;
  state: ModelState;
  /** Size of the installed file, or of the partial download for `partial`. */
  bytesOnDisk: number;
}

export interface VerifyResult extends ResolvedModel {
  ok: boolean;
  /** What the file on disk hashes to. */
  sha256: string;
  bytesOnDisk: number;
}

export interface ModelStoreOptions {
  /** The cache folder; default `cacheDir()` ($ORIGINLENS_HOME or the platform's). */
  home?: string;
  /** Default: the package's models/registry.json. */
  registry?: Registry;
  /** Where test encoders' X.json files are; default the package's models/test/. */
  testDir?: string;
  fetch?: typeof fetch;
  retries?: number;
  retryDelayMs?: number;
}

const MB = 1024 * 1024;

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function sizeIfFile(path: string): Promise<number | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : undefined;
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

function loadPackageRegistry(): Registry {
  const file = join(findPackageRoot(), 'models', 'registry.json');
  try {
    return parseRegistry(JSON.parse(readFileSync(file, 'utf8')), 'models/registry.json');
  } catch (err) {
    throw new ModelStoreError(`the model registry is broken: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function readEntry(text: string, source: string): ModelEntry {
  try {
    return parseModelEntry(JSON.parse(text), source);
  } catch (err) {
    if (err instanceof RegistryError) throw new ModelStoreError(err.message);
    throw new ModelStoreError(`${source}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

function installHint(entry: ModelEntry): string {
  const size = `${Math.round(entry.bytes / MB)} MB`;
  const source = entry.url ? ` a copy of ${entry.url}` : '';
  return `run \`originlens models install ${entry.id}\` (${size} download), or on a machine without network \`originlens models import FILE\` with${source || ' the file'}`;
}

export class ModelStore {
  readonly home: string;
  /** Installed models: `<home>/models/<entry.file>`. */
  readonly dir: string;
  private readonly hashes: HashCache;
  private registryDoc: Registry | undefined;

  constructor(private readonly opts: ModelStoreOptions = {}) {
    this.home = resolve(opts.home ?? cacheDir());
    this.dir = join(this.home, 'models');
    // Beside the store, not in it: the store holds only models.
    this.hashes = new HashCache(join(this.home, 'model-hashes.json'));
    this.registryDoc = opts.registry;
  }

  get registry(): Registry {
    this.registryDoc ??= loadPackageRegistry();
    return this.registryDoc;
  }

  private get testDir(): string {
    return this.opts.testDir ?? join(findPackageRoot(), 'models', 'test');
  }

  private entry(id: string): ModelEntry {
    const entry = findModel(this.registry, id);
    if (!entry) {
      throw new ModelStoreError(`no model "${id}" in the registry; known: ${this.registry.models.map((m) => m.id).join(', ') || 'none'}`);
    }
    return entry;
  }

  /** Where an entry of the registry lives once installed. */
  pathOf(entry: ModelEntry): string {
    // The store is one flat folder: never let a registry's `file` reach outside it.
    return join(this.dir, basename(entry.file));
  }

  /** Size, then SHA-256 (from the hash record when the file is unchanged); throws with `fix` otherwise. */
  private async check(entry: ModelEntry, path: string, fix: string): Promise<ResolvedModel> {
    const size = await sizeIfFile(path);
    if (size === undefined) throw new ModelStoreError(`${path}: file not found; ${fix}`);
    if (size !== entry.bytes) {
      throw new ModelStoreError(`${path} has ${size} bytes but ${entry.id} is pinned at ${entry.bytes}: the file is not that model; ${fix}`);
    }
    const { sha256 } = await this.hashes.hash(path);
    if (sha256 !== entry.sha256) {
      throw new ModelStoreError(`${path} does not match ${entry.id} (SHA-256 ${sha256}, expected ${entry.sha256}); ${fix}`);
    }
    return { entry, path };
  }

  /** Where the rewrite of an export with every block's output (node/block-outputs-store.ts) lives. */
  blocksPaths(source: ModelEntry): { onnx: string; json: string } {
    const base = join(this.dir, basename(source.file).replace(/\.onnx$/i, '') + BLOCKS_SUFFIX);
    return { onnx: `${base}.onnx`, json: `${base}.json` };
  }

  /** The rewrite of `source`, if it was made here from exactly the bytes the registry pins. */
  private async blocksEntry(source: ModelEntry): Promise<ResolvedModel | undefined> {
    const paths = this.blocksPaths(source);
    const text = await readFile(paths.json, 'utf8').catch((err: unknown) => {
      if (isMissing(err)) return undefined;
      throw err;
    });
    if (text === undefined) return undefined;
    const entry = readEntry(text, paths.json);
    const from = (JSON.parse(text) as { derivedFrom?: { id?: unknown; sha256?: unknown } }).derivedFrom;
    if (from?.id !== source.id || from.sha256 !== source.sha256) {
      throw new ModelStoreError(`${paths.json} was made from other bytes than ${source.id} is pinned at; run \`originlens models rewrite ${source.id}\` again`);
    }
    return { entry, path: paths.onnx };
  }

  /** Where a conversion's encoder and its entry (written when it is made) live. */
  conversionPaths(c: ConversionEntry): { onnx: string; json: string; source: string } {
    const onnx = join(this.dir, basename(c.file));
    return { onnx, json: onnx.replace(/\.onnx$/i, '') + '.json', source: join(this.dir, 'sources', basename(c.source.file)) };
  }

  /**
   * A conversion's encoder as it was made on this machine: its entry, bound to the registry's source by
   * the source's SHA-256 (an encoder made from other weights is not this one), its file checked against
   * the entry's own SHA-256. Undefined when it was never made.
   */
  private async convertedEntry(c: ConversionEntry): Promise<ModelEntry | undefined> {
    const { json } = this.conversionPaths(c);
    const text = await readFile(json, 'utf8').catch((err: unknown) => {
      if (isMissing(err)) return undefined;
      throw err;
    });
    if (text === undefined) return undefined;
    const entry = readEntry(text, json);
    const bound = (JSON.parse(text) as { source?: { sha256?: unknown } }).source?.sha256;
    if (bound !== c.source.sha256 || entry.id !== c.id) {
      throw new ModelStoreError(`${json} was made from another source (SHA-256 ${String(bound)}) than ${c.id} pins (${c.source.sha256}); run \`originlens models install ${c.id}\` to make it again`);
    }
    return entry;
  }

  /**
   * Downloads a conversion's source (pinned by SHA-256, resumed like any download), converts it, and
   * records the encoder's SHA-256 beside the source's. The source is deleted once converted: the encoder
   * is what runs, and the entry keeps the source's hash.
   */
  async installConversion(
    c: ConversionEntry,
    opts: { onProgress?: (p: DownloadProgress) => void; onConvert?: (message: string) => void; signal?: AbortSignal } = {},
  ): Promise<ResolvedModel & { downloaded: boolean; converted?: ConvertedFile }> {
    const paths = this.conversionPaths(c);
    const existing = await this.convertedEntry(c).catch(() => undefined);
    if (existing && (await sizeIfFile(paths.onnx)) !== undefined) {
      const had = await this.hashes.hash(paths.onnx).catch(() => undefined);
      if (had?.sha256 === existing.sha256) return { entry: existing, path: paths.onnx, downloaded: false };
    }
    await mkdir(dirname(paths.source), { recursive: true });
    await this.download(c.id, { url: c.source.url, bytes: c.source.bytes, sha256: c.source.sha256 }, paths.source, opts);
    let converted: ConvertedFile;
    try {
      converted = await convertCheckpointFile(paths.source, {
        out: paths.onnx,
        id: c.id,
        pinnedBy: c.id,
        weights: c.convert.weights,
        activation: c.convert.activation,
        onPlan: (plan) =>
          opts.onConvert?.(`converting: width ${plan.architecture.width}, ${plan.architecture.layers} blocks, ${plan.architecture.imageSize} px; ${plan.activation.reason}`),
      });
    } catch (err) {
      if (err instanceof CheckpointError) throw new ModelStoreError(`cannot convert ${c.id}: ${err.message}`);
      throw err;
    }
    // The registry's name and licence, not the converter's generic ones.
    const entry = { ...converted.entry, name: c.name, licence: c.licence };
    await writeFile(paths.json, `${JSON.stringify(entry, null, 2)}\n`);
    await rm(paths.source, { force: true });
    await this.hashes.record(paths.onnx, entry.sha256);
    return { entry, path: paths.onnx, downloaded: true, converted };
  }

  /** Every conversion of the registry and whether its encoder has been made here. */
  async listConversions(): Promise<{ conversion: ConversionEntry; state: 'missing' | 'partial' | 'installed'; path: string }[]> {
    return Promise.all(
      (this.registry.conversions ?? []).map(async (conversion) => {
        const paths = this.conversionPaths(conversion);
        const made = (await sizeIfFile(paths.onnx)) !== undefined && (await sizeIfFile(paths.json)) !== undefined;
        const partial = (await sizeIfFile(`${paths.source}.part`)) !== undefined;
        return { conversion, state: made ? 'installed' : partial ? 'partial' : 'missing', path: paths.onnx } as const;
      }),
    );
  }

  /** Downloads a registry model into the store, resuming a partial download; a no-op if already there. */
  async install(
    id: string,
    opts: { onProgress?: (p: DownloadProgress) => void; onConvert?: (message: string) => void; signal?: AbortSignal } = {},
  ): Promise<ResolvedModel & { downloaded: boolean }> {
    const conversion = findConversion(this.registry, id);
    if (conversion) return this.installConversion(conversion, opts);
    const entry = this.entry(id);
    if (entry.test) throw new ModelStoreError(`${id} is a test encoder made by the project: there is nothing to download`);
    if (!entry.url) throw new ModelStoreError(`${id} has no download address; import it with \`originlens models import FILE --id ${id}\``);
    const dest = this.pathOf(entry);
    if ((await sizeIfFile(dest)) !== undefined) {
      const had = await this.hashes.hash(dest).catch(() => undefined);
      if (had?.sha256 === entry.sha256 && had.size === entry.bytes) return { entry, path: dest, downloaded: false };
      // Damaged or another version: it must not stay where resolveModel would find it.
      await rm(dest, { force: true });
    }
    await mkdir(this.dir, { recursive: true });
    await this.download(id, { url: entry.url, bytes: entry.bytes, sha256: entry.sha256 }, dest, opts);
    await this.hashes.record(dest, entry.sha256);
    return { entry, path: dest, downloaded: true };
  }

  /** Downloads one pinned file with this store's fetch and retries; a download's failure names the model. */
  private async download(
    id: string,
    file: { url: string; bytes?: number; sha256: string },
    dest: string,
    opts: { onProgress?: (p: DownloadProgress) => void; signal?: AbortSignal },
  ): Promise<void> {
    try {
      await downloadVerified({
        ...file,
        dest,
        onProgress: opts.onProgress,
        signal: opts.signal,
        fetch: this.opts.fetch,
        retries: this.opts.retries,
        retryDelayMs: this.opts.retryDelayMs,
      });
    } catch (err) {
      if (err instanceof DownloadError) throw new ModelStoreError(`cannot install ${id}: ${err.message}`);
      throw err;
    }
  }

  /** Hashes an installed model again, whatever the hash record says. */
  async verify(id: string): Promise<VerifyResult> {
    const entry = this.entry(id);
    const path = this.pathOf(entry);
    const size = await sizeIfFile(path);
    if (size === undefined) throw new ModelStoreError(`${id} is not installed; ${installHint(entry)}`);
    const { sha256 } = await this.hashes.hash(path, { fresh: true });
    return { entry, path, ok: size === entry.bytes && sha256 === entry.sha256, sha256, bytesOnDisk: size };
  }

  /**
   * Copies a local file into the store if it is exactly a registry model (same size and SHA-256); with
   * `id`, only that model. For machines that cannot download: fetch the file elsewhere, bring it over.
   */
  async importFile(
    file: string,
    opts: { id?: string; onProgress?: (bytesRead: number, total: number) => void } = {},
  ): Promise<ResolvedModel & { copied: boolean }> {
    const src = resolve(file);
    const size = await sizeIfFile(src);
    if (size === undefined) throw new ModelStoreError(`${file}: file not found`);
    const wanted = opts.id === undefined ? undefined : this.entry(opts.id);
    // Not through the hash record: files brought in from elsewhere are read once and forgotten.
    const sha256 = await sha256File(src, (n) => opts.onProgress?.(n, size));
    const matches = findModelsByHash(this.registry, sha256, size).filter((m) => !wanted || m.id === wanted.id);
    const entry = matches[0];
    if (!entry) {
      const known = (wanted ? [wanted] : this.registry.models)
        .map((m) => `  ${m.id}: ${m.bytes} bytes, SHA-256 ${m.sha256}${m.url ? `\n    from ${m.url}` : ''}`)
        .join('\n');
      const what = wanted ? `is not ${wanted.id}` : 'matches no model of the registry';
      throw new ModelStoreError(`${file} (${size} bytes, SHA-256 ${sha256}) ${what}; refusing to import it. Known:\n${known}`);
    }
    const dest = this.pathOf(entry);
    if (resolve(dest) === src) return { entry, path: dest, copied: false };
    await mkdir(this.dir, { recursive: true });
    // Copy while hashing the bytes written, so the copy itself is checked, then rename into place.
    const part = `${dest}.import`;
    const hash = createHash('sha256');
    const out = createWriteStream(part);
    try {
      await pipeline(
        createReadStream(src),
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            hash.update(chunk);
            yield chunk;
          }
        },
        out,
      );
      const copied = hash.digest('hex');
      if (copied !== entry.sha256) throw new ModelStoreError(`${file} changed while it was copied (SHA-256 ${copied}); try again`);
      await rename(part, dest);
    } finally {
      await rm(part, { force: true });
    }
    await this.hashes.record(dest, entry.sha256);
    return { entry, path: dest, copied: true };
  }

  /** Every registry model and its state on disk, without reading any model file. */
  async list(): Promise<ModelStatus[]> {
    return Promise.all(
      this.registry.models.map(async (entry): Promise<ModelStatus> => {
        const path = this.pathOf(entry);
        const size = await sizeIfFile(path);
        if (size === undefined) {
          const partial = await sizeIfFile(`${path}.part`);
          return { entry, path, state: partial === undefined ? 'missing' : 'partial', bytesOnDisk: partial ?? 0 };
        }
        if (size !== entry.bytes) return { entry, path, state: 'mismatch', bytesOnDisk: size };
        const known = await this.hashes.peek(path);
        const state: ModelState = known === undefined ? 'installed' : known === entry.sha256 ? 'verified' : 'mismatch';
        return { entry, path, state, bytesOnDisk: size };
      }),
    );
  }

  /** The test encoders' entries (X.json under models/test/, subfolders included), with their files' paths. */
  async testEncoders(): Promise<ResolvedModel[]> {
    let names: string[];
    try {
      names = (await readdir(this.testDir, { recursive: true })).filter((n) => n.endsWith('.json')).sort();
    } catch (err) {
      if (isMissing(err)) return [];
      throw err;
    }
    const found: ResolvedModel[] = [];
    for (const name of names) {
      const json = join(this.testDir, name);
      try {
        const entry = readEntry(await readFile(json, 'utf8'), json);
        if (entry.test) found.push({ entry, path: resolve(dirname(json), entry.file) });
      } catch (err) {
        // Other JSON files may sit there (reports, manifests); they are simply not encoders.
        if (!(err instanceof ModelStoreError)) throw err;
      }
    }
    return found;
  }

  /**
   * What `--model ID|FILE` means: a path to a model entry `.json` (its file relative to it), a `.onnx`
   * with a `.json` of the same name beside it (or exactly a registry model's bytes), a registry id
   * (installed in the store), or a test encoder's id (only with `allowTest`). With nothing, the first
   * installed registry model.
   */
  async resolveModel(idOrFile: string | undefined, opts: { allowTest?: boolean } = {}): Promise<ResolvedModel> {
    const allowTest = opts.allowTest ?? false;
    if (idOrFile === undefined || idOrFile === '') return this.resolveDefault();
    const looksLikePath = /\.(json|onnx)$/i.test(idOrFile) || /[/\\]/.test(idOrFile);
    const resolved = looksLikePath ? await this.resolveFile(idOrFile) : await this.resolveId(idOrFile);
    if (resolved.entry.test && !allowTest) {
      throw new ModelStoreError(
        `${idOrFile} is a test encoder with random weights: its answers mean nothing, so it cannot be used here. ` +
          `Use a real model (\`originlens models list\`).`,
      );
    }
    const fix = resolved.entry.test
      ? 'make the test encoders again'
      : looksLikePath
        ? 'replace the file, or fix its entry'
        : `run \`originlens models install ${resolved.entry.id}\` to download it again`;
    return this.check(resolved.entry, resolved.path, fix);
  }

  private async resolveDefault(): Promise<ResolvedModel> {
    for (const entry of this.registry.models) {
      if (entry.test) continue;
      const path = this.pathOf(entry);
      if ((await sizeIfFile(path)) === undefined) continue;
      return this.check(entry, path, `run \`originlens models install ${entry.id}\` to download it again, or pick another with --model`);
    }
    const first = this.registry.models.find((m) => !m.test);
    if (!first) throw new ModelStoreError('no image encoder is installed and the registry lists none');
    throw new ModelStoreError(`no image encoder is installed: ${installHint(first)}. \`originlens models list\` shows the others.`);
  }

  /** Not yet checked: the caller checks size and hash. */
  private async resolveFile(file: string): Promise<ResolvedModel> {
    const abs = resolve(file);
    const ext = extname(abs).toLowerCase();
    if (ext === '.json') {
      let text: string;
      try {
        text = await readFile(abs, 'utf8');
      } catch (err) {
        if (isMissing(err)) throw new ModelStoreError(`${file}: file not found`);
        throw err;
      }
      const entry = readEntry(text, file);
      return { entry, path: resolve(dirname(abs), entry.file) };
    }
    if (ext !== '.onnx') throw new ModelStoreError(`${file}: expected a model entry (.json) or an encoder (.onnx)`);
    const size = await sizeIfFile(abs);
    if (size === undefined) throw new ModelStoreError(`${file}: file not found`);
    const sibling = abs.slice(0, -ext.length) + '.json';
    const text = await readFile(sibling, 'utf8').catch((err: unknown) => {
      if (isMissing(err)) return undefined;
      throw err;
    });
    if (text !== undefined) return { entry: readEntry(text, sibling), path: abs };
    // No entry beside it: it may still be a registry model downloaded by hand.
    const { sha256 } = await this.hashes.hash(abs);
    const entry = findModelsByHash(this.registry, sha256, size)[0];
    if (!entry) {
      throw new ModelStoreError(
        `${file} has no ${basename(sibling)} beside it and is not a registry model (SHA-256 ${sha256}); ` +
          `write its entry there, or use a model of \`originlens models list\``,
      );
    }
    return { entry, path: abs };
  }

  private async resolveId(id: string): Promise<ResolvedModel> {
    const conversion = findConversion(this.registry, id);
    if (conversion) {
      const made = await this.convertedEntry(conversion);
      if (!made) throw new ModelStoreError(`model ${id} is not installed: run \`originlens models install ${id}\` (downloads ${conversion.source.url} and converts it)`);
      return { entry: made, path: this.conversionPaths(conversion).onnx };
    }
    const entry = findModel(this.registry, id);
    if (entry) {
      const path = this.pathOf(entry);
      if ((await sizeIfFile(path)) === undefined) throw new ModelStoreError(`model ${id} is not installed: ${installHint(entry)}`);
      return { entry, path };
    }
    const source = id.endsWith(BLOCKS_SUFFIX) ? findModel(this.registry, id.slice(0, -BLOCKS_SUFFIX.length)) : undefined;
    if (source) {
      const derived = await this.blocksEntry(source);
      if (!derived) throw new ModelStoreError(`model ${id} has not been made: run \`originlens models rewrite ${source.id}\` once ${source.id} is installed`);
      return derived;
    }
    const test = (await this.testEncoders()).find((t) => t.entry.id === id);
    if (test) return test;
    const known = this.registry.models.map((m) => m.id).join(', ');
    throw new ModelStoreError(`unknown model "${id}": expected a registry id (${known}), a test encoder's id, or a .json or .onnx file (\`originlens models list\` shows them)`);
  }
}

/** `resolveModel` of the default store (the cache folder of this machine, the package's registry). */
export function resolveModel(idOrFile: string | undefined, opts: { allowTest?: boolean } = {}): Promise<ResolvedModel> {
  return new ModelStore().resolveModel(idOrFile, opts);
}
