import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isPlainObject } from '../kubernetes/values.js';
import { parseYamlFile } from '../yaml/yaml-file.js';
import type { InputFile } from './inputs.js';

/**
 * kustomize patches. A file a kustomization lists as a patch (`patches[].path`, a `patchesStrategicMerge`
 * entry, `patchesJson6902[].path`) holds partial objects: the fields it leaves out come from the base. Linted
 * as a whole object it gets findings the rendered result does not have ("lacks `selector`", a container
 * order). To lint the result, render it: `kubectl kustomize dir | sidecar-lint -`.
 */

/** The names kustomize looks for in a folder, in its order. */
const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/**
 * The input files that a kustomization lists as patches, by absolute path. Kustomizations are looked for in
 * the folder of each input file and in the folders above it up to the working directory (pre-commit hands
 * over a changed patch without its kustomization); never above the working directory, except an input's own
 * folder. A patch path counts only inside its kustomization's folder tree: kustomize's default load
 * restrictor refuses the others, and sidecar-lint reads nothing on their say-so. Nothing here throws: an
 * unreadable kustomization lists no patches (and is linted, or not, as any input file).
 */
export function kustomizePatchFiles(inputs: readonly InputFile[], cwd: string): ReadonlySet<string> {
  const folders = new Set<string>();
  for (const input of inputs) {
    if (input.source === '-') continue;
    for (const folder of foldersToSearch(path.dirname(input.source), path.resolve(cwd))) folders.add(folder);
  }
  const patches = new Set<string>();
  for (const folder of folders) {
    const kustomization = kustomizationIn(folder);
    if (kustomization === undefined) continue;
    for (const patch of patchPathsOf(kustomization)) {
      const absolute = path.resolve(folder, patch);
      const relative = path.relative(folder, absolute);
      if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) continue;
      patches.add(absolute);
    }
  }
  return patches;
}

/** The folder and, while inside the working directory, each folder above it up to the working directory. */
function foldersToSearch(folder: string, cwd: string): string[] {
  const folders = [folder];
  let current = folder;
  while (isInside(current, cwd) && current !== cwd) {
    current = path.dirname(current);
    folders.push(current);
  }
  return folders;
}

function isInside(folder: string, root: string): boolean {
  const relative = path.relative(root, folder);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The first kustomization file of a folder, as a value, or undefined when there is none to read. */
function kustomizationIn(folder: string): unknown {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const file = path.join(folder, name);
    try {
      if (!statSync(file).isFile()) continue;
      return parseYamlFile(readFileSync(file, 'utf8')).documents[0]?.value;
    } catch {
      continue;
    }
  }
  return undefined;
}

/** The patch files a kustomization names, as written (relative to its folder). */
function patchPathsOf(kustomization: unknown): string[] {
  if (!isPlainObject(kustomization)) return [];
  const paths: string[] = [];
  const pathOf = (entry: unknown) => (isPlainObject(entry) && typeof entry.path === 'string' ? entry.path : undefined);
  for (const entry of asList(kustomization.patches)) {
    const file = pathOf(entry);
    if (file !== undefined) paths.push(file);
  }
  for (const entry of asList(kustomization.patchesJson6902)) {
    const file = pathOf(entry);
    if (file !== undefined) paths.push(file);
  }
  // An entry is a file path, or the patch itself written inline (several lines of YAML): only paths count.
  for (const entry of asList(kustomization.patchesStrategicMerge)) {
    if (typeof entry === 'string' && !entry.includes('\n')) paths.push(entry.trim());
  }
  return paths;
}

const asList = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);
