import type { ActiveRule, FileResult } from './lint.js';

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
  rules: readonly ActiveRule[];
}

export interface FormatOptions {
  color: boolean;
}

export type Formatter = (report: LintReport, options: FormatOptions) => string;
