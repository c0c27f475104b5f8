import type { VolumeMount } from 'kubernetes-types/core/v1.js';
import type { ContainerView } from '../../../src/kubernetes/pod.js';
import { getIn, isPlainObject, type PlainObject, type Unchecked } from '../../../src/kubernetes/values.js';
import type { ApiCheck, ApiCheckContext } from './context.js';

/*
 * What the API server requires of containers beyond their names (validateContainerCommon,
 * validateInitContainers, validateEphemeralContainers, ValidatePodCreate, ValidatePodTemplateSpec): an image;
 * no probes or lifecycle hooks on an init container that is not a native sidecar; no ephemeral containers in a
 * manifest at all, and none of the fields an ephemeral container may never have.
 */

/** Set, for a field the API server compares with its zero value: not absent, not null, not an empty list or map. */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return true;
}

function named(container: ContainerView): string {
  const role = container.list === 'initContainers' ? 'Init container' : container.list === 'ephemeralContainers' ? 'Ephemeral container' : 'Container';
  return `${role} \`${container.name ?? '?'}\``;
}

/** The apps/v1 kinds, whose schema requires `spec.selector`. */
const SELECTOR_REQUIRED = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet']);

/**
 * An apps/v1 workload without `spec.selector` is no whole object: a kustomize patch whose kustomization is not
 * at hand, most likely, whose image comes from the base. The schema check reports the missing selector; saying
 * the image is missing too would be a guess about the rendered result.
 */
function evidentlyPartial(context: ApiCheckContext): boolean {
  const { workload, resource } = context.pod;
  return workload.group === 'apps' && SELECTOR_REQUIRED.has(workload.kind) && getIn(resource.object, ['spec', 'selector']) === undefined;
}

/** A core-group Pod, which the API server validates as a pod rather than as a template. */
function isPod(context: ApiCheckContext): boolean {
  return context.pod.workload.group === '' && context.pod.workload.kind === 'Pod';
}

function checkImage(context: ApiCheckContext, container: ContainerView): void {
  const image = container.raw.image;
  if (image === undefined && evidentlyPartial(context)) return;
  if (image === undefined || image === null || image === '') {
    context.reject({
      // A missing image: the container's mapping is the node that lacks it.
      path: image === undefined ? container.path : [...container.path, 'image'],
      type: 'Required value',
      detail: `${named(container)} has no image`,
      fix: 'Set `image` to what the container runs, e.g. `registry.example.com/team/app:1.4.2`.',
    });
    return;
  }
  // Only a Pod's images are checked for surrounding whitespace (validateContainerOnlyForPod).
  if (typeof image === 'string' && isPod(context) && image.trim() !== image) {
    context.reject({
      path: [...container.path, 'image'],
      type: 'Invalid value',
      detail: `${named(container)} has image \`${image}\` with spaces around it: "must not have leading or trailing whitespace"`,
      fix: `Write \`${image.trim()}\`.`,
    });
  }
}

const INIT_FORBIDDEN = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** Probes and hooks belong to containers that keep running: regular ones and native sidecars. */
function checkInitContainer(context: ApiCheckContext, container: ContainerView): void {
  // `restartPolicy: Always` makes a native sidecar; before 1.29 that has its own rule, native-sidecar-unsupported.
  if (container.list !== 'initContainers' || container.raw.restartPolicy === 'Always') return;
  for (const field of INIT_FORBIDDEN) {
    if (container.raw[field] === undefined || container.raw[field] === null) continue;
    // Before 1.28 (no native sidecars) the API server said it in other words.
    const sidecarsKnown = context.atLeast(28);
    context.reject({
      path: [...container.path, field],
      target: 'key',
      type: sidecarsKnown ? 'Forbidden' : 'Invalid value',
      detail: sidecarsKnown
        ? `${named(container)} sets ${field}: "may not be set for init containers without restartPolicy=Always"`
        : `${named(container)} sets ${field}: "must not be set for init containers"`,
      fix: context.atLeast(29)
        ? 'An init container runs to completion before the others start. If it is a sidecar meant to keep running, add `restartPolicy: Always` (a native sidecar); otherwise remove the field.'
        : `An init container runs to completion before the others start: remove \`${field}\`.`,
    });
  }
}

