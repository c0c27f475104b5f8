import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine/api.js';
import { Workspace } from '../src/lsp/workspace.js';
import { CORPUS } from './cli-runner.js';

/*
 * The language server says what the CLI says: every file of the real-world corpus (../shared/corpus; skipped where
 * it is absent), linted as an open document of a workspace that is the corpus folder, gets the findings a run of
 * the CLI over the folder gives it, at the same positions. The corpus's CRDs count in both, found by the server's
 * scan in one and as part of the input in the other.
 */
describe.skipIf(!existsSync(CORPUS))('the language server on the corpus', () => {
  it('finds what the CLI finds, file by file, at the same positions', async () => {
    const report = await lintFiles(['.'], { cwd: CORPUS });
    const workspace = new Workspace();
    workspace.setFolders([CORPUS]);
    await workspace.ready();
    const key = (finding: { ruleId: string; level: string; message: string; region: unknown }) =>
      JSON.stringify([finding.region, finding.ruleId, finding.level, finding.message]);
    let compared = 0;
    const differences: string[] = [];
    // Every 4th file, and every file with a finding: the comparison is the same code on every file, and the whole
    // corpus doubled the suite's time.
    const sample = report.files.filter((file, index) => index % 4 === 0 || file.findings.length > 0);
    for (const file of sample) {
      // Files the CLI does not read (links out of the folder, oversized) are not the server's to judge here.
      if (file.skipped !== undefined && !file.quiet) continue;
      const source = path.join(CORPUS, file.file);
      const fromCli = file.findings.filter((finding) => !finding.suppressed).map(key);
      const fromServer = workspace.lint(source, readFileSync(source, 'utf8')).findings.map(key);
      if (JSON.stringify(fromCli) !== JSON.stringify(fromServer)) differences.push(`${file.file}: CLI ${fromCli.length}, server ${fromServer.length}`);
      compared++;
    }
    expect(compared).toBeGreaterThan(500);
    expect(differences).toEqual([]);
  }, 600_000);
});
