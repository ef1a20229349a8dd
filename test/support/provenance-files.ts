// Image files with provenance metadata, made by code: what Stable Diffusion front ends, editors, cameras
// and IPTC-aware tools write into PNG, JPEG and WebP, and hostile variants of the same blocks. The
// committed fixtures under test/fixtures/provenance/made/ are written by build/make-provenance-fixtures.ts
// from these builders; tests that need files too big to commit (a 50 MB XMP packet) call them directly.
import { deflateSync } from 'node:zlib';
import { encode as encodeJpeg } from 'jpeg-js';
import { encode as encodePng } from 'fast-png';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 255);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (let i = 0; i < bytes.length; i++) {
    c ^= bytes[i]!;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

const be32 = (v: number): Uint8Array => Uint8Array.of((v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
const le32 = (v: number): Uint8Array => Uint8Array.of(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255);
const be16 = (v: number): Uint8Array => Uint8Array.of((v >>> 8) & 255, v & 255);

/** A small picture (a gradient), so every fixture also decodes as an image. */
function pixels(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data.set([(x * 255) / width, (y * 255) / height, 128, 255], i);
    }
  }
  return data;
}

// ---- PNG ----

export type PngTextChunk =
  | { type: 'tEXt'; key: string; text: string }
  | { type: 'zTXt'; key: string; text: string }
  | { type: 'iTXt'; key: string; text: string; compressed?: boolean };

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const body = concat([latin1(type), data]);
  return concat([be32(data.byteLength), body, be32(crc32(body))]);
}

/** A text chunk as the PNG specification lays it out (tEXt and zTXt in Latin-1, iTXt in UTF-8). */
export function pngTextChunk(chunk: PngTextChunk): Uint8Array {
  const key = latin1(chunk.key);
  if (chunk.type === 'tEXt') return pngChunk('tEXt', concat([key, Uint8Array.of(0), latin1(chunk.text)]));
  if (chunk.type === 'zTXt') return pngChunk('zTXt', concat([key, Uint8Array.of(0, 0), deflateSync(latin1(chunk.text))]));
  const text = chunk.compressed ? deflateSync(utf8(chunk.text)) : utf8(chunk.text);
  // keyword, 0, compression flag, method, language tag, 0, translated keyword, 0, text
  return pngChunk('iTXt', concat([key, Uint8Array.of(0, chunk.compressed ? 1 : 0, 0, 0, 0), text]));
}

/** A 32 × 24 PNG with extra chunks just before IEND (where front ends and editors put theirs). */
export function pngWith(chunks: Uint8Array[]): Uint8Array {
  const base = new Uint8Array(encodePng({ width: 32, height: 24, data: pixels(32, 24), channels: 4, depth: 8 }));
  const iend = base.byteLength - 12;
  return concat([base.subarray(0, iend), ...chunks, base.subarray(iend)]);
}

export const pngWithText = (chunks: PngTextChunk[]): Uint8Array => pngWith(chunks.map(pngTextChunk));

// ---- JPEG ----

/** A 32 × 24 baseline JPEG with extra segments (APPn: marker, payload) right after SOI. */
export function jpegWith(segments: { marker: number; payload: Uint8Array }[]): Uint8Array {
  const base = encodeJpeg({ width: 32, height: 24, data: Buffer.from(pixels(32, 24)) }, 90).data;
  const parts = segments.map(({ marker, payload }) => {
    if (payload.byteLength + 2 > 0xffff) throw new Error(`a JPEG segment holds at most 65533 bytes, not ${payload.byteLength}`);
    return concat([Uint8Array.of(0xff, marker), be16(payload.byteLength + 2), payload]);
  });
  return concat([base.subarray(0, 2), ...parts, base.subarray(2)]);
}

export const jpegXmpSegment = (xmp: string) => ({ marker: 0xe1, payload: concat([latin1('http://ns.adobe.com/xap/1.0/\0'), utf8(xmp)]) });

// ---- EXIF (a little-endian TIFF structure in an APP1 "Exif" segment) ----

