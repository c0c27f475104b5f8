import type { PodSpecRule } from '../src/rule.js';

// Being written: the check is filled in with its fixtures and doc.
const rule: PodSpecRule = {
  meta: {
    id: 'native-sidecar-unsupported',
    level: 'error',
    summary: 'A native sidecar (init container with restartPolicy: Always) targets a Kubernetes release before 1.29.',
    tags: ['kubernetes', 'sidecar', 'compatibility'],
    precision: 'very-high',
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check() {},
};

export default rule;
