import type { ObjectFieldSelector, ResourceFieldSelector } from 'kubernetes-types/core/v1.js';
import type { Unchecked } from '../../../src/kubernetes/values.js';
import type { JsonPath } from '../../../src/yaml/json-path.js';
import type { ApiCheckContext } from './context.js';
import { joinProblems, listOf, qualifiedNameProblems } from './formats.js';
import { equalsExactly, parseQuantity, type Quantity } from './quantity.js';

/*
 * The downward API as the API server checks it (validateObjectFieldSelector and
 * validateContainerResourceFieldSelector of pkg/apis/core/validation), for an env var's valueFrom and for a
 * downwardAPI volume's files alike. What differs between the two is data, in a `DownwardApiReader`: which pod
 * fields each may read, and that a volume file must name the container whose resources it reports.
 */

/** Who reads the downward API, and what it may read. */
export interface DownwardApiReader {
  /** For messages: `an env var`, `a downwardAPI volume`. */
  who: string;
  /** The pod fields it may read without a subscript (validEnvDownwardAPIFieldPathExpressions, ...). */
  fieldPaths: readonly string[];
  /** How a manifest asks this reader for a field, for advice: `an env var's \`valueFrom.fieldRef\``. */
  how: string;
  /** A volume is shared by the pod's containers: its resourceFieldRef must say whose resources it reports. */
  needsContainerName: boolean;
}

export const ENV_READER: DownwardApiReader = {
  who: 'an env var',
  fieldPaths: [
    'metadata.name',
    'metadata.namespace',
    'metadata.uid',
    'spec.nodeName',
    'spec.serviceAccountName',
    'status.hostIP',
    'status.hostIPs',
    'status.podIP',
    'status.podIPs',
  ],
  how: 'a downwardAPI volume (`downwardAPI.items[].fieldRef`)',
  needsContainerName: false,
};

export const VOLUME_READER: DownwardApiReader = {
  who: 'a downwardAPI volume',
  fieldPaths: ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'],
  how: "an env var's `valueFrom.fieldRef`",
  needsContainerName: true,
};

/** Pod fields ConvertDownwardAPIFieldLabel knows, before each reader narrows them; `spec.host` is read as `spec.nodeName`. */
const CONVERTIBLE_FIELD_PATHS = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
  'spec.host',
]);

/** validContainerResourceFieldPathExpressions; `requests.hugepages-<size>` and `limits.hugepages-<size>` besides. */
const CONTAINER_RESOURCES = [
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
];

/** `metadata.labels['app']` → [`metadata.labels`, `app`] (fieldpath.SplitMaybeSubscriptedPath). */
function splitSubscript(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const inner = fieldPath.slice(0, -2);
  const at = inner.indexOf("['");
  if (at <= 0) return undefined;
  return [inner.slice(0, at), inner.slice(at + 2)];
}

/**
 * A fieldRef (`path` is the fieldRef's own). `subject` names it in messages: "fieldRef of `POD_IP` in container
 * `app`". An empty apiVersion is not reported: it is defaulted to v1.
 */
export function checkFieldRef(
  context: ApiCheckContext,
  reader: DownwardApiReader,
  subject: string,
  ref: Unchecked<ObjectFieldSelector>,
  path: JsonPath,
): void {
  const { apiVersion, fieldPath } = ref;
  if (typeof fieldPath !== 'string') return;
  const at = [...path, 'fieldPath'];
  if (fieldPath === '') {
    context.reject({ path: at, type: 'Required value', detail: `${subject} has an empty fieldPath`, fix: 'Name the pod field, e.g. `metadata.name`.' });
    return;
  }
  // ConvertDownwardAPIFieldLabel's errors all name the fieldPath.
  if (typeof apiVersion === 'string' && apiVersion !== '' && apiVersion !== 'v1') {
    context.reject({
      path: at,
      type: 'Invalid value',
      detail: `${subject} asks for apiVersion \`${apiVersion}\`: error converting fieldPath: unsupported pod version: ${apiVersion}`,
      fix: 'Use `apiVersion: v1` or leave it out.',
    });
    return;
  }
  const subscripted = splitSubscript(fieldPath);
  if (subscripted !== undefined) {
    const [base, key] = subscripted;
    if (base !== 'metadata.annotations' && base !== 'metadata.labels') {
      context.reject({
        path: at,
        type: 'Invalid value',
        detail: `${subject} reads \`${fieldPath}\`: error converting fieldPath: field label does not support subscript: ${fieldPath}`,
        fix: "Only `metadata.labels['<key>']` and `metadata.annotations['<key>']` take a subscript.",
      });
      return;
    }
    // ValidateQualifiedName(subscript, fldPath): the API server names the fieldRef itself.
    const problems = qualifiedNameProblems(base === 'metadata.annotations' ? key.toLowerCase() : key);
    if (problems.length > 0) {
      context.reject({
        path,
        type: 'Invalid value',
        detail: `${subject} reads the ${base === 'metadata.labels' ? 'label' : 'annotation'} \`${key}\`, which is not a valid key: ${joinProblems(problems)}`,
        fix: "Write the key as it appears on the pod, e.g. `metadata.labels['app.kubernetes.io/name']`.",
      });
    }
    return;
  }
  if (!CONVERTIBLE_FIELD_PATHS.has(fieldPath)) {
    context.reject({
      path: at,
      type: 'Invalid value',
      detail: `${subject} reads \`${fieldPath}\`: error converting fieldPath: field label not supported: ${fieldPath}`,
      fix: `${capitalized(reader.who)} can read ${listOf(reader.fieldPaths)}, or one label or annotation (\`metadata.labels['<key>']\`).`,
    });
    return;
  }
  const converted = fieldPath === 'spec.host' ? 'spec.nodeName' : fieldPath;
  if (reader.fieldPaths.includes(converted)) return;
  context.reject({
    path: at,
    type: 'Unsupported value',
    detail: `${subject} reads \`${fieldPath}\`, which ${reader.who} cannot: supported values: ${reader.fieldPaths.map((field) => `"${field}"`).join(', ')}`,
    fix: readElsewhere(reader, converted),
  });
}

