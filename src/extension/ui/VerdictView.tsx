// A verdict: its title, the open-set warning (boxed, so it reads differently from a named generator) or
// an error's reason, and the probability bars.
import type { Verdict } from '../../engine/types';
import { ProbabilityBars } from './ProbabilityBars';
import { verdictDetail, verdictTitle } from './verdict-text';

export function VerdictView({ verdict }: { verdict: Verdict }) {
  const detail = verdictDetail(verdict);
  return (
    <div class="verdict-view" data-kind={verdict.kind}>
      <div class={`verdict ${verdict.kind}`}>{verdict.kind === 'unknown-generator' ? `⚠ ${verdictTitle(verdict)}` : verdictTitle(verdict)}</div>
      {detail !== undefined && <div class={verdict.kind === 'unknown-generator' ? 'warning small' : 'muted small reason'}>{detail}</div>}
      {verdict.kind !== 'error' && <ProbabilityBars probabilities={verdict.probabilities} />}
    </div>
  );
}
