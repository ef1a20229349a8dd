// What the tests drive comes from Debian's packages, never a test tool's download or pip: Chromium, Firefox
// ESR, and Python with torch and scikit-learn for the PyTorch comparisons. This makes sure a package set is
// there: installed with apt-get when missing and allowed (root on a machine with apt), otherwise a message
// that says what to install. The build/ensure-*.ts scripts all use it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface DebianNeed {
  /** What is needed, in messages: "Chromium at /usr/bin/chromium". */
  what: string;
  /** The Debian packages that provide it. */
  packages: readonly string[];
  /** Whether it is there already (checked again after installing). */
  present(): boolean;
}

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

/** True when `need` is there, installing its packages first where this may; otherwise says why on stderr. */
export function ensureDebianPackages(need: DebianNeed): boolean {
  if (need.present()) return true;
  const list = need.packages.join(' ');
  // ORIGINLENS_NO_APT=1: the person installs system packages themselves; nothing is installed here.
  if (process.env.ORIGINLENS_NO_APT === '1' || process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    process.stderr.write(`The tests need ${need.what}, which is missing.\nInstall it (Debian/Ubuntu: \`sudo apt-get install ${list}\`) and run the tests again.\n`);
    return false;
  }
  process.stdout.write(`Installing ${list} (${need.what} is missing)\n`);
  if (!run('apt-get', ['update', '-qq']) || !run('apt-get', ['install', '-y', '-qq', ...need.packages]) || !need.present()) {
    process.stderr.write(`Installing ${list} with apt-get failed; install it and run the tests again.\n`);
    return false;
  }
  return true;
}

/** Installs `program`'s package when its program is missing; exits the process with a reason when it cannot. */
export function ensureDebianProgram(program: DebianProgram): void {
  const present = () => existsSync(program.path);
  if (!ensureDebianPackages({ what: `${program.name} at ${program.path}`, packages: [program.pkg], present })) process.exit(1);
}
