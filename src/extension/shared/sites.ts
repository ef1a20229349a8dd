// Which pages get automatic badges. The person's list holds host names, each covering its subdomains
// ("reddit.com" covers "old.reddit.com"), optionally with a port, which then must match too: two local
// servers on one address are two sites.

function effectivePort(url: URL): string {
  if (url.port !== '') return url.port;
  return url.protocol === 'https:' ? '443' : '80';
}

export function siteMatches(entry: string, url: URL): boolean {
  const [host = '', port] = entry.toLowerCase().split(':');
  if (port !== undefined && port !== effectivePort(url)) return false;
  const pageHost = url.hostname.toLowerCase();
  return pageHost === host || pageHost.endsWith(`.${host}`);
}

/** Whether the page at `pageUrl` is on one of the sites listed; only http(s) pages ever are. */
export function autoBadgesFor(sites: readonly string[], pageUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return sites.some((entry) => siteMatches(entry, url));
}
