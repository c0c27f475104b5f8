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

const CONSEQUENCE_AND_FIX =
  "what is written there counts against the containers' memory and, unbounded, can exhaust the node's. Set " +
  '`sizeLimit` (for example `sizeLimit: 64Mi`).';

const rule: PodSpecRule = {
  meta: {
    id: 'emptydir-memory-without-size-limit',
    level: 'warning',
    summary: 'A memory-backed emptyDir (medium: Memory) has no sizeLimit.',
    tags: ['kubernetes', 'volumes', 'reliability'],
    precision: 'very-high',
    messages: {
      noSizeLimit:
        'emptyDir volume `{{name}}` lives in memory (tmpfs) with no sizeLimit: ' + CONSEQUENCE_AND_FIX,
      zeroSizeLimit:
        'emptyDir volume `{{name}}` lives in memory (tmpfs) with a sizeLimit of {{sizeLimit}}, which is no limit: ' +
        CONSEQUENCE_AND_FIX,
    },
    needsWholeObject: true,
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, report }) {
    for (const volume of pod.volumes) {
      const emptyDir = emptyDirOf(volume);
      if (emptyDir?.medium !== 'Memory' || hasSizeLimit(emptyDir.sizeLimit)) continue;
      const path = [...volume.path, 'emptyDir', 'medium'];
      const name = volume.name ?? '?';
      const { sizeLimit } = emptyDir;
      if (sizeLimit === undefined || sizeLimit === null) report({ path, messageId: 'noSizeLimit', data: { name } });
      else report({ path, messageId: 'zeroSizeLimit', data: { name, sizeLimit: JSON.stringify(sizeLimit) } });
    }
  },
};

export default rule;
