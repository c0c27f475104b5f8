import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/*
 * Schema locations (`--schema-location`, `schemaLocations`) may name CustomResourceDefinition manifests as well as
 * JSON schemas: a YAML file, or a folder holding some (a chart's `crds/`). Their CRDs define custom resources as CRDs
 * in the input do, so a pre-commit hook that sees only the staged custom resource judges it as CI does.
 */

const YAML_FILE = /\.ya?ml$/i;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
/** Bounds for a location that names a big tree by mistake: the walk stops, and what was found is used. */
const MAX_ENTRIES = 20_000;
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** The texts of the YAML files under the locations that hold a CustomResourceDefinition, with their paths. */
export function crdManifestsIn(locations: readonly string[]): { file: string; text: string }[] {
  const found: { file: string; text: string }[] = [];
  let entries = 0;
  const consider = (file: string) => {
    try {
      if (statSync(file).size > MAX_FILE_BYTES) return;
      const text = readFileSync(file, 'utf8');
      if (text.includes('CustomResourceDefinition')) found.push({ file, text });
    } catch {
      // An unreadable file is no schema; the locations' JSON schemas are looked up as before.
    }
  };
  const walk = (directory: string) => {
    let names: string[];
    try {
      names = readdirSync(directory).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (++entries > MAX_ENTRIES) return;
      const full = path.join(directory, name);
      let stats;
      try {
        stats = statSync(full);
      } catch {
        continue;
      }
      if (stats.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(name)) walk(full);
      } else if (stats.isFile() && YAML_FILE.test(name)) consider(full);
    }
  };
  for (const location of locations) {
    let stats;
    try {
      stats = statSync(location);
    } catch {
      continue; // a kubeconform template, or a path that is not there: not a manifest location
    }
    if (stats.isDirectory()) walk(location);
    else if (stats.isFile() && YAML_FILE.test(location)) consider(location);
  }
  return found;
}
