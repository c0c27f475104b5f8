/*
 * The value formats of k8s.io/apimachinery/pkg/util/validation and the path, mode and quantity checks of
 * pkg/apis/core/validation that several areas of api-validation share. Each `...Problems` function returns the
 * API server's messages for a value, in its words (none when the value is valid).
 */
import { parseQuantity } from './quantity.js';

const DNS1123_LABEL_PATTERN = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL = new RegExp(`^${DNS1123_LABEL_PATTERN}$`);
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_LABEL_PATTERN}(\\.${DNS1123_LABEL_PATTERN})*$`);
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** Printable ASCII (0x20 to 0x7e) but `=` (0x3d): what a variable name may hold from Kubernetes 1.32. */
const RELAXED_ENV_VAR_NAME = /^[\x20-\x3c\x3e-\x7e]*$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;

export const DNS1123_LABEL_MAX = 63;
const DNS1123_SUBDOMAIN_MAX = 253;

/** Whether a name is a DNS-1123 label: what `dnsLabelProblems` finds nothing wrong with, without its words. */
export function isDnsLabel(value: string): boolean {
  return value.length <= DNS1123_LABEL_MAX && DNS1123_LABEL.test(value);
}

/** In the API server's words (IsDNS1123Label), for a name that is not empty. */
export function dnsLabelProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > DNS1123_LABEL_MAX) problems.push(`must be no more than ${DNS1123_LABEL_MAX} characters`);
  if (!DNS1123_LABEL.test(value)) {
    problems.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and " +
        "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is " +
        "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    );
  }
  return problems;
}

/** In the API server's words (IsDNS1123Subdomain), for a name that is not empty. */
export function dnsSubdomainProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX) problems.push(`must be no more than ${DNS1123_SUBDOMAIN_MAX} characters`);
  if (!DNS1123_SUBDOMAIN.test(value)) {
    problems.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must " +
        "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
        "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  }
  return problems;
}

/**
 * Qualified names already found valid: label keys and resource names (`app.kubernetes.io/name`, `cpu`) come back in
 * pod after pod. Emptied when full, so a run of unique names costs no more memory than this.
 */
const validQualifiedNames = new Set<string>();
const MAX_REMEMBERED_NAMES = 4096;

/** A qualified name (`app.kubernetes.io/name`, `MyName`): an optional DNS subdomain prefix and a 63-character name. */
export function qualifiedNameProblems(value: string): string[] {
  if (validQualifiedNames.has(value)) return [];
  const problems = readQualifiedName(value);
  if (problems.length === 0) {
    if (validQualifiedNames.size >= MAX_REMEMBERED_NAMES) validQualifiedNames.clear();
    validQualifiedNames.add(value);
  }
  return problems;
}

function readQualifiedName(value: string): string[] {
  const parts = value.split('/');
  let name = value;
  const problems: string[] = [];
  if (parts.length === 2) {
    const [prefix = '', rest = ''] = parts;
    name = rest;
    if (prefix.length === 0) problems.push('prefix part must be non-empty');
    else problems.push(...dnsSubdomainProblems(prefix).map((problem) => `prefix part ${problem}`));
  } else if (parts.length > 2) {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " +
        "alphanumeric character, with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) problems.push('name part must be non-empty');
  else {
    if (name.length > 63) problems.push('name part must be no more than 63 characters');
    if (!QUALIFIED_NAME_PART.test(name)) {
      problems.push(
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " +
          "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc')",
      );
    }
  }
  return problems;
}

/**
 * The closest DNS-1123 label to a name that is not one: `logShipper` → `log-shipper`, `db_proxy` → `db-proxy`.
 * Undefined when nothing usable is left.
 */
export function suggestDnsLabel(value: string): string | undefined {
  const suggestion = trimDashes(value
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, DNS1123_LABEL_MAX));
  return suggestion !== '' && DNS1123_LABEL.test(suggestion) ? suggestion : undefined;
}

/** `text` without the dashes it starts and ends with; a scan, as `/-+$/` is quadratic on a run of dashes. */
function trimDashes(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charAt(start) === '-') start++;
  while (end > start && text.charAt(end - 1) === '-') end--;
  return text.slice(start, end);
}

export const PORT_RANGE_MESSAGE = 'must be between 1 and 65535, inclusive';

/** An IANA_SVC_NAME (RFC 6335): what container port names and named probe ports must be. */
export function portNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name.length > 15) problems.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) problems.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) problems.push('must contain at least one letter (a-z)');
  if (name.includes('--')) problems.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) problems.push('must not begin or end with a hyphen');
  return problems;
}

export function isPortNumber(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

/**
 * A lower-case name an IANA service name would accept, for a suggestion: `Metrics_HTTP` → `metrics-http`;
 * undefined when nothing usable is left.
 */
export function suggestedPortName(name: string): string | undefined {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  const short = cleaned.length > 15 ? cleaned.slice(0, 15).replace(/-$/, '') : cleaned;
  return /[a-z]/.test(short) ? short : undefined;
}

/** A label value (IsValidLabelValue): empty, or up to 63 characters of the qualified name part's alphabet. */
export function labelValueProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > 63) problems.push('must be no more than 63 characters');
  if (value !== '' && !QUALIFIED_NAME_PART.test(value)) {
    problems.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must " +
        "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345')",
    );
  }
  return problems;
}

/**
 * ValidateLabels: every key a qualified name, every value a label value. One message per bad entry, for a map
 * the API server names as a whole; entries of another type are the schema's.
 */
export function labelsProblems(labels: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const keyProblems = qualifiedNameProblems(key);
    if (keyProblems.length > 0) problems.push(`key \`${key}\`: ${joinProblems(keyProblems)}`);
    // What labelValueProblems accepts, asked first: nearly every value is valid.
    if (typeof value !== 'string' || value === '' || (value.length <= 63 && QUALIFIED_NAME_PART.test(value))) continue;
    const valueProblems = labelValueProblems(value);
    if (valueProblems.length > 0) problems.push(`value \`${value}\` of \`${key}\`: ${joinProblems(valueProblems)}`);
  }
  return problems;
}

