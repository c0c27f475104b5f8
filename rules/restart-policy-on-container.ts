import { compareKubernetesVersions, formatKubernetesVersion } from '../src/kubernetes/kubernetes-version.js';
import { type ContainerView, rejectionOf } from '../src/kubernetes/pod.js';
import type { PodSpecRule } from '../src/engine/rule.js';

/**
 * From 1.35 the ContainerRestartRules feature (beta, on by default) lets any regular or init container set its
 * own restartPolicy, one of the pod's three values.
 */
const CONTAINER_RESTART_RULES = { major: 1, minor: 35 };
const POLICIES = ['Always', 'OnFailure', 'Never'];

/** The valid value that one differs from only in case or punctuation (`always`, `on-failure`), if any. */
function didYouMean(value: string, allowed: readonly string[]): string | undefined {
  const plain = (text: string) => text.toLowerCase().replace(/[-_\s]/g, '');
  return allowed.find((policy) => plain(policy) === plain(value));
}

const UNSUPPORTED_VALUE =
  '{{role}} `{{name}}` sets restartPolicy `{{value}}`, which is not `Always`, `OnFailure` or `Never`: {{consequence}} ' +
  '("Unsupported value").';
const INIT_NOT_ALWAYS =
  'Init container `{{name}}` sets restartPolicy `{{value}}`, but Kubernetes {{version}} accepts only `Always` there ' +
  '(which makes it a native sidecar): {{consequence}} ("Unsupported value").';

type MessageId = 'unsupportedValue' | 'unsupportedValueWithSuggestion' | 'onRegularContainer' | 'initNotAlways' | 'initAlwaysMisspelled';

const rule: PodSpecRule = {
  meta: {
    id: 'restart-policy-on-container',
    level: 'error',
    summary:
      "A container's restartPolicy is one the API server rejects: before Kubernetes 1.35 any on a regular " +
      'container and anything but Always on an init container; any on an ephemeral container.',
    tags: ['kubernetes', 'sidecar', 'correctness'],
    precision: 'very-high',
    messages: {
      ephemeral:
        'Ephemeral container `{{name}}` sets restartPolicy: ephemeral containers run once and are never restarted, so ' +
        '{{consequence}} ("cannot be set for an Ephemeral Container"). Remove the field.',
      // From 1.35, any container may set one of the pod's three values.
      unsupportedValue: UNSUPPORTED_VALUE,
      unsupportedValueWithSuggestion: `${UNSUPPORTED_VALUE} Did you mean \`{{suggestion}}\`?`,
      // Before 1.35.
      onRegularContainer:
        'Regular container `{{name}}` sets restartPolicy `{{value}}`, which Kubernetes {{version}} allows only on init ' +
        'containers: {{consequence}} ("may not be set for non-init containers"). If `{{name}}` is a sidecar meant to ' +
        'run beside the application, move it to `initContainers` with `restartPolicy: Always` (a native sidecar); ' +
        "otherwise remove the field and let the pod's restartPolicy govern it. (Kubernetes 1.35 and later accept it.)",
      initNotAlways:
        `${INIT_NOT_ALWAYS} Remove the field for an init container that runs to completion, or write \`Always\` for a ` +
        'sidecar. (Kubernetes 1.35 and later accept `OnFailure` and `Never` too.)',
      initAlwaysMisspelled: `${INIT_NOT_ALWAYS} Did you mean \`Always\`?`,
    },
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, settings, report }) {
    const consequence = rejectionOf(pod);
    const version = settings.kubernetesVersion;
    const perContainer = compareKubernetesVersions(version, CONTAINER_RESTART_RULES) >= 0;
    const release = formatKubernetesVersion(version);

    /** What is wrong with a string value, or undefined when the target release accepts it. */
    const problemOf = (container: ContainerView, value: string): { messageId: MessageId; suggestion?: string } | undefined => {
      if (perContainer) {
        if (POLICIES.includes(value)) return undefined;
        const suggestion = didYouMean(value, POLICIES);
        return suggestion !== undefined ? { messageId: 'unsupportedValueWithSuggestion', suggestion } : { messageId: 'unsupportedValue' };
      }
      if (container.list === 'containers') return { messageId: 'onRegularContainer' };
      if (value === 'Always') return undefined;
      return { messageId: didYouMean(value, ['Always']) !== undefined ? 'initAlwaysMisspelled' : 'initNotAlways' };
    };

    for (const container of pod.containers) {
      const value = container.raw.restartPolicy;
      // `restartPolicy: null` (or the key with no value) sets nothing.
      if (value === undefined || value === null) continue;
      const path = [...container.path, 'restartPolicy'];
      const name = container.name ?? '?';
      if (container.list === 'ephemeralContainers') {
        report({ path, messageId: 'ephemeral', data: { name, consequence } });
        continue;
      }
      // A value of another type (YAML 1.1 reads an unquoted `yes` as a boolean) is the schema check's to report.
      if (typeof value !== 'string') continue;
      const problem = problemOf(container, value);
      if (problem === undefined) continue;
      const role = container.list === 'containers' ? 'Regular container' : 'Init container';
      const data = { role, name, value, consequence, version: release };
      // A case or spelling variant of the one value it can mean (`always`, `on-failure`) is fixed to it.
      const meant = problem.messageId === 'initAlwaysMisspelled' ? 'Always' : problem.suggestion;
      report({
        path,
        messageId: problem.messageId,
        data: problem.suggestion !== undefined ? { ...data, suggestion: problem.suggestion } : data,
        ...(meant !== undefined ? { fix: { replace: { path, value: meant }, description: `Write restartPolicy \`${meant}\`` } } : {}),
      });
    }
  },
};

export default rule;
