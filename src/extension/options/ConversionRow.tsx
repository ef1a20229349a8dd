// One encoder the registry makes by conversion: Install downloads the checkpoint (resumable, with its
// progress), then the engine host converts it (with its progress); the page resumes a download it finds
// unfinished, as EncoderRow does.
import type { ConversionEntry } from '../../engine/models/registry';
import type { InstalledEncoder } from '../shared/protocol';
import { installConversion, type ConversionStep } from '../ui/conversion-install';
import { mb } from '../ui/encoder-files';
import { StatusBanner } from './StatusBanner';
import { useResumableInstall } from './use-resumable-install';

export function ConversionRow({ conversion: c, installed, onChanged }: { conversion: ConversionEntry; installed: InstalledEncoder | undefined; onChanged: () => Promise<void> }) {
  const { step, kept, status, start, cancel } = useResumableInstall<ConversionStep>({
    id: c.id,
    wanted: installed === undefined,
    first: { phase: 'download', done: 0, total: NaN },
    run: async (onStep, how) => {
      const made = await installConversion(c, onStep, how);
      return made ? `Converted and installed: ${mb(made.bytes)}, SHA-256 ${made.sha256}.` : 'Installed.';
    },
    onChanged,
  });

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
