#!/usr/bin/env node
// Generates schemas/kubernetes.json, the JSON Schemas sidecar-lint validates built-in Kubernetes objects
// against, from the TypeScript definitions of the pinned `kubernetes-models` package (one .d.ts per API type,
// generated upstream from the Kubernetes OpenAPI spec; no npm package ships that spec as JSON).
// Usage: npm run schemas
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
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
  IIoK8sApimachineryPkgUtilIntstrIntOrString: { type: ['integer', 'string'], 'x-kubernetes': 'int-or-string' },
  IIoK8sApimachineryPkgRuntimeRawExtension: {},
  IIoK8sApiextensionsApiserverPkgApisApiextensionsV1JSON: {},
  IIoK8sApiextensionsApiserverPkgApisApiextensionsV1JSONSchemaPropsOrArray: {},
  IIoK8sApiextensionsApiserverPkgApisApiextensionsV1JSONSchemaPropsOrBool: {},
  IIoK8sApiextensionsApiserverPkgApisApiextensionsV1JSONSchemaPropsOrStringArray: {},
  IIoK8sApimachineryPkgApisMetaV1FieldsV1: {},
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
          if (!member.questionToken) required.push(field);
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
