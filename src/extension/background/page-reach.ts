// What a page may have the extension fetch. The extension's host permission passes by CORS and by the
// browser's Private Network Access checks, so a public page could otherwise use it to reach this computer
// or the local network (a router's admin page, a development server) and learn something from the answer.
// What a page "shows" is what its own images may load: any public URL (it could put it in an <img> itself),
// and local or private addresses only when the page itself is on one, as Private Network Access rules.

/** The address space of a URL's host: loopback and private addresses are not the public internet. */
export function addressSpace(url: URL): 'local' | 'private' | 'public' {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '0.0.0.0' || /^127\./.test(host)) return 'local';
  // IPv4-mapped IPv6 (the URL parser writes ::ffff:127.0.0.1 as ::ffff:7f00:1): judged as the IPv4 address.
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped) {
    const [hi, lo] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
    return addressSpace(new URL(`http://${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}/`));
  }
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    if (a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127)) return 'private';
    return 'public';
  }
  // IPv6 unique-local (fc00::/7) and link-local (fe80::/10) addresses; names ending in .local or .internal.
  if (/^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host) || host.endsWith('.local') || host.endsWith('.internal')) return 'private';
  return 'public';
}

const RANK = { public: 0, private: 1, local: 2 } as const;

/** Why a page at `pageUrl` may not have `imageUrl` fetched, or undefined when it may. */
export function refusalFor(pageUrl: string | undefined, imageUrl: string): string | undefined {
  if (imageUrl.startsWith('data:')) return undefined;
  const image = addressSpace(new URL(imageUrl));
  if (image === 'public') return undefined;
  let page: ReturnType<typeof addressSpace> = 'public';
  try {
    if (pageUrl !== undefined) page = addressSpace(new URL(pageUrl));
  } catch {
    // An unparsable sender URL counts as public: the strictest reading.
  }
  if (RANK[page] >= RANK[image]) return undefined;
  return `a page on the public internet cannot have images from ${image === 'local' ? 'this computer' : 'the local network'} attributed; right-click the image and choose "Attribute this image" if you want it`;
}
