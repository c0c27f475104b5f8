import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../../rules/index.js';
import { ConfigError, findConfigFile, ignoringPattern, loadConfig, type Config, type RuleSetting } from './config.js';
import { compareFindings, type Level } from './finding.js';
import { collectInputs, describeError, displayName, type InputFile } from './inputs.js';
import { INTERNAL_ERROR, activeRules, defaultOptionsOf, lintFileText, lintSettings, type Decoding, type FileContext, type FileResult } from './lint.js';
import type { LintReport, ToolProblem } from './report.js';
import { UNUSED_DIRECTIVE } from './suppressions.js';
import { DEFAULT_KUBERNETES_VERSION, kubernetesVersionRange, parseKubernetesVersion, type KubernetesVersion } from '../kubernetes/kubernetes-version.js';
import { registerCustomResourceDefinitions } from '../schemas/custom-resource-definitions.js';
import { crdManifestsIn } from '../schemas/crd-manifest-locations.js';
import { countByLevel } from '../formatters/counts.js';
import { MAX_THREADS, contextOf, fileCounter, lintOnWorker, takeFiles, threadsFor, type FileLinter, type FileOutcome, type RunSpec, type ShareFile } from './parallel.js';
import { kustomizePatchFiles } from './kustomize.js';

/*
 * The engine's public API: what the CLI, the tests and other programs call. `lintFiles` does everything a run does
 * short of printing: finds the config, collects the inputs, registers the CustomResourceDefinitions of the whole
 * input, lints each file and assembles the report. Nothing here writes to the console or exits.
 */

export { ConfigError } from './config.js';
export type { LintReport, ToolProblem } from './report.js';
export type { Finding, Fix, Level, Position, Region, ResourceId, TextEdit } from './finding.js';
export { applyEdits, applyFixes, editsOf } from './fixes.js';
export type { FileResult } from './lint.js';

export interface LintOptions {
  /** Paths are resolved, and reported, relative to this folder (default: the process's working directory). */
  cwd?: string;
  /** A config file to use; `false` for none; unset: the nearest `.sidecar-lint.yaml` from `cwd` up. */
  configFile?: string | false;
  /** The target release (`"1.33"`), over the config file's; default 1.36. */
  kubernetesVersion?: string | KubernetesVersion;
  /** Folders or kubeconform templates of JSON schemas for custom resources, over the config file's. */
  schemaLocations?: readonly string[];
  /** Rule levels over the config file's, by rule id (`{ "unused-volume": "off" }`). */
  rules?: Readonly<Record<string, Level | 'off'>>;
  /** Report disable comments that suppress nothing. */
  reportUnusedDisableDirectives?: boolean;
  /** Report errors only. */
  quiet?: boolean;
  /** The name findings on standard input (`-`) carry. */
  stdinFilename?: string;
  /** Where `-` reads from (default: the process's standard input). */
  readStdin?: () => Promise<Buffer>;
  /**
   * A module that starts with `runWorkerIfWorker(lintFileFromDisk)`: large runs lint on worker threads started from it (the
   * CLI passes its own bundle). Unset: one thread.
   */
  workerScript?: URL;
  /**
   * Threads to lint on, this one included (at most MAX_THREADS, and no more than there are files); more than 1 needs
   * `workerScript`. Unset: as many as pay for the run on this machine (parallel.ts).
   */
  threads?: number;
  /**
   * Texts to lint instead of what the files hold, by absolute path: what `--fix` has changed and not yet written
   * (fix-files.ts). Such a run lints on one thread (worker threads read the files from disk).
   */
  contents?: ReadonlyMap<string, string>;
}

/** Larger than any manifest anyone writes: such a file is skipped and reported as skipped, not read. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Texts kept between the two passes (CRDs first, then linting) up to this many bytes in all, so each file is read
 * from disk once; past it, memory stays flat and the rest is read again.
 */
const TEXT_CACHE_BYTES = 16 * 1024 * 1024;

/** Standard input, read up to one chunk past MAX_FILE_BYTES: enough to know it is too large, and no more. */
async function processStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    chunks.push(bytes);
    size += bytes.length;
    // Leaving the loop destroys the stream: the rest is never read.
    if (size > MAX_FILE_BYTES) break;
  }
  return Buffer.concat(chunks);
}

