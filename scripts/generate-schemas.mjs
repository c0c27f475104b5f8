#!/usr/bin/env node
// Generates schemas/kubernetes.json, the JSON Schemas sidecar-lint validates built-in Kubernetes objects
// against, from the TypeScript definitions of the pinned `kubernetes-models` package (one .d.ts per API type,
// generated upstream from the Kubernetes OpenAPI spec; no npm package ships that spec as JSON). The integer
// formats (int32, int64) are not in the .d.ts files: they are read from the package's precompiled validators
// (integerFormats below).
// Usage: npm run schemas
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');
const packageDir = (name) => path.dirname(require.resolve(`${name}/package.json`));
const models = packageDir('kubernetes-models');
const sources = [models, packageDir('@kubernetes-models/apimachinery')];
const modelsVersion = JSON.parse(readFileSync(path.join(models, 'package.json'), 'utf8')).version;

/** The Kubernetes release kubernetes-models@5.1.0 describes. */
const KUBERNETES_VERSION = '1.36';

// Kubernetes has no floating-point fields outside JSON Schema itself: every other `number` is an int32/int64.
const FLOAT_FIELDS = new Set(['maximum', 'minimum', 'multipleOf']);
// The API server's own pattern for quantities (k8s.io/apimachinery/pkg/api/resource).
const QUANTITY_PATTERN = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
const SPECIAL = {
  IIoK8sApimachineryPkgApiResourceQuantity: { type: ['string', 'number'], pattern: QUANTITY_PATTERN, 'x-kubernetes': 'quantity' },
  // intstr.IntOrString keeps the number in an int32 (IntVal): `targetPort: 3000000000` does not decode.
  IIoK8sApimachineryPkgUtilIntstrIntOrString: { type: ['integer', 'string'], format: 'int32', 'x-kubernetes': 'int-or-string' },
  IIoK8sApimachineryPkgRuntimeRawExtension: {},
  IIoK8sApiextensionsApiserverPkgApisApiextensionsV1JSON: {},
  IIoK8sApiextensionsApiserverPkgApisApiextensionsV1JSONSchemaPropsOrArray: {},
  IIoK8sApiextensionsApiserverPkgApisApiextensionsV1JSONSchemaPropsOrBool: {},
  IIoK8sApiextensionsApiserverPkgApisApiextensionsV1JSONSchemaPropsOrStringArray: {},
  IIoK8sApimachineryPkgApisMetaV1FieldsV1: {},
};

/**
 * Fields the OpenAPI spec lists as required (Go fields without omitempty) that the API server's validation never
 * checks: left out, they read as Go's zero value and the object is accepted, so no finding may say they are missing
 * (pkg/apis/core/validation/validation.go). validateSysctls checks a sysctl's name only, validateHTTPHeader a
 * header's name only; an iSCSI lun is 0 to 255, so a missing one is lun 0; a sleep of 0 seconds is allowed from 1.33
 * (api-validation says what earlier releases refuse). Found by judging the corpus's findings one by one.
 */
const NOT_ENFORCED = {
  IIoK8sApiCoreV1Sysctl: ['value'],
  IIoK8sApiCoreV1HTTPHeader: ['value'],
  IIoK8sApiCoreV1ISCSIVolumeSource: ['lun'],
  IIoK8sApiCoreV1ISCSIPersistentVolumeSource: ['lun'],
  IIoK8sApiCoreV1SleepAction: ['seconds'],
};

function* declarationFiles(directory) {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '_schemas' && entry.name !== 'node_modules') yield* declarationFiles(full);
    } else if (entry.name.endsWith('.d.ts') && entry.name !== 'index.d.ts') yield full;
  }
}

/** `IIoK8sApiAppsV1Deployment` → `io.k8s.api.apps.v1.Deployment`: the OpenAPI name people know. */
function definitionName(canonical) {
  return canonical.replace(/^I/, '');
}

const definitions = {};
const kinds = {};

