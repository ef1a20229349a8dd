// The engine host's handler table: each message goes straight to the module that does the work. Only the
// extension's own contexts reach it (the dispatcher refuses content scripts for every target but the
// background).
import type { Handlers } from '../../shared/dispatcher';
import { convertDownloaded } from '../convert-downloaded';
import { engineStatus, resetEngine } from '../engine';
import { enrol } from '../enrol';
import { estimate } from '../estimate';
import { measure } from '../measure';
import { retrain } from '../retrain';
import { rewriteInstalled } from '../rewrite-installed';
import { runJob } from '../run-job';

export const engineHostHandlers: Handlers<'engine-host'> = {
  'engine.attribute': (job) => runJob(job),
  'engine.status': () => engineStatus(),
  // Models or the backend changed: drop the loaded session; the next job loads afresh.
  'engine.reset': async () => {
    await resetEngine();
    return engineStatus();
  },
  'engine.enrol': (job) => enrol(job),
  'engine.retrain': ({ encoder }) => retrain(encoder),
  'engine.measure': ({ encoder, backend }) => measure(encoder, backend),
  'engine.convert': ({ conversion }) => convertDownloaded(conversion),
  'engine.rewrite': ({ id }) => rewriteInstalled(id),
  'engine.estimate': ({ encoder, backend }) => estimate(encoder, backend),
};
