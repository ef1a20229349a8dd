// The probability of every class of the head, most probable first.
import { percent as pct } from '../../engine/verdict/verdict-text';

export function ProbabilityBars({ probabilities }: { probabilities: Record<string, number> }) {
  const rows = Object.entries(probabilities).sort((a, b) => b[1] - a[1]);
  return (
    <div class="probs" aria-label="probability of each class">
      {rows.map(([name, p]) => (
        <>
          <span class="name" title={name}>
            {name}
          </span>
          <span class="bar">
            <span style={{ width: pct(p) }} />
          </span>
          <span class="pct">{pct(p)}</span>
        </>
      ))}
    </div>
  );
}
