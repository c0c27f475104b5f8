import type { ContainerView, PodView } from '../../src/kubernetes/pod.js';
import { arrayOrEmpty, isPlainObject, stringOrUndefined } from '../../src/kubernetes/values.js';
import type { JsonPath } from '../../src/yaml/json-path.js';
import { pathsIn, type NamedPath } from './command-paths.js';

/** Env vars named like these hold URL paths (`BASE_URL=/api`), not files. */
export const URL_VALUED_ENV = /(url|uri|route|prefix|endpoint|href|location|web_?path|base_?path|context_?path)$/i;

/** A string where a container names absolute paths: an item of `command` or `args`, or an env value. */
export interface PathsString {
  path: JsonPath;
  text: string;
  /** The variable's name, for an env value (`''` when it has none); absent for command and args. */
  envName?: string;
  /** The paths it names (`pathsIn`), at least one. */
  named: readonly NamedPath[];
}

/** The strings of a pod's containers that name paths, each container's read when first asked for. */
export interface PodNamedPaths {
  /**
   * The container's command and args items, then its env values, in that order, that name at least one absolute
   * path, with the paths; an env value whose variable is named like a URL names none. Most strings name no path,
   * and are dropped before their JSON path is built.
   */
  of(container: ContainerView): readonly PathsString[];
}

/* By pod, not by container: a WeakMap entry costs about a microsecond to add, ten times a Map's. */
const cache = new WeakMap<PodView, PodNamedPaths>();

/**
 * The paths the pod's containers name, read once per container while the pod view lives: both path rules
 * (sidecar-reads-unmounted-path, unshared-volume) ask for every container's, and unshared-volume again for each
 * volume of the pod.
 */
export function namedPathsIn(pod: PodView): PodNamedPaths {
  let paths = cache.get(pod);
  if (paths === undefined) {
    const byContainer = new Map<ContainerView, readonly PathsString[]>();
    paths = {
      of(container) {
        let strings = byContainer.get(container);
        if (strings === undefined) {
          strings = pathsStringsOf(container);
          byContainer.set(container, strings);
        }
        return strings;
      },
    };
    cache.set(pod, paths);
  }
  return paths;
}

function pathsStringsOf(container: ContainerView): PathsString[] {
  const strings: PathsString[] = [];
  for (const field of ['command', 'args'] as const) {
    arrayOrEmpty(container.raw[field]).forEach((item, index) => {
      if (typeof item !== 'string') return;
      const named = pathsIn(item);
      if (named.length > 0) strings.push({ path: [...container.path, field, index], text: item, named });
    });
  }
  arrayOrEmpty(container.raw.env).forEach((item, index) => {
    if (!isPlainObject(item) || typeof item.value !== 'string') return;
    const envName = stringOrUndefined(item.name) ?? '';
    const named = pathsIn(item.value, { urlValued: URL_VALUED_ENV.test(envName) });
    if (named.length > 0) strings.push({ path: [...container.path, 'env', index, 'value'], text: item.value, envName, named });
  });
  return strings;
}
