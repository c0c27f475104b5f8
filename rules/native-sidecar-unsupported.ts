import { compareKubernetesVersions, formatKubernetesVersion } from '../src/kubernetes/kubernetes-version.js';
import type { PodSpecRule } from '../src/engine/rule.js';

/** Native sidecars came as an alpha feature in 1.28 and were first on by default in 1.29. */
const INTRODUCED = { major: 1, minor: 28 };
const ON_BY_DEFAULT = { major: 1, minor: 29 };

/** What becomes of the sidecar once the field is dropped. */
const BLOCKS =
  '`{{name}}` runs as an ordinary init container that must exit before {{applicationsStart}}, which a sidecar that ' +
  'runs until stopped never does: the pod stays in `Init` for good';

const rule: PodSpecRule = {
  meta: {
    id: 'native-sidecar-unsupported',
    level: 'error',
    summary: 'A native sidecar (init container with restartPolicy: Always) targets a Kubernetes release before 1.29.',
    tags: ['kubernetes', 'sidecar', 'compatibility'],
    precision: 'very-high',
    messages: {
      // 1.28 knows the field but drops it while the feature gate is off (its default).
      featureGateOff:
        'Init container `{{name}}` is a native sidecar (`restartPolicy: Always`), but on Kubernetes {{target}} native ' +
        'sidecars are behind the `SidecarContainers` feature gate, off by default, and with it off the API server ' +
        `silently drops the field: ${BLOCKS}. Target Kubernetes 1.29 or later, enable the feature gate, or run ` +
        '`{{name}}` as a regular container under `containers`.',
      // Older releases do not know it at all.
      unknownField:
        'Init container `{{name}}` is a native sidecar (`restartPolicy: Always`), but Kubernetes {{target}} does not ' +
        "know that field: kubectl's strict validation rejects the manifest (`unknown field`), and where validation " +
        `is skipped the field is dropped and ${BLOCKS}. Target Kubernetes 1.29 or later, or run \`{{name}}\` as a ` +
        'regular container under `containers`.',
    },
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, settings, report }) {
    const version = settings.kubernetesVersion;
    if (compareKubernetesVersions(version, ON_BY_DEFAULT) >= 0) return;
    const target = formatKubernetesVersion(version);
    const apps = pod.containers.filter((container) => container.list === 'containers').map((container) => `\`${container.name ?? '?'}\``);
    const applicationsStart = apps.length === 1 ? `${apps[0] ?? ''} starts` : `${apps.length > 1 ? apps.join(', ') : 'the application containers'} start`;
    const known = compareKubernetesVersions(version, INTRODUCED) >= 0;
    for (const container of pod.containers) {
      if (!container.nativeSidecar) continue;
      report({
        path: [...container.path, 'restartPolicy'],
        messageId: known ? 'featureGateOff' : 'unknownField',
        data: { name: container.name ?? '?', target, applicationsStart },
      });
    }
  },
};

export default rule;
