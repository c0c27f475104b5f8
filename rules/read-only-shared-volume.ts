import { emptyDirOf, mountersByVolume, volumeNamePath } from '../src/kubernetes/pod.js';
import type { PodSpecRule } from '../src/engine/rule.js';

const rule: PodSpecRule = {
  meta: {
    id: 'read-only-shared-volume',
    level: 'warning',
    summary: 'An emptyDir shared by several containers is mounted read-only by every one of them, so it stays empty.',
    tags: ['kubernetes', 'volumes', 'sidecar'],
    precision: 'high',
    messages: {
      allReadOnly:
        'emptyDir volume `{{name}}` is mounted by {{containers}}, and every mount is `readOnly`: an emptyDir starts ' +
        'empty and no container can write to it, so they all see an empty directory. Remove `readOnly: true` from ' +
        'the mount of the container that should write the files (keep it on the ones that only read them).',
    },
    needsWholeObject: true,
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, report }) {
    // A mount that cannot be read may be the writable one.
    if (!pod.mountsReadable) return;
    const mounters = mountersByVolume(pod);
    for (const volume of pod.volumes) {
      const { name } = volume;
      if (name === undefined || !emptyDirOf(volume)) continue;
      const containers = mounters.get(name) ?? [];
      // A sidecar injected at admission may be the one that writes it.
      if (containers.length < 2 || pod.injectedMounts.has(name)) continue;
      const mounts = containers.flatMap((container) =>
        container.mounts.filter((mount) => mount.name === name).map((mount) => ({ container, mount })));
      if (!mounts.every(({ mount }) => mount.readOnly)) continue;
      const names = containers.map((container) => `\`${container.name ?? '?'}\``);
      const last = names.pop() ?? '';
      report({
        path: volumeNamePath(volume),
        messageId: 'allReadOnly',
        data: { name, containers: `${names.join(', ')} and ${last}` },
        // Each `readOnly: true` is a place the fix may go.
        related: mounts.map(({ container, mount }) => ({
          path: [...mount.path, 'readOnly'],
          message: `Container \`${container.name ?? '?'}\` mounts \`${name}\` read-only here.`,
        })),
      });
    }
  },
};

export default rule;
