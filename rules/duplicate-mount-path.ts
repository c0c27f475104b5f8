import { type MountView, rejectionOf } from '../src/kubernetes/pod.js';
import type { PodSpecRule } from '../src/engine/rule.js';

/** `/data/` and `/data` are one directory; `/` stays `/`. */
function directoryOf(mountPath: string): string {
  return mountPath.replace(/(?<=.)\/+$/, '');
}

const rule: PodSpecRule = {
  meta: {
    id: 'duplicate-mount-path',
    level: 'error',
    summary: 'Two mounts of one container have the same mountPath (a trailing / ignored).',
    tags: ['kubernetes', 'volumes', 'correctness'],
    precision: 'very-high',
    needsWholeObject: true,
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, report }) {
    const consequence = rejectionOf(pod);
    for (const container of pod.containers) {
      const first = new Map<string, MountView>();
      // The API server compares paths as written: only an exact repeat is what it rejects.
      const written = new Set<string>();
      for (const mount of container.mounts) {
        // An empty mountPath is a missing one: the schema check reports it.
        if (mount.mountPath === undefined || mount.mountPath === '') continue;
        const directory = directoryOf(mount.mountPath);
        const earlier = first.get(directory);
        const repeated = written.has(mount.mountPath);
        written.add(mount.mountPath);
        if (!earlier) {
          first.set(directory, mount);
          continue;
        }
        const who = `Container \`${container.name ?? '?'}\``;
        const what = earlier.name === mount.name
          ? `${who} mounts volume \`${mount.name ?? '?'}\` twice at \`${mount.mountPath}\``
          : `${who} mounts \`${earlier.name ?? '?'}\` and \`${mount.name ?? '?'}\` both at \`${directory}\``;
        const why = repeated
          ? `${consequence} ("must be unique")`
          : `the API server compares the paths as written (\`${earlier.mountPath ?? ''}\` and \`${mount.mountPath}\`) ` +
            'and accepts them, but they are one directory: one volume is mounted over the other and hides it from the container';
        report({
          path: [...mount.path, 'mountPath'],
          message: `${what}: ${why}. Give each mount a directory of its own, or remove the repeated one.`,
        });
      }
    }
  },
};

export default rule;
