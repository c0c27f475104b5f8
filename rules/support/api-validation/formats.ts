/*
 * The value formats of k8s.io/apimachinery/pkg/util/validation and the path and mode checks of
 * pkg/apis/core/validation, with the API server's own wording: what several areas of api-validation share.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export const DNS1123_LABEL_MAX = 63;
const DNS1123_SUBDOMAIN_MAX = 253;

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

/** Whether a label or annotation key (`app`, `example.com/tier`) is what Kubernetes calls a qualified name. */
export function isQualifiedName(value: string): boolean {
  const parts = value.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1] ?? '';
  const prefix = parts.length === 2 ? (parts[0] ?? '') : undefined;
  if (prefix !== undefined && (prefix === '' || dnsSubdomainProblems(prefix).length > 0)) return false;
  return name.length <= 63 && QUALIFIED_NAME_PART.test(name);
}

/**
 * The closest DNS-1123 label to a name that is not one: `logShipper` → `log-shipper`, `db_proxy` → `db-proxy`.
 * Undefined when nothing usable is left.
 */
export function suggestDnsLabel(value: string): string | undefined {
  const suggestion = value
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, DNS1123_LABEL_MAX)
    .replace(/^-+|-+$/g, '');
  return suggestion !== '' && DNS1123_LABEL.test(suggestion) ? suggestion : undefined;
}

/**
 * Whether a path has a `..` element (validatePathNoBacksteps: only whole elements count, `a..b` is fine). The
 * API server splits on `/` only: it runs on Linux, where filepath.ToSlash leaves a backslash alone.
 */
export function hasBacksteps(path: string): boolean {
  return path.split('/').includes('..');
}

/**
 * What the API server says of a path that must stay inside a volume (ValidateLocalNonReservedPath): relative,
 * no `..` element, not starting with `..` (`..data` is where the kubelet keeps a projected volume's files).
 */
export function localPathProblems(path: string): string[] {
  const problems: string[] = [];
  if (path.startsWith('/')) problems.push('must be a relative path');
  if (hasBacksteps(path)) problems.push("must not contain '..'");
  else if (path.startsWith('..')) problems.push("must not start with '..'");
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

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/;

/** Whether a resource quantity (`-1Gi`, `-5`) is below zero; false for what is no quantity at all. */
export function isNegativeQuantity(value: unknown): boolean {
  if (typeof value === 'number') return value < 0;
  if (typeof value !== 'string') return false;
  const match = QUANTITY.exec(value.trim());
  return match !== null && match[1] === '-' && /[1-9]/.test(match[2] ?? '');
}

/** Whether a quantity is positive (a PVC's storage request); undefined for what is no quantity. */
export function isPositiveQuantity(value: unknown): boolean | undefined {
  if (typeof value === 'number') return value > 0;
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value.trim());
  if (match === null) return undefined;
  return match[1] !== '-' && /[1-9]/.test(match[2] ?? '');
}

/** A string the API server treats as empty: `""`. An absent field is the schema's to report when required. */
export function isEmptyString(value: unknown): value is '' {
  return value === '';
}

/** `a`, `b` or `c` (or `and`) for messages. */
export function listOf(values: readonly string[], conjunction: 'or' | 'and' = 'or'): string {
  const quoted = values.map((value) => `\`${value}\``);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted[quoted.length - 1] ?? ''}`;
}
