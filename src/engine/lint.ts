import type { RuleSetting } from './config.js';
import type { Finding, Level, Region, ResourceId } from './finding.js';
import type { JsonPath } from '../yaml/json-path.js';
import { podViewsOf } from '../kubernetes/pod.js';
import { resourcesOf, type Resource } from '../kubernetes/resources.js';
import { DEFAULT_KUBERNETES_VERSION, type KubernetesVersion } from '../kubernetes/kubernetes-version.js';
import { formatMessage, type LintSettings, type NodeReport, type RelatedReport, type Rule, type RuleMeta } from './rule.js';
import { SchemaRegistry } from '../schemas/schema-registry.js';
import { UNUSED_DIRECTIVE, findDirectives, ignoredByAnnotation, suppressByAnnotation, suppressByComments } from './suppressions.js';
import { isPlainObject } from '../kubernetes/values.js';
import { readManifest, readManifestFast, type ManifestFile } from '../yaml/manifest-reader.js';
import type { OffsetRange } from '../yaml/node-positions.js';
import { SourceText } from '../yaml/source-text.js';
import type { SyntaxProblem, YamlDocument } from '../yaml/yaml-file.js';
import { classifyFile } from './file-kind.js';
import { FileFixer } from './fixes.js';

/** A rule as this run uses it: its level and options after configuration. */
export interface ActiveRule {
  rule: Rule;
  level: Level;
  options: unknown;
}

/**
 * The rules a run uses: each at its configured level (`off` leaves it out) with its options over the defaults. A
 * fatal rule (yaml-syntax: a document that was not read was not checked) keeps its level whatever the config says.
 */
