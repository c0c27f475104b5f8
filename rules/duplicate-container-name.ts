import type { PodSpecRule } from '../src/rule.js';

// Being written: the check is filled in with its fixtures and doc.
const rule: PodSpecRule = {
  meta: {
    id: 'duplicate-container-name',
    level: 'error',
    summary: 'Two containers of a pod (across containers, initContainers and ephemeralContainers) share a name.',
    tags: ['kubernetes', 'correctness'],
    precision: 'very-high',
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check() {},
};

export default rule;
