import { describe, expect, it } from 'vitest';
import { ConfigError, exitCodeOf, formatters, lintFiles, lintText } from '../src/index.js';
import type { Rule } from '../src/engine/rule.js';
import { activeRules, lintFileText, lintSettings } from '../src/engine/lint.js';
import { pathToFileURL } from 'node:url';
import { ROOT } from './cli-runner.js';
import { BROKEN_MOUNT } from './manifests.js';
import { buildPrivateCli } from './private-build.js';
import { threadsFor } from '../src/engine/parallel.js';
import { sarifSchemaErrors } from './sarif-schema.js';
import { temporaryFolderPerTest } from './temp-folder.js';

const folder = temporaryFolderPerTest('sidecar-lint-api-');
const write = (relative: string, content: string | Buffer): string => folder.write(relative, content);

const where = (report: Awaited<ReturnType<typeof lintFiles>>) =>
  report.files.flatMap((file) => file.findings.map((finding) => `${file.file}:${finding.region.start.line}:${finding.ruleId}${finding.suppressed ? ':suppressed' : ''}`));

/** A pod whose second document does not parse: an unclosed quote. */
const UNCLOSED_QUOTE = `${BROKEN_MOUNT}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: "broken\nspec:\n  containers: []\n`;

describe('lintFiles', () => {
  it('lints folders as the CLI does, reporting paths relative to cwd, and says what the exit code is', async () => {
    write('manifests/pod.yaml', BROKEN_MOUNT);
    write('manifests/notes.yaml', 'title: not a manifest\n');
    const report = await lintFiles(['manifests'], { cwd: folder.path, configFile: false });
    expect(where(report)).toEqual(['manifests/pod.yaml:10:undeclared-volume-mount', 'manifests/pod.yaml:13:unused-volume']);
    expect(report.files.map((file) => [file.file, file.skipped])).toEqual([
      ['manifests/notes.yaml', 'no Kubernetes object in it (no apiVersion or kind)'],
      ['manifests/pod.yaml', undefined],
    ]);
    expect(exitCodeOf(report)).toBe(1);
    expect(sarifSchemaErrors(JSON.parse(formatters.sarif(report, { color: false }) ?? '{}'))).toEqual([]);
  });

  it('reports a missing path as a problem (exit 2) after linting the rest', async () => {
    write('pod.yaml', BROKEN_MOUNT);
    const report = await lintFiles(['missing.yaml', 'pod.yaml'], { cwd: folder.path, configFile: false });
    expect(where(report)).toHaveLength(2);
    expect(report.problems.map((problem) => problem.subject)).toEqual(['missing.yaml']);
    expect(exitCodeOf(report)).toBe(2);
  });

  it('takes rule levels and the target version from its options over the config file', async () => {
    write('.sidecar-lint.yaml', 'rules:\n  unused-volume: error\n');
    write('pod.yaml', BROKEN_MOUNT);
    const report = await lintFiles(['pod.yaml'], { cwd: folder.path, rules: { 'undeclared-volume-mount': 'off' } });
    expect(report.files[0]?.findings.map((finding) => `${finding.ruleId}:${finding.level}`)).toEqual(['unused-volume:error']);
    await expect(lintFiles(['pod.yaml'], { cwd: folder.path, kubernetesVersion: 'latest' })).rejects.toBeInstanceOf(ConfigError);
  });

  it('chooses one linting thread per 1.5 cores, at most four, and one for a small run', () => {
    const large = 64 * 1024 * 1024;
    expect([1, 2, 3, 4, 6, 8, 64].map((cores) => threadsFor(1000, large, cores))).toEqual([1, 1, 2, 3, 4, 4, 4]);
    expect(threadsFor(63, large, 8)).toBe(1);
    expect(threadsFor(1000, 1024 * 1024, 8)).toBe(1);
  });

  it('lints on as many threads as it is told, to the same report as on one', async () => {
    const build = await buildPrivateCli();
    try {
      const workerScript = pathToFileURL(build.cli);
      const options = { cwd: ROOT, configFile: false as const };
      const one = await lintFiles(['fixtures'], { ...options, workerScript, threads: 1 });
      const three = await lintFiles(['fixtures'], { ...options, workerScript, threads: 3 });
      expect(one.threads).toBe(1);
      expect(three.threads).toBe(3);
      expect(three.files).toEqual(one.files);
      expect(three.problems).toEqual(one.problems);
      expect(one.files.flatMap((file) => file.findings).length).toBeGreaterThan(300);
      // No worker without a script to start one from, nor one without a file to lint.
      expect((await lintFiles(['fixtures'], { ...options, threads: 3 })).threads).toBe(1);
      const single = await lintFiles(['fixtures/unused-volume/invalid-bom.yaml'], { ...options, workerScript, threads: 3 });
      expect(single.problems).toEqual([]);
      expect(single.threads).toBe(1);
    } finally {
      build.remove();
    }
  });
});

describe('rule options', () => {
  it("are checked against the rule's options schema, with the line of the bad value", async () => {
    write('.sidecar-lint.yaml', 'rules:\n  unshared-volume:\n    options:\n      scratchPaths: [tmp]\n');
    write('pod.yaml', BROKEN_MOUNT);
    await expect(lintFiles(['pod.yaml'], { cwd: folder.path })).rejects.toThrow(
      /^[^\n]*\.sidecar-lint\.yaml:4:22: `rules\.unshared-volume\.options\.scratchPaths\[0\]` must match the pattern `\^\/`, got the string "tmp"\.$/,
    );
  });
});

