/*
 * sidecar-lint as a library: `import { lintFiles } from 'sidecar-lint'`. The same engine the command runs, with the
 * same report every formatter reads.
 */
export { ConfigError, exitCodeOf, lintFiles, lintText } from './engine/api.js';
export type { LintOptions, LintTextOptions } from './engine/api.js';
export type { FileResult } from './engine/lint.js';
export type { Finding, Fix, Level, Position, Region, ResourceId, TextEdit } from './engine/finding.js';
export { applyEdits, applyFixes, editsOf } from './engine/fixes.js';
export { fixFiles, type FixOutcome, type FixedFile } from './engine/fix-files.js';
export type { FormatOptions, Formatter, LintReport, ToolProblem } from './engine/report.js';
export type { RuleMeta } from './engine/rule.js';
export { FORMATTERS as formatters } from './formatters/index.js';
