import type { PodSpecRule } from '../src/rule.js';

// Being written: the check is filled in with its fixtures and doc.
const rule: PodSpecRule = {
  meta: {
    id: 'invalid-sub-path',
    level: 'error',
    summary: 'A subPath or subPathExpr is absolute or climbs out with \'..\', or both are set.',
    tags: ['kubernetes', 'volumes', 'correctness'],
    precision: 'very-high',
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check() {},
};

export default rule;
