// The sites where every image gets a badge as it scrolls into view.
import { useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import type { Settings } from '../shared/settings';
import { message } from '../ui/errors';

export function SitesSection({ settings, onSaved }: { settings: Settings; onSaved: () => Promise<void> }) {
  const [host, setHost] = useState('');
  const [problem, setProblem] = useState<string>();
  const save = async (sites: string[]) => {
    try {
      await send('background', 'settings.update', { autoBadgeSites: sites });
      setProblem(undefined);
      setHost('');
      await onSaved();
    } catch (error) {
      setProblem(message(error));
    }
  };
  const add = () => {
    const name = host.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    if (name === '' || settings.autoBadgeSites.includes(name)) return;
    void save([...settings.autoBadgeSites, name]);
  };
  return (
    <section data-testid="sites">
      <h2>Automatic badges</h2>
      <p class="small muted">On these sites (and their subdomains) every image large enough gets a badge as it scrolls into view. Elsewhere, right-click an image and choose "Attribute this image".</p>
      <ul class="plain">
        {settings.autoBadgeSites.map((site) => (
          <li class="row" key={site}>
            <span class="grow">{site}</span>
            <button onClick={() => void save(settings.autoBadgeSites.filter((s) => s !== site))}>Remove</button>
          </li>
        ))}
      </ul>
      <div class="row">
        <input type="text" placeholder="example.com" value={host} onInput={(e) => setHost(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && add()} />
        <button onClick={add}>Add site</button>
        {problem !== undefined && <span class="small">That is not a host name: {problem}</span>}
      </div>
    </section>
  );
}