for (const source of sources) {
  for (const file of declarationFiles(source)) {
    const sourceFile = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    // `export type { IContainer as IIoK8sApiCoreV1Container, ... }`: local names to canonical names.
    const canonical = new Map();
    for (const statement of sourceFile.statements) {
      if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          if (element.propertyName && element.name.text.startsWith('IIoK8s')) canonical.set(element.propertyName.text, element.name.text);
        }
      }
    }
    const resolveName = (name) => canonical.get(name) ?? name;
    const toSchema = (node, field) => {
      switch (node.kind) {
        case ts.SyntaxKind.StringKeyword:
          return { type: 'string' };
        case ts.SyntaxKind.NumberKeyword:
          return { type: FLOAT_FIELDS.has(field) ? 'number' : 'integer' };
        case ts.SyntaxKind.BooleanKeyword:
          return { type: 'boolean' };
        case ts.SyntaxKind.AnyKeyword:
        case ts.SyntaxKind.UnknownKeyword:
          return {};
        case ts.SyntaxKind.LiteralType:
          if (ts.isStringLiteral(node.literal)) return { enum: [node.literal.text] };
          throw new Error(`${file}: literal ${node.getText()}`);
        case ts.SyntaxKind.UnionType: {
          const members = node.types.map((member) => toSchema(member, field));
          if (members.every((member) => member.enum)) return { enum: members.flatMap((member) => member.enum) };
          if (members.every((member) => typeof member.type === 'string' && Object.keys(member).length === 1)) {
            return { type: members.map((member) => member.type) };
          }
          throw new Error(`${file}: union ${node.getText()}`);
        }
        case ts.SyntaxKind.ArrayType:
          return { type: 'array', items: toSchema(node.elementType, field) };
        case ts.SyntaxKind.TypeReference: {
          const name = node.typeName.getText();
          if (name === 'Array') return { type: 'array', items: toSchema(node.typeArguments[0], field) };
          return { $ref: `#/definitions/${definitionName(resolveName(name))}` };
        }
        case ts.SyntaxKind.TypeLiteral: {
          const index = node.members.find(ts.isIndexSignatureDeclaration);
          if (index) return { type: 'object', additionalProperties: toSchema(index.type, field) };
          return { type: 'object' };
        }
        default:
          throw new Error(`${file}: unsupported type ${ts.SyntaxKind[node.kind]} ${node.getText()}`);
      }
    };
    for (const statement of sourceFile.statements) {
      if (ts.isInterfaceDeclaration(statement)) {
        const name = resolveName(statement.name.text);
        if (!name.startsWith('IIoK8s')) continue;
        const properties = {};
        const required = [];
        let apiVersion;
        let kind;
        for (const member of statement.members) {
          if (!ts.isPropertySignature(member) || !member.type) continue;
          const field = member.name.text ?? member.name.getText();
          properties[field] = toSchema(member.type, field);
          if (!member.questionToken && !NOT_ENFORCED[name]?.includes(field)) required.push(field);
          if (field === 'apiVersion' && properties[field].enum) apiVersion = properties[field].enum[0];
          if (field === 'kind' && properties[field].enum) kind = properties[field].enum[0];
          // An optional enum field written as "" is unset to the API server (Go's zero value: defaulted, as
          // `protocol: ""`, or meaning "any", as a toleration's `effect: ""`), which enforces no OpenAPI enum.
          const values = properties[field].enum;
          if (member.questionToken && Array.isArray(values) && values.every((value) => typeof value === 'string') && !values.includes('')) {
            properties[field] = { ...properties[field], enum: [...values, ''] };
          }
        }
        const schema = { type: 'object', properties, additionalProperties: false };
        if (required.length > 0) schema.required = required;
        definitions[definitionName(name)] = SPECIAL[name] ?? schema;
        if (apiVersion && kind && !kind.endsWith('List')) kinds[`${apiVersion}/${kind}`] = definitionName(name);
      } else if (ts.isTypeAliasDeclaration(statement)) {
        const name = resolveName(statement.name.text);
        if (!name.startsWith('IIoK8s')) continue;
        definitions[definitionName(name)] = SPECIAL[name] ?? toSchema(statement.type, '');
      }
    }
  }
}

/*
 * The Kubernetes OpenAPI spec gives every integer field a format, int32 or int64, and the fields of bytes `byte`: the
 * Go type the API server decodes the field into, which refuses a number out of its range or text that is not
 * base64. kubernetes-models keeps the formats only in its precompiled ajv validators (`_schemas/<definition>.js`), as
 * calls to the formats of @kubernetes-models/validate. Reading that minified code would be brittle; asking it is
 * not: with those formats made to refuse everything, a validator given `1` in each integer field and `"x"` in each
 * string field reports a `format` error, naming the format, at each field that has one.
 */
