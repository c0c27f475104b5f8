import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { glob, hasMagic } from 'glob';
import { compareStrings } from './finding.js';

/** A file to lint: where to read it, and the name reports give it. */
export interface InputFile {
  /** Absolute path, or `-` for standard input. */
  source: string;
  /** Relative to the working directory with forward slashes when inside it, else absolute. */
  name: string;
}

/** An argument that led to no file, to be reported after the files that could be linted. */
export interface InputProblem {
  input: string;
  message: string;
}

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
const YAML_FILE = /\.ya?ml$/i;

export function displayName(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return absolute.split(path.sep).join('/');
  return relative.split(path.sep).join('/');
}

/**
 * Turns command-line arguments into files: a file as given, a directory's YAML files recursively (skipping
 * node_modules and .git, and any directory already seen through a symlink), a glob pattern's matches, or
 * `-` for standard input. The result is sorted and free of duplicates, so runs are repeatable.
 */
export async function collectInputs(args: readonly string[], cwd: string, stdinName: string): Promise<{ files: InputFile[]; problems: InputProblem[] }> {
  const found = new Map<string, InputFile>();
  const problems: InputProblem[] = [];
  const seenDirectories = new Set<string>();
  let met = 0;
  const addFile = (absolute: string) => {
    met++;
    if (!found.has(absolute)) found.set(absolute, { source: absolute, name: displayName(absolute, cwd) });
  };
  const walk = (directory: string) => {
    let real: string;
    try {
      real = realpathSync(directory);
    } catch {
      return;
    }
    if (seenDirectories.has(real)) return;
    seenDirectories.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      problems.push({ input: displayName(directory, cwd), message: `cannot read directory: ${describeError(error)}` });
      return;
    }
    for (const entry of entries) {
      if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
      const child = path.join(directory, entry.name);
      const kind = entry.isSymbolicLink() ? statKind(child) : entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other';
      if (kind === 'directory') walk(child);
      else if (kind === 'file' && YAML_FILE.test(entry.name)) addFile(child);
      else if (kind === 'missing' && YAML_FILE.test(entry.name)) {
        problems.push({ input: displayName(child, cwd), message: 'cannot read file: a broken symbolic link' });
      }
    }
  };

  let stdin = false;
  for (const arg of args) {
    if (arg === '-') {
      stdin = true;
      continue;
    }
    const absolute = path.resolve(cwd, arg);
    const kind = statKind(absolute);
    if (kind === 'directory') {
      const before = met;
      walk(absolute);
      // As ESLint says of a pattern that matches nothing: a folder with no manifest is likely a wrong path.
      if (met === before) problems.push({ input: arg, message: 'no .yaml or .yml files in this directory' });
    } else if (kind === 'file') addFile(absolute);
    else if (hasMagic(arg, { windowsPathsNoEscape: false })) {
      const matches = await glob(arg, { cwd, absolute: true, nodir: false, ignore: ['**/node_modules/**', '**/.git/**'] });
      if (matches.length === 0) problems.push({ input: arg, message: 'no files match this pattern' });
      for (const match of matches) {
        const matchKind = statKind(match);
        if (matchKind === 'directory') walk(match);
        else if (matchKind === 'file') addFile(match);
      }
    } else problems.push({ input: arg, message: kind === 'missing' ? 'no such file or directory' : 'not a file or directory' });
  }
  const files = [...found.values()].sort((a, b) => compareStrings(a.name, b.name));
  if (stdin) files.unshift({ source: '-', name: stdinName });
  return { files, problems };
}

function statKind(file: string): 'file' | 'directory' | 'missing' | 'other' {
  try {
    const stats = statSync(file);
    return stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other';
  } catch {
    return 'missing';
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    const known: Record<string, string> = { EACCES: 'permission denied', ENOENT: 'no such file or directory', EISDIR: 'is a directory' };
    return known[error.code] ?? error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
