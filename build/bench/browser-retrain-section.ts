// Retraining the person's head after an enrolment, inside the extension's engine host in Chromium, against
// the same code in Node (src/extension/engine-host/enrolment-retraining.ts), timed in turn: the engine
// host runs it while the person waits for their new head.
import { encodeFloat32Base64 } from '../../src/engine/head/head-pack';
import { enrolmentRetraining } from '../../src/extension/engine-host/enrolment-retraining';
import { engineHost, inEngineHost, launch } from './browser-harness';
import { CLASSES, DIM, headFeatures, ROWS } from './head-features';
import { figure, type Section } from './report';
import { rotate } from './timing';

export const browserRetrainSection: Section = {
  id: 'browser-retrain',
  title: `Retraining after an enrolment in the engine host (Chromium), ${ROWS} examples × ${DIM} dimensions`,
  async run(options) {
    const set = headFeatures();
    const inNode = enrolmentRetraining(set, CLASSES);
    const browser = await launch();
    try {
      await engineHost(browser);
      await inEngineHost<void>(browser, 'prepareRetraining', encodeFloat32Base64(set.features.data), [...set.labels], CLASSES);
      const rounds = options.quick ? 2 : 9;
      options.log(`retraining: ${rounds} rounds of Node and the engine host in turn`);
      let host: number[] = [];
      const [node] = await rotate([inNode, async () => void host.push(await inEngineHost<number>(browser, 'runRetraining'))], rounds);
      // The engine host times itself (no DevTools round trip); its warm-up run is not counted.
      host = host.slice(1);
      const baseline = figure('browser/retrain/node', node!, 'ms', 'the same code in Node, timed in turn');
      return [
        baseline,
        { ...figure('browser/retrain/engine-host', host, 'ms', 'warm start and carried-over similarities, as after an enrolment; target < 100 ms'), baseline: baseline.name },
      ];
    } finally {
      await browser.close();
    }
  },
};