/** Where a field that `reader` cannot read is to be had: the other reader, or one key of it. */
function readElsewhere(reader: DownwardApiReader, field: string): string {
  const other = reader === ENV_READER ? VOLUME_READER : ENV_READER;
  const keyed = field === 'metadata.labels' || field === 'metadata.annotations' ? ` or read one key (\`${field}['<key>']\`)` : '';
  if (other.fieldPaths.includes(field)) return `Read it with ${other.how}${keyed}.`;
  return `Kubernetes does not expose \`${field}\` to containers this way: use one of the supported fields.`;
}

/** Divisors the API server accepts, by value: 1 and 1m for cpu; 1 and the decimal and binary units for the rest. */
function divisorAllowed(resource: string, divisor: Quantity | undefined): boolean {
  if (divisor === undefined || equalsExactly(divisor, 0n)) return true;
  if (resource.endsWith('.cpu')) return equalsExactly(divisor, 1n) || equalsExactly(divisor, 1n, 3);
  const units = [1n, ...[1n, 2n, 3n, 4n, 5n, 6n].flatMap((power) => [1000n ** power, 1024n ** power])];
  return units.some((unit) => equalsExactly(divisor, unit));
}

/** A resourceFieldRef (`path` is its own); `subject` names it in messages. */
export function checkResourceFieldRef(
  context: ApiCheckContext,
  reader: DownwardApiReader,
  subject: string,
  ref: Unchecked<ResourceFieldSelector>,
  path: JsonPath,
): void {
  const { containerName, resource } = ref;
  if (reader.needsContainerName && (containerName === undefined || containerName === null || containerName === '')) {
    context.reject({
      path: [...path, 'containerName'],
      type: 'Required value',
      detail: `${subject} has no containerName`,
      fix: 'A volume is shared by the containers of the pod: name the container whose resources it reports.',
    });
  } else if (resource === '') {
    context.reject({ path: [...path, 'resource'], type: 'Required value', detail: `${subject} has an empty resource`, fix: 'Name the resource, e.g. `limits.memory`.' });
    return;
  } else if (typeof resource === 'string' && !CONTAINER_RESOURCES.includes(resource) && !isHugePages(resource)) {
    context.reject({
      path: [...path, 'resource'],
      type: 'Unsupported value',
      detail: `${subject} reads \`${resource}\`: supported values: ${CONTAINER_RESOURCES.map((value) => `"${value}"`).join(', ')} (and requests/limits of hugepages-<size>)`,
      fix: 'Name a request or limit of the container, e.g. `limits.memory`.',
    });
    return;
  }
  if (typeof resource !== 'string' || ref.divisor === undefined || ref.divisor === null) return;
  if (!CONTAINER_RESOURCES.includes(resource) && !isHugePages(resource)) return;
  if (divisorAllowed(resource, parseQuantity(ref.divisor))) return;
  const cpu = resource.endsWith('.cpu');
  context.reject({
    path: [...path, 'divisor'],
    type: 'Invalid value',
    detail: `${subject} divides \`${resource}\` by ${String(ref.divisor)}: ${cpu ? "only divisor's values 1m and 1 are supported with the cpu resource" : "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported"}`,
    fix: cpu ? 'Use `divisor: 1m` (millicores) or `divisor: 1` (cores).' : 'Use a unit such as `1Mi`.',
  });
}

function isHugePages(resource: string): boolean {
  return resource.startsWith('requests.hugepages-') || resource.startsWith('limits.hugepages-');
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
