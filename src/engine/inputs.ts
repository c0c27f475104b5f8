import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { IgnoreLike, Path } from 'glob';
import { globLibrary } from '../libraries/lazy.js';
import { compareStrings } from './finding.js';

/** A file to lint: where to read it, and the name reports give it. */
export interface InputFile {
  /** Absolute path, or `-` for standard input. */
  source: string;
  /** Relative to the working directory with forward slashes when inside it, else absolute. */
  name: string;
  /** Why the file is not read: set for a symbolic link that leads out of the folders given. */
  skipped?: string;
}

/** An argument that led to no file, to be reported after the files that could be linted. */
export interface InputProblem {
  input: string;
  message: string;
}

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
const YAML_FILE = /\.ya?ml$/i;

/**
 * The reason a symbolic link met inside a folder (or by a glob) is not followed. The folder may be a pull request's
 * checkout, whose links can point anywhere: at `/`, at the runner's home, at another checkout.
 */
export const LINK_OUTSIDE = 'a symbolic link that leads outside the folders given and the working directory: not followed';

/**
 * The problem with an argument inside the working directory as written that a symbolic link leads out of it: a
 * folder a workflow names, which a pull request replaced with a link. Not linting it is a problem (exit 2), so the
 * swap cannot switch the linter off.
 */
export const ARGUMENT_LINK_OUTSIDE = 'a symbolic link on this path leads outside the working directory: not followed';

