// The look of badges and the overlay, inside our shadow root (page styles do not reach in). Colours are
// chosen to differ in hue and in shape: the unknown-generator warning has a dashed outline and a warning
// sign, so it cannot be mistaken for a named generator even by someone who does not tell the colours apart.
export const STYLES = `
:host { all: initial; }
* { box-sizing: border-box; }
.badge, .overlay { position: absolute; left: 0; top: 0; font: 600 12px/1.2 system-ui, -apple-system, "Segoe UI", sans-serif; color: #fff; }
.badge { pointer-events: auto; cursor: pointer; padding: 3px 7px; border-radius: 10px; white-space: nowrap; max-width: 300px; overflow: hidden;
  text-overflow: ellipsis; box-shadow: 0 1px 3px rgba(0,0,0,.45); border: 1.5px solid rgba(255,255,255,.85); }
.badge[hidden], .overlay[hidden] { display: none; }
.look-pending { background: rgba(60,60,60,.75); font-weight: 400; }
.look-real { background: #1f7a3a; }
.look-generator { background: #c2410c; }
.look-unknown { background: #6b21a8; border: 2px dashed #fde047; }
.look-unknown::before { content: "\\26A0\\FE0E  "; color: #fde047; }
.look-unplaced { background: #475569; border: 2px dotted #cbd5e1; }
.look-error { background: #4b5563; }
.look-error::before { content: "! "; }
.look-no-model { background: #1d4ed8; text-decoration: underline; }
.look-declared-ai { background: #b91c1c; }
.look-declared-ai::before { content: "\\270E  "; }
.look-credentials { background: #0f766e; }
.look-credentials-invalid { background: #78350f; border: 2px dashed #fbbf24; }
.look-nothing-declared { background: rgba(60,60,60,.75); font-weight: 400; }
.overlay { pointer-events: auto; width: 300px; padding: 12px 14px; border-radius: 10px; background: #fff; color: #111; font-weight: 400;
  box-shadow: 0 4px 18px rgba(0,0,0,.35); border-top: 6px solid #4b5563; }
.overlay.look-real { border-top-color: #1f7a3a; }
.overlay.look-generator { border-top-color: #c2410c; }
.overlay.look-unknown { border: 2px dashed #6b21a8; border-top: 6px solid #6b21a8; background: #faf5ff; }
.overlay.look-unplaced { border-top-color: #475569; }
.overlay.look-no-model { border-top-color: #1d4ed8; }
.overlay.look-declared-ai { border-top-color: #b91c1c; }
.overlay.look-credentials { border-top-color: #0f766e; }
.overlay.look-credentials-invalid { border-top-color: #78350f; }
.provenance { border-top: 1px solid #e5e7eb; margin-top: 8px; padding-top: 6px; }
.provenance-label { font-size: 12px; font-weight: 700; margin: 0 0 2px; }
.provenance.kind-ai-declared .provenance-label { color: #b91c1c; }
.provenance.kind-invalid .provenance-label { color: #78350f; }
.title { font-size: 15px; font-weight: 700; margin: 0 18px 4px 0; }
.detail { font-size: 12px; color: #374151; margin: 0 0 8px; overflow-wrap: anywhere; }
.evidence { font-size: 12px; color: #374151; margin: 0 0 3px; }
.bars { margin: 8px 0; }
.bar { display: grid; grid-template-columns: 90px 1fr 38px; gap: 6px; align-items: center; font-size: 12px; margin: 3px 0; }
.bar .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.bar .track { height: 8px; background: #e5e7eb; border-radius: 4px; overflow: hidden; }
.bar .fill { height: 100%; background: #6b7280; }
.bar.top .fill { background: #111827; }
.bar .value { text-align: right; font-variant-numeric: tabular-nums; }
.note { font-size: 11px; color: #6b7280; margin: 6px 0 0; }
.actions { display: flex; gap: 8px; margin-top: 8px; }
button { font: inherit; font-size: 12px; padding: 4px 10px; border-radius: 6px; border: 1px solid #9ca3af; background: #f9fafb; color: #111; cursor: pointer; }
button.close { position: absolute; right: 6px; top: 4px; border: 0; background: none; font-size: 16px; padding: 0 4px; }
`;
