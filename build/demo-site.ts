// The demo page `npm start` opens: a feed of procedurally made sample images (test/support/families.ts)
// that keeps growing as it is scrolled, served on 127.0.0.1 like the end-to-end tests' pages.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FAMILIES, familyImage, type Family } from '../test/support/families';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OriginLens demo feed</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 0; background: #f0f2f5; }
  header { background: #fff; padding: 14px 20px; border-bottom: 1px solid #ddd; position: sticky; top: 0; z-index: 1; }
  main { max-width: 560px; margin: 0 auto; padding: 12px; }
  article { background: #fff; border-radius: 10px; margin: 14px 0; padding: 12px; box-shadow: 0 1px 2px #0001; }
  article img { display: block; width: 100%; height: auto; border-radius: 6px; background: #ddd; }
  p { margin: 0 0 8px; color: #444; }
</style></head>
<body>
<header><strong>Demo feed</strong> · sample images made by a program (five pattern families), loaded as you scroll.
The extension is a test build: its verdicts come from a model with random weights and say nothing about real images.</header>
<main id="feed"></main>
<div id="more" style="height: 1px"></div>
<script>
  const families = ${JSON.stringify(FAMILIES)};
  const feed = document.getElementById('feed');
  let next = 0;
  function addPosts(n) {
    for (let i = 0; i < n; i++, next++) {
      const family = families[next % families.length];
      const post = document.createElement('article');
      post.innerHTML = '<p>Post ' + (next + 1) + ' · a "' + family + '" picture</p>';
      const img = document.createElement('img');
      img.src = '/img/' + family + '-' + (100 + next) + '.png';
      img.alt = family + ' sample ' + (next + 1);
      img.width = 536; img.height = 400;
      post.appendChild(img);
      feed.appendChild(post);
    }
  }
  addPosts(6);
  new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) addPosts(4); }, { rootMargin: '600px' })
    .observe(document.getElementById('more'));
</script>
</body></html>
`;

export interface DemoSite {
  url: string;
  close(): Promise<void>;
}

export async function startDemoSite(port = 0): Promise<DemoSite> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const match = /^\/img\/([a-z]+)-(\d+)\.png$/.exec(path);
    if (match && (FAMILIES as readonly string[]).includes(match[1]!)) {
      return void res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'max-age=3600' }).end(familyImage(match[1] as Family, Number(match[2])));
    }
    if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${actual}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
