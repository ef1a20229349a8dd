// A verdict: its title, the open-set warning (boxed, so it reads differently from a named generator) or
// an error's reason, what each head said, and the probability bars.
import type { Verdict } from '../../engine/types';
import { evidenceLines, verdictWords } from '../../engine/verdict/verdict-text';
import { ProbabilityBars } from './ProbabilityBars';

export function VerdictView({ verdict }: { verdict: Verdict }) {
  const { title, detail } = verdictWords(verdict);
  const warning = verdict.kind === 'unknown-generator';
  return (
    <div class="verdict-view" data-kind={verdict.kind}>
      <div class={`verdict ${verdict.kind}`}>{warning ? `⚠ ${title}` : title}</div>
      {detail !== undefined && <div class={warning ? 'warning small' : 'muted small reason'}>{detail}</div>}
      {evidenceLines(verdict).map((line) => (
        <div class="muted small evidence" key={line}>
          {line}
        </div>
      ))}
      {verdict.kind !== 'error' && Object.keys(verdict.probabilities).length > 0 && <ProbabilityBars probabilities={verdict.probabilities} />}
    </div>
  );
}
