// One encoder: installed or not, with the actions that fit, and a progress bar while it downloads.
import { useState } from 'preact/hooks';
import type { ModelEntry } from '../../engine/types';
import { send } from '../shared/messaging';
import type { InstalledEncoder } from '../shared/protocol';
import { message } from '../ui/errors';
import { downloadEncoder, mb } from '../ui/encoder-files';
import { useResumableInstall } from './use-resumable-install';
import { StatusBanner } from './StatusBanner';

type Listed = Pick<ModelEntry, 'id' | 'name' | 'bytes' | 'test'> & Partial<ModelEntry>;

export function EncoderRow(props: {
  entry: Listed;
  installed: InstalledEncoder | undefined;
  onChanged: () => Promise<void>;
  verify: (id: string) => Promise<{ ok: boolean; sha256: string }>;
}) {
  const { entry, installed } = props;
  // The download's progress, received / total.
  const download = useResumableInstall<number>({
    id: entry.id,
    wanted: installed === undefined && entry.url !== undefined,
    first: 0,
    run: async (onStep, how) => {
      await downloadEncoder(entry as ModelEntry, (received, total) => onStep(received / total), how);
      return 'Installed and checked.';
    },
    onChanged: props.onChanged,
  });
  const progress = download.step;
  const [acted, setActed] = useState<{ ok: boolean; text: string }>();
  const status = acted ?? download.status;
  const act = async (what: () => Promise<string>) => {
    try {
      setActed({ ok: true, text: await what() });
      await props.onChanged();
    } catch (error) {
      setActed({ ok: false, text: message(error) });
    }
  };
  const verify = () =>
    act(async () => {
      const r = await props.verify(entry.id);
      if (!r.ok) throw new Error(`the stored file is damaged (SHA-256 ${r.sha256}); remove it and install it again`);
      return 'The stored file matches its pinned SHA-256.';
    });
  const remove = () => act(async () => `Removed, with ${(await send('background', 'models.remove', { id: entry.id })).heads} head(s) made for it.`);
  // A pinned export with its final embedding alone can gain every block's class token (models.rewrite).
  const rewritable = installed !== undefined && entry.url !== undefined && entry.features !== undefined && entry.features.pooled === undefined;
  const rewrite = () =>
    act(async () => {
      const made = await send('background', 'models.rewrite', { id: entry.id });
      return `Made ${made.id} with every block's class token (${mb(made.bytes)}, SHA-256 ${made.sha256}).`;
    });

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
            {rewritable && <button onClick={() => void rewrite()}>Add block outputs</button>}
            <button onClick={() => void remove()}>Remove</button>
          </>
        ) : (
          entry.url !== undefined &&
          (progress !== undefined ? (
            <button onClick={download.cancel}>Cancel</button>
          ) : (
            <>
              <button
                onClick={() => {
                  setActed(undefined);
                  download.start(download.kept !== undefined);
                }}
              >{download.kept ? `Resume (${mb(download.kept)} kept)` : 'Install'}</button>
              {download.kept !== undefined && <button onClick={download.cancel}>Cancel</button>}
            </>
          ))
        )}
      </div>
      {progress !== undefined && (
        <div data-testid="download-progress">
          <progress value={progress} max={1} />
          <div class="small muted">
            Downloading: {mb(progress * entry.bytes)} of {mb(entry.bytes)}. Received bytes are kept: if this page is closed, the download carries on
            from here when it is opened again.
          </div>
        </div>
      )}
      <StatusBanner status={status} testid="download-status" small />
    </li>
  );
}
