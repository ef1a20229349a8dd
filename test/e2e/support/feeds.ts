// Pages for the content script's tests: a feed of procedural images from an image host on another origin
// (some broken or hostile, one tiny icon, one far below the fold, one made by the page as a blob: and one
// embedded as a data: URL), an infinitely scrolling feed, and a single-page application.
import { familyImage } from '../../support/families';

/** Paths on the image host, in page order, and which of them should get a verdict rather than an error. */
export const FEED_IMAGES = {
  good: ['/img/smooth-31.png', '/img/stripes-32.png', '/img/blocks-33.png', '/img/speckle-34.png', '/img/rings-35.png'],
  broken: ['/broken/404.png', '/broken/html.png', '/broken/truncated.png', '/broken/huge.png'],
  icon: '/img/smooth-36.png',
  below: '/img/stripes-37.png',
};

const STYLE = '<style>body{margin:0;font:16px/1.4 sans-serif} h1,p{margin:12px} .row img{margin:2px;vertical-align:top}</style>';

/** The feed; `cdn` is the image host's origin. The blob: image comes from the page's own origin. */
export function feedHtml(cdn: string): string {
  const img = (id: string, path: string, size = 200) => `<img id="${id}" src="${cdn}${path}" width="${size}" height="${size}" alt="">`;
  const data = `data:image/png;base64,${Buffer.from(familyImage('speckle', 38)).toString('base64')}`;
  return `<!doctype html><meta charset="utf-8"><title>Feed</title>${STYLE}
<h1>Feed</h1><p>Posts with pictures. <img id="icon" src="${cdn}${FEED_IMAGES.icon}" width="24" height="24" alt=""></p>
<div class="row">
${FEED_IMAGES.good.map((p, i) => img(`good${i}`, p)).join('\n')}
${FEED_IMAGES.broken.map((p, i) => img(`broken${i}`, p)).join('\n')}
<img id="data" src="${data}" width="200" height="200" alt="">
<img id="blob" width="200" height="200" alt="">
</div>
<div style="height:3000px"></div>
<p>${img('below', FEED_IMAGES.below)}</p>
<script>
fetch('/img/blocks-39.png').then((r) => r.blob()).then((b) => { document.getElementById('blob').src = URL.createObjectURL(b); });
</script>`;
}

/** A feed that appends six more images whenever it is scrolled to the bottom. */
export function infiniteHtml(cdn: string): string {
  return `<!doctype html><meta charset="utf-8"><title>Endless</title>${STYLE}
<h1>Endless feed</h1><div class="row" id="feed"></div>
<script>
const families = ['smooth', 'stripes', 'blocks', 'speckle'];
let n = 0;
function more() {
  for (let i = 0; i < 6; i++, n++) {
    const img = new Image(200, 200);
    img.src = '${cdn}/img/' + families[n % 4] + '-' + (200 + n) + '.png';
    img.dataset.n = String(n);
    document.getElementById('feed').append(img);
  }
}
more(); more(); more(); more();
addEventListener('scroll', () => { if (innerHeight + scrollY >= document.body.scrollHeight - 10) more(); });
</script>`;
}

/** A single-page application: go() changes the URL with pushState and replaces the pictures. */
export function spaHtml(cdn: string): string {
  return `<!doctype html><meta charset="utf-8"><title>App</title>${STYLE}
<h1>App</h1><div class="row" id="view"><img src="${cdn}/img/smooth-41.png" width="200" height="200" alt=""><img src="${cdn}/img/stripes-42.png" width="200" height="200" alt=""></div>
<script>
function go() {
  history.pushState({}, '', '/app/second');
  document.getElementById('view').innerHTML = '<img src="${cdn}/img/blocks-43.png" width="200" height="200" alt=""><img src="${cdn}/img/speckle-44.png" width="200" height="200" alt="">';
}
</script>`;
}

/** What a lazy loader shows until the picture comes: a 1x1 GIF stretched to the picture's size. */
const PLACEHOLDER = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

/**
 * Images that show another URL than their src: a srcset candidate, a <picture>'s source, a srcset by width
 * that picks a larger candidate once the window grows; and a lazy loader's placeholder, whose picture comes
 * when reveal() is called.
 */
export function candidatesHtml(cdn: string): string {
  return `<!doctype html><meta charset="utf-8"><title>Candidates</title>${STYLE}
<h1>Candidates</h1><div class="row">
<img id="srcset" src="${cdn}/img/smooth-50.png" srcset="${cdn}/img/stripes-51.png 1x" width="200" height="200" alt="">
<picture><source srcset="${cdn}/img/blocks-52.png"><img id="picture" src="${cdn}/img/speckle-53.png" width="200" height="200" alt=""></picture>
<img id="wide" src="${cdn}/img/smooth-55.png" srcset="${cdn}/img/smooth-55.png 400w, ${cdn}/img/stripes-56.png 1600w" sizes="100vw" width="200" height="200" alt="">
<img id="lazy" src="${PLACEHOLDER}" data-src="${cdn}/img/rings-54.png" width="200" height="200" alt="">
</div>
<script>
function reveal() { const img = document.getElementById('lazy'); img.src = img.dataset.src; }
</script>`;
}
