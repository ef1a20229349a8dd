// Installing an encoder the registry makes by conversion (models/registry.json `conversions`): the page
// downloads the checkpoint as it downloads encoders (resumable, kept in the database's pieces), where it
// is hashed piece by piece against the pinned SHA-256; the engine host then converts it with the
// engine's own code (background `models.convert`) and installs the encoder with its own SHA-256 beside
// the source's. The welcome page and the options page call installConversion alike.
import registryJson from '../../../models/registry.json';
import { parseRegistry, type ConversionEntry } from '../../engine/models/registry';
import { db } from '../shared/db';
import { checkpointStore, discardDownload, pendingDownload } from '../shared/download-store';
import { send } from '../shared/messaging';
import type { InstalledEncoder } from '../shared/protocol';
import { downloadPinned } from './encoder-files';

/** The registry's conversions, and in test builds a test checkpoint's stand-in served by the tests. */
export function knownConversions(): ConversionEntry[] {
  const conversions = parseRegistry(registryJson, 'models/registry.json').conversions ?? [];
  if (!__ORIGINLENS_TEST_BUILD__) return conversions;
  // Test builds only: a small checkpoint with random weights, served from 127.0.0.1, converted as OpenAI's
  // are: under its own id, or standing in for a registry conversion (`standsFor`), so that a detector that
  // reads that encoder installs in one step as it would for a person.
  const raw = localStorage.getItem('originlens.test.conversion');
  if (raw === null) return conversions;
  const t = JSON.parse(raw) as { url: string; sha256: string; file: string; weights: ConversionEntry['convert']['weights']; activation: ConversionEntry['convert']['activation']; standsFor?: string };
  const standIn = (c: Pick<ConversionEntry, 'id' | 'name' | 'file'>): ConversionEntry => ({
    ...c,
    licence: 'test model',
    source: { url: t.url, sha256: t.sha256, file: t.file },
    convert: { weights: t.weights, activation: t.activation },
    test: true,
  });
  if (t.standsFor !== undefined) return conversions.map((c) => (c.id === t.standsFor ? standIn({ ...c, name: `${c.name} (test stand-in, random weights)` }) : c));
  return [...conversions, standIn({ id: 'test-clip-converted', name: 'Test checkpoint converted on install (random weights)', file: 'test-clip-converted.onnx' })];
}

export interface ConversionStep {
  phase: 'download' | 'convert';
  done: number;
  /** NaN while the size is unknown (OpenAI's checkpoints are pinned by hash alone). */
  total: number;
}

/**
 * Downloads (or resumes) the checkpoint, checks it, and has the engine host convert it. A Web Lock makes
 * one page do it at a time; a second page waits, then finds the encoder installed. A checkpoint already
 * kept and checked (a conversion that failed) is converted again without downloading it again.
 */
export async function installConversion(c: ConversionEntry, onStep: (step: ConversionStep) => void, how: { signal?: AbortSignal; resume?: boolean } = {}): Promise<InstalledEncoder | undefined> {
  const { signal } = how;
  return navigator.locks.request(`originlens.download.${c.id}`, { signal }, async () => {
    const installed = await db().models.get(c.id);
    const bound = (installed?.entry as { source?: { sha256?: string } } | undefined)?.source?.sha256;
    if (bound === c.source.sha256) {
      await discardDownload(c.id);
      return undefined;
    }
    const row = await pendingDownload(c.id);
    if (how.resume === true && !row) throw new Error('the download was cancelled or refused in another OriginLens page');
    if (row?.verified !== c.source.sha256) await download(c, onStep, signal);
    // The engine host writes its progress into the download's row; the page reads it from there.
    const watch = setInterval(() => void pendingDownload(c.id).then((r) => r?.converting && onStep({ phase: 'convert', ...r.converting })), 300);
    try {
      onStep({ phase: 'convert', done: 0, total: NaN });
      return await send('background', 'models.convert', { conversion: c });
    } finally {
      clearInterval(watch);
    }
  });
}

async function download(c: ConversionEntry, onStep: (step: ConversionStep) => void, signal: AbortSignal | undefined): Promise<void> {
  const pin = { id: c.id, sha256: c.source.sha256, ...(c.source.bytes === undefined ? {} : { bytes: c.source.bytes }) };
  await downloadPinned(
    c.id,
    {
      url: c.source.url,
      bytes: c.source.bytes,
      // OpenAI's checkpoints are all under 1 GB; nothing pinned by its hash alone may bring more than this.
      maxBytes: 2 * 2 ** 30,
      sha256: c.source.sha256,
      store: await checkpointStore(pin),
      onProgress: (done, total) => onStep({ phase: 'download', done, total }),
      signal,
    },
    'convert the checkpoint with `originlens models convert` and import the .onnx with its .json here',
  );
}
