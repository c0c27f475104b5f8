/*
 * sidecar-lint as a library: `import { lintFiles } from 'sidecar-lint'`. The same engine the command runs, with the
 * same report every formatter reads.
 */
export { ConfigError, exitCodeOf, lintFiles, lintText } from './engine/api.js';
export type { LintOptions, LintTextOptions } from './engine/api.js';
export type { FileResult } from './engine/lint.js';
export type { Finding, Level, Position, Region, ResourceId } from './engine/finding.js';
export type { FormatOptions, Formatter, LintReport, ToolProblem } from './engine/report.js';
export type { RuleMeta } from './engine/rule.js';
export { FORMATTERS as formatters } from './formatters/index.js';
