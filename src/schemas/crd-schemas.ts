import { arrayOrEmpty, isPlainObject, objectOrUndefined, stringOrUndefined, type PlainObject } from '../kubernetes/values.js';

export interface CustomResourceSchema {
  apiVersion: string;
  kind: string;
  schema: object;
}

function isJavaScriptPattern(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a CustomResourceDefinition's structural schema as a plain JSON Schema, with the meaning the API
 * server gives it: `x-kubernetes-int-or-string` takes both, unknown fields are refused unless the schema
 * preserves them, and every object may have apiVersion, kind and metadata.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isPlainObject(node)) return node;
  const schema: PlainObject = {};
  for (const [key, value] of Object.entries(node)) {
    schema[key] = key === 'enum' || key === 'default' || key === 'example' ? value : toJsonSchema(value);
  }
  // CRD patterns are RE2 (Go), which allows what JavaScript does not, such as `(?i)`: such a pattern is left
  // unchecked rather than made to fail the whole schema.
  if (typeof node.pattern === 'string' && !isJavaScriptPattern(node.pattern)) delete schema.pattern;
  if (node['x-kubernetes-int-or-string'] === true) {
    delete schema.anyOf;
    schema.type = ['integer', 'string'];
  }
  if (isPlainObject(node.properties) && node.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) {
    schema.additionalProperties = false;
  }
  // Nulls are removed before validation, as the API server treats them as unset.
  delete schema.nullable;
  return schema;
}

/** Every served version of the definition, each with the schema of its objects. */
export function crdSchemas(crd: PlainObject, objectMeta: object): CustomResourceSchema[] {
  const spec = objectOrUndefined(crd.spec);
  const group = stringOrUndefined(spec?.group);
  const kind = stringOrUndefined(objectOrUndefined(spec?.names)?.kind);
  if (!spec || !group || !kind) return [];
  // apiextensions.k8s.io/v1beta1 could give one schema for all versions at spec.validation.
  const shared = objectOrUndefined(objectOrUndefined(spec.validation)?.openAPIV3Schema);
  const schemas: CustomResourceSchema[] = [];
  for (const version of arrayOrEmpty(spec.versions)) {
    if (!isPlainObject(version)) continue;
    const name = stringOrUndefined(version.name);
    const openApi = objectOrUndefined(objectOrUndefined(version.schema)?.openAPIV3Schema) ?? shared;
    if (!name || !openApi) continue;
    const schema = toJsonSchema(openApi) as PlainObject;
    if (isPlainObject(schema.properties)) {
      schema.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: objectMeta, ...schema.properties };
    }
    schemas.push({ apiVersion: `${group}/${name}`, kind, schema });
  }
  const legacyVersion = stringOrUndefined(spec.version);
  if (schemas.length === 0 && legacyVersion && shared) {
    schemas.push({ apiVersion: `${group}/${legacyVersion}`, kind, schema: toJsonSchema(shared) as object });
  }
  return schemas;
}
