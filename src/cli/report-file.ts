import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/*
 * `--output`: the report is written to a temporary file beside it, then renamed over it, so a later step never
 * uploads half a report. The folder is often a checkout of a pull request, so anything may already sit there:
 *
 * - the temporary file has an unpredictable name and is created exclusively (`wx`: O_CREAT|O_EXCL), which fails on
 *   any existing file or symbolic link, dangling or not, instead of writing through it; on that failure another
 *   name is tried;
 * - a symbolic link at the report's own path is replaced by the rename (rename acts on the link, never its target),
 *   so the report lands where it was asked for and the link's target is left untouched;
 * - SIGINT and SIGTERM that come during the write wait for the (synchronous) write and rename to finish; then any
 *   temporary file still there is removed and the signal raised again, so a kill leaves no stale file behind.
 *   The listener is installed at the first write and stays: removing it would drop a signal that came during the
 *   write and is not yet delivered (Node delivers signals from the event loop). It acts as the default does (the
 *   process ends by the signal), only once the current synchronous work is done, and the write is the command's
 *   last piece of work.
 */

/** Tries at unpredictable names before giving up; a collision of 64 random bits means something is planting files. */
const ATTEMPTS = 8;

export interface ReportFileOptions {
  /** The temporary file's name for each attempt (default: `.<report name>.<16 random hex digits>.tmp` beside it). */
  temporaryName?: (target: string, attempt: number) => string;
  /** Called once the temporary file is written, before the rename: for tests that interrupt the write there. */
  beforeRename?: (temporary: string) => void;
}

export function defaultTemporaryName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
}

/** The reason a report cannot go to `target`, found before anything is written; undefined when it can. */
function unusableTarget(target: string): string | undefined {
  try {
    return lstatSync(target).isDirectory() ? 'it is a directory' : undefined;
  } catch {
    return undefined;
  }
}

export class ReportWriteError extends Error {}

/** Creates a new file at one of the names `temporaryName` gives, never opening one that exists. */
function createTemporary(target: string, content: string, temporaryName: NonNullable<ReportFileOptions['temporaryName']>): string {
  for (let attempt = 0; ; attempt++) {
    const temporary = temporaryName(target, attempt);
    try {
      writeFileSync(temporary, content, { flag: 'wx' });
      return temporary;
    } catch (error) {
      // Only our own partial file may be removed: a name that existed before was never opened.
      const existed = error instanceof Error && 'code' in error && error.code === 'EEXIST';
      if (!existed) rmSync(temporary, { force: true });
      if (!existed || attempt + 1 >= ATTEMPTS) throw error;
    }
  }
}

/** Temporary files being written, removed by the signal listener. */
const pendingTemporaries = new Set<string>();
let listening = false;

function removePendingAndRaise(signal: NodeJS.Signals): void {
  for (const temporary of pendingTemporaries) rmSync(temporary, { force: true });
  pendingTemporaries.clear();
  process.off('SIGINT', removePendingAndRaise);
  process.off('SIGTERM', removePendingAndRaise);
  listening = false;
  process.kill(process.pid, signal);
}

function listenForSignals(): void {
  if (listening) return;
  listening = true;
  process.on('SIGINT', removePendingAndRaise);
  process.on('SIGTERM', removePendingAndRaise);
}

/**
 * Writes `content` to `target` atomically and safely (see above). Throws ReportWriteError for a target that cannot
 * take a report (a directory), and the file system's error otherwise; either way no temporary file is left behind
 * (the folders on the way to the report, if it created them, stay).
 */
export function writeReportFile(target: string, content: string, options: ReportFileOptions = {}): void {
  const unusable = unusableTarget(target);
  if (unusable !== undefined) throw new ReportWriteError(unusable);
  mkdirSync(path.dirname(target), { recursive: true });
  listenForSignals();
  const temporary = createTemporary(target, content, options.temporaryName ?? defaultTemporaryName);
  pendingTemporaries.add(temporary);
  try {
    options.beforeRename?.(temporary);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  } finally {
    pendingTemporaries.delete(temporary);
  }
}
