import { getIn, isPlainObject, type PlainObject } from '../../../src/kubernetes/values.js';
import type { ApiCheck, ApiCheckContext } from './context.js';

/*
 * What the workload validations (pkg/apis/apps/validation, pkg/apis/batch/validation, and ReplicationController's
 * in core) require of the pod template they wrap, and the pod spec's own activeDeadlineSeconds range. The apps
 * validation checks a StatefulSet's template restartPolicy and activeDeadlineSeconds when the StatefulSet is
 * applied, although it leaves the rest of the template to the pods its controller creates. The workload's selector
 * must select its own template's labels (ValidatePodTemplateSpecForReplicaSet and its kin).
 */

/**
 * The built-in kinds whose pods run until replaced, by `group/kind`, and how the API server names them in its
 * activeDeadlineSeconds message. The extensions group's kinds were validated as apps' are.
 */
const LONG_RUNNING: Readonly<Record<string, string>> = {
  'apps/Deployment': 'ReplicaSet',
  'apps/ReplicaSet': 'ReplicaSet',
  'apps/DaemonSet': 'DaemonSet',
  'apps/StatefulSet': 'StatefulSet',
  'extensions/Deployment': 'ReplicaSet',
  'extensions/ReplicaSet': 'ReplicaSet',
  'extensions/DaemonSet': 'DaemonSet',
  '/ReplicationController': 'ReplicationController',
  // Validated the same way by OpenShift's API server (ValidatePodTemplateSpecForRC) and by the Argo Rollouts
  // controller (ValidatePodTemplateSpecForReplicaSet).
  'apps.openshift.io/DeploymentConfig': 'ReplicationController',
  '/DeploymentConfig': 'ReplicationController',
  'argoproj.io/Rollout': 'ReplicaSet',
};
const JOBS = new Set(['batch/Job', 'batch/CronJob']);

const MAX_INT32 = 2147483647;

function checkJobTemplate(context: ApiCheckContext, kind: string): void {
  const { pod } = context;
  const spec = pod.spec as PlainObject;
  const value = spec.restartPolicy;
  const path = [...pod.specPath, 'restartPolicy'];
  // An absent or empty restartPolicy is defaulted to Always, which a Job refuses; other values the schema checks.
  if (value === undefined || value === null || value === '' || value === 'Always') {
    context.reject({
      path,
      type: 'Required value',
      detail:
        value === 'Always'
          ? `The ${kind}'s pod template sets restartPolicy Always: "valid values: \\"OnFailure\\", \\"Never\\""`
          : `The ${kind}'s pod template has no restartPolicy, which defaults to Always: "valid values: \\"OnFailure\\", \\"Never\\""`,
      fix:
        'A Job runs its pods to completion: set `restartPolicy: Never` (a failed pod is replaced, and counts against ' +
        '`backoffLimit`) or `OnFailure` (the container restarts in place).',
      // Where the field is missing, Never is what a Job's pods need unless the author chose otherwise; an Always
      // written out is a choice to be made again, not fixed.
      ...(value === undefined
        ? { edit: { insert: { path: pod.specPath, key: 'restartPolicy', value: 'Never' }, description: 'Add `restartPolicy: Never`' } }
        : {}),
    });
    return;
  }
  // The pod failure policy (on by default from 1.26) acts on failed pods, so their containers must not restart.
  const jobSpecPath = pod.specPath.slice(0, -2);
  const failurePolicy = getIn(pod.resource.object, [...jobSpecPath.slice(pod.resource.path.length), 'podFailurePolicy']);
  if (value === 'OnFailure' && failurePolicy !== undefined && failurePolicy !== null && context.atLeast(26)) {
    context.reject({
      path,
      type: 'Invalid value',
      detail: `The ${kind} sets a podFailurePolicy and its pod template restartPolicy OnFailure: "only \\"Never\\" is supported when podFailurePolicy is specified"`,
      fix: 'Use `restartPolicy: Never`: the policy decides what a failed pod means for the Job.',
    });
  }
}

function checkLongRunningTemplate(context: ApiCheckContext, kind: string, named: string): void {
  const { pod } = context;
  const spec = pod.spec as PlainObject;
  // A StatefulSet is refused at apply for these, unlike the rest of its template.
  const consequence = context.pod.workload.builtIn ? `the API server rejects the ${kind}` : context.consequence;
  const value = spec.restartPolicy;
  if (value === 'OnFailure' || value === 'Never') {
    context.reject({
      path: [...pod.specPath, 'restartPolicy'],
      type: 'Unsupported value',
      consequence,
      detail: `The ${kind}'s pod template sets restartPolicy ${value}: supported values: "Always"`,
      fix: `A ${kind} keeps its pods running: remove the field (it defaults to Always). For work that finishes, use a Job.`,
    });
  }
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    context.reject({
      path: [...pod.specPath, 'activeDeadlineSeconds'],
      target: 'key',
      type: 'Forbidden',
      consequence,
      detail: `The ${kind}'s pod template sets activeDeadlineSeconds: "activeDeadlineSeconds in ${named} is not Supported"`,
      fix: `A deadline would kill pods the ${kind} is meant to keep running: remove it.`,
    });
  }
}