const TOO_LARGE = (size: string) => `too large to be a manifest (${size}; the limit is 64 MiB)`;

interface InputText {
  text: string;
  decoding: Decoding;
  /** The size read, in bytes. */
  bytes: number;
}

function decode(bytes: Buffer): InputText {
  return { text: bytes.toString('utf8'), decoding: isUtf8(bytes) ? {} : { invalidUtf8: true }, bytes: bytes.length };
}

function versionOf(value: string | KubernetesVersion | undefined): KubernetesVersion | undefined {
  if (value === undefined || typeof value !== 'string') return value;
  const version = parseKubernetesVersion(value);
  if (!version) throw new ConfigError(`'${value}' is not a Kubernetes release sidecar-lint knows: write ${kubernetesVersionRange()}`);
  return version;
}

function ruleSettings(config: Config | undefined, overrides: LintOptions['rules']): ReadonlyMap<string, RuleSetting> {
  const settings = new Map(config?.rules ?? []);
  for (const [id, level] of Object.entries(overrides ?? {})) settings.set(id, { level, options: settings.get(id)?.options });
  return settings;
}

/** The rules every report lists: the catalogue, and the engine's own finding kinds this run may report. */
function reportedRules(options: LintOptions): LintReport['rules'] {
  return [...RULES.map((rule) => rule.meta), INTERNAL_ERROR, ...(options.reportUnusedDisableDirectives ? [UNUSED_DIRECTIVE] : [])];
}

