import type { Container, ContainerResizePolicy, PodSpec, ResourceRequirements } from 'kubernetes-types/core/v1.js';
import type { ContainerView } from '../../../src/kubernetes/pod.js';
import { isPlainObject, type PlainObject, type Unchecked } from '../../../src/kubernetes/values.js';
import type { JsonPath } from '../../../src/yaml/json-path.js';
import type { ApiCheck, ApiCheckContext } from './context.js';
import { joinProblems, qualifiedNameProblems } from './formats.js';
import { compareQuantities, isMultipleOf, isNegative, isWhole, parseQuantity, type Quantity } from './quantity.js';

/*
 * validateResourceRequirements, validateContainerResourceName, ValidateResourceQuantityValue and
 * validateResizePolicy of pkg/apis/core/validation, with the resource helpers of pkg/apis/core/helper.
 * Names: cpu, memory, ephemeral-storage and hugepages-<size> need no domain; anything else needs one
 * (`nvidia.com/gpu`). Extended resources (a domain other than *kubernetes.io) are counted in whole units and
 * cannot be overcommitted: a request needs a limit, and equals it. Quantities the parser cannot read are left
 * to schema-validation.
 */

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
/** IsStandardResourceName: names known to the system, which a container may still not request. */
const STANDARD_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'quota',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);

const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
/** In the kubernetes.io namespace: unprefixed, or with a *kubernetes.io/ prefix. */
const isNative = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
const isExtended = (name: string): boolean =>
  !isNative(name) && !name.startsWith('requests.') && qualifiedNameProblems(`requests.${name}`).length === 0;
const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const overcommitAllowed = (name: string): boolean => isNative(name) && !isHugePages(name);

export const checkResources: ApiCheck = (context) => {
  const spec = context.pod.spec as Unchecked<PodSpec>;
  const podRestartPolicy = spec.restartPolicy ?? 'Always';
  const podClaimNames = Array.isArray(spec.resourceClaims)
    ? spec.resourceClaims.flatMap((claim: unknown) => (isPlainObject(claim) && typeof claim.name === 'string' && claim.name !== '' ? [claim.name] : []))
    : [];
  // PodLevelResources is on by default from 1.34; before, the API server drops the pod's `resources` unread.
  // (The field is newer than kubernetes-types, hence read by name.)
  const podResources = (context.pod.spec as PlainObject).resources;
  if (context.atLeast(34) && isPlainObject(podResources)) checkPodResources(context, podResources, [...context.pod.specPath, 'resources']);
  for (const container of context.pod.containers) {
    const raw = container.raw as Unchecked<Container>;
    if (isPlainObject(raw.resources)) {
      checkRequirements(context, container, raw.resources, [...container.path, 'resources']);
      // DynamicResourceAllocation is on by default from 1.34; before, the API server drops resources.claims unread.
      const claims = (raw.resources as Unchecked<ResourceRequirements>).claims;
      if (context.atLeast(34) && Array.isArray(claims)) {
        checkClaims(context, container, claims, [...container.path, 'resources', 'claims'], podClaimNames);
      }
    }
    // InPlacePodVerticalScaling is on by default from 1.33; before, the API server drops resizePolicy unread.
    if (context.atLeast(33) && Array.isArray(raw.resizePolicy)) {
      checkResizePolicy(context, container, raw.resizePolicy, [...container.path, 'resizePolicy'], podRestartPolicy);
    }
  }
};

/** The API server's problems with a container resource name, in its words; none for a valid one. */
function resourceNameProblems(name: string): string[] {
  // What nearly every container asks for: valid on every count below.
  if (STANDARD_CONTAINER_RESOURCES.has(name)) return [];
  const qualified = qualifiedNameProblems(name);
  if (qualified.length > 0) return qualified;
  if (!name.includes('/')) {
    const problems: string[] = [];
    if (!STANDARD_RESOURCES.has(name) && !isHugePages(name) && !name.startsWith('requests.hugepages-')) {
      problems.push('must be a standard resource type or fully qualified');
    }
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) problems.push('must be a standard resource for containers');
    return problems;
  }
  if (!isNative(name) && !isExtended(name)) return ["doesn't follow extended resource name standard"];
  return [];
}

