import type { PodSpecRule } from '../src/rule.js';

// Being written: the check is filled in with its fixtures and doc.
const rule: PodSpecRule = {
  meta: {
    id: 'read-only-shared-volume',
    level: 'warning',
    summary: 'An emptyDir shared by several containers is mounted read-only by every one of them.',
    tags: ['kubernetes', 'volumes', 'sidecar'],
    precision: 'high',
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check() {},
};

export default rule;
