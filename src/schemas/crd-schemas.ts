import { arrayOrEmpty, isPlainObject, objectOrUndefined, setOwn, stringOrUndefined, type PlainObject } from '../kubernetes/values.js';

export interface CustomResourceSchema {
  apiVersion: string;
  kind: string;
  schema: object;
  /** Why the schema cannot be used, if it cannot (too large to compile in bounded time). */
  unusable?: string;
}

/**
 * Schema objects (and enum values) one schema may have for sidecar-lint to compile it: three times the largest CRD
 * of the corpus (3,077). ajv takes about 0.1 ms an object, and the code of a much larger schema overflows the stack.
 */
export const MAX_SCHEMA_OBJECTS = 10_000;

/**
 * Objects a schema may repeat through YAML aliases (`properties: {a: *s, b: *s}`), beyond its distinct ones: an
 * aliased schema doubles at every level, and a kilobyte of YAML compiled for seconds into gigabytes. Generated
 * CRDs use no aliases.
 */
const MAX_ALIASED_COPIES = 1_000;

class SchemaTooLarge extends Error {}

/** What converting one schema has met so far. */
interface Conversion {
  seen: Set<object>;
  /** Objects and enum values, each time met. */
  objects: number;
  /** The same, each only the first time. */
  distinct: number;
}

function count(node: object, conversion: Conversion, weight = 1): void {
  conversion.objects += weight;
  if (!conversion.seen.has(node)) {
    conversion.seen.add(node);
    conversion.distinct += weight;
  }
  if (conversion.objects > MAX_SCHEMA_OBJECTS) {
    throw new SchemaTooLarge(`it has more than ${MAX_SCHEMA_OBJECTS.toLocaleString('en-US')} schema objects and enum values`);
  }
  if (conversion.objects > conversion.distinct + MAX_ALIASED_COPIES) {
    throw new SchemaTooLarge(`it repeats parts through YAML aliases more than ${MAX_ALIASED_COPIES.toLocaleString('en-US')} times`);
  }
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

/** Keywords whose values are data, not schemas: nothing under them is bounded. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'example', 'examples']);
/** Keywords whose values map names to schemas: every value is a schema, whatever its name. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);

/**
 * Every integer-typed schema of a JSON Schema from a schema file (--schema-location) kept within int64, as
 * toJsonSchema keeps a CRD's: the API server refuses 2^64 in any integer field of a custom resource, wherever its
 * schema came from. Walked with a list, not recursion: a schema file may nest deeper than the stack.
 */
export function boundIntegers(root: unknown): void {
  const pending: unknown[] = [root];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) {
      pending.push(...node);
      continue;
    }
    if (!isPlainObject(node) || seen.has(node)) continue;
    seen.add(node);
    if (node.type === 'integer' || (Array.isArray(node.type) && node.type.includes('integer'))) withinInt64(node);
    for (const [key, value] of Object.entries(node)) {
      if (SCHEMA_MAPS.has(key) && isPlainObject(value)) pending.push(...Object.values(value));
      else if (!DATA_KEYWORDS.has(key)) pending.push(value);
    }
  }
}

/**
 * Reads a CustomResourceDefinition's structural schema as a plain JSON Schema, with the meaning the API
 * server gives it: `x-kubernetes-int-or-string` takes both, unknown fields are refused unless the schema
 * preserves them, and every object may have apiVersion, kind and metadata.
 */
function toJsonSchema(node: unknown, conversion: Conversion): unknown {
  if (Array.isArray(node)) {
    count(node, conversion);
    return node.map((item) => toJsonSchema(item, conversion));
  }
  if (!isPlainObject(node)) return node;
  count(node, conversion);
  // ajv writes an enum's values into its code: each one counts.
  if (Array.isArray(node.enum)) count(node.enum, conversion, node.enum.length);
  const schema: PlainObject = {};
  for (const [key, value] of Object.entries(node)) {
    // A property named `__proto__` is data: an own key, never the copy's prototype.
    setOwn(schema, key, key === 'enum' || key === 'default' || key === 'example' ? value : toJsonSchema(value, conversion));
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
    const converted = convert(openApi);
    if (typeof converted === 'string') {
      schemas.push({ apiVersion: `${group}/${name}`, kind, schema: {}, unusable: converted });
      continue;
    }
    if (isPlainObject(converted.properties)) {
      converted.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: objectMeta, ...converted.properties };
    }
    schemas.push({ apiVersion: `${group}/${name}`, kind, schema: converted });
  }
  const legacyVersion = stringOrUndefined(spec.version);
  if (schemas.length === 0 && legacyVersion && shared) {
    const converted = convert(shared);
    const apiVersion = `${group}/${legacyVersion}`;
    schemas.push(typeof converted === 'string' ? { apiVersion, kind, schema: {}, unusable: converted } : { apiVersion, kind, schema: converted });
  }
  return schemas;
}

/** The JSON Schema of an openAPIV3Schema, or why it is too large to compile. */
function convert(openApi: PlainObject): PlainObject | string {
  try {
    return toJsonSchema(openApi, { seen: new Set(), objects: 0, distinct: 0 }) as PlainObject;
  } catch (error) {
    if (error instanceof SchemaTooLarge) return `too large for sidecar-lint to compile (${error.message})`;
    throw error;
  }
}
