import { compareKubernetesVersions, formatKubernetesVersion } from '../src/kubernetes/kubernetes-version.js';
import { type ContainerView, rejectionOf } from '../src/kubernetes/pod.js';
import type { PodSpecRule } from '../src/engine/rule.js';

/**
 * From 1.35 the ContainerRestartRules feature (beta, on by default) lets any regular or init container set its
 * own restartPolicy, one of the pod's three values.
 */
const CONTAINER_RESTART_RULES = { major: 1, minor: 35 };
const POLICIES = ['Always', 'OnFailure', 'Never'];

/** A suggestion for a value that differs from a valid one only in case or punctuation (`always`, `on-failure`). */
function didYouMean(value: string, allowed: readonly string[]): string {
  const plain = (text: string) => text.toLowerCase().replace(/[-_\s]/g, '');
  const match = allowed.find((policy) => plain(policy) === plain(value));
  return match !== undefined ? ` Did you mean \`${match}\`?` : '';
}

const rule: PodSpecRule = {
  meta: {
    id: 'restart-policy-on-container',
    level: 'error',
    summary:
      "A container's restartPolicy is one the API server rejects: before Kubernetes 1.35 any on a regular " +
      'container and anything but Always on an init container; any on an ephemeral container.',
    tags: ['kubernetes', 'sidecar', 'correctness'],
    precision: 'very-high',
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, settings, report }) {
    const consequence = rejectionOf(pod);
    const version = settings.kubernetesVersion;
    const perContainer = compareKubernetesVersions(version, CONTAINER_RESTART_RULES) >= 0;
    const target = `Kubernetes ${formatKubernetesVersion(version)}`;

    const messageFor = (container: ContainerView, value: string): string | undefined => {
      const named = `\`${container.name ?? '?'}\``;
      const role = container.list === 'containers' ? 'Regular container' : 'Init container';
      if (perContainer) {
        if (POLICIES.includes(value)) return undefined;
        return (
          `${role} ${named} sets restartPolicy \`${value}\`, which is not \`Always\`, \`OnFailure\` or \`Never\`: ` +
          `${consequence} ("Unsupported value").${didYouMean(value, POLICIES)}`
        );
      }
      if (container.list === 'containers') {
        return (
          `Regular container ${named} sets restartPolicy \`${value}\`, which ${target} allows only on init containers: ` +
          `${consequence} ("may not be set for non-init containers"). If ${named} is a sidecar meant to run beside ` +
          'the application, move it to `initContainers` with `restartPolicy: Always` (a native sidecar); otherwise ' +
          "remove the field and let the pod's restartPolicy govern it. (Kubernetes 1.35 and later accept it.)"
        );
      }
      if (value === 'Always') return undefined;
      return (
        `Init container ${named} sets restartPolicy \`${value}\`, but ${target} accepts only \`Always\` there (which ` +
        `makes it a native sidecar): ${consequence} ("Unsupported value").` +
        (didYouMean(value, ['Always']) ||
          ' Remove the field for an init container that runs to completion, or write `Always` for a sidecar. ' +
            '(Kubernetes 1.35 and later accept `OnFailure` and `Never` too.)')
      );
    };

    for (const container of pod.containers) {
      const value = container.raw.restartPolicy;
      // `restartPolicy: null` (or the key with no value) sets nothing.
      if (value === undefined || value === null) continue;
      const path = [...container.path, 'restartPolicy'];
      if (container.list === 'ephemeralContainers') {
        report({
          path,
          message:
            `Ephemeral container \`${container.name ?? '?'}\` sets restartPolicy: ephemeral containers run once and ` +
            `are never restarted, so ${consequence} ("cannot be set for an Ephemeral Container"). Remove the field.`,
        });
        continue;
      }
      // A value of another type (YAML 1.1 reads an unquoted `yes` as a boolean) is the schema check's to report.
      if (typeof value !== 'string') continue;
      const message = messageFor(container, value);
      if (message !== undefined) report({ path, message });
    }
  },
};

export default rule;
