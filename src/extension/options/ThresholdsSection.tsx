// The thresholds, each explained, with a live preview of what the cached verdicts would become: the active
// head's, and the LLR threshold of each head combined with it. Nothing changes until "Apply": the preview
// is computed by the background from stored scores.
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import type { ThresholdPreview } from '../shared/protocol';
import type { Settings } from '../shared/settings';
import { message } from '../ui/errors';
import { PreviewTable } from './PreviewTable';

/** An input's text as a threshold: empty means "the head's own" (null). */
function parseThreshold(text: string): number | null | undefined {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

const show = (v: number | null) => (v === null ? '' : String(v));

export function ThresholdsSection({ settings, onSaved }: { settings: Settings; onSaved: () => Promise<void> }) {
  const [llr, setLlr] = useState(show(settings.thresholds.llr));
  const [openSet, setOpenSet] = useState(show(settings.thresholds.openSet));
  const [minSize, setMinSize] = useState(String(settings.minImageSize));
  // Each combined head's LLR threshold as typed, by head id; empty means the head's own.
  const [headLlr, setHeadLlr] = useState<Record<string, string>>(Object.fromEntries(Object.entries(settings.headLlr).map(([id, v]) => [id, String(v)])));
  const [preview, setPreview] = useState<ThresholdPreview>();
  const [status, setStatus] = useState<string>();
  const proposed = { llr: parseThreshold(llr), openSet: parseThreshold(openSet) };
  const combined = preview?.combined ?? [];
  const perHead = combined.map((h) => [h.id, parseThreshold(headLlr[h.id] ?? '')] as const);
  const perHeadValid = perHead.every(([, v]) => v !== undefined);
  // The person's thresholds for heads not combined now are kept; the combined ones' replaced as typed.
  const proposedHeadLlr: Record<string, number> = {
    ...Object.fromEntries(Object.entries(settings.headLlr).filter(([id]) => !combined.some((h) => h.id === id))),
    ...Object.fromEntries(perHead.flatMap(([id, v]) => (typeof v === 'number' ? [[id, v]] : []))),
  };
  const size = Number(minSize);
  const valid = proposed.llr !== undefined && proposed.openSet !== undefined && perHeadValid && Number.isInteger(size) && size >= 0 && size <= 10_000;

  useEffect(() => {
    if (proposed.llr === undefined || proposed.openSet === undefined || !perHeadValid) return;
    let live = true;
    send('background', 'verdicts.preview', { thresholds: { llr: proposed.llr, openSet: proposed.openSet }, headLlr: proposedHeadLlr })
      .then((p) => live && setPreview(p))
      .catch((error: unknown) => live && setStatus(message(error)));
    return () => {
      live = false;
    };
  }, [llr, openSet, JSON.stringify(headLlr), settings]);

  const apply = async () => {
    if (!valid) return;
    try {
      await send('background', 'settings.update', { thresholds: { llr: proposed.llr!, openSet: proposed.openSet! }, headLlr: proposedHeadLlr, minImageSize: size });
      setStatus('Saved. Every verdict shown from now on uses these thresholds.');
      await onSaved();
    } catch (error) {
      setStatus(`Not saved: ${message(error)}`);
    }
  };
  const defaults = preview?.head?.defaults;
  // A detector has no open-set score (its default arrives as null where JSON carried NaN): no such threshold to show.
  const detector = defaults !== undefined && !Number.isFinite(defaults.openSet ?? Number.NaN);

  return (
    <section data-testid="thresholds">
      <h2>Thresholds</h2>
      <div class="field">
        <label for="llr">Synthetic LLR{combined.length > 0 && preview?.head ? ` of "${preview.head.name}"` : ''}</label>
        <div>
          <input id="llr" type="number" step="0.1" value={llr} placeholder={defaults ? `head: ${defaults.llr}` : ''} onInput={(e) => setLlr(e.currentTarget.value)} />
          <p class="small muted">
            How strongly the evidence must point to "generated" before an image is called synthetic. The LLR compares the odds of
            "made by a generator" with "real photo": 0 is even odds. A higher threshold flags fewer images (fewer false alarms on real
            photos, more generated images missed); a lower one flags more. Leave empty to use the head's own.
          </p>
        </div>
        {combined.map((h) => (
          <Fragment key={h.id}>
            <label for={`head-llr-${h.id}`}>Synthetic LLR of "{h.name}"</label>
            <div>
              <input
                id={`head-llr-${h.id}`}
                type="number"
                step="0.1"
                data-testid="head-llr"
                data-head={h.id}
                value={headLlr[h.id] ?? ''}
                placeholder={`head: ${h.own}`}
                onInput={(e) => {
                  const text = e.currentTarget.value;
                  setHeadLlr((all) => ({ ...all, [h.id]: text }));
                }}
              />
              <p class="small muted">This head is combined with the active one: above this LLR it says synthetic. Leave empty to use the head's own.</p>
            </div>
          </Fragment>
        ))}
        {!detector && (
          <>
            <label for="open-set">Open-set score</label>
            <div>
              <input id="open-set" type="number" step="0.05" value={openSet} placeholder={defaults ? `head: ${defaults.openSet.toFixed(3)}` : ''} onInput={(e) => setOpenSet(e.currentTarget.value)} />
              <p class="small muted">
                How closely an image must resemble something the head was trained on. Below this score the head cannot place it: a generated
                image gets the "unknown generator" warning instead of a name, any other is "cannot place", never called generated on that
                ground alone. Higher: more such images; lower: more images named after the closest class. Leave empty to use the head's own.
              </p>
            </div>
          </>
        )}
        <label for="min-size">Minimum image size</label>
        <div>
          <input id="min-size" type="number" min="0" step="1" value={minSize} onInput={(e) => setMinSize(e.currentTarget.value)} /> pixels
          <p class="small muted">Images narrower or shorter than this get no automatic badge: icons, avatars and buttons are left alone.</p>
        </div>
      </div>
      {preview && <PreviewTable preview={preview} />}
      <div class="row">
        <button class="primary" onClick={() => void apply()} disabled={!valid} data-testid="apply-thresholds">
          Apply
        </button>
        {!valid && <span class="small">Enter numbers (or leave a threshold empty for the head's own).</span>}
        {status !== undefined && <span class="small" data-testid="thresholds-status">{status}</span>}
      </div>
    </section>
  );
}
