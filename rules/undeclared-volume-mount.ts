import { closestName } from '../src/closest-name.js';
import { mountersByVolume } from '../src/pod.js';
import type { PodSpecRule } from '../src/rule.js';

const rule: PodSpecRule = {
  meta: {
    id: 'undeclared-volume-mount',
    level: 'error',
    summary: 'A volumeMount (or volumeDevice) names a volume the pod spec does not declare.',
    tags: ['kubernetes', 'volumes', 'correctness'],
    precision: 'very-high',
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, report }) {
    const declared = new Set<string>();
    for (const volume of pod.volumes) if (volume.name !== undefined) declared.add(volume.name);
    const mounted = mountersByVolume(pod);
    // A mount that names nothing and a volume that nobody mounts are most often one typo seen from two sides.
    const unused = [...declared].filter((name) => !mounted.has(name));
    for (const container of pod.containers) {
      for (const mount of container.mounts) {
        if (mount.name === undefined || declared.has(mount.name)) continue;
        // A single unused volume is the likely target even when its name is far off.
        const suggestion =
          closestName(mount.name, unused) ?? (unused.length === 1 ? unused[0] : closestName(mount.name, declared));
        const hint = suggestion !== undefined ? ` Did you mean \`${suggestion}\`?` : declared.size === 0
          ? ' The pod spec declares no volumes: add one under `volumes`.'
          : ` Declared volumes: ${[...declared].map((name) => `\`${name}\``).join(', ')}.`;
        report({
          path: [...mount.path, 'name'],
          message:
            `Container \`${container.name ?? '?'}\` mounts volume \`${mount.name}\`, which the pod spec does not declare: ` +
            `the API server rejects the pod.${hint}`,
        });
      }
    }
  },
};

export default rule;
