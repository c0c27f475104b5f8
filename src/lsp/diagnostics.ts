import { existsSync } from 'node:fs';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import type { Finding, Level, Region } from '../engine/finding.js';
import { ruleDocPath, ruleDocUrl } from '../engine/package-info.js';

/** What every diagnostic of ours says it comes from: editors show it and filter by it. */
export const DIAGNOSTIC_SOURCE = 'sidecar-lint';

const SEVERITY: Record<Level, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  note: DiagnosticSeverity.Information,
};

/**
 * A finding's region as an LSP range. Both count columns in UTF-16 code units (LSP's default encoding) with the
 * end exclusive; findings count lines and columns from 1, LSP from 0.
 */
export function rangeOf(region: Region): Range {
  return {
    start: { line: region.start.line - 1, character: region.start.column - 1 },
    end: { line: region.end.line - 1, character: region.end.column - 1 },
  };
}

const hasDoc = new Map<string, boolean>();

/** Whether the rule has a doc page: the engine's own finding kinds (internal-error, unused directives) have none. */
export function ruleHasDoc(ruleId: string): boolean {
  let known = hasDoc.get(ruleId);
  if (known === undefined) {
    known = /^[a-z0-9-]+$/.test(ruleId) && existsSync(ruleDocPath(ruleId));
    hasDoc.set(ruleId, known);
  }
  return known;
}

export function diagnosticOf(finding: Finding, uri: string): Diagnostic {
  const diagnostic: Diagnostic = {
    range: rangeOf(finding.region),
    severity: SEVERITY[finding.level],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    message: finding.message,
  };
  if (ruleHasDoc(finding.ruleId)) diagnostic.codeDescription = { href: ruleDocUrl(finding.ruleId) };
  if (finding.related && finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((related) => ({
      location: { uri, range: rangeOf(related.region) },
      message: related.message,
    }));
  }
  return diagnostic;
}

/** The one diagnostic a document gets when its config file cannot be used: nothing else would be true. */
export function configErrorDiagnostic(message: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Error,
    source: DIAGNOSTIC_SOURCE,
    code: 'config',
    message: `The config file cannot be used, so this file was not linted: ${message}`,
  };
}
