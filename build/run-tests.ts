// Runs every test with Node's own test runner: unit tests beside the code (src/**/*.test.ts) and
// integration tests in test/. Node 20's `--test` takes no globs, hence this list.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function testsUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : [...testsUnder('src'), ...testsUnder('test')];
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
