// The person's reference set: classes with thumbnails and counts, edits (each retrains the head at once),
// what it extends, export and import with conflicts shown and resolved by the person's choice.
import { useEffect, useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import type { ImportConflicts, ImportResolution, ReferenceState, TrainingOutcome } from '../shared/references/types';
import { message } from '../ui/errors';
import { ReferenceClassRow, type ClassActions } from './ReferenceClassRow';
import { saveJson } from './save-json';
import { StatusBanner } from './StatusBanner';

function outcomeText(o: TrainingOutcome): string {
  if (!o.trained) return `Not retrained yet: ${o.reason}`;
  return `Retrained on ${o.examples} examples in ${o.ms.toFixed(0)} ms; classes ${o.classes.join(', ')}. Verdicts now come from it.`;
}

export function ReferencesSection({ onChanged }: { onChanged: () => Promise<void> }) {
  const [state, setState] = useState<ReferenceState>();
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const [pending, setPending] = useState<{ file: unknown; conflicts: ImportConflicts }>();
  const [resolution, setResolution] = useState<ImportResolution>({ classes: 'merge', examples: 'keep' });
  const load = () => void send('background', 'references.state', {}).then(setState, (e: unknown) => setStatus({ ok: false, text: message(e) }));
  useEffect(load, []);
  const act = async (what: () => Promise<string>) => {
    try {
      setStatus({ ok: true, text: await what() });
    } catch (error) {
      setStatus({ ok: false, text: message(error) });
    }
    load();
    await onChanged();
  };
  const actions: ClassActions = {
    remove: (hash) => void act(async () => outcomeText(await send('background', 'references.remove', { hash }))),
    rename: (from, to) => void act(async () => outcomeText(await send('background', 'references.rename', { from, to }))),
    deleteClass: (label) => void act(async () => outcomeText(await send('background', 'references.deleteClass', { label }))),
  };
  const runImport = (file: unknown, chosen?: ImportResolution) =>
    act(async () => {
      const outcome = await send('background', 'references.import', chosen ? { file, resolution: chosen } : { file });
      if (!outcome.applied) {
        setPending({ file, conflicts: outcome.conflicts });
        return 'The file clashes with your reference set: choose below.';
      }
      setPending(undefined);
      return `Imported ${outcome.added} examples (${outcome.relabelled} relabelled, ${outcome.skipped} already there). ${outcomeText(outcome.training)}`;
    });
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      setStatus({ ok: false, text: `"${file.name}" is not JSON` });
      return;
    }
    await runImport(json);
  };
  const labels = state?.classes.map((c) => c.label) ?? [];
  return (
    <section id="references" data-testid="references">
      <h2>My reference set</h2>
      <p class="small muted">
        Right-click an image → "This image is from…" to teach OriginLens a generator from a handful of examples (or "This is a real photo"). A new
        head is trained after every change and used at once.
      </p>
      {state?.encoder === undefined && <p class="muted">Install an encoder first.</p>}
      {state && state.classes.length === 0 && state.encoder !== undefined && <p class="muted">No examples yet.</p>}
      <ul class="plain">
        {state?.classes.map((c) => (
          <ReferenceClassRow key={c.label} entry={c} others={labels.filter((l) => l !== c.label)} actions={actions} />
        ))}
      </ul>
      {state && state.encoder !== undefined && (
        <label class="row">
          <span>Extends:</span>
          <select value={state.base ?? ''} onChange={(e) => void act(async () => outcomeText(await send('background', 'references.setBase', { head: e.currentTarget.value === '' ? null : e.currentTarget.value })))}>
            <option value="">nothing: my classes stand alone (they need real photos and at least one generator)</option>
            {state.bases.map((b) => (
              <option key={b.id} value={b.id} disabled={!b.extendable} title={b.why}>
                {b.name} ({b.classes.join(', ')}){b.extendable ? '' : ': can only stand alone beside it'}
              </option>
            ))}
          </select>
        </label>
      )}
      <div class="row">
        <button disabled={labels.length === 0} onClick={() => void act(async () => (saveJson('originlens-reference-set.json', await send('background', 'references.export', {})), 'Exported originlens-reference-set.json (examples and the head trained from them).'))}>
          Export
        </button>
        <label>
          Import a reference set (.json): <input type="file" accept=".json,application/json" data-testid="import-references" onChange={(e) => void importFile(e.currentTarget.files?.[0])} />
        </label>
      </div>
      {pending && (
        <div class="banner problem" data-testid="import-conflicts">
          {pending.conflicts.encoder ? (
            <p>
              The file was made with other weights of the encoder ({pending.conflicts.encoder.file}) than the one installed ({pending.conflicts.encoder.installed}): its features cannot be used here.
            </p>
          ) : (
            <>
              {pending.conflicts.classes.length > 0 && (
                <p>
                  You already have {pending.conflicts.classes.join(', ')}.{' '}
                  <select value={resolution.classes} onChange={(e) => setResolution({ ...resolution, classes: e.currentTarget.value === 'rename' ? 'rename' : 'merge' })}>
                    <option value="merge">Add their examples to mine</option>
                    <option value="rename">Keep theirs apart, as "… (imported)"</option>
                  </select>
                </p>
              )}
              {pending.conflicts.examples.length > 0 && (
                <p>
                  {pending.conflicts.examples.length} images are in both sets under different classes.{' '}
                  <select value={resolution.examples} onChange={(e) => setResolution({ ...resolution, examples: e.currentTarget.value === 'replace' ? 'replace' : 'keep' })}>
                    <option value="keep">Keep my classes</option>
                    <option value="replace">Take theirs</option>
                  </select>
                </p>
              )}
              <button onClick={() => void runImport(pending.file, resolution)}>Import with these choices</button>
            </>
          )}
          <button onClick={() => setPending(undefined)}>Cancel</button>
        </div>
      )}
      <StatusBanner status={status} testid="references-status" />
    </section>
  );
}
