// Writes test/fixtures/provenance/made/: images carrying the metadata that generators, editors and cameras
// write, as those tools lay it out (keys and formats from their published sources and files), and small
// hostile variants. `npx tsx build/make-provenance-fixtures.ts` rewrites them; a test checks that the
// committed files are what this script makes.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  exifTiff,
  IPTC_DST,
  jpegExifSegment,
  jpegJumbfSegment,
  jpegWith,
  jpegXmpSegment,
  nestedJumbf,
  pngWithText,
  pngXmpChunk,
  webpWith,
  xmpPacket,
} from '../test/support/provenance-files';

export const MADE_DIR = 'test/fixtures/provenance/made';

// AUTOMATIC1111's "parameters": the prompt, "Negative prompt: …", then one line of "Key: value" pairs.
const A1111 =
  'a lighthouse on a cliff at dusk, oil painting\nNegative prompt: blurry, low quality\n' +
  'Steps: 30, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 1234567890, Size: 1024x1024, ' +
  'Model hash: 31e35c80fc, Model: sd_xl_base_1.0, Version: v1.7.0';

// ComfyUI's "prompt" is the executed graph by node id; "workflow" is the editor's graph.
const COMFY_PROMPT = JSON.stringify({
  '3': { class_type: 'KSampler', inputs: { seed: 42, steps: 20, cfg: 8, sampler_name: 'euler', scheduler: 'normal', denoise: 1, model: ['4', 0] } },
  '4': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'v1-5-pruned-emaonly.safetensors' } },
  '6': { class_type: 'CLIPTextEncode', inputs: { text: 'a red fox in snow', clip: ['4', 1] } },
});
const COMFY_WORKFLOW = JSON.stringify({ last_node_id: 9, nodes: [{ id: 3, type: 'KSampler' }, { id: 4, type: 'CheckpointLoaderSimple' }], version: 0.4 });

// InvokeAI (3.x and later) writes its metadata as JSON under "invokeai_metadata".
const INVOKE = JSON.stringify({ generation_mode: 'txt2img', positive_prompt: 'a castle in the clouds', steps: 25, model: { name: 'stable-diffusion-xl-base-1-0', base: 'sdxl' } });

// NovelAI: "Software", "Source" (the model) and a JSON "Comment" with the sampling settings.
const NOVELAI_COMMENT = JSON.stringify({ prompt: 'a girl reading under a tree', steps: 28, scale: 5, sampler: 'k_euler_ancestral', seed: 99 });

export async function makeFixtures(): Promise<Record<string, Uint8Array>> {
  const webp = new Uint8Array(await readFile('test/fixtures/images/lossy-320x240.webp'));
  return {
    'a1111-parameters.png': pngWithText([{ type: 'tEXt', key: 'parameters', text: A1111 }]),
    'comfyui-prompt-workflow.png': pngWithText([
      { type: 'tEXt', key: 'prompt', text: COMFY_PROMPT },
      { type: 'tEXt', key: 'workflow', text: COMFY_WORKFLOW },
    ]),
    'invokeai-metadata-itxt.png': pngWithText([{ type: 'iTXt', key: 'invokeai_metadata', text: INVOKE, compressed: true }]),
    'novelai-ztxt.png': pngWithText([
      { type: 'tEXt', key: 'Software', text: 'NovelAI' },
      { type: 'tEXt', key: 'Source', text: 'NovelAI Diffusion V3 4BDE2A90' },
      { type: 'zTXt', key: 'Comment', text: NOVELAI_COMMENT },
    ]),
    'a1111-usercomment.jpg': jpegWith([jpegExifSegment({ userComment: A1111 })]),
    'xmp-trained.jpg': jpegWith([jpegXmpSegment(xmpPacket({ digitalSourceType: `${IPTC_DST}trainedAlgorithmicMedia` }))]),
    'xmp-composite.png': pngWithText([pngXmpChunk(xmpPacket({ digitalSourceType: `${IPTC_DST}compositeWithTrainedAlgorithmicMedia`, creatorTool: 'Adobe Photoshop 25.5' }))]),
    'xmp-trained.webp': webpWith(webp, { xmp: xmpPacket({ digitalSourceType: `${IPTC_DST}trainedAlgorithmicMedia` }) }),
    // Ordinary metadata that declares nothing about generation: must stay "none".
    'camera-exif.jpg': jpegWith([
      jpegExifSegment({ make: 'Canon', model: 'Canon EOS R5', software: 'Firmware Version 1.8.1' }),
      jpegXmpSegment(xmpPacket({ digitalSourceType: `${IPTC_DST}digitalCapture`, creatorTool: 'Adobe Lightroom Classic 13.2' })),
    ]),
    'editor-software.png': pngWithText([
      { type: 'tEXt', key: 'Software', text: 'GIMP 2.10.36' },
      { type: 'iTXt', key: 'Description', text: 'Harbour at dawn, edited' },
    ]),
    'camera-exif.webp': webpWith(webp, { exif: exifTiff({ make: 'Google', model: 'Pixel 8', software: 'HDR+ 1.0.612345678zd' }) }),
    // Hostile, small enough to commit: JUMBF boxes 1,000 deep where Content Credentials would be; XMP
    // that is not XML; a parameters chunk that is only a key.
    'jumbf-nested.jpg': jpegWith([jpegJumbfSegment(nestedJumbf(1000))]),
    'xmp-broken.jpg': jpegWith([jpegXmpSegment('<x:xmpmeta><rdf:RDF><Iptc4xmpExt:DigitalSourceType>')]),
  };
}

async function main(): Promise<void> {
  await mkdir(MADE_DIR, { recursive: true });
  const files = await makeFixtures();
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(MADE_DIR, name), bytes);
  process.stdout.write(`${Object.keys(files).length} files in ${MADE_DIR}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
