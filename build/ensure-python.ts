// Tests that compare with PyTorch (reference encoders, checkpoints, published heads) need Debian's Python
// with torch and scikit-learn, installed like the browsers (see build/debian-package.ts).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from './debian-package';

export const PYTHON = '/usr/bin/python3';

function hasModules(): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', 'import torch, sklearn, numpy, PIL'], { stdio: 'ignore' }).status === 0;
}

/** True when Debian's Python has torch and scikit-learn, installing them first where this may. */
export function ensurePython(): boolean {
  return ensureDebianPackages({
    what: `${PYTHON} with torch, scikit-learn, numpy and Pillow`,
    packages: ['python3-torch', 'python3-sklearn', 'python3-numpy', 'python3-pil'],
    present: hasModules,
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(ensurePython() ? 0 : 1);
