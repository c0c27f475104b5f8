import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { ROOT, runCommandInProcess } from './cli-runner.js';
import { sarifSchemaErrors } from './sarif-schema.js';
import { temporaryFolderPerTest } from './temp-folder.js';

/** A pod with one error (undeclared mount, line 11), one warning (unused volume, line 14) and nothing else. */
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: echo
spec:
  containers:
    - name: app
      image: registry.example.com/echo:1.0
      volumeMounts:
        # a comment line keeps the numbering below
        - name: ca-certs
          mountPath: /etc/certs
  volumes:
    - name: ca
      secret:
        secretName: echo-ca
`;

const folder = temporaryFolderPerTest('sidecar-lint-config-');
const write = (relative: string, content: string | Buffer): string => folder.write(relative, content);

interface JsonFinding {
  ruleId: string;
  level: string;
  line: number;
  suppressed: { kind: string; justification: string } | null;
}
interface JsonReport {
  files: { file: string; skipped?: string; findings: JsonFinding[] }[];
  counts: Record<string, number>;
}

const json = async (args: string[], cwd = folder.path) => {
  const run = (await runCommandInProcess(['-f', 'json', ...args], { cwd }));
  return { ...run, report: JSON.parse(run.stdout || '{"files":[],"counts":{}}') as JsonReport };
};
const summary = (report: JsonReport) =>
  report.files.flatMap((file) => file.findings.map((finding) => `${finding.line}:${finding.ruleId}:${finding.level}${finding.suppressed ? ':suppressed' : ''}`));

describe('the config file', () => {
  it('is found by walking up from the working directory, and sets levels, turns rules off and ignores files', async () => {
    write('.sidecar-lint.yaml', 'rules:\n  undeclared-volume-mount: warning\n  unused-volume: off\nignore:\n  - "vendor/**"\n');
    write('manifests/pod.yaml', POD);
    write('vendor/pod.yaml', POD);
    const { status, report } = (await json(['..'], path.join(folder.path, 'manifests')));
    expect(summary(report)).toEqual(['11:undeclared-volume-mount:warning']);
    expect(report.files.find((file) => file.file.endsWith('vendor/pod.yaml'))?.skipped).toMatch(/^ignored by 'vendor\/\*\*'/);
    expect(status).toBe(0);
  });

  it('refuses ignore patterns that add up to more than 16,384 characters, at the line where they do', async () => {
    const pattern = `*${'a'.repeat(4000)}b`;
    write('.sidecar-lint.yaml', `ignore:\n${Array.from({ length: 5 }, () => `  - "${pattern}"`).join('\n')}\n`);
    write('pod.yaml', POD);
    const run = await runCommandInProcess(['pod.yaml'], { cwd: folder.path });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/\.sidecar-lint\.yaml:6:\d+: the ignore patterns add up to more than 16,384 characters here/);
  });

  it('is read as plain YAML: `off` is a word there, not the YAML 1.1 boolean', async () => {
    write('.sidecar-lint.yml', 'rules:\n  unused-volume: off\n  undeclared-volume-mount: off\n');
    write('pod.yaml', POD);
    expect((await json(['pod.yaml'])).report.counts).toEqual({ error: 0, warning: 0, note: 0 });
  });

  it('takes rule options, and --config names a file', async () => {
    write('conf/lint.yaml', 'rules:\n  unshared-volume:\n    level: error\n    options:\n      scratchPaths: [/cache]\n');
    write('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: a, image: a, volumeMounts: [{name: c, mountPath: /cache, readOnly: true}, {name: s, mountPath: /shared, readOnly: true}]}\n    - {name: b, image: b}\n  volumes:\n    - {name: c, emptyDir: {}}\n    - {name: s, emptyDir: {}}\n');
    const { report, status } = (await json(['--config', 'conf/lint.yaml', 'pod.yaml']));
    expect(summary(report)).toEqual(['10:unshared-volume:error']);
    expect(status).toBe(1);
  });

  it('loses to command-line flags', async () => {
    write('.sidecar-lint.yaml', 'kubernetesVersion: "1.24"\n');
    write('cronjob.yaml', 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "* * * * *"\n  jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: a, image: b}]}}}}\n');
    expect((await runCommandInProcess(['cronjob.yaml'], { cwd: folder.path })).status).toBe(0);
    expect((await runCommandInProcess(['--kubernetes-version', '1.30', 'cronjob.yaml'], { cwd: folder.path })).status).toBe(1);
  });

  it.each([
    ['rules:\n  unused-volum: off\n', /\.sidecar-lint\.yaml:2:3: `unused-volum` is not a rule of sidecar-lint: did you mean `unused-volume`\?/],
    ['rules:\n  unused-volume: of\n', /\.sidecar-lint\.yaml:2:18: `rules\.unused-volume` must be one of `off`, `note`, `warning`, `error`, got the string "of"/],
    ['rule:\n  unused-volume: off\n', /\.sidecar-lint\.yaml:1:1: `rule` is not a field of the config file: did you mean `rules`\?/],
    ['rules:\n  unshared-volume:\n    options:\n      scratchPath: [/tmp]\n', /\.sidecar-lint\.yaml:4:7: `rules\.unshared-volume\.options\.scratchPath` is not an option of this rule: its options are `scratchPaths`/],
    ['kubernetesVersion: latest\n', /\.sidecar-lint\.yaml:1:20: kubernetesVersion 'latest' is not a Kubernetes release sidecar-lint knows: write a release from 1\.16 to 1\.36/],
    ['kubernetesVersion: 1.30\n', /\.sidecar-lint\.yaml:1:20: kubernetesVersion 1\.3 is a number, and YAML reads 1\.30 as 1\.3: quote it/],
    ['kubernetesVersion: "1.99"\n', /\.sidecar-lint\.yaml:1:20: kubernetesVersion '1\.99' is not a Kubernetes release sidecar-lint knows/],
    ['rules: [\n', /\.sidecar-lint\.yaml:\d+:\d+: YAML syntax error/],
  ])('reports a bad config %j with its line and exit 2', async (config, message) => {
    write('.sidecar-lint.yaml', config);
    write('pod.yaml', POD);
    const run = (await runCommandInProcess(['pod.yaml'], { cwd: folder.path }));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('has a JSON Schema for editors that knows every rule id', async () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'config.schema.json'), 'utf8')) as {
      properties: { rules: { propertyNames: { enum: string[] } } };
    };
    expect(schema.properties.rules.propertyNames.enum).toEqual(RULES.map((rule) => rule.meta.id));
  });
});

describe('suppressions', () => {
  it('honours # sidecar-lint-disable-next-line on the line above the node', async () => {
    write('pod.yaml', POD.replace('        # a comment line keeps the numbering below', '        # sidecar-lint-disable-next-line undeclared-volume-mount -- renamed in the next release'));
    const { report, status } = (await json(['pod.yaml']));
    expect(summary(report)).toEqual(['11:undeclared-volume-mount:error:suppressed', '14:unused-volume:warning']);
    expect(report.files[0]?.findings[0]?.suppressed).toEqual({ kind: 'inSource', justification: 'renamed in the next release' });
    expect(status).toBe(0);
  });

  it('honours # sidecar-lint-disable to the end of the document only', async () => {
    const disabled = `# sidecar-lint-disable undeclared-volume-mount, unused-volume\n${POD}---\n${POD}`;
    write('pods.yaml', disabled);
    const { report } = (await json(['pods.yaml']));
    expect(summary(report)).toEqual([
      '12:undeclared-volume-mount:error:suppressed',
      '15:unused-volume:warning:suppressed',
      '29:undeclared-volume-mount:error',
      '32:unused-volume:warning',
    ]);
  });

  const deployment = (workloadAnnotations: string, templateAnnotations: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
${workloadAnnotations}spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
${templateAnnotations}    spec:
      containers:
        - name: web
          image: web
          volumeMounts: [{name: cache, mountPath: /cache}]
      volumes:
        - name: cash
          emptyDir: {}
`;
  const IGNORE = 'sidecar-lint.io/ignore: "unused-volume, undeclared-volume-mount"';

  it.each([
    ['the workload', deployment(`  annotations:\n    ${IGNORE}\n`, '')],
    ['its pod template', deployment('', `      annotations:\n        ${IGNORE}\n`)],
  ])('honours the sidecar-lint.io/ignore annotation on %s', async (_where, text) => {
    write('web.yaml', text);
    const { report, status } = (await json(['web.yaml']));
    expect(report.files[0]?.findings.map((finding) => [finding.ruleId, finding.suppressed?.justification])).toEqual([
      ['undeclared-volume-mount', 'the sidecar-lint.io/ignore annotation'],
      ['unused-volume', 'the sidecar-lint.io/ignore annotation'],
    ]);
    expect(status).toBe(0);
  });

  it('takes an annotation on one of several pod templates (a JobSet\'s jobs) for that template only', async () => {
    const job = (name: string, annotations: string) => `    - name: ${name}
      template:
        spec:
          template:
            metadata:
${annotations}              labels: {job: ${name}}
            spec:
              restartPolicy: Never
              containers: [{name: ${name}, image: trainer}]
              volumes: [{name: scratch, emptyDir: {}}]
`;
    write(
      'jobset.yaml',
      `apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nmetadata: {name: train}\nspec:\n  replicatedJobs:\n` +
        job('leader', '              annotations: {sidecar-lint.io/ignore: unused-volume}\n') +
        job('workers', ''),
    );
    const { report } = await json(['jobset.yaml']);
    expect(report.files[0]?.findings.filter((finding) => finding.ruleId === 'unused-volume').map((finding) => `${finding.line}:${finding.suppressed ? 'suppressed' : 'reported'}`)).toEqual([
      '16:suppressed',
      '26:reported',
    ]);
  });

  it('suppresses every rule with "*", and only the resource it is on', async () => {
    write('web.yaml', `${deployment('  annotations:\n    sidecar-lint.io/ignore: "*"\n', '')}---\n${deployment('', '')}`);
    expect(summary((await json(['web.yaml'])).report)).toEqual([
      '16:undeclared-volume-mount:error:suppressed',
      '18:unused-volume:warning:suppressed',
      '34:undeclared-volume-mount:error',
      '36:unused-volume:warning',
    ]);
  });

  it('keeps suppressed findings in SARIF with suppressions, out of the text report and the exit code', async () => {
    write('pod.yaml', POD.replace('        # a comment line keeps the numbering below', '        # sidecar-lint-disable-next-line'));
    const text = (await runCommandInProcess(['pod.yaml'], { cwd: folder.path }));
    expect(text.stdout).not.toContain('undeclared-volume-mount');
    expect(text.stdout).toContain('1 suppressed.');
    expect(text.status).toBe(0);
    const sarif = JSON.parse((await runCommandInProcess(['-f', 'sarif', 'pod.yaml'], { cwd: folder.path })).stdout) as {
      runs: { results: { ruleId: string; suppressions?: { kind: string }[] }[] }[];
    };
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.runs[0]?.results.map((result) => [result.ruleId, result.suppressions?.[0]?.kind])).toEqual([
      ['undeclared-volume-mount', 'inSource'],
      ['unused-volume', undefined],
    ]);
  });

  it('reports directives that suppress nothing with --report-unused-disable-directives', async () => {
    write('pod.yaml', `# sidecar-lint-disable main-container-first\n${POD}`);
    expect(summary((await json(['pod.yaml'])).report)).toEqual(['12:undeclared-volume-mount:error', '15:unused-volume:warning']);
    const { report } = (await json(['--report-unused-disable-directives', 'pod.yaml']));
    expect(summary(report)).toContain('1:unused-disable-directive:warning');
    const sarif = (await runCommandInProcess(['-f', 'sarif', '--report-unused-disable-directives', 'pod.yaml'], { cwd: folder.path }));
    expect(sarifSchemaErrors(JSON.parse(sarif.stdout))).toEqual([]);
  });
});

