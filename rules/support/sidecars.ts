import type { ContainerView } from '../../src/kubernetes/pod.js';
import { remembered } from './remembered.js';

/*
 * What sidecars look like from the outside: the knowledge several rules share (which container is the
 * application, which one runs forever beside a Job).
 */

/**
 * `proxy` alone is what a mesh proxy's image is often called, and also what a product that is itself a proxy
 * may call its image: for a container named just `proxy` it is not enough (see looksLikeSidecar).
 */
const GENERIC_PROXY_IMAGE_PATTERN = /(^|\/)proxy$/;

/**
 * Images of well-known sidecars, matched against the image's repository path without registry, tag or digest
 * (`docker.io/istio/proxyv2:1.22` is `istio/proxyv2`). Kept in step with the list in
 * rules/main-container-first.md, which documents it. An unanchored name before a run and `$` (`vault-agent[\w-]*$`)
 * is written `$(?<=vault-agent[\w-]*)`, which matches the same strings: tried from every start, the first form scans
 * to the end each time, which is quadratic on a long repository path; the second looks back once, from the end.
 */
export const SIDECAR_IMAGES: readonly RegExp[] = [
  // service-mesh and L7 proxies
  /(^|\/)proxyv2$/, /(^|\/)envoy(-[\w-]+)?$/, /(^|\/)linkerd[\w-]*\/proxy$/, GENERIC_PROXY_IMAGE_PATTERN, /consul-dataplane$/, /kuma-dp$/,
  // log shippers and telemetry collectors
  /(^|\/)fluent-bit$/, /(^|\/)fluentd[\w-]*$/, /(^|\/)filebeat$/, /(^|\/)promtail$/, /(^|\/)vector$/,
  /$(?<=opentelemetry-collector[\w-]*)/, /(^|\/)otelcol[\w-]*$/, /aws-otel-collector$/, /datadog(hq)?\/agent$/,
  /stackdriver-logging-agent$/,
  // metrics exporters
  /[-_]exporter$/, /(^|\/)prometheus-to-sd$/,
  // config reloaders and file syncers
  /configmap-reload$/, /prometheus-config-reloader$/, /k8s-sidecar$/, /(^|\/)git-sync$/,
  // auth, database and secret proxies and agents
  /oauth2-proxy$/, /kube-rbac-proxy$/, /cloud-sql-proxy$/, /gce-proxy$/, /$(?<=vault-agent[\w-]*)/,
  // the Kubernetes CSI sidecars beside a storage driver
  /(^|\/)csi-(provisioner|attacher|resizer|snapshotter|node-driver-registrar|external-health-monitor-[\w-]+)$/,
  /(^|\/)(node-driver-registrar|livenessprobe)$/,
];

/** Whole-word parts of a container name that mark it as a helper (`istio-proxy`, `log-shipper`). */
export const SIDECAR_NAME_WORDS = /(^|[-_.])(sidecars?|prox(y|ies)|agents?|shippers?|exporters?|reloaders?|sync|collectors?|forwarders?)($|[-_.\d])/;

/** Names of well-known sidecars that contain none of those words. */
export const SIDECAR_NAMES: ReadonlySet<string> = new Set([
  'envoy', 'fluent-bit', 'fluentbit', 'fluentd', 'filebeat', 'promtail', 'vector', 'git-sync', 'linkerd-proxy', 'istio-proxy',
  // the Kubernetes CSI sidecars, and Contour's helper that drains Envoy before it stops
  'csi-provisioner', 'csi-attacher', 'csi-resizer', 'csi-snapshotter', 'csi-node-driver-registrar', 'node-driver-registrar',
  'livenessprobe', 'liveness-probe', 'csi-external-health-monitor-controller', 'csi-external-health-monitor-agent', 'shutdown-manager',
]);

/** A name that is only a generic word: it says "sidecar" only when the image is a known sidecar's too. */
const GENERIC_NAMES: ReadonlySet<string> = new Set(['proxy']);

/**
 * `registry.example.com:5000/team/app:1.2@sha256:...` → `team/app`. Remembered by image: a run meets the same few
 * images in pod after pod, and several rules ask for each container's.
 */
export const imageRepository = remembered(repositoryOf);

function repositoryOf(image: string): string {
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

/** Whether an image is a well-known sidecar's; `generic` says whether an image called just `proxy` counts. */
function isSidecarImage(image: string | undefined, generic: boolean): boolean {
  if (image === undefined) return false;
  const match = sidecarImageMatch(imageRepository(image));
  return generic ? match.generic || match.specific : match.specific;
}

/** Which patterns a repository matches, remembered like repositories: thirty patterns are tried for each. */
const sidecarImageMatch = remembered((repository): { specific: boolean; generic: boolean } => ({
  specific: SIDECAR_IMAGES.some((pattern) => pattern !== GENERIC_PROXY_IMAGE_PATTERN && pattern.test(repository)),
  generic: GENERIC_PROXY_IMAGE_PATTERN.test(repository),
}));

export function looksLikeSidecar(container: ContainerView): boolean {
  const name = container.name?.toLowerCase();
  // A container called just `proxy` may be the product itself (a pod whose job is proxying, its image the
  // product's): only a well-known sidecar image makes it a sidecar.
  if (name !== undefined && GENERIC_NAMES.has(name)) return isSidecarImage(container.image, false);
  if (name !== undefined && (SIDECAR_NAMES.has(name) || SIDECAR_NAME_WORDS.test(name))) return true;
  return isSidecarImage(container.image, true);
}

