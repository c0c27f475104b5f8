import { closestName } from '../src/engine/closest-name.js';
import { mountersByVolume, rejectionOf, volumeNamePath } from '../src/kubernetes/pod.js';
import type { PodSpecRule } from '../src/engine/rule.js';

const UNDECLARED =
  'Container `{{container}}` mounts volume `{{volume}}`, which the pod spec does not declare: {{consequence}}.';

const rule: PodSpecRule = {
  meta: {
    id: 'undeclared-volume-mount',
    level: 'error',
    summary: 'A volumeMount (or volumeDevice) names a volume the pod spec does not declare.',
    tags: ['kubernetes', 'volumes', 'correctness'],
    precision: 'very-high',
    messages: {
      undeclaredWithSuggestion: `${UNDECLARED} Did you mean \`{{suggestion}}\`?`,
      undeclared: `${UNDECLARED} Declared volumes: {{declared}}.`,
      noVolumes: `${UNDECLARED} The pod spec declares no volumes: add one under \`volumes\`.`,
    },
    needsWholeObject: true,
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, report }) {
    // A volume list given as a string, or a volume with no name, could be what any mount meant: skip, not guess.
    if (!pod.volumesReadable) return;
    const declared = new Set<string>();
    for (const volume of pod.volumes) if (volume.name !== undefined) declared.add(volume.name);
    const consequence = rejectionOf(pod);
    const mounted = mountersByVolume(pod);
    // A mount that names nothing and a volume that nobody mounts are most often one typo seen from two sides.
    const unused = [...declared].filter((name) => !mounted.has(name));
    for (const container of pod.containers) {
      for (const mount of container.mounts) {
        if (mount.name === undefined || declared.has(mount.name)) continue;
        // Near names first, unused ones before the rest; failing those, a single unused volume is the likely
        // target even when its name is far off.
        const suggestion =
          closestName(mount.name, unused) ??
          closestName(mount.name, declared) ??
          (unused.length === 1 ? unused[0] : undefined);
        const path = [...mount.path, 'name'];
        const data = { container: container.name ?? '?', volume: mount.name, consequence };
        if (suggestion !== undefined) {
          const meant = pod.volumes.find((volume) => volume.name === suggestion);
          report({
            path,
            messageId: 'undeclaredWithSuggestion',
            data: { ...data, suggestion },
            related: meant ? [{ path: volumeNamePath(meant), message: `Volume \`${suggestion}\` is declared here.` }] : [],
          });
        } else if (declared.size === 0) {
          report({ path, messageId: 'noVolumes', data });
        } else {
          report({ path, messageId: 'undeclared', data: { ...data, declared: [...declared].map((name) => `\`${name}\``).join(', ') } });
        }
      }
    }
  },
};

export default rule;
