/**
 * Volumes mounted by sidecars that admission webhooks add to the pod, read from the pod annotations that ask
 * for them. Such a volume is declared in the manifest but mounted by no container written there.
 */

/** Istio: `sidecar.istio.io/userVolumeMount` holds volume mounts for istio-proxy as JSON. */
const ISTIO_USER_VOLUME_MOUNT = 'sidecar.istio.io/userVolumeMount';

/** GKE's Cloud Storage FUSE driver injects its sidecar on this annotation and mounts these volumes if declared. */
const GCSFUSE_ANNOTATION = 'gke-gcsfuse/volumes';
const GCSFUSE_VOLUMES = ['gke-gcsfuse-tmp', 'gke-gcsfuse-buffer', 'gke-gcsfuse-cache'];

export function injectedVolumeMounts(annotations: ReadonlyMap<string, string>): ReadonlySet<string> {
  const names = new Set<string>();
  const istio = annotations.get(ISTIO_USER_VOLUME_MOUNT);
  if (istio !== undefined) for (const name of istioVolumeNames(istio)) names.add(name);
  if (annotations.get(GCSFUSE_ANNOTATION) === 'true') for (const name of GCSFUSE_VOLUMES) names.add(name);
  return names;
}

/** Istio accepts a list of mounts (`[{"name": "certs", ...}]`) or a map keyed by volume name. */
function istioVolumeNames(json: string): string[] {
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
