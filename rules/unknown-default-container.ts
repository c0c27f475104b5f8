import { closestName } from '../src/engine/closest-name.js';
import type { PodView } from '../src/kubernetes/pod.js';
import type { PodSpecRule } from '../src/engine/rule.js';
import { isPlainObject, nameOf } from '../src/kubernetes/values.js';
import { DEFAULT_CONTAINER_ANNOTATION } from './support/default-container.js';

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/**
 * Every container of the pod can be named: each list is absent or a list of mappings with a name. Where one
 * is not (`containers: "oops"`, a container without a name), the annotation may well name the container
 * nobody can read, so the rule says nothing and leaves the broken list to the schema check.
 */
function everyContainerNamed(pod: PodView): boolean {
  return CONTAINER_LISTS.every((list) => {
    const value = pod.spec[list];
    if (value === undefined || value === null) return true;
    return Array.isArray(value) && value.every((item) => isPlainObject(item) && nameOf(item.name) !== undefined);
  });
}

const NAMES_UNKNOWN =
  'The `kubectl.kubernetes.io/default-container` annotation names `{{wanted}}`, which is not a container of this pod: ' +
  'kubectl warns and falls back to the first container.';
const IS_EMPTY =
  'The `kubectl.kubernetes.io/default-container` annotation is empty, so kubectl ignores it and `logs`, `exec` and ' +
  '`attach` default to the first container. Set it to the container they should reach';

const rule: PodSpecRule = {
  meta: {
    id: 'unknown-default-container',
    level: 'error',
    summary: 'The kubectl.kubernetes.io/default-container annotation names no container of the pod.',
    tags: ['kubernetes', 'sidecar', 'correctness'],
    precision: 'very-high',
    messages: {
      empty: `${IS_EMPTY} ({{containers}}), or remove it.`,
      emptyNoContainers: `${IS_EMPTY}, or remove it.`,
      unknownWithSuggestion: `${NAMES_UNKNOWN} Did you mean \`{{suggestion}}\`?`,
      unknown: `${NAMES_UNKNOWN} The containers are {{containers}}.`,
      unknownNoContainers: `${NAMES_UNKNOWN} The pod has no named containers.`,
    },
    needsWholeObject: true,
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, report }) {
    const wanted = pod.annotations.get(DEFAULT_CONTAINER_ANNOTATION);
    if (wanted === undefined || !everyContainerNamed(pod)) return;
    const names = pod.containers.map((container) => container.name).filter((name) => name !== undefined);
    if (names.includes(wanted)) return;
    const path = [...pod.annotationsPath, DEFAULT_CONTAINER_ANNOTATION];
    const containers = names.map((name) => `\`${name}\``).join(', ');
    if (wanted === '') {
      report(names.length > 0 ? { path, messageId: 'empty', data: { containers } } : { path, messageId: 'emptyNoContainers' });
      return;
    }
    const suggestion = closestName(wanted, names);
    if (suggestion !== undefined) {
      const meant = pod.containers.find((container) => container.name === suggestion);
      report({
        path,
        messageId: 'unknownWithSuggestion',
        data: { wanted, suggestion },
        related: meant ? [{ path: [...meant.path, 'name'], message: `The container named \`${suggestion}\`.` }] : [],
      });
    } else if (names.length > 0) {
      report({ path, messageId: 'unknown', data: { wanted, containers } });
    } else {
      report({ path, messageId: 'unknownNoContainers', data: { wanted } });
    }
  },
};

export default rule;
