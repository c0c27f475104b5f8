import type { Finding } from './finding.js';
import type { RuleMeta } from './rule.js';
import type { SourceText } from '../yaml/source-text.js';
import type { Resource } from '../kubernetes/resources.js';
import { getIn, isPlainObject } from '../kubernetes/values.js';
import { podSpecLocationsOf, type CustomPodSpecLocation } from '../kubernetes/workloads.js';
import { isUnderPath, type JsonPath } from '../yaml/json-path.js';

export const IGNORE_ANNOTATION = 'sidecar-lint.io/ignore';

/** Rule ids a directive or annotation names; `*` is every rule. */
export type RuleSelection = ReadonlySet<string> | '*';

/** `"rule-a, rule-b"` or `"*"`; an empty list means every rule, as ESLint reads a bare directive. */
function parseSelection(text: string): RuleSelection {
  const ids = text.split(/[\s,]+/).filter((id) => id !== '');
  return ids.length === 0 || ids.includes('*') ? '*' : new Set(ids);
}

const selects = (selection: RuleSelection, ruleId: string) => selection === '*' || selection.has(ruleId);

/** Rules an annotation turns off, and where: under a JSON path (one pod template of several), or the whole object. */
export interface AnnotationSuppression {
  rules: RuleSelection;
  /** From the document root; absent for the whole object. */
  under?: JsonPath;
}

/**
 * What a resource's `sidecar-lint.io/ignore` annotations turn off: one on the object itself, or on its pod template
 * (where people put their other pod settings), covers the whole object. In a custom resource with several pod
 * templates (a JobSet's replicated jobs), one on a template covers that template only: it says nothing of the others.
 */
export function ignoredByAnnotation(resource: Resource, podSpecs: readonly CustomPodSpecLocation[] = []): AnnotationSuppression[] {
  const suppressions: AnnotationSuppression[] = [];
  const add = (place: JsonPath, under?: JsonPath) => {
    const annotations = getIn(resource.object, place);
    const value = isPlainObject(annotations) ? annotations[IGNORE_ANNOTATION] : undefined;
    if (typeof value === 'string') suppressions.push(under ? { rules: parseSelection(value), under } : { rules: parseSelection(value) });
  };
  add(['metadata', 'annotations']);
  const templates = podSpecLocationsOf(resource.object, podSpecs).filter((pod) => pod.metadata.length > 1);
  for (const pod of templates) {
    // The template is what holds its metadata: `…template.metadata` → `…template`.
    add([...pod.metadata, 'annotations'], templates.length > 1 ? [...resource.path, ...pod.metadata.slice(0, -1)] : undefined);
  }
  return suppressions;
}

export function suppressByAnnotation(finding: Finding, suppressions: readonly AnnotationSuppression[]): void {
  const applies = suppressions.some(({ rules, under }) => selects(rules, finding.ruleId) && (under === undefined || isUnderPath(finding.jsonPath, under)));
  if (applies) finding.suppressed = { kind: 'inSource', justification: `the ${IGNORE_ANNOTATION} annotation` };
}

/** A `# sidecar-lint-disable-next-line` or `# sidecar-lint-disable` comment. */
export interface Directive {
  line: number;
  column: number;
  endColumn: number;
  kind: 'next-line' | 'rest-of-document';
  rules: RuleSelection;
  justification: string | undefined;
  used: boolean;
}

// The rest of the line is taken whole and trimmed after: a lazy `[^\r\n]*?` before `\s*$` retried the trailing space
// at every character, quadratic on a directive followed by a long run of spaces.
const DIRECTIVE = /^(\s*)(#\s*sidecar-lint-disable(-next-line)?)(?![\w-])([^\r\n]*)$/;
const DOCUMENT_MARKER = /^---(?:\s|$)/;

/**
 * The directives of a file, read line by line: a directive is a comment alone on its line. `-- reason`
 * after the rule ids is kept as the justification SARIF reports.
 */
export function findDirectives(source: SourceText): { directives: Directive[]; documentStarts: number[] } {
  const directives: Directive[] = [];
  const documentStarts: number[] = [1];
  // Most files with findings have no directive: one scan of the text instead of a look at every line. (Document
  // starts matter only to directives.)
  if (!source.text.includes('sidecar-lint-disable')) return { directives, documentStarts };
  source.lines().forEach((content, index) => {
    const line = index + 1;
    if (DOCUMENT_MARKER.test(content)) documentStarts.push(line);
    const match = DIRECTIVE.exec(content);
    if (!match) return;
    const [, indent = '', , nextLine, untrimmed = ''] = match;
    const rest = untrimmed.trimEnd();
    const [ids = '', ...reason] = rest.split(/\s--\s?/);
    directives.push({
      line,
      column: indent.length + 1,
      endColumn: content.length + 1,
      kind: nextLine ? 'next-line' : 'rest-of-document',
      rules: parseSelection(ids),
      justification: reason.length > 0 ? reason.join(' -- ').trim() : undefined,
      used: false,
    });
  });
  return { directives, documentStarts };
}

/** How many of the sorted numbers are at most `value`. */
function countAtMost(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] ?? 0) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Marks the findings the comment directives suppress, and the directives that suppressed something. */
export function suppressByComments(
  findings: readonly Finding[],
  directives: readonly Directive[],
  documentStarts: readonly number[],
  unsuppressible: ReadonlySet<string>,
): void {
  // A finding looks only at the directives of its own document and at the line above it, the first in line order
  // winning: every directive for every finding, counting documents each time, took 20 s on 2,000 documents.
  const documentOf = (line: number) => countAtMost(documentStarts, line);
  const nextLine = new Map<number, Directive>();
  const restOfDocument = new Map<number, Directive[]>();
  for (const directive of directives) {
    if (directive.kind === 'next-line') nextLine.set(directive.line + 1, directive);
    else {
      const document = documentOf(directive.line);
      const list = restOfDocument.get(document) ?? [];
      list.push(directive);
      restOfDocument.set(document, list);
    }
  }
  const directiveFor = (finding: Finding): Directive | undefined => {
    const line = finding.region.start.line;
    for (const candidate of restOfDocument.get(documentOf(line)) ?? []) {
      if (candidate.line >= line) break;
      if (selects(candidate.rules, finding.ruleId)) return candidate;
    }
    const above = nextLine.get(line);
    return above && selects(above.rules, finding.ruleId) ? above : undefined;
  };
  for (const finding of findings) {
    if (finding.suppressed || unsuppressible.has(finding.ruleId)) continue;
    const directive = directiveFor(finding);
    if (!directive) continue;
    directive.used = true;
    finding.suppressed = {
      kind: 'inSource',
      justification: directive.justification ?? `# sidecar-lint-disable${directive.kind === 'next-line' ? '-next-line' : ''} on line ${directive.line}`,
    };
  }
}

/** The findings `--report-unused-disable-directives` adds: engine findings, described like a rule. */
export const UNUSED_DIRECTIVE: RuleMeta = {
  id: 'unused-disable-directive',
  level: 'warning',
  summary: 'A sidecar-lint-disable comment suppresses no finding: it is stale, or names the wrong rule.',
  tags: ['suppression'],
  precision: 'very-high',
};
