// A model file (the test encoder, or a test checkpoint) served from 127.0.0.1 the ways a download breaks:
// the connection dropped after some bytes, a body that stalls until the test lets it go on, one byte
// changed. Range requests are honoured,
// and every request is logged with its Range header and the bytes sent, so a test can tell a resumed
// download from one that fetched bytes again.
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TEST_ENCODER = readFileSync('models/test/clip-tiny.onnx');

/** How the next first request (one without Range) is answered; later and ranged requests are answered in full. */
export type Mode = { kind: 'whole' } | { kind: 'drop'; after: number } | { kind: 'stall'; after: number } | { kind: 'corrupt'; at: number };

export interface RequestLog {
  range: string | undefined;
  sent: number;
}

export interface ModelServer {
  url: string;
  log: RequestLog[];
  setMode(mode: Mode): void;
  /** Ends stalled bodies (by closing their connections). */
  release(): void;
  close(): Promise<void>;
}

/** Serves `file` (by default the test encoder) at `path`. */
export async function startModelServer(file: Uint8Array = TEST_ENCODER, path = '/models/clip-tiny.onnx'): Promise<ModelServer> {
  const log: RequestLog[] = [];
  let mode: Mode = { kind: 'whole' };
  const stalled = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const range = req.headers.range;
    const entry: RequestLog = { range, sent: 0 };
    log.push(entry);
    const start = range ? Number(/^bytes=(\d+)-$/.exec(range)?.[1] ?? NaN) : 0;
    if (!Number.isInteger(start) || start >= file.byteLength) return void res.writeHead(416).end();
    let body: Uint8Array = file.subarray(start);
    const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream', 'content-length': body.byteLength, 'cache-control': 'no-store', 'accept-ranges': 'bytes' };
    if (start > 0) headers['content-range'] = `bytes ${start}-${file.byteLength - 1}/${file.byteLength}`;
    res.writeHead(start > 0 ? 206 : 200, headers);
    const send = (bytes: Uint8Array, then?: () => void) => {
      entry.sent += bytes.byteLength;
      res.write(bytes, then);
    };
    if (start > 0 || mode.kind === 'whole') {
      send(body);
      return void res.end();
    }
    if (mode.kind === 'corrupt') {
      body = Uint8Array.from(body);
      body[mode.at]! ^= 0xff;
      send(body);
      return void res.end();
    }
    const cut = mode;
    // The first bytes, then (once they are on their way) the connection is dropped, or held open.
    send(body.subarray(0, cut.after), () => {
      if (cut.kind === 'drop') setTimeout(() => res.destroy(), 50);
      else stalled.add(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    log,
    setMode: (next) => {
      mode = next;
    },
    release: () => {
      for (const res of stalled) res.destroy();
      stalled.clear();
    },
    close: () =>
      new Promise((resolve) => {
        for (const res of stalled) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
