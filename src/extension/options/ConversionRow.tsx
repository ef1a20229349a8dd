// One encoder the registry makes by conversion: Install downloads the checkpoint (resumable, with its
// progress), then the engine host converts it (with its progress); the page resumes a download it finds
// unfinished, as EncoderRow does.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConversionEntry } from '../../engine/models/registry';
import { discardDownload, pendingDownload } from '../shared/download-store';
import type { InstalledEncoder } from '../shared/protocol';
import { installConversion, type ConversionStep } from '../ui/conversion-install';
import { mb } from '../ui/encoder-files';
import { message } from '../ui/errors';
import { StatusBanner } from './StatusBanner';

export function ConversionRow({ conversion: c, installed, onChanged }: { conversion: ConversionEntry; installed: InstalledEncoder | undefined; onChanged: () => Promise<void> }) {
  const [step, setStep] = useState<ConversionStep>();
  const [kept, setKept] = useState<number>();
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const running = useRef<AbortController | undefined>(undefined);

  const start = (resume = false) => {
    if (running.current) return;
    const controller = new AbortController();
    running.current = controller;
    setStep({ phase: 'download', done: 0, total: NaN });
    setStatus(undefined);
    void installConversion(c, setStep, { signal: controller.signal, resume })
      .then(async (made) => {
        setKept(undefined);
        setStatus({ ok: true, text: made ? `Converted and installed: ${mb(made.bytes)}, SHA-256 ${made.sha256}.` : 'Installed.' });
        await onChanged();
      })
      .catch(async (error: unknown) => {
        if (controller.signal.aborted) return;
        setKept((await pendingDownload(c.id))?.kept);
        setStatus({ ok: false, text: `Not installed: ${message(error)}` });
      })
      .finally(() => {
        running.current = undefined;
        setStep(undefined);
      });
  };

  const cancel = () => {
    running.current?.abort(new Error('cancelled'));
    void discardDownload(c.id).then(() => {
      setKept(undefined);
      setStatus({ ok: true, text: 'Cancelled; the downloaded bytes were deleted.' });
    });
  };

  useEffect(() => {
    if (installed) return;
    void pendingDownload(c.id).then((row) => {
      if (!row) return;
      setKept(row.kept);
      start(true);
      setStatus({ ok: true, text: `Resuming the download left unfinished, from ${mb(row.kept)}.` });
    });
  }, [c.id]);
  useEffect(() => () => running.current?.abort(new Error('the page closed')), []);

  const fraction = step && Number.isFinite(step.total) && step.total > 0 ? step.done / step.total : undefined;
  return (
    <li data-encoder={c.id} data-conversion>
      <div class="row">
        <div class="grow">
          <strong>{c.name}</strong> {c.test && <span class="small">(test model, random weights)</span>}
          <div class="small muted">
            {c.id} · converted on this computer from {c.source.file} (SHA-256 {c.source.sha256.slice(0, 12)}…) · licence {c.licence} ·{' '}
            {installed ? `installed, ${mb(installed.bytes)}` : 'not installed'}
          </div>
        </div>
        {!installed &&
          (step ? (
            <button onClick={cancel}>Cancel</button>
          ) : (
            <>
              <button onClick={() => start(kept !== undefined)}>{kept ? `Resume (${mb(kept)} kept)` : 'Install'}</button>
              {kept !== undefined && <button onClick={cancel}>Cancel</button>}
            </>
          ))}
      </div>
      {step && (
        <div data-testid="download-progress" data-phase={step.phase}>
          <progress value={fraction} max={1} />
          <div class="small muted">
            {step.phase === 'download'
              ? `Downloading the checkpoint: ${mb(step.done)}${Number.isFinite(step.total) ? ` of ${mb(step.total)}` : ''}. Received bytes are kept: if this page is closed, the download carries on from here when it is opened again.`
              : `Converting on this computer${fraction === undefined ? '' : `: ${mb(step.done)} of ${mb(step.total)} written`}.`}
          </div>
        </div>
      )}
      <StatusBanner status={status} testid="download-status" small />
    </li>
  );
}
