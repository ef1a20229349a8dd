// Finds the package's own folder (for models/registry.json and models/test/) from wherever this code
// runs: src/node/ under tsx, or dist/cli/originlens.mjs once bundled. Both sit below the folder whose
// package.json is named "originlens", so walking up works for both without knowing the layout.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'originlens';
let found: string | undefined;

function isPackageRoot(dir: string): boolean {
  try {
    const pkg: unknown = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return typeof pkg === 'object' && pkg !== null && (pkg as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/** Walks up from `from` (a file: URL or a path) to the folder holding originlens's package.json. */
export function findPackageRoot(from: string = import.meta.url): string {
  if (from === import.meta.url && found !== undefined) return found;
  let dir = dirname(from.startsWith('file:') ? fileURLToPath(from) : from);
  for (;;) {
    if (isPackageRoot(dir)) {
      if (from === import.meta.url) found = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package folder above ${from}`);
    dir = parent;
  }
}
