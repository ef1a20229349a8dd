// The extension's own pages (popup, options): Preact with esbuild's automatic JSX runtime, one bundle,
// one HTML file and one shared stylesheet each. The same files serve Chrome and Firefox.
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';

export const PAGES = ['popup', 'options', 'enrol', 'welcome'] as const;

export async function buildPages(common: BuildOptions, outdir: string): Promise<void> {
  await build({
    ...common,
    entryPoints: Object.fromEntries(PAGES.map((p) => [p, `src/extension/${p}/main.tsx`])),
    outdir,
    format: 'esm',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    // The registry is read from models/registry.json at build time: pages fetch nothing to know it.
    loader: { '.json': 'json' },
  });
  for (const page of PAGES) await copyFile(`src/extension/${page}/${page}.html`, join(outdir, `${page}.html`));
  await copyFile('src/extension/ui/pages.css', join(outdir, 'pages.css'));
}