/** Lints files, folders, globs and `-` as the command line does. Throws ConfigError for an unusable config. */
export async function lintFiles(paths: readonly string[], options: LintOptions = {}): Promise<LintReport> {
  const cwd = options.cwd ?? process.cwd();
  const configFile = options.configFile === undefined ? findConfigFile(cwd) : options.configFile === false ? undefined : path.resolve(cwd, options.configFile);
  const config =
    configFile === undefined
      ? undefined
      : loadConfig(
          configFile,
          RULES.map((rule) => rule.meta.id),
          defaultOptionsOf(RULES),
          new Set(RULES.filter((rule) => rule.meta.fatal).map((rule) => rule.meta.id)),
        );
  const definitions: { file: string; text: string }[] = [];
  const spec: RunSpec = {
    kubernetesVersion: versionOf(options.kubernetesVersion) ?? config?.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION,
    schemaLocations: options.schemaLocations?.map((location) => path.resolve(cwd, location)) ?? config?.schemaLocations ?? [],
    reportUnusedDisableDirectives: options.reportUnusedDisableDirectives ?? false,
    ruleSettings: [...ruleSettings(config, options.rules)],
    quiet: options.quiet ?? false,
    definitions,
    podSpecs: config?.podSpecs ?? [],
  };
  // The same context the worker threads build from the spec (their CRDs are registered as they are found here).
  const context = contextOf(spec);
  const { settings } = context;
  const define = (file: string, text: string) => {
    registerCustomResourceDefinitions(settings.schemas, file, text);
    definitions.push({ file, text });
  };
  // CRD manifests the schema locations name define custom resources as the input's own CRDs do.
  for (const definition of crdManifestsIn(spec.schemaLocations)) define(displayName(definition.file, cwd), definition.text);
  const inputs = await collectInputs(paths, cwd, options.stdinFilename ?? '<stdin>');
  const problems: ToolProblem[] = inputs.problems.map(({ input, message }) => ({ subject: input, message }));
  const patches = kustomizePatchFiles(inputs.files.filter((input) => input.skipped === undefined), cwd);
  const shareFile = (input: InputFile): ShareFile => ({ name: input.name, source: input.source, partial: patches.has(input.source) });

  // Why a file is not read, decided once: a symbolic link out of the folders given (named with the reason, but no
  // failure: not following it is the point), ignored by the config (the user's choice), or too large (a file the
  // tool did not check, so also a problem). Standard input is read here, once, and held to the same size limit.
  const skips = new Map<InputFile, { reason: string; unchecked: boolean; quiet?: boolean }>();
  const sizes = new Map<InputFile, number>();
  const stdinText = inputs.files.some((input) => input.source === '-') ? await readStdinText(options) : undefined;
  const readSource = (source: string): InputText | Error => {
    const changed = options.contents?.get(source);
    return changed === undefined ? readText(source) : decode(Buffer.from(changed, 'utf8'));
  };
  for (const input of inputs.files) {
    if (input.skipped !== undefined) {
      skips.set(input, { reason: input.skipped, unchecked: false, quiet: false });
      continue;
    }
    const pattern = config && input.source !== '-' ? ignoringPattern(config, input.source) : undefined;
    const size = input.source === '-' ? (stdinText instanceof Error ? 0 : (stdinText?.bytes ?? 0)) : sizeOf(input.source);
    sizes.set(input, size);
    if (pattern !== undefined) skips.set(input, { reason: `ignored by '${pattern}' in ${config?.file ?? 'the config file'}`, unchecked: false });
    else if (input.source === '-' && size > MAX_FILE_BYTES) skips.set(input, { reason: TOO_LARGE('more than 64 MiB'), unchecked: true });
    else if (size > MAX_FILE_BYTES) skips.set(input, { reason: TOO_LARGE(`${Math.round(size / 2 ** 20)} MiB`), unchecked: true });
  }
  const toLint = inputs.files.filter((input) => !skips.has(input));

  // Custom resources are validated against CustomResourceDefinitions from anywhere in the input, so those are
  // registered first. Texts are kept for the second pass while they fit the cache (standard input always: it
  // cannot be read twice), so most runs read each file once.
  const texts = new Map<string, InputText | Error>();
  let cached = 0;
  for (const input of toLint) {
    const text = input.source === '-' ? (stdinText ?? new Error('standard input was not read')) : readSource(input.source);
    const size = text instanceof Error ? 0 : text.text.length;
    if (input.source === '-' || cached + size <= TEXT_CACHE_BYTES) {
      texts.set(input.source, text);
      cached += size;
    }
    if (text instanceof Error || !text.text.includes('CustomResourceDefinition')) continue;
    define(input.name, text.text);
  }
  // Files of CRDs are linted first: the thread that lints one registers its CRDs from that reading, before custom
  // resources need them (the registry reads such a file again only on a thread that has not linted it).
  const definitionFiles = new Set(definitions.map((definition) => definition.file));
  const crdFilesFirst = (list: readonly InputFile[]) => [...list.filter((input) => definitionFiles.has(input.name)), ...list.filter((input) => !definitionFiles.has(input.name))];
  const lintFile: FileLinter = (file, fileContext, quiet) => {
    const text = texts.get(file.source) ?? readSource(file.source);
    texts.delete(file.source);
    return lintOutcome(file, text, fileContext, quiet);
  };

  // Large runs are shared among worker threads and this one, which take the files one at a time (parallel.ts);
  // standard input stays here. Results are put back in input order.
  const outcomes = new Map<InputFile, FileOutcome>();
  const spread = toLint.filter((input) => input.source !== '-');
  const threads =
    !options.workerScript || options.contents?.size ? 1
    : options.threads !== undefined ? Math.max(1, Math.min(Math.floor(options.threads), MAX_THREADS, spread.length))
    : threadsFor(spread.length, spread.reduce((sum, input) => sum + (sizes.get(input) ?? 0), 0));
  const shared = threads > 1 ? crdFilesFirst(spread) : [];
  const sharedFiles = shared.map(shareFile);
  const counter = fileCounter();
  const onWorkers = Array.from({ length: threads - 1 }, () =>
    lintOnWorker(options.workerScript as URL, spec, sharedFiles, counter).then((results) => {
      for (const [index, outcome] of results) outcomes.set(shared[index] as InputFile, outcome);
    }),
  );
  for (const index of takeFiles(counter, sharedFiles.length)) outcomes.set(shared[index] as InputFile, lintFile(sharedFiles[index] as ShareFile, context, spec.quiet));
  for (const input of threads > 1 ? toLint.filter((each) => each.source === '-') : crdFilesFirst(toLint)) outcomes.set(input, lintFile(shareFile(input), context, spec.quiet));
  await Promise.all(onWorkers);

  const files: FileResult[] = [];
  for (const input of inputs.files) {
    const skip = skips.get(input);
    if (skip) {
      files.push({ file: input.name, findings: [], failures: [], skipped: skip.reason, quiet: skip.quiet ?? !skip.unchecked });
      if (skip.unchecked) problems.push({ subject: input.name, message: `not linted: ${skip.reason}` });
      continue;
    }
    const outcome = outcomes.get(input);
    if (outcome?.result) files.push(outcome.result);
    problems.push(...(outcome?.problems ?? []));
  }
  return { files, problems, rules: reportedRules(options), threads };
}

