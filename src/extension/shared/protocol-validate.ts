// Run-time checks of what content scripts send. A content script runs inside pages we do not trust, and a
// compromised page may talk to us through it, so nothing it sends is taken on faith: types, lengths and URL
// schemes are checked here before any handler sees the arguments.
import { CONTENT_PRIORITIES, type Args, type BackgroundFromContent, type ContentPriority } from './protocol';

export class InvalidMessage extends Error {
  override name = 'InvalidMessage';
}

/** Longest http(s) URL accepted; far above what real image URLs use. */
export const MAX_URL_LENGTH = 8192;
/**
 * Longest data: URL accepted (characters). Data URLs travel through messages and wait in the persisted
 * queue, so they are kept small: about 1.5 MB of image.
 */
export const MAX_DATA_URL_LENGTH = 2 * 1024 * 1024;

const DATA_IMAGE = /^data:[a-z0-9.+/-]*(;[a-z0-9=.+-]+)*;base64,[a-z0-9+/]*={0,2}$/i;

/** An image URL the engine host may fetch: http(s) (no credentials in it), or a base64 data: URL. */
export function checkImageUrl(raw: unknown): string {
  if (typeof raw !== 'string') throw new InvalidMessage('url: expected a string');
  if (raw.startsWith('data:')) {
    if (raw.length > MAX_DATA_URL_LENGTH) throw new InvalidMessage(`url: data URL longer than ${MAX_DATA_URL_LENGTH} characters`);
    if (!DATA_IMAGE.test(raw)) throw new InvalidMessage('url: expected a base64 data: URL');
    return raw;
  }
  if (raw.length > MAX_URL_LENGTH) throw new InvalidMessage(`url: longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidMessage('url: not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidMessage(`url: ${url.protocol} URLs are not accepted`);
  if (url.username !== '' || url.password !== '') throw new InvalidMessage('url: URLs with credentials are not accepted');
  return url.href;
}

function record(raw: unknown, keys: readonly string[]): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidMessage('args: expected an object');
  const extra = Object.keys(raw).filter((k) => !keys.includes(k));
  if (extra.length > 0) throw new InvalidMessage(`args: unexpected ${extra.join(', ')}`);
  return raw as Record<string, unknown>;
}

function priority(raw: unknown): ContentPriority {
  if (!(CONTENT_PRIORITIES as readonly unknown[]).includes(raw)) throw new InvalidMessage(`priority: expected one of ${CONTENT_PRIORITIES.join(', ')}`);
  return raw as ContentPriority;
}

type Validators = { [K in keyof BackgroundFromContent]: (raw: unknown) => Args<'background', K> };

/** One check per request a content script may make; the dispatcher runs it before the handler. */
export const contentValidators: Validators = {
  'image.attribute': (raw) => {
    const args = record(raw, ['url', 'priority']);
    return { url: checkImageUrl(args.url), priority: priority(args.priority) };
  },
  'tab.cancel': (raw) => {
    record(raw, []);
    return {};
  },
  'site.config': (raw) => {
    record(raw, []);
    return {};
  },
  'details.open': (raw) => {
    const args = record(raw, ['page']);
    if (args.page !== 'popup' && args.page !== 'options' && args.page !== 'welcome') throw new InvalidMessage('page: expected "popup", "options" or "welcome"');
    return { page: args.page };
  },
};
