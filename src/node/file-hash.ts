// SHA-256 of model files, and a small record of hashes already computed so that a 350 MB encoder is
// not re-read on every run. A record holds only while the file's size and modification time are
// unchanged; `originlens models verify` always hashes again.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Streams a file through SHA-256; `onProgress` gets the bytes read so far. */
export async function sha256File(path: string, onProgress?: (bytesRead: number) => void): Promise<string> {
  const hash = createHash('sha256');
  let read = 0;
  for await (const chunk of createReadStream(path)) {
    const buf = chunk as Buffer;
    hash.update(buf);
    read += buf.length;
    onProgress?.(read);
  }
  return hash.digest('hex');
}

interface FileRecord {
  size: number;
  mtimeMs: number;
  sha256: string;
}

interface Document {
  version: 1;
  files: { [path: string]: FileRecord };
}

export interface HashResult {
  sha256: string;
  size: number;
  /** True when the hash came from the record and the file was not read. */
  cached: boolean;
}

export class HashCache {
  private doc: Document | undefined;

  constructor(readonly file: string) {}

  private async load(): Promise<Document> {
    if (this.doc) return this.doc;
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      const ok = typeof parsed === 'object' && parsed !== null && (parsed as Document).version === 1;
      const files = ok ? (parsed as Document).files : undefined;
      this.doc = { version: 1, files: typeof files === 'object' && files !== null ? files : {} };
    } catch {
      // Missing or unreadable: it is only a record of work that can be redone.
      this.doc = { version: 1, files: {} };
    }
    return this.doc;
  }

  private async save(doc: Document): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    // Write then rename, so that a run killed halfway, or a second process, never leaves half a file.
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(doc, null, 1)}\n`);
    await rename(tmp, this.file);
  }

  /** The file's SHA-256, from the record when size and mtime still match, else by reading it. */
  async hash(path: string, opts: { fresh?: boolean; onProgress?: (bytesRead: number) => void } = {}): Promise<HashResult> {
    const abs = resolve(path);
    const before = await stat(abs);
    const doc = await this.load();
    const known = doc.files[abs];
    if (!opts.fresh && known && known.size === before.size && known.mtimeMs === before.mtimeMs) {
      return { sha256: known.sha256, size: known.size, cached: true };
    }
    const sha256 = await sha256File(abs, opts.onProgress);
    const after = await stat(abs);
    // Only remember a hash if the file did not change while it was read.
    if (after.size === before.size && after.mtimeMs === before.mtimeMs) {
      await this.record(abs, sha256, after.size, after.mtimeMs);
    }
    return { sha256, size: after.size, cached: false };
  }

  /** Whether a fresh record exists for the file, and what it says, without reading the file. */
  async peek(path: string): Promise<string | undefined> {
    const abs = resolve(path);
    const now = await stat(abs);
    const known = (await this.load()).files[abs];
    return known && known.size === now.size && known.mtimeMs === now.mtimeMs ? known.sha256 : undefined;
  }

  /** Records a hash computed elsewhere (while downloading or copying the file). */
  async record(path: string, sha256: string, size?: number, mtimeMs?: number): Promise<void> {
    const abs = resolve(path);
    if (size === undefined || mtimeMs === undefined) ({ size, mtimeMs } = await stat(abs));
    // Re-read before writing so that records made by another process meanwhile are kept.
    this.doc = undefined;
    const doc = await this.load();
    doc.files[abs] = { size, mtimeMs, sha256 };
    await this.save(doc);
  }
}