function nameFix(name: string): string {
  const lower = name.toLowerCase();
  if (STANDARD_CONTAINER_RESOURCES.has(lower)) return `Resource names are case-sensitive: write \`${lower}\`.`;
  if (lower === 'gpu' || lower === 'gpus') return 'Name the device plugin\'s resource with its domain, e.g. `nvidia.com/gpu`.';
  if (lower === 'storage') return 'A container asks for `ephemeral-storage`; `storage` belongs to a PersistentVolumeClaim.';
  return 'Use `cpu`, `memory`, `ephemeral-storage`, `hugepages-<size>`, or an extended resource with its domain (`example.com/device`).';
}

interface Entry {
  name: string;
  value: unknown;
  quantity: Quantity | undefined;
  path: JsonPath;
}

function entriesOf(list: unknown, path: JsonPath): Entry[] {
  if (!isPlainObject(list)) return [];
  return Object.entries(list).map(([name, value]) => ({ name, value, quantity: parseQuantity(value), path: [...path, name] }));
}

function checkRequirements(context: ApiCheckContext, container: ContainerView, resources: PlainObject, path: JsonPath): void {
  const requirements = resources as Unchecked<ResourceRequirements>;
  const owner = `container \`${container.name ?? '?'}\``;
  const limitsPath = [...path, 'limits'];
  const requestsPath = [...path, 'requests'];
  const limits = entriesOf(requirements.limits, limitsPath);
  const requests = entriesOf(requirements.requests, requestsPath);

  for (const [entries, side] of [[limits, 'limit'], [requests, 'request']] as const) {
    for (const entry of entries) checkEntry(context, owner, entry, side);
  }

  const limitByName = new Map(limits.map((entry) => [entry.name, entry]));
  for (const request of requests) {
    const limit = limitByName.get(request.name);
    if (limit === undefined) {
      if (!overcommitAllowed(request.name) && resourceNameProblems(request.name).length === 0) {
        context.reject({
          path: limitsPath,
          type: 'Required value',
          detail: `${capitalized(owner)} requests \`${request.name}\` with no limit: Limit must be set for non overcommitable resources`,
          fix: `Add \`limits: {${request.name}: ${String(request.value)}}\`, equal to the request (or give only the limit: the request defaults to it).`,
        });
      }
      continue;
    }
    if (request.quantity === undefined || limit.quantity === undefined) continue;
    const order = compareQuantities(request.quantity, limit.quantity);
    if (!overcommitAllowed(request.name) && order !== 0) {
      context.reject({
        path: requestsPath,
        type: 'Invalid value',
        detail: `${capitalized(owner)} requests ${request.quantity.text} of \`${request.name}\` but limits it to ${limit.quantity.text}: must be equal to ${request.name} limit of ${limit.quantity.text}`,
        fix: `${isHugePages(request.name) ? 'Hugepages' : 'Extended resources'} cannot be overcommitted: make the request equal the limit, or give only the limit.`,
      });
    } else if (order > 0) {
      context.reject({
        path: requestsPath,
        type: 'Invalid value',
        detail: `${capitalized(owner)} requests ${request.quantity.text} of \`${request.name}\`, more than its limit of ${limit.quantity.text}: must be less than or equal to ${request.name} limit of ${limit.quantity.text}`,
        fix: `Lower the request to at most ${limit.quantity.text}, or raise the limit.`,
      });
    }
  }

  const names = [...limits, ...requests].map((entry) => entry.name);
  if (names.some(isHugePages) && !names.some((name) => name === 'cpu' || name === 'memory')) {
    context.reject({
      path,
      type: 'Forbidden',
      detail: `${capitalized(owner)} asks for hugepages without cpu or memory: HugePages require cpu or memory`,
      fix: 'Add a memory (or cpu) request or limit beside the hugepages.',
    });
  }
}

