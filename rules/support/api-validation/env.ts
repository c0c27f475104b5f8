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
} from './formats.js';
import { ENV_READER, checkFieldRef, checkResourceFieldRef } from './downward-api.js';

/*
 * ValidateEnv, validateEnvVarValueFrom and ValidateEnvFrom of pkg/apis/core/validation. Names follow the
 * RelaxedEnvironmentVariableValidation gate: strict before 1.32, any printable ASCII but `=` from 1.32 (beta, on by
 * default; GA in 1.34). The downward API sources are downward-api.ts's, shared with downwardAPI volumes.
 */

/**
 * The sources validateEnvVarValueFrom counts (EnvVarSource's fields); `fileKeyRef` (EnvFiles, 1.34+, newer than
 * kubernetes-types) counts as one too.
 */
const VALUE_FROM_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'] as const;

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
    const subject = `${source} of ${label} in ${owner}`;
    if (source === 'fieldRef') checkFieldRef(context, ENV_READER, subject, selector as Unchecked<ObjectFieldSelector>, selectorPath);
    else if (source === 'resourceFieldRef') {
      checkResourceFieldRef(context, ENV_READER, subject, selector as Unchecked<ResourceFieldSelector>, selectorPath);
    }
    else if (source === 'configMapKeyRef' || source === 'secretKeyRef') {
      checkKeySelector(context, label, owner, source, selector as Unchecked<ConfigMapKeySelector>, selectorPath);
    }
  }
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
