import type { Level } from '../engine/finding.js';
import { isReported, type Formatter } from '../engine/report.js';
import { escapeForTerminal } from './escape.js';

const COMMANDS: Readonly<Record<Level, string>> = { error: 'error', warning: 'warning', note: 'notice' };

/**
 * GitHub's escaping for a workflow command's message (`%`, CR and LF, which the runner decodes), then the shared
 * escaping of every other control character and of `##[` (escape.ts), which the runner would act on.
 */
const escapeData = (text: string) =>
  escapeForTerminal(text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A'));
/** ... and for its properties, where `:` and `,` separate. */
const escapeProperty = (text: string) => escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');

/**
 * GitHub Actions workflow commands, one a finding: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=<rule-id>::<message>`.
 * The runner turns them into annotations on the pull request's changed lines.
 */
export const formatGithub: Formatter = (report) => {
  const lines: string[] = [];
  for (const file of report.files) {
    for (const finding of file.findings.filter(isReported)) {
      const { start, end } = finding.region;
      const properties = [
        `file=${escapeProperty(file.file)}`,
        `line=${start.line}`,
        `col=${start.column}`,
        `endLine=${end.line}`,
        `endColumn=${end.column}`,
        `title=${escapeProperty(finding.ruleId)}`,
      ].join(',');
      lines.push(`::${COMMANDS[finding.level]} ${properties}::${escapeData(finding.message)}`);
    }
  }
  // A file that may hold manifests but was not linted gets a notice that says why; YAML with no Kubernetes
  // object in it, and what the config ignores, get none.
  for (const file of report.files) {
    if (file.skipped === undefined || file.quiet === true) continue;
    lines.push(`::notice file=${escapeProperty(file.file)},title=${escapeProperty('sidecar-lint: file not linted')}::${escapeData(`Not linted: ${file.skipped}`)}`);
  }
  // What kept the tool from its whole job (a path that matches nothing, an unreadable file) is an error annotation
  // too: standard error alone reaches the log, and a reader of the pull request would never see it.
  for (const problem of report.problems) {
    lines.push(`::error title=${escapeProperty('sidecar-lint: problem')}::${escapeData(`${problem.subject}: ${problem.message}`)}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
