// Reads every tensor of a checkpoint as float32, in a process of its own: the convert section's baseline.
//   tsx build/bench/read-child.ts SOURCE → prints {"seconds", "maxRssBytes", "bytes"}
import { openCheckpoint } from '../../src/engine/checkpoint';
import { openFileSource } from '../../src/node/file-byte-source';

const [path] = process.argv.slice(2) as [string];
const started = performance.now();
const source = await openFileSource(path);
const checkpoint = await openCheckpoint(source, path);
let values = 0;
for (const t of checkpoint.tensors.values()) values += (await t.readFloat32()).length;
await source.close();
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024, bytes: values * 4 })}\n`);
