import path from 'node:path';
import { RULES } from '../../rules/index.js';
import { USAGE, UsageError, parseCliArgs, type CliOptions, type ReportOutput } from './args.js';
import { useColor } from './color.js';
import { closestName } from '../engine/closest-name.js';
import { ConfigError, exitCodeOf, lintFiles, type LintOptions, type LintReport } from '../engine/api.js';
import { lintAndFix } from './fix-command.js';
import { describeError } from '../engine/inputs.js';
import { escapeForTerminal } from '../formatters/escape.js';
import { writeReportFile } from './report-file.js';
import { countByLevel } from '../formatters/counts.js';
import { formatterFor } from '../formatters/index.js';
import { packageInfo } from '../engine/package-info.js';
import { explainRule, listRules } from './rule-catalogue.js';

/* The command: arguments → lintFiles → a formatter → an exit code. Where it reads and writes is handed in. */

export interface CommandIO {
  cwd: string;
  write(text: string): void;
  writeError(text: string): void;
  /** Whether standard output is a terminal (colour by default). */
  isTTY: boolean;
  /** The environment's NO_COLOR, as https://no-color.org asks. */
  noColor: boolean;
  /** The environment's FORCE_COLOR, as color.ts's forceColorFrom reads it (undefined: unset, or a value it leaves). */
  forceColor?: boolean | undefined;
  readStdin?: () => Promise<Buffer>;
  /** The module worker threads start from, for large runs (the CLI's own bundle); unset: one thread. */
  workerScript?: URL;
}

const EXIT_CLEAN = 0;
const EXIT_TROUBLE = 2;

/**
 * A line on standard error: `sidecar-lint: <part>: <part>`. Each part may hold input (a file name, a config value,
 * an argument), so each is escaped: no control character, line break or workflow command reaches the log.
 */
function problemLine(...parts: readonly string[]): string {
  return `${['sidecar-lint', ...parts.map(escapeForTerminal)].join(': ')}\n`;
}

/** Runs the command; throws only for what is a bug (the caller says so as an internal error, exit 2). */
export async function runCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.writeError(`${problemLine(error.message)}Run 'sidecar-lint --help' for usage.\n`);
    return EXIT_TROUBLE;
  }
  if (options.help) {
    io.write(USAGE);
    return EXIT_CLEAN;
  }
  if (options.version) {
    io.write(`${packageInfo().version}\n`);
    return EXIT_CLEAN;
  }
  if (options.listRules) {
    io.write(listRules(RULES));
    return EXIT_CLEAN;
  }
  if (options.explain !== undefined) {
    const doc = explainRule(RULES, options.explain);
    if (doc === undefined) {
      const closest = closestName(options.explain, RULES.map((rule) => rule.meta.id));
      const guess = closest === undefined ? '' : ` Did you mean '${closest}'?`;
      io.writeError(problemLine(`no rule '${options.explain}'.${guess} Run 'sidecar-lint --list-rules' for the rule ids.`));
      return EXIT_TROUBLE;
    }
    io.write(doc);
    return EXIT_CLEAN;
  }

  let report: LintReport;
  // With --fix or --fix-dry-run the report is of what remains once fixed.
  const lint = options.fix || options.fixDryRun
    ? (paths: readonly string[], lintOptions: LintOptions) => lintAndFix(paths, lintOptions, options.fixDryRun, io)
    : lintFiles;
  try {
    report = await lint(options.paths, {
      cwd: io.cwd,
      ...(options.config !== undefined ? { configFile: options.config } : {}),
      ...(options.kubernetesVersion !== undefined ? { kubernetesVersion: options.kubernetesVersion } : {}),
      ...(options.schemaLocations !== undefined ? { schemaLocations: options.schemaLocations } : {}),
      ...(io.readStdin !== undefined ? { readStdin: io.readStdin } : {}),
      ...(io.workerScript !== undefined ? { workerScript: io.workerScript } : {}),
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
      quiet: options.quiet,
      stdinFilename: options.stdinFilename,
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.writeError(problemLine(error.message));
    return EXIT_TROUBLE;
  }
  const written = writeReports(report, options, io);
  for (const problem of report.problems) io.writeError(problemLine(problem.subject, problem.message));
  const warnings = countByLevel(report.files).warning;
  if (report.problems.length === 0 && options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.writeError(problemLine(`${warnings} warnings, more than --max-warnings ${options.maxWarnings} allows.`));
  }
  return written ? exitCodeOf(report, options.maxWarnings) : EXIT_TROUBLE;
}

/**
 * Each report asked for: to its file, written atomically, or to standard output. A report that cannot be written is
 * said with its path and, when no other report goes to standard output, printed there instead, so the findings are
 * not lost. False when any could not be written.
 */
function writeReports(report: LintReport, options: CliOptions, io: CommandIO): boolean {
  const toStandardOutput = options.outputs.some((output) => output.file === undefined);
  let written = true;
  for (const output of options.outputs) {
    const text = render(report, output, options, io);
    if (output.file === undefined) {
      io.write(text);
      continue;
    }
    const target = path.resolve(io.cwd, output.file);
    try {
      writeReportFile(target, text);
    } catch (error) {
      written = false;
      const fallback = toStandardOutput ? 'it is not written' : 'it follows on standard output';
      io.writeError(problemLine(`cannot write the report to ${target}`, `${describeError(error)}; ${fallback}`));
      if (!toStandardOutput) io.write(text);
    }
  }
  return written;
}

function render(report: LintReport, output: ReportOutput, options: CliOptions, io: CommandIO): string {
  const formatter = formatterFor(output.format);
  if (!formatter) throw new Error(`no formatter for ${output.format}`);
  return formatter(report, { color: useColor(options, output.file !== undefined, io) });
}
