// The browser tests drive Debian's own browsers, never a test tool's download. This makes sure a Debian
// package's program is there: installed with apt-get when missing and allowed (root on a machine with
// apt), otherwise a message that says what to install. build/ensure-chromium.ts and
// build/ensure-firefox.ts both use it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface DebianProgram {
  /** The program the tests start, e.g. /usr/bin/chromium. */
  path: string;
  /** The Debian package that provides it. */
  pkg: string;
  /** Its name in messages. */
  name: string;
}

function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

/** Installs `program`'s package when its program is missing; exits the process with a reason when it cannot. */
export function ensureDebianProgram(program: DebianProgram): void {
  if (existsSync(program.path)) return;
  const root = process.getuid?.() === 0;
  const apt = existsSync('/usr/bin/apt-get');
  if (!root || !apt) {
    process.stderr.write(
      `The browser tests need ${program.name} at ${program.path}, which is missing.\n` +
        `Install it (Debian/Ubuntu: \`sudo apt-get install ${program.pkg}\`) and run the tests again.\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`Installing ${program.name} (${program.path} is missing)\n`);
  if (!run('apt-get', ['update', '-qq']) || !run('apt-get', ['install', '-y', '-qq', program.pkg]) || !existsSync(program.path)) {
    process.stderr.write(`Installing ${program.name} with apt-get failed; install the "${program.pkg}" package and run the tests again.\n`);
    process.exit(1);
  }
}
