import type {
  ConfigMapKeySelector,
  Container,
  EnvFromSource,
  EnvVar,
  ObjectFieldSelector,
  ResourceFieldSelector,
} from 'kubernetes-types/core/v1.js';
import type { ContainerView } from '../../../src/kubernetes/pod.js';
import { isPlainObject, type PlainObject, type Unchecked } from '../../../src/kubernetes/values.js';
import type { JsonPath } from '../../../src/yaml/json-path.js';
import type { ApiCheck, ApiCheckContext } from './context.js';
import {
  configMapKeyProblems,
  dnsSubdomainProblems,
  envVarNameProblems,
  joinProblems,
  qualifiedNameProblems,
} from './field-formats.js';
import { parseQuantity, equalsExactly } from './quantity.js';

/*
 * ValidateEnv, validateEnvVarValueFrom and ValidateEnvFrom of pkg/apis/core/validation. Names follow the
 * RelaxedEnvironmentVariableValidation gate: strict before 1.32, any printable ASCII but `=` from 1.32 (beta, on by
 * default; GA in 1.34). An empty fieldRef.apiVersion is not reported: it is defaulted to v1.
 */

/**
 * The sources validateEnvVarValueFrom counts (EnvVarSource's fields); `fileKeyRef` (EnvFiles, 1.34+, newer than
 * kubernetes-types) counts as one too.
 */
const VALUE_FROM_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'] as const;

/** Pod fields ConvertDownwardAPIFieldLabel knows (`spec.host` is an old spelling of `spec.nodeName`). */
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

/** Of those, what an env var may read (validEnvDownwardAPIFieldPathExpressions), besides subscripted labels and annotations. */
const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];

const ENV_RESOURCES = [
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
];

export const checkEnv: ApiCheck = (context) => {
  const relaxed = context.atLeast(32);
  for (const container of context.pod.containers) {
    const raw = container.raw as Unchecked<Container>;
    if (Array.isArray(raw.env)) {
      raw.env.forEach((variable: unknown, index) => {
        if (isPlainObject(variable)) checkVariable(context, container, variable, [...container.path, 'env', index], relaxed);
      });
    }
    if (Array.isArray(raw.envFrom)) {
      raw.envFrom.forEach((source: unknown, index) => {
        if (isPlainObject(source)) {
          checkEnvFrom(context, container, source, [...container.path, 'envFrom'], index, relaxed);
        }
      });
    }
  }
};

function nameFix(relaxed: boolean): string {
  return relaxed
    ? "Remove the '=' and any non-ASCII or control characters."
    : 'Use letters, digits, `_`, `-` and `.`, not starting with a digit, e.g. `LOG_LEVEL` (Kubernetes 1.32 and later accept any printable ASCII but `=`).';
}

