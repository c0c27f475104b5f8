import { createRequire } from 'node:module';
import type AjvModule from 'ajv';
import type * as GlobModule from 'glob';
import type JsYamlModule from 'js-yaml';
import type * as Re2Module from 're2js';
import type * as YamlModule from 'yaml';

/*
 * Libraries most runs never call, loaded the first time they are: js-yaml (files the block reader leaves to it),
 * `yaml` (files js-yaml cannot read, Helm templates, fixes, config files), `ajv` (config files, custom resources),
 * `re2js` (CRD patterns) and `glob` (an argument that names no file: a pattern; pre-commit passes file names). Together they were 60% of the CLI's minified bundle
 * (783 KB before, 308 KB after), and V8 reads a bundle whole before it runs it: so in dist/ each is a bundle of its own, dist/vendor/<name>.cjs
 * (scripts/bundle.mjs), and a run that needs none of them starts without reading them.
 * From the sources (tests, scripts/dev-run.mjs) they come from node_modules as usual.
 */

/** Set by the bundler to the folder of the vendored bundles, relative to the bundle (esbuild-options.mjs). */
declare const SIDECAR_LINT_VENDOR: string | undefined;

const requireHere = createRequire(import.meta.url);

function load<T>(name: string): T {
  return requireHere(typeof SIDECAR_LINT_VENDOR === 'string' ? `${SIDECAR_LINT_VENDOR}${name}.cjs` : name) as T;
}

/** A loader of the library `name`, which requires it on its first call and hands the same module after. */
function onFirstCall<T>(name: string): () => T {
  let module: T | undefined;
  return () => (module ??= load<T>(name));
}

/** The js-yaml package. */
export const jsYamlLibrary = onFirstCall<typeof JsYamlModule>('js-yaml');

/** The `yaml` package. */
export const yamlLibrary = onFirstCall<typeof YamlModule>('yaml');

const ajvModule = onFirstCall<typeof AjvModule>('ajv');

/** ajv's class (its CommonJS module's default export). */
export function ajvClass(): typeof AjvModule.default {
  return ajvModule().default;
}

/** The `re2js` package. */
export const re2Library = onFirstCall<typeof Re2Module>('re2js');

/** The `glob` package. */
export const globLibrary = onFirstCall<typeof GlobModule>('glob');
