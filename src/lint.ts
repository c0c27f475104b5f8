import type { Finding, Level, ResourceId } from './finding.js';
import type { JsonPath } from './json-path.js';
import { podViewOf } from './pod.js';
import { resourcesOf } from './resources.js';
import { DEFAULT_KUBERNETES_VERSION, type KubernetesVersion } from './kubernetes-version.js';
import type { LintSettings, Rule } from './rule.js';
import { SchemaRegistry } from './schemas/schema-registry.js';
import { isBinary, parseYamlFile, type OffsetRange, type YamlDocument, type YamlFile } from './yaml-file.js';

/** A rule as this run uses it: its level and options after configuration. */
export interface ActiveRule {
  rule: Rule;
  level: Level;
  options: unknown;
}

export function activeRules(rules: readonly Rule[]): ActiveRule[] {
  return rules.map((rule) => ({ rule, level: rule.meta.level, options: rule.defaultOptions }));
}

/** The settings of a run: the target release and where custom resource schemas may be found. */
export function lintSettings(kubernetesVersion: KubernetesVersion = DEFAULT_KUBERNETES_VERSION, schemaLocations: readonly string[] = []): LintSettings {
  return { kubernetesVersion, schemas: new SchemaRegistry(kubernetesVersion, schemaLocations) };
}

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
}

/**
 * A key `apiVersion:` or `kind:` at the start of a line (or of a list item, or quoted as in JSON). A YAML file
 * without one (a compose file, a CI workflow, Helm values) holds no Kubernetes object: pre-commit hands such
 * files over with the manifests, and they are skipped quietly.
 */
const KUBERNETES_KEY = /^[ \t]*(?:-[ \t]+)?["']?(?:apiVersion|kind)["']?[ \t]*:/m;

const BOM = '\uFEFF';

/** Lints one file's text. `file` is the name findings carry. */
export function lintText(file: string, text: string, rules: readonly ActiveRule[], settings: LintSettings): FileResult {
  if (!isBinary(text) && !KUBERNETES_KEY.test(text)) {
    return { file, findings: [], failures: [], skipped: 'no Kubernetes object in it (no apiVersion or kind)' };
  }
  // Editors do not count a byte-order mark as a column, so positions are taken from the text without it.
  const yaml = parseYamlFile(text.startsWith(BOM) ? text.slice(1) : text);
  const result: FileResult = { file, findings: [], failures: [] };
  for (const document of yaml.documents) lintDocument(result, yaml, document, rules, settings);
  return result;
}

function lintDocument(
  result: FileResult,
  yaml: YamlFile,
  document: YamlDocument,
  rules: readonly ActiveRule[],
  settings: LintSettings,
): void {
  const finding = (active: ActiveRule, message: string, range: OffsetRange, resource?: ResourceId, jsonPath?: JsonPath) => {
    const found: Finding = {
      ruleId: active.rule.meta.id,
      level: active.level,
      message,
      file: result.file,
      region: { start: yaml.positionAt(range.start), end: yaml.positionAt(range.end) },
    };
    if (resource) found.resource = resource;
    if (jsonPath) found.jsonPath = jsonPath;
    result.findings.push(found);
  };
  const guarded = (active: ActiveRule, resource: ResourceId | undefined, run: () => void) => {
    try {
      run();
    } catch (error) {
      const failure: RuleFailure = { ruleId: active.rule.meta.id, file: result.file, error };
      if (resource) failure.resource = resource;
      result.failures.push(failure);
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
        report: ({ start, end, message }) => finding(active, message, { start, end }),
      }),
    );
  }
  if (document.value === undefined) return;

  for (const resource of resourcesOf(document.value)) {
    for (const active of rules) {
      const { rule } = active;
      if (rule.scope !== 'resource') continue;
      guarded(active, resource.id, () =>
        rule.check({
          resource,
          file: result.file,
          options: active.options,
          settings,
          report: ({ path, target, message }) =>
            finding(active, message, document.locate(path, target), resource.id, path),
        }),
      );
    }
    const pod = podViewOf(resource);
    if (!pod) continue;
    for (const active of rules) {
      const { rule } = active;
      if (rule.scope !== 'pod-spec') continue;
      guarded(active, resource.id, () =>
        rule.check({
          pod,
          options: active.options,
          settings,
          report: ({ path, target, message }) =>
            finding(active, message, document.locate(path, target), resource.id, path),
        }),
      );
    }
  }
}
