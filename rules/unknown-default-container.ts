import { closestName } from '../src/closest-name.js';
import type { PodSpecRule } from '../src/rule.js';
import { DEFAULT_CONTAINER_ANNOTATION } from './main-container-first.js';

const rule: PodSpecRule = {
  meta: {
    id: 'unknown-default-container',
    level: 'error',
    summary: 'The kubectl.kubernetes.io/default-container annotation names no container of the pod.',
    tags: ['kubernetes', 'sidecar', 'correctness'],
    precision: 'very-high',
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, report }) {
    const wanted = pod.annotations.get(DEFAULT_CONTAINER_ANNOTATION);
    if (wanted === undefined) return;
    const names = pod.containers.map((container) => container.name).filter((name) => name !== undefined);
    if (names.includes(wanted)) return;
    const suggestion = closestName(wanted, names);
    const hint = suggestion !== undefined ? `Did you mean \`${suggestion}\`?` : names.length > 0
      ? `The containers are ${names.map((name) => `\`${name}\``).join(', ')}.`
      : 'The pod has no named containers.';
    report({
      path: [...pod.annotationsPath, DEFAULT_CONTAINER_ANNOTATION],
      message:
        `The \`${DEFAULT_CONTAINER_ANNOTATION}\` annotation names \`${wanted}\`, which is not a container of this pod: ` +
        `kubectl warns and falls back to the first container. ${hint}`,
    });
  },
};

export default rule;
