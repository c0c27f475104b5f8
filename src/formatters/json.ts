import { formatJsonPath } from '../yaml/json-path.js';
import type { Formatter } from '../engine/report.js';
import { packageInfo } from '../engine/package-info.js';
import { countByLevel } from './counts.js';
import { jsonReportText } from './escape.js';

/**
 * For scripts. The shape is documented in the README and only grows: fields are added, never renamed or
 * removed, without a change of `formatVersion`.
 */
export const formatJson: Formatter = (report) => {
  const output = {
    formatVersion: 1,
    tool: { name: 'sidecar-lint', version: packageInfo().version },
    files: report.files.map((file) => ({
      file: file.file,
      ...(file.skipped !== undefined ? { skipped: file.skipped } : {}),
      findings: file.findings.map((finding) => ({
        ruleId: finding.ruleId,
        level: finding.level,
        message: finding.message,
        line: finding.region.start.line,
        column: finding.region.start.column,
        endLine: finding.region.end.line,
        endColumn: finding.region.end.column,
        resource: finding.resource ?? null,
        jsonPath: finding.jsonPath ? formatJsonPath(finding.jsonPath) : null,
        suppressed: finding.suppressed ?? null,
        related: (finding.related ?? []).map((related) => ({
          message: related.message,
          line: related.region.start.line,
          column: related.region.start.column,
          endLine: related.region.end.line,
          endColumn: related.region.end.column,
        })),
        // Offsets count UTF-16 code units of the file as read (a byte-order mark included), as applyEdits takes them.
        fix: finding.fix
          ? {
              description: finding.fix.description,
              edits: finding.fix.edits.map((edit) => ({
                line: edit.range.start.line,
                column: edit.range.start.column,
                endLine: edit.range.end.line,
                endColumn: edit.range.end.column,
                offset: edit.start,
                endOffset: edit.end,
                text: edit.text,
              })),
            }
          : null,
      })),
    })),
    counts: countByLevel(report.files),
    problems: report.problems,
  };
  return jsonReportText(output);
};
