// One encoder: installed or not, with the actions that fit, and a progress bar while it downloads.
import { useState } from 'preact/hooks';
import type { ModelEntry } from '../../engine/types';
import { send } from '../messaging';
import type { InstalledEncoder } from '../protocol';
import { message } from '../ui/errors';
import { downloadEncoder } from './encoder-files';

type Listed = Pick<ModelEntry, 'id' | 'name' | 'bytes' | 'test'> & Partial<ModelEntry>;
const mb = (n: number) => `${(n / 1e6).toFixed(n < 1e6 ? 2 : 0)} MB`;

export function EncoderRow(props: {
  entry: Listed;
  installed: InstalledEncoder | undefined;
  onChanged: () => Promise<void>;
  verify: (id: string) => Promise<{ ok: boolean; sha256: string }>;
}) {
  const { entry, installed } = props;
  const [progress, setProgress] = useState<number>();
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const act = async (what: () => Promise<string>) => {
    try {
      setStatus({ ok: true, text: await what() });
      await props.onChanged();
    } catch (error) {
      setStatus({ ok: false, text: message(error) });
    } finally {
      setProgress(undefined);
    }
  };
  const install = () =>
    act(async () => {
      setProgress(0);
      setStatus(undefined);
      await downloadEncoder(entry as ModelEntry, (received, total) => setProgress(received / total));
      return 'Installed and checked.';
    }).then(() => undefined);
  const verify = () =>
    act(async () => {
      const r = await props.verify(entry.id);
      if (!r.ok) throw new Error(`the stored file is damaged (SHA-256 ${r.sha256}); remove it and install it again`);
      return 'The stored file matches its pinned SHA-256.';
    });
  const remove = () => act(async () => `Removed, with ${(await send('background', 'models.remove', { id: entry.id })).heads} head(s) made for it.`);

  return (
    <li data-encoder={entry.id}>
      <div class="row">
        <div class="grow">
          <strong>{entry.name}</strong> {entry.test && <span class="small">(test model, random weights)</span>}
          <div class="small muted">
            {entry.id} · {mb(entry.bytes)}
            {entry.licence !== undefined ? ` · licence ${entry.licence}` : ''} · {installed ? 'installed' : 'not installed'}
          </div>
        </div>
        {installed ? (
          <>
            <button onClick={() => void verify()}>Verify</button>
            <button onClick={() => void remove()}>Remove</button>
          </>
        ) : (
          entry.url !== undefined && (
            <button onClick={() => void install()} disabled={progress !== undefined}>
              Install
            </button>
          )
        )}
      </div>
      {progress !== undefined && <progress value={progress} max={1} />}
      {status && <div class={`small banner ${status.ok ? 'ok' : 'problem'}`}>{status.text}</div>}
    </li>
  );
}
