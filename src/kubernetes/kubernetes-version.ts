/** A Kubernetes minor release: what decides which APIs and fields the cluster serves. */
export interface KubernetesVersion {
  major: number;
  minor: number;
}

/** The release sidecar-lint checks against unless told otherwise: the one its schemas describe. */
export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = { major: 1, minor: 36 };

/** Reads `1.29`, `v1.29` or `1.29.3` (the patch level changes no API); undefined for anything else. */
export function parseKubernetesVersion(text: string): KubernetesVersion | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

export function formatKubernetesVersion(version: KubernetesVersion): string {
  return `${version.major}.${version.minor}`;
}

/** Negative when `a` is older than `b`, zero when the same minor release, positive when newer. */
export function compareKubernetesVersions(a: KubernetesVersion, b: KubernetesVersion): number {
  return a.major - b.major || a.minor - b.minor;
}
