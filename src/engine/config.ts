import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ajvClass } from '../libraries/lazy.js';
import { closestName } from './closest-name.js';
import { compileGlob, GlobPatternError, type GlobMatcher } from './glob-match.js';
import type { Level } from './finding.js';
import { formatJsonPath } from '../yaml/json-path.js';
import { kubernetesVersionRange, parseKubernetesVersion, type KubernetesVersion } from '../kubernetes/kubernetes-version.js';
import { PACKAGE_ROOT } from './package-info.js';
import { describeSchemaErrors, type SchemaProblem } from '../schemas/schema-messages.js';
import { isPlainObject, type PlainObject } from '../kubernetes/values.js';
import { apiGroupOf, parsePodSpecPath, type CustomPodSpecLocation } from '../kubernetes/workloads.js';
import { PLAIN_YAML, parseYamlFile } from '../yaml/yaml-file.js';


export const CONFIG_FILE_NAMES = ['.sidecar-lint.yaml', '.sidecar-lint.yml'] as const;

/** What the config says of one rule; an absent level keeps the rule's default. */
export interface RuleSetting {
  level: Level | 'off' | undefined;
  options: PlainObject | undefined;
}

/** A config file as read: paths in it are already resolved against its folder. */
export interface Config {
  file: string;
  rules: ReadonlyMap<string, RuleSetting>;
  /** Glob patterns, relative to `directory`, each with its matcher (glob-match.ts). */
  ignore: readonly IgnorePattern[];
  directory: string;
  kubernetesVersion: KubernetesVersion | undefined;
  schemaLocations: readonly string[];
  /** Custom resources' pod specs the config adds (`podSpecs`). */
  podSpecs: readonly CustomPodSpecLocation[];
}

export interface IgnorePattern extends GlobMatcher {
  pattern: string;
}

/** Longer than a path can be (Linux's PATH_MAX): no file can match it, and matching costs with its length. */
const MAX_IGNORE_PATTERN = 4096;

/**
 * Characters of all the ignore patterns together. Matching one pattern against one name costs at most their lengths
 * multiplied (glob-match.ts), and every file is matched against every pattern: a pull request writing both must not
 * buy minutes with them. Real configs hold a few patterns of a few dozen characters.
 */
const MAX_IGNORE_TOTAL = 16_384;

/** A config file that cannot be used: said with its file, line and column, and exit code 2. */
export class ConfigError extends Error {}

/**
 * The nearest `.sidecar-lint.yaml` (or `.yml`) in the folder or a folder above it, as ESLint finds its own, up to
 * the repository's root (the first folder with a `.git`, a folder or a worktree's file): a config file above the
 * checkout (in /tmp, in a CI runner's work folder) belongs to someone else and must not configure, or switch off,
 * the run. Outside any repository the search goes on to the file system's root.
 */
export function findConfigFile(from: string): string | undefined {
  let directory = path.resolve(from);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(directory, name);
      if (existsSync(candidate)) return candidate;
    }
    if (existsSync(path.join(directory, '.git'))) return undefined;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

let validateConfig: ValidateFunction | undefined;

/** The config file's JSON Schema (schemas/config.schema.json), which editors also use to complete it. */
function configValidator(): ValidateFunction {
  validateConfig ??= new (ajvClass())({ allErrors: true, verbose: true, strict: false }).compile(
    JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'schemas', 'config.schema.json'), 'utf8')) as object,
  );
  return validateConfig;
}

/**
 * Keeps the errors a person needs from ajv's answer on `rules`, whose entries are a level or an object: the
 * branch that matches what was written, not both, and not the `oneOf` summary.
 */
function usefulErrors(errors: readonly ErrorObject[], data: unknown): ErrorObject[] {
  return errors.filter((error) => {
    if (error.keyword === 'oneOf' || error.keyword === 'if') return false;
    // A rule written as a mapping also fails the level branch, reached through its $ref: not what was meant.
    const at = error.instancePath.split('/').slice(1).reduce<unknown>((current, key) => (isPlainObject(current) ? current[key] : undefined), data);
    if (error.schemaPath.startsWith('#/definitions/level') && isPlainObject(at)) return false;
    const branch = /\/oneOf\/(\d)\//.exec(error.schemaPath)?.[1];
    if (branch === undefined) return true;
    const entry = error.instancePath.split('/').slice(0, 3).join('/');
    const value = entry.split('/').slice(1).reduce<unknown>((current, key) => (isPlainObject(current) ? current[key] : undefined), data);
    return isPlainObject(value) ? branch === '1' : branch === '0';
  });
}

