import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { compareStrings } from '../src/engine/finding.js';
import { lintText } from '../src/engine/api.js';
import { fixtureKubernetesVersion } from './fixture-markers.js';
import { ROOT, runCommandInProcess } from './cli-runner.js';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The README's rules table as it must read: one row a rule, in the order of rules/index.ts. */
export function rulesTable(): string {
  const rows = RULES.map((rule) => `| [\`${rule.meta.id}\`](rules/${rule.meta.id}.md) | ${rule.meta.level} | ${rule.meta.summary} |`);
  return ['| rule | level | catches |', '|---|---|---|', ...rows].join('\n');
}

describe('the rule catalogue', () => {
  it('lists every rule once, sorted by id', async () => {
    const ids = RULES.map((rule) => rule.meta.id);
    expect(ids).toEqual([...new Set(ids)].sort(compareStrings));
  });

  it.each(RULES.map((rule) => [rule.meta.id, rule] as const))('%s has its doc beside it, titled with its id and level', async (id, rule) => {
    const doc = path.join(ROOT, 'rules', `${id}.md`);
    expect(existsSync(doc)).toBe(true);
    const text = readFileSync(doc, 'utf8');
    expect(text.split('\n')[0]).toBe(`# ${id}`);
    expect(text).toContain(`**Default level:** ${rule.meta.level}`);
    expect(text).toMatch(/^## Suppressing$/m);
  });
});

/** The rule ids the linter reports for a YAML example, linted as the CLI would lint it alone. */
function ruleIdsFor(yaml: string): string[] {
  const kubernetesVersion = fixtureKubernetesVersion(yaml);
  const report = lintText(yaml, { filePath: 'example.yaml', ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}) });
  expect(report.problems).toEqual([]);
  return (report.files[0]?.findings ?? []).map((finding) => finding.ruleId);
}

describe('the examples in the rule docs', () => {
  it.each(RULES.map((rule) => [rule.meta.id] as const))('%s: the bad example fires the rule, the fixed one reports nothing', async (id) => {
    const doc = readFileSync(path.join(ROOT, 'rules', `${id}.md`), 'utf8');
    const example = /^## Example\n([\s\S]*?)(?=^## )/m.exec(doc)?.[1] ?? '';
    const blocks = [...example.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
    expect(blocks.length, 'a bad and a fixed yaml block').toBeGreaterThanOrEqual(2);
    expect(ruleIdsFor(blocks[0] ?? '')).toContain(id);
    expect(ruleIdsFor(blocks[blocks.length - 1] ?? '')).toEqual([]);
  });
});

describe('the README', () => {
  it('has the rules table of rules/index.ts', async () => {
    const table = /<!-- rules-table:start -->\n([\s\S]*?)\n<!-- rules-table:end -->/.exec(readme)?.[1];
    expect(table).toBe(rulesTable());
  });

  it('shows the output its example really gives', async () => {
    const yaml = /`logging\.yaml`:\n\n```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    const shown = /`npx sidecar-lint logging\.yaml`:\n\n```text\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(yaml).toBeDefined();
    const dir = mkdtempSync(path.join(tmpdir(), 'sidecar-lint-readme-'));
    writeFileSync(path.join(dir, 'logging.yaml'), yaml ?? '');
    const run = await runCommandInProcess(['logging.yaml'], { cwd: dir });
    rmSync(dir, { recursive: true, force: true });
    expect(run.stdout).toBe(shown);
  });

  it('starts with the quick start every newcomer runs', async () => {
    expect(readme).toContain('```sh\nnpm ci\nnpx sidecar-lint fixtures/\nnpm test\n```');
  });
});