function checkVariable(context: ApiCheckContext, container: ContainerView, variable: PlainObject, path: JsonPath, relaxed: boolean): void {
  const fields = variable as Unchecked<EnvVar>;
  const owner = `container \`${container.name ?? '?'}\``;
  const name = fields.name;
  if (name === '') {
    context.reject({
      path: [...path, 'name'],
      type: 'Required value',
      detail: `An env entry of ${owner} has an empty name`,
      fix: 'Name the variable.',
    });
  } else if (typeof name === 'string') {
    const problems = envVarNameProblems(name, relaxed);
    if (problems.length > 0) {
      context.reject({
        path: [...path, 'name'],
        type: 'Invalid value',
        detail: `Environment variable name \`${name}\` of ${owner} is not valid: ${joinProblems(problems)}`,
        fix: nameFix(relaxed),
      });
    }
  }

  const valueFrom = fields.valueFrom;
  if (!isPlainObject(valueFrom)) return;
  const fromPath = [...path, 'valueFrom'];
  // A source of the wrong type (a string) is the schema's; counting around it would guess.
  const sources = VALUE_FROM_SOURCES.filter((source) => valueFrom[source] !== undefined && valueFrom[source] !== null);
  if (sources.some((source) => !isPlainObject(valueFrom[source]))) return;
  const label = typeof name === 'string' ? `\`${name}\`` : 'an env var';
  if (sources.length === 0) {
    context.reject({
      path: fromPath,
      type: 'Invalid value',
      detail: `valueFrom of ${label} in ${owner} must specify one of: \`fieldRef\`, \`resourceFieldRef\`, \`configMapKeyRef\` or \`secretKeyRef\``,
      fix: 'Add the source, or replace `valueFrom` with `value`.',
    });
    return;
  }
  if (typeof fields.value === 'string' && fields.value.length > 0) {
    context.reject({
      path: fromPath,
      type: 'Invalid value',
      detail: `${label} in ${owner} has both \`value\` and \`valueFrom\`: valueFrom may not be specified when \`value\` is not empty`,
      fix: 'Keep one of them.',
    });
  } else if (sources.length > 1) {
    context.reject({
      path: fromPath,
      type: 'Invalid value',
      detail: `valueFrom of ${label} in ${owner} names ${sources.map((source) => `\`${source}\``).join(' and ')}: may not have more than one field specified at a time`,
      fix: 'Keep one source per variable; use another variable for the other.',
    });
  }
  for (const source of sources) {
    const selector = valueFrom[source] as PlainObject;
    const selectorPath = [...fromPath, source];
    if (source === 'fieldRef') checkFieldRef(context, label, owner, selector as Unchecked<ObjectFieldSelector>, selectorPath);
    else if (source === 'resourceFieldRef') checkResourceFieldRef(context, label, owner, selector as Unchecked<ResourceFieldSelector>, selectorPath);
    else if (source === 'configMapKeyRef' || source === 'secretKeyRef') {
      checkKeySelector(context, label, owner, source, selector as Unchecked<ConfigMapKeySelector>, selectorPath);
    }
  }
}

/** `metadata.annotations['x']` → [`metadata.annotations`, `x`] (fieldpath.SplitMaybeSubscriptedPath). */
function splitSubscript(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const inner = fieldPath.slice(0, -2);
  const at = inner.indexOf("['");
  if (at <= 0) return undefined;
  return [inner.slice(0, at), inner.slice(at + 2)];
}

function checkFieldRef(context: ApiCheckContext, label: string, owner: string, ref: Unchecked<ObjectFieldSelector>, path: JsonPath): void {
  const apiVersion = ref.apiVersion;
  const fieldPath = ref.fieldPath;
  if (typeof fieldPath !== 'string') return;
  const fieldPathPath = [...path, 'fieldPath'];
  if (fieldPath === '') {
    context.reject({ path: fieldPathPath, type: 'Required value', detail: `fieldRef of ${label} in ${owner} has an empty fieldPath`, fix: 'Name the pod field, e.g. `metadata.name`.' });
    return;
  }
  if (typeof apiVersion === 'string' && apiVersion !== '' && apiVersion !== 'v1') {
    context.reject({
      path: fieldPathPath,
      type: 'Invalid value',
      detail: `fieldRef of ${label} in ${owner} asks for apiVersion \`${apiVersion}\`: error converting fieldPath: unsupported pod version: ${apiVersion}`,
      fix: 'Use `apiVersion: v1` or leave it out.',
    });
    return;
  }
  const subscripted = splitSubscript(fieldPath);
  if (subscripted !== undefined) {
    const [base, key] = subscripted;
    if (base !== 'metadata.annotations' && base !== 'metadata.labels') {
      context.reject({
        path: fieldPathPath,
        type: 'Invalid value',
        detail: `fieldRef of ${label} in ${owner} reads \`${fieldPath}\`: error converting fieldPath: field label does not support subscript: ${fieldPath}`,
        fix: "Only `metadata.labels['<key>']` and `metadata.annotations['<key>']` take a subscript.",
      });
      return;
    }
    const problems = qualifiedNameProblems(base === 'metadata.annotations' ? key.toLowerCase() : key);
    if (problems.length > 0) {
      context.reject({
        path,
        type: 'Invalid value',
        detail: `fieldRef of ${label} in ${owner} reads the ${base === 'metadata.labels' ? 'label' : 'annotation'} \`${key}\`, which is not a valid key: ${joinProblems(problems)}`,
        fix: "Write the key as it appears on the pod, e.g. `metadata.labels['app.kubernetes.io/name']`.",
      });
    }
    return;
  }
  if (!CONVERTIBLE_FIELD_PATHS.has(fieldPath)) {
    context.reject({
      path: fieldPathPath,
      type: 'Invalid value',
      detail: `fieldRef of ${label} in ${owner} reads \`${fieldPath}\`: error converting fieldPath: field label not supported: ${fieldPath}`,
      fix: `An env var can read ${ENV_FIELD_PATHS.map((field) => `\`${field}\``).join(', ')}, or one label or annotation.`,
    });
    return;
  }
  if (fieldPath !== 'spec.host' && !ENV_FIELD_PATHS.includes(fieldPath)) {
    const whole = fieldPath === 'metadata.labels' || fieldPath === 'metadata.annotations';
    context.reject({
      path: fieldPathPath,
      type: 'Unsupported value',
      detail: `fieldRef of ${label} in ${owner} reads \`${fieldPath}\`, which an env var cannot: supported values: ${ENV_FIELD_PATHS.map((field) => `"${field}"`).join(', ')}`,
      fix: whole
        ? `Read one key (\`${fieldPath}['<key>']\`), or mount all of them with a downwardAPI volume.`
        : 'Use a downwardAPI volume for it, or one of the supported fields.',
    });
  }
}

