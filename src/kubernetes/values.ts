/**
 * Guards for reading manifests that nothing has validated yet: a rule may meet `null`, a string where a list
 * belongs or a number for a name, and must neither throw nor guess.
 */

export type PlainObject = Record<string, unknown>;

/**
 * A Kubernetes type as it arrives from YAML nobody has validated: the field names of `kubernetes-types`
 * (so a typo in a rule fails to compile) with values that must be checked before use.
 */
export type Unchecked<T> = { readonly [K in keyof T]?: unknown };

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sets `target[key]` as an own property whatever the key: `copy[key] = value` with the key `__proto__` (YAML allows
 * it as any other) would set the copy's prototype instead, and the key would vanish from validation.
 */
export function setOwn(target: PlainObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export function objectOrUndefined(value: unknown): PlainObject | undefined {
  return isPlainObject(value) ? value : undefined;
}

export function arrayOrEmpty(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * A name as Kubernetes would compare it. YAML may type `name: 8080` as a number; it still names the same
 * thing as the string "8080" elsewhere, so it is compared as text (the schema check reports the type).
 */
export function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function getIn(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (!isPlainObject(current)) return undefined;
      current = current[segment];
    }
  }
  return current;
}
