import type { ContainerView, PodView } from '../src/pod.js';
import type { PodSpecRule } from '../src/rule.js';
import { isPlainObject, stringOrUndefined } from '../src/values.js';

export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

/**
 * Images of well-known sidecars, matched against the image's repository path without registry, tag or digest
 * (`docker.io/istio/proxyv2:1.22` is `istio/proxyv2`). Kept in step with the list in main-container-first.md.
 */
const SIDECAR_IMAGES: readonly RegExp[] = [
  // service-mesh and L7 proxies
  /(^|\/)proxyv2$/, /(^|\/)envoy(-[\w-]+)?$/, /(^|\/)linkerd[\w-]*\/proxy$/, /(^|\/)proxy$/, /consul-dataplane$/, /kuma-dp$/,
  // log shippers and telemetry collectors
  /(^|\/)fluent-bit$/, /(^|\/)fluentd[\w-]*$/, /(^|\/)filebeat$/, /(^|\/)promtail$/, /(^|\/)vector$/,
  /opentelemetry-collector[\w-]*$/, /(^|\/)otelcol[\w-]*$/, /aws-otel-collector$/, /datadog(hq)?\/agent$/,
  /stackdriver-logging-agent$/,
  // metrics exporters
  /[-_]exporter$/, /(^|\/)prometheus-to-sd$/,
  // config reloaders and file syncers
  /configmap-reload$/, /prometheus-config-reloader$/, /k8s-sidecar$/, /(^|\/)git-sync$/,
  // auth, database and secret proxies and agents
  /oauth2-proxy$/, /kube-rbac-proxy$/, /cloud-sql-proxy$/, /gce-proxy$/, /vault-agent[\w-]*$/,
];

/** Whole-word parts of a container name that mark it as a helper (`istio-proxy`, `log-shipper`). */
const SIDECAR_NAME_WORDS = /(^|[-_.])(sidecars?|prox(y|ies)|agents?|shippers?|exporters?|reloaders?|sync|collectors?|forwarders?)($|[-_.\d])/;

/** Names of well-known sidecars that contain none of those words. */
const SIDECAR_NAMES: ReadonlySet<string> = new Set(['envoy', 'fluent-bit', 'fluentbit', 'fluentd', 'filebeat', 'promtail', 'vector', 'git-sync', 'linkerd-proxy', 'istio-proxy']);

/** `registry.example.com:5000/team/app:1.2@sha256:...` → `team/app`. */
export function imageRepository(image: string): string {
  let repository = image.trim().toLowerCase();
  const digest = repository.indexOf('@');
  if (digest >= 0) repository = repository.slice(0, digest);
  const lastSlash = repository.lastIndexOf('/');
  const tag = repository.lastIndexOf(':');
  if (tag > lastSlash) repository = repository.slice(0, tag);
  const parts = repository.split('/');
  // A first part with a dot, a port or `localhost` is a registry host, not part of the repository.
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) parts.shift();
  return parts.join('/');
}

export function looksLikeSidecar(container: ContainerView): boolean {
  const name = container.name?.toLowerCase();
  if (name !== undefined && (SIDECAR_NAMES.has(name) || SIDECAR_NAME_WORDS.test(name))) return true;
  if (container.image === undefined) return false;
  const repository = imageRepository(container.image);
  return SIDECAR_IMAGES.some((pattern) => pattern.test(repository));
}

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
    const main = rest.find((container) => !looksLikeSidecar(container));
    if (!main) return;
    report({
      path: [...first.path, 'name'],
      message:
        `The first container, \`${first.name ?? '?'}\`, looks like a sidecar, and \`kubectl logs\`, \`exec\` and ` +
        `\`attach\` default to the first container, so they reach it instead of \`${main.name ?? '?'}\`. List ` +
        `\`${main.name ?? '?'}\` first, or set the pod annotation \`${DEFAULT_CONTAINER_ANNOTATION}: ${main.name ?? '<name>'}\`.`,
    });
  },
};

export default rule;
