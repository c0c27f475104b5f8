import type { ContainerView } from '../../src/kubernetes/pod.js';

/*
 * What sidecars look like from the outside: the knowledge several rules share (which container is the
 * application, which one runs forever beside a Job).
 */

/**
 * Images of well-known sidecars, matched against the image's repository path without registry, tag or digest
 * (`docker.io/istio/proxyv2:1.22` is `istio/proxyv2`). Kept in step with the list in
 * rules/main-container-first.md, which documents it.
 */
export const SIDECAR_IMAGES: readonly RegExp[] = [
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
export const SIDECAR_NAME_WORDS = /(^|[-_.])(sidecars?|prox(y|ies)|agents?|shippers?|exporters?|reloaders?|sync|collectors?|forwarders?)($|[-_.\d])/;

/** Names of well-known sidecars that contain none of those words. */
export const SIDECAR_NAMES: ReadonlySet<string> = new Set(['envoy', 'fluent-bit', 'fluentbit', 'fluentd', 'filebeat', 'promtail', 'vector', 'git-sync', 'linkerd-proxy', 'istio-proxy']);

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

