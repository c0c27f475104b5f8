import type { Level } from '../engine/finding.js';
import { isReported, type Formatter } from '../engine/report.js';
import { XML_DECLARATION, xmlAttributes } from './xml.js';

/** Checkstyle's severities; reviewdog reads `error`, `warning` and `info`. */
const SEVERITIES: Readonly<Record<Level, string>> = { error: 'error', warning: 'warning', note: 'info' };

/**
 * Checkstyle XML, as reviewdog (`-f=checkstyle`) and other review tools read it: a `<file>` for every file linted,
 * an `<error>` for each finding with its line, column, severity, message and `source` (`sidecar-lint.<rule-id>`).
 * Files not linted (skipped) and what kept the tool from its job are not findings: standard error and the exit
 * code say those.
 */
export const formatCheckstyle: Formatter = (report) => {
  const lines = [XML_DECLARATION, '<checkstyle version="4.3">'];
  for (const file of report.files) {
    if (file.skipped !== undefined) continue;
    const findings = file.findings.filter(isReported);
    if (findings.length === 0) {
      lines.push(`  <file${xmlAttributes({ name: file.file })}/>`);
      continue;
    }
    lines.push(`  <file${xmlAttributes({ name: file.file })}>`);
    for (const finding of findings) {
      const attributes = xmlAttributes({
        line: finding.region.start.line,
        column: finding.region.start.column,
        severity: SEVERITIES[finding.level],
        message: finding.message,
        source: `sidecar-lint.${finding.ruleId}`,
      });
      lines.push(`    <error${attributes}/>`);
    }
    lines.push('  </file>');
  }
  lines.push('</checkstyle>');
  return `${lines.join('\n')}\n`;
};