export function activeRules(rules: readonly Rule[], settings: ReadonlyMap<string, RuleSetting> = new Map()): ActiveRule[] {
  return rules.flatMap((rule) => {
    const setting = rule.meta.fatal ? undefined : settings.get(rule.meta.id);
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
): LintSettings {
  return { kubernetesVersion, schemas: new SchemaRegistry(kubernetesVersion, schemaLocations), reportUnusedDisableDirectives };
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

/** What reading the file's bytes found: bytes that are not UTF-8 (read as U+FFFD). */
export interface Decoding {
  invalidUtf8?: boolean;
}

/** Everything the linting of one file needs besides its text; the same for every file of a run. */
export interface FileContext {
  rules: readonly ActiveRule[];
  settings: LintSettings;
}

/**
 * Lints one file's text. `file` is the name findings carry; `partial` says the file holds partial objects (a patch a
 * kustomization lists), on which the rules that judge a whole object do not run.
 */
export function lintFileText(file: string, text: string, fileContext: FileContext, decoding: Decoding = {}, partial = false): FileResult {
  const context: FileContext = partial
    ? {
        rules: fileContext.rules.filter((active) => active.rule.meta.needsWholeObject !== true),
        settings: { ...fileContext.settings, partialObjects: true },
      }
    : fileContext;
  const source = SourceText.from(text);
  // A file with template text is classified from the fast reader's reading, which linting then uses too: one
  // reading, not two. (Only where the source kept every offset, no byte-order mark dropped; a file the fast reader
  // cannot read, a Helm template most often, is classified as before.)
  let fast: ManifestFile | undefined;
  const kind = classifyFile(text, () => {
    if (source.text.length !== text.length) return undefined;
    fast = readManifestFast(source);
    return fast?.valueScalarRanges?.();
  });
  if (kind.kind !== 'manifest') return { file, findings: [], failures: [], skipped: kind.reason, quiet: kind.kind === 'not-kubernetes' };
  const { documents } = fast ?? readManifest(source);
  // A file of CRDs the registry keeps unread: what was just read registers them (no second reading for them).
  if (text.includes('CustomResourceDefinition')) context.settings.schemas.registerRead(file, documents.map((document) => document.value));
  const result: FileResult = { file, findings: [], failures: [] };
  const fixer = new FileFixer(text, source, documents);
  for (const document of documents) lintDocument(result, source, document, context, fixer);
  if (decoding.invalidUtf8) {
    // Bytes that are not UTF-8 were read as U+FFFD and the file linted all the same; kubectl refuses the file.
    const start = Math.max(0, source.text.indexOf('\uFFFD'));
    const problem: SyntaxProblem = { code: 'INVALID_UTF8', message: 'the file is not valid UTF-8 here', start, end: start + 1 };
    lintDocument(result, source, { index: -1, value: undefined, problems: [problem], locate: () => ({ start, end: start + 1 }) }, context, fixer);
  }
  // Comments are only read where they can matter: a file with findings, or when unused ones are wanted.
  if (result.findings.length > 0 || context.settings.reportUnusedDisableDirectives) {
    const unsuppressible = new Set(context.rules.filter((active) => active.rule.meta.fatal).map((active) => active.rule.meta.id));
    applyDirectives(result, source, context.settings, unsuppressible);
  }
  return result;
}

function applyDirectives(result: FileResult, source: SourceText, settings: LintSettings, unsuppressible: ReadonlySet<string>): void {
  const { directives, documentStarts } = findDirectives(source);
  suppressByComments(result.findings, directives, documentStarts, unsuppressible);
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

/** A finding's message: the rule's own words, or its declared message filled in with the report's data. */
function messageOf(rule: Rule, report: { message?: string; messageId?: string; data?: Readonly<Record<string, string | number>> }): string {
  if (report.messageId === undefined) return report.message ?? '';
  const template = rule.meta.messages?.[report.messageId];
  // A rule naming a message it does not declare is a bug in the rule: it fails as the rule, never the run.
  if (template === undefined) throw new Error(`rule ${rule.meta.id} reported undeclared message '${report.messageId}'`);
  return formatMessage(template, report.data ?? {});
}

function lintDocument(result: FileResult, source: SourceText, document: YamlDocument, context: FileContext, fixer: FileFixer): void {
  const { rules, settings } = context;
  const regionOf = (range: OffsetRange): Region => ({ start: source.positionAt(range.start), end: source.positionAt(range.end) });
  const finding = (by: { id: string; level: Level }, message: string, range: OffsetRange, resource?: ResourceId, jsonPath?: JsonPath) => {
    const found: Finding = { ruleId: by.id, level: by.level, message, file: result.file, region: regionOf(range) };
    if (resource) found.resource = resource;
    if (jsonPath) found.jsonPath = jsonPath;
    result.findings.push(found);
    return found;
  };
  // A rule that throws costs its own findings on this object, never the others': the failure becomes an
  // internal-error finding where the object is, and the run ends with exit code 2. Nothing else can throw here:
  // reading is done, and positions are plain lookups.
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
  const byRule = (active: ActiveRule) => ({ id: active.rule.meta.id, level: active.level });

  for (const active of rules) {
    const { rule } = active;
    if (rule.scope !== 'document') continue;
    guarded(active, undefined, () =>
      rule.check({
        problems: document.problems,
        options: active.options,
        settings,
        report: (report) => finding(byRule(active), messageOf(rule, report), { start: report.start, end: report.end }),
      }),
    );
  }
  if (document.value === undefined) return;

  for (const resource of resourcesOf(document.value)) {
    const ignored = ignoredByAnnotation(resource, settings.podSpecs);
    const report = (active: ActiveRule) => (node: NodeReport) => {
      const message = messageOf(active.rule, node);
      const found = finding(byRule(active), message, document.locate(node.path, node.target), resource.id, node.path);
      if (node.related && node.related.length > 0) {
        found.related = node.related.map((related: RelatedReport) => ({
          message: related.message,
          region: regionOf(document.locate(related.path, related.target)),
        }));
      }
      if (node.fix) {
        const fix = fixer.fixFor(document, node.fix);
        if (fix) found.fix = fix;
      }
      if (!active.rule.meta.fatal) suppressByAnnotation(found, ignored);
    };
    for (const active of rules) {
      const { rule } = active;
      if (rule.scope !== 'resource') continue;
      guarded(active, resource, () => rule.check({ resource, file: result.file, options: active.options, settings, report: report(active) }));
    }
    for (const pod of podViewsOf(resource, settings.podSpecs)) {
      for (const active of rules) {
        const { rule } = active;
        if (rule.scope !== 'pod-spec') continue;
        guarded(active, resource, () => rule.check({ pod, options: active.options, settings, report: report(active) }));
      }
    }
  }
}
