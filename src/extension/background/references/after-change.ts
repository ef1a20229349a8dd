// After any change to the reference set: the engine host retrains, the new head becomes the active one at
// once, and the context menu lists the classes as they are now.
import type { TrainingOutcome } from '../../shared/references/types';
import { engine } from '../../shared/engine-link';
import { changeSettings } from '../storage';
import { refreshMenus } from './menus';

export async function afterChange(encoder: string): Promise<TrainingOutcome> {
  const outcome = await engine().call('engine.retrain', { encoder });
  // When the set no longer trains (a class emptied), the head trained last stays active until it does.
  if (outcome.trained) await changeSettings({ headId: outcome.head });
  await refreshMenus();
  return outcome;
}
