// Automatic badges on this site, on or off, judged by the same rule the content script uses (sites.ts).
// Switching off removes every entry that covers the page (on old.example.com, example.com goes too);
// switching on adds the page's host name, which covers every port.
import { useEffect, useState } from 'preact/hooks';
import { siteMatches } from '../shared/sites';

export function SiteSwitch({ pageUrl, sites, onChange }: { pageUrl: string; sites: string[]; onChange: (sites: string[]) => void }) {
  const url = new URL(pageUrl);
  const host = url.hostname.toLowerCase();
  const saved = sites.some((s) => siteMatches(s, url));
  // Shown at once, before the saved settings come back, so the box does not flip back meanwhile.
  const [on, setOn] = useState(saved);
  useEffect(() => setOn(saved), [saved]);
  const toggle = () => {
    setOn(!on);
    onChange(on ? sites.filter((s) => !siteMatches(s, url)) : [...sites, host]);
  };
  return (
    <label class="row small">
      <input type="checkbox" checked={on} onChange={toggle} data-testid="site-switch" />
      <span>Automatic badges on {host}</span>
    </label>
  );
}
