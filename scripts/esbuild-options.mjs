// The esbuild options every bundle of the CLI, the language server and the library is built with: by
// scripts/bundle.mjs for dist/, and by scripts/dev-run.mjs and the tests for bundles of the current sources, so
// that what is tested is built as what is shipped.
export const ESM_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  // Minified, a bundle is half the size, and V8 reads the whole of it before it runs: start-up drops by about a
  // tenth (a pre-commit hook starts on every commit). For debugging, run the sources: scripts/dev-run.mjs.
  minify: true,
  // Bundled CommonJS dependencies call require(); in an ES module it has to be made.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // Where the libraries loaded on first call are (src/libraries/lazy.ts): dist/vendor/, beside the bundles.
  define: { SIDECAR_LINT_VENDOR: JSON.stringify('./vendor/') },
  logLevel: 'warning',
};

/** The libraries src/libraries/lazy.ts loads on first call, each bundled on its own into dist/vendor/<name>.cjs. */
export const VENDORED = ['js-yaml', 'yaml', 'ajv', 're2js', 'glob'];
