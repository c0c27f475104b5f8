import type { PodSpecRule } from '../src/rule.js';

// Being written: the check is filled in with its fixtures and doc.
const rule: PodSpecRule = {
  meta: {
    id: 'restart-policy-on-container',
    level: 'error',
    summary: 'restartPolicy is set on a regular container, or an init container\'s restartPolicy is not Always.',
    tags: ['kubernetes', 'sidecar', 'correctness'],
    precision: 'very-high',
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check() {},
};

export default rule;
