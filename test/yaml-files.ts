import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { JsonPath } from '../src/yaml/json-path.js';

/** Every .yaml and .yml file under a folder, sorted. */
export function yamlFilesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) return yamlFilesUnder(full);
      return entry.isFile() && /\.ya?ml$/.test(entry.name) ? [full] : [];
    })
    .sort();
}

/** Every JSON path in a value, the root's first, depth first. */
export function* pathsOf(value: unknown, prefix: JsonPath = []): Generator<JsonPath> {
  yield prefix;
  if (Array.isArray(value)) for (const [index, item] of value.entries()) yield* pathsOf(item, [...prefix, index]);
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) yield* pathsOf(item, [...prefix, key]);
}
