import type { ErrorObject } from 'ajv';
import { isPlainObject, type PlainObject } from '../kubernetes/values.js';

/*
 * Validates data against a JSON Schema by walking the two together, as the API server's own validator does
 * (kube-openapi), instead of compiling the schema into code first, as ajv does. A CRD's schema can be half a
 * megabyte (Prometheus): ajv takes a quarter of a second to compile it, on every thread, while the custom resources
 * it checks are a few dozen lines. Walking costs what the data costs, not what the schema costs.
 *
 * It gives the errors ajv gives, with the options of ajv-options.ts (all errors, verbose, strict numbers, formats
 * not checked), in ajv's order, so messages (schema-messages.ts) read the same whichever checked the object; a test
 * compares the two on random schemas and data. It knows the keywords CRD schemas and kubeconform's schema files use;
 * `interpretable` says whether a schema keeps to them, and a schema that does not is compiled with ajv as before.
 */

/** A compiled regular expression, as ajv's `code.regExp` engine gives it. */
export interface PatternTester {
  test(text: string): boolean;
}

export interface InterpreterSources {
  /** The schema a `$ref` names, or undefined when it is not one the interpreter resolves. */
  resolve(ref: string, inBuiltIn: boolean): { schema: SchemaNode; inBuiltIn: boolean } | undefined;
  /** The compiled pattern: RE2 for the input's schemas, RegExp for the built-in ones (as ajv is set up). */
  pattern(source: string, inBuiltIn: boolean): PatternTester;
}

export type SchemaNode = PlainObject | boolean;

/** The keywords walked, in the order ajv evaluates them (its vocabularies, grouped by the type they apply to). */
const UNTYPED = ['$ref', 'enum', 'not', 'anyOf', 'oneOf', 'allOf'] as const;
const NUMBER = ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'multipleOf', 'format'] as const;
const STRING = ['maxLength', 'minLength', 'pattern', 'format'] as const;
const ARRAY = ['maxItems', 'minItems', 'items'] as const;
const OBJECT = ['maxProperties', 'minProperties', 'required', 'additionalProperties', 'properties'] as const;

const WALKED = new Set<string>([...UNTYPED, ...NUMBER, ...STRING, ...ARRAY, ...OBJECT]);
/**
 * Keywords ajv knows and the interpreter does not walk: a schema with any of them goes to ajv. Every other key
 * (`x-kubernetes-*`, `externalDocs`, ...) is unknown to ajv too, which ignores it (strict: false).
 */
const AJV_ONLY = new Set([
  'const', 'contains', 'propertyNames', 'patternProperties', 'dependencies', 'dependentRequired', 'dependentSchemas',
  'if', 'then', 'else', 'additionalItems', 'prefixItems', 'uniqueItems', 'unevaluatedItems', 'unevaluatedProperties',
  'minContains', 'maxContains', '$id', 'id', '$defs', 'definitions', '$anchor', '$dynamicRef', '$dynamicAnchor',
  '$recursiveRef', '$recursiveAnchor', '$vocabulary', 'nullable', 'discriminator',
]);

/** What each JSON type accepts, as ajv checks it with strictNumbers. */
const TYPE_CHECKS: ReadonlyMap<string, (data: unknown) => boolean> = new Map(Object.entries<(data: unknown) => boolean>({
  // strictNumbers: `.inf` and `.nan` are no number and no integer.
  number: (data) => typeof data === 'number' && Number.isFinite(data),
  integer: (data) => typeof data === 'number' && Number.isInteger(data),
  string: (data) => typeof data === 'string',
  boolean: (data) => typeof data === 'boolean',
  null: (data) => data === null,
  array: (data) => Array.isArray(data),
  object: (data) => typeof data === 'object' && data !== null && !Array.isArray(data),
}));

/**
 * Whether every schema object under `schema` keeps to the keywords walked here, with the shapes ajv accepts
 * (run ajv's meta-schema check first: this only adds what ajv leaves to compilation), and every `$ref` resolves.
 * Each pattern met is given to `onPattern`, so that the caller compiles them all at once, as ajv would.
 */
