import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from './cli-runner.js';
import { BROKEN_MOUNT } from './manifests.js';
import { temporaryFolderPerTest } from './temp-folder.js';

/*
 * Hostile and broken input, through the built CLI as a user runs it. Every case puts a good manifest with a
 * known finding beside the hostile input, runs the CLI twice (text, then JSON) and checks:
 *  - no stack trace, on either stream, and no "internal error";
 *  - the exit code RULES.md gives (1: an error-level finding, 2: the tool could not do its whole job);
 *  - bounded time (each run well under BOUND_MS; a run that hangs is killed at KILL_MS);
 *  - the hostile input gets a finding (file, line, column) or a `sidecar-lint: <file>: ...` line on stderr;
 *  - the good manifest is still linted and its finding reported, in both formats.
 * Each case says in a comment what the user sees today (or should see, where the test fails today).
 */

/** What one run may take on the 2-core CI machine; the slowest case below (20,000 documents) takes about 3 s. */
const BOUND_MS = 20_000;
/** A run still going after this is killed, so a hang fails the test instead of stalling the suite. */
const KILL_MS = 25_000;
/** Two runs a test, each up to KILL_MS. */
const TEST_TIMEOUT = 2 * KILL_MS + 10_000;

/** The good manifest: `undeclared-volume-mount` at 10:17 (error), `unused-volume` at 13:13 (warning). */
const GOOD = BROKEN_MOUNT;

/** The same Pod under another name, as a later document of a hostile file: its finding shows the rest was read. */
const podNamed = (name: string) => GOOD.replace('name: echo', `name: ${name}`);

