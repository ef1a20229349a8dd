import type { Handler } from '../../dispatcher';
import { enrol } from '../enrol';

export const engineEnrol: Handler<'engine-host', 'engine.enrol'> = (job) => enrol(job);
