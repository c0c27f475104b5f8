import type { ContainerView, PodView } from '../src/kubernetes/pod.js';
import { looksLikeSidecar } from './support/sidecars.js';
import type { PodSpecRule } from '../src/engine/rule.js';
import { isPlainObject, stringOrUndefined } from '../src/kubernetes/values.js';
import { DEFAULT_CONTAINER_ANNOTATION } from './support/default-container.js';

/**
 * The annotation is there, whatever its value: a non-string value is for the schema check to report, and
 * guessing that the author wanted no default container would be wrong.
 */
function hasDefaultContainerAnnotation(pod: PodView): boolean {
  const annotations = pod.metadata?.annotations;
  return isPlainObject(annotations) && Object.hasOwn(annotations, DEFAULT_CONTAINER_ANNOTATION);
}

/**
 * A container named exactly like its workload, or like the pod's `app.kubernetes.io/name` or `app` label, is
 * that workload's application, whatever its name says: the `spire-agent` container of the `spire-agent`
 * DaemonSet, the `oauth2-proxy` container of a pod labelled `app.kubernetes.io/name: oauth2-proxy`.
 */
function isNamesake(pod: PodView, container: ContainerView): boolean {
  const name = container.name;
  if (name === undefined || name === '') return false;
  if (pod.resource.id.name === name) return true;
  const labels = pod.metadata?.labels;
  if (!isPlainObject(labels)) return false;
  return stringOrUndefined(labels['app.kubernetes.io/name']) === name || stringOrUndefined(labels.app) === name;
}

const rule: PodSpecRule = {
  meta: {
    id: 'main-container-first',
    level: 'warning',
    summary: 'A sidecar is the first container, so kubectl logs, exec and attach default to it instead of the application.',
    tags: ['kubernetes', 'sidecar', 'usability'],
    precision: 'high',
    messages: {
      sidecarFirst:
        'The first container, `{{first}}`, looks like a sidecar, and `kubectl logs`, `exec` and `attach` default to the ' +
        'first container, so they reach it instead of `{{main}}`. List `{{main}}` first, or set the pod annotation ' +
        '`kubectl.kubernetes.io/default-container: {{annotationValue}}`.',
    },
    needsWholeObject: true,
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, report }) {
    if (hasDefaultContainerAnnotation(pod)) return;
    const regular = pod.containers.filter((container) => container.list === 'containers');
    const [first, ...rest] = regular;
    // `first.index` is 0 unless the list starts with something that is not a container: then which one
    // kubectl picks is anyone's guess, and the schema check reports the list.
    if (!first || first.index !== 0 || rest.length === 0 || !looksLikeSidecar(first) || isNamesake(pod, first)) return;
    // The container the pod's own labels name is the application, even if its name sounds like a helper.
    const main = rest.find((container) => isNamesake(pod, container)) ?? rest.find((container) => !looksLikeSidecar(container));
    if (!main) return;
    // The annotation changes nothing but which container kubectl picks; reordering the list would change more.
    const annotate = main.name !== undefined && main.name !== '';
    report({
      path: [...first.path, 'name'],
      messageId: 'sidecarFirst',
      data: { first: first.name ?? '?', main: main.name ?? '?', annotationValue: main.name ?? '<name>' },
      related: [{
        path: [...main.path, 'name'],
        message: `The application container \`${main.name ?? '?'}\`, which \`kubectl logs\`, \`exec\` and \`attach\` should reach.`,
      }],
      ...(annotate
        ? {
            fix: {
              insert: { path: pod.annotationsPath, key: DEFAULT_CONTAINER_ANNOTATION, value: main.name ?? '' },
              description: `Annotate the pod with \`${DEFAULT_CONTAINER_ANNOTATION}: ${main.name ?? ''}\``,
            },
          }
        : {}),
    });
  },
};

export default rule;
