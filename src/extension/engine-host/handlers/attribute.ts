import type { Handler } from '../../shared/dispatcher';
import { runJob } from '../run-job';

export const engineAttribute: Handler<'engine-host', 'engine.attribute'> = (job) => runJob(job);
