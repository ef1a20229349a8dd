// Every command's --help describes the command and every option it parses (with its default), and the
// README's command-line section names every option of every command, and no option that does not exist.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as attribute from '../src/cli/commands/attribute';
import * as inspect from '../src/cli/commands/inspect';
import * as metrics from '../src/cli/commands/metrics';
import * as train from '../src/cli/commands/train';
import { originlens } from './support/cli';

const WITH_OPTIONS = { attribute, train, metrics, inspect } as const;
const COMMANDS = ['attribute', 'train', 'metrics', 'inspect', 'models', 'heads'];

test('originlens --help lists every command with what it does, and the exit codes', async () => {
  const run = await originlens(['--help']);
  assert.equal(run.code, 0);
  for (const name of COMMANDS) assert.match(run.stdout, new RegExp(`^  ${name} +\\S.{20,}$`, 'm'), name);
  assert.match(run.stdout, /Exit codes: 0 done; 1 done, but some images gave errors .*; 2 a mistake in the command; 70 an internal failure/);
});

for (const name of COMMANDS) {
  test(`originlens ${name} --help: exit 0, no stack trace, every option described`, async () => {
    for (const flag of ['--help', '-h']) {
      const run = await originlens([name, flag]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, '');
      assert.match(run.stdout, /Usage/);
    }
    const module = WITH_OPTIONS[name as keyof typeof WITH_OPTIONS];
    if (!module) return;
    const { stdout } = await originlens([name, '--help']);
    for (const [option, spec] of Object.entries(module.options)) {
      assert.match(stdout, new RegExp(`--${option}\\b`), `${name} --help names --${option}`);
      if (!('help' in module)) {
        const line = stdout.split('\n').find((l) => l.startsWith(`  --${option} `)) ?? '';
        assert.ok(line.replace(`--${option}`, '').trim().length > 10, `${name} --help says what --${option} does: "${line}"`);
        const fallback = 'default' in spec ? spec.default : undefined;
        if (fallback !== undefined && fallback !== false) assert.match(line, new RegExp(`default: ${String(fallback)}`), `${name} --${option} gives its default`);
      }
    }
  });
}

test('the README names every option of every command, and none that does not exist', () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## The command line'), readme.indexOf('## The extension'));
  const known = new Set<string>(['help', 'version']);
  for (const [name, module] of Object.entries(WITH_OPTIONS)) {
    for (const option of Object.keys(module.options)) {
      known.add(option);
      assert.match(section, new RegExp(`--${option}\\b`), `the README's command-line section names ${name} --${option}`);
    }
  }
  // Sub-commands with their own help (models, heads): their options are those their help names.
  for (const help of [readFileSync('src/cli/commands/models.ts', 'utf8'), readFileSync('src/cli/commands/heads.ts', 'utf8')]) {
    for (const m of help.matchAll(/--([a-z_]+)/g)) known.add(m[1]!);
  }
  const named = [...section.matchAll(/(?<![\w-])--([a-z][a-z_]*)/g)].map((m) => m[1]!);
  const unknown = named.filter((o) => !known.has(o));
  assert.deepEqual([...new Set(unknown)], [], 'options the README names that no command has');
});
