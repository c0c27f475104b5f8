import { readFileSync } from 'node:fs';
import { ruleDocPath } from '../engine/package-info.js';
import type { Rule } from '../engine/rule.js';

/** `--list-rules`: one line a rule, id, level and what it catches, aligned for a terminal. */
export function listRules(rules: readonly Rule[]): string {
  const width = Math.max(...rules.map((rule) => rule.meta.id.length));
  return rules.map((rule) => `${rule.meta.id.padEnd(width)}  ${rule.meta.level.padEnd(7)}  ${rule.meta.summary}\n`).join('');
}

/** `--explain <id>`: the rule's documentation, rules/<id>.md, or undefined for an unknown id. */
export function explainRule(rules: readonly Rule[], id: string): string | undefined {
  const rule = rules.find((candidate) => candidate.meta.id === id);
  return rule ? readFileSync(ruleDocPath(rule.meta.id), 'utf8') : undefined;
}
