// Bundles the command line with esbuild. Type-checking is separate (`npm run typecheck`).
import { build } from 'esbuild';

await build({
  entryPoints: { originlens: 'src/cli/originlens.ts' },
  outdir: 'dist/cli',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // The runtimes load native code and .wasm files from their own package folders.
  external: ['onnxruntime-node', 'onnxruntime-web', '@jsquash/webp'],
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
