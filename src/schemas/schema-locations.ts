import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { formatKubernetesVersion, type KubernetesVersion } from '../kubernetes/kubernetes-version.js';

/** The layout kubeconform's own schema repositories use below a folder given without a file template. */
const KUBECONFORM_LAYOUT = '{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json';
/** A flat folder of `deployment-apps-v1.json`-style files, as kubeconform's fixtures and CRD catalogs keep them. */
const FLAT_LAYOUT = '{{ .ResourceKind }}{{ .KindSuffix }}.json';

/** The variables of a kubeconform schema location template, computed as kubeconform computes them. */
export function templateVariables(apiVersion: string, kind: string, version: KubernetesVersion): Record<string, string> {
  const parts = apiVersion.split('/');
  const group = parts.length > 1 ? (parts[0] ?? '') : '';
  let kindSuffix = `-${(parts[0] ?? '').split('.')[0]?.toLowerCase() ?? ''}`;
  if (parts.length > 1) kindSuffix += `-${(parts[1] ?? '').toLowerCase()}`;
  return {
    NormalizedKubernetesVersion: `v${formatKubernetesVersion(version)}.0`,
    StrictSuffix: '-strict',
    ResourceKind: kind.toLowerCase(),
    ResourceAPIVersion: parts[parts.length - 1] ?? '',
    KindSuffix: kindSuffix,
    Group: group,
  };
}

export function expandTemplate(template: string, variables: Record<string, string>): string {
  return template.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (whole, name: string) => variables[name] ?? whole);
}

/** A kind as Kubernetes names kinds, and an apiVersion as `group/version` or `version`: nothing that walks a path. */
const SAFE_KIND = /^[A-Za-z][A-Za-z0-9]{0,62}$/;
const SAFE_API_VERSION = /^(?:[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?\/)?v[0-9][a-z0-9]{0,30}$/;

/** A location that names an existing folder, rather than a file template. */
function isFolder(location: string): boolean {
  return existsSync(location) && statSync(location).isDirectory();
}

/**
 * The files where the locations say a schema for apiVersion/kind may be, in order. A folder is searched
 * flat and in kubeconform's own layout; anything else is a template with kubeconform's variables.
 */
export function schemaLocationPaths(locations: readonly string[], apiVersion: string, kind: string, version: KubernetesVersion): string[] {
  // The names come from the input: only names Kubernetes could serve are joined into a path (`kind: ../../x` is none).
  if (!SAFE_KIND.test(kind) || !SAFE_API_VERSION.test(apiVersion)) return [];
  const variables = templateVariables(apiVersion, kind, version);
  return locations.flatMap((location) =>
    isFolder(location)
      ? [path.join(location, expandTemplate(FLAT_LAYOUT, variables)), path.join(location, expandTemplate(KUBECONFORM_LAYOUT, variables))]
      : [expandTemplate(location, variables)],
  );
}
