// A worker thread of the decoding pool (decode-pool.ts): decodes and preprocesses one image at a time,
// so that this runs on another core while onnxruntime encodes on the main thread's behalf.
import { parentPort } from 'node:worker_threads';
import { jpegDecoderReady } from '../engine/image/jpeg-wasm';
import { useNodeCodecWasm } from './codec-wasm';
import { runDecodeJob, type DecodeRequest } from './decode-job';

useNodeCodecWasm();
// The JPEG decoder's WebAssembly compiles now, while the command line is still loading the encoder, not
// with the first photo. A failure here is not cached: the first JPEG job tries again and reports it.
jpegDecoderReady().catch(() => undefined);
const port = parentPort;
if (!port) throw new Error('decode-worker.ts runs as a worker thread only');
port.on('message', (request: DecodeRequest) => {
  void runDecodeJob(request).then((reply) => {
    // The tensor's memory moves to the main thread instead of being copied.
    port.postMessage(reply, 'pixels' in reply ? [reply.pixels.buffer as ArrayBuffer] : []);
  });
});
