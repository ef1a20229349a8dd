// Storage full, told in the options page: the test build's engine host makes cache writes fail with
// QuotaExceededError on demand (engine-host/test-quota.ts); the options page then says so, with what the
// person can do, until dismissed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openOptions, screenshot } from './support/pages';
import { type ModelsAndTab, startWithModelsAndTab } from './support/models-and-tab';

describe('storage full, in the options page', { timeout: 120_000 }, () => {
  let session: ModelsAndTab;
  before(async () => {
    session = await startWithModelsAndTab();
  });
  after(() => session?.close());

  const attribute = (path: string) => session.attribute(path);
  const note = '[data-testid="options-storage-note"]';

  test('nothing is said while there is room', async () => {
    assert.notEqual((await attribute('/img/smooth-90.png')).verdict.kind, 'error');
    const options = await openOptions(session.browser);
    assert.equal(await options.locator(note).count(), 0);
    await options.close();
  });

  test('a full store: the options page says so and what can be done, until dismissed', async (t) => {
    const options = await openOptions(session.browser);
    // Extension pages share localStorage with the engine host's document, where the switch is read.
    await options.evaluate(() => localStorage.setItem('originlens.test.failWrites', '1000'));
    const record = await attribute('/img/blocks-91.png');
    assert.notEqual(record.verdict.kind, 'error', record.verdict.reason);
    await options.evaluate(() => localStorage.setItem('originlens.test.failWrites', '0'));

    await options.reload();
    const banner = options.locator(note);
    await banner.waitFor();
    const text = await banner.innerText();
    assert.match(text, /is full: new verdicts cannot be cached/);
    assert.match(text, /older cached verdicts and features are removed first/, 'the cache evicts itself');
    assert.match(text, /reference sets are never removed/, 'the person data is safe');
    assert.match(text, /clear the cache .*remove an encoder.*free disk space/s, 'what the person can do');
    await screenshot(options, 'options-storage-full.png', t);

    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await options.reload();
    await options.locator('[data-testid="encoders"]').waitFor();
    assert.equal(await options.locator(note).count(), 0, 'dismissed, it stays away');
    await options.close();
  });
});
