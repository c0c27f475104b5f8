import { type MountView, rejectionOf } from '../src/kubernetes/pod.js';
import type { PodSpecRule } from '../src/engine/rule.js';

/**
 * `/data/` and `/data` are one directory; `/` stays `/`. A scan, not `/(?<=.)\/+$/`, which is quadratic on a long run
 * of slashes that does not end the path; the same result: the trailing slashes go, but one stays where the run starts
 * the path or follows a line break (which `.` does not match).
 */
function directoryOf(mountPath: string): string {
  const end = mountPath.length;
  let start = end;
  while (start > 0 && mountPath.charAt(start - 1) === '/') start--;
  if (start === end) return mountPath;
  if (start === 0 || LINE_TERMINATORS.has(mountPath.charAt(start - 1))) start++;
  return mountPath.slice(0, start);
}

const LINE_TERMINATORS: ReadonlySet<string> = new Set(['\n', '\r', '\u2028', '\u2029']);

const SAME_VOLUME = 'Container `{{container}}` mounts volume `{{volume}}` twice at `{{mountPath}}`';
const TWO_VOLUMES = 'Container `{{container}}` mounts `{{earlier}}` and `{{volume}}` both at `{{directory}}`';
const REJECTED = '{{consequence}} ("must be unique")';
/** Paths that differ only in trailing slashes pass the API server's check. */
const HIDDEN =
  'the API server compares the paths as written (`{{earlierPath}}` and `{{mountPath}}`) and accepts them, but they ' +
  'are one directory: one volume is mounted over the other and hides it from the container';
const FIX = 'Give each mount a directory of its own, or remove the repeated one.';

const rule: PodSpecRule = {
  meta: {
    id: 'duplicate-mount-path',
    level: 'error',
    summary: 'Two mounts of one container have the same mountPath (a trailing / ignored).',
    tags: ['kubernetes', 'volumes', 'correctness'],
    precision: 'very-high',
    messages: {
      sameVolumeTwice: `${SAME_VOLUME}: ${REJECTED}. ${FIX}`,
      twoVolumesOnePath: `${TWO_VOLUMES}: ${REJECTED}. ${FIX}`,
      sameVolumeTwiceOneDirectory: `${SAME_VOLUME}: ${HIDDEN}. ${FIX}`,
      twoVolumesOneDirectory: `${TWO_VOLUMES}: ${HIDDEN}. ${FIX}`,
    },
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
        const sameVolume = earlier.name === mount.name;
        const messageId = repeated
          ? (sameVolume ? 'sameVolumeTwice' : 'twoVolumesOnePath')
          : (sameVolume ? 'sameVolumeTwiceOneDirectory' : 'twoVolumesOneDirectory');
        report({
          path: [...mount.path, 'mountPath'],
          messageId,
          data: {
            container: container.name ?? '?',
            volume: mount.name ?? '?',
            earlier: earlier.name ?? '?',
            mountPath: mount.mountPath,
            earlierPath: earlier.mountPath ?? '',
            directory,
            consequence,
          },
          related: [{
            path: [...earlier.path, 'mountPath'],
            message: `The first mount at \`${earlier.mountPath ?? ''}\`, of volume \`${earlier.name ?? '?'}\`.`,
          }],
        });
      }
    }
  },
};

export default rule;