function readText(file: string): InputText | Error {
  try {
    return decode(readFileSync(file));
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

async function readStdinText(options: LintOptions): Promise<InputText | Error> {
  try {
    const bytes = await (options.readStdin ?? processStdin)();
    // Over the limit it is skipped, so it is not even decoded.
    return bytes.length > MAX_FILE_BYTES ? { text: '', decoding: {}, bytes: bytes.length } : decode(bytes);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Lints a file read from disk: what a worker thread does with each file it takes. */
export const lintFileFromDisk: FileLinter = (file, context, quiet) => lintOutcome(file, readText(file.source), context, quiet);

function lintOutcome(file: ShareFile, text: InputText | Error, context: FileContext, quiet: boolean): FileOutcome {
  if (text instanceof Error) return { problems: [{ subject: file.name, message: `cannot read file: ${describeError(text)}` }] };
  const problems: ToolProblem[] = [];
  const result = lintOne(file.name, text, context, { quiet }, problems, file.partial);
  return { result, problems };
}

export interface LintTextOptions extends Omit<LintOptions, 'cwd' | 'configFile' | 'stdinFilename' | 'readStdin'> {
  /** The name findings carry (default `<text>`). */
  filePath?: string;
}

/**
 * Lints one text as a file of its own, with no config file: its own CustomResourceDefinitions define its custom
 * resources. For editors and tests.
 */
export function lintText(text: string, options: LintTextOptions = {}): LintReport {
  const settings = lintSettings(
    versionOf(options.kubernetesVersion) ?? DEFAULT_KUBERNETES_VERSION,
    options.schemaLocations ?? [],
    options.reportUnusedDisableDirectives ?? false,
  );
  const context: FileContext = { rules: activeRules(RULES, ruleSettings(undefined, options.rules)), settings };
  const file = options.filePath ?? '<text>';
  for (const definition of crdManifestsIn(options.schemaLocations ?? [])) registerCustomResourceDefinitions(settings.schemas, definition.file, definition.text);
  registerCustomResourceDefinitions(settings.schemas, file, text);
  const problems: ToolProblem[] = [];
  const result = lintOne(file, { text, decoding: {}, bytes: Buffer.byteLength(text) }, context, options, problems);
  return { files: [result], problems, rules: reportedRules(options) };
}

function lintOne(
  file: string,
  text: InputText,
  context: FileContext,
  options: { quiet?: boolean },
  problems: ToolProblem[],
  partial = false,
): FileResult {
  let result: FileResult;
  try {
    result = lintFileText(file, text.text, context, text.decoding, partial);
  } catch (error) {
    // Never expected; if it happens, it costs this file, not the run.
    problems.push({ subject: file, message: `internal error, the file was not linted: ${describeError(error)}` });
    return { file, findings: [], failures: [], skipped: 'internal error' };
  }
  if (options.quiet) result.findings = result.findings.filter((finding) => finding.level === 'error');
  result.findings.sort(compareFindings);
  for (const failure of result.failures) {
    const where = failure.resource ? ` on ${failure.resource.kind ?? 'object'} ${failure.resource.name ?? '(unnamed)'}` : '';
    problems.push({ subject: file, message: `rule ${failure.ruleId} failed${where}: ${describeError(failure.error)}` });
  }
  return result;
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** 0: clean; 1: an unreported error, or more warnings than allowed; 2: the tool could not do its job. */
export function exitCodeOf(report: LintReport, maxWarnings?: number): 0 | 1 | 2 {
  if (report.problems.length > 0) return 2;
  const counts = countByLevel(report.files);
  if (maxWarnings !== undefined && counts.warning > maxWarnings) return 1;
  return counts.error > 0 ? 1 : 0;
}
