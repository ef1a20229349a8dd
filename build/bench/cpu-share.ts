// tsx build/bench/cpu-share.ts [--images 2000]
//
// A control for the content script's two figures in the browser-page section (main-thread time: the wall
// time of its tasks; thread time: the CPU time of the same tasks). A page loads as many images as the
// section's page, laid out the same way, on a site without badges, while a script of the page spins the
// CPU for 20 ms in one timer task after another, traced as the section traces. A task of pure computation
// whose thread time falls short of its wall time shows the page's main thread waiting for a core, whatever
// the content script does. Prints each task's share of its wall time spent running, in order.
import { parseArgs } from 'node:util';
import { launch, serve } from './browser-harness';
import { discoveryPage, readTrace, TIMELINE_CATEGORIES, type TraceEvent } from './browser-discovery';
import { pngPicture } from './pictures';

const { values } = parseArgs({ options: { images: { type: 'string', default: '2000' } } });
const images = Number(values.images);
const TASKS = 150;
const SPIN_MS = 20;
const spin = `<script>
function spin(ms) { const end = performance.now() + ms; while (performance.now() < end); }
let n = 0;
function tick() { spin(${SPIN_MS}); if (++n < ${TASKS}) setTimeout(tick, 10); else document.title = 'done'; }
setTimeout(tick, 0);
</script>`;

const { html, viewport, imagePaths } = discoveryPage(images);
const png = pngPicture(100, 100);
const files: Record<string, { body: Uint8Array | string; type: string }> = { '/spin.html': { body: spin + html, type: 'text/html; charset=utf-8' } };
for (const path of imagePaths) files[path] = { body: png, type: 'image/png' };
const site = await serve(files);
const browser = await launch();
try {
  const tab = await browser.context.newPage();
  await tab.setViewportSize(viewport);
  const cdp = await browser.context.newCDPSession(tab);
  await cdp.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: TIMELINE_CATEGORIES } });
  await tab.goto(`${site.origin}/spin.html`);
  await tab.waitForFunction(() => document.title === 'done', undefined, { timeout: 60_000 });
  const events: TraceEvent[] = await readTrace(cdp);
  const spins = events.filter((e) => e.name === 'TimerFire' && e.ph === 'X' && (e.dur ?? 0) >= SPIN_MS * 900).sort((a, b) => a.ts - b.ts);
  const first = spins[0]?.ts ?? 0;
  console.log(`${spins.length} tasks of ${SPIN_MS} ms on a page of ${images} images; per task: ms since the first, share of its wall time running`);
  const cells = spins.map((e) => `${((e.ts - first) / 1000).toFixed(0).padStart(5)} ${((e.tdur ?? e.dur!) / e.dur!).toFixed(2)}`);
  for (let i = 0; i < cells.length; i += 8) console.log(cells.slice(i, i + 8).join('   '));
  const share = (tasks: TraceEvent[]) => tasks.reduce((s, e) => s + (e.tdur ?? e.dur!), 0) / tasks.reduce((s, e) => s + e.dur!, 0);
  // The page's load event (every image loaded), as the trace marks it.
  const loaded = events.find((e) => e.name === 'MarkLoad')?.ts ?? Infinity;
  const during = spins.filter((e) => e.ts < loaded);
  const afterwards = spins.filter((e) => e.ts >= loaded);
  console.log(`share running: ${share(during).toFixed(2)} in the ${during.length} tasks before the page's load event, ${share(afterwards).toFixed(2)} in the ${afterwards.length} after it`);
} finally {
  await browser.close();
  await site.close();
}
