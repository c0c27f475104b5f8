#!/usr/bin/env node
// Bundles the CLI and everything it imports into one file, dist/sidecar-lint.js: Node resolves and loads one
// module instead of some two hundred, which halves start-up (a pre-commit hook starts on every commit).
// The precompiled schema validators stay a separate file, loaded only when an object is validated. Options (minified,
// among others) in esbuild-options.mjs.
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { ESM_BUNDLE, VENDORED } from './esbuild-options.mjs';

const root = path.resolve(import.meta.dirname, '..');
const outfile = path.join(root, 'dist', 'sidecar-lint.js');
await build({ ...ESM_BUNDLE, entryPoints: [path.join(root, 'src', 'cli', 'cli.ts')], outfile });
chmodSync(outfile, 0o755);
// The language server (`sidecar-lint-lsp`, over stdio), bundled the same way, so an editor starts one file too.
const lspOutfile = path.join(root, 'dist', 'sidecar-lint-lsp.js');
await build({ ...ESM_BUNDLE, entryPoints: [path.join(root, 'src', 'lsp', 'main.ts')], outfile: lspOutfile });
chmodSync(lspOutfile, 0o755);
// The library (`import { lintFiles } from 'sidecar-lint'`), bundled the same way; its types come from tsc.
await build({ ...ESM_BUNDLE, entryPoints: [path.join(root, 'src', 'index.ts')], outfile: path.join(root, 'dist', 'index.js') });
// The libraries most runs never call, each a CommonJS bundle of its own that src/libraries/lazy.ts loads on first call.
for (const name of VENDORED) {
  await build({
    stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: root, loader: 'js' },
    outfile: path.join(root, 'dist', 'vendor', `${name}.cjs`),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}
