/** A Kubernetes minor release: what decides which APIs and fields the cluster serves. */
export interface KubernetesVersion {
  major: number;
  minor: number;
}

/** The release sidecar-lint checks against unless told otherwise: the one its schemas describe. */
export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = { major: 1, minor: 36 };

/**
 * The oldest release sidecar-lint knows: its removed-API table starts with 1.16's removals, and its version-gated
 * checks go back no further. A target outside OLDEST..DEFAULT would be judged by rules that do not describe it.
 */
export const OLDEST_KUBERNETES_VERSION: KubernetesVersion = { major: 1, minor: 16 };

/** Reads `1.29`, `v1.29` or `1.29.3` (the patch level changes no API) within the known range; undefined otherwise. */
export function parseKubernetesVersion(text: string): KubernetesVersion | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  if (!match) return undefined;
  const version = { major: Number(match[1]), minor: Number(match[2]) };
  const known = compareKubernetesVersions(version, OLDEST_KUBERNETES_VERSION) >= 0 && compareKubernetesVersions(version, DEFAULT_KUBERNETES_VERSION) <= 0;
  return known ? version : undefined;
}

/** What a version must look like, for messages: `a release from 1.16 to 1.36, written as "1.30"`. */
export function kubernetesVersionRange(): string {
  return `a release from ${formatKubernetesVersion(OLDEST_KUBERNETES_VERSION)} to ${formatKubernetesVersion(DEFAULT_KUBERNETES_VERSION)}, written as "1.30"`;
}

export function formatKubernetesVersion(version: KubernetesVersion): string {
  return `${version.major}.${version.minor}`;
}

/** Negative when `a` is older than `b`, zero when the same minor release, positive when newer. */
export function compareKubernetesVersions(a: KubernetesVersion, b: KubernetesVersion): number {
  return a.major - b.major || a.minor - b.minor;
}
