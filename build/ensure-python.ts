// Tests that compare with PyTorch (reference encoders, checkpoints) need Debian's Python with torch and
// scikit-learn. This makes sure they are there: installed with apt-get when missing and allowed (root),
// otherwise a clear message. Nothing is fetched with pip: only Debian's packages, as for Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PYTHON = '/usr/bin/python3';
const PACKAGES = ['python3-torch', 'python3-sklearn', 'python3-numpy', 'python3-pil'];

function hasModules(): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', 'import torch, sklearn, numpy, PIL'], { stdio: 'ignore' }).status === 0;
}

function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

/** True when Debian's Python has torch and scikit-learn, installing them first where this may. */
export function ensurePython(): boolean {
  if (hasModules()) return true;
  const root = process.getuid?.() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    process.stderr.write(
      `Tests that compare with PyTorch need ${PYTHON} with torch and scikit-learn, which are missing.\n` +
        `Install them (Debian/Ubuntu: \`sudo apt-get install ${PACKAGES.join(' ')}\`) and run the tests again.\n`,
    );
    return false;
  }
  process.stdout.write(`Installing ${PACKAGES.join(', ')} (missing from ${PYTHON})\n`);
  if (!run('apt-get', ['update', '-qq']) || !run('apt-get', ['install', '-y', '-qq', ...PACKAGES]) || !hasModules()) {
    process.stderr.write(`Installing ${PACKAGES.join(' ')} with apt-get failed; install them and run the tests again.\n`);
    return false;
  }
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(ensurePython() ? 0 : 1);
