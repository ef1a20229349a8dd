// Test builds only (background/handlers/index.ts registers it behind TEST_BUILD, so other bundles do not
// contain it): installs the committed test encoder and the test head the build ships beside it, as if
// the person had installed them, and makes that head the active one.
import { parseModelEntry } from '../../../engine/models/registry';
import { browser } from '../../shared/browser-api';
import type { Handler } from '../../shared/dispatcher';
import { installEncoder, installHead } from '../../shared/model-store';
import { changeSettings } from '../storage';

async function fetchOwn(path: string): Promise<Response> {
  const response = await fetch(browser.runtime.getURL(`test-models/${path}`));
  if (!response.ok) throw new Error(`test-models/${path}: ${response.status}`);
  return response;
}

export const testInstallModels: Handler<'background', 'test.installModels'> = async () => {
  const entry = parseModelEntry(await (await fetchOwn('clip-tiny.json')).json(), 'clip-tiny.json');
  await installEncoder(entry, new Uint8Array(await (await fetchOwn(entry.file)).arrayBuffer()));
  const head = await installHead(await (await fetchOwn('test-head.json')).json(), 'test-head.json');
  await changeSettings({ headId: head.pack.id });
  return { encoder: entry.id, head: head.pack.id };
};
