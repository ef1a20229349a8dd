// A decoding worker that misbehaves on demand, for the pool's tests: bytes that spell EXIT end the
// thread, THROW throws outside any job's handling (an uncaught error, as a decoder bug would); anything
// else is decoded as the real worker does.
import { parentPort } from 'node:worker_threads';
import { useNodeCodecWasm } from '../../src/node/codec-wasm';
import { runDecodeJob, type DecodeRequest } from '../../src/node/decode-job';

useNodeCodecWasm();
const port = parentPort!;
port.on('message', (request: DecodeRequest) => {
  const word = new TextDecoder().decode(request.bytes.subarray(0, 5));
  if (word.startsWith('EXIT')) process.exit(3);
  if (word === 'THROW') setImmediate(() => { throw new Error('decoder bug'); });
  else void runDecodeJob(request).then((reply) => port.postMessage(reply));
});
