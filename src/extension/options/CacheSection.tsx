// The verdict cache: how big, and a way to empty it (models and heads stay).
import { useEffect, useState } from 'preact/hooks';
import { send } from '../shared/messaging';

export function CacheSection() {
  const [stats, setStats] = useState<{ verdicts: number; urls: number }>();
  const load = () => void send('background', 'cache.stats', {}).then(setStats);
  useEffect(load, []);
  const clear = async () => {
    await send('background', 'cache.clear', {});
    load();
  };
  return (
    <section data-testid="cache">
      <h2>Cache</h2>
      <p>
        {stats ? `${stats.verdicts} verdicts and ${stats.urls} image addresses are remembered, so an image seen before costs no new work.` : '…'}
      </p>
      <button onClick={() => void clear()}>Clear the cache</button>
    </section>
  );
}