function checkEntry(context: ApiCheckContext, owner: string, entry: Entry, side: 'limit' | 'request'): void {
  const problems = resourceNameProblems(entry.name);
  if (problems.length > 0) {
    context.reject({
      path: entry.path,
      target: 'key',
      type: 'Invalid value',
      detail: `${capitalized(owner)} has a ${side} for \`${entry.name}\`, which is not a resource a container can ask for: ${joinProblems(problems)}`,
      fix: nameFix(entry.name),
    });
  }
  const quantity = entry.quantity;
  if (quantity === undefined) return;
  const valueProblems: string[] = [];
  if (isNegative(quantity)) valueProblems.push('must be greater than or equal to 0');
  if (problems.length === 0 && isExtended(entry.name) && !isWhole(quantity)) valueProblems.push('must be an integer');
  if (problems.length === 0 && isHugePages(entry.name)) {
    const pageSize = parseQuantity(entry.name.slice('hugepages-'.length));
    if (pageSize === undefined || pageSize.numerator <= 0n || !isWhole(pageSize) || !isMultipleOf(quantity, pageSize)) {
      valueProblems.push(`${quantity.text} is not positive integer multiple of ${entry.name}`);
    }
  }
  if (valueProblems.length === 0) return;
  context.reject({
    path: entry.path,
    type: 'Invalid value',
    detail: `The ${side} of ${quantity.text} for \`${entry.name}\` in ${owner}: ${joinProblems(valueProblems)}`,
    fix: isNegative(quantity)
      ? 'Use 0 or a positive amount.'
      : isHugePages(entry.name)
        ? `Ask for a whole number of pages of ${entry.name.slice('hugepages-'.length)}.`
        : 'Extended resources are counted in whole devices: use a whole number.',
  });
}

const RESIZE_RESOURCES = ['cpu', 'memory'];
const RESIZE_POLICIES = ['NotRequired', 'RestartContainer'];

/**
 * validateResizePolicy: one entry per resource, cpu or memory, each NotRequired or RestartContainer; in a pod
 * whose restartPolicy is Never, only NotRequired (it cannot restart the container to resize it). The API server's
 * path for a bad name or policy is the list itself.
 */
function checkResizePolicy(context: ApiCheckContext, container: ContainerView, list: readonly unknown[], path: JsonPath, podRestartPolicy: unknown): void {
  const owner = `container \`${container.name ?? '?'}\``;
  const seen = new Set<string>();
  list.forEach((item, index) => {
    if (!isPlainObject(item)) return;
    const policy = item as Unchecked<ContainerResizePolicy>;
    const resourceName = policy.resourceName;
    if (typeof resourceName === 'string') {
      if (seen.has(resourceName)) {
        context.reject({
          path: [...path, index],
          type: 'Duplicate value',
          detail: `resizePolicy of ${owner} lists \`${resourceName}\` twice`,
          fix: 'Keep one entry per resource.',
        });
      }
      seen.add(resourceName);
      if (!RESIZE_RESOURCES.includes(resourceName)) {
        context.reject({
          path,
          type: resourceName === '' ? 'Required value' : 'Unsupported value',
          detail: `resizePolicy of ${owner} names resource \`${resourceName}\`: supported values: "cpu", "memory"`,
          fix: 'Only cpu and memory can be resized in place.',
        });
      }
    }
    const restartPolicy = policy.restartPolicy;
    if (typeof restartPolicy !== 'string') return;
    if (!RESIZE_POLICIES.includes(restartPolicy)) {
      context.reject({
        path,
        type: restartPolicy === '' ? 'Required value' : 'Unsupported value',
        detail: `resizePolicy of ${owner} sets restartPolicy \`${restartPolicy}\`: supported values: "NotRequired", "RestartContainer"`,
        fix: 'Use `NotRequired` (resize in place) or `RestartContainer`.',
      });
    } else if (podRestartPolicy === 'Never' && restartPolicy !== 'NotRequired') {
      context.reject({
        path,
        type: 'Invalid value',
        detail: `resizePolicy of ${owner} sets \`${restartPolicy}\` in a pod with restartPolicy Never: must be 'NotRequired' when \`restartPolicy\` is 'Never'`,
        fix: 'Use `NotRequired`: a pod that never restarts its containers cannot restart one to resize it.',
      });
    }
  });
}

