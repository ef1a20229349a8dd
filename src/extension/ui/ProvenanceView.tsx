// What a file declares about its origin, beside (never in place of) the model's verdict. Nothing is drawn
// for a file that declares nothing: absence of metadata is not evidence, and most sites remove it.
import { PROVENANCE_LABELS } from '../../engine/provenance/provenance-text';
import type { Provenance } from '../../engine/provenance/types';

export function ProvenanceView({ provenance }: { provenance: Provenance | undefined }) {
  if (!provenance || provenance.kind === 'none') return null;
  return (
    <div class={`provenance-view ${provenance.kind}`} data-testid="provenance" data-kind={provenance.kind}>
      <div class="small">
        <strong>What the file declares: {PROVENANCE_LABELS[provenance.kind]}</strong>
      </div>
      <div class="small">{provenance.detail}</div>
    </div>
  );
}
