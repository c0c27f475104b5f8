import { mountersByVolume, volumeNamePath } from '../src/kubernetes/pod.js';
import type { PodSpecRule } from '../src/engine/rule.js';

const rule: PodSpecRule = {
  meta: {
    id: 'unused-volume',
    level: 'warning',
    summary: 'A volume declared in the pod spec is mounted by no container.',
    tags: ['kubernetes', 'volumes', 'maintainability'],
    precision: 'high',
    needsWholeObject: true,
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, report }) {
    // A container list or mount too broken to read may hold the mount of any volume.
    if (!pod.mountsReadable) return;
    const mounted = mountersByVolume(pod);
    for (const volume of pod.volumes) {
      // A claim template is consumed by the StatefulSet controller as well as by mounts; leave it alone.
      if (volume.claimTemplate || volume.name === undefined || mounted.has(volume.name)) continue;
      if (pod.injectedMounts.has(volume.name)) continue;
      report({
        path: volumeNamePath(volume),
        message:
          `Volume \`${volume.name}\` is declared but no container mounts it: whatever it was meant to carry never ` +
          'reaches a container. Mount it where it is needed, or remove it.',
      });
    }
  },
};

export default rule;
