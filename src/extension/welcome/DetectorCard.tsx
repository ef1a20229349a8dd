// One published detector: what it reads, what it was trained on, how well others report it does (with
// where that was published), its size and time per image, and the one button that installs it.
import type { PublishedHead } from '../../engine/head/published-heads';
import type { ConversionEntry } from '../../engine/models/registry';
import { clipArchitectureOf, clipVisionParameters } from '../../engine/onnx/clip-vision-cost';
import type { ModelEntry } from '../../engine/types';
import { mb } from '../ui/encoder-files';
import { estimateSentence, type EstimateState } from './estimates';

export interface CardProps {
  head: PublishedHead;
  /** The encoder it reads, when this browser can download it… */
  encoder: ModelEntry | undefined;
  /** …or make it, from a checkpoint the registry pins. */
  conversion: ConversionEntry | undefined;
  encoderInstalled: boolean;
  /** The time per image estimated on this machine for its encoder. */
  estimate: EstimateState | undefined;
  busy: boolean;
  onInstall: () => void;
}

const BYTES_PER_WEIGHT = { float32: 4, float16: 2, int8: 1 } as const;

/** What the person downloads (and, for a converted encoder, what is made here), in a sentence. */
function downloadSentence(head: PublishedHead, encoder: ModelEntry | undefined, conversion: ConversionEntry | undefined, installed: boolean): string {
  if (installed || (!encoder && !conversion)) return `Download: ${mb(head.bytes)}${installed ? ' (the encoder is installed already)' : ''}.`;
  if (encoder) return `Download: ${mb(encoder.bytes + head.bytes)}.`;
  const c = conversion!;
  const shape = clipArchitectureOf(c.id);
  const made = shape ? ` into an encoder of about ${mb(clipVisionParameters(shape) * BYTES_PER_WEIGHT[c.convert.weights])}` : '';
  const size = c.source.bytes === undefined ? 'its size is not published, its SHA-256 is, and is checked' : mb(c.source.bytes);
  return `Download: the checkpoint ${c.source.file} (${size}) and the head (${mb(head.bytes)}); the checkpoint is converted on this computer${made}, then deleted.`;
}

export function DetectorCard({ head, encoder, conversion, encoderInstalled, estimate, busy, onInstall }: CardProps) {
  const oneStep = (encoder !== undefined || conversion !== undefined) && head.needs === undefined;
  return (
    <section class={`card detector${head.recommended ? ' recommended' : ''}`} data-testid={`detector-${head.id}`}>
      <h3>
        {head.name} {head.recommended && <span class="tag">recommended</span>}
      </h3>
      <p class="small">
        Trained on {head.trainedOn}. Reads {head.feature.name === 'embedding' ? 'the image embedding' : 'the class token'} of {encoder?.name ?? conversion?.name ?? head.encoder}.
      </p>
      <ul class="small figures">
        {head.figures.length === 0 && <li>No figure for this file is known to OriginLens; see the paper: {head.paper}.</li>}
        {head.figures.map((f) => (
          <li key={f.text}>
            Reported: {f.text} <span class="muted">(source: {f.source})</span>
          </li>
        ))}
      </ul>
      <p class="small muted">
        {head.paper}. Licence: {head.licence}.
      </p>
      {oneStep ? (
        <>
          <p class="small">
            <span data-testid="download-size">{downloadSentence(head, encoder, conversion, encoderInstalled)}</span> <span data-testid="estimate">{estimateSentence(head.encoder, estimate)}</span>
          </p>
          <button class={head.recommended ? 'primary' : ''} disabled={busy} onClick={onInstall}>
            Install {head.name.replace(/ \(.*$/, '')}
          </button>
        </>
      ) : (
        <p class="small warning">{head.needs ?? `Its encoder (${head.encoder}) is none this browser can download or make: convert it with \`originlens models convert\` and import it on the options page, then install this detector there.`}</p>
      )}
    </section>
  );
}
