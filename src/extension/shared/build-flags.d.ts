// Constants esbuild replaces at build time (build/extension.ts `define`), so that test-only code is not
// merely switched off in other builds but absent from their bundles.

/** True only in test builds (`npm run build:test`): test models may be installed and make verdicts. */
declare const __ORIGINLENS_TEST_BUILD__: boolean;
