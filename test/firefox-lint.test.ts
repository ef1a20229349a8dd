// The Firefox build passes `web-ext lint` (Mozilla's addons-linter, which runs offline). Warnings remain
// only inside bundled libraries, on paths the extension never takes: in onnxruntime-web's Emscripten glue,
// embind's `new Function` method callers (emval; the extension CSP forbids eval anyway) and a dynamic
// import() of a runtime module from a URL (the extension bundles the runtime instead); in Preact, the
// innerHTML assignment behind dangerouslySetInnerHTML, which no component of ours uses (checked below).
// Anything else, or any of those in another file, fails the test.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

interface Message {
  code: string;
  file?: string;
  message: string;
}

// The package exports no path to its command; node_modules/.bin is how npm scripts reach it too.
const BIN = 'node_modules/web-ext/bin/web-ext.js';
// Preact's innerHTML path is in every page bundle: popup, options, the enrolment page and the welcome page.
const KNOWN_WARNINGS = [
  'DANGEROUS_EVAL background.js',
  'UNSAFE_VAR_ASSIGNMENT background.js',
  'UNSAFE_VAR_ASSIGNMENT enrol.js',
  'UNSAFE_VAR_ASSIGNMENT options.js',
  'UNSAFE_VAR_ASSIGNMENT popup.js',
  'UNSAFE_VAR_ASSIGNMENT welcome.js',
];

test('web-ext lint of dist/firefox: no errors, no notices, only the known warnings from bundled libraries', () => {
  const run = spawnSync(process.execPath, [BIN, 'lint', '--source-dir', 'dist/firefox', '--no-config-discovery', '--output', 'json'], {
    encoding: 'utf8',
    env: { ...process.env, NO_UPDATE_NOTIFIER: '1' },
  });
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { errors: Message[]; warnings: Message[]; notices: Message[] };
  const show = (list: Message[]) => list.map((m) => `${m.code} ${m.file ?? ''}: ${m.message}`).join('\n');
  assert.deepEqual(report.errors, [], show(report.errors));
  assert.deepEqual(report.notices, [], show(report.notices));
  assert.deepEqual(report.warnings.map((w) => `${w.code} ${w.file}`).sort(), KNOWN_WARNINGS, show(report.warnings));
});

test("Preact's innerHTML path stays unused: no component sets dangerouslySetInnerHTML", () => {
  const found = readdirSync('src', { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .filter((e) => readFileSync(join(e.parentPath, e.name), 'utf8').includes('dangerouslySetInnerHTML'));
  assert.deepEqual(found.map((e) => e.name), []);
});
