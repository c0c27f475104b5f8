#!/usr/bin/env node
// Precompiles the built-in Kubernetes schemas (schemas/kubernetes.json) into one CommonJS module of ajv
// standalone validators, dist/schemas/kubernetes-validators.cjs, one export per apiVersion/kind. Loading it
// takes a fraction of the time ajv needs to compile a Pod schema at run time. Run by `npm run build`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { KUBERNETES_AJV_OPTIONS } from '../dist/src/schemas/ajv-options.js';

const Ajv = AjvModule.default;
const standaloneCode = standaloneModule.default;
const root = path.resolve(import.meta.dirname, '..');
const schemas = JSON.parse(readFileSync(path.join(root, 'schemas', 'kubernetes.json'), 'utf8'));

const ajv = new Ajv({ ...KUBERNETES_AJV_OPTIONS, code: { ...KUBERNETES_AJV_OPTIONS.code, source: true, esm: false } });
ajv.addSchema({ $id: 'kubernetes', definitions: schemas.definitions });
const exports = Object.fromEntries(Object.entries(schemas.kinds).map(([key, definition]) => [key, `kubernetes#/definitions/${definition}`]));
const target = path.join(root, 'dist', 'schemas', 'kubernetes-validators.cjs');
mkdirSync(path.dirname(target), { recursive: true });
writeFileSync(target, standaloneCode(ajv, exports));
