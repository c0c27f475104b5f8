import { accessSync, chmodSync, constants, readFileSync, realpathSync, statSync } from 'node:fs';
import type { LintOptions, LintReport, ToolProblem } from '../engine/api.js';
import { fixFiles, type FixedFile } from '../engine/fix-files.js';
import { unifiedDiff } from '../engine/unified-diff.js';
import { escapeForTerminal } from '../formatters/escape.js';
import { writeReportFile } from './report-file.js';

/*
 * `--fix` and `--fix-dry-run`: the fixing is fix-files.ts's; here the fixed texts are written, each atomically (a
 * temporary file beside it, renamed over it, as reports are written) with the file's permissions, or shown as a
 * diff. What was fixed goes to standard error; what remains is the report, as for any run.
 */

export interface FixIO {
  write(text: string): void;
  writeError(text: string): void;
}

/** Why `file` cannot be written, or undefined once it is. */
function writeFixed(file: FixedFile): string | undefined {
  try {
    // A file changed since it was read would lose that change: left alone, to be fixed by a later run.
    if (!readFileSync(file.source).equals(Buffer.from(file.before, 'utf8'))) return 'the file changed while it was being fixed; run again';
    // Through a symbolic link to the file it names, so the link stays a link.
    const target = realpathSync(file.source);
    accessSync(target, constants.W_OK);
    const mode = statSync(target).mode & 0o7777;
    writeReportFile(target, file.after, { beforeRename: (temporary) => chmodSync(temporary, mode) });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Lints `paths`, fixes what can be fixed and writes it (or, dry, prints the diff); returns the report of what remains. */
export async function lintAndFix(paths: readonly string[], options: LintOptions, dryRun: boolean, io: FixIO): Promise<LintReport> {
  const outcome = await fixFiles(paths, options);
  const problems: ToolProblem[] = [...outcome.report.problems];
  const done: FixedFile[] = [];
  for (const file of outcome.files) {
    if (dryRun) {
      io.write(unifiedDiff(file.file, file.before, file.after));
      done.push(file);
      continue;
    }
    const failure = writeFixed(file);
    if (failure === undefined) done.push(file);
    else problems.push({ subject: file.file, message: `the fixes were not written: ${failure}` });
  }
  const count = done.reduce((sum, file) => sum + file.fixed.length, 0);
  if (count > 0) {
    const lines = done.flatMap((file) =>
      file.fixed.map((finding) => `  ${file.file}:${finding.region.start.line}:${finding.region.start.column} ${finding.ruleId}: ${finding.fix?.description ?? ''}`),
    );
    const verb = dryRun ? 'would fix' : 'fixed';
    io.writeError(`sidecar-lint: ${verb} ${plural(count, 'problem')} in ${plural(done.length, 'file')}:\n${lines.map(escapeForTerminal).join('\n')}\n`);
  } else {
    io.writeError(`sidecar-lint: nothing to fix${dryRun ? '' : ', no file written'}\n`);
  }
  for (const { file, reason } of outcome.unfixable) io.writeError(escapeForTerminal(`sidecar-lint: ${file}: not fixed: ${reason}`) + '\n');
  return { ...outcome.report, problems };
}
