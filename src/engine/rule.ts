import type { Level } from './finding.js';
import type { JsonPath } from '../yaml/json-path.js';
import type { KubernetesVersion } from '../kubernetes/kubernetes-version.js';
import type { PodView } from '../kubernetes/pod.js';
import type { CustomPodSpecLocation } from '../kubernetes/workloads.js';
import type { Resource } from '../kubernetes/resources.js';
import type { SchemaRegistry } from '../schemas/schema-registry.js';
import type { Target } from '../yaml/node-positions.js';
import type { SyntaxProblem } from '../yaml/yaml-file.js';

/** How sure a rule is of its findings, in the words GitHub code scanning uses. */
export type Precision = 'very-high' | 'high' | 'medium' | 'low';

export interface RuleMeta {
  /** The id users write in configs and suppressions and GitHub keys alerts on: never renamed. */
  id: string;
  level: Level;
  /** One line: what the rule catches. */
  summary: string;
  tags: readonly string[];
  precision: Precision;
  /**
   * The rule's messages by id, with `{{name}}` placeholders filled from a report's `data` (as ESLint's `meta.messages`):
   * the wording lives in one place, and a report naming an undeclared id fails as the rule.
   */
  messages?: Readonly<Record<string, string>>;
  /** JSON Schema of the rule's options (an object schema): config files are checked against it. */
  optionsSchema?: Readonly<Record<string, unknown>>;
  /**
   * A rule whose findings mean the input was not read (yaml-syntax): it cannot be turned off, its level cannot be
   * changed and its findings cannot be suppressed, since silence would say the unread text was checked.
   */
  fatal?: boolean;
  /**
   * The rule judges a whole object (what it lacks, the order or the cross-references of its lists): the
   * engine does not run it on partial objects, such as the patches a kustomization lists.
   */
  needsWholeObject?: boolean;
}

/** The words of a finding: a message written out, or a declared message's id and the values for its placeholders. */
export type MessageReport =
  | { message: string; messageId?: undefined; data?: undefined }
  | { message?: undefined; messageId: string; data?: Readonly<Record<string, string | number>> };

/** Another node a finding involves (the first of two duplicates): SARIF `relatedLocations`, JSON `related`. */
export interface RelatedReport {
  path: JsonPath;
  target?: Target;
  message: string;
}

/** Fills `{{name}}` placeholders; an unknown name is left as written, so a mistake shows in the message. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (Object.hasOwn(data, name) ? String(data[name]) : whole));
}

/**
 * A fix a rule offers, stated against JSON paths from the document root; the engine turns it into edits of the
 * file's text (src/engine/fixes.ts), keeping comments, quoting and indentation, or offers none where it cannot
 * make them safely. Offer one only where it is certainly what the author meant.
 *
 * - `replace`: the string scalar at `path` becomes `value` (written in the scalar's own quoting style);
 * - `insert`: the mapping at `path` gets the entry `key: value`; the mappings along `path` that are missing are
 *   created, with the document's indentation.
 */
export type FixIntent =
  | { replace: { path: JsonPath; value: string }; insert?: undefined; description?: string }
  | { insert: { path: JsonPath; key: string; value: string }; replace?: undefined; description?: string };

/** What a rule reports about a node: the engine turns the path into a file position. */
export type NodeReport = MessageReport & {
  /** From the document root: build it from the paths the pod view carries. */
  path: JsonPath;
  target?: Target;
  related?: readonly RelatedReport[];
  fix?: FixIntent;
};

/** What a rule reports about a stretch of the file's text, for problems that have no node. */
export type TextReport = MessageReport & {
  start: number;
  end: number;
};

/** What the whole run is checked against, the same for every rule. */
export interface LintSettings {
  /** The Kubernetes release the manifests are meant for (`--kubernetes-version`). */
  kubernetesVersion: KubernetesVersion;
  /** The schemas objects are validated against: built-in, from CRDs in the input, from schema locations. */
  schemas: SchemaRegistry;
  /** Whether disable comments that suppress nothing are findings (`--report-unused-disable-directives`). */
  reportUnusedDisableDirectives: boolean;
  /**
   * Set for a file of partial objects (a kustomize patch): fields it lacks may come from elsewhere, so rules
   * that still run on it say nothing of what is missing.
   */
  partialObjects?: boolean;
  /** Where custom resources the config file names (`podSpecs`) keep their pod specs. */
  podSpecs?: readonly CustomPodSpecLocation[];
}

export interface ResourceContext<Options> {
  resource: Resource;
  /** The file the object is in, as reported. */
  file: string;
  options: Options;
  settings: LintSettings;
  report(report: NodeReport): void;
}

export interface PodSpecContext<Options> {
  pod: PodView;
  options: Options;
  settings: LintSettings;
  report(report: NodeReport): void;
}

export interface DocumentContext<Options> {
  /** The problems the YAML reader met in this document; empty for a readable document. */
  problems: readonly SyntaxProblem[];
  options: Options;
  settings: LintSettings;
  report(report: TextReport): void;
}

interface RuleBase<Options> {
  meta: RuleMeta;
  /** Every option the rule takes, with its value when the user sets none. */
  defaultOptions: Options;
}

/** Runs once for each pod spec of any workload kind. */
export interface PodSpecRule<Options = Record<string, never>> extends RuleBase<Options> {
  scope: 'pod-spec';
  check(context: PodSpecContext<Options>): void;
}

/** Runs once for each Kubernetes object: a document, or an item of a List. */
export interface ResourceRule<Options = Record<string, never>> extends RuleBase<Options> {
  scope: 'resource';
  check(context: ResourceContext<Options>): void;
}

/** Runs once for each YAML document, readable or not. */
export interface DocumentRule<Options = Record<string, never>> extends RuleBase<Options> {
  scope: 'document';
  check(context: DocumentContext<Options>): void;
}

/** Any rule, whatever its options: the engine passes each rule the options it declared. */
export type Rule = PodSpecRule<unknown> | ResourceRule<unknown> | DocumentRule<unknown>;
