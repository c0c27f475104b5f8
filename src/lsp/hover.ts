import { readFileSync } from 'node:fs';
import { MarkupKind, type Hover, type Position, type Range } from 'vscode-languageserver';
import type { Finding } from '../engine/finding.js';
import { ruleDocPath, ruleDocUrl } from '../engine/package-info.js';
import { rangeOf, ruleHasDoc } from './diagnostics.js';

const docs = new Map<string, string>();

/** A rule's doc up to its examples: what it reports, why it matters, its level. */
export function ruleDocSummary(ruleId: string): string | undefined {
  if (!ruleHasDoc(ruleId)) return undefined;
  let doc = docs.get(ruleId);
  if (doc === undefined) {
    const text = readFileSync(ruleDocPath(ruleId), 'utf8').replace(/\r\n/g, '\n');
    const example = text.search(/^## Example/m);
    doc = (example === -1 ? text : text.slice(0, example)).trim();
    docs.set(ruleId, doc);
  }
  return doc;
}

const compare = (a: Position, b: Position) => a.line - b.line || a.character - b.character;

/** Whether the character at `position` is in the range (end exclusive); an empty range holds its own position. */
export function rangeContains(range: Range, position: Position): boolean {
  if (compare(range.start, range.end) === 0) return compare(position, range.start) === 0;
  return compare(position, range.start) >= 0 && compare(position, range.end) < 0;
}

/** The docs of the rules whose findings cover `position`, each once, with a link to the page. */
export function hoverAt(findings: readonly Finding[], position: Position): Hover | null {
  const here = findings.filter((finding) => rangeContains(rangeOf(finding.region), position));
  const ruleIds = [...new Set(here.map((finding) => finding.ruleId))];
  const sections = ruleIds.flatMap((ruleId) => {
    const summary = ruleDocSummary(ruleId);
    return summary === undefined ? [] : [`${summary}\n\n[Read the whole page](${ruleDocUrl(ruleId)})`];
  });
  const first = here[0];
  if (sections.length === 0 || first === undefined) return null;
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: rangeOf(first.region) };
}
