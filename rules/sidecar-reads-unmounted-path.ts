import type { PodSpecRule } from '../src/rule.js';

// Being written: the check is filled in with its fixtures and doc.
const rule: PodSpecRule = {
  meta: {
    id: 'sidecar-reads-unmounted-path',
    level: 'warning',
    summary: 'A container names a path under another container\'s volume mount that it does not mount itself.',
    tags: ['kubernetes', 'volumes', 'sidecar'],
    precision: 'medium',
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check() {},
};

export default rule;