/** Fields of a Container that an ephemeral container may not set (allowedEphemeralContainerFields). */
const EPHEMERAL_FORBIDDEN = ['ports', 'resources', 'lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe', 'resizePolicy'] as const;

function checkEphemeralContainer(context: ApiCheckContext, container: ContainerView): void {
  for (const field of EPHEMERAL_FORBIDDEN) {
    if (!isSet(container.raw[field])) continue;
    context.reject({
      path: [...container.path, field],
      target: 'key',
      type: 'Forbidden',
      detail: `${named(container)} sets ${field}: "cannot be set for an Ephemeral Container"`,
    });
  }
  for (const mount of container.mounts) {
    if (mount.device) continue;
    for (const field of ['subPath', 'subPathExpr'] as const) {
      const value = (mount.raw as Unchecked<VolumeMount>)[field];
      if (typeof value !== 'string' || value === '') continue;
      context.reject({
        path: [...mount.path, field],
        target: 'key',
        type: 'Forbidden',
        detail: `${named(container)} mounts \`${mount.name ?? '?'}\` with ${field}: "cannot be set for an Ephemeral Container"`,
      });
    }
  }
  const target = (container.raw as PlainObject).targetContainerName;
  if (typeof target === 'string' && target !== '') {
    const others = context.pod.containers.filter((other) => other.list !== 'ephemeralContainers');
    if (others.every((other) => other.name !== undefined && other.name !== target)) {
      context.reject({
        path: [...container.path, 'targetContainerName'],
        type: 'Not found',
        detail: `${named(container)} targets \`${target}\`, which is no container or init container of the pod`,
      });
    }
  }
}

/** Custom resources whose pod template goes through ValidatePodTemplateSpec, by `group/kind`. */
const TEMPLATE_VALIDATED_CUSTOM = new Set(['apps.openshift.io/DeploymentConfig', '/DeploymentConfig', 'argoproj.io/Rollout']);

/** `ephemeralContainers` in a manifest: only `kubectl debug` (the ephemeralcontainers subresource) adds them. */
function checkEphemeralList(context: ApiCheckContext): void {
  const list = (context.pod.spec as PlainObject).ephemeralContainers;
  // Before 1.23 (EphemeralContainers off by default) the API server drops the field instead.
  if (!Array.isArray(list) || list.length === 0 || !context.atLeast(23)) return;
  // A built-in workload's template is refused as a template when applied (an OpenShift DeploymentConfig's and
  // an Argo Rollout's by the same validation); a StatefulSet's template, and other custom resources', reach the
  // API server only as the pods their controllers create.
  const { workload } = context.pod;
  const key = `${workload.group}/${workload.kind}`;
  const asTemplate =
    (workload.builtIn && !isPod(context) && key !== 'apps/StatefulSet') || TEMPLATE_VALIDATED_CUSTOM.has(key);
  context.reject({
    path: [...context.pod.specPath, 'ephemeralContainers'],
    target: 'key',
    type: 'Forbidden',
    detail: asTemplate
      ? `The pod template sets ephemeralContainers: "ephemeral containers not allowed in pod template"`
      : `The pod sets ephemeralContainers: "cannot be set on create"`,
    fix:
      'Ephemeral containers are added to a running pod with `kubectl debug` (the ephemeralcontainers subresource), ' +
      'never written in a manifest: remove the list, or make its entries containers or init containers.',
  });
}

export const checkContainers: ApiCheck = (context) => {
  checkEphemeralList(context);
  for (const container of context.pod.containers) {
    checkImage(context, container);
    checkInitContainer(context, container);
    if (container.list === 'ephemeralContainers') checkEphemeralContainer(context, container);
  }
};
