import type { ContainerView } from '../../src/kubernetes/pod.js';
import { arrayOrEmpty, isPlainObject, stringOrUndefined } from '../../src/kubernetes/values.js';
import type { JsonPath } from '../../src/yaml/json-path.js';

/** Env vars named like these hold URL paths (`BASE_URL=/api`), not files. */
export const URL_VALUED_ENV = /(url|uri|route|prefix|endpoint|href|location|web_?path|base_?path|context_?path)$/i;

/** A string where a container may name a path: an item of `command` or `args`, or an env value. */
export interface ContainerString {
  path: JsonPath;
  text: string;
  /** The variable's name, for an env value (`''` when it has none); absent for command and args. */
  envName?: string;
}

/** The container's command and args items, then its env values, in that order; strings only. */
export function containerStrings(container: ContainerView): ContainerString[] {
  const strings: ContainerString[] = [];
  for (const field of ['command', 'args'] as const) {
    arrayOrEmpty(container.raw[field]).forEach((item, index) => {
      if (typeof item === 'string') strings.push({ path: [...container.path, field, index], text: item });
    });
  }
  arrayOrEmpty(container.raw.env).forEach((item, index) => {
    if (!isPlainObject(item) || typeof item.value !== 'string') return;
    strings.push({ path: [...container.path, 'env', index, 'value'], text: item.value, envName: stringOrUndefined(item.name) ?? '' });
  });
  return strings;
}
