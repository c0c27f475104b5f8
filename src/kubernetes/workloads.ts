import type { JsonPath } from '../yaml/json-path.js';
import { isPlainObject, type PlainObject } from './values.js';

/**
 * Where each kind that runs pods keeps its pod spec (RULES.md, "Words"), keyed by API group and kind, never by
 * kind alone: a `Service` of the core group is no Knative Service, a `Rollout` of another group no Argo Rollout.
 * The one table every rule relies on: a kind missing here (or in the config's `podSpecs`) is a kind no rule sees.
 */

/**
 * The way to a pod spec from the object's root: field names, `EVERY_ITEM` where a list holds one pod spec in
 * each of its items (a JobSet's `spec.replicatedJobs[*]`), and `EVERY_VALUE` where a mapping holds one in each
 * of its values (Kubeflow's `spec.pytorchReplicaSpecs.*`), so one object can hold several pod specs.
 */
export const EVERY_ITEM = '[*]';
export const EVERY_VALUE = '*';
export type PodSpecPattern = readonly string[];

/**
 * The config file's syntax for where pod specs sit: field names joined by dots, a field followed by `[*]` for
 * every item of a list (`spec.replicatedJobs[*].template.spec.template.spec`), `*` for every value of a mapping
 * (`spec.pytorchReplicaSpecs.*.template.spec`). It ends with a field name, the pod spec, whose sibling
 * `metadata` is the pod's metadata. Undefined for a path that does not follow it.
 */
export function parsePodSpecPath(dotted: string): PodSpecPattern | undefined {
  if (!POD_SPEC_PATH.test(dotted)) return undefined;
  return dotted.split('.').flatMap((part) => (part.endsWith(EVERY_ITEM) ? [part.slice(0, -EVERY_ITEM.length), EVERY_ITEM] : [part]));
}

/** The syntax of parsePodSpecPath, also in schemas/config.schema.json. */
export const POD_SPEC_PATH_SYNTAX = '^(([A-Za-z_][A-Za-z0-9_-]*(\\[\\*\\])?|\\*)\\.)*[A-Za-z_][A-Za-z0-9_-]*$';
const POD_SPEC_PATH = new RegExp(POD_SPEC_PATH_SYNTAX);

/** What a kind that runs pods is, for the rules and their messages. */
export interface WorkloadKind {
  /** `apps`, `argoproj.io`; `` for the core group. */
  group: string;
  kind: string;
  /** Where its pod specs sit. */
  pattern: PodSpecPattern;
  /** A kind Kubernetes serves itself: the API server validates its pod template when the object is applied. */
  builtIn: boolean;
  /** Its pods run to completion (a Job's pods), rather than serve until replaced. */
  runsToCompletion: boolean;
  /**
   * What becomes of an object whose pod spec Kubernetes' pod validation refuses, as a message clause
   * (`the API server rejects the Deployment`). Absent: the generic words for a custom resource.
   */
  rejection?: string;
  /**
   * The names this kind's controller gives the containers of a list written without one: Knative names them
   * from its `container-name-template`. Absent: the API server requires a name.
   */
  defaultContainerNames?: ContainerNamer;
  /**
   * Images the kind's controller fills in, by regular container name, for containers written without one: an
   * OpenShift DeploymentConfig's ImageChange triggers. Absent: an image is required.
   */
  triggeredImages?: (object: PlainObject) => ReadonlyMap<string, string>;
}

/** A pod spec of the config file's `podSpecs`: a custom resource's group, kind and where its pod specs sit. */
export interface CustomPodSpecLocation {
  group: string;
  kind: string;
  pattern: PodSpecPattern;
}

const path = (dotted: string): PodSpecPattern => parsePodSpecPath(dotted) ?? [];

/** Names for a list's containers, in order, given the names written (`undefined` where none is). */
export type ContainerNamer = (
  list: 'initContainers' | 'containers',
  written: readonly (string | undefined)[],
  taken: ReadonlySet<string>,
) => (string | undefined)[];

/**
 * Knative Serving names a nameless container from its templates (`user-container`, `init-container` by
 * default), adding `-0`, `-1`, ... when the list has several containers or the name is taken
 * (knative.dev/serving/pkg/apis/serving/v1/revision_defaults.go, applyDefaultContainerNames). A cluster can
 * change the templates; these are the defaults.
 */
