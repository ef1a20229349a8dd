// Encoders: every known one with install (download with progress), verify and remove, and the import
// of a local file for computers without network.
import { useEffect, useState } from 'preact/hooks';
import type { ModelEntry } from '../../engine/types';
import { send } from '../shared/messaging';
import type { ModelsState } from '../shared/protocol';
import { message } from '../ui/errors';
import { EncoderRow } from './EncoderRow';
import { importEncoderFile, knownEncoders } from './encoder-files';

export function EncodersSection({ models, onChanged }: { models: ModelsState; onChanged: () => Promise<void> }) {
  const [known, setKnown] = useState<ModelEntry[]>([]);
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  useEffect(() => void knownEncoders().then(setKnown), []);

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setStatus({ ok: true, text: `Checking "${file.name}"…` });
    try {
      const entry = await importEncoderFile(file, known);
      setStatus({ ok: true, text: `Installed ${entry.name}: its SHA-256 matches the registry.` });
      await onChanged();
    } catch (error) {
      setStatus({ ok: false, text: `Not installed: ${message(error)}` });
    }
  };
  const installed = new Map(models.encoders.map((e) => [e.id, e]));
  const listed = [...known, ...models.encoders.filter((e) => !known.some((k) => k.id === e.id)).map((e) => ({ id: e.id, name: e.name, bytes: e.bytes, test: e.test }))];

  return (
    <section data-testid="encoders">
      <h2>Encoders</h2>
      <p class="small muted">The image encoder turns an image into features; a head pack (below) turns those into a verdict. Files are checked against the SHA-256 the registry pins.</p>
      <ul class="plain">
        {listed.map((entry) => (
          <EncoderRow key={entry.id} entry={entry} installed={installed.get(entry.id)} onChanged={onChanged} verify={(id) => send('background', 'models.verify', { id })} />
        ))}
      </ul>
      <label class="row">
        <span>Import an encoder file (.onnx):</span>
        <input type="file" accept=".onnx" data-testid="import-encoder" onChange={(e) => void importFile(e.currentTarget.files?.[0])} />
      </label>
      {status && (
        <div class={`banner ${status.ok ? 'ok' : 'problem'}`} data-testid="encoder-status">
          {status.text}
        </div>
      )}
    </section>
  );
}
