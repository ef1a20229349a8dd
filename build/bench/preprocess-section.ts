// Decoding and CLIP preprocessing per image in Node, with the engine's own decoders (the browser runs the
// same code): a 12-megapixel JPEG (a phone photo) and a 1-megapixel PNG (a generator's output).
import { decodeImage } from '../../src/engine/image/decode';
import { preprocess } from '../../src/engine/preprocess';
import type { InputSpec } from '../../src/engine/types';
import { useNodeCodecWasm } from '../../src/node/codec-wasm';
import { jpegPicture, pngPicture } from './pictures';
import { figure, type Figure, type Section } from './report';
import { rotate } from './timing';

export const CLIP_INPUT: InputSpec = {
  name: 'pixel_values',
  size: 224,
  mean: [0.48145466, 0.4578275, 0.40821073],
  std: [0.26862954, 0.26130258, 0.27577711],
};

async function measure(label: string, bytes: Uint8Array, rounds: number): Promise<Figure[]> {
  const decodeMs: number[] = [];
  const preprocessMs: number[] = [];
  await rotate([async () => {
    const t0 = performance.now();
    const image = await decodeImage(bytes);
    const t1 = performance.now();
    preprocess(image, CLIP_INPUT);
    const t2 = performance.now();
    decodeMs.push(t1 - t0);
    preprocessMs.push(t2 - t1);
  }], rounds);
  // rotate's warm-up run is not counted.
  decodeMs.shift();
  preprocessMs.shift();
  const total = decodeMs.map((d, i) => d + preprocessMs[i]!);
  return [
    figure(`preprocess/${label}/decode`, decodeMs, 'ms/image'),
    figure(`preprocess/${label}/resize-crop-normalise`, preprocessMs, 'ms/image'),
    figure(`preprocess/${label}/total`, total, 'ms/image', `${(bytes.length / 1024).toFixed(0)} KiB`),
  ];
}

export const preprocessSection: Section = {
  id: 'preprocess',
  title: 'Decoding and preprocessing per image (Node)',
  async run(options) {
    useNodeCodecWasm();
    const rounds = options.quick ? 2 : 7;
    return [
      ...(await measure('jpeg-12mp', jpegPicture(4000, 3000), rounds)),
      ...(await measure('png-1mp', pngPicture(1024, 1024), rounds)),
    ];
  },
};
