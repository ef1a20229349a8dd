// One encoder's download as the options page shows it: started by Install, and started again by itself
// when the page opens and a download of this encoder was left unfinished (the page was closed, the browser
// restarted or the network went away). The person asked for the encoder and never cancelled, so carrying
// on is what they expect; Cancel drops the kept bytes.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ModelEntry } from '../../engine/types';
import { discardDownload, pendingDownload } from '../shared/download-store';
import { message } from '../ui/errors';
import { downloadEncoder, mb } from '../ui/encoder-files';

export interface EncoderDownload {
  /** Received / total while downloading. */
  progress: number | undefined;
  /** Bytes kept by a stopped download, which Resume continues from. */
  kept: number | undefined;
  status: { ok: boolean; text: string } | undefined;
  /** Install (or, with resume, carry on with what a stopped download kept). */
  start(resume?: boolean): void;
  cancel(): void;
}

export function useEncoderDownload(entry: Partial<ModelEntry> & Pick<ModelEntry, 'id'>, installed: boolean, onChanged: () => Promise<void>): EncoderDownload {
  const [progress, setProgress] = useState<number>();
  const [kept, setKept] = useState<number>();
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const running = useRef<AbortController | undefined>(undefined);

  const start = (resume = false) => {
    if (running.current || entry.url === undefined) return;
    const controller = new AbortController();
    running.current = controller;
    setProgress(0);
    setStatus(undefined);
    void downloadEncoder(entry as ModelEntry, (received, total) => setProgress(received / total), { signal: controller.signal, resume })
      .then(async () => {
        setKept(undefined);
        setStatus({ ok: true, text: 'Installed and checked.' });
        await onChanged();
      })
      .catch(async (error: unknown) => {
        if (controller.signal.aborted) return;
        setKept((await pendingDownload(entry.id))?.kept);
        setStatus({ ok: false, text: `Not installed: ${message(error)}` });
      })
      .finally(() => {
        running.current = undefined;
        setProgress(undefined);
      });
  };

  const cancel = () => {
    running.current?.abort(new Error('cancelled'));
    void discardDownload(entry.id).then(() => {
      setKept(undefined);
      setStatus({ ok: true, text: 'Download cancelled; its bytes were deleted.' });
    });
  };

  useEffect(() => {
    if (installed || entry.url === undefined) return;
    void pendingDownload(entry.id).then((row) => {
      if (!row) return;
      setKept(row.kept);
      start(true);
      setStatus({ ok: true, text: `Resuming the download left unfinished, from ${mb(row.kept)}.` });
    });
    // Once per page and entry: a download resumes when the page opens, not on every render.
  }, [entry.id, entry.url]);

  useEffect(() => () => running.current?.abort(new Error('the page closed')), []);

  return { progress, kept, status, start, cancel };
}
