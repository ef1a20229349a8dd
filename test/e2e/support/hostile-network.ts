// Servers that misbehave the ways the web's do, under /net/: a stall, a redirect loop, refusals, a body
// cut off half way, a body without end. The image they pretend to serve is a real one, so only the
// network's behaviour can make it fail.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { familyImage } from '../../support/families';

const png = familyImage('smooth', 11);
const PNG = { 'content-type': 'image/png' };

/** Answers `path` if it is one of the misbehaving ones; false otherwise. */
export function hostileNetwork(path: string, req: IncomingMessage, res: ServerResponse): boolean {
  switch (path) {
    case '/net/stall.png':
      // Headers and half the body, then nothing, for far longer than any fetch should wait.
      res.writeHead(200, { ...PNG, 'content-length': String(png.length) }).write(png.subarray(0, png.length >> 1));
      setTimeout(() => res.destroy(), 120_000).unref();
      return true;
    case '/net/loop.png':
      res.writeHead(302, { location: '/net/loop.png' }).end();
      return true;
    case '/net/403.png':
    case '/net/404.png':
    case '/net/500.png': {
      const status = Number(path.slice(5, 8));
      // Some servers send an image with an error status: the status decides, not the body.
      res.writeHead(status, PNG).end(png);
      return true;
    }
    case '/net/cut.png':
      // Promises the whole image, sends part of it and drops the connection.
      res.writeHead(200, { ...PNG, 'content-length': String(png.length) });
      res.write(png.subarray(0, png.length >> 1), () => setTimeout(() => req.socket.destroy(), 50));
      return true;
    case '/net/endless.png': {
      // No content-length and no end: only the size cap stops the download.
      res.writeHead(200, PNG);
      const chunk = new Uint8Array(1 << 20);
      const more = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', more);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      more();
      return true;
    }
    default:
      return false;
  }
}