export function interpretable(schema: SchemaNode, sources: InterpreterSources, onPattern: (pattern: string, inBuiltIn: boolean) => void = () => {}): boolean {
  const seen = new Set<object>();
  const check = (node: unknown, inBuiltIn: boolean): boolean => {
    if (typeof node === 'boolean') return true;
    if (!isPlainObject(node)) return false;
    if (seen.has(node)) return true;
    seen.add(node);
    for (const key of Object.keys(node)) {
      if (AJV_ONLY.has(key)) return false;
      const value = node[key];
      switch (key) {
        case '$ref': {
          const target = typeof value === 'string' ? sources.resolve(value, inBuiltIn) : undefined;
          if (!target || !check(target.schema, target.inBuiltIn)) return false;
          break;
        }
        case 'enum':
          // ajv refuses an empty enum when it compiles: the schema is then unusable, as ajv says.
          if (!Array.isArray(value) || value.length === 0) return false;
          break;
        case 'items':
          if (Array.isArray(value) || !check(value, inBuiltIn)) return false;
          break;
        case 'not':
        case 'additionalProperties':
          if (!check(value, inBuiltIn)) return false;
          break;
        case 'anyOf':
        case 'oneOf':
        case 'allOf':
          if (!Array.isArray(value) || !value.every((branch) => check(branch, inBuiltIn))) return false;
          break;
        case 'properties':
          if (!isPlainObject(value)) return false;
          for (const property of Object.values(value)) if (!check(property, inBuiltIn)) return false;
          break;
        case 'type': {
          const types = Array.isArray(value) ? value : [value];
          if (!types.every((type) => typeof type === 'string' && TYPE_CHECKS.has(type))) return false;
          break;
        }
        case 'required':
          if (!Array.isArray(value) || !value.every((name) => typeof name === 'string')) return false;
          break;
        case 'pattern':
          if (typeof value !== 'string') return false;
          onPattern(value, inBuiltIn);
          break;
        case 'format':
          break;
        default:
          if (WALKED.has(key) && typeof value !== 'number') return false;
      }
    }
    return true;
  };
  return check(schema, false);
}

/** The keywords of one typed group, the type data must have for them to apply. */
interface Group {
  type: 'number' | 'string' | 'array' | 'object';
  keywords: readonly string[];
}
const GROUPS: readonly Group[] = [
  { type: 'number', keywords: NUMBER },
  { type: 'string', keywords: STRING },
  { type: 'array', keywords: ARRAY },
  { type: 'object', keywords: OBJECT },
];

const usesGroup = (schema: PlainObject, group: Group) => group.keywords.some((keyword) => schema[keyword] !== undefined);

/** `~` and `/` escaped, as in a JSON Pointer. */
function pointerSegment(key: string): string {
  return key.includes('~') || key.includes('/') ? key.replaceAll('~', '~0').replaceAll('/', '~1') : key;
}

/** Characters as ajv counts them (ucs2length): a surrogate pair is one. */
function characterCount(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    count++;
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if ((next & 0xfc00) === 0xdc00) index++;
    }
  }
  return count;
}

/** Deep equality of JSON values, as ajv's enum compares objects (fast-deep-equal). */
function jsonEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return left !== left && right !== right;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  if (Array.isArray(left) && Array.isArray(right)) return left.length === right.length && left.every((item, index) => jsonEqual(item, right[index]));
  const leftKeys = Object.keys(left);
  if (leftKeys.length !== Object.keys(right).length) return false;
  return leftKeys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && jsonEqual((left as PlainObject)[key], (right as PlainObject)[key]));
}

const LIMIT_WORDS: Readonly<Record<string, { comparison: string; fails: (data: number, limit: number) => boolean }>> = {
  maximum: { comparison: '<=', fails: (data, limit) => !(data <= limit) },
  minimum: { comparison: '>=', fails: (data, limit) => !(data >= limit) },
  exclusiveMaximum: { comparison: '<', fails: (data, limit) => !(data < limit) },
  exclusiveMinimum: { comparison: '>', fails: (data, limit) => !(data > limit) },
};

/** Walks one schema over one value, collecting ajv-shaped errors. */
export class SchemaInterpreter {
  constructor(private readonly sources: InterpreterSources) {}

  /** The errors of `data` against `schema`, empty when it is valid. */
  validate(schema: SchemaNode, data: unknown): ErrorObject[] {
    const errors: ErrorObject[] = [];
    this.walk(schema, data, '', errors, false);
    return errors;
  }

