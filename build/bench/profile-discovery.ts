// tsx build/bench/profile-discovery.ts [--runs 3] [--images 2000] [--verdicts] [--profile] [--builds DIR,DIR]
//
// A closer look at the content script's figure of the browser-page section than the section gives: per run,
// its main-thread and thread time per 1,000 images, and where they go (the script's outermost trace events
// by function, with their thread time). --profile adds a CPU profile's self time per function (the
// profiler slows the script: its figures are for comparison only). --builds compares builds of the
// extension (copies of dist/chrome-test), one run of each in turn, so that the machine's load weighs on
// them alike. Without --verdicts the extension's fetches are held back, as in the section's first figure.
import { parseArgs } from 'node:util';
import { call } from '../../test/e2e/support/background';
import { launch, TEST_BUILD } from './browser-harness';
import { discoverySite, outermostOfScript, traceDiscovery, type CpuProfile, type DiscoveryRun, type TraceEvent } from './browser-discovery';
import { median } from './report';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    images: { type: 'string', default: '2000' },
    verdicts: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    builds: { type: 'string', default: TEST_BUILD },
  },
});
const runs = Number(values.runs);
const images = Number(values.images);

const top = (totals: Map<string, number>, count: number) =>
  [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, ms]) => `    ${ms.toFixed(1).padStart(7)} ms  ${key}`)
    .join('\n');

/** Thread time of the script's outermost events, by kind and function (name and line in content.js). */
function byFunction(events: readonly TraceEvent[], script: string): Map<string, number> {
  const totals = new Map<string, number>();
  for (const e of outermostOfScript(events, script).ours) {
    const data = (e.args?.data ?? {}) as { functionName?: string; lineNumber?: number };
    const key = `${e.name} ${data.functionName || '(anonymous)'}:${data.lineNumber ?? '?'}`;
    totals.set(key, (totals.get(key) ?? 0) + (e.tdur ?? e.dur!) / 1000);
  }
  return totals;
}

/** Self time per function of content.js in a CPU profile. */
function selfTime(profile: CpuProfile, script: string): Map<string, number> {
  const ms = new Map<number, number>();
  profile.samples.forEach((id, i) => ms.set(id, (ms.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000));
  const totals = new Map<string, number>();
  for (const node of profile.nodes) {
    if (node.callFrame.url !== script) continue;
    const key = `${node.callFrame.functionName || '(anonymous)'}:${node.callFrame.lineNumber + 1}`;
    totals.set(key, (totals.get(key) ?? 0) + (ms.get(node.id) ?? 0));
  }
  return totals;
}

async function oneRun(dir: string, r: number): Promise<DiscoveryRun> {
  const browser = await launch(dir);
  try {
    await call(browser.worker, 'test.installModels', {});
    const site = await discoverySite(browser, images, !values.verdicts);
    try {
      // Held back, each run needs new URLs (the verdicts of the last run's images would be cached).
      const path = values.verdicts ? '/page.html' : `/page-${r % 10}.html`;
      const run = await traceDiscovery(browser, site, images, { path, keepEvents: true, profile: values.profile });
      const script = `chrome-extension://${browser.extensionId}/content.js`;
      const per1000 = (ms: number) => ((ms * 1000) / images).toFixed(1);
      const longest = [...run.taskMs].sort((a, b) => b - a).slice(0, 3);
      console.log(
        `${dir} run ${r + 1}: ${per1000(run.taskMs.reduce((a, b) => a + b, 0))} ms per 1000 (thread time ${per1000(run.threadMs)}), ${run.taskMs.length} tasks, longest ${longest.map((t) => t.toFixed(1)).join(' / ')} ms, wall ${run.wallMs.toFixed(0)} ms`,
      );
      console.log(`  thread time by function:\n${top(byFunction(run.events ?? [], script), 8)}`);
      if (run.cpuProfile) console.log(`  CPU profile, self time:\n${top(selfTime(run.cpuProfile, script), 20)}`);
      return run;
    } finally {
      await site.close();
    }
  } finally {
    await browser.close();
  }
}

const dirs = values.builds.split(',');
const results = new Map<string, DiscoveryRun[]>(dirs.map((d) => [d, []]));
for (let r = 0; r < runs; r++) for (const dir of dirs) results.get(dir)!.push(await oneRun(dir, r));
for (const [dir, list] of results) {
  const per1000 = (f: (run: DiscoveryRun) => number) => median(list.map((run) => (f(run) * 1000) / run.images)).toFixed(1);
  console.log(`${dir}: median ${per1000((run) => run.taskMs.reduce((a, b) => a + b, 0))} ms per 1000, thread time ${per1000((run) => run.threadMs)}`);
}
