#!/usr/bin/env node
import { isUtf8 } from 'node:buffer';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../../rules/index.js';
import { USAGE, UsageError, parseCliArgs, type CliOptions } from './args.js';
import { compareFindings } from '../engine/finding.js';
import { FORMATTERS } from '../formatters/index.js';
import { collectInputs, describeError, type InputFile } from '../engine/inputs.js';
import { ConfigError, findConfigFile, ignoringPattern, loadConfig, type Config } from '../engine/config.js';
import { countByLevel } from '../formatters/counts.js';
import { DEFAULT_KUBERNETES_VERSION } from '../kubernetes/kubernetes-version.js';
import { INTERNAL_ERROR, activeRules, defaultOptionsOf, lintSettings, lintText, type Decoding, type FileResult } from '../engine/lint.js';
import { UNUSED_DIRECTIVE } from '../engine/suppressions.js';
import { packageInfo } from '../engine/package-info.js';
import { explainRule, listRules } from './rule-catalogue.js';
import type { LintReport, ToolProblem } from '../engine/report.js';
import { registerCustomResourceDefinitions } from '../schemas/custom-resource-definitions.js';
import { kustomizePatchFiles } from '../engine/kustomize.js';

const EXIT_CLEAN = 0;
const EXIT_FINDINGS = 1;
const EXIT_TROUBLE = 2;

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** Larger than any manifest anyone writes: such a file is skipped and reported as skipped, not read. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

function sizeOf(file: InputFile): number {
  try {
    return file.source === '-' ? 0 : statSync(file.source).size;
  } catch {
    return 0;
  }
}

interface InputText {
  text: string;
  decoding: Decoding;
}

/** A file's text, decoded as UTF-8, and whether some bytes were not UTF-8. */
async function readInput(file: InputFile): Promise<InputText> {
  const bytes = file.source === '-' ? await readStdin() : readFileSync(file.source);
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) return { text, decoding: {} };
  return { text, decoding: { invalidUtf8: true } };
}

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
  let config: Config | undefined;
  try {
    const configFile = options.config !== undefined ? path.resolve(cwd, options.config) : findConfigFile(cwd);
    if (configFile !== undefined) config = loadConfig(configFile, RULES.map((rule) => rule.meta.id), defaultOptionsOf(RULES));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`sidecar-lint: ${error.message}\n`);
    return EXIT_TROUBLE;
  }
  // Command-line flags win over the config file.
  const rules = activeRules(RULES, config?.rules);
  const settings = lintSettings(
    options.kubernetesVersion ?? config?.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION,
    options.schemaLocations?.map((location) => path.resolve(cwd, location)) ?? config?.schemaLocations ?? [],
    options.reportUnusedDisableDirectives,
  );
  settings.podSpecs = config?.podSpecs ?? [];
  const inputs = await collectInputs(options.paths, cwd, options.stdinFilename);
  const kustomizePatches = kustomizePatchFiles(inputs.files, cwd);
  const problems: ToolProblem[] = inputs.problems.map(({ input, message }) => ({ subject: input, message }));
  // Why a file is not read, decided once: ignored by the config (the user's choice), or too large (a file the
  // tool did not check, so also a problem).
  const skips = new Map<InputFile, { reason: string; unchecked: boolean }>();
  for (const input of inputs.files) {
    const pattern = config && input.source !== '-' ? ignoringPattern(config, input.source) : undefined;
    const size = sizeOf(input);
    if (pattern !== undefined) skips.set(input, { reason: `ignored by '${pattern}' in ${config?.file ?? 'the config file'}`, unchecked: false });
    else if (size > MAX_FILE_BYTES) {
      skips.set(input, { reason: `too large to be a manifest (${Math.round(size / 2 ** 20)} MiB; the limit is 64 MiB)`, unchecked: true });
    }
  }

  // Custom resources are validated against CustomResourceDefinitions from anywhere in the input, so those are
  // read first. Texts are not kept between the passes (memory stays flat), except standard input, which
  // cannot be read twice.
  const texts = new Map<InputFile, InputText | Error>();
  const read = async (input: InputFile): Promise<InputText | Error> => {
    const cached = texts.get(input);
    if (cached !== undefined) return cached;
    try {
      return await readInput(input);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  };
  for (const input of inputs.files) {
    if (skips.has(input)) continue;
    const text = await read(input);
    if (input.source === '-') texts.set(input, text);
    if (!(text instanceof Error)) registerCustomResourceDefinitions(settings.schemas, input.name, text.text);
  }

  const files: FileResult[] = [];
  for (const input of inputs.files) {
    const skip = skips.get(input);
    if (skip) {
      files.push({ file: input.name, findings: [], failures: [], skipped: skip.reason, quiet: !skip.unchecked });
      if (skip.unchecked) problems.push({ subject: input.name, message: `not linted: ${skip.reason}` });
      continue;
    }
    const text = await read(input);
    if (text instanceof Error) {
      problems.push({ subject: input.name, message: `cannot read file: ${describeError(text)}` });
      continue;
    }
    let result: FileResult;
    try {
      result = lintText(input.name, text.text, rules, settings, text.decoding, kustomizePatches.has(input.source));
    } catch (error) {
      // Never expected; if it happens, it costs this file, not the run.
      problems.push({ subject: input.name, message: `internal error, the file was not linted: ${describeError(error)}` });
      files.push({ file: input.name, findings: [], failures: [], skipped: 'internal error' });
      continue;
    }
    if (options.quiet) result.findings = result.findings.filter((finding) => finding.level === 'error');
    result.findings.sort(compareFindings);
    for (const failure of result.failures) {
      const where = failure.resource ? ` on ${failure.resource.kind ?? 'object'} ${failure.resource.name ?? '(unnamed)'}` : '';
      problems.push({ subject: input.name, message: `rule ${failure.ruleId} failed${where}: ${describeError(failure.error)}` });
    }
    files.push(result);
  }

  const catalogue = RULES.map((rule) => rule.meta);
  const report: LintReport = {
    files,
    problems,
    rules: [...catalogue, INTERNAL_ERROR, ...(options.reportUnusedDisableDirectives ? [UNUSED_DIRECTIVE] : [])],
  };
  const formatter = FORMATTERS[options.format];
  if (!formatter) throw new Error(`no formatter for ${options.format}`);
  const output = formatter(report, { color: useColor(options) });
  if (options.output !== undefined) writeAtomically(path.resolve(cwd, options.output), output);
  else process.stdout.write(output);

  for (const problem of problems) process.stderr.write(`sidecar-lint: ${problem.subject}: ${problem.message}\n`);
  if (problems.length > 0) return EXIT_TROUBLE;
  const counts = countByLevel(files);
  if (options.maxWarnings !== undefined && counts.warning > options.maxWarnings) {
    process.stderr.write(`sidecar-lint: ${counts.warning} warnings, more than --max-warnings ${options.maxWarnings} allows.\n`);
    return EXIT_FINDINGS;
  }
  return counts.error > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
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
