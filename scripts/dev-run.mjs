#!/usr/bin/env node
// Runs the CLI from the sources as they are now, without touching dist/: bundles src/cli/cli.ts into a private
// folder under .tmp/ (inside the package, so it finds package.json, the rule docs and the precompiled
// validators) and runs it with the given arguments. For development: `node scripts/dev-run.mjs ../shared/corpus`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { ESM_BUNDLE } from './esbuild-options.mjs';

const root = path.resolve(import.meta.dirname, '..');
const folder = path.join(root, '.tmp', `dev-run-${process.pid}`);
mkdirSync(folder, { recursive: true });
const outfile = path.join(folder, 'cli.mjs');
try {
  await build({
    entryPoints: [path.join(root, 'src', 'cli', 'cli.ts')],
    outfile,
    ...ESM_BUNDLE,
    // Readable stack traces: dev-run is for debugging. The lazily loaded libraries come from node_modules.
    minify: false,
    define: {},
  });
  const run = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = run.status ?? 2;
} finally {
  rmSync(folder, { recursive: true, force: true });
}
