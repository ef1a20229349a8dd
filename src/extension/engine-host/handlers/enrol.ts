import type { Handler } from '../../shared/dispatcher';
import { enrol } from '../enrol';

export const engineEnrol: Handler<'engine-host', 'engine.enrol'> = (job) => enrol(job);
