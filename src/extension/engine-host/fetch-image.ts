// The engine host fetches image bytes itself, with the extension's host permission: no CORS, no tainted
// canvas, and nothing the page can forge. What the server says the type is does not matter: the decoder
// reads the format from the bytes.
import { concatBytes } from '../../engine/concat-bytes';
import { ImageError } from '../../engine/types';

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
}

// Test builds wait less, so the browser tests can show a stalled server timing out without waiting 20 s.
export const FETCH_LIMITS: FetchLimits = { maxBytes: 32 * 1024 * 1024, timeoutMs: __ORIGINLENS_TEST_BUILD__ ? 8_000 : 20_000 };

const mb = (n: number) => `${Number((n / (1024 * 1024)).toPrecision(3))} MB`;

export async function fetchImageBytes(url: string, limits: FetchLimits = FETCH_LIMITS): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let response: Response;
  try {
    // No cookies and no referrer: the request says nothing about the person or the page they read.
    response = await fetch(url, { credentials: 'omit', referrerPolicy: 'no-referrer', signal });
  } catch (error) {
    if (signal.aborted) throw new ImageError(`the image did not arrive within ${limits.timeoutMs / 1000} s`);
    throw new ImageError(`the image could not be downloaded (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!response.ok) throw new ImageError(`the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''} instead of the image`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    await response.body?.cancel();
    throw new ImageError(`the image is too large: ${mb(declared)} (limit ${mb(limits.maxBytes)})`);
  }
  return readCapped(response, limits, signal);
}

/** Reads the body, stopping as soon as it passes the cap (the declared length may be absent or false). */
async function readCapped(response: Response, limits: FetchLimits, signal: AbortSignal): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limits.maxBytes) {
        await reader.cancel();
        throw new ImageError(`the image is too large: more than ${mb(limits.maxBytes)}`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ImageError) throw error;
    if (signal.aborted) throw new ImageError(`the image did not arrive within ${limits.timeoutMs / 1000} s`);
    throw new ImageError(`the download broke off (${error instanceof Error ? error.message : String(error)})`);
  }
  return concatBytes(chunks);
}
