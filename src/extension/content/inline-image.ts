// blob: images exist only inside the page, so the engine host cannot fetch them: the content script reads
// their bytes and sends them as a base64 data: URL, as it does for data: URLs in another encoding. The
// bytes are only passed on, never decoded or drawn here; the engine host reads the format from them.
import { checkImageUrl, MAX_DATA_URL_LENGTH } from '../shared/protocol-validate';

/** Most bytes that fit in a data: URL the background accepts (base64 is 4 characters for 3 bytes). */
export const MAX_INLINE_BYTES = Math.floor(((MAX_DATA_URL_LENGTH - 64) * 3) / 4);
const READ_TIMEOUT_MS = 10_000;

export class InlineError extends Error {
  override name = 'InlineError';
}

function readAsDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new InlineError('the image inside the page could not be read'));
    reader.readAsDataURL(blob);
  });
}

/** The URL to send for an image: http(s) as it is; blob: and data: as a base64 data: URL within the cap. */
export async function sendableUrl(url: string, signal: AbortSignal): Promise<string> {
  if (!url.startsWith('blob:') && !url.startsWith('data:')) return url;
  if (url.startsWith('data:')) {
    try {
      return checkImageUrl(url);
    } catch {
      // Not base64, or too long: read it and judge by its bytes below.
    }
  }
  let blob: Blob;
  try {
    const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(READ_TIMEOUT_MS)]) });
    blob = await response.blob();
  } catch {
    throw new InlineError('the image inside the page could not be read (it may have been released)');
  }
  if (blob.size > MAX_INLINE_BYTES) {
    throw new InlineError(`this image exists only inside the page and is too large to attribute (${(blob.size / 1e6).toFixed(1)} MB; limit ${(MAX_INLINE_BYTES / 1e6).toFixed(1)} MB)`);
  }
  // The page's claimed type is irrelevant (and may not fit the data: URL syntax): the bytes decide.
  return readAsDataUrl(new Blob([blob], { type: 'application/octet-stream' }));
}