/** Divisors the API server accepts, by value: 1 and 1m for cpu; 1 and the decimal and binary units for the rest. */
function divisorAllowed(resource: string, divisor: ReturnType<typeof parseQuantity>): boolean {
  if (divisor === undefined || equalsExactly(divisor, 0n)) return true;
  if (resource.endsWith('.cpu')) return equalsExactly(divisor, 1n) || equalsExactly(divisor, 1n, 3);
  const units = [1n, ...[1n, 2n, 3n, 4n, 5n, 6n].flatMap((power) => [1000n ** power, 1024n ** power])];
  return units.some((unit) => equalsExactly(divisor, unit));
}

function checkResourceFieldRef(context: ApiCheckContext, label: string, owner: string, ref: Unchecked<ResourceFieldSelector>, path: JsonPath): void {
  const resource = ref.resource;
  if (typeof resource !== 'string') return;
  if (resource === '') {
    context.reject({ path: [...path, 'resource'], type: 'Required value', detail: `resourceFieldRef of ${label} in ${owner} has an empty resource`, fix: 'Name the resource, e.g. `limits.memory`.' });
    return;
  }
  const hugepages = resource.startsWith('requests.hugepages-') || resource.startsWith('limits.hugepages-');
  if (!ENV_RESOURCES.includes(resource) && !hugepages) {
    context.reject({
      path: [...path, 'resource'],
      type: 'Unsupported value',
      detail: `resourceFieldRef of ${label} in ${owner} reads \`${resource}\`: supported values: ${ENV_RESOURCES.map((value) => `"${value}"`).join(', ')} (and requests/limits of hugepages-<size>)`,
      fix: 'Name a request or limit of the container, e.g. `limits.memory`.',
    });
    return;
  }
  const divisor = parseQuantity(ref.divisor);
  if (ref.divisor === undefined || ref.divisor === null || divisorAllowed(resource, divisor)) return;
  const cpu = resource.endsWith('.cpu');
  context.reject({
    path: [...path, 'divisor'],
    type: 'Invalid value',
    detail: `resourceFieldRef of ${label} in ${owner} divides \`${resource}\` by ${String(ref.divisor)}: ${cpu ? "only divisor's values 1m and 1 are supported with the cpu resource" : "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported"}`,
    fix: cpu ? 'Use `divisor: 1m` (millicores) or `divisor: 1` (cores).' : 'Use a unit such as `1Mi`.',
  });
}

