// EXIF, IPTC, XMP and PNG text chunks, read with ExifReader (XMP parsed by @xmldom/xmldom, the same parser
// in Node and in the browser's engine host). Bounded: compressed chunks inflate to at most
// MAX_INFLATED bytes, and an XMP packet above MAX_XMP is not parsed but reported as unreadable.
import { DOMParser } from '@xmldom/xmldom';
import ExifReader from 'exifreader';
import { generatorFromText } from './generator-metadata';
import type { Evidence, Finding } from './types';

/** Far above any real XMP packet (Photoshop's run to tens of kilobytes), far below a hostile one. */
export const MAX_XMP = 2 * 1024 * 1024;
/** Largest text a compressed PNG chunk (zTXt, iTXt) may inflate to. */
export const MAX_INFLATED = 4 * 1024 * 1024;
/** Longest value a finding keeps, unless the caller asks for everything (`originlens inspect`). */
const SHORT_VALUE = 400;

const IPTC_DST = 'http://cv.iptc.org/newscodes/digitalsourcetype/';
/** The IPTC digital source types that declare generative AI (IPTC NewsCodes, digitalsourcetype). */
const AI_SOURCE_TYPES = new Set(['trainedAlgorithmicMedia', 'compositeWithTrainedAlgorithmicMedia']);

export interface FileMetadata {
  evidence: Evidence[];
  findings: Finding[];
}

type Tag = { description?: unknown; value?: unknown };
type TagGroup = Record<string, Tag | undefined>;

/** The XML parser ExifReader is given: refuses oversized packets, and records why a packet failed. */
function boundedParser(problems: string[]) {
  return {
    parseFromString(text: string, type: string) {
      if (text.length > MAX_XMP) {
        problems.push(`an XMP packet of ${(text.length / 2 ** 20).toFixed(1)} MB (more than ${MAX_XMP / 2 ** 20} MB) was not read`);
        text = '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>';
      }
      const parser = new DOMParser({
        onError: (level: string, message: string) => {
          if (level !== 'warning') problems.push(`the XMP packet is not well-formed XML (${message.split('\n')[0]!.trim()})`);
        },
      });
      return parser.parseFromString(text, type as 'application/xml');
    },
  };
}

/** EXIF UserComment: an 8-byte encoding name, then the text (UTF-16 of either byte order for UNICODE). */
function userCommentText(tag: Tag | undefined): string | undefined {
  if (!tag || !Array.isArray(tag.value)) return undefined;
  const bytes = Uint8Array.from(tag.value as number[]);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 8));
  const body = bytes.subarray(8);
  if (head.startsWith('UNICODE')) {
    // Writers disagree on byte order (AUTOMATIC1111 writes big-endian): ASCII text has its zeros first in big-endian.
    const bigEndian = body.length >= 2 && body[0] === 0 && body[1] !== 0;
    return new TextDecoder(bigEndian ? 'utf-16be' : 'utf-16le').decode(body).replace(/\0+$/, '');
  }
  return new TextDecoder(head.startsWith('ASCII') ? 'latin1' : 'utf-8').decode(body).replace(/\0+$/, '');
}

function describe(tag: Tag | undefined): string | undefined {
  if (tag === undefined) return undefined;
  const d = tag.description ?? tag.value;
  if (typeof d === 'string') return d;
  // ExifReader gives some texts as arrays of characters.
  if (Array.isArray(d)) return d.every((c) => typeof c === 'string') ? d.join('') : d.join(', ');
  return d === undefined ? undefined : String(d);
}

export async function readFileMetadata(bytes: Uint8Array, options: { full?: boolean } = {}): Promise<FileMetadata> {
  const evidence: Evidence[] = [];
  const findings: Finding[] = [];
  const problems: string[] = [];
  const short = (v: string) => (options.full || v.length <= SHORT_VALUE ? v : `${v.slice(0, SHORT_VALUE)}… (${v.length} characters)`);
  let tags: Record<string, TagGroup | undefined>;
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    tags = (await ExifReader.load(buffer, {
      expanded: true,
      async: true,
      domParser: boundedParser(problems),
      decompress: { maxDecompressedSize: MAX_INFLATED },
      // No thumbnails, maker notes or colour profiles: nothing in them declares an origin.
      excludeTags: { icc: true, makerNotes: true, mpf: true },
    })) as unknown as Record<string, TagGroup | undefined>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // ExifReader's way of saying "there is nothing here" is not a problem with the file.
    if (/no (exif|metadata)|invalid image format/i.test(reason)) return { evidence, findings };
    return { evidence: [{ source: 'unreadable', what: 'metadata', reason }], findings };
  }

  // PNG text chunks (tEXt, zTXt, iTXt), by key.
  const texts = new Map<string, string>();
  // ExifReader repeats the header's fields among the text chunks of some files: those are no text chunk.
  const header = new Set(Object.keys(tags.pngFile ?? {}));
  for (const [key, tag] of Object.entries(tags.pngText ?? {})) {
    const text = describe(tag);
    if (text === undefined || header.has(key)) continue;
    texts.set(key, text);
    findings.push({ where: 'PNG text', name: key, value: short(text) });
  }
  const exif = tags.exif ?? {};
  for (const name of ['Make', 'Model', 'Software', 'Artist', 'ImageDescription', 'DateTimeOriginal']) {
    const value = describe(exif[name]);
    if (value !== undefined) findings.push({ where: 'EXIF', name, value: short(value) });
  }
  const userComment = userCommentText(exif.UserComment);
  if (userComment) findings.push({ where: 'EXIF', name: 'UserComment', value: short(userComment) });
  for (const [name, tag] of Object.entries(tags.iptc ?? {})) {
    const value = describe(tag);
    if (value !== undefined && name !== 'Coded Character Set') findings.push({ where: 'IPTC', name, value: short(value) });
  }
  for (const [name, tag] of Object.entries(tags.xmp ?? {})) {
    if (name === '_raw' || name === 'about') continue;
    const value = describe(tag);
    if (value !== undefined) findings.push({ where: 'XMP', name, value: short(value) });
  }

  const generator = generatorFromText(texts, userComment);
  if (generator) evidence.push(generator);
  const dst = describe(tags.xmp?.DigitalSourceType);
  if (dst !== undefined) {
    const code = dst.trim().startsWith(IPTC_DST) ? dst.trim().slice(IPTC_DST.length) : dst.trim();
    evidence.push({ source: 'iptc', digitalSourceType: code, ai: AI_SOURCE_TYPES.has(code) });
  }
  for (const reason of new Set(problems)) evidence.push({ source: 'unreadable', what: 'XMP', reason });
  return { evidence, findings };
}