const knativeContainerNames: ContainerNamer = (list, written, taken) => {
  const template = list === 'initContainers' ? 'init-container' : 'user-container';
  let suffix = 0;
  return written.map((name) => {
    if (name !== undefined) return name;
    if (written.length === 1 && !taken.has(template)) return template;
    let candidate: string;
    do candidate = `${template}-${suffix++}`;
    while (taken.has(candidate));
    return candidate;
  });
};

/**
 * An OpenShift DeploymentConfig's ImageChange triggers set the image of the containers they name, from an
 * ImageStreamTag; OpenShift's validation accepts those containers with no image
 * (openshift-apiserver pkg/apps/apis/apps/validation, handleEmptyImageReferences). The tag's name stands in
 * for the image it resolves to.
 */
function deploymentConfigTriggerImages(object: PlainObject): ReadonlyMap<string, string> {
  const images = new Map<string, string>();
  const spec = object.spec;
  const triggers = isPlainObject(spec) && Array.isArray(spec.triggers) ? spec.triggers : [];
  for (const trigger of triggers) {
    if (!isPlainObject(trigger) || trigger.type !== 'ImageChange' || !isPlainObject(trigger.imageChangeParams)) continue;
    const { containerNames, from } = trigger.imageChangeParams;
    const tag = isPlainObject(from) && typeof from.name === 'string' && from.name !== '' ? from.name : 'the trigger\'s image';
    if (!Array.isArray(containerNames)) continue;
    for (const name of containerNames) if (typeof name === 'string') images.set(name, tag);
  }
  return images;
}

const BUILT_IN: readonly WorkloadKind[] = [
  { group: '', kind: 'Pod', pattern: path('spec'), builtIn: true, runsToCompletion: false },
  { group: '', kind: 'PodTemplate', pattern: path('template.spec'), builtIn: true, runsToCompletion: false },
  { group: '', kind: 'ReplicationController', pattern: path('spec.template.spec'), builtIn: true, runsToCompletion: false },
  { group: 'apps', kind: 'Deployment', pattern: path('spec.template.spec'), builtIn: true, runsToCompletion: false },
  {
    group: 'apps',
    kind: 'StatefulSet',
    pattern: path('spec.template.spec'),
    builtIn: true,
    runsToCompletion: false,
    // The API server does not validate a StatefulSet's pod template (its volumes depend on the claim
    // templates): the StatefulSet is accepted, and every pod its controller then creates is refused.
    rejection: 'the API server accepts the StatefulSet but rejects every pod its controller creates',
  },
  { group: 'apps', kind: 'DaemonSet', pattern: path('spec.template.spec'), builtIn: true, runsToCompletion: false },
  { group: 'apps', kind: 'ReplicaSet', pattern: path('spec.template.spec'), builtIn: true, runsToCompletion: false },
  { group: 'batch', kind: 'Job', pattern: path('spec.template.spec'), builtIn: true, runsToCompletion: true },
  { group: 'batch', kind: 'CronJob', pattern: path('spec.jobTemplate.spec.template.spec'), builtIn: true, runsToCompletion: true },
  // The group these three had before apps (removed in 1.16): schema-validation says so, and their pods are
  // still pods, which the rules read as they would a current manifest's.
  { group: 'extensions', kind: 'Deployment', pattern: path('spec.template.spec'), builtIn: true, runsToCompletion: false },
  { group: 'extensions', kind: 'DaemonSet', pattern: path('spec.template.spec'), builtIn: true, runsToCompletion: false },
  { group: 'extensions', kind: 'ReplicaSet', pattern: path('spec.template.spec'), builtIn: true, runsToCompletion: false },
];

