import type { PodSpecRule } from '../src/rule.js';

// Being written: the check is filled in with its fixtures and doc.
const rule: PodSpecRule = {
  meta: {
    id: 'duplicate-mount-path',
    level: 'error',
    summary: 'Two mounts of one container have the same mountPath.',
    tags: ['kubernetes', 'volumes', 'correctness'],
    precision: 'very-high',
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check() {},
};

export default rule;
