#!/usr/bin/env node
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../../rules/index.js';
import { USAGE, UsageError, parseCliArgs, type CliOptions } from './args.js';
import { ConfigError, exitCodeOf, lintFiles } from '../engine/api.js';
import { countByLevel } from '../formatters/counts.js';
import { FORMATTERS } from '../formatters/index.js';
import { describeError } from '../engine/inputs.js';
import { packageInfo } from '../engine/package-info.js';
import { explainRule, listRules } from './rule-catalogue.js';

/* The command: arguments → lintFiles → a formatter → an exit code. */

const EXIT_CLEAN = 0;
const EXIT_TROUBLE = 2;

/** Writes through a temporary file and a rename, so a later step never uploads half a report. */
function writeAtomically(file: string, content: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temporary, content);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function useColor(options: CliOptions): boolean {
  if (options.color !== undefined) return options.color;
  if (options.output !== undefined || 'NO_COLOR' in process.env) return false;
  return process.stdout.isTTY === true;
}

async function run(argv: readonly string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`sidecar-lint: ${error.message}\nRun 'sidecar-lint --help' for usage.\n`);
    return EXIT_TROUBLE;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return EXIT_CLEAN;
  }
  if (options.version) {
    process.stdout.write(`${packageInfo().version}\n`);
    return EXIT_CLEAN;
  }
  if (options.listRules) {
    process.stdout.write(listRules(RULES));
    return EXIT_CLEAN;
  }
  if (options.explain !== undefined) {
    const doc = explainRule(RULES, options.explain);
    if (doc === undefined) {
      process.stderr.write(`sidecar-lint: no rule '${options.explain}'. Run 'sidecar-lint --list-rules' for the rule ids.\n`);
      return EXIT_TROUBLE;
    }
    process.stdout.write(doc);
    return EXIT_CLEAN;
  }

  const cwd = process.cwd();
  let report;
  try {
    report = await lintFiles(options.paths, {
      cwd,
      ...(options.config !== undefined ? { configFile: options.config } : {}),
      ...(options.kubernetesVersion !== undefined ? { kubernetesVersion: options.kubernetesVersion } : {}),
      ...(options.schemaLocations !== undefined ? { schemaLocations: options.schemaLocations } : {}),
      reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
      quiet: options.quiet,
      stdinFilename: options.stdinFilename,
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`sidecar-lint: ${error.message}\n`);
    return EXIT_TROUBLE;
  }
  const formatter = FORMATTERS[options.format];
  if (!formatter) throw new Error(`no formatter for ${options.format}`);
  const output = formatter(report, { color: useColor(options) });
  if (options.output !== undefined) writeAtomically(path.resolve(cwd, options.output), output);
  else process.stdout.write(output);

  for (const problem of report.problems) process.stderr.write(`sidecar-lint: ${problem.subject}: ${problem.message}\n`);
  const code = exitCodeOf(report, options.maxWarnings);
  const warnings = countByLevel(report.files).warning;
  if (report.problems.length === 0 && options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    process.stderr.write(`sidecar-lint: ${warnings} warnings, more than --max-warnings ${options.maxWarnings} allows.\n`);
  }
  return code;
}

// A reader that stops early (`sidecar-lint dir | head`) closes the pipe: that is no error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_CLEAN);
  throw error;
});

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const detail = process.env.SIDECAR_LINT_DEBUG && error instanceof Error ? error.stack : describeError(error);
    process.stderr.write(`sidecar-lint: internal error: ${detail}\n`);
    process.exitCode = EXIT_TROUBLE;
  },
);
