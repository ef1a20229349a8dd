// Firefox stops an idle background page (an event page) after extensions.background.idle.timeout, 30 s by
// default, and counts only extension events and extension API calls as activity; a pending message reply
// buys one more period, no more. On Firefox the background page is the engine host, so a job that runs
// longer than that with no event meanwhile (a batch of a large encoder, its first load, a retraining) was
// cut off mid-job: the caller got "Receiving end does not exist" and the work was lost. While work is in
// flight, an API call that Firefox's parent process answers now and then counts as activity; with nothing
// in flight nothing is called, so an idle page is still suspended as Firefox intends.
import { browser } from '../shared/browser-api';

/**
 * Between calls: far under Firefox's 30 s, and under the 1 s the suspension tests set; one call costs
 * a message to the parent process, nothing beside an encoder run.
 */
const ACTIVITY_MS = 400;

let inFlight = 0;
let timer: ReturnType<typeof setInterval> | undefined;

/** Runs `work`, keeping the background page awake until it settles. */
export async function keepAwake<T>(work: () => Promise<T>): Promise<T> {
  if (inFlight++ === 0) timer = setInterval(() => void browser.runtime.getPlatformInfo().catch(() => undefined), ACTIVITY_MS);
  try {
    return await work();
  } finally {
    if (--inFlight === 0) clearInterval(timer);
  }
}
