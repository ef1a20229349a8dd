// What is installed, which head makes verdicts, and, when none can, why: the popup's "no model" state
// and the options page's model lists.
import { db } from '../../shared/db';
import type { Handler } from '../../shared/dispatcher';
import type { ModelsState } from '../../shared/protocol';
import { activeModels } from '../active-models';
import { encoderSummary, headSummary } from '../model-summaries';
import { currentSettings } from '../storage';

export const modelsState: Handler<'background', 'models.state'> = async () => {
  const [encoders, heads, active] = await Promise.all([db().models.toArray(), db().heads.toArray(), currentSettings().then(activeModels)]);
  const state: ModelsState = { encoders: encoders.map(encoderSummary), heads: heads.map(headSummary), testBuild: __ORIGINLENS_TEST_BUILD__ };
  if ('missing' in active) state.missing = active.missing;
  else state.active = { encoder: active.encoder, head: active.head };
  return state;
};
