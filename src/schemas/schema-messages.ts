import type { ErrorObject } from 'ajv';
import { closestName } from '../engine/closest-name.js';
import { INTEGER_RANGES } from './ajv-options.js';
import { INT64_MARK, INT64_RANGE } from './crd-schemas.js';
import { formatJsonPath, type JsonPath } from '../yaml/json-path.js';
import type { Target } from '../yaml/yaml-file.js';

/** One problem a schema found, said the way a person reads a manifest. */
export interface SchemaProblem {
  /** Relative to the object validated. */
  path: JsonPath;
  target: Target;
  message: string;
  /** A required field is missing: no problem in a partial object (a kustomize patch), whose base has it. */
  missing?: boolean;
}

/** `/spec/containers/0/name` → `['spec', 'containers', 0, 'name']`, typing indexes as the data does. */
function toPath(pointer: string, data: unknown): (string | number)[] {
  const path: (string | number)[] = [];
  let current = data;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current)) {
      const index = Number(segment);
      path.push(index);
      current = current[index];
    } else {
      path.push(segment);
      current = typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

/*
 * Every text a message quotes comes from the input (a key, a value, a CRD's enum or pattern) and is capped, so a
 * message stays short whatever the input: a CRD's enum of 2,000 long values, quoted whole for each of a thousand
 * objects, once made a report longer than V8's longest string.
 */

/** Problems listed for one object: a list of a million wrong items is one mistake made a million times. */
const MAX_PROBLEMS = 100;

/** Characters of one quoted text. */
const MAX_QUOTED = 100;
/** Values of an enum listed before "and N more". */
const MAX_LISTED = 10;

/** The text, cut to MAX_QUOTED characters with an ellipsis. */
export function capText(text: string, max = MAX_QUOTED): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The text in backquotes, capped: for a name, a key, a pattern. */
export function quoteForMessage(text: string): string {
  return `\`${capText(text)}\``;
}

/** Characters of a JSON path in a message: a deep path keeps its start and its end. */
const MAX_PATH = 300;

/** A JSON path as messages show it, in backquotes: each key capped, and the whole. */
function shownPath(path: JsonPath): string {
  const text = formatJsonPath(path.map((segment) => (typeof segment === 'string' ? capText(segment) : segment)));
  return `\`${text.length > MAX_PATH ? `${text.slice(0, MAX_QUOTED)}…${text.slice(text.length - (MAX_PATH - MAX_QUOTED - 1))}` : text}\``;
}

/** `one of `a`, `b`, … and 1,990 more`: a list of values from the input, capped. */
function listValues(values: readonly string[]): string {
  const listed = values.slice(0, MAX_LISTED).map(quoteForMessage).join(', ');
  const more = values.length - MAX_LISTED;
  return more > 0 ? `${listed}, … and ${more.toLocaleString('en-US')} more` : listed;
}

const where = (path: JsonPath) => (path.length === 0 ? 'the object' : shownPath(path));

/** `the string "two"`, `the boolean true`, `a list`: what a value is, for a person. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  if (typeof value === 'number') {
    // YAML's `.inf` and `.nan`: kubectl cannot write them as JSON, and refuses the document.
    if (!Number.isFinite(value)) return `\`${Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf'}\`, which JSON cannot hold`;
    return `the number ${value}`;
  }
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'nothing';
  return 'a mapping';
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true or false)',
  object: 'a mapping',
  array: 'a list',
};

function expectedType(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((name) => TYPE_WORDS[String(name)] ?? String(name)).join(' or ');
}

function typeMessage(path: JsonPath, error: ErrorObject): string {
  const expected = expectedType(error.params.type);
  let message = `${where(path)} must be ${expected}, got ${describeValue(error.data)}.`;
  // sigs.k8s.io/yaml reads YAML 1.1: `value: yes` is a boolean, which a string field refuses.
  if (typeof error.data === 'boolean' && expected.includes('string')) {
    message += ' YAML 1.1, which Kubernetes reads, takes unquoted yes, no, on, off, true and false as booleans: quote the value.';
  } else if (typeof error.data === 'number' && expected === 'a string') {
    message += ' Quote the value to make it a string.';
  }
  return message;
}

/** A bound crd-schemas.ts set to keep an integer within int64, rather than one the schema gives. */
function isInt64Bound(error: ErrorObject): boolean {
  const schema = error.parentSchema as Record<string, unknown> | undefined;
  const limit: unknown = error.params.limit;
  return schema?.[INT64_MARK] === true && (limit === INT64_RANGE.minimum || limit === INT64_RANGE.maximum);
}

/** A number out of range as the message can say it: past 2^53 a double holds the written value only roughly. */
function describeInteger(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) && !Number.isSafeInteger(value) ? 'a number past that range' : describeValue(value);
}

