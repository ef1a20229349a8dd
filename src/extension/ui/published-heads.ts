// The detectors their authors publish (models/heads.json, read at build time), offered on the welcome
// page and the options page: a head is downloaded here (a few kilobytes), checked against its pin,
// converted by the engine, and handed to the background to store and make active.
import headsJson from '../../../models/heads.json';
import { convertPublishedHead, parsePublishedHeads, type PublishedHead } from '../../engine/head/published-heads';
import { send } from '../shared/messaging';
import type { InstalledHead } from '../shared/protocol';
import { browser } from '../shared/browser-api';

export function knownHeads(): PublishedHead[] {
  const heads = parsePublishedHeads(headsJson, 'models/heads.json');
  if (!__ORIGINLENS_TEST_BUILD__) return heads;
  // Test builds only: the browser tests serve the published files from 127.0.0.1.
  const urls = JSON.parse(localStorage.getItem('originlens.test.headUrls') ?? '{}') as Record<string, string>;
  return heads.map((h) => (urls[h.id] ? { ...h, url: urls[h.id]! } : h));
}

/** Downloads, verifies and converts a published head, stores it and makes it the head verdicts come from. */
export async function installPublishedHead(head: PublishedHead): Promise<InstalledHead> {
  let bytes: Uint8Array;
  try {
    const response = await fetch(head.url, { credentials: 'omit', cache: 'no-store' });
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new Error(`could not download ${head.name} (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const pack = await convertPublishedHead(bytes, head, `OriginLens ${browser.runtime.getManifest().version}`);
  const installed = await send('background', 'heads.import', { pack, source: head.name });
  await send('background', 'settings.update', { headId: installed.id });
  return installed;
}
