import { describe, expect, it } from 'vitest';
import type { CodeAction, Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lintText, type Finding } from '../src/engine/api.js';
import { codeActionsFor } from '../src/lsp/code-actions.js';

/*
 * The language server's code actions on texts whose shape matters: several YAML documents, a directive already
 * above the line, CRLF, a byte-order mark, a finding no comment can silence. Each action is applied and the text
 * linted again: the finding is gone and nothing else changed.
 */

const URI = 'file:///workspace/pod.yaml';
const EVERYWHERE: Range = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

function findingsOf(text: string): Finding[] {
  return lintText(text).files.flatMap((file) => file.findings).filter((finding) => !finding.suppressed);
}

function actionsFor(text: string, ruleId: string): { document: TextDocument; actions: CodeAction[] } {
  const document = TextDocument.create(URI, 'yaml', 1, text);
  const findings = findingsOf(text).filter((finding) => finding.ruleId === ruleId);
  expect(findings.length).toBeGreaterThan(0);
  return { document, actions: codeActionsFor(document, findings, EVERYWHERE) };
}

function apply(document: TextDocument, action: CodeAction | undefined): string {
  return TextDocument.applyEdits(document, action?.edit?.changes?.[URI] ?? []);
}

const pod = (name: string, volume: string, eol = '\n') =>
  [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  containers:',
    '    - name: app',
    '      image: registry.example.com/app:1.0.0',
    '  volumes:',
    `    - name: ${volume}`,
    '      emptyDir: {}',
    '',
  ].join(eol);

describe('code actions of sidecar-lint-lsp', () => {
  it('puts the line comment above the finding, indented as its line, and the document comment after its ---', () => {
    const text = `${pod('first', 'scratch')}---\n${pod('second', 'cache')}`;
    const { document, actions } = actionsFor(text, 'unused-volume');
    expect(actions.map((action) => action.title)).toEqual([
      'Disable unused-volume for this line',
      'Disable unused-volume for this document',
      'Disable unused-volume for this line',
      'Disable unused-volume for this document',
    ]);
    const secondLine = apply(document, actions[2]);
    expect(secondLine.split('\n')[21]).toBe('    # sidecar-lint-disable-next-line unused-volume');
    expect(findingsOf(secondLine).map((finding) => finding.region.start.line)).toEqual([10]);
    const secondDocument = apply(document, actions[3]);
    expect(secondDocument.split('\n').slice(11, 13)).toEqual(['---', '# sidecar-lint-disable unused-volume']);
    expect(findingsOf(secondDocument).map((finding) => finding.region.start.line)).toEqual([10]);
    const firstDocument = apply(document, actions[1]);
    expect(firstDocument.startsWith('# sidecar-lint-disable unused-volume\napiVersion: v1\n')).toBe(true);
    expect(findingsOf(firstDocument).map((finding) => finding.region.start.line)).toEqual([23]);
  });

  it('adds the rule to a directive already there instead of stacking a second comment above it', () => {
    const text = pod('cache', 'cache').replace('    - name: cache', '    # sidecar-lint-disable-next-line duplicate-volume-name\n    - name: cache');
    const { document, actions } = actionsFor(text, 'unused-volume');
    const edited = apply(document, actions[0]);
    expect(edited.split('\n')[9]).toBe('    # sidecar-lint-disable-next-line duplicate-volume-name, unused-volume');
    expect(findingsOf(edited)).toEqual([]);
  });

  it('keeps CRLF line breaks and a byte-order mark', () => {
    const text = `\uFEFF${pod('crlf', 'scratch', '\r\n')}`;
    const { document, actions } = actionsFor(text, 'unused-volume');
    const line = apply(document, actions[0]);
    expect(line).toBe(text.replace('    - name: scratch', '    # sidecar-lint-disable-next-line unused-volume\r\n    - name: scratch'));
    expect(findingsOf(line)).toEqual([]);
    const whole = apply(document, actions[1]);
    expect(whole).toBe(`\uFEFF# sidecar-lint-disable unused-volume\r\n${text.slice(1)}`);
    expect(findingsOf(whole)).toEqual([]);
  });

  it('offers no comment for a finding that cannot be silenced', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [broken\n';
    const { actions } = actionsFor(text, 'yaml-syntax');
    expect(actions).toEqual([]);
  });
});

/** `medium: memory`, which the API server refuses and the fix spells `Memory`: a finding that carries a fix. */
const LOWER_CASE_MEDIUM = pod('ram', 'scratch')
  .replace('      image: registry.example.com/app:1.0.0', '      image: registry.example.com/app:1.0.0\n      volumeMounts:\n        - name: scratch\n          mountPath: /scratch')
  .replace('emptyDir: {}', 'emptyDir:\n        medium: memory');
const fixable = findingsOf(LOWER_CASE_MEDIUM).find((finding) => finding.ruleId === 'emptydir-invalid-medium');

describe('the fix of a finding as a code action', () => {
  it('comes first, preferred, with the fix’s own edits, and leaves the finding gone', () => {
    const { document, actions } = actionsFor(LOWER_CASE_MEDIUM, 'emptydir-invalid-medium');
    const [first] = actions;
    expect(first?.isPreferred).toBe(true);
    expect(fixable?.fix).toBeDefined();
    expect(first?.title).toBe(fixable?.fix?.description);
    const fixed = apply(document, first);
    expect(fixed).toBe(LOWER_CASE_MEDIUM.replace('medium: memory', 'medium: Memory'));
    expect(findingsOf(fixed).filter((finding) => finding.ruleId === 'emptydir-invalid-medium')).toEqual([]);
  });
});
