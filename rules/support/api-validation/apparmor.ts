import type { ApiCheck } from './context.js';

/*
 * The deprecated per-container AppArmor annotations, `container.apparmor.security.beta.kubernetes.io/<name>`
 * (ValidateAppArmorPodAnnotations, run by ValidatePodSpecificAnnotations for pods and for every pod template,
 * a StatefulSet's included): the name must be a container of the pod, the value a profile the kubelet knows.
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
