// The popup's thumbnails, found by the image URLs it lists: the URL's link to the bytes last fetched from it
// (a data: URL is its own bytes), then the thumbnail kept with a verdict on those bytes.
import { sha256Hex } from '../../engine/hash';
import { db, keptThumbnail, URL_TTL_MS } from '../shared/db';

/** Most URLs one request resolves: the popup asks for a long feed's thumbnails over several polls. */
export const MAX_THUMBNAIL_URLS = 500;

async function hashOf(url: string, now: number): Promise<string | undefined> {
  if (url.startsWith('data:')) {
    const comma = url.indexOf(',');
    if (comma < 0 || !url.slice(0, comma).endsWith(';base64')) return undefined;
    try {
      return await sha256Hex(Uint8Array.from(atob(url.slice(comma + 1)), (c) => c.charCodeAt(0)));
    } catch {
      return undefined;
    }
  }
  const link = await db().urls.get(url);
  return link && now - link.fetchedAt <= URL_TTL_MS ? link.hash : undefined;
}

export async function thumbnailsFor(urls: readonly string[]): Promise<Record<string, string>> {
  const now = Date.now();
  const out: Record<string, string> = {};
  for (const url of new Set(urls.slice(0, MAX_THUMBNAIL_URLS))) {
    if (typeof url !== 'string') continue;
    const hash = await hashOf(url, now);
    const thumbnail = hash === undefined ? undefined : await keptThumbnail(hash);
    if (thumbnail !== undefined) out[url] = thumbnail;
  }
  return out;
}
