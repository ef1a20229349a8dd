// After models are removed the engine host may still hold a session of them: it is told to let go, but
// not started just for that.
import { engine } from '../shared/engine-link';

export async function resetEngineIfRunning(): Promise<void> {
  if (await engine().running()) await engine().call('engine.reset', {});
}