describe('a document that cannot be read', () => {
  it('is a yaml-syntax error, and the other documents of the file are still linted', () => {
    const findings = lintText(UNCLOSED_QUOTE).files[0]?.findings ?? [];
    expect(findings.map((finding) => finding.ruleId).sort()).toEqual(['undeclared-volume-mount', 'unused-volume', 'yaml-syntax']);
  });

  it('cannot be silenced by a disable comment or the ignore annotation', () => {
    const text = `# sidecar-lint-disable\n${UNCLOSED_QUOTE.replace('metadata:\n  name: "broken', 'metadata:\n  annotations:\n    sidecar-lint.io/ignore: "*"\n  name: "broken')}`;
    const findings = lintText(text).files[0]?.findings ?? [];
    expect(findings.filter((finding) => !finding.suppressed).map((finding) => finding.ruleId)).toEqual(['yaml-syntax']);
  });

  it('cannot be turned off in the config file: the config is refused with its line', async () => {
    write('.sidecar-lint.yaml', 'rules:\n  unused-volume: off\n  yaml-syntax: off\n');
    write('pod.yaml', UNCLOSED_QUOTE);
    await expect(lintFiles(['pod.yaml'], { cwd: folder.path })).rejects.toThrow(/\.sidecar-lint\.yaml:3:3: `yaml-syntax` cannot be turned off/);
    const report = await lintFiles(['pod.yaml'], { cwd: folder.path, configFile: false, rules: { 'yaml-syntax': 'off' } });
    expect(report.files[0]?.findings.map((finding) => finding.ruleId)).toContain('yaml-syntax');
  });
});

describe('reading', () => {
  it('reads a document after a %YAML directive once, with positions, and reports its real findings', () => {
    const text = `%YAML 1.1\n---\n${BROKEN_MOUNT}`;
    const report = lintText(text);
    expect(report.problems).toEqual([]);
    expect(report.files[0]?.findings.map((finding) => `${finding.region.start.line}:${finding.region.start.column}:${finding.ruleId}`)).toEqual([
      '12:17:undeclared-volume-mount',
      '15:13:unused-volume',
    ]);
  });

  it('counts lines as editors do: CR, LF and CRLF each end a line', () => {
    for (const lineBreak of ['\n', '\r\n', '\r']) {
      const report = lintText(BROKEN_MOUNT.replaceAll('\n', lineBreak));
      expect(report.files[0]?.findings.map((finding) => `${finding.region.start.line}:${finding.region.start.column}`), JSON.stringify(lineBreak)).toEqual([
        '10:17',
        '13:13',
      ]);
    }
  });
});

describe('the rule API', () => {
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:1\n';
  const ruleReporting = (report: Parameters<Extract<Rule, { scope: 'pod-spec' }>['check']>[0]['report'] extends (r: infer R) => void ? R : never): Rule => ({
    meta: { id: 'test-rule', level: 'warning', summary: 'test', tags: [], precision: 'high', messages: { named: 'Container `{{name}}` is {{what}}.' } },
    scope: 'pod-spec',
    defaultOptions: {},
    check: ({ report: send }) => send(report),
  });
  const lint = (rule: Rule) => lintFileText('pod.yaml', pod, { rules: activeRules([rule]), settings: lintSettings() });

  it('fills a declared message from its data, and points related locations at their nodes', () => {
    const result = lint(
      ruleReporting({
        path: ['spec', 'containers', 0, 'image'],
        messageId: 'named',
        data: { name: 'app', what: 'here' },
        related: [{ path: ['spec', 'containers', 0, 'name'], message: 'its name' }],
      }),
    );
    expect(result.findings.map((finding) => [finding.message, finding.region.start, finding.related])).toEqual([
      ['Container `app` is here.', { line: 8, column: 14 }, [{ message: 'its name', region: { start: { line: 7, column: 13 }, end: { line: 7, column: 16 } } }]],
    ]);
  });

  it('turns a report naming an undeclared message into a failure of that rule alone', () => {
    const result = lint(ruleReporting({ path: ['spec'], messageId: 'nope' }));
    expect(result.failures.map((failure) => failure.ruleId)).toEqual(['test-rule']);
    expect(result.findings.map((finding) => finding.ruleId)).toEqual(['internal-error']);
  });

  it('gives duplicate container names a related location in JSON and SARIF', () => {
    const text = pod.replace('image: app:1\n', 'image: app:1\n    - name: app\n      image: b:1\n');
    const report = lintText(text, { filePath: 'pod.yaml' });
    const json = JSON.parse(formatters.json(report, { color: false }) ?? '{}') as { files: { findings: { ruleId: string; related: { line: number }[] }[] }[] };
    expect(json.files[0]?.findings.map((finding) => [finding.ruleId, finding.related.map((related) => related.line)])).toEqual([['duplicate-container-name', [7]]]);
    const sarif = JSON.parse(formatters.sarif(report, { color: false }) ?? '{}') as { runs: { results: { relatedLocations?: unknown[] }[] }[] };
    expect(sarif.runs[0]?.results[0]?.relatedLocations).toHaveLength(1);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
  });
});
