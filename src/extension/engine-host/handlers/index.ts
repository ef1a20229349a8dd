// The engine host's handler table. Only the extension's own contexts reach it (the dispatcher refuses
// content scripts for every target but the background).
import type { Handlers } from '../../dispatcher';
import { engineAttribute } from './attribute';
import { engineReset } from './reset';
import { engineStatusHandler } from './status';

export const engineHostHandlers: Handlers<'engine-host'> = {
  'engine.attribute': engineAttribute,
  'engine.status': engineStatusHandler,
  'engine.reset': engineReset,
};