/** `.`, `..` and names starting with `..` would move a path out of its directory. */
function chdirProblems(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  if (value.startsWith('..')) return ["must not start with '..'"];
  return [];
}

/**
 * An environment variable name (or envFrom prefix). Before the RelaxedEnvironmentVariableValidation gate was on
 * by default (Kubernetes 1.32), a C-like identifier that may hold `-` and `.`; from then, any printable ASCII but `=`.
 */
export function envVarNameProblems(value: string, relaxed: boolean): string[] {
  if (relaxed) {
    return RELAXED_ENV_VAR_NAME.test(value)
      ? []
      : ["a valid environment variable name must consist only of printable ASCII characters other than '='"];
  }
  const problems: string[] = [];
  if (!ENV_VAR_NAME.test(value)) {
    problems.push(
      "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must " +
        "not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1')",
    );
  }
  return [...problems, ...chdirProblems(value)];
}

/** A ConfigMap or Secret key. */
export function configMapKeyProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > 253) problems.push('must be no more than 253 characters');
  if (!CONFIG_MAP_KEY.test(value)) {
    problems.push(
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or " +
        "'KEY_NAME',  or 'key-name')",
    );
  }
  return [...problems, ...chdirProblems(value)];
}

export function httpHeaderNameProblems(value: string): string[] {
  return HTTP_HEADER_NAME.test(value)
    ? []
    : ["a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name')"];
}

/**
 * Whether a path has a `..` element (validatePathNoBacksteps: only whole elements count, `a..b` is fine). The
 * API server splits on `/` only: it runs on Linux, where filepath.ToSlash leaves a backslash alone.
 */
export function hasBacksteps(path: string): boolean {
  return path.split('/').includes('..');
}

/** A path that must stay below a directory (validateLocalDescendingPath): relative, with no `..` element. */
export function localDescendingPathProblems(path: string): string[] {
  const problems: string[] = [];
  if (path.startsWith('/')) problems.push('must be a relative path');
  if (hasBacksteps(path)) problems.push("must not contain '..'");
  return problems;
}

/**
 * A file a volume projects (validateLocalNonReservedPath): a descending path that does not start with `..`
 * either (`..data` is where the kubelet keeps a projected volume's files).
 */
export function localNonReservedPathProblems(path: string): string[] {
  const problems = localDescendingPathProblems(path);
  if (path.startsWith('..') && !path.startsWith('../')) problems.push("must not start with '..'");
  return problems;
}

export const FILE_MODE_MESSAGE = 'must be a number between 0 and 0777 (octal), both inclusive';

/**
 * For a file mode outside 0–0777, what to write instead. YAML reads `0644` as octal and `644` as the decimal
 * 644 (01204), which the API server refuses; the digits of such a number are what its author meant.
 */
export function fileModeFix(mode: number): string {
  const digits = String(mode);
  if (/^[0-7]{3}$/.test(digits)) {
    const meant = Number.parseInt(digits, 8);
    return `YAML reads \`${digits}\` as a decimal number: write \`0${digits}\` (octal) or \`${meant}\`.`;
  }
  return 'Write the permission bits in octal with a leading zero, e.g. `0644`, or as the decimal `420`.';
}

/** A file mode the API server refuses: an integer outside 0–0777. Values of another type are the schema's. */
export function isBadFileMode(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && (value < 0 || value > 0o777);
}

/** Whether a resource quantity (`-1Gi`, `-5`) is below zero; false for what is no quantity at all. */
export function isNegativeQuantity(value: unknown): boolean {
  const quantity = parseQuantity(value);
  return quantity !== undefined && quantity.numerator < 0n;
}

/** Whether a quantity is positive (a PVC's storage request); undefined for what is no quantity. */
export function isPositiveQuantity(value: unknown): boolean | undefined {
  const quantity = parseQuantity(value);
  return quantity === undefined ? undefined : quantity.numerator > 0n;
}


/** UIDs and GIDs the API server accepts: 0 to 2^31 - 1. */
export const ID_RANGE_MESSAGE = 'must be between 0 and 2147483647, inclusive';

export function isValidId(value: number): boolean {
  return value >= 0 && value <= 2147483647;
}

/** Several messages for one node read as one: `must be no more than 15 characters; must not ...`. */
export function joinProblems(problems: readonly string[]): string {
  return problems.join('; ');
}

/** A YAML value that is an integer, as Kubernetes' int32/int64 fields need; anything else is the schema's. */
export function integerOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** `a`, `b` or `c` (or `and`) for messages. */
export function listOf(values: readonly string[], conjunction: 'or' | 'and' = 'or'): string {
  const quoted = values.map((value) => `\`${value}\``);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted[quoted.length - 1] ?? ''}`;
}
