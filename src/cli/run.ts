import path from 'node:path';
import { RULES } from '../../rules/index.js';
import { USAGE, UsageError, parseCliArgs, type CliOptions } from './args.js';
import { ConfigError, exitCodeOf, lintFiles, type LintReport } from '../engine/api.js';
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

function useColor(options: CliOptions, io: CommandIO): boolean {
  if (options.color !== undefined) return options.color;
  if (options.output !== undefined || io.noColor) return false;
  return io.isTTY;
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
      io.writeError(problemLine(`no rule '${options.explain}'. Run 'sidecar-lint --list-rules' for the rule ids.`));
      return EXIT_TROUBLE;
    }
    io.write(doc);
    return EXIT_CLEAN;
  }

  let report: LintReport;
  try {
    report = await lintFiles(options.paths, {
      cwd: io.cwd,
      ...(options.config !== undefined ? { configFile: options.config } : {}),
      ...(options.kubernetesVersion !== undefined ? { kubernetesVersion: options.kubernetesVersion } : {}),
      ...(options.schemaLocations !== undefined ? { schemaLocations: options.schemaLocations } : {}),
      ...(io.readStdin !== undefined ? { readStdin: io.readStdin } : {}),
      ...(io.workerScript !== undefined ? { workerScript: io.workerScript } : {}),
      reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
      quiet: options.quiet,
      stdinFilename: options.stdinFilename,
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.writeError(problemLine(error.message));
    return EXIT_TROUBLE;
  }
  const formatter = formatterFor(options.format);
  if (!formatter) throw new Error(`no formatter for ${options.format}`);
  const output = formatter(report, { color: useColor(options, io) });
  // A report that cannot be written is said with its path, and printed here instead, so the findings are not lost.
  let written = true;
  if (options.output !== undefined) {
    const target = path.resolve(io.cwd, options.output);
    try {
      writeReportFile(target, output);
    } catch (error) {
      io.writeError(problemLine(`cannot write the report to ${target}`, `${describeError(error)}; it follows on standard output`));
      io.write(output);
      written = false;
    }
  } else io.write(output);

  for (const problem of report.problems) io.writeError(problemLine(problem.subject, problem.message));
  const warnings = countByLevel(report.files).warning;
  if (report.problems.length === 0 && options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.writeError(problemLine(`${warnings} warnings, more than --max-warnings ${options.maxWarnings} allows.`));
  }
  return written ? exitCodeOf(report, options.maxWarnings) : EXIT_TROUBLE;
}
