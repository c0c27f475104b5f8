import type { PodSpecRule } from '../src/rule.js';

// Being written: the check is filled in with its fixtures and doc.
const rule: PodSpecRule = {
  meta: {
    id: 'log-dir-mount-hides-stdout',
    level: 'note',
    summary: 'A volume mounted over an official image\'s log directory hides its links to stdout/stderr.',
    tags: ['kubernetes', 'volumes', 'observability'],
    precision: 'high',
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check() {},
};

export default rule;