// The validators import the package by name, from node_modules: this import gets the same module, so the same formats.
const { formats: modelFormats } = await import('@kubernetes-models/validate');
/** The formats read, with the type of the fields that carry them. */
const DECODED_FORMATS = { int32: 'integer', int64: 'integer', byte: 'string' };
for (const [format, type] of Object.entries(DECODED_FORMATS)) modelFormats[format] = { type: type === 'integer' ? 'number' : 'string', validate: () => false };
const PROBES = { integer: 1, string: 'x' };

/** A value with a probe in each integer and string of the schema (through lists and maps, not $refs), if it has any. */
function probeValue(schema) {
  if (Object.hasOwn(PROBES, schema.type)) return PROBES[schema.type];
  if (schema.type === 'array' && schema.items) {
    const item = probeValue(schema.items);
    return item === undefined ? undefined : [item];
  }
  if (schema.type === 'object' && schema.additionalProperties) {
    const entry = probeValue(schema.additionalProperties);
    return entry === undefined ? undefined : { key: entry };
  }
  return undefined;
}

/** The schema of the value at a probe's instance path below a property: through `items` and `additionalProperties`. */
function schemaAt(schema, segments) {
  let current = schema;
  for (const segment of segments) current = segment === '0' && current.type === 'array' ? current.items : current.additionalProperties;
  return current;
}

async function decodedFormats(name, schema) {
  const properties = schema.properties ?? {};
  const probe = {};
  for (const [field, property] of Object.entries(properties)) {
    const value = probeValue(property);
    if (value !== undefined) probe[field] = value;
  }
  if (Object.keys(probe).length === 0) return 0;
  const module = sources.map((source) => path.join(source, '_schemas', `${name}.js`)).find((file) => existsSync(file));
  if (!module) throw new Error(`${name}: no precompiled validator to read its formats from`);
  const { validate } = await import(pathToFileURL(module).href);
  validate(probe);
  let found = 0;
  for (const error of validate.errors ?? []) {
    const format = error.params.format;
    if (error.keyword !== 'format' || !Object.hasOwn(DECODED_FORMATS, format)) continue;
    const [field, ...rest] = error.instancePath.split('/').slice(1);
    const target = schemaAt(properties[field], rest);
    if (target?.type !== DECODED_FORMATS[format]) throw new Error(`${name}${error.instancePath}: a ${format} format on no ${DECODED_FORMATS[format]}`);
    target.format = format;
    found++;
  }
  return found;
}

const formatted = { int32: 0, int64: 0, byte: 0 };
for (const [name, schema] of Object.entries(definitions)) await decodedFormats(name, schema);
JSON.stringify(definitions, (key, value) => {
  if (key === 'format' && Object.hasOwn(formatted, value)) formatted[value]++;
  return value;
});
// Had the validators loaded another copy of the formats, nothing would be found: say so rather than write no formats.
if (definitions.IoK8sApiAppsV1DeploymentSpec?.properties?.replicas?.format !== 'int32' || definitions.IoK8sApiCoreV1Secret?.properties?.data?.additionalProperties?.format !== 'byte') {
  throw new Error('formats not found: are the formats of @kubernetes-models/validate the ones its validators use?');
}
const unformatted = [];
for (const [name, schema] of Object.entries(definitions)) {
  for (const [field, property] of Object.entries(schema.properties ?? {})) {
    if (JSON.stringify(property).includes('"type":"integer"') && !JSON.stringify(property).includes('"format":"int')) unformatted.push(`${name}.${field}`);
  }
}

const sortObject = (object) => Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const output = {
  kubernetesVersion: KUBERNETES_VERSION,
  source: `kubernetes-models@${modelsVersion}`,
  kinds: sortObject(kinds),
  definitions: sortObject(definitions),
};
const target = path.join(root, 'schemas', 'kubernetes.json');
writeFileSync(target, `${JSON.stringify(output)}\n`);
console.log(`${path.relative(root, target)}: ${Object.keys(kinds).length} kinds, ${Object.keys(definitions).length} definitions (Kubernetes ${KUBERNETES_VERSION}, ${output.source})`);
console.log(`formats: ${Object.entries(formatted).map(([format, count]) => `${format} ${count}`).join(', ')}; integer fields without one: ${unformatted.length > 0 ? unformatted.join(', ') : 'none'}`);
