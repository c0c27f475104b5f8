#!/usr/bin/env node
// Precompiles the built-in Kubernetes schemas (schemas/kubernetes.json) into CommonJS modules of ajv
// standalone validators, dist/schemas/kubernetes-validators-<group>.cjs, one export per apiVersion/kind, with the few
// ajv runtime helpers it calls bundled in, so it needs no node_modules. Loading it takes a fraction of the
// time ajv needs to compile a Pod schema at run time. Run by `npm run build`.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import path from 'node:path';
import AjvModule, { _ } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { BUILT_IN_AJV_OPTIONS } from '../dist/src/schemas/ajv-options.js';
import { validatorGroupOf } from '../dist/src/schemas/validator-groups.js';

const Ajv = AjvModule.default;
const standaloneCode = standaloneModule.default;
const root = path.resolve(import.meta.dirname, '..');
const schemas = JSON.parse(readFileSync(path.join(root, 'schemas', 'kubernetes.json'), 'utf8'));

// The formats' functions are code, not data: the standalone validators require them from the module that
// defines them, which esbuild bundles in below.
const formatsModule = path.join(root, 'dist', 'src', 'schemas', 'ajv-options.js');
const ajv = new Ajv({
  ...BUILT_IN_AJV_OPTIONS,
  code: { ...BUILT_IN_AJV_OPTIONS.code, source: true, esm: false, formats: _`require(${formatsModule}).DECODED_FORMATS` },
});
ajv.addSchema({ $id: 'kubernetes', definitions: schemas.definitions });
// What every run reads of the schemas, the kinds and the release, in a file of its own: the definitions are read
// only for custom resources (src/schemas/schema-registry.ts).
mkdirSync(path.join(root, 'dist', 'schemas'), { recursive: true });
writeFileSync(
  path.join(root, 'dist', 'schemas', 'kubernetes-kinds.json'),
  `${JSON.stringify({ kubernetesVersion: schemas.kubernetesVersion, kinds: schemas.kinds })}\n`,
);
// One module per group of kinds (validator-groups.ts: the workloads, then each API group), so that a run loads the
// validators of the groups it meets. Modules of groups that are no more are removed first.
for (const stale of readdirSync(path.join(root, 'dist', 'schemas')).filter((name) => /^kubernetes-validators-.*\.cjs$/.test(name))) {
  rmSync(path.join(root, 'dist', 'schemas', stale));
}
for (const group of new Set(Object.keys(schemas.kinds).map(validatorGroupOf))) {
  const kinds = Object.entries(schemas.kinds).filter(([key]) => (validatorGroupOf(key) === group));
  const exports = Object.fromEntries(kinds.map(([key, definition]) => [key, `kubernetes#/definitions/${definition}`]));
  const target = path.join(root, 'dist', 'schemas', `kubernetes-validators-${group}.cjs`);
  const unbundled = path.join(root, 'dist', `validators-${group}-unbundled.cjs`);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(unbundled, standaloneCode(ajv, exports));
  // Generated code nobody reads: minified, it is half the size and loads faster.
  await build({ entryPoints: [unbundled], outfile: target, bundle: true, minify: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  rmSync(unbundled);
}
