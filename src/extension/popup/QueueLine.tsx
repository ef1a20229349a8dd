// Progress while images of this tab wait for the engine.
import type { QueueState } from '../shared/protocol';

export function QueueLine({ queue, tabId }: { queue: QueueState | undefined; tabId: number | undefined }) {
  const mine = tabId === undefined ? 0 : (queue?.byTab[String(tabId)] ?? 0);
  if (!queue || mine === 0) return null;
  return (
    <div class="banner small" data-testid="queue">
      <div class="row">
        <span class="grow">Attributing: {mine} image{mine === 1 ? '' : 's'} of this page waiting…</span>
      </div>
      <progress style={{ width: '100%' }} />
    </div>
  );
}
