// npm run bench [-- --quick] [--json FILE] [--only encoder,head] [--wasm-threads N]
//
// The performance benchmark: one table per section, every figure a median over repeated runs with its
// ratio to its baseline measured in the same run. Not a test: nothing here passes or fails on speed.
// A section is a file exporting a Section (report.ts); to add one, write it and list it in SECTIONS. A
// figure's baseline may name a figure of an earlier section (e.g. encoder/b32/float32/node/batch1).
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { browserBatchSection } from './browser-batch-section';
import { browserEngineSection } from './browser-engine-section';
import { browserPageSection } from './browser-page-section';
import { browserRetrainSection } from './browser-retrain-section';
import { cliSection } from './cli-section';
import { convertSection } from './convert-section';
import { encoderLargeSection, encoderSection } from './encoder-section';
import { estimateSection } from './estimate-section';
import { browserLargeSection } from './browser-large-section';
import { browserConvertSection } from './browser-convert-section';
import { browserModelRowSection } from './browser-model-row-section';
import { firefoxSection } from './firefox-section';
import { headSection } from './head-section';
import { preprocessSection } from './preprocess-section';
import { provenanceSection } from './provenance-section';
import { quantisationSection } from './quantisation-section';
import { retrainSection } from './retrain-section';
import { table, withRatios, type BenchOptions, type Figure, type Section } from './report';
import { wasmOptionsSection } from './wasm-options-section';

const SECTIONS: readonly Section[] = [encoderSection, encoderLargeSection, estimateSection, convertSection, quantisationSection, wasmOptionsSection, preprocessSection, provenanceSection, cliSection, headSection, retrainSection, browserEngineSection, browserLargeSection, browserConvertSection, browserModelRowSection, browserBatchSection, browserRetrainSection, browserPageSection, firefoxSection];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'string' },
      only: { type: 'string' },
      'wasm-threads': { type: 'string' },
    },
  });
  const only = values.only?.split(',');
  const unknown = only?.filter((id) => !SECTIONS.some((s) => s.id === id)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown section ${unknown.join(', ')}; sections: ${SECTIONS.map((s) => s.id).join(', ')}`);
  const threads = values['wasm-threads'] === undefined ? undefined : Number(values['wasm-threads']);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw new Error(`--wasm-threads must be a whole number ≥ 1`);
  const options: BenchOptions = {
    quick: values.quick,
    ...(threads === undefined ? {} : { wasmThreads: threads }),
    log: (line) => process.stderr.write(`bench: ${line}\n`),
  };

  const started = performance.now();
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`;
  console.log(`OriginLens benchmark${options.quick ? ' (quick: small models, few runs; the figures say little)' : ''}: ${machine}\n`);
  const all: (Figure & { section: string })[] = [];
  for (const section of SECTIONS) {
    if (only && !only.includes(section.id)) continue;
    const figures = withRatios(await section.run(options, all), all);
    console.log(`${table(section, figures)}\n`);
    all.push(...figures.map((f) => ({ section: section.id, ...f })));
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`${all.length} figures in ${seconds.toFixed(0)} s`);
  if (values.json !== undefined) {
    writeFileSync(values.json, `${JSON.stringify({ machine, quick: options.quick, seconds, figures: all }, null, 2)}\n`);
  }
}

await main();
// onnxruntime-web's WASM worker threads keep the event loop alive after the last session is released.
process.exit(0);
