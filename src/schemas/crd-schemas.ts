import { arrayOrEmpty, isPlainObject, objectOrUndefined, setOwn, stringOrUndefined, type PlainObject } from '../kubernetes/values.js';

export interface CustomResourceSchema {
  apiVersion: string;
  kind: string;
  schema: object;
}

/** The API server's range for an integer field (int64), as doubles: 2^63 - 1 rounds to 2^63, which is kept. */
export const INT64_RANGE = { minimum: -(2 ** 63), maximum: 2 ** 63 } as const;
/** Marks the bounds withinInt64 set, for the message (schema-messages.ts). */
export const INT64_MARK = 'x-sidecar-lint-int64';

/**
 * go-yaml reads an integer past int64 as a uint64 or a float, which the API server refuses in an integer field (out
 * of int64, or a float that is no JSON integer). The JavaScript number is just large: the schema's bounds say it.
 */
function withinInt64(schema: PlainObject): void {
  const { minimum, maximum } = schema;
  let bounded = false;
  if (typeof minimum !== 'number' || minimum < INT64_RANGE.minimum) {
    schema.minimum = INT64_RANGE.minimum;
    bounded = true;
  }
  if (typeof maximum !== 'number' || maximum > INT64_RANGE.maximum) {
    schema.maximum = INT64_RANGE.maximum;
    bounded = true;
  }
  if (bounded) schema[INT64_MARK] = true;
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
    // A property named `__proto__` is data: an own key, never the copy's prototype.
    setOwn(schema, key, key === 'enum' || key === 'default' || key === 'example' ? value : toJsonSchema(value));
  }
  // CRD patterns are RE2 (Go), as `(?i)`: ajv runs them on RE2 (input-patterns.ts), which drops with a note one it
  // cannot run.
  if (node['x-kubernetes-int-or-string'] === true) {
    delete schema.anyOf;
    schema.type = ['integer', 'string'];
  }
  if (schema.type === 'integer' || (Array.isArray(schema.type) && schema.type.includes('integer'))) withinInt64(schema);
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
