// The popup: the current tab's images with their verdicts, what the engine runs on, the site's badge
// switch, and, with no model installed, the way to the options page.
import { send, sendToTab } from '../shared/messaging';
import { browser } from '../shared/browser-api';
import { EngineLine } from './EngineLine';
import { ImageList } from './ImageList';
import { NoModel } from './NoModel';
import { QueueLine } from './QueueLine';
import { SiteSwitch } from './SiteSwitch';
import { StorageNote } from './StorageNote';
import { usePopupData } from './use-popup-data';

export function Popup({ tabId }: { tabId: number | undefined }) {
  const { data, refresh } = usePopupData(tabId);
  if (!data) return <main class="popup muted">Loading…</main>;
  const openOptions = () => void browser.runtime.openOptionsPage();
  const attributeAll = async () => {
    if (tabId === undefined) return;
    await sendToTab(tabId, 'page.attributeAll', {}).catch(() => undefined);
    refresh();
  };
  const ready = data.models !== undefined && data.models.missing === undefined;
  const mode = data.settings?.provenance ?? 'show';
  // Without a model, the images whose files declare something are still listed: that needs no model.
  const declaring = (data.images ?? []).filter((i) => i.record?.provenance !== undefined && !['none', 'unreadable'].includes(i.record.provenance.kind));
  return (
    <main class="popup">
      <header>
        <h1>OriginLens</h1>
        <button onClick={openOptions}>Options</button>
      </header>
      {data.problem !== undefined && <div class="banner problem">{data.problem}</div>}
      <StorageNote />
      {data.models?.testBuild === true && (
        <div class="banner test small" data-testid="test-build">
          Test build: verdicts come from a test model with random weights and say nothing about real images.
        </div>
      )}
      {data.models?.missing !== undefined && <NoModel reason={data.models.missing} onOpen={() => void send('background', 'details.open', { page: 'welcome' }).then(() => window.close())} />}
      {!ready && mode !== 'hide' && declaring.length > 0 && (
        <section class="declared-images" data-testid="declared-images">
          <p class="muted small">What the files of this page declare about their origin (no model needed):</p>
          <ImageList images={declaring} provenance="only" />
        </section>
      )}
      {ready && (
        <>
          <QueueLine queue={data.queue} tabId={tabId} />
          {data.imagesProblem !== undefined ? (
            <p class="muted">{data.imagesProblem}</p>
          ) : (
            <>
              <div class="row">
                <span class="grow muted">{data.images?.length ?? 0} images on this page</span>
                <button class="primary" onClick={() => void attributeAll()} disabled={(data.images?.length ?? 0) === 0}>
                  {mode === 'only' ? 'Read what every image on this page declares' : 'Attribute all images on this page'}
                </button>
              </div>
              <ImageList images={data.images ?? []} thumbnails={data.thumbnails} provenance={mode} />
            </>
          )}
        </>
      )}
      <footer>
        {data.pageUrl !== undefined && data.settings !== undefined && (
          <SiteSwitch pageUrl={data.pageUrl} sites={data.settings.autoBadgeSites} onChange={(sites) => void send('background', 'settings.update', { autoBadgeSites: sites }).then(refresh)} />
        )}
        <EngineLine engine={data.engine} />
      </footer>
    </main>
  );
}