export interface ExifFields {
  make?: string;
  model?: string;
  software?: string;
  /** Written in the UNICODE encoding (UTF-16, big-endian as piexif and AUTOMATIC1111 write it). */
  userComment?: string;
}

/** A minimal TIFF: IFD0 with Make, Model, Software and a pointer to an Exif IFD holding UserComment. */
export function exifTiff(fields: ExifFields): Uint8Array {
  const ascii = (s: string) => latin1(`${s}\0`);
  const ifd0: { tag: number; type: number; data: Uint8Array }[] = [];
  if (fields.make) ifd0.push({ tag: 0x010f, type: 2, data: ascii(fields.make) });
  if (fields.model) ifd0.push({ tag: 0x0110, type: 2, data: ascii(fields.model) });
  if (fields.software) ifd0.push({ tag: 0x0131, type: 2, data: ascii(fields.software) });
  const exif: typeof ifd0 = [];
  if (fields.userComment !== undefined) {
    const text = new Uint8Array(fields.userComment.length * 2);
    for (let i = 0; i < fields.userComment.length; i++) text.set(be16(fields.userComment.charCodeAt(i)), i * 2);
    exif.push({ tag: 0x9286, type: 7, data: concat([latin1('UNICODE\0'), text]) });
  }
  const ifdSize = (n: number) => 2 + n * 12 + 4;
  const ifd0Count = ifd0.length + (exif.length > 0 ? 1 : 0);
  const ifd0At = 8;
  const exifAt = ifd0At + ifdSize(ifd0Count);
  let dataAt = exifAt + (exif.length > 0 ? ifdSize(exif.length) : 0);
  const data: Uint8Array[] = [];
  const entries = (list: typeof ifd0) =>
    list.map(({ tag, type, data: value }) => {
      const count = value.byteLength; // ASCII and UNDEFINED: one byte per count
      let field: Uint8Array;
      if (count <= 4) {
        field = new Uint8Array(4);
        field.set(value);
      } else {
        field = le32(dataAt);
        data.push(value);
        dataAt += value.byteLength;
      }
      return concat([Uint8Array.of(tag & 255, tag >> 8, type, 0), le32(count), field]);
    });
  const ifd0Entries = entries(ifd0);
  if (exif.length > 0) ifd0Entries.push(concat([Uint8Array.of(0x69, 0x87, 4, 0), le32(1), le32(exifAt)]));
  const exifEntries = entries(exif);
  const ifd = (list: Uint8Array[]) => concat([Uint8Array.of(list.length & 255, list.length >> 8), ...list, le32(0)]);
  return concat([latin1('II*\0'), le32(ifd0At), ifd(ifd0Entries), ...(exif.length > 0 ? [ifd(exifEntries)] : []), ...data]);
}

export const jpegExifSegment = (fields: ExifFields) => ({ marker: 0xe1, payload: concat([latin1('Exif\0\0'), exifTiff(fields)]) });

// ---- WebP ----

function riffChunk(fourcc: string, data: Uint8Array): Uint8Array {
  return concat([latin1(fourcc), le32(data.byteLength), data, data.byteLength % 2 ? Uint8Array.of(0) : new Uint8Array(0)]);
}

/**
 * The extended (VP8X) form of a simple lossy WebP, with EXIF and XMP chunks after the image data, where
 * the WebP container specification puts them.
 */
