// The page's images, visible ones first, each with its verdict or what it waits for.
import type { PageImage } from '../shared/protocol';
import type { ProvenanceMode } from '../shared/settings';
import { ProvenanceView } from '../ui/ProvenanceView';
import { VerdictView } from '../ui/VerdictView';

const WAITING: Record<PageImage['state'], string> = {
  waiting: 'Not attributed yet',
  queued: 'Waiting for the engine…',
  done: '',
};

function thumbnailOf(image: PageImage, thumbnails: ReadonlyMap<string, string> | undefined) {
  const src = image.record === undefined ? undefined : thumbnails?.get(image.url);
  return src === undefined ? <div class="thumbnail none" /> : <img class="thumbnail" src={src} alt="" />;
}

export function ImageList({ images, thumbnails, provenance = 'show' }: { images: PageImage[]; thumbnails?: ReadonlyMap<string, string>; provenance?: ProvenanceMode }) {
  const ordered = [...images].sort((a, b) => Number(b.visible) - Number(a.visible));
  return (
    <ul class="images">
      {ordered.map((image) => (
        <li class="image" key={image.url} data-url={image.url}>
          {/* The engine host's thumbnail, never the page's image: this page may not load other origins' images. */}
          {thumbnailOf(image, thumbnails)}
          <div class="grow">
            {image.record ? (
              provenance === 'only' ? null : <VerdictView verdict={image.record.verdict} />
            ) : (
              <div class="muted">{WAITING[image.state] || 'No verdict'}</div>
            )}
            {provenance !== 'hide' && <ProvenanceView provenance={image.record?.provenance} />}
            {provenance === 'only' && image.record !== undefined && image.record.provenance?.kind === 'none' && <div class="small muted">{image.record.provenance.detail}</div>}
            <div class="small muted">
              {image.width}×{image.height}
              {image.record?.cached === true ? ' · from cache' : ''}
              {/* Which head judged it: the person's reference set's head changes with every example they add. */}
              {image.record !== undefined && image.record.verdict.head !== '' && <span data-testid="judged-by"> · head {image.record.verdict.head}</span>}
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
