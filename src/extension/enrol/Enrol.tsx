// "New generator…": the context menu opens this page with the image's URL (the browser's srcUrl, in the
// fragment). The person types the generator's name here, in the extension's own page: a web page cannot
// reach this form, so it cannot put names into the reference set. The image is shown from its URL, and
// the engine host fetches it again itself to learn from it.
import { useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import type { TrainingOutcome } from '../shared/references/types';
import { message } from '../ui/errors';

export function Enrol({ source }: { source: string }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<TrainingOutcome>();
  const [problem, setProblem] = useState<string>();
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const { training } = await send('background', 'references.add', { url: source, label: name });
      setDone(training);
    } catch (error) {
      setProblem(message(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="options enrol">
      <h1>This image is from a new generator</h1>
      <img class="enrol-image" src={source} alt="" referrerpolicy="no-referrer" />
      {done === undefined ? (
        <form onSubmit={(e) => void submit(e)}>
          <label>
            The generator's name{' '}
            <input name="generator" value={name} maxLength={60} required onInput={(e) => setName(e.currentTarget.value)} autoFocus />
          </label>{' '}
          <button type="submit" disabled={busy || name.trim() === ''}>
            {busy ? 'Learning…' : 'Add to my reference set'}
          </button>
        </form>
      ) : (
        <p data-testid="enrolled" data-trained={String(done.trained)}>
          Added. {done.trained ? `Your head now knows ${done.classes.join(', ')} and is active.` : done.reason} You can close this tab.
        </p>
      )}
      {problem !== undefined && <div class="banner problem">{problem}</div>}
    </main>
  );
}
