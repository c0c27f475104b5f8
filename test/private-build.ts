import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { ESM_BUNDLE } from '../scripts/esbuild-options.mjs';
import { ROOT } from './cli-runner.js';

/**
 * The CLI built from the sources as they are now, laid out as a package (or the Action's checkout) holds it, in a
 * private folder under the system's temporary folder: dist/sidecar-lint.js bundled as scripts/bundle.mjs bundles it,
 * beside package.json, and links to what the bundle reads at run time (rules/*.md, schemas/, the precompiled
 * validators in dist/schemas/, the lazily loaded libraries in dist/vendor/). For tests of the built binary's own
 * wiring (the environment it reads) and of the Action's steps, without `npm run build`, which rewrites the dist/
 * other runs use.
 */
export interface PrivateBuild {
  /** The package's root: what GITHUB_ACTION_PATH is for the Action. */
  root: string;
  /** dist/sidecar-lint.js in it. */
  cli: string;
  remove(): void;
}

/**
 * Bundles a source file (relative to the package, or absolute) as the build does, into `outfile`. The libraries
 * dist/ vendors (src/libraries/lazy.ts) are loaded from dist/vendor/ beside the bundle when `vendored` (the bundle's
 * folder must have one), else from node_modules (the bundle must lie inside the package).
 */
export async function bundleSource(entry: string, outfile: string, vendored = false): Promise<void> {
  await build({ ...ESM_BUNDLE, ...(vendored ? {} : { define: {} }), entryPoints: [path.resolve(ROOT, entry)], outfile });
}

export async function buildPrivateCli(): Promise<PrivateBuild> {
  const root = mkdtempSync(path.join(tmpdir(), 'sidecar-lint-private-build-'));
  mkdirSync(path.join(root, 'dist'));
  copyFileSync(path.join(ROOT, 'package.json'), path.join(root, 'package.json'));
  for (const linked of ['rules', 'schemas', path.join('dist', 'schemas'), path.join('dist', 'vendor')]) symlinkSync(path.join(ROOT, linked), path.join(root, linked));
  const cli = path.join(root, 'dist', 'sidecar-lint.js');
  await bundleSource('src/cli/cli.ts', cli, true);
  return { root, cli, remove: () => rmSync(root, { recursive: true, force: true }) };
}
