import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SarifLog } from './cli.test.js';
import { CORPUS, runCli } from './cli-runner.js';
import { sarifSchemaErrors } from './sarif-schema.js';

// About 1,800 real manifests beside the project (../shared/corpus); the test skips itself where it is absent.
describe.skipIf(!existsSync(CORPUS))('the real-world corpus', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'sidecar-lint-corpus-'));
  const output = path.join(folder, 'corpus.sarif');
  const run = runCli(['--format', 'sarif', '--output', output, '.'], { cwd: CORPUS });
  const log = existsSync(output) ? (JSON.parse(readFileSync(output, 'utf8')) as SarifLog) : undefined;
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('is linted to the end: exit 0 or 1, nothing on stderr', () => {
    expect(run.stderr).toBe('');
    expect([0, 1]).toContain(run.status);
  });

  it('finds the real undeclared mount `ca-certs` in istio mtls-echo, on its line', () => {
    const found = log?.runs[0]?.results.filter((result) => result.ruleId === 'undeclared-volume-mount') ?? [];
    const locations = found.map((result) => {
      const location = result.locations[0]?.physicalLocation;
      return `${location?.artifactLocation.uri}:${location?.region.startLine}`;
    });
    expect(locations).toContain('istio__istio/samples/mtls-echo/mtls-echo.yaml:93');
  });

  it('gives SARIF that passes the SARIF 2.1.0 schema, with a region and a relative uri on every result', () => {
    expect(log).toBeDefined();
    expect(sarifSchemaErrors(log)).toEqual([]);
    const [sarifRun] = log?.runs ?? [];
    expect(sarifRun?.artifacts.length).toBeGreaterThan(1700);
    for (const result of sarifRun?.results ?? []) {
      const location = result.locations[0]?.physicalLocation;
      expect(location?.artifactLocation.uri).toMatch(/^[^/][^:]*$/);
      expect(location?.region.startLine).toBeGreaterThan(0);
      expect(location?.region.endColumn).toBeGreaterThan(0);
    }
  });
});
