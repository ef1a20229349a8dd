// Models or the backend changed: drop the loaded session; the next job loads afresh.
import type { Handler } from '../../shared/dispatcher';
import { engineStatus, resetEngine } from '../engine';

export const engineReset: Handler<'engine-host', 'engine.reset'> = async () => {
  await resetEngine();
  return engineStatus();
};
