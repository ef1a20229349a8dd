// Whether badges, the overlay and the popup show what each file declares about its origin (Content
// Credentials, IPTC digital source type, a generator's own metadata) beside the model's verdict, hide it,
// or show only that, with no model run.
import { useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import type { ProvenanceMode, Settings } from '../shared/settings';
import { message } from '../ui/errors';

const CHOICES: { mode: ProvenanceMode; label: string; explained: string }[] = [
  { mode: 'show', label: 'Show beside the verdict', explained: "Both are shown; where they disagree you see both. The file's word never replaces the model's." },
  { mode: 'hide', label: 'Hide', explained: 'Only the model’s verdict is shown.' },
  { mode: 'only', label: 'Show only what files declare', explained: 'No model runs: images get a badge from their own metadata alone.' },
];

export function ProvenanceSection({ settings, onSaved }: { settings: Settings; onSaved: () => Promise<void> }) {
  const [problem, setProblem] = useState<string>();
  const choose = async (mode: ProvenanceMode) => {
    try {
      await send('background', 'settings.update', { provenance: mode });
      setProblem(undefined);
      await onSaved();
    } catch (error) {
      setProblem(message(error));
    }
  };
  return (
    <section data-testid="provenance-setting">
      <h2>What files declare</h2>
      <p class="small muted">
        Many generated images say so themselves: Content Credentials (C2PA), the IPTC digital source type, or the settings a Stable Diffusion
        front end writes into the file. OriginLens reads them from the bytes it already fetched. A file that declares nothing proves
        nothing: most sites remove such metadata.
      </p>
      {CHOICES.map(({ mode, label, explained }) => (
        <label class="row" key={mode}>
          <input type="radio" name="provenance" value={mode} checked={settings.provenance === mode} onChange={() => void choose(mode)} />
          <span class="grow">
            <strong>{label}</strong>
            <br />
            <span class="small muted">{explained}</span>
          </span>
        </label>
      ))}
      {problem !== undefined && <p class="small">{problem}</p>}
    </section>
  );
}
