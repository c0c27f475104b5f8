import { emptyDirOf, mountersByVolume, volumeNamePath } from '../src/kubernetes/pod.js';
import type { PodSpecRule } from '../src/engine/rule.js';

interface Options {
  /** Mount paths where a container keeps private scratch space: an emptyDir there is not meant to be shared. */
  scratchPaths: string[];
}

const withoutTrailingSlash = (path: string) => (path.length > 1 ? path.replace(/\/+$/, '') : path);

const rule: PodSpecRule<Options> = {
  meta: {
    id: 'unshared-volume',
    level: 'warning',
    summary: 'In a pod with several running containers, an emptyDir volume is mounted by only one container.',
    tags: ['kubernetes', 'volumes', 'sidecar'],
    precision: 'medium',
    needsWholeObject: true,
  },
  scope: 'pod-spec',
  defaultOptions: { scratchPaths: ['/tmp', '/var/tmp', '/run', '/var/run'] },
  check({ pod, options, report }) {
    // Sharing needs two containers alive at once. A one-shot init container beside a single application
    // container does not make a volume only the application mounts a failed hand-off: it is its private
    // storage (the corpus's argo-cd repo-server and Elasticsearch pods). Debug containers are no design.
    if (pod.containers.filter((container) => container.running).length < 2) return;
    // With a container list or a mount too broken to read, any "unshared" volume may be shared after all.
    if (!pod.mountsReadable) return;
    const scratch = new Set(options.scratchPaths.map(withoutTrailingSlash));
    const scratchHint = scratch.size === 0 ? '' : `; if it is private scratch space, mount it at a scratch path ` +
      `(${[...scratch].map((path) => `\`${path}\``).join(', ')})`;
    const mounters = mountersByVolume(pod);
    for (const volume of pod.volumes) {
      if (volume.name === undefined || !emptyDirOf(volume)) continue;
      const containers = mounters.get(volume.name) ?? [];
      const only = containers[0];
      // A sidecar injected at admission that mounts the volume is the second container.
      if (containers.length !== 1 || !only || pod.injectedMounts.has(volume.name)) continue;
      const paths = only.mounts.filter((mount) => mount.name === volume.name).map((mount) => mount.mountPath);
      if (paths.every((path) => path !== undefined && scratch.has(withoutTrailingSlash(path)))) continue;
      const others = pod.containers.filter((container) => container !== only).map((container) => `\`${container.name ?? '?'}\``);
      const onlyReads = only.mounts.every((mount) => mount.name !== volume.name || mount.readOnly);
      const effect = onlyReads
        ? 'and read-only: nothing ever writes to it, so it stays empty'
        : `so nothing it writes there reaches ${others.join(', ')}`;
      report({
        path: volumeNamePath(volume),
        message:
          `emptyDir volume \`${volume.name}\` is mounted only by container \`${only.name ?? '?'}\`, ${effect}. ` +
          `Mount it in the container that should share it${scratchHint}.`,
      });
    }
  },
};

export default rule;
