// Reading what a file declares (engine/provenance), per image in Node, against decoding and preprocessing
// the same image for the encoder, timed in the same rotation: what provenance adds to an image's way to a
// verdict. Signed JPEGs go through the C2PA reader (WebAssembly); files without credentials only through
// ExifReader, after a byte scan finds no manifest store. The first file with credentials also compiles the
// reader's 9 MB .wasm, once per process: timed alone, first thing.
import { readFileSync } from 'node:fs';
import { decodeImage } from '../../src/engine/image/decode';
import { preprocess } from '../../src/engine/preprocess';
import { readProvenance } from '../../src/engine/provenance/read-provenance';
import { useNodeCodecWasm } from '../../src/node/codec-wasm';
import { useNodeProvenanceWasm } from '../../src/node/provenance-wasm';
import { pngTextChunk, type PngTextChunk } from '../../test/support/provenance-files';
import { jpegPicture, pngPicture } from './pictures';
import { CLIP_INPUT } from './preprocess-section';
import { figure, type Figure, type Section } from './report';
import { rotate, timeOnce } from './timing';

/** A PNG with a text chunk spliced in before IEND, as a front end writes it. */
function withChunk(png: Uint8Array, chunk: PngTextChunk): Uint8Array {
  const text = pngTextChunk(chunk);
  const iend = png.byteLength - 12;
  const out = new Uint8Array(png.byteLength + text.byteLength);
  out.set(png.subarray(0, iend));
  out.set(text, iend);
  out.set(png.subarray(iend), iend + text.byteLength);
  return out;
}

const signed = (name: string) => new Uint8Array(readFileSync(`test/fixtures/provenance/c2pa/${name}`));

export const provenanceSection: Section = {
  id: 'provenance',
  title: 'What a file declares, per image (Node), against decoding and preprocessing the same image',
  async run(options) {
    useNodeCodecWasm();
    useNodeProvenanceWasm();
    const rounds = options.quick ? 3 : 15;
    const firefly = signed('ocsp.jpg');
    const first = await timeOnce(() => readProvenance(firefly).then(() => undefined));
    const images: [string, Uint8Array, string][] = [
      ['jpeg-signed-firefly', firefly, 'Content Credentials of a Photoshop edit with Firefly, 1000 × 700'],
      ['jpeg-signed-edit', signed('CA.jpg'), 'Content Credentials of an edit, 1024 × 683'],
      ['jpeg-plain', jpegPicture(1024, 683), 'no metadata, 1024 × 683'],
      ['png-a1111', withChunk(pngPicture(1024, 1024), { type: 'tEXt', key: 'parameters', text: 'a lighthouse\nSteps: 30, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 1024x1024, Model: sd_xl_base_1.0' }), "AUTOMATIC1111's parameters chunk, 1024 × 1024"],
    ];
    const figures: Figure[] = [figure('provenance/first-signed-file', [first], 'ms', 'includes compiling the C2PA reader (9 MB .wasm), once per process')];
    for (const [label, bytes, note] of images) {
      const [read, prepare] = await rotate(
        [
          async () => void (await readProvenance(bytes)),
          async () => void preprocess(await decodeImage(bytes), CLIP_INPUT),
        ],
        rounds,
      );
      figures.push(
        { ...figure(`provenance/${label}/read`, read!, 'ms/image', note), baseline: `provenance/${label}/decode-preprocess` },
        figure(`provenance/${label}/decode-preprocess`, prepare!, 'ms/image'),
      );
    }
    return figures;
  },
};
