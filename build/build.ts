// Bundles the command line and the extension with esbuild. Type-checking is separate (`npm run typecheck`).
// `tsx build/build.ts` builds the command line, dist/chrome and dist/firefox; with `--test` it builds
// dist/chrome-test and dist/firefox-test, the extensions with the test-only model installer, instead.
import { build } from 'esbuild';
import { buildExtension } from './extension';

if (process.argv.includes('--test')) {
  await buildExtension({ browser: 'chrome', test: true, outdir: 'dist/chrome-test' });
  await buildExtension({ browser: 'firefox', test: true, outdir: 'dist/firefox-test' });
} else {
  await build({
    // The decoding pool's worker is a script of its own beside the command line (src/node/decode-pool.ts).
    entryPoints: { originlens: 'src/cli/originlens.ts', 'decode-worker': 'src/node/decode-worker.ts' },
    outdir: 'dist/cli',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    // The runtimes load native code and .wasm files from their own package folders.
    external: ['onnxruntime-node', 'onnxruntime-web', '@jsquash/webp', '@jsquash/jpeg'],
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'warning',
  });
  await buildExtension({ browser: 'chrome', test: false, outdir: 'dist/chrome' });
  await buildExtension({ browser: 'firefox', test: false, outdir: 'dist/firefox' });
}
