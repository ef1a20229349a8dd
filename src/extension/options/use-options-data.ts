// The settings and installed models the options page shows, loaded again after every change it makes.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import type { ModelsState } from '../shared/protocol';
import type { Settings } from '../shared/settings';
import { message } from '../ui/errors';

export interface OptionsData {
  settings: Settings;
  models: ModelsState;
}

export function useOptionsData(): { data: OptionsData | undefined; problem: string | undefined; reload: () => Promise<void> } {
  const [data, setData] = useState<OptionsData>();
  const [problem, setProblem] = useState<string>();
  const reload = useCallback(async () => {
    try {
      const [settings, models] = await Promise.all([send('background', 'settings.get', {}), send('background', 'models.state', {})]);
      setData({ settings, models });
      setProblem(undefined);
    } catch (error) {
      setProblem(message(error));
    }
  }, []);
  useEffect(() => void reload(), [reload]);
  return { data, problem, reload };
}
