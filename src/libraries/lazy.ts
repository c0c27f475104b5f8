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

let jsYaml: typeof JsYamlModule | undefined;
let yaml: typeof YamlModule | undefined;
let ajv: typeof AjvModule.default | undefined;
let re2: typeof Re2Module | undefined;
let glob: typeof GlobModule | undefined;

/** The js-yaml package. */
export function jsYamlLibrary(): typeof JsYamlModule {
  jsYaml ??= load<typeof JsYamlModule>('js-yaml');
  return jsYaml;
}

/** The `yaml` package. */
export function yamlLibrary(): typeof YamlModule {
  yaml ??= load<typeof YamlModule>('yaml');
  return yaml;
}

/** ajv's class (its CommonJS module's default export). */
export function ajvClass(): typeof AjvModule.default {
  ajv ??= load<typeof AjvModule>('ajv').default;
  return ajv;
}

/** The `re2js` package. */
export function re2Library(): typeof Re2Module {
  re2 ??= load<typeof Re2Module>('re2js');
  return re2;
}

/** The `glob` package. */
export function globLibrary(): typeof GlobModule {
  glob ??= load<typeof GlobModule>('glob');
  return glob;
}
