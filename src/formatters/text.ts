import { Chalk, type ChalkInstance } from 'chalk';
import { LEVELS, type Level } from '../engine/finding.js';
import { isReported, type Formatter } from '../engine/report.js';
import { countByLevel, countSuppressed } from './counts.js';
import { escapeForTerminal } from './escape.js';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function paintLevel(chalk: ChalkInstance, level: Level): string {
  const padded = level.padEnd(7);
  return level === 'error' ? chalk.red(padded) : level === 'warning' ? chalk.yellow(padded) : chalk.blue(padded);
}

/**
 * For people at a terminal: findings grouped by file as `line:column  level  message  rule-id`, in the
 * manner of ESLint's stylish, then one line that counts them. File names, messages and skip reasons come from the
 * input, so each is escaped (escape.ts) before colour and layout are added.
 */
export const formatText: Formatter = (report, { color }) => {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const lines: string[] = [];
  for (const file of report.files) {
    const findings = file.findings.filter(isReported);
    if (findings.length === 0) continue;
    lines.push(chalk.underline(escapeForTerminal(file.file)));
    const width = Math.max(...findings.map((f) => `${f.region.start.line}:${f.region.start.column}`.length));
    for (const finding of findings) {
      const where = `${finding.region.start.line}:${finding.region.start.column}`.padEnd(width);
      lines.push(`  ${chalk.dim(where)}  ${paintLevel(chalk, finding.level)}  ${escapeForTerminal(finding.message)}  ${chalk.dim(escapeForTerminal(finding.ruleId))}`);
    }
    lines.push('');
  }
  // A file that may hold manifests but was not linted (a Helm template, a file too large) is named with the
  // reason; YAML that holds no Kubernetes object, and what the config ignores, are only counted.
  for (const file of report.files) {
    if (file.skipped === undefined || file.quiet === true) continue;
    lines.push(chalk.underline(escapeForTerminal(file.file)), `  ${chalk.dim('skipped')}  ${escapeForTerminal(file.skipped)}`, '');
  }
  const counts = countByLevel(report.files);
  const total = LEVELS.reduce((sum, level) => sum + counts[level], 0);
  const skipped = report.files.filter((file) => file.skipped !== undefined).length;
  // Skipped files are counted, so nothing is silently left out; the JSON and SARIF reports say why each was
  // skipped, quiet ones too.
  const checked = plural(report.files.length - skipped, 'file') + (skipped > 0 ? ` (${skipped} skipped)` : '');
  const suppressed = countSuppressed(report.files);
  const aside = suppressed > 0 ? ` ${suppressed} suppressed.` : '';
  if (total === 0) {
    lines.push(chalk.green(`✔ No problems in ${checked}.${aside}`));
  } else {
    const summary = `✖ ${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')}) in ${checked}.`;
    lines.push(counts.error > 0 ? chalk.red.bold(summary + aside) : chalk.yellow.bold(summary + aside));
  }
  return `${lines.join('\n')}\n`;
};
