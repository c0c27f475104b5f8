import { opendir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** Folders never searched for CustomResourceDefinitions: dependencies and version control, not the user's manifests. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/** A file larger than this is not read: CRDs are large, but not this large, and the scan must stay quick. */
export const MAX_SCANNED_FILE_BYTES = 1024 * 1024;

/** Enough for any repository of manifests; past it the scan stops rather than walk a home folder opened by mistake. */
const MAX_SCANNED_ENTRIES = 100_000;

export function isYamlFile(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

/** Whether a file's path lies in a folder the scan skips, relative to the workspace folder. */
export function inSkippedFolder(folder: string, file: string): boolean {
  return path.relative(folder, file).split(path.sep).some((part) => SKIPPED_FOLDERS.has(part));
}

/**
 * The text of a YAML file if it may hold a CustomResourceDefinition (it names the kind), else undefined: the
 * registry parses only those. Unreadable and oversized files are passed over: they define nothing the server knows.
 */
export async function definitionText(file: string): Promise<string | undefined> {
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size > MAX_SCANNED_FILE_BYTES) return undefined;
    const text = await readFile(file, 'utf8');
    return text.includes('CustomResourceDefinition') ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The YAML files under `folder` that may hold CustomResourceDefinitions, with their texts. Symbolic links are not
 * followed (no loops, nothing outside the folder), node_modules and .git are skipped, and the walk is bounded.
 */
export async function scanDefinitions(folder: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const pending = [folder];
  let visited = 0;
  while (pending.length > 0 && visited < MAX_SCANNED_ENTRIES) {
    const directory = pending.pop() as string;
    let entries;
    try {
      entries = await opendir(directory);
    } catch {
      continue;
    }
    for await (const entry of entries) {
      if (++visited > MAX_SCANNED_ENTRIES) break;
      const file = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) pending.push(file);
      } else if (entry.isFile() && isYamlFile(entry.name)) {
        const text = await definitionText(file);
        if (text !== undefined) found.set(file, text);
      }
    }
  }
  return found;
}
