#!/usr/bin/env node
// Bundles the CLI (dist/sidecar-lint.js), the language server (dist/sidecar-lint-lsp.js) and the library
// (dist/index.js) with everything they import: Node resolves and loads a few files instead of some two hundred
// modules, which halves start-up (a pre-commit hook starts on every commit). The three are built together, so what
// they share (the engine, the rules, the reader) is one chunk, dist/chunk-<hash>.js, not three copies. The
// precompiled schema validators stay files of their own, loaded when an object of their group is met. Options
// (minified, among others) in esbuild-options.mjs.
import { chmodSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { ESM_BUNDLE, VENDORED } from './esbuild-options.mjs';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
// Chunks of an earlier build are named by their content: removed, so that only this build's remain.
for (const stale of readdirSync(dist).filter((name) => /^chunk-.*\.js$/.test(name))) rmSync(path.join(dist, stale));
await build({
  ...ESM_BUNDLE,
  entryPoints: {
    'sidecar-lint': path.join(root, 'src', 'cli', 'cli.ts'),
    'sidecar-lint-lsp': path.join(root, 'src', 'lsp', 'main.ts'),
    index: path.join(root, 'src', 'index.ts'),
  },
  outdir: dist,
  splitting: true,
  // Beside the entries: src/libraries/lazy.ts finds dist/vendor/ relative to the module it is bundled in.
  chunkNames: 'chunk-[hash]',
});
for (const executable of ['sidecar-lint.js', 'sidecar-lint-lsp.js']) chmodSync(path.join(dist, executable), 0o755);
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