/**
 * validateResourceClaimNames: a container's `resources.claims` name entries of the pod's `resourceClaims`, each
 * once (a claim, or one request of it, `name` + `request`).
 */
function checkClaims(context: ApiCheckContext, container: ContainerView, claims: readonly unknown[], path: JsonPath, podClaimNames: readonly string[]): void {
  const owner = `container \`${container.name ?? '?'}\``;
  const seen = new Set<string>();
  claims.forEach((claim, index) => {
    if (!isPlainObject(claim) || typeof claim.name !== 'string') return;
    const name = claim.name;
    const request = typeof claim.request === 'string' ? claim.request : '';
    if (name === '') {
      context.reject({ path: [...path, index], type: 'Required value', detail: `A resource claim of ${owner} has an empty name`, fix: 'Name one of the pod\'s `resourceClaims`.' });
      return;
    }
    const key = request === '' ? name : `${name}/${request}`;
    const overlaps = seen.has(key) || seen.has(name) || (request === '' && [...seen].some((entry) => entry.startsWith(`${name}/`)));
    if (overlaps) {
      context.reject({
        path: [...path, index],
        type: 'Duplicate value',
        detail: `${capitalized(owner)} names the resource claim \`${key}\` more than once`,
        fix: 'Name each claim (or each request of a claim) once.',
      });
    }
    seen.add(key);
    if (!podClaimNames.includes(name)) {
      context.reject({
        path: [...path, index],
        type: 'Not found',
        detail: `${capitalized(owner)} uses the resource claim \`${name}\`: must be one of the names in pod.spec.resourceClaims${podClaimNames.length === 0 ? ' which is empty' : `: ${[...podClaimNames].sort().join(', ')}`}`,
        fix: `Add \`${name}\` to the pod's \`resourceClaims\` (with a resourceClaimName or resourceClaimTemplateName), or name one that is there.`,
      });
    }
  });
}

/**
 * validatePodResources, in part: no claims at pod level, and no request above its limit. (How the containers'
 * requests and limits must fit inside the pod's is not checked: the aggregate depends on init containers and
 * sidecars in ways a linter would only approximate.)
 */
function checkPodResources(context: ApiCheckContext, resources: PlainObject, path: JsonPath): void {
  const requirements = resources as Unchecked<ResourceRequirements>;
  if (requirements.claims !== undefined && requirements.claims !== null) {
    context.reject({
      path: [...path, 'claims'],
      target: 'key',
      type: 'Forbidden',
      detail: 'The pod-level resources name claims: claims cannot be set for Resources at pod-level',
      fix: 'Move the claims to the containers that use them (`containers[].resources.claims`).',
    });
  }
  const limits = new Map(entriesOf(requirements.limits, [...path, 'limits']).map((entry) => [entry.name, entry]));
  for (const request of entriesOf(requirements.requests, [...path, 'requests'])) {
    const limit = limits.get(request.name);
    if (request.quantity === undefined || limit?.quantity === undefined) continue;
    if (compareQuantities(request.quantity, limit.quantity) <= 0) continue;
    context.reject({
      path: [...path, 'requests'],
      type: 'Invalid value',
      detail: `The pod requests ${request.quantity.text} of \`${request.name}\` in its pod-level resources, more than its limit of ${limit.quantity.text}: must be less than or equal to ${request.name} limit of ${limit.quantity.text}`,
      fix: `Lower the request to at most ${limit.quantity.text}, or raise the limit.`,
    });
  }
}
