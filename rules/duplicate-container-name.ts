import { type ContainerView, type PodView, rejectionOf } from '../src/kubernetes/pod.js';
import { repeats } from './support/repeats.js';
import type { PodSpecRule } from '../src/engine/rule.js';

/**
 * The containers in the order they are written. The three lists may come in any order in the file (an
 * `initContainers` list written after `containers` is common); the parser keeps keys in file order.
 */
function inFileOrder(pod: PodView): ContainerView[] {
  const lists = Object.keys(pod.spec);
  return [...pod.containers].sort((a, b) => lists.indexOf(a.list) - lists.indexOf(b.list) || a.index - b.index);
}

function describe(container: ContainerView): string {
  const role = container.nativeSidecar ? 'native sidecar'
    : container.list === 'initContainers' ? 'init container'
    : container.list === 'ephemeralContainers' ? 'ephemeral container'
    : 'regular container';
  return `${role} at \`${container.list}[${container.index}]\``;
}

const rule: PodSpecRule = {
  meta: {
    id: 'duplicate-container-name',
    level: 'error',
    summary: 'Two containers of a pod (across containers, initContainers and ephemeralContainers) share a name.',
    tags: ['kubernetes', 'correctness'],
    precision: 'very-high',
    messages: {
      duplicate:
        'Container name `{{name}}` is used twice: by the {{earlier}} and by this {{container}}. Names must be unique across ' +
        'initContainers, containers and ephemeralContainers: {{consequence}} ("Duplicate value"), and `kubectl logs -c`, ' +
        '`exec -c` and the pod status tell containers apart by name alone. Give this one a name of its own.',
    },
    needsWholeObject: true,
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, report }) {
    const consequence = rejectionOf(pod);
    for (const { item: container, earlier } of repeats(inFileOrder(pod), (candidate) => candidate.name)) {
      const data = { name: container.name ?? '', earlier: describe(earlier), container: describe(container), consequence };
      report({
        path: [...container.path, 'name'],
        messageId: 'duplicate',
        data,
        related: [{ path: [...earlier.path, 'name'], message: `The ${data.earlier} named \`${data.name}\` first.` }],
      });
    }
  },
};

export default rule;
