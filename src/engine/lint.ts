import type { RuleSetting } from './config.js';
import type { Finding, Level, ResourceId } from './finding.js';
import type { JsonPath } from '../yaml/json-path.js';
import { podViewsOf } from '../kubernetes/pod.js';
import { resourcesOf, type Resource } from '../kubernetes/resources.js';
import { DEFAULT_KUBERNETES_VERSION, type KubernetesVersion } from '../kubernetes/kubernetes-version.js';
import type { LintSettings, NodeReport, Rule, RuleMeta } from './rule.js';
import { SchemaRegistry } from '../schemas/schema-registry.js';
import { UNUSED_DIRECTIVE, findDirectives, ignoredByAnnotation, suppressByAnnotation, suppressByComments } from './suppressions.js';
import { isPlainObject } from '../kubernetes/values.js';
import { classifyFile } from './file-kind.js';
import {
  FastReadMismatch,
  lineIndex,
  parseYamlFile,
  readManifest,
  type OffsetRange,
  type YamlDocument,
  type YamlFile,
} from '../yaml/yaml-file.js';

/** A rule as this run uses it: its level and options after configuration. */
export interface ActiveRule {
  rule: Rule;
  level: Level;
  options: unknown;
}

/** The rules a run uses: each at its configured level (`off` leaves it out) with its options over the defaults. */
export function activeRules(rules: readonly Rule[], settings: ReadonlyMap<string, RuleSetting> = new Map()): ActiveRule[] {
  return rules.flatMap((rule) => {
    const setting = settings.get(rule.meta.id);
    const level = setting?.level ?? rule.meta.level;
    if (level === 'off') return [];
    const defaults = rule.defaultOptions;
    const options = setting?.options && isPlainObject(defaults) ? { ...defaults, ...setting.options } : defaults;
    return [{ rule, level, options }];
  });
}

/** The settings of a run: the target release and where custom resource schemas may be found. */
export function lintSettings(
  kubernetesVersion: KubernetesVersion = DEFAULT_KUBERNETES_VERSION,
  schemaLocations: readonly string[] = [],
  reportUnusedDisableDirectives = false,
  fastRead = true,
): LintSettings {
  return { kubernetesVersion, schemas: new SchemaRegistry(kubernetesVersion, schemaLocations), reportUnusedDisableDirectives, fastRead };
}

/** Each rule's default options, by id: what a config's options are checked against. */
export function defaultOptionsOf(rules: readonly Rule[]): ReadonlyMap<string, unknown> {
  return new Map(rules.map((rule) => [rule.meta.id, rule.defaultOptions]));
}

/** The findings the engine makes when a rule throws: never expected, always reported. */
export const INTERNAL_ERROR: RuleMeta = {
  id: 'internal-error',
  level: 'error',
  summary: 'A rule failed on an object: its findings there are missing. A bug in sidecar-lint, to be reported.',
  tags: ['internal'],
  precision: 'very-high',
};

/** A rule that threw: reported to the user as a failure of the tool, never silently dropped. */
export interface RuleFailure {
  ruleId: string;
  file: string;
  resource?: ResourceId;
  error: unknown;
}

export interface FileResult {
  file: string;
  findings: Finding[];
  failures: RuleFailure[];
  /** Why the file was not linted, when it was not: it is reported as skipped, never dropped silently. */
  skipped?: string;
  /**
   * A skip the text and GitHub formats only count: the file holds no Kubernetes object, or the config ignores
   * it. JSON and SARIF name every skipped file.
   */
  quiet?: boolean;
}

/**
 * The text as YAML and editors see it. A byte-order mark may open any document (files saved on Windows and
 * concatenated have one after each `---`); editors do not count it as a column, so it is dropped at line
 * starts. A lone carriage return is a line break in YAML, as a line feed, and is made one (same length, so
 * offsets stay put).
 */
function normalizeText(text: string): string {
  return text.replace(/^\uFEFF/gm, '').replace(/\r(?!\n)/g, '\n');
}

/** Lints one file's text. `file` is the name findings carry. */
/** What reading the file's bytes found, for lintText: bytes that are not UTF-8 (read as U+FFFD). */
export interface Decoding {
  invalidUtf8?: boolean;
}

export function lintText(
  file: string,
  text: string,
  rules: readonly ActiveRule[],
  settings: LintSettings,
  decoding: Decoding = {},
  partial = false,
): FileResult {
  // A kustomize patch holds partial objects: the rules that judge a whole object stay out, the others know.
  if (partial) {
    rules = rules.filter((active) => active.rule.meta.needsWholeObject !== true);
    settings = { ...settings, partialObjects: true };
  }
  const kind = classifyFile(text);
  if (kind.kind !== 'manifest') return { file, findings: [], failures: [], skipped: kind.reason, quiet: kind.kind === 'not-kubernetes' };
  // Editors do not count a byte-order mark as a column, so positions are taken from the text without it.
  const source = normalizeText(text);
  let result: FileResult;
  try {
    result = lintDocuments(file, settings.fastRead ? readManifest(source) : parseYamlFile(source), rules, settings);
  } catch (error) {
    if (!(error instanceof FastReadMismatch)) throw error;
    result = lintDocuments(file, parseYamlFile(source), rules, settings);
  }
  if (decoding.invalidUtf8) {
    reportInvalidUtf8(result, source, Math.max(0, source.indexOf('\uFFFD')), rules, settings);
  }
  // Comments are only read where they can matter: a file with findings, or when unused ones are wanted.
  if (result.findings.length > 0 || settings.reportUnusedDisableDirectives) applyDirectives(result, source, settings);
  return result;
}

