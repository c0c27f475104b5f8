import type { AppArmorProfile, Container, PodSecurityContext, PodSpec } from 'kubernetes-types/core/v1.js';
import { objectOrUndefined, type Unchecked } from '../../../src/kubernetes/values.js';
import { consequenceOnPodCreate, type ApiCheck, type ApiCheckContext } from './context.js';

/*
 * The deprecated per-container AppArmor annotations, `container.apparmor.security.beta.kubernetes.io/<name>`
 * (ValidateAppArmorPodAnnotations, run by ValidatePodSpecificAnnotations for pods and for every pod template,
 * a StatefulSet's included): the name must be a container of the pod, the value a profile the kubelet knows.
 * Where the annotation and a container's `appArmorProfile` (its own, or the pod's) both speak for a container,
 * they must agree (validateAppArmorAnnotationsAndFieldsMatchOnCreate, from 1.30 when the field arrived; not
 * for Windows pods).
 */

const PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const PROFILES = ['runtime/default', 'unconfined'];

/**
 * Containers that mutating admission webhooks add to a Pod before the API server validates it (Istio, Linkerd,
 * Vault, Consul, Dapr, Kuma, GKE's Cloud Storage FUSE driver): a Pod's annotation may name them. A workload's
 * template is validated as written, before any pod exists, so there they are not found.
 */
const INJECTED_CONTAINERS = new Set([
  'istio-proxy', 'istio-init', 'istio-validation', 'linkerd-proxy', 'linkerd-init', 'linkerd-network-validator',
  'vault-agent', 'vault-agent-init', 'consul-dataplane', 'consul-connect-inject-init', 'daprd', 'kuma-sidecar',
  'kuma-init', 'gke-gcsfuse-sidecar',
]);
const LOCALHOST = 'localhost/';

export const checkAppArmorAnnotations: ApiCheck = (context) => {
  const { pod } = context;
  // Everything below is about these annotations, which nearly every pod is without.
  if (!hasAppArmorAnnotation(pod.annotations)) return;
  checkFieldsAgree(context);
  const names = pod.containers.map((container) => container.name);
  // A container whose name cannot be read might be the one the annotation means.
  const namesKnown = pod.mountsReadable && names.every((name) => name !== undefined);
  // Checked when a built-in object itself is applied, a StatefulSet included; a custom resource's pods when made.
  const consequence = pod.workload.builtIn ? `the API server rejects the ${pod.workload.kind}` : context.consequence;
  for (const [key, value] of pod.annotations) {
    if (!key.startsWith(PREFIX)) continue;
    const containerName = key.slice(PREFIX.length);
    const path = [...pod.annotationsPath, key];
    const mayBeInjected = pod.workload.group === '' && pod.workload.kind === 'Pod' && INJECTED_CONTAINERS.has(containerName);
    if (namesKnown && !names.includes(containerName) && !mayBeInjected) {
      const listed = names.map((name) => `\`${name ?? '?'}\``).join(', ');
      context.reject({
        path,
        type: 'Invalid value',
        consequence,
        detail: `The AppArmor annotation \`${key}\` names container \`${containerName}\`, which the pod does not have: "container not found"`,
        fix: `Name one of its containers (${listed}) after the \`/\`, or remove the annotation. From Kubernetes 1.30, prefer \`securityContext.appArmorProfile\` on the container.`,
      });
    }
    if (value !== '' && !PROFILES.includes(value) && !value.startsWith(LOCALHOST)) {
      context.reject({
        path,
        type: 'Invalid value',
        consequence,
        detail: `The AppArmor annotation \`${key}\` has value \`${value}\`: "invalid AppArmor profile name: \\"${value}\\""`,
        fix: 'Use `runtime/default`, `unconfined` or `localhost/<profile loaded on the node>`.',
      });
    }
  }
};

function hasAppArmorAnnotation(annotations: ReadonlyMap<string, string>): boolean {
  for (const key of annotations.keys()) if (key.startsWith(PREFIX)) return true;
  return false;
}

/** What the annotation must say for a profile of each type. */
function annotationAgrees(type: string, annotation: string): boolean {
  if (type === 'Unconfined') return annotation === 'unconfined';
  if (type === 'RuntimeDefault') return annotation === 'runtime/default';
  if (type === 'Localhost') return annotation.startsWith(LOCALHOST);
  return true;
}

function checkFieldsAgree(context: ApiCheckContext): void {
  const { pod } = context;
  const spec = pod.spec as Unchecked<PodSpec>;
  if (!context.atLeast(30) || objectOrUndefined(spec.os)?.name === 'windows') return;
  const podContext = objectOrUndefined(spec.securityContext) as Unchecked<PodSecurityContext> | undefined;
  const podProfile = objectOrUndefined(podContext?.appArmorProfile);
  for (const container of pod.containers) {
    if (container.name === undefined) continue;
    const key = `${PREFIX}${container.name}`;
    const annotation = pod.annotations.get(key);
    if (annotation === undefined) continue;
    const ownContext = objectOrUndefined((container.raw as Unchecked<Container>).securityContext);
    const profile = (objectOrUndefined(ownContext?.appArmorProfile) ?? podProfile) as Unchecked<AppArmorProfile> | undefined;
    if (profile === undefined || typeof profile.type !== 'string') continue;
    // The API server names the container's own field, whether the profile is the container's or the pod's.
    const path = [...container.path, 'securityContext', 'appArmorProfile'];
    if (!annotationAgrees(profile.type, annotation)) {
      context.reject({
        path: [...path, 'type'],
        type: 'Forbidden',
        ...consequenceOnPodCreate(context),
        detail: `The appArmorProfile of container \`${container.name}\` is of type ${profile.type} but the annotation \`${key}\` says \`${annotation}\`: apparmor type in annotation and field must match`,
        fix: 'Remove the deprecated annotation and keep the field, or make them say the same.',
      });
    } else if (profile.type === 'Localhost' && profile.localhostProfile !== annotation.slice(LOCALHOST.length)) {
      context.reject({
        path: [...path, 'localhostProfile'],
        type: 'Forbidden',
        ...consequenceOnPodCreate(context),
        detail: `The appArmorProfile of container \`${container.name}\` names another Localhost profile than the annotation \`${key}\` (\`${annotation}\`): apparmor profile in annotation and field must match`,
        fix: 'Remove the deprecated annotation and keep the field, or make them name the same profile.',
      });
    }
  }
}
