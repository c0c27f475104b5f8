import { readFileSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { runCli, runCommandInProcess } from './cli-runner.js';
import { sarifSchemaErrors } from './sarif-schema.js';
import { BROKEN_MOUNT, CLEAN_POD } from './manifests.js';
import { temporaryFolderPerTest } from './temp-folder.js';



const folder = temporaryFolderPerTest('sidecar-lint-cli-');
const write = (relative: string, content: string | Buffer): string => folder.write(relative, content);

describe('text output', () => {
  it('prints each finding as line:column, level, message and rule id, grouped by file, and exits 1 on an error', async () => {
    write('pod.yaml', BROKEN_MOUNT);
    const run = (await runCommandInProcess(['pod.yaml'], { cwd: folder.path }));
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('pod.yaml');
    expect(lines[1]).toMatch(/^ {2}10:17 {2}error {4}Container `app` mounts volume `ca-certs`.*Did you mean `ca`\? {2}undeclared-volume-mount$/);
    expect(lines[2]).toMatch(/^ {2}13:13 {2}warning {2}Volume `ca` is declared but no container mounts it.* {2}unused-volume$/);
    expect(run.stdout).toContain('✖ 2 problems (1 error, 1 warning, 0 notes) in 1 file.');
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('exits 0 and says so when there is nothing to report', async () => {
    write('clean.yaml', CLEAN_POD);
    const run = (await runCommandInProcess(['clean.yaml'], { cwd: folder.path }));
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('✔ No problems in 1 file.\n');
  });

  it('colours output with --color and never with --no-color or NO_COLOR', async () => {
    write('pod.yaml', BROKEN_MOUNT);
    expect((await runCommandInProcess(['--color', 'pod.yaml'], { cwd: folder.path })).stdout).toContain('\u001b[31m');
    expect((await runCommandInProcess(['--no-color', 'pod.yaml'], { cwd: folder.path })).stdout).not.toContain('\u001b[');
    expect((await runCommandInProcess(['pod.yaml'], { cwd: folder.path, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });
});

describe('inputs', () => {
  it('walks directories for .yaml and .yml files in a stable order, skipping node_modules and .git', async () => {
    write('b/deploy.yml', BROKEN_MOUNT);
    write('a/pod.yaml', BROKEN_MOUNT);
    write('a/notes.txt', 'not yaml');
    write('node_modules/dep/pod.yaml', BROKEN_MOUNT);
    write('.git/pod.yaml', BROKEN_MOUNT);
    const run = (await runCommandInProcess(['--format', 'json', '.'], { cwd: folder.path }));
    const files = (JSON.parse(run.stdout) as { files: { file: string }[] }).files.map((file) => file.file);
    expect(files).toEqual(['a/pod.yaml', 'b/deploy.yml']);
  });

  it('expands quoted glob patterns itself, and lints a file given twice once', async () => {
    write('deploy/x/one.yaml', CLEAN_POD);
    write('deploy/two.yaml', CLEAN_POD);
    write('other/three.yaml', CLEAN_POD);
    const run = (await runCommandInProcess(['--format', 'json', 'deploy/**/*.yaml', 'deploy/two.yaml'], { cwd: folder.path }));
    expect(run.status).toBe(0);
    const files = (JSON.parse(run.stdout) as { files: { file: string }[] }).files.map((file) => file.file);
    expect(files).toEqual(['deploy/two.yaml', 'deploy/x/one.yaml']);
  });

  it('follows no symlink loop', async () => {
    write('manifests/pod.yaml', CLEAN_POD);
    symlinkSync(path.join(folder.path, 'manifests'), path.join(folder.path, 'manifests', 'loop'));
    const run = (await runCommandInProcess(['--format', 'json', 'manifests'], { cwd: folder.path }));
    expect(run.status).toBe(0);
    const files = (JSON.parse(run.stdout) as { files: { file: string }[] }).files.map((file) => file.file);
    expect(files).toEqual(['manifests/pod.yaml']);
  });

  it('reads standard input for -, reported under --stdin-filename', async () => {
    const run = (await runCommandInProcess(['--stdin-filename', 'rendered/chart.yaml', '-'], { cwd: folder.path, input: BROKEN_MOUNT }));
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe('rendered/chart.yaml');
    expect(run.stdout).toContain('10:17');
  });

  it('reports a path that does not exist after linting every other path, and exits 2', async () => {
    write('pod.yaml', BROKEN_MOUNT);
    const run = (await runCommandInProcess(['missing.yaml', 'pod.yaml', 'nothing/**/*.yaml'], { cwd: folder.path }));
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('undeclared-volume-mount');
    expect(run.stderr).toContain('sidecar-lint: missing.yaml: no such file or directory');
    expect(run.stderr).toContain('sidecar-lint: nothing/**/*.yaml: no files match this pattern');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('keeps linting the other documents of a file when one is broken', async () => {
    write('mixed.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [broken\n---\n${BROKEN_MOUNT}`);
    const run = (await runCommandInProcess(['--format', 'json', 'mixed.yaml'], { cwd: folder.path }));
    const findings = (JSON.parse(run.stdout) as { files: { findings: { ruleId: string; line: number }[] }[] }).files[0]?.findings;
    expect(findings?.map((finding) => `${finding.line}:${finding.ruleId}`)).toEqual([
      '4:yaml-syntax',
      '14:undeclared-volume-mount',
      '17:unused-volume',
    ]);
  });

  it('reports a binary file named .yaml as yaml-syntax, not a crash', async () => {
    write('image.yaml', '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR');
    const run = (await runCommandInProcess(['image.yaml'], { cwd: folder.path }));
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('the file is not text');
    expect(run.stderr).toBe('');
  });
});

describe('arguments', () => {
  it.each([
    [['--format', 'xml', 'x.yaml'], /unknown format 'xml': use one of text, json, sarif/],
    [['--bogus', 'x.yaml'], /unknown option '--bogus'/],
    [[], /no paths given/],
    [['--threads', '0', 'x.yaml'], /--threads '0' is not a whole number from 1 to 16/],
    [['--threads', 'many', 'x.yaml'], /--threads 'many' is not a whole number/],
  ])('rejects %j with a message and exit 2', async (args, message) => {
    const run = (await runCommandInProcess(args, { cwd: folder.path }));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain("Run 'sidecar-lint --help' for usage.");
    expect(run.stdout).toBe('');
  });

  it('lists every rule with its level, in the order of rules/index.ts', async () => {
    const run = (await runCommandInProcess(['--list-rules']));
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.map((line) => line.split(/\s+/)[0])).toEqual(RULES.map((rule) => rule.meta.id));
    expect(lines.find((line) => line.startsWith('unused-volume '))).toMatch(/^unused-volume\s+warning\s+A volume declared/);
  });

  it('explains a rule with its documentation, and refuses an unknown id', async () => {
    const run = (await runCommandInProcess(['--explain', 'unshared-volume']));
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync(path.join(import.meta.dirname, '..', 'rules', 'unshared-volume.md'), 'utf8'));
    const unknown = (await runCommandInProcess(['--explain', 'no-such-rule']));
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("no rule 'no-such-rule'");
  });

  it('prints help and version', async () => {
    expect((await runCommandInProcess(['--help'])).stdout).toContain('Usage: sidecar-lint [options]');
    const version = (JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
    expect((await runCommandInProcess(['--version'])).stdout).toBe(`${version}\n`);
  });
});

describe('json output', () => {
  it('gives each finding its rule, level, message, position, resource and JSON path', async () => {
    write('pod.yaml', BROKEN_MOUNT);
    const run = (await runCommandInProcess(['-f', 'json', 'pod.yaml'], { cwd: folder.path }));
    const output = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(output.formatVersion).toBe(1);
    expect(output.counts).toEqual({ error: 1, warning: 1, note: 0 });
    expect(output.files).toEqual([
      {
        file: 'pod.yaml',
        findings: [
          expect.objectContaining({
            ruleId: 'undeclared-volume-mount',
            level: 'error',
            line: 10,
            column: 17,
            endLine: 10,
            endColumn: 25,
            resource: { apiVersion: 'v1', kind: 'Pod', name: 'echo' },
            jsonPath: 'spec.containers[0].volumeMounts[0].name',
          }),
          expect.objectContaining({ ruleId: 'unused-volume', line: 13, column: 13, jsonPath: 'spec.volumes[0].name' }),
        ],
      },
    ]);
  });
});

describe('sarif output', () => {
  it('writes valid SARIF 2.1.0 to --output with regions, relative uris, artifacts and rule metadata', async () => {
    write('manifests/pod.yaml', BROKEN_MOUNT);
    write('manifests/clean.yaml', CLEAN_POD);
    const run = (await runCommandInProcess(['--format', 'sarif', '-o', 'results.sarif', 'manifests'], { cwd: folder.path }));
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const log = JSON.parse(readFileSync(path.join(folder.path, 'results.sarif'), 'utf8')) as SarifLog;
    expect(sarifSchemaErrors(log)).toEqual([]);
    const [sarifRun] = log.runs;
    expect(sarifRun?.artifacts.map((artifact) => artifact.location.uri)).toEqual(['manifests/clean.yaml', 'manifests/pod.yaml']);
    const rules = sarifRun?.tool.driver.rules ?? [];
    expect(rules.map((rule) => rule.id)).toContain('undeclared-volume-mount');
    for (const rule of rules) {
      expect(rule.help.markdown.length).toBeGreaterThan(rule.shortDescription.text.length);
      expect(rule.helpUri).toMatch(new RegExp(`/rules/${rule.id}\\.md$`));
    }
    const results = sarifRun?.results ?? [];
    expect(results).toHaveLength(2);
    for (const result of results) {
      expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
      const location = result.locations[0]?.physicalLocation;
      expect(location?.artifactLocation.uri).toBe('manifests/pod.yaml');
      expect(location?.region).toEqual({
        startLine: expect.any(Number),
        startColumn: expect.any(Number),
        endLine: expect.any(Number),
        endColumn: expect.any(Number),
      });
    }
    expect(results[0]?.locations[0]?.physicalLocation.region).toEqual({ startLine: 10, startColumn: 17, endLine: 10, endColumn: 25 });
  });

  it('writes --output through a temporary file and a rename, into a folder it creates, never touching the input', async () => {
    write('pod.yaml', BROKEN_MOUNT);
    write('reports/results.sarif', 'an old report');
    const before = readFileSync(path.join(folder.path, 'pod.yaml'), 'utf8');
    expect((await runCommandInProcess(['-f', 'sarif', '-o', 'reports/results.sarif', 'pod.yaml'], { cwd: folder.path })).status).toBe(1);
    expect(sarifSchemaErrors(JSON.parse(readFileSync(path.join(folder.path, 'reports', 'results.sarif'), 'utf8')))).toEqual([]);
    expect(readdirSync(path.join(folder.path, 'reports'))).toEqual(['results.sarif']);
    expect((await runCommandInProcess(['-f', 'json', '-o', 'new/folder/out.json', 'pod.yaml'], { cwd: folder.path })).status).toBe(1);
    expect(JSON.parse(readFileSync(path.join(folder.path, 'new', 'folder', 'out.json'), 'utf8'))).toHaveProperty('formatVersion', 1);
    expect(readFileSync(path.join(folder.path, 'pod.yaml'), 'utf8')).toBe(before);
  });

  it('keeps fingerprints when lines above a finding move', async () => {
    write('pod.yaml', BROKEN_MOUNT);
    const before = JSON.parse((await runCommandInProcess(['-f', 'sarif', 'pod.yaml'], { cwd: folder.path })).stdout) as SarifLog;
    write('pod.yaml', `# a comment\n# and another\n${BROKEN_MOUNT}`);
    const after = JSON.parse((await runCommandInProcess(['-f', 'sarif', 'pod.yaml'], { cwd: folder.path })).stdout) as SarifLog;
    const prints = (log: SarifLog) => log.runs[0]?.results.map((result) => result.partialFingerprints);
    const lines = (log: SarifLog) => log.runs[0]?.results.map((result) => result.locations[0]?.physicalLocation.region.startLine);
    expect(lines(after)).toEqual(lines(before)?.map((line) => (line ?? 0) + 2));
    expect(prints(after)).toEqual(prints(before));
    expect(new Set(prints(before)?.map((print) => JSON.stringify(print))).size).toBe(2);
  });
});

export interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; shortDescription: { text: string }; help: { markdown: string }; helpUri: string }[] } };
    artifacts: { location: { uri: string } }[];
    results: {
      ruleId: string;
      ruleIndex: number;
      partialFingerprints: Record<string, string>;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
    }[];
  }[];
}

// Most tests run the command in-process; these run the built binary as users do, from a fresh process.
describe('the built binary', () => {
  it('lints a file: text output, exit 1 on an error', () => {
    write('pod.yaml', BROKEN_MOUNT);
    const run = runCli(['pod.yaml'], { cwd: folder.path });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('10:17  error    Container `app` mounts volume `ca-certs`');
  });

  it('reads standard input, and exits 0 on a clean pod', () => {
    const run = runCli(['--stdin-filename', 'clean.yaml', '-'], { cwd: folder.path, input: CLEAN_POD });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('✔ No problems in 1 file.\n');
  });

  it('loads the libraries it vendors in dist/vendor/ when a run needs them: a config file, a broken file, a CRD pattern, a glob', () => {
    write('.sidecar-lint.yaml', 'rules:\n  main-container-first: off\n');
    write('broken.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: "unclosed}\n');
    write(
      'widget.yaml',
      [
        'apiVersion: apiextensions.k8s.io/v1',
        'kind: CustomResourceDefinition',
        'metadata: {name: widgets.example.com}',
        'spec:',
        '  group: example.com',
        '  names: {kind: Widget, plural: widgets}',
        '  scope: Namespaced',
        '  versions:',
        '    - name: v1',
        '      served: true',
        '      storage: true',
        '      schema:',
        '        openAPIV3Schema:',
        '          type: object',
        '          properties:',
        '            spec: {type: object, properties: {size: {type: string, pattern: "^[0-9]+$"}}}',
        '---',
        'apiVersion: example.com/v1',
        'kind: Widget',
        'metadata: {name: w}',
        'spec: {size: large}',
        '',
      ].join('\n'),
    );
    const run = runCli(['--format', 'json', 'broken.yaml', 'widg*.yaml'], { cwd: folder.path });
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as { files: { findings: { ruleId: string; message: string }[] }[] };
    const findings = report.files.flatMap((file) => file.findings.map((finding) => `${finding.ruleId}: ${finding.message}`));
    expect(findings).toEqual([
      expect.stringMatching(/^yaml-syntax: /),
      expect.stringMatching(/^schema-validation: `spec\.size` must match the pattern `\^\[0-9\]\+\$`/),
    ]);
  });

  it('lints on worker threads with --threads, to the same report as on one thread', () => {
    // The fixtures are too few for the automatic choice to start workers (engine-api.test.ts counts them): asked for,
    // they start.
    const report = (threads: string) => runCli(['--threads', threads, '--format', 'json', 'fixtures']);
    const one = report('1');
    const three = report('3');
    expect(one.status).toBe(1);
    expect(three.status).toBe(1);
    expect(JSON.parse(three.stdout)).toEqual(JSON.parse(one.stdout));
    const findings = (JSON.parse(one.stdout) as { files: { findings: unknown[] }[] }).files.flatMap((file) => file.findings);
    expect(findings.length).toBeGreaterThan(300);
  });

  it('exits 2 with a message, and no stack trace, on a bad argument', () => {
    const run = runCli(['--format', 'xml', 'x.yaml'], { cwd: folder.path });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^sidecar-lint: unknown format 'xml'/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