  private walk(schema: SchemaNode, data: unknown, path: string, errors: ErrorObject[], inBuiltIn: boolean): void {
    if (schema === true) return;
    if (schema === false) {
      errors.push(this.error('false schema', path, {}, 'boolean schema is false', false, false, data));
      return;
    }
    const type = schema.type;
    const types: readonly string[] = type === undefined ? [] : Array.isArray(type) ? (type as string[]) : [type as string];
    // ajv checks the type first, unless the schema has keywords of that one type: then after the untyped keywords.
    const single = types.length === 1 ? GROUPS.find((group) => group.type === types[0]) : undefined;
    const typeDeferred = single !== undefined && usesGroup(schema, single);
    if (types.length > 0 && !typeDeferred && !types.some((name) => TYPE_CHECKS.get(name)?.(data))) {
      errors.push(this.error('type', path, { type }, `must be ${String(type)}`, type, schema, data));
    }
    this.untyped(schema, data, path, errors, inBuiltIn);
    for (const group of GROUPS) {
      if (!usesGroup(schema, group)) continue;
      if (TYPE_CHECKS.get(group.type)!(data)) this.typed(group.type, schema, data, path, errors, inBuiltIn);
      else if (typeDeferred && single === group) errors.push(this.error('type', path, { type }, `must be ${String(type)}`, type, schema, data));
    }
  }

  private untyped(schema: PlainObject, data: unknown, path: string, errors: ErrorObject[], inBuiltIn: boolean): void {
    if (typeof schema.$ref === 'string') {
      const target = this.sources.resolve(schema.$ref, inBuiltIn);
      if (target) this.walk(target.schema, data, path, errors, target.inBuiltIn);
    }
    if (Array.isArray(schema.enum)) {
      const allowed = schema.enum as unknown[];
      const found = allowed.some((value) => (typeof value === 'object' && value !== null ? jsonEqual(data, value) : data === value));
      if (!found) errors.push(this.error('enum', path, { allowedValues: allowed }, 'must be equal to one of the allowed values', allowed, schema, data));
    }
    if (schema.not !== undefined) {
      const scratch: ErrorObject[] = [];
      this.walk(schema.not as SchemaNode, data, path, scratch, inBuiltIn);
      if (scratch.length === 0) errors.push(this.error('not', path, {}, 'must NOT be valid', schema.not, schema, data));
    }
    if (Array.isArray(schema.anyOf)) {
      const before = errors.length;
      let valid = false;
      for (const branch of schema.anyOf as SchemaNode[]) {
        const count = errors.length;
        this.walk(branch, data, path, errors, inBuiltIn);
        if (errors.length === count) {
          valid = true;
          break;
        }
      }
      if (valid) errors.length = before;
      else errors.push(this.error('anyOf', path, {}, 'must match a schema in anyOf', schema.anyOf, schema, data));
    }
    if (Array.isArray(schema.oneOf)) {
      const before = errors.length;
      let valid = false;
      let passing: number | [unknown, number] | null = null;
      const branches = schema.oneOf as SchemaNode[];
      for (let index = 0; index < branches.length; index++) {
        const count = errors.length;
        this.walk(branches[index]!, data, path, errors, inBuiltIn);
        if (errors.length !== count) continue;
        if (valid) {
          // A second branch passes: ajv stops there, and names both.
          valid = false;
          passing = [passing, index];
          break;
        }
        valid = true;
        passing = index;
      }
      if (valid) errors.length = before;
      else errors.push(this.error('oneOf', path, { passingSchemas: passing }, 'must match exactly one schema in oneOf', schema.oneOf, schema, data));
    }
    if (Array.isArray(schema.allOf)) for (const branch of schema.allOf as SchemaNode[]) this.walk(branch, data, path, errors, inBuiltIn);
  }

