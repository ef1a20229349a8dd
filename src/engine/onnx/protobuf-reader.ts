import type { ByteSource } from '../checkpoint';

/**
 * Walks the fields of a protobuf message that lies in a ByteSource, without reading the large ones:
 * each field's number, wire type and where its bytes are. A model of gigabytes is scanned in small reads.
 */
export interface Field {
  field: number;
  wireType: number;
  /** Where the field starts (its tag) and ends. */
  start: number;
  end: number;
  /** For length-delimited fields, where the content starts. */
  contentStart: number;
}

export class ProtoFormatError extends Error {
  override name = 'ProtoFormatError';
}

function varintAt(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    const b = bytes[at + i];
    if (b === undefined) throw new ProtoFormatError('a varint cut short');
    value += (b & 0x7f) * scale;
    scale *= 128;
    if (!(b & 0x80)) return [value, i + 1];
  }
  throw new ProtoFormatError('a varint longer than ten bytes');
}

export async function* fields(source: ByteSource, start: number, end: number): AsyncGenerator<Field> {
  let at = start;
  while (at < end) {
    const head = await source.read(at, Math.min(24, end - at));
    const [tag, tagLength] = varintAt(head, 0);
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    let contentStart = at + tagLength;
    let next: number;
    if (wireType === 0) next = contentStart + varintAt(head, tagLength)[1];
    else if (wireType === 1) next = contentStart + 8;
    else if (wireType === 5) next = contentStart + 4;
    else if (wireType === 2) {
      const [length, lengthBytes] = varintAt(head, tagLength);
      contentStart += lengthBytes;
      next = contentStart + length;
    } else throw new ProtoFormatError(`wire type ${wireType} at byte ${at}`);
    if (next > end) throw new ProtoFormatError(`field ${field} at byte ${at} runs past its message`);
    yield { field, wireType, start: at, end: next, contentStart };
    at = next;
  }
}

/** The strings of the given field numbers in a small, fully read message (a NodeProto, say). */
export function readStrings(bytes: Uint8Array): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const decoder = new TextDecoder();
  let at = 0;
  while (at < bytes.length) {
    const [tag, n] = varintAt(bytes, at);
    at += n;
    const wireType = tag % 8;
    if (wireType === 0) at += varintAt(bytes, at)[1];
    else if (wireType === 1) at += 8;
    else if (wireType === 5) at += 4;
    else if (wireType === 2) {
      const [length, m] = varintAt(bytes, at);
      at += m;
      const field = Math.floor(tag / 8);
      const list = out.get(field) ?? [];
      list.push(decoder.decode(bytes.subarray(at, at + length)));
      out.set(field, list);
      at += length;
    } else throw new ProtoFormatError(`wire type ${wireType}`);
  }
  return out;
}

/** The dims (field 1) and name (field 8) at the start of a TensorProto, from its first bytes. */
export function tensorHead(bytes: Uint8Array): { dims: number[]; name: string } {
  const dims: number[] = [];
  let name = '';
  let at = 0;
  try {
    while (at < bytes.length) {
      const [tag, n] = varintAt(bytes, at);
      at += n;
      const field = Math.floor(tag / 8);
      const wireType = tag % 8;
      if (wireType === 0) {
        const [v, m] = varintAt(bytes, at);
        if (field === 1) dims.push(v);
        at += m;
      } else if (wireType === 2) {
        const [length, m] = varintAt(bytes, at);
        at += m;
        if (field === 8) name = new TextDecoder().decode(bytes.subarray(at, at + length));
        if (field === 1) {
          // Packed dims.
          let p = at;
          while (p < at + length) {
            const [v, k] = varintAt(bytes, p);
            dims.push(v);
            p += k;
          }
        }
        if (field === 9 || field === 4) break; // the data: nothing of interest follows in writers' order
        at += length;
      } else if (wireType === 5) at += 4;
      else if (wireType === 1) at += 8;
      else break;
    }
  } catch {
    // Cut short by the window: what was read is what there is.
  }
  return { dims, name };
}
