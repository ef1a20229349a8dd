// Encoders: every known one with install (download with progress), verify and remove, and the import
// of a local file for computers without network.
import { useEffect, useState } from 'preact/hooks';
import type { ModelEntry } from '../../engine/types';
import { send } from '../shared/messaging';
import type { ModelsState } from '../shared/protocol';
import { message } from '../ui/errors';
import { ConversionRow } from './ConversionRow';
import { EncoderRow } from './EncoderRow';
import { knownConversions } from '../ui/conversion-install';
import { importEncoderFile, importEncoderWithEntry, knownEncoders } from '../ui/encoder-files';
import { StatusBanner } from './StatusBanner';

export function EncodersSection({ models, onChanged }: { models: ModelsState; onChanged: () => Promise<void> }) {
  const [known, setKnown] = useState<ModelEntry[]>([]);
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  useEffect(() => void knownEncoders().then(setKnown), []);
  const [conversions] = useState(knownConversions);

  // One .onnx the registry pins, or an .onnx with the .json entry the command line wrote beside it.
  const importFiles = async (files: File[]) => {
    if (files.length === 0) return;
    const onnx = files.filter((f) => /\.onnx$/i.test(f.name));
    const json = files.filter((f) => /\.json$/i.test(f.name));
    if (onnx.length !== 1 || json.length > 1 || onnx.length + json.length !== files.length) {
      setStatus({ ok: false, text: 'Not installed: choose one .onnx file, and for an encoder the command line made, the .json entry it wrote beside it.' });
      return;
    }
    setStatus({ ok: true, text: `Checking "${onnx[0]!.name}"…` });
    try {
      if (json[0]) {
        const entry = await importEncoderWithEntry(onnx[0]!, json[0]);
        setStatus({ ok: true, text: `Installed ${entry.name}: its SHA-256 matches the entry "${json[0].name}".` });
      } else {
        const entry = await importEncoderFile(onnx[0]!, known);
        setStatus({ ok: true, text: `Installed ${entry.name}: its SHA-256 matches the registry.` });
      }
      await onChanged();
    } catch (error) {
      setStatus({ ok: false, text: `Not installed: ${message(error)}` });
    }
  };
  const installed = new Map(models.encoders.map((e) => [e.id, e]));
  const listed = [...known, ...models.encoders.filter((e) => !known.some((k) => k.id === e.id) && !conversions.some((c) => c.id === e.id)).map((e) => ({ id: e.id, name: e.name, bytes: e.bytes, test: e.test }))];

  return (
    <section data-testid="encoders">
      <h2>Encoders</h2>
      <p class="small muted">The image encoder turns an image into features; a head pack (below) turns those into a verdict. Files are checked against the SHA-256 the registry pins.</p>
      <ul class="plain">
        {listed.map((entry) => (
          <EncoderRow key={entry.id} entry={entry} installed={installed.get(entry.id)} onChanged={onChanged} verify={(id) => send('background', 'models.verify', { id })} />
        ))}
        {conversions.map((c) => (
          <ConversionRow key={c.id} conversion={c} installed={installed.get(c.id)} onChanged={onChanged} />
        ))}
      </ul>
      <label class="row">
        <span>Import an encoder file (.onnx, with the .json that `originlens models convert` wrote for a converted one):</span>
        <input type="file" accept=".onnx,.json" multiple data-testid="import-encoder" onChange={(e) => void importFiles([...(e.currentTarget.files ?? [])])} />
      </label>
      <StatusBanner status={status} testid="encoder-status" />
    </section>
  );
}