function lintDocuments(file: string, yaml: YamlFile, rules: readonly ActiveRule[], settings: LintSettings): FileResult {
  const result: FileResult = { file, findings: [], failures: [] };
  for (const document of yaml.documents) lintDocument(result, yaml, document, rules, settings);
  return result;
}

/**
 * Bytes that are not UTF-8 were read as U+FFFD and the file linted all the same; the problem is handed to the
 * document rules (yaml-syntax) like a parse problem, at the first such character: kubectl refuses the file.
 */
function reportInvalidUtf8(result: FileResult, source: string, start: number, rules: readonly ActiveRule[], settings: LintSettings): void {
  const problem = { code: 'INVALID_UTF8', message: 'the file is not valid UTF-8 here', start, end: start + 1 };
  const document: YamlDocument = { index: -1, value: undefined, problems: [problem], locate: () => ({ start, end: start + 1 }) };
  lintDocument(result, { documents: [document], positionAt: lineIndex(source) }, document, rules, settings);
}

function applyDirectives(result: FileResult, source: string, settings: LintSettings): void {
  const { directives, documentStarts } = findDirectives(source);
  suppressByComments(result.findings, directives, documentStarts);
  if (!settings.reportUnusedDisableDirectives) return;
  for (const directive of directives.filter((candidate) => !candidate.used)) {
    result.findings.push({
      ruleId: UNUSED_DIRECTIVE.id,
      level: UNUSED_DIRECTIVE.level,
      message:
        `This sidecar-lint-disable${directive.kind === 'next-line' ? '-next-line' : ''} comment suppresses no finding` +
        `${directive.rules === '*' ? '' : ` of ${[...directive.rules].map((id) => `\`${id}\``).join(', ')}`}: remove it, or name the rule it was meant for.`,
      file: result.file,
      region: { start: { line: directive.line, column: directive.column }, end: { line: directive.line, column: directive.endColumn } },
    });
  }
}

const byRule = (active: ActiveRule) => ({ id: active.rule.meta.id, level: active.level });

function lintDocument(
  result: FileResult,
  yaml: YamlFile,
  document: YamlDocument,
  rules: readonly ActiveRule[],
  settings: LintSettings,
): void {
  const finding = (by: { id: string; level: Level }, message: string, range: OffsetRange, resource?: ResourceId, jsonPath?: JsonPath) => {
    const found: Finding = {
      ruleId: by.id,
      level: by.level,
      message,
      file: result.file,
      region: { start: yaml.positionAt(range.start), end: yaml.positionAt(range.end) },
    };
    if (resource) found.resource = resource;
    if (jsonPath) found.jsonPath = jsonPath;
    result.findings.push(found);
    return found;
  };
  // A rule that throws costs its own findings on this object, never the others': the failure becomes an
  // internal-error finding where the object is, and the run ends with exit code 2.
  const guarded = (active: ActiveRule, resource: Resource | undefined, run: () => void) => {
    try {
      run();
    } catch (error) {
      const failure: RuleFailure = { ruleId: active.rule.meta.id, file: result.file, error };
      if (resource) failure.resource = resource.id;
      result.failures.push(failure);
      const range = resource ? document.locate(resource.path, 'value') : { start: 0, end: 0 };
      const about = resource ? ` on ${resource.id.kind ?? 'object'} ${resource.id.name ?? '(unnamed)'}` : '';
      finding(
        INTERNAL_ERROR,
        `Rule \`${active.rule.meta.id}\` failed${about}: ${error instanceof Error ? error.message : String(error)}. ` +
          'Its findings for this object are missing. This is a bug in sidecar-lint: please report it with this file.',
        range,
        resource?.id,
      );
    }
  };

  for (const active of rules) {
    const { rule } = active;
    if (rule.scope !== 'document') continue;
    guarded(active, undefined, () =>
      rule.check({
        problems: document.problems,
        options: active.options,
        settings,
        report: ({ start, end, message }) => finding(byRule(active), message, { start, end }),
      }),
    );
  }
  if (document.value === undefined) return;

  for (const resource of resourcesOf(document.value)) {
    const ignored = ignoredByAnnotation(resource, settings.podSpecs);
    const report = (active: ActiveRule) => ({ path, target, message }: NodeReport) =>
      suppressByAnnotation(finding(byRule(active), message, document.locate(path, target), resource.id, path), ignored);
    for (const active of rules) {
      const { rule } = active;
      if (rule.scope !== 'resource') continue;
      guarded(active, resource, () =>
        rule.check({
          resource,
          file: result.file,
          options: active.options,
          settings,
          report: report(active),
        }),
      );
    }
    for (const pod of podViewsOf(resource, settings.podSpecs)) {
      for (const active of rules) {
        const { rule } = active;
        if (rule.scope !== 'pod-spec') continue;
        guarded(active, resource, () =>
          rule.check({
            pod,
            options: active.options,
            settings,
            report: report(active),
          }),
        );
      }
    }
  }
}
