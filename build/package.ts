// `npm run package`: one zip per browser from the builds in dist/ (run `npm run build` first; the npm
// script does), as the stores take them: dist/packages/originlens-<browser>-<version>.zip. The zips are
// reproducible: entries in name order, one fixed date, the same compression, so the same build gives the
// same bytes and a reviewer can check a submitted package against a build of the tagged source. Source
// maps stay out (they name build paths and are not needed to run).
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { zipSync, type Zippable } from 'fflate';

export const PACKAGED = ['chrome', 'firefox'] as const;
export const PACKAGE_DIR = 'dist/packages';
/**
 * Zip dates are local calendar times (MS-DOS) and fflate reads a Date's local fields: made from local
 * fields in the zone in force when packaging, the date is the same in every zone.
 */
const fixedDate = () => new Date(1980, 0, 1, 0, 0, 0);

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && !e.name.endsWith('.map'))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/** The store zip of the extension built in `dir`. */
export async function packageExtension(dir: string): Promise<Uint8Array> {
  const files: Zippable = {};
  for (const name of await filesUnder(dir)) files[name] = new Uint8Array(await readFile(join(dir, name)));
  return zipSync(files, { level: 9, mtime: fixedDate() });
}

async function main(): Promise<void> {
  await mkdir(PACKAGE_DIR, { recursive: true });
  for (const browser of PACKAGED) {
    const dir = join('dist', browser);
    const { version } = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { version: string };
    const out = join(PACKAGE_DIR, `originlens-${browser}-${version}.zip`);
    const zip = await packageExtension(dir);
    await writeFile(out, zip);
    process.stdout.write(`${out}: ${(zip.byteLength / 1e6).toFixed(1)} MB\n`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
