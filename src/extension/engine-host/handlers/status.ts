import type { Handler } from '../../dispatcher';
import { engineStatus } from '../engine';

export const engineStatusHandler: Handler<'engine-host', 'engine.status'> = () => engineStatus();
