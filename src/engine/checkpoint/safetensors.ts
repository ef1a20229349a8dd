import type { ByteSource } from './byte-source';
import { refuse } from './checkpoint-error';
import { ITEM_SIZE, elementCount, toFloat32, type DType, type TensorEntry } from './tensor';

/**
 * A safetensors file: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
 * shape and byte range, then the data. Every range is checked against the shape and the file.
 */
export interface SafetensorsFile {
  readonly format: 'safetensors';
  readonly metadata: Readonly<Record<string, string>>;
  readonly tensors: ReadonlyMap<string, TensorEntry>;
}

/** Headers of real models are well under a megabyte; the format's own reader caps them at 100 MB. */
const MAX_HEADER_BYTES = 100_000_000;

export async function openSafetensors(source: ByteSource, what: string): Promise<SafetensorsFile> {
  if (source.size < 8) refuse(`${what} is too short to be a safetensors file`);
  const lengthBytes = await source.read(0, 8);
  const dv = new DataView(lengthBytes.buffer, lengthBytes.byteOffset, 8);
  const hi = dv.getUint32(4, true);
  const headerLength = hi * 2 ** 32 + dv.getUint32(0, true);
  if (hi !== 0 || headerLength > MAX_HEADER_BYTES) refuse(`${what} declares a ${headerLength}-byte header, beyond the format's limit`);
  if (8 + headerLength > source.size) refuse(`${what} declares a ${headerLength}-byte header but holds ${source.size} bytes (truncated?)`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await source.read(8, headerLength)));
  } catch {
    refuse(`${what}: the safetensors header is not JSON`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) refuse(`${what}: the safetensors header is not an object`);
  const dataStart = 8 + headerLength;
  const dataLength = source.size - dataStart;
  const tensors = new Map<string, TensorEntry>();
  let metadata: Record<string, string> = {};
  for (const [name, spec] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = spec as Record<string, string>;
      continue;
    }
    const s = spec as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof s !== 'object' || s === null) refuse(`${what}: tensor ${name} has no description`);
    const dtype = s.dtype as DType;
    if (typeof dtype !== 'string' || !(dtype in ITEM_SIZE)) refuse(`${what}: tensor ${name} has the unsupported type ${String(s.dtype)}`);
    if (!Array.isArray(s.shape)) refuse(`${what}: tensor ${name} has no shape`);
    const shape = s.shape as number[];
    const count = elementCount(shape, `${what}: tensor ${name}`);
    const offsets = s.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      refuse(`${what}: tensor ${name} has malformed data offsets`);
    }
    const [begin, end] = offsets as [number, number];
    if (end - begin !== count * ITEM_SIZE[dtype]) refuse(`${what}: tensor ${name} has ${end - begin} bytes for ${shape.join(' × ')} ${dtype} values`);
    if (end > dataLength) refuse(`${what}: tensor ${name} lies beyond the end of the file (truncated?)`);
    tensors.set(name, {
      name,
      dtype,
      shape,
      readFloat32: async () => toFloat32(await source.read(dataStart + begin, end - begin), dtype, count),
    });
  }
  return { format: 'safetensors', metadata, tensors };
}
