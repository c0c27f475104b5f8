import type { JsonPath } from '../yaml/json-path.js';

export type Level = 'error' | 'warning' | 'note';

/** Levels from most to least severe; the order findings are counted and summarised in. */
export const LEVELS: readonly Level[] = ['error', 'warning', 'note'];

/** A 1-based line and column, counted the way an editor counts them (UTF-16 code units). */
export interface Position {
  line: number;
  column: number;
}

/** Where a finding points: `end` is the position just after the node, as SARIF's endColumn. */
export interface Region {
  start: Position;
  end: Position;
}

/** The Kubernetes object a finding belongs to. */
export interface ResourceId {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
}

export interface Finding {
  ruleId: string;
  level: Level;
  message: string;
  /** The file as given to the user: relative to the working directory where possible, with forward slashes. */
  file: string;
  region: Region;
  /** Absent for findings about a whole document or file (a syntax error has no resource). */
  resource?: ResourceId;
  /** The node pointed at, from the document root; absent where the finding is not about a node. */
  jsonPath?: JsonPath;
  /** Other places the finding involves, each with what it is (the first of two duplicates). */
  related?: { message: string; region: Region }[];
  /** Set when a directive comment or annotation suppresses the finding: kept for SARIF, out of counts. */
  suppressed?: { kind: 'inSource'; justification: string };
  /** Text edits that fix the finding, where the fix is certainly what the author meant (src/engine/fixes.ts). */
  fix?: Fix;
}

/**
 * One edit of a file's text: `start` and `end` are offsets into the text as read (UTF-16 code units, byte-order
 * marks and line breaks as they are in the file); `range` is the same stretch as an editor counts it. An insertion
 * has `start === end`.
 */
export interface TextEdit {
  range: Region;
  start: number;
  end: number;
  text: string;
}

/** A finding's fix: what it does, in a few words, and its edits, which never overlap. */
export interface Fix {
  description: string;
  edits: TextEdit[];
}

/**
 * A total order: by file, position, rule and message, then by the object and node (one YAML node reached
 * through an alias can be reported for two objects), so that output never depends on the order of work.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.file, b.file) ||
    a.region.start.line - b.region.start.line ||
    a.region.start.column - b.region.start.column ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message, b.message) ||
    compareStrings(resourceKey(a.resource), resourceKey(b.resource)) ||
    compareStrings(JSON.stringify(a.jsonPath ?? []), JSON.stringify(b.jsonPath ?? []))
  );
}

function resourceKey(resource: ResourceId | undefined): string {
  return resource ? [resource.apiVersion, resource.kind, resource.namespace, resource.name].map((part) => part ?? '').join('\u0000') : '';
}

/** Code-point order: stable across locales, unlike localeCompare. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
