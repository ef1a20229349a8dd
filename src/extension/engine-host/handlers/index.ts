// The engine host's handler table. Only the extension's own contexts reach it (the dispatcher refuses
// content scripts for every target but the background).
import type { Handlers } from '../../shared/dispatcher';
import { engineAttribute } from './attribute';
import { engineEnrol } from './enrol';
import { engineRetrain } from './retrain';
import { engineReset } from './reset';
import { engineStatusHandler } from './status';

export const engineHostHandlers: Handlers<'engine-host'> = {
  'engine.attribute': engineAttribute,
  'engine.status': engineStatusHandler,
  'engine.reset': engineReset,
  'engine.enrol': engineEnrol,
  'engine.retrain': engineRetrain,
};