function isInsideFolder(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

// The system's realpath(3): one call, where Node's own resolves a path an lstat a segment (40 ms more on a walk of
// 1,000 folders, measured).
function realPathOf(file: string): string | undefined {
  try {
    return realpathSync.native(file);
  } catch {
    return undefined;
  }
}

const isGlob = (arg: string) => globLibrary().hasMagic(arg, { windowsPathsNoEscape: false });

/** The folders before a glob pattern's first magic segment (`deploy/` of `deploy/**\/*.yaml`), resolved. */
function globBase(pattern: string, cwd: string): string {
  const segments = pattern.split('/');
  const firstMagic = segments.findIndex(isGlob);
  const base = segments.slice(0, firstMagic < 0 ? segments.length : firstMagic).join('/');
  return path.resolve(cwd, base === '' && pattern.startsWith('/') ? '/' : base);
}

export function displayName(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  // Out of the working directory: `..` or `../x`, not a file named `...yaml` or `..pod.yaml`.
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return absolute.split(path.sep).join('/');
  return relative.split(path.sep).join('/');
}

/**
 * Turns command-line arguments into files: a file as given, a directory's YAML files recursively (skipping
 * node_modules and .git, and any directory already seen through a symlink), a glob pattern's matches, or
 * `-` for standard input. The result is sorted and free of duplicates, so runs are repeatable. A symbolic link met
 * in a folder or by a glob that leads outside the folders given and the working directory is not followed: it is
 * listed with `skipped` set, so reports name it. An argument inside the working directory that a link leads out
 * of is a problem.
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
  const skipLink = (absolute: string) => {
    met++;
    if (!found.has(absolute)) found.set(absolute, { source: absolute, name: displayName(absolute, cwd), skipped: LINK_OUTSIDE });
  };
  // A broken link is said once, however many arguments (a name, a glob, a folder) reach it.
  const reportedLinks = new Set<string>();
  const brokenLink = (absolute: string, subject: string) => {
    if (reportedLinks.has(absolute)) return;
    reportedLinks.add(absolute);
    problems.push({ input: subject, message: 'cannot read file: a broken symbolic link' });
  };

  // An argument written inside the working directory must stay inside it once links are resolved. One written
  // outside it (`/srv/manifests`, `../shared`) is read wherever it leads: the user named it.
  const workingDirectory = path.resolve(cwd);
  const realWorkingDirectory = realPathOf(workingDirectory) ?? workingDirectory;
  const leavesWorkingDirectory = (absolute: string) =>
    isInsideFolder(absolute, workingDirectory) && !isInsideFolder(realPathOf(absolute) ?? absolute, realWorkingDirectory);
  // Where links met on the way may lead: the working directory and the folders given (a glob's fixed folders too).
  const folderOf = (arg: string) => {
    const absolute = path.resolve(cwd, arg);
    return statKind(absolute) === 'missing' && isGlob(arg) ? globBase(arg, cwd) : absolute;
  };
  const allowed = [
    realWorkingDirectory,
    ...args
      .filter((arg) => arg !== '-')
      .map(folderOf)
      .filter((folder) => statKind(folder) === 'directory' && !leavesWorkingDirectory(folder))
      .map(realPathOf)
      .filter((folder): folder is string => folder !== undefined),
  ];
  const leadsInside = (file: string) => {
    const real = realPathOf(file);
    return real !== undefined && allowed.some((folder) => isInsideFolder(real, folder));
  };

  const walk = (directory: string) => {
    let real: string;
    try {
      real = realpathSync.native(directory);
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
      const link = entry.isSymbolicLink();
      const kind = link ? statKind(child) : entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other';
      const wanted = kind === 'directory' || (kind === 'file' && YAML_FILE.test(entry.name));
      if (link && wanted && !leadsInside(child)) skipLink(child);
      else if (kind === 'directory') walk(child);
      else if (kind === 'file' && YAML_FILE.test(entry.name)) addFile(child);
      else if (kind === 'missing' && YAML_FILE.test(entry.name)) brokenLink(child, displayName(child, cwd));
    }
  };

  // The glob walks no folder that leads out (a `*` matching `deploy/evil -> /` before a `**` would walk the whole
  // file system), naming each such link as skipped, and nothing under node_modules or .git below its fixed folders.
  const globIgnore = (base: string): IgnoreLike => {
    const underSkippedDirectory = (entry: Path) =>
      path.relative(base, entry.fullpath()).split(path.sep).some((segment) => SKIPPED_DIRECTORIES.has(segment));
    return {
      ignored: underSkippedDirectory,
      childrenIgnored: (entry) => {
        if (underSkippedDirectory(entry)) return true;
        if (leadsInside(entry.fullpath())) return false;
        skipLink(entry.fullpath());
        return true;
      },
    };
  };

  let stdin = false;
  for (const arg of args) {
    if (arg === '-') {
      stdin = true;
      continue;
    }
    const absolute = path.resolve(cwd, arg);
    const kind = statKind(absolute);
    // A name that is there is a name, even one that reads as a glob (pre-commit hands over `*pod.yaml` as it is).
    if (kind === 'missing' && isEntry(absolute)) {
      brokenLink(absolute, arg);
      continue;
    }
    const glob = kind === 'missing' && isGlob(arg);
    if (leavesWorkingDirectory(glob ? globBase(arg, cwd) : absolute)) {
      problems.push({ input: arg, message: ARGUMENT_LINK_OUTSIDE });
    } else if (kind === 'directory') {
      const before = met;
      walk(absolute);
      // As ESLint says of a pattern that matches nothing: a folder with no manifest is likely a wrong path.
      if (met === before) problems.push({ input: arg, message: 'no .yaml or .yml files in this directory' });
    } else if (kind === 'file') addFile(absolute);
    else if (glob) {
      const matches = await globLibrary().glob(arg, { cwd, absolute: true, nodir: false, ignore: globIgnore(globBase(arg, cwd)) });
      if (matches.length === 0) problems.push({ input: arg, message: 'no files match this pattern' });
      for (const match of matches) {
        const matchKind = statKind(match);
        // A match may itself be a link out (`deploy/*` matching `deploy/evil -> /`).
        if (matchKind !== 'missing' && !leadsInside(match)) skipLink(match);
        else if (matchKind === 'directory') walk(match);
        else if (matchKind === 'file') addFile(match);
        // glob lists what is there, so a match that is not there is a broken link: said, as a folder's walk says it.
        else if (matchKind === 'missing') brokenLink(match, displayName(match, cwd));
      }
    } else problems.push({ input: arg, message: kind === 'missing' ? 'no such file or directory' : 'not a file or directory' });
  }
  const files = [...found.values()].sort((a, b) => compareStrings(a.name, b.name));
  if (stdin) files.unshift({ source: '-', name: stdinName });
  return { files, problems };
}

/** Whether there is a directory entry of that name, whatever it leads to (a broken link is one). */
function isEntry(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
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
