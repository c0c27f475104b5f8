import type { FileResult } from './lint.js';
import type { RuleMeta } from './rule.js';

/** Something that kept the tool from doing all it was asked: a missing path, an unreadable file, a rule that failed. */
export interface ToolProblem {
  /** The file or argument concerned, as the user named it. */
  subject: string;
  message: string;
}

/** Everything a run found, in the order it is reported: what every formatter receives. */
export interface LintReport {
  /** Every file linted, sorted, each with its findings sorted by position. */
  files: FileResult[];
  problems: ToolProblem[];
  /** Every rule the tool has, on or off, and any engine finding kind the run may report. */
  rules: readonly RuleMeta[];
  /** How many threads linted the files (lintFiles only): this one, and worker threads if the run started any. */
  threads?: number;
}

export interface FormatOptions {
  color: boolean;
}

/** The findings people act on: suppressed ones stay in SARIF and JSON, but count nowhere. */
export function isReported(finding: { suppressed?: unknown }): boolean {
  return finding.suppressed === undefined;
}

export type Formatter = (report: LintReport, options: FormatOptions) => string;