export function webpWith(simpleWebp: Uint8Array, extra: { exif?: Uint8Array; xmp?: string }): Uint8Array {
  const view = new DataView(simpleWebp.buffer, simpleWebp.byteOffset, simpleWebp.byteLength);
  const fourcc = new TextDecoder('latin1').decode(simpleWebp.subarray(12, 16));
  if (fourcc !== 'VP8 ') throw new Error(`webpWith needs a simple lossy WebP, not ${fourcc}`);
  const size = view.getUint32(16, true);
  const vp8 = simpleWebp.subarray(12, 20 + size + (size % 2));
  // The VP8 frame header holds the size: 14 bits each at bytes 6-9 of the frame (after the 3-byte tag and start code).
  const frame = simpleWebp.subarray(20);
  const width = (frame[6]! | (frame[7]! << 8)) & 0x3fff;
  const height = (frame[8]! | (frame[9]! << 8)) & 0x3fff;
  const flags = (extra.exif ? 0x08 : 0) | (extra.xmp !== undefined ? 0x04 : 0);
  const w1 = width - 1;
  const h1 = height - 1;
  const vp8x = Uint8Array.of(flags, 0, 0, 0, w1 & 255, (w1 >> 8) & 255, w1 >> 16, h1 & 255, (h1 >> 8) & 255, h1 >> 16);
  const body = concat([
    latin1('WEBP'),
    riffChunk('VP8X', vp8x),
    vp8,
    ...(extra.exif ? [riffChunk('EXIF', extra.exif)] : []),
    ...(extra.xmp !== undefined ? [riffChunk('XMP ', utf8(extra.xmp))] : []),
  ]);
  return concat([latin1('RIFF'), le32(body.byteLength), body]);
}

// ---- XMP ----

export const IPTC_DST = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

/** An XMP packet as Photoshop and IPTC's tools write it, with the properties given (already escaped). */
export function xmpPacket(properties: { digitalSourceType?: string; creatorTool?: string; filler?: number }): string {
  const props: string[] = [];
  if (properties.digitalSourceType) props.push(`<Iptc4xmpExt:DigitalSourceType>${properties.digitalSourceType}</Iptc4xmpExt:DigitalSourceType>`);
  if (properties.creatorTool) props.push(`<xmp:CreatorTool>${properties.creatorTool}</xmp:CreatorTool>`);
  // Padding as a description's text: a huge packet that is still well-formed XML.
  if (properties.filler) props.push(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${'a'.repeat(properties.filler)}</rdf:li></rdf:Alt></dc:description>`);
  return (
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>' +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" ' +
    'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
    props.join('') +
    '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
  );
}

/** The XMP packet of a PNG: an iTXt chunk with the keyword Adobe uses. */
export const pngXmpChunk = (xmp: string): PngTextChunk => ({ type: 'iTXt', key: 'XML:com.adobe.xmp', text: xmp });

// ---- JUMBF (the box format Content Credentials are stored in) ----

/** JUMBF description types from the C2PA specification: the manifest store ("c2pa") and a manifest ("c2ma"). */
export const C2PA_STORE = '6332706100110010800000aa00389b71';
export const C2PA_MANIFEST = '63326d6100110010800000aa00389b71';

/** A JUMBF superbox: a description box with the label, then the content boxes. */
export function jumbfBox(label: string, content: Uint8Array[], type = C2PA_STORE): Uint8Array {
  const uuid = Uint8Array.from(type.match(/../g)!.map((h) => parseInt(h, 16)));
  const jumd = concat([uuid, Uint8Array.of(0x03), utf8(`${label}\0`)]);
  const jumdBox = concat([be32(8 + jumd.byteLength), latin1('jumd'), jumd]);
  const inner = concat([jumdBox, ...content]);
  return concat([be32(8 + inner.byteLength), latin1('jumb'), inner]);
}

/** `depth` JUMBF superboxes inside each other, labelled c2pa like a manifest store. */
export function nestedJumbf(depth: number): Uint8Array {
  let box = jumbfBox('urn:uuid:innermost', [], C2PA_MANIFEST);
  for (let i = 0; i < depth; i++) box = i === depth - 1 ? jumbfBox('c2pa', [box]) : jumbfBox(`urn:uuid:level${i}`, [box], C2PA_MANIFEST);
  return box;
}

/** A JPEG APP11 segment carrying JUMBF as C2PA writes it (the JPEG XT header: "JP", instance, sequence). */
export function jpegJumbfSegment(jumbf: Uint8Array) {
  return { marker: 0xeb, payload: concat([latin1('JP'), be16(0x0001), be32(1), jumbf]) };
}
