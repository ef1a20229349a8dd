// The committed fixtures under test/fixtures/provenance/made/ are what build/make-provenance-fixtures.ts
// makes, so that each one's expectations in the tests follow from a script a reader can check.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MADE_DIR, makeFixtures } from '../build/make-provenance-fixtures';

test('the made provenance fixtures are the script\'s output, byte for byte', async () => {
  const files = await makeFixtures();
  assert.deepEqual(readdirSync(MADE_DIR).sort(), Object.keys(files).sort());
  for (const [name, bytes] of Object.entries(files)) {
    assert.ok(Buffer.from(bytes).equals(readFileSync(join(MADE_DIR, name))), `${name} differs: run npx tsx build/make-provenance-fixtures.ts`);
  }
});
