import type { ByteSource } from './byte-source';
import { refuse } from './checkpoint-error';

/**
 * The central directory of a zip archive as PyTorch writes it (torch.save since 1.6, torch.jit.save):
 * entries stored uncompressed, ZIP64 where sizes need it. Read from the end of the file only, every size
 * and offset checked against the file before anything is allocated, so a hostile archive is refused
 * without being trusted for an allocation.
 */
export interface ZipEntry {
  readonly name: string;
  readonly size: number;
  /** 0 for stored; TorchScript deflates its code/ entries, which are listed but never read. */
  readonly method: number;
  readonly stored: number;
  /** Offset of the local header; the data's offset is found from it when the entry is read. */
  readonly headerOffset: number;
}

export interface ZipArchive {
  readonly entries: ReadonlyMap<string, ZipEntry>;
  read(entry: ZipEntry, offset?: number, length?: number): Promise<Uint8Array>;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The central directory of OpenAI's ViT-L/14 archive is under 100 kB; anything near this is not a checkpoint. */
const MAX_DIRECTORY_BYTES = 64 << 20;
const MAX_ENTRIES = 200_000;

export function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && view(head).getUint32(0, true) === LOCAL;
}

export async function openZip(source: ByteSource): Promise<ZipArchive> {
  if (source.size < 22) refuse(`the file is ${source.size} bytes, too short to be a zip archive`);
  const tailLength = Math.min(source.size, 22 + 0xffff);
  const tailStart = source.size - tailLength;
  const tail = await source.read(tailStart, tailLength);
  const tv = view(tail);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tv.getUint32(i, true) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) refuse('no end-of-archive record: the zip archive is truncated or is not a zip');
  let count = tv.getUint16(at + 10, true);
  let dirSize = tv.getUint32(at + 12, true);
  let dirOffset = tv.getUint32(at + 16, true);
  const dirEnd = tailStart + at;
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    if (at < 20 || tv.getUint32(at - 20, true) !== ZIP64_LOCATOR) refuse('a ZIP64 archive without its ZIP64 locator');
    const z64Offset = u64(tv, at - 20 + 8, 'the ZIP64 record offset');
    if (z64Offset + 56 > source.size) refuse('the ZIP64 record lies beyond the end of the file');
    const z64 = view(await source.read(z64Offset, 56));
    if (z64.getUint32(0, true) !== ZIP64_EOCD) refuse('the ZIP64 record is not where its locator says');
    count = u64(z64, 32, 'the entry count');
    dirSize = u64(z64, 40, 'the directory size');
    dirOffset = u64(z64, 48, 'the directory offset');
  }
  if (count > MAX_ENTRIES) refuse(`the archive declares ${count} entries; a checkpoint has far fewer`);
  if (dirSize > MAX_DIRECTORY_BYTES) refuse(`the archive declares a ${dirSize}-byte directory; a checkpoint's is far smaller`);
  if (dirOffset + dirSize > dirEnd) refuse('the archive directory runs past the end of the file (truncated?)');
  const dir = await source.read(dirOffset, dirSize);
  const dv = view(dir);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > dir.length || dv.getUint32(p, true) !== CENTRAL) refuse(`directory entry ${i} is cut short or damaged`);
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    let compressed = dv.getUint32(p + 20, true);
    let size = dv.getUint32(p + 24, true);
    const nameLength = dv.getUint16(p + 28, true);
    const extraLength = dv.getUint16(p + 30, true);
    const commentLength = dv.getUint16(p + 32, true);
    let headerOffset = dv.getUint32(p + 42, true);
    const next = p + 46 + nameLength + extraLength + commentLength;
    if (next > dir.length) refuse(`directory entry ${i} runs past the directory`);
    let name: string;
    try {
      name = decoder.decode(dir.subarray(p + 46, p + 46 + nameLength));
    } catch {
      refuse(`directory entry ${i} has a name that is not UTF-8`);
    }
    // ZIP64 extra field: the 64-bit values, in this order, of those the fixed fields mark as 0xffffffff.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = dv.getUint16(e, true);
      const len = dv.getUint16(e + 2, true);
      if (e + 4 + len > extraEnd) refuse(`the extra field of "${name}" is damaged`);
      if (id === 0x0001) {
        let q = e + 4;
        const take = (what: string): number => {
          if (q + 8 > e + 4 + len) refuse(`the ZIP64 field of "${name}" is too short`);
          const v = u64(dv, q, what);
          q += 8;
          return v;
        };
        if (size === 0xffffffff) size = take('a size');
        if (compressed === 0xffffffff) compressed = take('a size');
        if (headerOffset === 0xffffffff) headerOffset = take('an offset');
      }
      e += 4 + len;
    }
    if (flags & 1) refuse(`"${name}" is encrypted`);
    if (method === 0 && compressed !== size) refuse(`"${name}" declares ${compressed} stored bytes for ${size} bytes of data`);
    if (headerOffset + 30 + compressed > dirOffset) refuse(`"${name}" declares ${compressed} bytes, more than the archive holds before its directory`);
    if (entries.has(name)) refuse(`the archive holds "${name}" twice`);
    entries.set(name, { name, size, method, stored: compressed, headerOffset });
    p = next;
  }
  const dataOffsets = new Map<ZipEntry, number>();
  async function dataOffset(entry: ZipEntry): Promise<number> {
    const known = dataOffsets.get(entry);
    if (known !== undefined) return known;
    const local = view(await source.read(entry.headerOffset, 30));
    if (local.getUint32(0, true) !== LOCAL) refuse(`the local header of "${entry.name}" is missing`);
    const start = entry.headerOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
    if (start + entry.stored > dirOffset) refuse(`the data of "${entry.name}" runs into the archive's directory`);
    dataOffsets.set(entry, start);
    return start;
  }
  return {
    entries,
    async read(entry, offset = 0, length = entry.size - offset) {
      if (entry.method !== 0) refuse(`"${entry.name}" is compressed (method ${entry.method}); PyTorch stores tensors and pickles uncompressed`);
      if (offset < 0 || length < 0 || offset + length > entry.size) refuse(`a read past the end of "${entry.name}"`);
      return source.read((await dataOffset(entry)) + offset, length);
    },
  };
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A 64-bit little-endian size or offset; anything past 2^53 is no real file's. */
function u64(dv: DataView, at: number, what: string): number {
  const hi = dv.getUint32(at + 4, true);
  if (hi >= 1 << 21) refuse(`${what} in the archive is absurdly large`);
  return hi * 2 ** 32 + dv.getUint32(at, true);
}
