// Head packs: import a file (validated, and refused unless its encoder is installed), export, remove,
// and choose the one verdicts are made with.
import { useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import type { ModelsState } from '../shared/protocol';
import type { Settings } from '../shared/settings';
import { message } from '../ui/errors';
import { saveJson } from './save-json';
import { StatusBanner } from './StatusBanner';

export function HeadsSection({ models, settings, onChanged }: { models: ModelsState; settings: Settings; onChanged: () => Promise<void> }) {
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const act = async (what: () => Promise<string>) => {
    try {
      setStatus({ ok: true, text: await what() });
      await onChanged();
    } catch (error) {
      setStatus({ ok: false, text: message(error) });
    }
  };
  const importFile = (file: File | undefined) =>
    file &&
    act(async () => {
      let pack: unknown;
      try {
        pack = JSON.parse(await file.text());
      } catch {
        throw new Error(`"${file.name}" is not a head pack: it is not JSON`);
      }
      try {
        const head = await send('background', 'heads.import', { pack, source: file.name });
        return `Installed head "${head.name}" for encoder ${head.encoder}.`;
      } catch (error) {
        throw new Error(`Refused "${file.name}": ${message(error)}`, { cause: error });
      }
    });
  const active = settings.headId ?? models.active?.head;
  const activeEncoder = models.heads.find((h) => h.id === active)?.encoder;
  const combine = (id: string, on: boolean) =>
    act(async () => {
      const withHeads = on ? [...new Set([...settings.withHeads, id])] : settings.withHeads.filter((h) => h !== id);
      await send('background', 'settings.update', { withHeads });
      return on ? 'Verdicts now combine both heads.' : 'That head no longer takes part in verdicts.';
    });

  return (
    <section data-testid="heads">
      <h2>Head packs</h2>
      <p class="small muted">
        A head turns an encoder's features into evidence: a detector says generated or real; an attribution head says "real photo", names a generator,
        or warns that the generator is none it knows. Each works only with the encoder it was trained for. Heads that read the same encoder can be
        combined: the verdict then fuses their evidence and shows each head's word.
      </p>
      <p>
        <button onClick={() => void send('background', 'details.open', { page: 'welcome' })}>Install a published detector</button>
      </p>
      {models.heads.length === 0 && <p class="muted">No head pack installed.</p>}
      <ul class="plain">
        {models.heads.map((head) => (
          <li class="row" key={head.id} data-head={head.id}>
            <input type="radio" name="active-head" checked={head.id === active} onChange={() => void act(async () => (await send('background', 'settings.update', { headId: head.id }), `Verdicts now come from "${head.name}".`))} />
            <div class="grow">
              <strong>{head.name}</strong>
              <div class="small muted">
                {head.kind === 'detector' ? 'detector: generated or real' : `classes: ${head.classes.join(', ')}`} · encoder {head.encoder} · trained on {head.trainedOn}
              </div>
              {head.id !== active && head.encoder === activeEncoder && (
                <label class="small">
                  <input type="checkbox" data-testid="combine-head" checked={settings.withHeads.includes(head.id)} onChange={(e) => void combine(head.id, e.currentTarget.checked)} /> combine with the active head
                </label>
              )}
              {settings.withHeads.includes(head.id) && head.id !== active && <div class="small muted">Its threshold is set under Thresholds, with a preview.</div>}
            </div>
            <button onClick={() => void act(async () => (saveJson(`${head.id}.json`, await send('background', 'heads.export', { id: head.id })), `Exported ${head.id}.json.`))}>Export</button>
            <button onClick={() => void act(async () => (await send('background', 'heads.remove', { id: head.id }), `Removed "${head.name}".`))}>Remove</button>
          </li>
        ))}
      </ul>
      <label class="row">
        <span>Import a head pack (.json):</span>
        <input type="file" accept=".json,application/json" data-testid="import-head" onChange={(e) => void importFile(e.currentTarget.files?.[0])} />
      </label>
      <StatusBanner status={status} testid="head-status" />
    </section>
  );
}