/** The kinds whose `spec.selector` is a LabelSelector the API server matches against the template's labels. */
const SELECTED_BY_LABEL_SELECTOR = new Set([
  'apps/Deployment',
  'apps/ReplicaSet',
  'apps/DaemonSet',
  'apps/StatefulSet',
  'extensions/Deployment',
  'extensions/ReplicaSet',
  'extensions/DaemonSet',
]);

/** Whether labels hold a set-based requirement; undefined when the requirement is not one the API server takes. */
function meetsRequirement(requirement: unknown, labels: PlainObject): boolean | undefined {
  if (!isPlainObject(requirement)) return undefined;
  const { key, operator, values } = requirement;
  if (typeof key !== 'string' || (values !== undefined && values !== null && !Array.isArray(values))) return undefined;
  const list = Array.isArray(values) ? values : [];
  if (list.some((value) => typeof value !== 'string')) return undefined;
  const has = Object.hasOwn(labels, key);
  switch (operator) {
    case 'In':
      return list.length === 0 ? undefined : has && list.includes(labels[key]);
    case 'NotIn':
      return list.length === 0 ? undefined : !has || !list.includes(labels[key]);
    case 'Exists':
      return list.length > 0 ? undefined : has;
    case 'DoesNotExist':
      return list.length > 0 ? undefined : !has;
    default:
      return undefined;
  }
}

/**
 * Whether a selector selects the labels: matchLabels and matchExpressions (a LabelSelector), or a plain map (a
 * ReplicationController's). Undefined where either is not what the API server would read, or selects nothing
 * at all: those are other errors (or defaulted from the labels).
 */
function selects(selector: unknown, labels: unknown, plainMap: boolean): boolean | undefined {
  if (!isPlainObject(selector) || (labels !== undefined && labels !== null && !isPlainObject(labels))) return undefined;
  const set = isPlainObject(labels) ? labels : {};
  if (Object.values(set).some((value) => typeof value !== 'string')) return undefined;
  const matchLabels = plainMap ? selector : (selector.matchLabels ?? {});
  const expressions = plainMap ? [] : (selector.matchExpressions ?? []);
  if (!isPlainObject(matchLabels) || !Array.isArray(expressions)) return undefined;
  const pairs = Object.entries(matchLabels);
  if (pairs.some(([, value]) => typeof value !== 'string')) return undefined;
  if (pairs.length === 0 && expressions.length === 0) return undefined;
  let all = pairs.every(([key, value]) => set[key] === value);
  for (const requirement of expressions) {
    const met = meetsRequirement(requirement, set);
    if (met === undefined) return undefined;
    all &&= met;
  }
  return all;
}

function checkSelectorMatchesTemplate(context: ApiCheckContext, key: string): void {
  const { pod } = context;
  const plainMap = key === '/ReplicationController';
  if (!plainMap && !SELECTED_BY_LABEL_SELECTOR.has(key)) return;
  const selector = getIn(pod.resource.object, ['spec', 'selector']);
  const labels = pod.metadata?.labels;
  if (selects(selector, labels, plainMap) !== false) return;
  const templatePath = pod.specPath.slice(0, -1);
  context.reject({
    path: [...templatePath, 'metadata', 'labels'],
    type: 'Invalid value',
    consequence: pod.workload.builtIn ? `the API server rejects the ${pod.workload.kind}` : context.consequence,
    detail: `The ${pod.workload.kind}'s selector does not select its own pod template: \`selector\` does not match template \`labels\``,
    fix: 'Give the template every label the selector asks for (the selector of an existing workload cannot change; the template\'s labels can).',
  });
}

/** ValidatePodSpec: activeDeadlineSeconds from 1 to 2^31-1. */
function checkActiveDeadline(context: ApiCheckContext): void {
  const value = (context.pod.spec as PlainObject).activeDeadlineSeconds;
  if (typeof value !== 'number' || (value >= 1 && value <= MAX_INT32)) return;
  context.reject({
    path: [...context.pod.specPath, 'activeDeadlineSeconds'],
    type: 'Invalid value',
    detail: `activeDeadlineSeconds ${value}: "must be between 1 and ${MAX_INT32}, inclusive"`,
    fix: 'Give the pod at least one second, or remove the field for no deadline.',
  });
}

export const checkWorkloadTemplates: ApiCheck = (context) => {
  const { workload } = context.pod;
  const key = `${workload.group}/${workload.kind}`;
  // Other custom resources (Knative, JobSet, ScaledJob) get the pod spec's own rules only: what their
  // controllers require of a template is theirs to say.
  if (JOBS.has(key)) checkJobTemplate(context, workload.kind);
  checkSelectorMatchesTemplate(context, key);
  const named = LONG_RUNNING[key];
  if (named !== undefined) checkLongRunningTemplate(context, workload.kind, named);
  else checkActiveDeadline(context);
};
