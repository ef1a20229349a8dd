// One install that downloads, as a row of the options page shows it (an encoder, or a checkpoint to
// convert): started by Install, and started again by itself when the page opens and a download of it was
// left unfinished (the page was closed, the browser restarted or the network went away). The person asked
// for it and never cancelled, so carrying on is what they expect; Cancel drops the kept bytes.
import { useEffect, useRef, useState } from 'preact/hooks';
import { discardDownload, pendingDownload } from '../shared/download-store';
import { mb } from '../ui/encoder-files';
import { message } from '../ui/errors';
import type { Status } from './StatusBanner';

export interface ResumableInstall<S> {
  /** Where it stands while it runs; undefined when it does not. */
  step: S | undefined;
  /** Bytes kept by a stopped download, which Resume continues from. */
  kept: number | undefined;
  status: Status | undefined;
  /** Install (or, with resume, carry on with what a stopped download kept). */
  start(resume?: boolean): void;
  cancel(): void;
}

export interface InstallRun<S> {
  /** The download's id in the database (download-store.ts). */
  id: string;
  /** False when it is installed already or has nothing to download. */
  wanted: boolean;
  /** The step shown as soon as Install is pressed. */
  first: S;
  /** Runs the install, reporting its steps; resolves with what the row then says. */
  run(onStep: (step: S) => void, how: { signal: AbortSignal; resume: boolean }): Promise<string>;
  onChanged(): Promise<void>;
}

export function useResumableInstall<S>(install: InstallRun<S>): ResumableInstall<S> {
  const [step, setStep] = useState<S>();
  const [kept, setKept] = useState<number>();
  const [status, setStatus] = useState<Status>();
  const running = useRef<AbortController | undefined>(undefined);

  const start = (resume = false) => {
    if (running.current || !install.wanted) return;
    const controller = new AbortController();
    running.current = controller;
    setStep(install.first);
    setStatus(undefined);
    void install
      .run(setStep, { signal: controller.signal, resume })
      .then(async (text) => {
        setKept(undefined);
        setStatus({ ok: true, text });
        await install.onChanged();
      })
      .catch(async (error: unknown) => {
        if (controller.signal.aborted) return;
        setKept((await pendingDownload(install.id))?.kept);
        setStatus({ ok: false, text: `Not installed: ${message(error)}` });
      })
      .finally(() => {
        running.current = undefined;
        setStep(undefined);
      });
  };

  const cancel = () => {
    running.current?.abort(new Error('cancelled'));
    void discardDownload(install.id).then(() => {
      setKept(undefined);
      setStatus({ ok: true, text: 'Download cancelled; its bytes were deleted.' });
    });
  };

  useEffect(() => {
    if (!install.wanted) return;
    void pendingDownload(install.id).then((row) => {
      if (!row) return;
      setKept(row.kept);
      start(true);
      setStatus({ ok: true, text: `Resuming the download left unfinished, from ${mb(row.kept)}.` });
    });
    // Once per page and download: it resumes when the page opens, not on every render.
  }, [install.id]);

  useEffect(() => () => running.current?.abort(new Error('the page closed')), []);

  return { step, kept, status, start, cancel };
}
