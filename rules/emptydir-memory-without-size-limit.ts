import { emptyDirOf } from '../src/pod.js';
import type { PodSpecRule } from '../src/rule.js';

/** `sizeLimit: 0` and `sizeLimit: ""` are as good as none. */
function hasSizeLimit(sizeLimit: unknown): boolean {
  return (typeof sizeLimit === 'string' && sizeLimit.trim() !== '') || (typeof sizeLimit === 'number' && sizeLimit > 0);
}

const rule: PodSpecRule = {
  meta: {
    id: 'emptydir-memory-without-size-limit',
    level: 'warning',
    summary: 'A memory-backed emptyDir (medium: Memory) has no sizeLimit.',
    tags: ['kubernetes', 'volumes', 'reliability'],
    precision: 'very-high',
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, report }) {
    for (const volume of pod.volumes) {
      const emptyDir = emptyDirOf(volume);
      if (emptyDir?.medium !== 'Memory' || hasSizeLimit(emptyDir.sizeLimit)) continue;
      report({
        path: [...volume.path, 'emptyDir', 'medium'],
        message:
          `emptyDir volume \`${volume.name ?? '?'}\` lives in memory (tmpfs) with no sizeLimit: what is written there ` +
          "counts against the containers' memory and, unbounded, can exhaust the node's. Set `sizeLimit` " +
          '(for example `sizeLimit: 64Mi`).',
      });
    }
  },
};

export default rule;
