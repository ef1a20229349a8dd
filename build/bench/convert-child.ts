// One conversion in a process of its own, so that its peak memory (resident set) is its own:
//   tsx build/bench/convert-child.ts SOURCE OUT WEIGHTS  → prints {"seconds", "maxRssBytes", "bytes"}
import { rmSync } from 'node:fs';
import { convertCheckpointFile } from '../../src/node/convert-checkpoint';

const [source, out, weights] = process.argv.slice(2) as [string, string, 'float32' | 'float16' | 'int8'];
const started = performance.now();
const result = await convertCheckpointFile(source, { out, weights, activation: 'quickgelu' });
const seconds = (performance.now() - started) / 1000;
rmSync(out);
rmSync(result.entryPath);
// maxRSS is in kilobytes.
process.stdout.write(`${JSON.stringify({ seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024, bytes: result.bytes })}\n`);
