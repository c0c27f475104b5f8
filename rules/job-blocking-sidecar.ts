import type { PodSpecRule } from '../src/rule.js';

// Being written: the check is filled in with its fixtures and doc.
const rule: PodSpecRule = {
  meta: {
    id: 'job-blocking-sidecar',
    level: 'warning',
    summary: 'A Job\'s sidecar runs forever as a regular container, so the Job never completes.',
    tags: ['kubernetes', 'sidecar', 'reliability'],
    precision: 'high',
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check() {},
};

export default rule;