  private typed(type: Group['type'], schema: PlainObject, data: unknown, path: string, errors: ErrorObject[], inBuiltIn: boolean): void {
    switch (type) {
      case 'number': {
        const value = data as number;
        for (const keyword of ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum'] as const) {
          const limit = schema[keyword];
          if (typeof limit !== 'number') continue;
          const { comparison, fails } = LIMIT_WORDS[keyword]!;
          if (fails(value, limit)) errors.push(this.error(keyword, path, { comparison, limit }, `must be ${comparison} ${limit}`, limit, schema, data));
        }
        const multipleOf = schema.multipleOf;
        if (typeof multipleOf === 'number') {
          const quotient = value / multipleOf;
          if (multipleOf === 0 || quotient !== Number.parseInt(String(quotient))) {
            errors.push(this.error('multipleOf', path, { multipleOf }, `must be multiple of ${multipleOf}`, multipleOf, schema, data));
          }
        }
        return;
      }
      case 'string': {
        const text = data as string;
        const { maxLength, minLength, pattern } = schema;
        if (typeof maxLength === 'number' || typeof minLength === 'number') {
          const length = characterCount(text);
          if (typeof maxLength === 'number' && length > maxLength) {
            errors.push(this.error('maxLength', path, { limit: maxLength }, `must NOT have more than ${maxLength} characters`, maxLength, schema, data));
          }
          if (typeof minLength === 'number' && length < minLength) {
            errors.push(this.error('minLength', path, { limit: minLength }, `must NOT have fewer than ${minLength} characters`, minLength, schema, data));
          }
        }
        if (typeof pattern === 'string' && !this.sources.pattern(pattern, inBuiltIn).test(text)) {
          errors.push(this.error('pattern', path, { pattern }, `must match pattern "${pattern}"`, pattern, schema, data));
        }
        return;
      }
      case 'array': {
        const items = data as unknown[];
        const { maxItems, minItems } = schema;
        if (typeof maxItems === 'number' && items.length > maxItems) {
          errors.push(this.error('maxItems', path, { limit: maxItems }, `must NOT have more than ${maxItems} items`, maxItems, schema, data));
        }
        if (typeof minItems === 'number' && items.length < minItems) {
          errors.push(this.error('minItems', path, { limit: minItems }, `must NOT have fewer than ${minItems} items`, minItems, schema, data));
        }
        if (schema.items !== undefined) {
          const itemSchema = schema.items as SchemaNode;
          for (let index = 0; index < items.length; index++) this.walk(itemSchema, items[index], `${path}/${index}`, errors, inBuiltIn);
        }
        return;
      }
      case 'object':
        this.object(schema, data as PlainObject, path, errors, inBuiltIn);
    }
  }

  private object(schema: PlainObject, data: PlainObject, path: string, errors: ErrorObject[], inBuiltIn: boolean): void {
    const { maxProperties, minProperties, required, additionalProperties } = schema;
    if (typeof maxProperties === 'number' || typeof minProperties === 'number') {
      const count = Object.keys(data).length;
      if (typeof maxProperties === 'number' && count > maxProperties) {
        errors.push(this.error('maxProperties', path, { limit: maxProperties }, `must NOT have more than ${maxProperties} properties`, maxProperties, schema, data));
      }
      if (typeof minProperties === 'number' && count < minProperties) {
        errors.push(this.error('minProperties', path, { limit: minProperties }, `must NOT have fewer than ${minProperties} properties`, minProperties, schema, data));
      }
    }
    if (Array.isArray(required)) {
      for (const name of required as string[]) {
        if (!Object.prototype.hasOwnProperty.call(data, name) || data[name] === undefined) {
          errors.push(this.error('required', path, { missingProperty: name }, `must have required property '${name}'`, required, schema, data));
        }
      }
    }
    const properties = isPlainObject(schema.properties) ? schema.properties : undefined;
    if (additionalProperties !== undefined && additionalProperties !== true) {
      for (const key of Object.keys(data)) {
        if (properties && Object.prototype.hasOwnProperty.call(properties, key)) continue;
        if (additionalProperties === false) {
          errors.push(this.error('additionalProperties', path, { additionalProperty: key }, 'must NOT have additional properties', false, schema, data));
        } else {
          this.walk(additionalProperties as SchemaNode, data[key], `${path}/${pointerSegment(key)}`, errors, inBuiltIn);
        }
      }
    }
    if (properties) {
      for (const key of Object.keys(properties)) {
        if (!Object.prototype.hasOwnProperty.call(data, key) || data[key] === undefined) continue;
        this.walk(properties[key] as SchemaNode, data[key], `${path}/${pointerSegment(key)}`, errors, inBuiltIn);
      }
    }
  }

  private error(keyword: string, instancePath: string, params: Record<string, unknown>, message: string, schema: unknown, parentSchema: unknown, data: unknown): ErrorObject {
    // schemaPath is not tracked: no message reads it, and building it for every node walked would cost.
    return { instancePath, schemaPath: '', keyword, params, message, schema, parentSchema: parentSchema as PlainObject, data };
  }
}
