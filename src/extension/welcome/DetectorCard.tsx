// One published detector: what it reads, what it was trained on, how well others report it does (with
// where that was published), its size and time per image, and the one button that installs it.
import type { PublishedHead } from '../../engine/head/published-heads';
import type { ModelEntry } from '../../engine/types';
import { mb } from '../ui/encoder-files';
import { estimateSentence, type EstimateState } from './estimates';

export interface CardProps {
  head: PublishedHead;
  /** The encoder it reads, when this browser can download it; undefined when it must be converted first. */
  encoder: ModelEntry | undefined;
  encoderInstalled: boolean;
  /** The time per image estimated on this machine for its encoder. */
  estimate: EstimateState | undefined;
  busy: boolean;
  onInstall: () => void;
}

export function DetectorCard({ head, encoder, encoderInstalled, estimate, busy, onInstall }: CardProps) {
  const download = (encoderInstalled || !encoder ? 0 : encoder.bytes) + head.bytes;
  const oneStep = encoder !== undefined && head.needs === undefined;
  return (
    <section class={`card detector${head.recommended ? ' recommended' : ''}`} data-testid={`detector-${head.id}`}>
      <h3>
        {head.name} {head.recommended && <span class="tag">recommended</span>}
      </h3>
      <p class="small">
        Trained on {head.trainedOn}. Reads {head.feature.name === 'embedding' ? 'the image embedding' : 'the class token'} of {encoder?.name ?? head.encoder}.
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
            Download: {mb(download)}
            {encoderInstalled ? ' (the encoder is installed already)' : ''}. <span data-testid="estimate">{estimateSentence(head.encoder, estimate)}</span>
          </p>
          <button class={head.recommended ? 'primary' : ''} disabled={busy} onClick={onInstall}>
            Install {head.name.replace(/ \(.*$/, '')}
          </button>
        </>
      ) : (
        <p class="small warning">{head.needs ?? `Its encoder (${head.encoder}) is converted from OpenAI's checkpoint: convert it with \`originlens models convert\` and import it on the options page, then install this detector there.`}</p>
      )}
    </section>
  );
}