interface JsonFinding {
  ruleId: string;
  level: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

interface JsonFile {
  file: string;
  skipped?: string;
  findings: JsonFinding[];
}

interface JsonReport {
  files: JsonFile[];
  counts: { error: number; warning: number; note: number };
  problems: { subject: string; message: string }[];
}

interface TimedRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

interface Outcome {
  status: number | null;
  text: string;
  stderr: string;
  json: JsonReport;
  /** Milliseconds of the text run and of the JSON run. */
  ms: [number, number];
}

function runTimed(args: readonly string[], cwd: string, input: string | Buffer): TimedRun {
  const started = Date.now();
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, SIDECAR_LINT_DEBUG: undefined },
    maxBuffer: 512 * 1024 * 1024,
    timeout: KILL_MS,
    killSignal: 'SIGKILL',
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

/** A stack frame line: `    at fn (file:1:2)` or `    at file:1:2`. */
const STACK_FRAME = /^\s+at .*(?:\(.*:\d+:\d+\)|:\d+:\d+)$/m;

function expectSane(run: TimedRun, label: string): void {
  expect(run.signal, `${label}: killed after ${run.ms} ms`).toBeNull();
  expect(run.ms, `${label}: took ${run.ms} ms`).toBeLessThan(BOUND_MS);
  expect(run.stderr, `${label}: stack trace on stderr`).not.toMatch(/\n\s+at /);
  expect(run.stderr, `${label}: stack trace on stderr`).not.toMatch(STACK_FRAME);
  expect(run.stdout, `${label}: stack trace on stdout`).not.toMatch(STACK_FRAME);
  expect(run.stderr, `${label}: internal error`).not.toContain('internal error');
  // Every line on stderr is a message of ours, naming what it is about.
  for (const line of run.stderr.split('\n').filter((text) => text !== '')) expect(line, `${label}: stderr`).toMatch(/^sidecar-lint: \S/);
  expect([0, 1, 2], `${label}: exit code`).toContain(run.status);
}

/** Runs the CLI with text output, then with JSON output, and checks what every run must satisfy. */
function lint(args: readonly string[], cwd: string, input: string | Buffer = ''): Outcome {
  const text = runTimed(args, cwd, input);
  expectSane(text, 'text run');
  const json = runTimed(['--format', 'json', ...args], cwd, input);
  expectSane(json, 'json run');
  expect(json.status, 'the same exit code in both formats').toBe(text.status);
  expect(json.stderr, 'the same messages in both formats').toBe(text.stderr);
  let report: JsonReport | undefined;
  expect(() => {
    report = JSON.parse(json.stdout) as JsonReport;
  }, `JSON output parses: ${json.stdout.slice(0, 200)}`).not.toThrow();
  if (!report) throw new Error('no JSON report');
  for (const file of report.files) {
    for (const finding of file.findings) {
      const where = `${file.file} ${finding.ruleId} ${finding.line}:${finding.column}-${finding.endLine}:${finding.endColumn}`;
      expect(finding.line, where).toBeGreaterThanOrEqual(1);
      expect(finding.column, where).toBeGreaterThanOrEqual(1);
      expect(finding.endLine > finding.line || (finding.endLine === finding.line && finding.endColumn >= finding.column), where).toBe(true);
      expect(finding.message.trim(), where).not.toBe('');
    }
  }
  // The JSON report's problems are the lines on stderr.
  for (const problem of report.problems) expect(json.stderr).toContain(`sidecar-lint: ${problem.subject}: ${problem.message}`);
  return { status: text.status, text: text.stdout, stderr: text.stderr, json: report, ms: [text.ms, json.ms] };
}

/** The lines of the text output under a file's heading. */
function textSection(text: string, file: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(file);
  if (start === -1) return [];
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

function fileOf(outcome: Outcome, file: string): JsonFile | undefined {
  return outcome.json.files.find((entry) => entry.file === file);
}

function findingsOf(outcome: Outcome, file: string): string[] {
  return (fileOf(outcome, file)?.findings ?? []).map((finding) => `${finding.line}:${finding.column}:${finding.ruleId}`);
}

/** The good manifest, wherever it was put, was linted and its error reported in both formats. */
function expectGoodLinted(outcome: Outcome, file = 'good.yaml'): void {
  expect(findingsOf(outcome, file), `${file} in the JSON report`).toContain('10:17:undeclared-volume-mount');
  expect(textSection(outcome.text, file).some((line) => /^ {2}10:17 +error +.*undeclared-volume-mount$/.test(line)), `${file} in the text output:\n${outcome.text.slice(0, 2000)}`).toBe(true);
}

/** 1-based numbers of the lines that contain `needle`. */
function linesWith(text: string, needle: string): number[] {
  return text.split('\n').flatMap((line, index) => (line.includes(needle) ? [index + 1] : []));
}

const folder = temporaryFolderPerTest('sidecar-lint-hostile-');
const write = (relative: string, content: string | Buffer): string => folder.write(relative, content);

describe('hostile input through the CLI', () => {
  // User sees: only good.yaml's findings, and `✖ 2 problems (1 error, 1 warning, 0 notes) in 1 file (1 skipped).`;
  // exit 1. JSON lists empty.yaml as skipped ("no Kubernetes object in it").
  it('an empty file', () => {
    write('empty.yaml', '');
    write('good.yaml', GOOD);
    const outcome = lint(['empty.yaml', 'good.yaml'], folder.path);
    expect(outcome.status).toBe(1);
    expect(fileOf(outcome, 'empty.yaml'), 'empty.yaml is listed').toBeDefined();
    expect(findingsOf(outcome, 'empty.yaml')).toEqual([]);
    expect(outcome.stderr).toBe('');
    expectGoodLinted(outcome);
  }, TEST_TIMEOUT);

  // User sees: the same as for an empty file: seps.yaml counted as skipped, good.yaml's findings, exit 1.
  it('a file of only `---` separators and comments', () => {
    write('seps.yaml', '---\n# nothing here\n---\n---\n# apiVersion: v1 (commented out)\n...\n---\n');
    write('good.yaml', GOOD);
    const outcome = lint(['seps.yaml', 'good.yaml'], folder.path);
    expect(outcome.status).toBe(1);
    expect(fileOf(outcome, 'seps.yaml'), 'seps.yaml is listed').toBeDefined();
    expect(findingsOf(outcome, 'seps.yaml')).toEqual([]);
    expect(outcome.stderr).toBe('');
    expectGoodLinted(outcome);
  }, TEST_TIMEOUT);

  const NON_OBJECTS = `just a string
---
- a
- b
---
null
---
42
---
${podNamed('after-scalars')}`;

  // User sees: docs.yaml's Pod (the last document) reported at its own lines (the scalar, list and null
  // documents before it cost nothing), and good.yaml's findings; exit 1.
  it('documents that are a scalar, a list and null: the documents after them are still linted', () => {
    write('docs.yaml', NON_OBJECTS);
    write('good.yaml', GOOD);
    const outcome = lint(['docs.yaml', 'good.yaml'], folder.path);
    expect(outcome.status).toBe(1);
    const mountLine = linesWith(NON_OBJECTS, '- name: ca-certs')[0];
    expect(findingsOf(outcome, 'docs.yaml')).toContain(`${mountLine}:17:undeclared-volume-mount`);
    expect(outcome.stderr).toBe('');
    expectGoodLinted(outcome);
  }, TEST_TIMEOUT);

  // kubectl cannot turn a scalar or a list into an object and refuses the file; a `null` document is an empty one,
  // as kubectl reads it. User sees: `1:1  error  This document is a string, not a Kubernetes object: kubectl cannot
  // apply it and stops at it. ...  schema-validation`, the same at 3:1 (a list) and 8:1 (a number), nothing for the
  // null document on line 6, the Pod's findings and good.yaml's; exit 1. (Before the fix: silence on 1, 3 and 8.)
  it('documents that are a scalar, a list or a number in a manifest file are reported; a null one is not', () => {
    write('docs.yaml', NON_OBJECTS);
    write('good.yaml', GOOD);
    const outcome = lint(['docs.yaml', 'good.yaml'], folder.path);
    expectGoodLinted(outcome);
    const lines = (fileOf(outcome, 'docs.yaml')?.findings ?? []).map((finding) => finding.line);
    expect(lines, 'a finding on the scalar document').toContain(1);
    expect(lines, 'a finding on the list document').toContain(3);
    expect(lines, 'a finding on the number document').toContain(8);
    expect(lines, 'nothing on the null document').not.toContain(6);
    expect(outcome.status).toBe(1);
  }, TEST_TIMEOUT);

  // User sees, for each file: `1:1  error  YAML syntax error: the file is not text (a NUL byte at offset N); this is
  // not a YAML file: exclude it ...  yaml-syntax`, then good.yaml's findings; exit 1.
  it('binary files named .yaml: NUL bytes, and a PNG header', () => {
    write('nul.yaml', Buffer.concat([Buffer.from('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n'), Buffer.alloc(64, 0), Buffer.from('\nspec: {}\n')]));
    write('logo.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]));
    write('good.yaml', GOOD);
    const outcome = lint(['nul.yaml', 'logo.yaml', 'good.yaml'], folder.path);
    expect(outcome.status).toBe(1);
    for (const file of ['nul.yaml', 'logo.yaml']) {
      const findings = fileOf(outcome, file)?.findings ?? [];
      expect(findings.map((finding) => finding.ruleId), file).toContain('yaml-syntax');
      expect(findings.find((finding) => finding.ruleId === 'yaml-syntax')?.message, file).toMatch(/not text/);
      expect(textSection(outcome.text, file).join('\n'), file).toMatch(/^ {2}\d+:\d+ +error +.*not text.*yaml-syntax$/m);
    }
    expect(outcome.stderr).toBe('');
    expectGoodLinted(outcome);
  }, TEST_TIMEOUT);

  // User sees: bom.yaml's undeclared mount at 10:17 exactly as without the byte-order mark (an editor does not
  // count it as a column), then good.yaml's; exit 1.
  it('a UTF-8 byte-order mark', () => {
    write('bom.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(podNamed('bom'))]));
    write('good.yaml', GOOD);
    const outcome = lint(['bom.yaml', 'good.yaml'], folder.path);
    expect(outcome.status).toBe(1);
    expect(findingsOf(outcome, 'bom.yaml')).toContain('10:17:undeclared-volume-mount');
    expectGoodLinted(outcome);
  }, TEST_TIMEOUT);

  // kubectl (go-yaml) refuses bytes that are not UTF-8 ("invalid trailing UTF-8 octet"). User sees: `6:15  error
  // YAML syntax error: the file is not valid UTF-8 here; kubectl reads manifests as UTF-8 ... save the file as UTF-8.
  // ...  yaml-syntax`, the Pod's own findings (12:17, 15:13) and good.yaml's; exit 1. (Before the fix: the bytes
  // became U+FFFD without a word.)
  it('invalid UTF-8 bytes inside a string value', () => {
    const before = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: badutf\n  annotations:\n    note: "caf';
    const after = ' au lait"\n' + GOOD.slice(GOOD.indexOf('spec:'));
    write('badutf.yaml', Buffer.concat([Buffer.from(before), Buffer.from([0xc3, 0x28]), Buffer.from(after)]));
    write('good.yaml', GOOD);
    const outcome = lint(['badutf.yaml', 'good.yaml'], folder.path);
    expectGoodLinted(outcome);
    expect([1, 2]).toContain(outcome.status);
    const onLine6 = (fileOf(outcome, 'badutf.yaml')?.findings ?? []).filter((finding) => finding.line === 6);
    const onStderr = outcome.stderr.includes('badutf.yaml');
    expect(onLine6.length > 0 || onStderr, `badutf.yaml findings: ${JSON.stringify(findingsOf(outcome, 'badutf.yaml'))}`).toBe(true);
  }, TEST_TIMEOUT);

  // User sees: `4:1  error  YAML syntax error: Tabs are not allowed as indentation; indent with spaces ...  yaml-syntax`
  // for tabs.yaml, its second document's undeclared mount, and good.yaml's findings; exit 1.
  it('tabs used for indentation', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n\tname: tabbed\nspec:\n\tcontainers: []\n---\n${podNamed('second')}`;
    write('tabs.yaml', text);
    write('good.yaml', GOOD);
    const outcome = lint(['tabs.yaml', 'good.yaml'], folder.path);
    expect(outcome.status).toBe(1);
    const findings = fileOf(outcome, 'tabs.yaml')?.findings ?? [];
    expect(findings.some((finding) => finding.ruleId === 'yaml-syntax' && finding.line === 4), JSON.stringify(findings)).toBe(true);
    expect(findingsOf(outcome, 'tabs.yaml')).toContain(`${linesWith(text, '- name: ca-certs')[0]}:17:undeclared-volume-mount`);
    expectGoodLinted(outcome);
  }, TEST_TIMEOUT);

  // User sees: `1:1  error  YAML syntax error: the document expands too many aliases (more than 1000), as an alias
  // bomb does; ...  yaml-syntax` in well under a second, the next document's finding, and good.yaml's; exit 1.
  it('an alias bomb (billion laughs: 10 levels of 10 aliases)', () => {
    const levels = ['  l0: &l0 "lol"'];
    for (let level = 1; level <= 10; level++) levels.push(`  l${level}: &l${level} [${Array(10).fill(`*l${level - 1}`).join(', ')}]`);
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n${levels.join('\n')}\n---\n${podNamed('after-bomb')}`;
    write('bomb.yaml', text);
    write('good.yaml', GOOD);
    const outcome = lint(['bomb.yaml', 'good.yaml'], folder.path);
    expect(outcome.status).toBe(1);
    const findings = fileOf(outcome, 'bomb.yaml')?.findings ?? [];
    expect(findings.some((finding) => finding.ruleId === 'yaml-syntax' && finding.line <= 16), JSON.stringify(findings)).toBe(true);
    expect(findingsOf(outcome, 'bomb.yaml')).toContain(`${linesWith(text, '- name: ca-certs')[0]}:17:undeclared-volume-mount`);
    expectGoodLinted(outcome);
  }, TEST_TIMEOUT);

  const DEPTH = 50_000;

  // User sees: `6:…  error  YAML syntax error: Maximum call stack size exceeded. Kubernetes cannot read this document
  // ...  yaml-syntax` (go-yaml stops at 10,000 levels too), the next document's finding and good.yaml's; exit 1.
  it('nesting 50,000 levels deep as flow sequences [[[[...]]]]', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n---\n${podNamed('after-deep')}`;
    write('deep-flow.yaml', text);
    write('good.yaml', GOOD);
    const outcome = lint(['deep-flow.yaml', 'good.yaml'], folder.path);
    expect(outcome.status).toBe(1);
    const findings = fileOf(outcome, 'deep-flow.yaml')?.findings ?? [];
    expect(findings.some((finding) => finding.ruleId === 'yaml-syntax' && finding.line <= 6), JSON.stringify(findings)).toBe(true);
    expect(findingsOf(outcome, 'deep-flow.yaml')).toContain(`${linesWith(text, '- name: ca-certs')[0]}:17:undeclared-volume-mount`);
    expectGoodLinted(outcome);
  }, TEST_TIMEOUT);

  // Block sequences nested by indentation would need 50,000 lines of up to 100,000 spaces (2.5 GB), so the
  // nesting is written in YAML's compact form, `- - - ... - end`, which is 50,000 block sequences on one line.
  // User sees: `7:1873  error  YAML syntax error: Maximum call stack size exceeded. Kubernetes cannot read this
  // document ...  yaml-syntax`, the next document's undeclared mount at 18:17 and good.yaml's findings; exit 1.
  // (Before the fix: one `1:1 ... the file nests too deeply` error for the whole file, the second document lost.)
  it('nesting 50,000 levels deep as block sequences', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x:\n    ${'- '.repeat(DEPTH)}end\n---\n${podNamed('after-deep')}`;
    write('deep-block.yaml', text);
    write('good.yaml', GOOD);
    const outcome = lint(['deep-block.yaml', 'good.yaml'], folder.path);
    expect(outcome.status).toBe(1);
    const findings = fileOf(outcome, 'deep-block.yaml')?.findings ?? [];
    expect(findings.some((finding) => finding.ruleId === 'yaml-syntax' && finding.line <= 7), JSON.stringify(findings)).toBe(true);
    expect(findingsOf(outcome, 'deep-block.yaml')).toContain(`${linesWith(text, '- name: ca-certs')[0]}:17:undeclared-volume-mount`);
    expectGoodLinted(outcome);
  }, TEST_TIMEOUT);

  const FIVE_MB = 5 * 1024 * 1024;

  // User sees: long.yaml's undeclared mount at 12:17 (the line after the 5 MB one counts as an editor counts it),
  // and good.yaml's findings; exit 1. About a second a run.
  it('one line of 5 MB (a long annotation value)', () => {
    const text = GOOD.replace('  name: echo\n', `  name: long\n  annotations:\n    note: "${'a'.repeat(FIVE_MB)}"\n`);
    write('long.yaml', text);
    write('good.yaml', GOOD);
    const outcome = lint(['long.yaml', 'good.yaml'], folder.path);
    expect(outcome.status).toBe(1);
    expect(findingsOf(outcome, 'long.yaml')).toContain('12:17:undeclared-volume-mount');
    expectGoodLinted(outcome);
  }, TEST_TIMEOUT);

  // The same 5 MB, in a field a rule reads (sidecar-reads-unmounted-path tokenizes `command` like a shell),
  // made of `$(` to stress the tokenizer. User sees: the undeclared mount of `shipper` at 16:17 and good.yaml's
  // findings; exit 1. About 0.7 s a run (it was 9 s, at 2 s a MB in command-paths, before the fix).
  it('one line of 5 MB in a container command of a pod with a shared volume', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: long-command
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      command: ["sh", "-c", "${'$('.repeat(FIVE_MB / 2)}"]
      volumeMounts: [{name: logs, mountPath: /var/log/app}]
    - name: shipper
      image: fluent/fluent-bit:3.0
      volumeMounts:
        - name: logs
          mountPath: /logs
        - name: missing
          mountPath: /missing
  volumes:
    - name: logs
      emptyDir: {}
`;
    write('long-command.yaml', text);
    write('good.yaml', GOOD);
    const outcome = lint(['long-command.yaml', 'good.yaml'], folder.path);
    expect(outcome.status).toBe(1);
    expect(findingsOf(outcome, 'long-command.yaml')).toContain('16:17:undeclared-volume-mount');
    expectGoodLinted(outcome);
  }, TEST_TIMEOUT);

  // User sees: `70006:7  error  YAML syntax error: Missing closing "quote ...` for document 10,000 (its quote opens
  // on line 70004), the undeclared mount of the last document at 140003:17, and good.yaml's findings; exit 1.
  // Two to three seconds a run.
  it('a file of 20,000 small documents, one broken in the middle and a finding in the last', () => {
    const documents: string[] = [];
    for (let index = 0; index < 19_999; index++) {
      documents.push(index === 10_000 ? 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "broken\ndata:\n  k: v\n' : `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${index}\ndata:\n  k: v\n`);
    }
    documents.push(podNamed('last'));
    const text = documents.join('---\n');
    write('many.yaml', text);
    write('good.yaml', GOOD);
    const outcome = lint(['many.yaml', 'good.yaml'], folder.path);
    expect(outcome.status).toBe(1);
    const brokenLine = linesWith(text, 'name: "broken')[0] ?? 0;
    const findings = fileOf(outcome, 'many.yaml')?.findings ?? [];
    expect(findings.some((finding) => finding.ruleId === 'yaml-syntax' && finding.line >= brokenLine && finding.line <= brokenLine + 3), `yaml-syntax near line ${brokenLine}`).toBe(true);
    expect(findingsOf(outcome, 'many.yaml')).toContain(`${linesWith(text, '- name: ca-certs')[0]}:17:undeclared-volume-mount`);
    expect(findings.filter((finding) => finding.ruleId === 'yaml-syntax')).toHaveLength(1);
    expectGoodLinted(outcome);
  }, TEST_TIMEOUT);

  // Nulls and wrong types in every field a rule reads (containers, initContainers, ephemeralContainers,
  // volumeMounts, volumeDevices, volumes, emptyDir, names, mount paths, subPaths, restartPolicy, command, args,
  // env, annotations, templates, List items, claim templates, apiVersion/kind). test/hostile-shapes.test.ts
  // does this node by node on the fixtures, in-process; here it goes through the CLI.
  // User sees: schema-validation errors at each wrong value (and emptydir-invalid-medium for `medium: 42`), good.yaml's
  // findings, nothing on stderr; exit 1. No rule fails (no internal-error finding, no problem).
  it('nulls and wrong types in every field a rule reads', () => {
    write(
      'nulls.yaml',
      `apiVersion: v1
kind: Pod
metadata:
  name: nulls
  annotations: null
spec:
  containers: null
  initContainers: null
  ephemeralContainers: null
  volumes: null
---
apiVersion: v1
kind: Pod
metadata:
  name: scalars
  annotations: "oops"
spec:
  containers: "oops"
  initContainers: 42
  ephemeralContainers: {}
  volumes: 42
---
apiVersion: v1
kind: Pod
metadata: null
spec: null
---
apiVersion: v1
kind: Pod
metadata: [a]
spec: [a]
`,
    );
    write(
      'items.yaml',
      `apiVersion: v1
kind: Pod
metadata:
  name: items
  annotations:
    kubectl.kubernetes.io/default-container: 42
    sidecar-lint.io/ignore: [a, b]
spec:
  containers:
    - null
    - 42
    - "x"
    - [a]
    - name: null
      image: null
      volumeMounts: null
      volumeDevices: "x"
      command: 42
      args: [null, {}, 3]
      env: [null, {name: null, value: [1]}, {name: X, valueFrom: null}]
      restartPolicy: 42
    - name: [a]
      image: 42
      volumeMounts:
        - null
        - 42
        - name: null
          mountPath: 42
        - name: {a: b}
          mountPath: null
          subPath: [x]
          subPathExpr: {}
          readOnly: "yes"
  initContainers:
    - name: init
      image: x
      restartPolicy: [Always]
      volumeMounts: [{name: 1, mountPath: [/x]}]
  ephemeralContainers:
    - name: null
      targetContainerName: 42
  volumes:
    - null
    - 1
    - name: null
    - name: [x]
      emptyDir: "x"
    - name: v
      emptyDir: {medium: 42, sizeLimit: null}
    - name: w
      emptyDir: null
`,
    );
    write(
      'workloads.yaml',
      `apiVersion: apps/v1
kind: Deployment
metadata: null
spec:
  template: null
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: t}
spec:
  template:
    metadata: {annotations: [x]}
    spec: []
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  jobTemplate: 3
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: c2}
spec:
  jobTemplate: {spec: {template: {spec: {containers: {a: b}}}}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template: {spec: {containers: [{name: a, image: b}, {name: c, image: d, command: [null, 1], args: {x: 1}}]}}
---
apiVersion: v1
kind: List
items: [null, 1, "x", {apiVersion: v1, kind: Pod, metadata: {name: in-list}, spec: {containers: [null]}}]
---
apiVersion: v1
kind: List
items: null
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: s}
spec:
  volumeClaimTemplates: [null, {metadata: null}, {metadata: {name: 42}}]
  template: {spec: {containers: [{name: a, image: b, volumeMounts: [{name: 42, mountPath: /d}]}]}}
---
apiVersion: 42
kind: [Pod]
metadata: {name: {x: y}, namespace: 3}
spec: {containers: [{name: a, image: b}]}
---
apiVersion: v1
kind: PodTemplate
metadata: {name: pt}
template: {metadata: {annotations: null}, spec: {containers: [{name: a, image: b}], volumes: [{name: v, emptyDir: {medium: null}}]}}
`,
    );
    write('good.yaml', GOOD);
    const outcome = lint(['nulls.yaml', 'items.yaml', 'workloads.yaml', 'good.yaml'], folder.path);
    expect(outcome.stderr).toBe('');
    expect(outcome.json.problems).toEqual([]);
    for (const file of ['nulls.yaml', 'items.yaml', 'workloads.yaml']) {
      const ids = (fileOf(outcome, file)?.findings ?? []).map((finding) => finding.ruleId);
      expect(ids, file).toContain('schema-validation');
      expect(ids, file).not.toContain('internal-error');
    }
    expect(outcome.status).toBe(1);
    expectGoodLinted(outcome);
  }, TEST_TIMEOUT);

  // User sees: manifests/good.yaml's findings once, whatever the loops (a link to the parent and one to itself);
  // exit 1, nothing on stderr.
  it('a symlink loop inside a directory given', () => {
    write('manifests/good.yaml', GOOD);
    mkdirSync(path.join(folder.path, 'manifests', 'sub'));
    symlinkSync('..', path.join(folder.path, 'manifests', 'sub', 'up'));
    symlinkSync('.', path.join(folder.path, 'manifests', 'self'));
    const outcome = lint(['manifests'], folder.path);
    expect(outcome.status).toBe(1);
    expect(outcome.json.files.map((file) => file.file)).toEqual(['manifests/good.yaml']);
    expect(outcome.stderr).toBe('');
    expectGoodLinted(outcome, 'manifests/good.yaml');
  }, TEST_TIMEOUT);

  // A file the user keeps among the manifests cannot be linted: said, as when the link is given directly. User sees:
  // manifests/good.yaml's findings, then `sidecar-lint: manifests/x.yaml: cannot read file: a broken symbolic link`;
  // exit 2. (Before the fix: the link was dropped without a word, exit 1.)
  it('a broken symlink named x.yaml inside a directory given', () => {
    write('manifests/good.yaml', GOOD);
    symlinkSync(path.join(folder.path, 'nowhere', 'x.yaml'), path.join(folder.path, 'manifests', 'x.yaml'));
    const outcome = lint(['manifests'], folder.path);
    expectGoodLinted(outcome, 'manifests/good.yaml');
    expect(outcome.stderr).toContain('manifests/x.yaml');
    expect(outcome.status).toBe(2);
  }, TEST_TIMEOUT);

  // User sees: good.yaml's findings, then `sidecar-lint: x.yaml: no such file or directory` on stderr; exit 2.
  it('a broken symlink named x.yaml given directly', () => {
    write('good.yaml', GOOD);
    symlinkSync(path.join(folder.path, 'nowhere', 'x.yaml'), path.join(folder.path, 'x.yaml'));
    const outcome = lint(['x.yaml', 'good.yaml'], folder.path);
    expect(outcome.status).toBe(2);
    expect(outcome.stderr).toContain('sidecar-lint: x.yaml: ');
    expectGoodLinted(outcome);
  }, TEST_TIMEOUT);

  // User sees: good.yaml's findings, then `sidecar-lint: missing.yaml: no such file or directory`; exit 2.
  it('a path that does not exist', () => {
    write('good.yaml', GOOD);
    const outcome = lint(['missing.yaml', 'good.yaml'], folder.path);
    expect(outcome.status).toBe(2);
    expect(outcome.stderr).toContain('sidecar-lint: missing.yaml: no such file or directory');
    expectGoodLinted(outcome);
  }, TEST_TIMEOUT);

  // A directory is searched, whatever its name: user sees bad.yaml/pod.yaml's and good.yaml's findings; exit 1.
  it('a directory named bad.yaml given directly is walked, not read as a file', () => {
    write('bad.yaml/pod.yaml', podNamed('inside'));
    write('good.yaml', GOOD);
    const outcome = lint(['bad.yaml', 'good.yaml'], folder.path);
    expect(outcome.status).toBe(1);
    expect(outcome.stderr).toBe('');
    expect(findingsOf(outcome, 'bad.yaml/pod.yaml')).toContain('10:17:undeclared-volume-mount');
    expectGoodLinted(outcome);
  }, TEST_TIMEOUT);

  // The argument matches nothing, as README's exit codes put it, like a glob that matches nothing. User sees:
  // good.yaml's findings, then `sidecar-lint: bad.yaml: no .yaml or .yml files in this directory`; exit 2.
  // (Before the fix: nothing said about bad.yaml, exit 1.)
  it('an empty directory named bad.yaml given directly is reported as matching nothing', () => {
    mkdirSync(path.join(folder.path, 'bad.yaml'));
    write('good.yaml', GOOD);
    const outcome = lint(['bad.yaml', 'good.yaml'], folder.path);
    expectGoodLinted(outcome);
    expect(outcome.stderr).toContain('sidecar-lint: bad.yaml: ');
    expect(outcome.status).toBe(2);
  }, TEST_TIMEOUT);

  // User sees: `stdin.yaml` with `3:…  error  YAML syntax error: Missing closing "quote ...  yaml-syntax`, then
  // good.yaml's findings; exit 1.
  it('standard input (-) with broken YAML', () => {
    write('good.yaml', GOOD);
    const outcome = lint(['-', 'good.yaml'], folder.path, 'apiVersion: v1\nkind: Pod\nmetadata: {name: "unclosed\nspec: {}\n');
    expect(outcome.status).toBe(1);
    const findings = fileOf(outcome, 'stdin.yaml')?.findings ?? [];
    expect(findings.some((finding) => finding.ruleId === 'yaml-syntax' && finding.line >= 3 && finding.line <= 5), JSON.stringify(findings)).toBe(true);
    expect(textSection(outcome.text, 'stdin.yaml').join('\n')).toMatch(/yaml-syntax$/m);
    expectGoodLinted(outcome);
  }, TEST_TIMEOUT);

  // User sees: `stdin.yaml` with `1:1  error  YAML syntax error: the file is not text ...`, good.yaml's findings; exit 1.
  it('standard input (-) with binary bytes', () => {
    write('good.yaml', GOOD);
    const outcome = lint(['-', 'good.yaml'], folder.path, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe]));
    expect(outcome.status).toBe(1);
    expect((fileOf(outcome, 'stdin.yaml')?.findings ?? []).map((finding) => finding.ruleId)).toContain('yaml-syntax');
    expectGoodLinted(outcome);
  }, TEST_TIMEOUT);

  // We run as root, and chmod does not stop root from reading. A symlink to /proc/self/mem is a file that stat
  // calls a regular file of size 0 and that read() refuses with EIO, for root too. Elsewhere (not root),
  // chmod 000 does it. As root without /proc (not Linux), there is no way to make a file unreadable: skipped.
  const isRoot = process.getuid?.() === 0;
  const canMakeUnreadable = !isRoot || existsSync('/proc/self/mem');
  function makeUnreadable(relative: string): void {
    const file = path.join(folder.path, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    if (isRoot) symlinkSync('/proc/self/mem', file);
    else {
      writeFileSync(file, GOOD);
      chmodSync(file, 0o000);
    }
  }

  // User sees: good.yaml's and locked/good.yaml's findings, then `sidecar-lint: secret.yaml: cannot read file: EIO:
  // i/o error, read` and the same for locked/secret.yaml (`permission denied` when not root); exit 2.
  it.skipIf(!canMakeUnreadable)('an unreadable file, given directly and inside a directory given', () => {
    makeUnreadable('secret.yaml');
    makeUnreadable('locked/secret.yaml');
    write('locked/good.yaml', GOOD);
    write('good.yaml', GOOD);
    const outcome = lint(['secret.yaml', 'locked', 'good.yaml'], folder.path);
    expect(outcome.status).toBe(2);
    if (isRoot) {
      // As root both are links to /proc, out of the working directory: given directly, a problem (a dist/ built
      // before that rule says it cannot read the file); inside a folder given, named as skipped, not followed.
      expect(outcome.stderr).toMatch(/^sidecar-lint: secret\.yaml: (?:cannot read file: |a symbolic link on this path leads outside)/m);
      expect(fileOf(outcome, 'locked/secret.yaml')?.skipped).toMatch(/^a symbolic link that leads outside/);
    } else {
      expect(outcome.stderr).toMatch(/^sidecar-lint: secret\.yaml: cannot read file: /m);
      expect(outcome.stderr).toMatch(/^sidecar-lint: locked\/secret\.yaml: cannot read file: /m);
    }
    expectGoodLinted(outcome);
    expectGoodLinted(outcome, 'locked/good.yaml');
  }, TEST_TIMEOUT);

  // Not in the issue's list, but the classic hang: reading a FIFO waits for a writer forever. User sees:
  // `sidecar-lint: pipe.yaml: not a file or directory` for the one given directly, nothing for the one inside
  // the directory (not a regular file, so not a manifest), the good files' findings; exit 2. No hang.
  it.skipIf(process.platform === 'win32')('a FIFO named .yaml, given directly and inside a directory given', () => {
    write('good.yaml', GOOD);
    write('pipes/good.yaml', GOOD);
    for (const fifo of ['pipe.yaml', 'pipes/pipe.yaml']) {
      const made = spawnSync('mkfifo', [path.join(folder.path, fifo)]);
      expect(made.status, `mkfifo ${fifo}`).toBe(0);
    }
    const outcome = lint(['pipe.yaml', 'pipes', 'good.yaml'], folder.path);
    expect(outcome.status).toBe(2);
    expect(outcome.stderr).toMatch(/^sidecar-lint: pipe\.yaml: /m);
    expectGoodLinted(outcome);
    expectGoodLinted(outcome, 'pipes/good.yaml');
  }, TEST_TIMEOUT);
});