const WELL_KNOWN_CUSTOM: readonly WorkloadKind[] = [
  {
    group: 'argoproj.io',
    kind: 'Rollout',
    pattern: path('spec.template.spec'),
    builtIn: false,
    runsToCompletion: false,
    // argo-rollouts pkg/apis/rollouts/validation: the controller runs Kubernetes' own pod template validation
    // (ValidatePodTemplateSpecForReplicaSet) and, on an error, marks the Rollout InvalidSpec and creates nothing.
    rejection: 'the API server accepts the Rollout, but the Argo Rollouts controller runs the same pod validation, marks it `InvalidSpec` and rolls nothing out',
  },
  // OpenShift's API server validates a DeploymentConfig's pod template when it is applied
  // (ValidatePodTemplateSpecForRC). The group-less `apiVersion: v1` is its legacy form, which `oc` still
  // takes (it warns and sends it to apps.openshift.io/v1).
  ...['apps.openshift.io', ''].map((group) => ({
    group,
    kind: 'DeploymentConfig',
    pattern: path('spec.template.spec'),
    builtIn: false,
    runsToCompletion: false,
    rejection: 'the OpenShift API server rejects the DeploymentConfig',
    triggeredImages: deploymentConfigTriggerImages,
  })),
  {
    group: 'serving.knative.dev',
    kind: 'Service',
    pattern: path('spec.template.spec'),
    builtIn: false,
    runsToCompletion: false,
    defaultContainerNames: knativeContainerNames,
  },
  {
    group: 'serving.knative.dev',
    kind: 'Configuration',
    pattern: path('spec.template.spec'),
    builtIn: false,
    runsToCompletion: false,
    defaultContainerNames: knativeContainerNames,
  },
  {
    group: 'jobset.x-k8s.io',
    kind: 'JobSet',
    pattern: path('spec.replicatedJobs[*].template.spec.template.spec'),
    builtIn: false,
    runsToCompletion: true,
  },
  { group: 'keda.sh', kind: 'ScaledJob', pattern: path('spec.jobTargetRef.template.spec'), builtIn: false, runsToCompletion: true },
];

const keyOf = (group: string, kind: string) => `${group}/${kind}`;
const TABLE: ReadonlyMap<string, WorkloadKind> = new Map(
  [...BUILT_IN, ...WELL_KNOWN_CUSTOM].map((workload) => [keyOf(workload.group, workload.kind), workload]),
);

/**
 * The names of the kinds Kubernetes serves itself that run pods (`Deployment`, `Pod`): for the built-in
 * schemas, where every group that ever served them (extensions/v1beta1 too) is Kubernetes' own.
 */
export const BUILT_IN_WORKLOAD_KINDS: ReadonlySet<string> = new Set(BUILT_IN.map((workload) => workload.kind));

/** `apps/v1` → `apps`; `v1` → `` (the core group). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** One pod spec found in an object: where it is, where its metadata is, and what kind holds it. */
export interface PodSpecLocation {
  /** The pod spec, relative to the object. */
  spec: JsonPath;
  /** The pod's metadata (annotations live here): the template's metadata beside the spec, or the Pod's own. */
  metadata: JsonPath;
  workload: WorkloadKind;
}

/** The table's entry for an object's apiVersion and kind, or a config entry's; undefined for other kinds. */
export function workloadOf(object: PlainObject, extra: readonly CustomPodSpecLocation[] = []): WorkloadKind | undefined {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const group = apiGroupOf(apiVersion);
  // The config's entries come first: a user who says where a kind keeps its pod specs knows best.
  const custom = extra.find((entry) => entry.group === group && entry.kind === kind);
  if (custom) return { ...custom, builtIn: false, runsToCompletion: false };
  return TABLE.get(keyOf(group, kind));
}

/** Every pod spec an object holds: none, one, or one per item of a list its kind's pattern walks. */
export function podSpecLocationsOf(object: PlainObject, extra: readonly CustomPodSpecLocation[] = []): PodSpecLocation[] {
  const workload = workloadOf(object, extra);
  if (!workload || workload.pattern.length === 0) return [];
  return expand(object, workload.pattern).map((spec) => ({ spec, metadata: [...spec.slice(0, -1), 'metadata'], workload }));
}

/**
 * The concrete paths a pattern names in a value: `[*]` becomes each index of the list found there, `*` each key
 * of the mapping.
 */
function expand(value: unknown, pattern: PodSpecPattern, at: JsonPath = []): JsonPath[] {
  const [head, ...rest] = pattern;
  if (head === undefined) return isPlainObject(value) ? [at] : [];
  if (head === EVERY_ITEM) {
    return Array.isArray(value) ? value.flatMap((item, index) => expand(item, rest, [...at, index])) : [];
  }
  if (head === EVERY_VALUE) {
    return isPlainObject(value) ? Object.entries(value).flatMap(([key, item]) => expand(item, rest, [...at, key])) : [];
  }
  return isPlainObject(value) && Object.hasOwn(value, head) ? expand(value[head], rest, [...at, head]) : [];
}
