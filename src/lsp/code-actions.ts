import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { RULES } from '../../rules/index.js';
import type { Finding } from '../engine/finding.js';
import { diagnosticOf, rangeOf } from './diagnostics.js';

/** Findings no comment can silence (a document that was not read was not checked): no disable action for them. */
const UNSUPPRESSIBLE = new Set(RULES.filter((rule) => rule.meta.fatal).map((rule) => rule.meta.id));

const NEXT_LINE_DIRECTIVE = /^(\s*#\s*sidecar-lint-disable-next-line)(?![\w-])([^\r\n]*)$/;
const DOCUMENT_DIRECTIVE = /^(\s*#\s*sidecar-lint-disable)(?![\w-])([^\r\n]*)$/;
const DOCUMENT_MARKER = /^---(?:\s|$)/;

function lineText(document: TextDocument, line: number): string {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

function endOfLine(document: TextDocument): string {
  return document.getText().includes('\r\n') ? '\r\n' : '\n';
}

/**
 * An edit adding `ruleId` to the directive comment on `line`, when that line is one of `pattern`'s directives: a
 * second comment above it would make the first one apply to the new comment instead of the line below. Undefined
 * when the line is no such directive; 'none' when it already selects the rule, or ends with a `-- reason` an id
 * cannot be appended after.
 */
function extendDirective(document: TextDocument, line: number, pattern: RegExp, ruleId: string): TextEdit | 'none' | undefined {
  if (line < 0) return undefined;
  const text = lineText(document, line);
  const match = pattern.exec(text);
  if (!match) return undefined;
  const rules = (match[2] ?? '').trim();
  // Already selecting the rule (or every rule), or carrying a reason the new id would have to go before: leave it.
  if (rules === '' || rules.split(/[\s,]+/).includes(ruleId) || rules.split(/[\s,]+/).includes('*') || /\s--(\s|$)/.test(` ${rules}`)) return 'none';
  const end = { line, character: text.trimEnd().length };
  return { range: { start: end, end }, newText: `, ${ruleId}` };
}

/** `# sidecar-lint-disable-next-line <rule>` above the finding's line, indented as that line is. */
function disableLineEdit(document: TextDocument, finding: Finding): TextEdit | undefined {
  const line = finding.region.start.line - 1;
  const existing = extendDirective(document, line - 1, NEXT_LINE_DIRECTIVE, finding.ruleId);
  if (existing === 'none') return undefined;
  if (existing) return existing;
  const indent = /^[ \t]*/.exec(lineText(document, line))?.[0] ?? '';
  const start = { line, character: 0 };
  return { range: { start, end: start }, newText: `${indent}# sidecar-lint-disable-next-line ${finding.ruleId}${endOfLine(document)}` };
}

/**
 * `# sidecar-lint-disable <rule>` at the start of the finding's YAML document: after its `---`, or at the top of
 * the file (after a byte-order mark) for the first document. It silences the rule from there to the next `---`.
 */
function disableDocumentEdit(document: TextDocument, finding: Finding): TextEdit | undefined {
  const findingLine = finding.region.start.line - 1;
  let marker = -1;
  for (let line = findingLine; line >= 0; line--) {
    if (DOCUMENT_MARKER.test(lineText(document, line))) {
      marker = line;
      break;
    }
  }
  // A finding on the `---` line itself (an empty document) cannot be reached by a comment below it.
  if (marker === findingLine) return undefined;
  const existing = extendDirective(document, marker + 1, DOCUMENT_DIRECTIVE, finding.ruleId);
  if (existing === 'none') return undefined;
  if (existing) return existing;
  const character = marker === -1 && document.getText({ start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }) === '\uFEFF' ? 1 : 0;
  const start = { line: marker + 1, character };
  return { range: { start, end: start }, newText: `# sidecar-lint-disable ${finding.ruleId}${endOfLine(document)}` };
}

/**
 * A finding's fix (src/engine/fixes.ts) as LSP edits. Its edits carry offsets into the text that was linted, which
 * is the document's text: positionAt turns them into the document's own positions.
 */
export function fixEdits(document: TextDocument, finding: Finding): { title: string; edits: TextEdit[] } | undefined {
  const fix = finding.fix;
  if (!fix || fix.edits.length === 0) return undefined;
  const edits = fix.edits.map((edit) => ({ range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) }, newText: edit.text }));
  return { title: fix.description, edits };
}

function intersects(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/**
 * The actions for the findings at `range`: each finding's fix first (preferred), then one "disable for this line" and
 * one "disable for this document" per rule and place.
 */
export function codeActionsFor(document: TextDocument, findings: readonly Finding[], range: Range): CodeAction[] {
  const fixes: CodeAction[] = [];
  const disables = new Map<string, CodeAction>();
  const workspaceEdit = (edits: TextEdit[]) => ({ changes: { [document.uri]: edits } });
  for (const finding of findings) {
    if (!intersects(rangeOf(finding.region), range)) continue;
    const diagnostic: Diagnostic = diagnosticOf(finding, document.uri);
    const fix = fixEdits(document, finding);
    if (fix) fixes.push({ title: fix.title, kind: CodeActionKind.QuickFix, isPreferred: true, diagnostics: [diagnostic], edit: workspaceEdit(fix.edits) });
    if (UNSUPPRESSIBLE.has(finding.ruleId)) continue;
    const line = disableLineEdit(document, finding);
    const key = (edit: TextEdit) => `${finding.ruleId}\u0000${edit.range.start.line}:${edit.range.start.character}`;
    if (line && !disables.has(`line\u0000${key(line)}`)) {
      disables.set(`line\u0000${key(line)}`, {
        title: `Disable ${finding.ruleId} for this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: workspaceEdit([line]),
      });
    }
    const whole = disableDocumentEdit(document, finding);
    if (whole && !disables.has(`document\u0000${key(whole)}`)) {
      disables.set(`document\u0000${key(whole)}`, {
        title: `Disable ${finding.ruleId} for this document`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: workspaceEdit([whole]),
      });
    }
  }
  return [...fixes, ...disables.values()];
}
