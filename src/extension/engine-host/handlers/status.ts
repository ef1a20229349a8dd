import type { Handler } from '../../shared/dispatcher';
import { engineStatus } from '../engine';

export const engineStatusHandler: Handler<'engine-host', 'engine.status'> = () => engineStatus();
