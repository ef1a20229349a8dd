// Test pages and images on 127.0.0.1. Two servers on two ports are two origins, the way a page and an
// image CDN are. Images are made procedurally (test/support/families.ts); the broken ones are broken
// the ways the web breaks them. Every request is counted, so tests can tell a fetch from a cache hit.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FAMILIES, familyImage, type Family } from '../../support/families';
import { HOSTILE_IMAGES } from '../../support/hostile-corpus';
import { pngHeader } from '../../support/hostile-images';
import { hostileNetwork } from './hostile-network';

export interface TestServer {
  origin: string;
  /** Requests per path since start. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** How long /slow/ images take unless their ?ms= says otherwise. */
export const SLOW_MS = 1500;
const HTML = { 'content-type': 'text/html; charset=utf-8' };
const PNG = { 'content-type': 'image/png' };

/** Procedural images made so far: making one takes tens of milliseconds, and a long feed repeats a few. */
const made = new Map<string, Uint8Array>();

/** `/img/<family>-<seed>.png`: a procedural PNG. */
function image(path: string): Uint8Array | undefined {
  const match = /^\/img\/([a-z]+)-(\d+)\.png$/.exec(path);
  if (!match || !(FAMILIES as readonly string[]).includes(match[1]!)) return undefined;
  let png = made.get(path);
  if (!png) made.set(path, (png = familyImage(match[1] as Family, Number(match[2]))));
  return png;
}

/** A page showing the given image URLs, for tests that need a tab to attribute in. */
export function pageHtml(title: string, images: string[]): string {
  const tags = images.map((src, i) => `<img id="img${i}" src="${src}" width="200" height="200" alt="">`).join('\n');
  return `<!doctype html><meta charset="utf-8"><title>${title}</title><h1>${title}</h1>\n${tags}\n`;
}

export async function startServer(pages: Record<string, string> = {}): Promise<TestServer> {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const requested = new URL(req.url ?? '/', 'http://localhost');
    const path = requested.pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const png = image(path.replace(/^\/slow\//, '/'));
    // /slow/img/...: the image after a pause, to hold a job in flight (?ms=N: another pause).
    if (png && path.startsWith('/slow/')) return void setTimeout(() => res.writeHead(200, PNG).end(png), Number(requested.searchParams.get('ms') ?? SLOW_MS));
    if (png) return void res.writeHead(200, PNG).end(png);
    if (path === '/broken/html.png') return void res.writeHead(200, PNG).end('<!doctype html><title>Not found</title><p>Sorry.</p>');
    if (path === '/broken/truncated.png') return void res.writeHead(200, PNG).end(familyImage('stripes', 7).subarray(0, 600));
    // A header that claims 30,000 x 30,000 pixels: refused from the header, before anything is decoded.
    if (path === '/broken/huge.png') return void res.writeHead(200, PNG).end(pngHeader(30_000, 30_000));
    const hostile = HOSTILE_IMAGES[path.replace(/^\/hostile\//, '')];
    if (hostile && path.startsWith('/hostile/')) return void res.writeHead(200, { 'content-type': hostile.contentType }).end(hostile.bytes);
    if (hostileNetwork(path, req, res)) return;
    const page = pages[path];
    if (page !== undefined) return void res.writeHead(200, HTML).end(page);
    res.writeHead(404, HTML).end('<!doctype html><title>404</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
