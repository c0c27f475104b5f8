import { emptyDirOf, mountersByVolume, volumeNamePath } from '../src/pod.js';
import type { PodSpecRule } from '../src/rule.js';

interface Options {
  /** Mount paths where a container keeps private scratch space: an emptyDir there is not meant to be shared. */
  scratchPaths: string[];
}

const withoutTrailingSlash = (path: string) => (path.length > 1 ? path.replace(/\/+$/, '') : path);

const rule: PodSpecRule<Options> = {
  meta: {
    id: 'unshared-volume',
    level: 'warning',
    summary: 'In a pod with several containers, an emptyDir volume is mounted by only one of them.',
    tags: ['kubernetes', 'volumes', 'sidecar'],
    precision: 'medium',
  },
  scope: 'pod-spec',
  defaultOptions: { scratchPaths: ['/tmp', '/var/tmp', '/run', '/var/run'] },
  check({ pod, options, report }) {
    if (pod.containers.length < 2) return;
    const scratch = new Set(options.scratchPaths.map(withoutTrailingSlash));
    const mounters = mountersByVolume(pod);
    for (const volume of pod.volumes) {
      if (volume.name === undefined || !emptyDirOf(volume)) continue;
      const containers = mounters.get(volume.name) ?? [];
      const only = containers[0];
      if (containers.length !== 1 || !only) continue;
      const paths = only.mounts.filter((mount) => mount.name === volume.name).map((mount) => mount.mountPath);
      if (paths.every((path) => path !== undefined && scratch.has(withoutTrailingSlash(path)))) continue;
      const others = pod.containers.filter((container) => container !== only).map((container) => `\`${container.name ?? '?'}\``);
      report({
        path: volumeNamePath(volume),
        message:
          `emptyDir volume \`${volume.name}\` is mounted only by container \`${only.name ?? '?'}\`, so nothing it writes ` +
          `there reaches ${others.join(', ')}. Mount it in the container that should share it, or, if it is ` +
          'private scratch space, mount it at a scratch path or suppress this finding.',
      });
    }
  },
};

export default rule;
