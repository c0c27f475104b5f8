import type { PodSpecRule } from '../src/rule.js';

// Being written: the check is filled in with its fixtures and doc.
const rule: PodSpecRule = {
  meta: {
    id: 'duplicate-volume-name',
    level: 'error',
    summary: 'Two declared volumes (or claim templates) share a name.',
    tags: ['kubernetes', 'volumes', 'correctness'],
    precision: 'very-high',
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check() {},
};

export default rule;