function problemsOf(errors: readonly ErrorObject[], data: unknown, ruleIds: readonly string[]): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const rest: ErrorObject[] = [];
  for (const error of usefulErrors(errors, data)) {
    if (error.keyword === 'propertyNames') continue;
    if (error.keyword === 'enum' && error.propertyName !== undefined) {
      const id = error.propertyName;
      const suggestion = closestName(id, ruleIds);
      problems.push({
        path: ['rules', id],
        target: 'key',
        message: `\`${id}\` is not a rule of sidecar-lint${suggestion ? `: did you mean \`${suggestion}\`?` : '.'} Run 'sidecar-lint --list-rules' for the ids.`,
      });
    } else if (error.keyword === 'pattern' && /^\/podSpecs\/\d+\/(?:path|apiVersion)$/.test(error.instancePath)) {
      const at = error.instancePath.split('/').slice(1).map((key, index) => (index === 1 ? Number(key) : key));
      problems.push({ path: at, target: 'value', message: at[2] === 'path' ? podSpecPathMessage(error.data) : podSpecApiVersionMessage(error.data) });
    } else rest.push(error);
  }
  return [...problems, ...describeSchemaErrors(rest, data, 'the config file')];
}

/** Reads and checks a config file; throws ConfigError, with position, for anything wrong in it. */
export function loadConfig(
  file: string,
  ruleIds: readonly string[],
  defaultOptions: ReadonlyMap<string, unknown>,
  fatalRuleIds: ReadonlySet<string> = new Set(),
): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file}: cannot read the config file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const yaml = parseYamlFile(text, PLAIN_YAML);
  const at = (start: number, message: string) => {
    const position = yaml.positionAt(start);
    return new ConfigError(`${file}:${position.line}:${position.column}: ${message}`);
  };
  const [document, extra] = yaml.documents;
  if (extra) throw at(0, 'a config file holds one YAML document');
  const problem = document?.problems[0];
  if (problem) throw at(problem.start, `YAML syntax error: ${problem.message}`);
  const data: unknown = document?.value ?? {};
  // A document that was not read was not checked: the rule that says so (a fatal rule) cannot be silenced.
  const rulesSection = isPlainObject(data) && isPlainObject(data.rules) ? data.rules : undefined;
  const fatal = [...fatalRuleIds].find((id) => rulesSection !== undefined && Object.hasOwn(rulesSection, id));
  if (fatal !== undefined) {
    const range = document?.locate(['rules', fatal], 'key') ?? { start: 0, end: 0 };
    throw at(
      range.start,
      `\`${fatal}\` cannot be turned off or given another level: a document sidecar-lint could not read was not checked, ` +
        'and silence would say it was. Remove this entry; fix or exclude (with `ignore`) the files that do not parse.',
    );
  }
  const validate = configValidator();
  if (!validate(data)) {
    const problems = problemsOf(validate.errors ?? [], data, ruleIds);
    const first = problems[0];
    const lines = problems.map((found) => {
      const range = document?.locate(found.path, found.target) ?? { start: 0, end: 0 };
      const position = yaml.positionAt(range.start);
      return `${file}:${position.line}:${position.column}: ${found.message}`;
    });
    throw new ConfigError(first ? lines.join('\n') : `${file}: the config file is not valid`);
  }
  const config = data as PlainObject;
  const directory = path.dirname(file);
  const rules = new Map<string, RuleSetting>();
  for (const [id, setting] of Object.entries(isPlainObject(config.rules) ? config.rules : {})) {
    const level = (typeof setting === 'string' ? setting : (setting as PlainObject).level ?? undefined) as Level | 'off' | undefined;
    const options = isPlainObject(setting) && isPlainObject(setting.options) ? setting.options : undefined;
    if (options) {
      const problemPath = ['rules', id, 'options'];
      const mismatch = optionMismatch(options, defaultOptions.get(id));
      if (mismatch) {
        const range = document?.locate([...problemPath, mismatch.key], 'key') ?? { start: 0, end: 0 };
        throw at(range.start, `\`${formatJsonPath([...problemPath, mismatch.key])}\` ${mismatch.message}`);
      }
    }
    rules.set(id, { level, options });
  }
  addInjectedVolumes(rules, config, defaultOptions);
  const version = config.kubernetesVersion;
  let kubernetesVersion: KubernetesVersion | undefined;
  if (version !== undefined) {
    const range = document?.locate(['kubernetesVersion']) ?? { start: 0, end: 0 };
    // Unquoted, `1.30` is the YAML number 1.3: the release meant is lost before anyone reads it.
    if (typeof version === 'number') {
      throw at(range.start, `kubernetesVersion ${String(version)} is a number, and YAML reads 1.30 as 1.3: quote it, as in kubernetesVersion: "1.30"`);
    }
    kubernetesVersion = parseKubernetesVersion(String(version));
    if (!kubernetesVersion) {
      throw at(range.start, `kubernetesVersion '${String(version)}' is not a Kubernetes release sidecar-lint knows: write ${kubernetesVersionRange()}`);
    }
  }
  return {
    file,
    rules,
    ignore: ignorePatterns(config.ignore, (index, message) => at(document?.locate(['ignore', index])?.start ?? 0, message)),
    directory,
    kubernetesVersion,
    schemaLocations: Array.isArray(config.schemaLocations)
      ? (config.schemaLocations as string[]).map((location) => path.resolve(directory, location))
      : [],
    podSpecs: podSpecsOf(config.podSpecs),
  };
}

