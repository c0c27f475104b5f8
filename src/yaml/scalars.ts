import type jsYaml from 'js-yaml';
import { jsYamlLibrary } from '../libraries/lazy.js';
import { decodeGoBase64 } from '../kubernetes/go-base64.js';

/*
 * Plain scalars typed as Kubernetes types them. kubectl and the API server read YAML with sigs.k8s.io/yaml, which
 * decodes with go-yaml v2 and then turns the result into JSON. go-yaml v2's resolver (resolve.go) is the authority,
 * not the YAML 1.1 specification; where they differ, this follows go-yaml:
 *
 * - a fixed table: `y Y yes Yes YES true True TRUE on On ON` are true, the `n`/`no`/`false`/`off` forms false,
 *   `"" ~ null Null NULL` null, `.nan .inf -.inf +.inf` (three spellings each) special floats;
 * - a scalar starting with a digit or a sign is an integer if Go's ParseInt (base 0, underscores removed) reads it
 *   (`0x1F`, `0o17`, `0b101`, `017` octal, `+1`) or, past int64, ParseUint does (up to 2^64 - 1), else a float if it
 *   matches `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` and ParseFloat reads it (so `08` is the float 8,
 *   `1e3` is 1000, `1e400` is the string "1e400"), else a string (`1:20` stays a string: no sexagesimal numbers);
 * - a scalar starting with `.` is a float if Go's ParseFloat reads it (`.5`), else a string (a plain `.` is ".");
 * - timestamps (`2001-12-14`) are resolved by go-yaml but handed to an interface{} as the original string, which is
 *   what sigs.k8s.io/yaml decodes into: they stay strings;
 * - everything else, and every quoted scalar, is a string.
 */

type Resolved = { kind: 'null'; value: null } | { kind: 'bool'; value: boolean } | { kind: 'int' | 'float'; value: number } | { kind: 'str' };

const TABLE: ReadonlyMap<string, Resolved> = new Map<string, Resolved>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((text): [string, Resolved] => [text, { kind: 'bool', value: true }]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((text): [string, Resolved] => [text, { kind: 'bool', value: false }]),
  ...['', '~', 'null', 'Null', 'NULL'].map((text): [string, Resolved] => [text, { kind: 'null', value: null }]),
  ...['.nan', '.NaN', '.NAN'].map((text): [string, Resolved] => [text, { kind: 'float', value: Number.NaN }]),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((text): [string, Resolved] => [text, { kind: 'float', value: Number.POSITIVE_INFINITY }]),
  ...['-.inf', '-.Inf', '-.INF'].map((text): [string, Resolved] => [text, { kind: 'float', value: Number.NEGATIVE_INFINITY }]),
]);

const STRING: Resolved = { kind: 'str' };

/** The length of TABLE's longest entry (five: `false`, `+.inf`). */
const LONGEST_FIXED = Math.max(...[...TABLE.keys()].map((text) => text.length));

/** Go's strconv.ParseInt(text, 0, 64) without underscores: an optional sign, then a base prefix or a leading 0 for octal. */
const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]+)|([1-9][0-9]*|0))$/;
const YAML_STYLE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** Go's ParseFloat on a text that starts with `.`: decimal digits, an optional exponent. */
const DOT_FLOAT = /^\.[0-9]+(?:_[0-9]+)*(?:[eE][-+]?[0-9]+)?$/;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * Whether go-yaml reads the digits as an integer: ParseInt's int64 range, then ParseUint's uint64 (its `int` tag
 * either way); past those it tries a float, or keeps the text (`0x` and `0o` forms).
 */
function inGoIntegerRange(sign: string, radixPrefix: string, digits: string): boolean {
  const significant = digits.replace(/^0+(?=.)/, '');
  // 64 binary digits are the most any of the ranges holds: longer is out of range whatever the base.
  if (significant.length > 64) return false;
  const magnitude = BigInt(`${radixPrefix}${significant}`);
  const value = sign === '-' ? -magnitude : magnitude;
  // ParseUint takes no sign: `+0x...` past int64 is no integer.
  return value >= INT64_MIN && value <= (sign === '' ? UINT64_MAX : INT64_MAX);
}