describe('output and exit flags', () => {
  it('--format github writes one workflow command a finding, escaped', async () => {
    write('folder.path, with: comma/pod.yaml', POD);
    const run = (await runCommandInProcess(['--format', 'github', 'folder.path, with: comma/pod.yaml'], { cwd: folder.path }));
    expect(run.status).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^::error file=folder.path%2C with%3A comma\/pod\.yaml,line=11,col=17,endLine=11,endColumn=25,title=undeclared-volume-mount::Container `app` mounts volume `ca-certs`/,
    );
    expect(lines[1]).toMatch(/^::warning file=.*,line=14,col=13,endLine=14,endColumn=15,title=unused-volume::/);
  });

  it('--max-warnings fails a run with too many warnings', async () => {
    write('.sidecar-lint.yaml', 'rules:\n  undeclared-volume-mount: off\n');
    write('pod.yaml', POD);
    expect((await runCommandInProcess(['--max-warnings', '1', 'pod.yaml'], { cwd: folder.path })).status).toBe(0);
    const over = (await runCommandInProcess(['--max-warnings', '0', 'pod.yaml'], { cwd: folder.path }));
    expect(over.status).toBe(1);
    expect(over.stderr).toContain('1 warnings, more than --max-warnings 0 allows');
    expect((await runCommandInProcess(['--max-warnings', 'many', 'pod.yaml'], { cwd: folder.path })).status).toBe(2);
  });

  it('--quiet reports errors only', async () => {
    write('pod.yaml', POD);
    const run = (await runCommandInProcess(['--quiet', 'pod.yaml'], { cwd: folder.path }));
    expect(run.stdout).toContain('undeclared-volume-mount');
    expect(run.stdout).not.toContain('unused-volume');
  });
});
