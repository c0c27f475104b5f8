#!/usr/bin/env node
// Bundles the CLI and everything it imports into one file, dist/sidecar-lint.js: Node resolves and loads one
// module instead of some two hundred, which halves start-up (a pre-commit hook starts on every commit).
// The precompiled schema validators stay a separate file, loaded only when an object is validated.
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const outfile = path.join(root, 'dist', 'sidecar-lint.js');
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  // Bundled CommonJS dependencies call require(); in an ES module it has to be made.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
};
await build({ ...common, entryPoints: [path.join(root, 'src', 'cli', 'cli.ts')], outfile });
chmodSync(outfile, 0o755);
// The language server (`sidecar-lint-lsp`, over stdio), bundled the same way, so an editor starts one file too.
const lspOutfile = path.join(root, 'dist', 'sidecar-lint-lsp.js');
await build({ ...common, entryPoints: [path.join(root, 'src', 'lsp', 'main.ts')], outfile: lspOutfile });
chmodSync(lspOutfile, 0o755);
// The library (`import { lintFiles } from 'sidecar-lint'`), bundled the same way; its types come from tsc.
await build({ ...common, entryPoints: [path.join(root, 'src', 'index.ts')], outfile: path.join(root, 'dist', 'index.js') });