/** A value its field's Go type cannot hold (the built-in kinds' int32, int64 and byte formats, ajv-options.ts). */
function formatMessage(path: JsonPath, error: ErrorObject, kind: string): string {
  const format = String(error.params.format);
  if (format === 'int32' || format === 'int64') {
    return (
      `${where(path)} must be an ${format} (${INTEGER_RANGES[format].text}), got ${describeInteger(error.data)}: ` +
      `the API server cannot decode a number out of that range into the field, and refuses the object.`
    );
  }
  if (format === 'byte') {
    const problem = `${where(path)} must be base64: the API server decodes it into bytes, and refuses the object.`;
    // Not quoted: the text of a Secret's `data` that is not base64 is most likely the secret itself, in plain text.
    return kind === 'Secret'
      ? `${problem} Encode the value (\`base64 -w0\`), or move plain text to \`stringData\`. The value is not shown: it may be a secret.`
      : `${problem} Encode the value (\`base64 -w0\`), keeping its \`=\` padding.`;
  }
  return `${where(path)} must be of the format ${quoteForMessage(format)}, got ${describeValue(error.data)}.`;
}

function knownFields(parentSchema: unknown): string[] {
  const properties = (parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ? Object.keys(properties) : [];
}

/**
 * Turns ajv's errors into one problem each, at the node RULES.md names: an unknown field's key, a wrong
 * value, the mapping that lacks a field. `kind` names the object in messages.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[], data: unknown, kind: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const [index, error] of errors.entries()) {
    if (problems.length === MAX_PROBLEMS) {
      const more = errors.length - index;
      problems.push({
        path: [],
        target: 'value',
        message: `The schema of ${capText(kind)} finds up to ${more.toLocaleString('en-US')} more problems in this object, not listed: fix the ones above first.`,
      });
      break;
    }
    const path = toPath(error.instancePath, data);
    let problem: SchemaProblem;
    switch (error.keyword) {
      case 'additionalProperties': {
        const field = String(error.params.additionalProperty);
        const fieldPath = [...path, field];
        const suggestion = closestName(field, knownFields(error.parentSchema));
        problem = {
          path: fieldPath,
          target: 'key',
          message:
            `${shownPath(fieldPath)} is not a field of ${capText(kind)}${suggestion ? `: did you mean ${quoteForMessage(suggestion)}?` : '.'} ` +
            'The API server rejects unknown fields under kubectl\'s strict field validation, or drops them silently.',
        };
        break;
      }
      case 'required':
        problem = {
          path,
          target: 'value',
          message: `${where(path)} lacks the required field ${quoteForMessage(String(error.params.missingProperty))}.`,
          missing: true,
        };
        break;
      case 'type':
        problem = { path, target: 'value', message: typeMessage(path, error) };
        break;
      case 'enum': {
        const allowed = (error.params.allowedValues as unknown[]).map(String);
        const suggestion = typeof error.data === 'string' ? allowed.find((value) => value.toLowerCase() === (error.data as string).toLowerCase()) : undefined;
        problem = {
          path,
          target: 'value',
          message:
            `${where(path)} must be one of ${listValues(allowed)}, got ${describeValue(error.data)}.` +
            (suggestion ? ` Did you mean ${quoteForMessage(suggestion)}? Values are case-sensitive.` : ''),
        };
        break;
      }
      case 'pattern':
        problem = {
          path,
          target: 'value',
          message:
            (error.parentSchema as { 'x-kubernetes'?: string } | undefined)?.['x-kubernetes'] === 'quantity'
              ? `${where(path)} is not a quantity: ${describeValue(error.data)}. Write a number with an optional suffix, such as 512Mi, 1Gi, 500m or 2.`
              : `${where(path)} must match the pattern ${quoteForMessage(String(error.params.pattern))}, got ${describeValue(error.data)}.`,
        };
        break;
      case 'minimum':
      case 'maximum':
        if (isInt64Bound(error)) {
          problem = {
            path,
            target: 'value',
            message: `${where(path)} is past the range of a 64-bit integer, got ${describeValue(error.data)}: the API server refuses it in an integer field.`,
          };
          break;
        }
        problem = { path, target: 'value', message: `${where(path)} ${capText(error.message ?? 'is out of range', 2 * MAX_QUOTED)}, got ${describeValue(error.data)}.` };
        break;
      case 'format':
        problem = { path, target: 'value', message: formatMessage(path, error, kind) };
        break;
      default:
        problem = { path, target: 'value', message: `${where(path)} ${capText(error.message ?? 'is not valid', 2 * MAX_QUOTED)}.` };
    }
    const key = `${formatJsonPath(problem.path)}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}
