import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORPUS, runCli } from './cli-runner.js';

interface JsonReport {
  files: { file: string; findings: { ruleId: string; line: number; column: number }[] }[];
}

// Every finding on the ~1,800 real manifests of ../shared/corpus, one line each, kept in a committed snapshot:
// any change to what the rules report on real files shows up in review as a diff of this file.
// After an intended change, update it with `npx vitest run test/corpus-findings.test.ts -u` and read the diff.
describe.skipIf(!existsSync(CORPUS))('findings on the real-world corpus', () => {
  it('match the reviewed snapshot', async () => {
    const run = runCli(['--format', 'json', '.'], { cwd: CORPUS });
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as JsonReport;
    const lines = report.files.flatMap((file) =>
      file.findings.map((finding) => `${file.file}:${finding.line}:${finding.column} ${finding.ruleId}`),
    );
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('snapshots/corpus-findings.txt');
  });
});
