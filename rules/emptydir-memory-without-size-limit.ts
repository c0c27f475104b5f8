import { emptyDirOf } from '../src/kubernetes/pod.js';
import type { PodSpecRule } from '../src/engine/rule.js';

/** A quantity whose number is zero, whatever its suffix: `0`, `"0"`, `0Mi`, `0.0Gi`. */
const ZERO_QUANTITY = /^[+-]?0*(\.0*)?([eE][+-]?\d+|[a-zA-Z]+)?$/;

/**
 * `sizeLimit: 0`, `"0Mi"` and `""` are as good as none: the kubelet sizes the tmpfs only from a positive
 * limit.
 */
function hasSizeLimit(sizeLimit: unknown): boolean {
  if (typeof sizeLimit === 'number') return sizeLimit > 0;
  if (typeof sizeLimit !== 'string') return false;
  const quantity = sizeLimit.trim();
  return quantity !== '' && !ZERO_QUANTITY.test(quantity);
}

/** How the message names the limit that is missing or worthless. */
function limitWords(sizeLimit: unknown): string {
  if (sizeLimit === undefined || sizeLimit === null) return 'no sizeLimit';
  return `a sizeLimit of ${JSON.stringify(sizeLimit)}, which is no limit`;
}

const rule: PodSpecRule = {
  meta: {
    id: 'emptydir-memory-without-size-limit',
    level: 'warning',
    summary: 'A memory-backed emptyDir (medium: Memory) has no sizeLimit.',
    tags: ['kubernetes', 'volumes', 'reliability'],
    precision: 'very-high',
    needsWholeObject: true,
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
          `emptyDir volume \`${volume.name ?? '?'}\` lives in memory (tmpfs) with ${limitWords(emptyDir.sizeLimit)}: what is written there ` +
          "counts against the containers' memory and, unbounded, can exhaust the node's. Set `sizeLimit` " +
          '(for example `sizeLimit: 64Mi`).',
      });
    }
  },
};

export default rule;