function podSpecPathMessage(value: unknown): string {
  return (
    `\`${String(value)}\` is not a pod spec path: write field names joined by dots, with \`[*]\` after a list ` +
    'field for each of its items and `*` for each value of a mapping, ending with the pod spec\'s own field: ' +
    '`spec.template.spec`, `spec.replicatedJobs[*].template.spec.template.spec`, `spec.pytorchReplicaSpecs.*.template.spec`.'
  );
}

function podSpecApiVersionMessage(value: unknown): string {
  return `\`${String(value)}\` is not an apiVersion: write the group and version of the custom resource, such as \`example.com/v1\`.`;
}

/** The `podSpecs` entries, already checked by the schema (its `path` pattern is parsePodSpecPath's syntax). */
function podSpecsOf(value: unknown): CustomPodSpecLocation[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    if (!isPlainObject(entry) || typeof entry.apiVersion !== 'string' || typeof entry.kind !== 'string' || typeof entry.path !== 'string') return [];
    const pattern = parsePodSpecPath(entry.path);
    return pattern ? [{ group: apiGroupOf(entry.apiVersion), kind: entry.kind, pattern }] : [];
  });
}

/**
 * Options are checked against the rule's defaults, which say every option a rule takes and its type: an
 * unknown option or a value of another type is an error, not something silently ignored.
 */
function optionMismatch(options: PlainObject, defaults: unknown): { key: string; message: string } | undefined {
  const known = isPlainObject(defaults) ? defaults : {};
  for (const [key, value] of Object.entries(options)) {
    if (!(key in known)) {
      const names = Object.keys(known);
      return { key, message: names.length > 0 ? `is not an option of this rule: its options are ${names.map((name) => `\`${name}\``).join(', ')}.` : 'is not an option: this rule takes none.' };
    }
    const expected = known[key];
    const sameShape = Array.isArray(expected)
      ? Array.isArray(value) && value.every((item) => expected.every((sample) => typeof sample === typeof item))
      : typeof value === typeof expected;
    if (!sameShape) return { key, message: `must be ${Array.isArray(expected) ? 'a list' : `a ${typeof expected}`} like its default, ${JSON.stringify(expected)}.` };
  }
  return undefined;
}

/**
 * `injectedVolumes` and `injectedVolumeAnnotations` say which volumes sidecars injected at admission mount. They
 * are options of every rule that asks who mounts a volume (those whose defaults have them), added to what the
 * rule's own options say.
 */
function addInjectedVolumes(rules: Map<string, RuleSetting>, config: PlainObject, defaultOptions: ReadonlyMap<string, unknown>): void {
  for (const key of ['injectedVolumes', 'injectedVolumeAnnotations'] as const) {
    const names = config[key];
    if (!Array.isArray(names) || names.length === 0) continue;
    for (const [id, defaults] of defaultOptions) {
      if (!isPlainObject(defaults) || !(key in defaults)) continue;
      const setting = rules.get(id) ?? { level: undefined, options: undefined };
      const own = setting.options?.[key];
      const options = { ...setting.options, [key]: [...(Array.isArray(own) ? own : []), ...names] };
      rules.set(id, { ...setting, options });
    }
  }
}

/** The `ignore` patterns, compiled; one that cannot be used is refused at its line (`refuse` throws). */
function ignorePatterns(value: unknown, refuse: (index: number, message: string) => Error): IgnorePattern[] {
  if (!Array.isArray(value)) return [];
  let total = 0;
  return (value as string[]).map((pattern, index) => {
    const shown = pattern.length > 60 ? `${pattern.slice(0, 57)}...` : pattern;
    if (pattern.length > MAX_IGNORE_PATTERN) {
      throw refuse(index, `the ignore pattern \`${shown}\` is longer than a path can be (${MAX_IGNORE_PATTERN.toLocaleString('en-US')} characters)`);
    }
    total += pattern.length;
    if (total > MAX_IGNORE_TOTAL) {
      throw refuse(index, `the ignore patterns add up to more than ${MAX_IGNORE_TOTAL.toLocaleString('en-US')} characters here: list folders (\`vendor/**\`) rather than files`);
    }
    try {
      return { pattern, ...compileGlob(pattern) };
    } catch (error) {
      if (error instanceof GlobPatternError) throw refuse(index, `the ignore pattern \`${shown}\` cannot be used: ${error.message}`);
      throw error;
    }
  });
}

/** The `ignore` pattern of the config that matches a file, if any; patterns are relative to the config's folder. */
export function ignoringPattern(config: Config, file: string): string | undefined {
  const relative = path.relative(config.directory, file).split(path.sep).join('/');
  return config.ignore.find((ignore) => ignore.matches(relative))?.pattern;
}
