/**
 * Volumes that sidecars added at admission mount, read from the pod annotations that ask for them. Such a
 * volume is declared in the manifest but mounted by no container written there: the webhook's container
 * mounts it once the pod is created. Only what each project documents is known here; the config file names
 * more (`injectedVolumes`, `injectedVolumeAnnotations`).
 */

/** What the config file adds: volume names, and annotation keys whose value names volumes. */
export interface InjectionOptions {
  injectedVolumes: readonly string[];
  injectedVolumeAnnotations: readonly string[];
}

export const NO_CONFIGURED_INJECTIONS: InjectionOptions = { injectedVolumes: [], injectedVolumeAnnotations: [] };

/** JSON Schema of those options, for the rules that take them (their `meta.optionsSchema`). */
export const INJECTION_OPTIONS_SCHEMA = {
  injectedVolumes: {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    description: 'Volumes a sidecar injected at admission mounts (also the top-level `injectedVolumes`).',
  },
  injectedVolumeAnnotations: {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    description: 'Pod annotation keys whose value names volumes an injected sidecar mounts (comma-separated).',
  },
} as const;

/** A container as far as injectors care: its name and the volumes it mounts. */
interface MountingContainer {
  name: string | undefined;
  mounts: readonly { name: string | undefined }[];
}

/**
 * Istio: JSON volume mounts for `istio-proxy`, a list (`[{"name": "certs", ...}]`) or a map keyed by volume
 * name. Consul: a JSON list of volume mounts for its Envoy sidecar.
 */
const JSON_MOUNT_ANNOTATIONS = ['sidecar.istio.io/userVolumeMount', 'consul.hashicorp.com/consul-sidecar-user-volume-mount'];

/**
 * Annotations whose value is `volume:path` pairs, comma-separated: Dapr's read-only and read-write mounts in
 * `daprd` (only when `dapr.io/enabled` asks for the sidecar), and AWS App Mesh's mounts in its Envoy.
 */
const DAPR_MOUNT_ANNOTATIONS = ['dapr.io/volume-mounts', 'dapr.io/volume-mounts-rw'];
const APP_MESH_MOUNT_ANNOTATION = 'appmesh.k8s.aws/volumeMounts';

/** Kuma: the volume that holds the service account token its sidecar reads. */
const KUMA_TOKEN_VOLUME = 'kuma.io/service-account-token-volume';

/**
 * Vault's agent injector, on `vault.hashicorp.com/agent-inject: "true"`, copies every volume mount of the
 * container this annotation names onto its init and sidecar agents.
 */
const VAULT_INJECT = 'vault.hashicorp.com/agent-inject';
const VAULT_COPY_VOLUME_MOUNTS = 'vault.hashicorp.com/agent-copy-volume-mounts';

/** GKE's Cloud Storage FUSE driver injects its sidecar on this annotation and mounts these volumes if declared. */
const GCSFUSE_ANNOTATION = 'gke-gcsfuse/volumes';
const GCSFUSE_VOLUMES = ['gke-gcsfuse-tmp', 'gke-gcsfuse-buffer', 'gke-gcsfuse-cache'];

/** The volume names the pod's annotations hand to injected sidecars, by what each injector documents. */
export function injectedVolumeMounts(
  annotations: ReadonlyMap<string, string>,
  containers: readonly MountingContainer[] = [],
): ReadonlySet<string> {
  const names = new Set<string>();
  // Every volume below is named by an annotation: a pod without any (most) has none, and is read once per pod.
  if (annotations.size === 0) return names;
  const add = (list: Iterable<string>) => {
    for (const name of list) if (name !== '') names.add(name);
  };
  for (const key of JSON_MOUNT_ANNOTATIONS) {
    const value = annotations.get(key);
    if (value !== undefined) add(jsonMountNames(value));
  }
  if (goBool(annotations.get('dapr.io/enabled'))) {
    for (const key of DAPR_MOUNT_ANNOTATIONS) add(pairNames(annotations.get(key)));
  }
  add(pairNames(annotations.get(APP_MESH_MOUNT_ANNOTATION)));
  add([annotations.get(KUMA_TOKEN_VOLUME)?.trim() ?? '']);
  const copied = annotations.get(VAULT_COPY_VOLUME_MOUNTS)?.trim();
  if (goBool(annotations.get(VAULT_INJECT)) && copied !== undefined) {
    for (const container of containers.filter((candidate) => candidate.name === copied)) {
      add(container.mounts.flatMap((mount) => (mount.name === undefined ? [] : [mount.name])));
    }
  }
  if (annotations.get(GCSFUSE_ANNOTATION) === 'true') add(GCSFUSE_VOLUMES);
  return names;
}

/**
 * What the config file adds for this pod: the volumes it names outright, and those named by the values of the
 * annotations it lists (one volume, or a comma-separated list).
 */
export function configuredInjectedMounts(annotations: ReadonlyMap<string, string>, options: InjectionOptions): ReadonlySet<string> {
  const names = new Set<string>();
  for (const name of stringsOf(options.injectedVolumes)) names.add(name);
  for (const key of stringsOf(options.injectedVolumeAnnotations)) {
    for (const name of (annotations.get(key) ?? '').split(',')) if (name.trim() !== '') names.add(name.trim());
  }
  return names;
}

/** Both: what the injectors are known to mount, and what the config file says. */
export function allInjectedMounts(
  pod: { annotations: ReadonlyMap<string, string>; injectedMounts: ReadonlySet<string> },
  options: Partial<InjectionOptions>,
): ReadonlySet<string> {
  const configured = configuredInjectedMounts(pod.annotations, { ...NO_CONFIGURED_INJECTIONS, ...options });
  return configured.size === 0 ? pod.injectedMounts : new Set([...pod.injectedMounts, ...configured]);
}

/** Options come from a config file: whatever is not a string is ignored, not trusted. */
function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item !== '') : [];
}

/** Go's strconv.ParseBool, which the Vault and Dapr injectors read their switches with. */
function goBool(value: string | undefined): boolean {
  return value !== undefined && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value.trim());
}

/** `certs:/etc/certs, cache:/tmp/cache` → `certs`, `cache`. */
function pairNames(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(',').flatMap((pair) => {
    const colon = pair.indexOf(':');
    return colon > 0 ? [pair.slice(0, colon).trim()] : [];
  });
}

/** A JSON list of volume mounts, or a map keyed by volume name; anything unreadable names nothing. */
function jsonMountNames(json: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  if (Array.isArray(parsed)) {
    return parsed.flatMap((mount: unknown) =>
      typeof mount === 'object' && mount !== null && 'name' in mount && typeof mount.name === 'string' ? [mount.name] : [],
    );
  }
  return typeof parsed === 'object' && parsed !== null ? Object.keys(parsed) : [];
}
