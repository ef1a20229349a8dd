// The cached verdicts counted now and under the thresholds being edited.
import { KIND_NAMES } from '../../engine/verdict/verdict-text';
import type { VerdictKind } from '../../engine/types';
import type { ThresholdPreview } from '../shared/protocol';

const KINDS = Object.entries(KIND_NAMES) as [VerdictKind, string][];

export function PreviewTable({ preview }: { preview: ThresholdPreview }) {
  if (!preview.head) return <p class="small muted">No head is active, so there are no verdicts to preview.</p>;
  const total = KINDS.reduce((n, [k]) => n + preview.before[k], 0);
  return (
    <div data-testid="preview">
      <p class="small muted">
        The {total} verdicts in the cache made with "{preview.head.name}"
        {(preview.combined ?? []).map((h) => ` and "${h.name}"`).join('')}, decided again from their stored scores:
      </p>
      <table>
        <thead>
          <tr>
            <th>Verdict</th>
            <th>Now</th>
            <th>With these thresholds</th>
          </tr>
        </thead>
        <tbody>
          {KINDS.map(([k, label]) => (
            <tr key={k} data-kind={k}>
              <td>{label}</td>
              <td class="before">{preview.before[k]}</td>
              <td class={`after${preview.after[k] !== preview.before[k] ? ' changed' : ''}`}>{preview.after[k]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