function checkKeySelector(
  context: ApiCheckContext,
  label: string,
  owner: string,
  source: 'configMapKeyRef' | 'secretKeyRef',
  ref: Unchecked<ConfigMapKeySelector>,
  path: JsonPath,
): void {
  const kind = source === 'configMapKeyRef' ? 'ConfigMap' : 'Secret';
  const name = ref.name ?? '';
  if (typeof name === 'string') {
    const problems = dnsSubdomainProblems(name);
    if (problems.length > 0) {
      context.reject({
        path: [...path, 'name'],
        type: 'Invalid value',
        detail:
          name === ''
            ? `${source} of ${label} in ${owner} names no ${kind}: the name "" is not a valid ${kind} name`
            : `${source} of ${label} in ${owner} names the ${kind} \`${name}\`, which is not a valid name: ${joinProblems(problems)}`,
        fix: `Give the ${kind}'s metadata.name (lower case letters, digits, '-' and '.').`,
      });
    }
  }
  const key = ref.key;
  if (key === '') {
    context.reject({ path: [...path, 'key'], type: 'Required value', detail: `${source} of ${label} in ${owner} has an empty key`, fix: `Name the key of the ${kind} to read.` });
  } else if (typeof key === 'string') {
    const problems = configMapKeyProblems(key);
    if (problems.length > 0) {
      context.reject({
        path: [...path, 'key'],
        type: 'Invalid value',
        detail: `${source} of ${label} in ${owner} reads key \`${key}\`, which no ${kind} can have: ${joinProblems(problems)}`,
        fix: 'Keys hold letters, digits, `-`, `_` and `.` only.',
      });
    }
  }
}

/** The envFrom list itself is the API server's path for a source count problem, so every such finding names the entry. */
function checkEnvFrom(context: ApiCheckContext, container: ContainerView, source: PlainObject, listPath: JsonPath, index: number, relaxed: boolean): void {
  const fields = source as Unchecked<EnvFromSource>;
  const owner = `container \`${container.name ?? '?'}\``;
  const path = [...listPath, index];
  const prefix = fields.prefix;
  if (typeof prefix === 'string' && prefix.length > 0) {
    const problems = envVarNameProblems(prefix, relaxed);
    if (problems.length > 0) {
      context.reject({
        path: [...path, 'prefix'],
        type: 'Invalid value',
        detail: `envFrom prefix \`${prefix}\` of ${owner} is not a valid environment variable name: ${joinProblems(problems)}`,
        fix: nameFix(relaxed),
      });
    }
  }
  const refs = (['configMapRef', 'secretRef'] as const).filter((ref) => fields[ref] !== undefined && fields[ref] !== null);
  if (refs.some((ref) => !isPlainObject(fields[ref]))) return;
  if (refs.length !== 1) {
    context.reject({
      path: listPath,
      type: 'Invalid value',
      detail:
        refs.length === 0
          ? `envFrom entry ${index} of ${owner} must specify one of: \`configMapRef\` or \`secretRef\``
          : `envFrom entry ${index} of ${owner} names both \`configMapRef\` and \`secretRef\`: may not have more than one field specified at a time`,
      fix: refs.length === 0 ? 'Name the ConfigMap or Secret to read.' : 'Split it into two envFrom entries.',
    });
  }
  for (const ref of refs) {
    const name = (fields[ref] as PlainObject).name;
    const refPath = [...path, ref, 'name'];
    const kind = ref === 'configMapRef' ? 'ConfigMap' : 'Secret';
    if (name === undefined || name === null || name === '') {
      context.reject({ path: refPath, type: 'Required value', detail: `envFrom ${ref} of ${owner} names no ${kind}`, fix: `Give the ${kind}'s metadata.name.` });
      continue;
    }
    if (typeof name !== 'string') continue;
    // A prefix name (NameIsDNSSubdomain with prefix=true) may end in '-'.
    const problems = dnsSubdomainProblems(name.endsWith('-') ? `${name.slice(0, -1)}a` : name);
    if (problems.length > 0) {
      context.reject({
        path: refPath,
        type: 'Invalid value',
        detail: `envFrom ${ref} of ${owner} names the ${kind} \`${name}\`, which is not a valid name: ${joinProblems(problems)}`,
        fix: `Give the ${kind}'s metadata.name (lower case letters, digits, '-' and '.').`,
      });
    }
  }
}
