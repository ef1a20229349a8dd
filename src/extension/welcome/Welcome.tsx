// What OriginLens does and does not do, then one step: a detector (its encoder and its head) downloaded,
// checked, installed and made active, with progress, then timed on this machine. Then the next step.
import { useEffect, useState } from 'preact/hooks';
import type { PublishedHead } from '../../engine/head/published-heads';
import type { ModelEntry } from '../../engine/types';
import type { Backend } from '../shared/protocol';
import { send } from '../shared/messaging';
import { installConversion, knownConversions, type ConversionStep } from '../ui/conversion-install';
import { downloadEncoder, knownEncoders, mb } from '../ui/encoder-files';
import { message } from '../ui/errors';
import { installPublishedHead, knownHeads } from '../ui/published-heads';
import { DetectorCard } from './DetectorCard';
import { backendName, seconds, type EstimateState } from './estimates';

type Step =
  | { at: 'choose' }
  | { at: 'installing'; head: PublishedHead; what: string; progress?: number }
  | { at: 'done'; head: PublishedHead; ms: number; backend: Backend }
  | { at: 'failed'; head: PublishedHead; why: string };

export function Welcome() {
  const heads = knownHeads().sort((a, b) => Number(b.recommended) - Number(a.recommended));
  const [encoders, setEncoders] = useState<ModelEntry[]>([]);
  // Encoders the registry makes here from a pinned checkpoint (clip-cues reads OpenAI's ViT-L/14@336px).
  const [conversions] = useState(knownConversions);
  const downloadable = (id: string) => encoders.find((e) => e.id === id && e.url !== undefined);
  const convertible = (id: string) => conversions.find((c) => c.id === id);
  const [installed, setInstalled] = useState<string[]>([]);
  const [step, setStep] = useState<Step>({ at: 'choose' });

  const [estimates, setEstimates] = useState<Record<string, EstimateState>>({});

  const refresh = async () => {
    const ids = (await send('background', 'models.state', {})).encoders.map((e) => e.id);
    setInstalled(ids);
    return ids;
  };
  useEffect(() => {
    void (async () => {
      const known = await knownEncoders();
      setEncoders(known);
      const present = await refresh();
      // The encoders the one-step cards download, timed one after another on this machine (each run
      // takes the engine host's whole attention): an installed one itself, another by a slice of it.
      const installable = (h: PublishedHead) => known.some((e) => e.id === h.encoder && e.url !== undefined) || convertible(h.encoder) !== undefined;
      const wanted = [...new Set(heads.filter((h) => h.needs === undefined && installable(h)).map((h) => h.encoder))];
      for (const id of wanted) {
        setEstimates((all) => ({ ...all, [id]: { at: 'pending' } }));
        let state: EstimateState;
        try {
          state = present.includes(id) ? { at: 'measured', ...(await send('background', 'engine.measure', { encoder: id })) } : { at: 'done', value: await send('background', 'engine.estimate', { encoder: id }) };
        } catch (error) {
          state = { at: 'failed', why: message(error) };
        }
        setEstimates((all) => ({ ...all, [id]: state }));
      }
    })();
  }, []);

  /** A conversion's progress in words: the download, then the conversion, each with its bar where its end is known. */
  const converting = (head: PublishedHead, s: ConversionStep): Step => {
    const known = Number.isFinite(s.total) && s.total > 0;
    const what = s.phase === 'download' ? `Downloading the checkpoint (${mb(s.done)}${known ? ` of ${mb(s.total)}` : ''})` : `Converting the checkpoint into the encoder, on this computer${known ? ` (${mb(s.done)} of ${mb(s.total)} written)` : ''}`;
    return { at: 'installing', head, what, ...(known ? { progress: s.done / s.total } : {}) };
  };

  const install = async (head: PublishedHead) => {
    const encoder = downloadable(head.encoder);
    const conversion = convertible(head.encoder);
    try {
      if (!installed.includes(head.encoder) && encoder) {
        setStep({ at: 'installing', head, what: `Downloading the encoder (${mb(encoder.bytes)})`, progress: 0 });
        await downloadEncoder(encoder, (received, total) => setStep({ at: 'installing', head, what: `Downloading the encoder (${mb(received)} of ${mb(total)})`, progress: received / total }));
      } else if (!installed.includes(head.encoder) && conversion) {
        setStep(converting(head, { phase: 'download', done: 0, total: NaN }));
        await installConversion(conversion, (s) => setStep(converting(head, s)));
      }
      setStep({ at: 'installing', head, what: `Downloading and checking the detector (${head.bytes.toLocaleString('en')} bytes)` });
      await installPublishedHead(head);
      setStep({ at: 'installing', head, what: 'Timing one image on this machine' });
      const { ms, backend } = await send('background', 'engine.measure', { encoder: head.encoder });
      setStep({ at: 'done', head, ms, backend });
      await refresh();
    } catch (error) {
      setStep({ at: 'failed', head, why: message(error) });
    }
  };

  return (
    <main class="welcome">
      <h1>Welcome to OriginLens</h1>
      <p>
        OriginLens tells you whether an image on a web page looks made by an image generator, and by which one. It reads what a file declares about
        itself (Content Credentials, generators' metadata) and runs published detectors on your own computer.
      </p>
      <ul>
        <li>
          <strong>No image leaves your machine.</strong> Images are read and judged in your browser; nothing is uploaded.
        </li>
        <li>
          <strong>A detector's word is evidence, not proof.</strong> Each detector is as good as the images it was trained on
          {step.at === 'done' ? '.' : '; each card below says what that was and how well others report it does.'}
        </li>
      </ul>

      {step.at === 'installing' && (
        <section class="card" data-testid="installing">
          <h2>Installing {step.head.name}</h2>
          <p>{step.what}…</p>
          {step.progress !== undefined && <progress max={1} value={step.progress} />}
        </section>
      )}
      {step.at === 'failed' && (
        <section class="card banner missing" data-testid="install-failed">
          <p>
            <strong>{step.head.name} could not be installed:</strong> {step.why}
          </p>
          <button onClick={() => void install(step.head)}>Try again</button>
        </section>
      )}
      {step.at === 'done' && (
        <section class="card" data-testid="installed">
          <h2>Ready: {step.head.name} is installed</h2>
          <p>
            Measured on this machine: <strong data-testid="measured">{seconds(step.ms)} s per image</strong> ({backendName(step.backend)}).
          </p>
          <p>Right-click any image and choose “Attribute this image”, or open a social feed: its images get badges as you scroll.</p>
          <h2>Next: teach it generators</h2>
          <p>
            A detector says “generated” or not. To have OriginLens name the generator, give it a handful of examples of each: right-click an image
            you know and choose “This image is from…” (or “This is a real photo”). Your examples make your reference set, from which a head is
            trained at once; the options page also imports heads others made.
          </p>
          <a class="button" href="options.html#references" data-testid="next-step">
            Open my reference set
          </a>
        </section>
      )}

      {step.at !== 'done' && (
        <>
          <h2>One step: install a detector</h2>
          <div class="cards">
            {heads.map((head) => (
              <DetectorCard
                key={head.id}
                head={head}
                encoder={downloadable(head.encoder)}
                conversion={convertible(head.encoder)}
                encoderInstalled={installed.includes(head.encoder)}
                estimate={estimates[head.encoder]}
                busy={step.at === 'installing'}
                onInstall={() => void install(head)}
              />
            ))}
          </div>
        </>
      )}
    </main>
  );
}