function goInteger(plain: string): number | undefined {
  const match = GO_INT.exec(plain);
  if (!match) return undefined;
  const [, sign = '', hex, octal, binary, leadingZeroOctal, decimal] = match;
  const [radixPrefix, digits, radix] =
    hex !== undefined ? ['0x', hex, 16]
    : octal !== undefined ? ['0o', octal, 8]
    : binary !== undefined ? ['0b', binary, 2]
    : leadingZeroOctal !== undefined ? ['0o', leadingZeroOctal, 8]
    : ['', decimal ?? '0', 10];
  const magnitude = radix === 10 ? Number(digits) : parseInt(digits, radix);
  // Past 2^53 a double cannot tell whether the text is in go-yaml's range: ask BigInt.
  if (magnitude > Number.MAX_SAFE_INTEGER && !inGoIntegerRange(sign, radixPrefix, digits)) return undefined;
  // `-0` is the integer 0, which JSON writes as 0.
  return sign === '-' && magnitude !== 0 ? -magnitude : magnitude;
}

function finiteFloat(value: number): Resolved {
  return Number.isFinite(value) ? { kind: 'float', value } : STRING;
}

/** How go-yaml v2 resolves an untagged plain scalar. */
export function resolvePlainScalar(text: string): Resolved {
  const first = text.charCodeAt(0);
  // Most scalars (keys, names, images) are words longer than any entry of TABLE, and no number starts with a letter:
  // such a text is a string without a look-up.
  if (text.length > LONGEST_FIXED && ((first >= 0x61 && first <= 0x7a) || (first >= 0x41 && first <= 0x5a))) return STRING;
  const fixed = TABLE.get(text);
  if (fixed) return fixed;
  const isDigit = first >= 0x30 && first <= 0x39;
  if (isDigit || first === 0x2b /* + */ || first === 0x2d /* - */) {
    const plain = text.includes('_') ? text.replaceAll('_', '') : text;
    const integer = goInteger(plain);
    if (integer !== undefined) return { kind: 'int', value: integer };
    // Go's ParseFloat refuses a number past the double's range (`1e400`): go-yaml keeps the text, a string.
    if (YAML_STYLE_FLOAT.test(plain)) return finiteFloat(Number(plain));
    return STRING;
  }
  if (first === 0x2e /* . */ && DOT_FLOAT.test(text)) return finiteFloat(Number(text.replaceAll('_', '')));
  return STRING;
}

// js-yaml asks each implicit type in turn whether it resolves a plain scalar, then constructs it: one resolution
// serves the four types through a one-entry cache.
let lastText: string | undefined;
let lastResolved: Resolved = STRING;
function resolved(text: string): Resolved {
  if (text !== lastText) {
    lastText = text;
    lastResolved = resolvePlainScalar(text);
  }
  return lastResolved;
}

function scalarType(library: typeof jsYaml, tag: string, kind: Resolved['kind']): jsYaml.Type {
  return new library.Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (data: string | null) => (data === null ? kind === 'null' : resolved(data).kind === kind),
    construct: (data: string | null) => {
      if (data === null) return null;
      const result = resolved(data);
      return 'value' in result ? result.value : data;
    },
  });
}

let schema: jsYaml.Schema | undefined;

/**
 * js-yaml's failsafe schema (strings, lists, mappings) with go-yaml v2's implicit scalars, `<<` merge keys and
 * `!!binary`; made when js-yaml is first needed (most runs read every file with block-reader.ts).
 */
export function kubernetesSchema(): jsYaml.Schema {
  if (schema) return schema;
  const library = jsYamlLibrary();
  // js-yaml exports its built-in types, `merge` (`<<`) among them, though @types/js-yaml does not declare them.
  const { merge } = (library as unknown as { types: { merge: jsYaml.Type } }).types;
  /**
   * `!!binary`: go-yaml decodes the base64 and keeps the bytes as a string, which the step to JSON writes as a JSON
   * string (bytes that are not UTF-8 as U+FFFD, as here). Base64 Go does not decode makes go-yaml refuse the document:
   * js-yaml refuses it too (no type resolves it), and the file goes to the precise reader, which says so.
   */
  const binary = new library.Type('tag:yaml.org,2002:binary', {
    kind: 'scalar',
    resolve: (data: string | null) => data !== null && decodeGoBase64(data) !== undefined,
    construct: (data: string) => decodeGoBase64(data)?.toString('utf8') ?? data,
  });
  schema = library.FAILSAFE_SCHEMA.extend({
    implicit: [scalarType(library, 'null', 'null'), scalarType(library, 'bool', 'bool'), scalarType(library, 'int', 'int'), scalarType(library, 'float', 'float'), merge],
    explicit: [binary],
  });
  return schema;
}
