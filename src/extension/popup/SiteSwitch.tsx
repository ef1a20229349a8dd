// Automatic badges on this site, on or off. A listed host covers its subdomains and every port, a listed
// `host:port` that port only; switching off removes every entry that covers the page (old.example.com
// switched off removes example.com too).
export function coversPage(pageUrl: string, site: string): boolean {
  const url = new URL(pageUrl);
  const host = url.hostname.toLowerCase();
  return site === url.host.toLowerCase() || host === site || host.endsWith(`.${site}`);
}

export function SiteSwitch({ pageUrl, sites, onChange }: { pageUrl: string; sites: string[]; onChange: (sites: string[]) => void }) {
  const host = new URL(pageUrl).hostname.toLowerCase();
  const on = sites.some((s) => coversPage(pageUrl, s));
  const toggle = () => onChange(on ? sites.filter((s) => !coversPage(pageUrl, s)) : [...sites, host]);
  return (
    <label class="row small">
      <input type="checkbox" checked={on} onChange={toggle} data-testid="site-switch" />
      <span>Automatic badges on {host}</span>
    </label>
  );
}
