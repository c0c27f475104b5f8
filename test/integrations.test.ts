/**
 * Where people run sidecar-lint besides their terminal: the pre-commit hook (.pre-commit-hooks.yaml), the
 * GitHub Action (action.yml) and the npm package. Each test reads the real definition file and runs what it
 * says, so a wrong hook pattern, a broken action step or a package without its schemas fails here.
 * Nothing reaches the network: npm runs with --offline, from the cache `npm ci` filled.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { RULES } from '../rules/index.js';
import { CLI, ROOT } from './cli-runner.js';
import { sarifSchemaErrors } from './sarif-schema.js';
import { BROKEN_MOUNT, CLEAN_POD } from './manifests.js';
import { buildPrivateCli, type PrivateBuild } from './private-build.js';

// ---------------------------------------------------------------------------------------------------------
// Helpers: processes, temporary folders, reading parsed YAML without `any`.

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

const temporaryFolders: string[] = [];
afterAll(() => {
  for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  temporaryFolders.push(folder);
  return folder;
}

function writeFiles(root: string, files: Readonly<Record<string, string>>): void {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/**
 * The environment for child processes: without the variables `npm test` sets about this repository (its
 * package and local prefix would steer the npm commands run in other folders; the user's npm config, such as
 * the cache, stays), colour switches or a git hook's repository, and with the Node.js running the tests first
 * on PATH, so `#!/usr/bin/env node` finds it.
 */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(package_|lifecycle_|command$|config_local_prefix$)/i.test(key)) continue;
    if (['INIT_CWD', 'FORCE_COLOR', 'NO_COLOR', 'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE'].includes(key)) continue;
    env[key] = value;
  }
  env.PATH = [path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter);
  return { ...env, ...extra };
}

function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Run {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? childEnv(),
    input: '',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** npm's error output, with the way out when the cache lacks something (tests never fetch). */
function explainNpmFailure(npmRun: Run): string {
  const hint = npmRun.stderr.includes('ENOTCACHED')
    ? 'The npm cache lacks a package package-lock.json names: run `npm ci` once with the network, then the tests again.\n'
    : '';
  return `${hint}${npmRun.stderr}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (!isRecord(value)) throw new Error(`${what} is not a mapping`);
  return value;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what} is not a string`);
  return value;
}

function optionalText(value: unknown, what: string): string | undefined {
  return value === undefined ? undefined : text(value, what);
}

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what} is not a list`);
  return value;
}

function stringList(value: unknown, what: string, fallback: readonly string[]): string[] {
  return value === undefined ? [...fallback] : list(value, what).map((item, index) => text(item, `${what}[${index}]`));
}

function stringMap(value: unknown, what: string): Record<string, string> {
  if (value === undefined) return {};
  return Object.fromEntries(Object.entries(record(value, what)).map(([key, item]) => [key, text(item, `${what}.${key}`)]));
}

function readYaml(relative: string): unknown {
  return parseYaml(readFileSync(path.join(ROOT, relative), 'utf8'));
}

const PACKAGE_JSON = record(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')), 'package.json');
const PACKAGE_VERSION = text(PACKAGE_JSON.version, 'package.json version');

// ---------------------------------------------------------------------------------------------------------
// Manifests and other YAML a repository holds.



/** A native sidecar (an init container with restartPolicy: Always): an error only before Kubernetes 1.29. */
const NATIVE_SIDECAR = `apiVersion: v1
kind: Pod
metadata:
  name: native
spec:
  initContainers:
    - name: proxy
      image: registry.example.com/proxy:1.0
      restartPolicy: Always
  containers:
    - name: app
      image: registry.example.com/app:1.0
`;

const COMPOSE = `services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
    volumes:
      - logs:/var/log/nginx
volumes:
  logs: {}
`;

// `on` is a boolean in YAML 1.1, which sidecar-lint reads: the file must still be skipped quietly.
const WORKFLOW = `name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm test
`;

const HELM_VALUES = `replicaCount: 2
image:
  repository: registry.example.com/web
  tag: "2.4"
logShipper:
  enabled: true
`;

const CLANG_FORMAT = `BasedOnStyle: LLVM
IndentWidth: 4
---
Language: Cpp
ColumnLimit: 100
`;

const PRE_COMMIT_CONFIG = `repos:
  - repo: https://github.com/sidecar-lint/sidecar-lint
    rev: v0.1.0
    hooks:
      - id: sidecar-lint
`;

// ---------------------------------------------------------------------------------------------------------
// pre-commit, simulated: it is not installed here (and `pip install pre-commit` needs the network).

interface PreCommitHook {
  entry: string;
  language: string;
  files: string;
  exclude: string;
  types: string[];
  typesOr: string[];
  excludeTypes: string[];
  args: string[];
  passFilenames: boolean;
}

/** A hook of .pre-commit-hooks.yaml, with pre-commit's defaults for the keys it leaves out. */
function readHook(id: string): PreCommitHook {
  const hooks = list(readYaml('.pre-commit-hooks.yaml'), '.pre-commit-hooks.yaml').map((hook, index) => record(hook, `hook ${index}`));
  const hook = hooks.find((candidate) => candidate.id === id);
  if (!hook) throw new Error(`.pre-commit-hooks.yaml has no hook ${id}`);
  for (const key of ['name', 'description']) expect(text(hook[key], key)).not.toBe('');
  const passFilenames = hook.pass_filenames ?? true;
  if (typeof passFilenames !== 'boolean') throw new Error('pass_filenames is not a boolean');
  return {
    entry: text(hook.entry, 'entry'),
    language: text(hook.language, 'language'),
    files: optionalText(hook.files, 'files') ?? '',
    exclude: optionalText(hook.exclude, 'exclude') ?? '^$',
    types: stringList(hook.types, 'types', ['file']),
    typesOr: stringList(hook.types_or, 'types_or', []),
    excludeTypes: stringList(hook.exclude_types, 'exclude_types', []),
    args: stringList(hook.args, 'args', []),
    passFilenames,
  };
}

/** The tags pre-commit's `identify` library gives a file by its name (identify/extensions.py), for the names used here. */
const TAGS_BY_EXTENSION: Readonly<Record<string, readonly string[]>> = {
  yaml: ['text', 'yaml'],
  yml: ['text', 'yaml'],
  eyaml: ['text', 'yaml'],
  yamlld: ['text', 'yaml', 'yamlld'],
  md: ['text', 'markdown'],
  json: ['text', 'json'],
};
const TAGS_BY_NAME: Readonly<Record<string, readonly string[]>> = {
  '.clang-format': ['text', 'yaml'],
  '.clang-tidy': ['text', 'yaml'],
  '.yamllint': ['text', 'yaml', 'yamllint'],
};

function identifyTags(file: string): Set<string> {
  const name = path.posix.basename(file);
  const tags = new Set(['file']);
  for (const part of [name, ...name.split('.')]) {
    const named = TAGS_BY_NAME[part];
    if (named) {
      for (const tag of named) tags.add(tag);
      break;
    }
  }
  const extension = path.posix.extname(name).slice(1).toLowerCase();
  if (extension !== '') {
    const tagged = TAGS_BY_EXTENSION[extension];
    if (!tagged) throw new Error(`this test does not know identify's tags for .${extension}`);
    for (const tag of tagged) tags.add(tag);
  }
  return tags;
}

/** The files pre-commit hands a hook: the staged ones its `files`/`exclude` patterns and types select. */
function filesForHook(hook: PreCommitHook, staged: readonly string[]): string[] {
  const include = new RegExp(hook.files);
  const exclude = new RegExp(hook.exclude);
  return staged.filter((file) => {
    if (!include.test(file) || exclude.test(file)) return false;
    const tags = identifyTags(file);
    return (
      hook.types.every((tag) => tags.has(tag)) &&
      (hook.typesOr.length === 0 || hook.typesOr.some((tag) => tags.has(tag))) &&
      !hook.excludeTypes.some((tag) => tags.has(tag))
    );
  });
}

/** A git repository holding the files, all staged. */
function stagedRepository(files: Readonly<Record<string, string>>): string {
  const repo = tempDir('sidecar-lint-pre-commit-');
  expect(run('git', ['-c', 'init.defaultBranch=main', 'init', '-q'], { cwd: repo }).status).toBe(0);
  writeFiles(repo, files);
  expect(run('git', ['add', '-A'], { cwd: repo }).status).toBe(0);
  return repo;
}

/**
 * Runs the hook as pre-commit does: the staged files (as pre-commit lists them), filtered by the hook's
 * patterns and types, appended to its entry and args, in the repository root, with the package's bin on PATH
 * (pre-commit installs the package into its own Node.js environment and puts its bin folder first on PATH).
 */
function runHookAsPreCommit(hookId: string, repo: string): { files: string[]; run: Run } {
  const hook = readHook(hookId);
  expect(hook.language).toBe('node');
  expect(hook.passFilenames).toBe(true);
  const listed = run('git', ['diff', '--staged', '--name-only', '--no-ext-diff', '-z', '--diff-filter=ACMRTUXB'], { cwd: repo });
  const files = filesForHook(hook, listed.stdout.split('\0').filter((file) => file !== ''));
  // pre-commit splits the entry with shlex; keep to entries that need no quoting.
  expect(hook.entry).not.toMatch(/['"\\]/);
  const [command, ...entryArgs] = hook.entry.trim().split(/\s+/);
  if (command === undefined) throw new Error('the hook has an empty entry');
  const bins = record(PACKAGE_JSON.bin, 'package.json bin');
  const target = path.resolve(ROOT, text(bins[command], `package.json bin.${command}`));
  expect(target).toBe(CLI);
  const binFolder = tempDir('sidecar-lint-bin-');
  symlinkSync(target, path.join(binFolder, command));
  const env = childEnv();
  env.PATH = [binFolder, env.PATH ?? ''].join(path.delimiter);
  return { files, run: run(command, [...entryArgs, ...hook.args, ...files], { cwd: repo, env }) };
}

describe('the pre-commit hook', () => {
  const NOT_KUBERNETES = {
    'docker-compose.yml': COMPOSE,
    '.github/workflows/ci.yml': WORKFLOW,
    'chart/values.yaml': HELM_VALUES,
    '.clang-format': CLANG_FORMAT,
    '.pre-commit-config.yaml': PRE_COMMIT_CONFIG,
    'README.md': '# demo\n',
  };

  it('lints the staged manifests and stays quiet about the rest of the YAML; exit 1 comes from the manifest alone', () => {
    const repo = stagedRepository({ ...NOT_KUBERNETES, 'k8s/web.yaml': BROKEN_MOUNT, 'k8s/clean.yaml': CLEAN_POD });
    const { files, run: hookRun } = runHookAsPreCommit('sidecar-lint', repo);
    // Every YAML file (`.clang-format` is YAML to pre-commit), nothing else.
    expect(files).toEqual([
      '.clang-format',
      '.github/workflows/ci.yml',
      '.pre-commit-config.yaml',
      'chart/values.yaml',
      'docker-compose.yml',
      'k8s/clean.yaml',
      'k8s/web.yaml',
    ]);
    expect(hookRun.stderr).toBe('');
    expect(hookRun.status).toBe(1);
    const lines = hookRun.stdout.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('k8s/web.yaml');
    expect(lines[1]).toMatch(/^ {2}10:17 {2}error {4}Container `app` mounts volume `ca-certs`.* {2}undeclared-volume-mount$/);
    expect(lines[2]).toMatch(/^ {2}13:13 {2}warning {2}Volume `ca` is declared but no container mounts it.* {2}unused-volume$/);
    expect(lines[3]).toMatch(/^✖ 2 problems \(1 error, 1 warning, 0 notes\) in .*\b5 skipped\b/);
  });

  it('passes with nothing but the summary line when the manifests are clean', () => {
    const repo = stagedRepository({ ...NOT_KUBERNETES, 'k8s/clean.yaml': CLEAN_POD });
    const { files, run: hookRun } = runHookAsPreCommit('sidecar-lint', repo);
    expect(files).toHaveLength(6);
    expect(hookRun.stderr).toBe('');
    expect(hookRun.status).toBe(0);
    expect(hookRun.stdout).toMatch(/^✔ No problems in 1 file \(5 skipped\b[^\n]*\)\.\n$/);
  });

  // Reported, not worked around: a Helm chart's files are not manifests, yet Chart.yaml (an apiVersion and no
  // kind) is a schema error and unrendered templates are YAML or schema errors, and the yaml library prints a
  // Node.js warning on stderr for `{{ ... }}` read as a flow mapping key. This pins today's behaviour, so the
  // fix shows up here; the way to lint a chart is `helm template ... | sidecar-lint -` (README).
  it('stays quiet on a staged Helm chart: Chart.yaml is no object, templates are skipped until rendered', () => {
    const repo = stagedRepository({
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'chart/values.yaml': HELM_VALUES,
      'chart/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
`,
      'chart/templates/worker.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  selector:
    matchLabels:
      app: worker
  template:
    metadata:
      labels:
        app: worker
    spec:
      containers:
        - name: worker
          image: registry.example.com/worker:1.0
        {{- if .Values.logShipper.enabled }}
        - name: log-shipper
          image: fluent/fluent-bit:3.0
        {{- end }}
`,
    });
    const { files, run: hookRun } = runHookAsPreCommit('sidecar-lint', repo);
    expect(files).toEqual(['chart/Chart.yaml', 'chart/templates/deployment.yaml', 'chart/templates/worker.yaml', 'chart/values.yaml']);
    expect(hookRun.status).toBe(0);
    expect(hookRun.stderr).toBe('');
    // The templates are named with the reason (text where YAML structure goes); Chart.yaml and values.yaml are not.
    expect(hookRun.stdout).toMatch(
      /^chart\/templates\/deployment\.yaml\n {2}skipped {2}a Helm template: `\{\{ \.Values\.replicaCount \}\}` on line 6 [^\n]*\n\nchart\/templates\/worker\.yaml\n {2}skipped {2}a Helm template: `\{\{- if \.Values\.logShipper\.enabled \}\}` on line 17 [^\n]*\n\n✔ No problems in 1 file \(3 skipped\)\.\n$/,
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// The GitHub Action: action.yml's own steps, run with bash as a runner would, inputs substituted.

interface ActionStep {
  id: string | undefined;
  name: string;
  if: string | undefined;
  uses: string | undefined;
  run: string | undefined;
  shell: string | undefined;
  env: Record<string, string>;
  with: Record<string, string>;
}

interface ActionInput {
  default: string;
  required: boolean;
}

interface Action {
  using: string;
  inputs: Map<string, ActionInput>;
  outputs: Record<string, string>;
  steps: ActionStep[];
}

function readAction(): Action {
  const action = record(readYaml('action.yml'), 'action.yml');
  const runs = record(action.runs, 'runs');
  const inputs = new Map<string, ActionInput>();
  for (const [name, value] of Object.entries(record(action.inputs, 'inputs'))) {
    const input = record(value, `inputs.${name}`);
    expect(text(input.description, `inputs.${name}.description`)).not.toBe('');
    inputs.set(name, { default: optionalText(input.default, `inputs.${name}.default`) ?? '', required: input.required === true });
  }
  const outputs = Object.fromEntries(
    Object.entries(record(action.outputs ?? {}, 'outputs')).map(([name, value]) => [name, text(record(value, name).value, `outputs.${name}.value`)]),
  );
  const steps = list(runs.steps, 'runs.steps').map((value, index): ActionStep => {
    const step = record(value, `step ${index}`);
    return {
      id: optionalText(step.id, 'id'),
      name: text(step.name, `step ${index} name`),
      if: optionalText(step.if, 'if'),
      uses: optionalText(step.uses, 'uses'),
      run: optionalText(step.run, 'run'),
      shell: optionalText(step.shell, 'shell'),
      env: stringMap(step.env, 'env'),
      with: stringMap(step.with, 'with'),
    };
  });
  return { using: text(runs.using, 'runs.using'), inputs, outputs, steps };
}

interface ActionContext {
  inputs: Record<string, string>;
  stepOutputs: Map<string, Record<string, string>>;
  failed: boolean;
}

/** The value of `inputs.x` or `steps.id.outputs.x`; any other expression is one this test does not know. */
function evaluate(expression: string, context: ActionContext): string {
  const input = /^inputs\.([\w-]+)$/.exec(expression);
  if (input?.[1] !== undefined) {
    const value = context.inputs[input[1]];
    if (value === undefined) throw new Error(`action.yml uses an input it does not declare: ${input[1]}`);
    return value;
  }
  const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
  if (output?.[1] !== undefined && output[2] !== undefined) return context.stepOutputs.get(output[1])?.[output[2]] ?? '';
  throw new Error(`this test cannot evaluate \${{ ${expression} }}`);
}

function substitute(value: string, context: ActionContext): string {
  return value.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_match, expression: string) => evaluate(expression, context));
}

/** A step's `if:` as the runner decides it, for conditions made of `&&`, status functions and string comparisons. */
function shouldRun(condition: string | undefined, context: ActionContext): boolean {
  if (condition === undefined) return !context.failed;
  const body = condition.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1').trim();
  if (!/\b(always|success|failure|cancelled)\(\)/.test(body) && context.failed) return false;
  return body.split('&&').every((term) => {
    const trimmed = term.trim();
    if (trimmed === 'always()') return true;
    if (trimmed === 'success()') return !context.failed;
    if (trimmed === 'failure()') return context.failed;
    const comparison = /^([\w.-]+)\s*(==|!=)\s*'([^']*)'$/.exec(trimmed);
    if (comparison?.[1] === undefined || comparison[3] === undefined) throw new Error(`this test cannot evaluate the condition ${trimmed}`);
    // Expressions compare strings ignoring case.
    const equal = evaluate(comparison[1], context).toLowerCase() === comparison[3].toLowerCase();
    return comparison[2] === '==' ? equal : !equal;
  });
}

interface StepRun extends Run {
  name: string;
  outputs: Record<string, string>;
}

interface ActionRun {
  steps: Map<string, StepRun>;
  skipped: string[];
  uploads: Record<string, string>[];
  failed: boolean;
}

/**
 * Runs action.yml's steps in `workspace` as a runner does: each `run` with `bash --noprofile --norc -eo
 * pipefail`, its `env` substituted, GITHUB_OUTPUT collected into step outputs; a `uses` step is recorded.
 */
function runAction(overrides: Readonly<Record<string, string>>, workspace: string, environment: NodeJS.ProcessEnv): ActionRun {
  const action = readAction();
  const inputs: Record<string, string> = {};
  for (const [name, input] of action.inputs) inputs[name] = input.default;
  for (const [name, value] of Object.entries(overrides)) {
    if (!action.inputs.has(name)) throw new Error(`action.yml has no input ${name}`);
    inputs[name] = value;
  }
  const context: ActionContext = { inputs, stepOutputs: new Map(), failed: false };
  const result: ActionRun = { steps: new Map(), skipped: [], uploads: [], failed: false };
  const scratch = tempDir('sidecar-lint-step-');
  for (const step of action.steps) {
    if (!shouldRun(step.if, context)) {
      result.skipped.push(step.name);
      continue;
    }
    if (step.uses !== undefined) {
      result.uploads.push(Object.fromEntries(Object.entries(step.with).map(([key, value]) => [key, substitute(value, context)])));
      continue;
    }
    if (step.run === undefined) throw new Error(`step ${step.name} has neither run nor uses`);
    const script = path.join(scratch, 'step.sh');
    const outputFile = path.join(scratch, 'output');
    writeFileSync(script, step.run);
    writeFileSync(outputFile, '');
    const stepEnv = Object.fromEntries(Object.entries(step.env).map(([key, value]) => [key, substitute(value, context)]));
    const stepRun = run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: workspace,
      env: childEnv({ RUNNER_TEMP: scratch, ...environment, ...stepEnv, GITHUB_OUTPUT: outputFile }),
    });
    const outputs: Record<string, string> = {};
    for (const line of readFileSync(outputFile, 'utf8').split('\n')) {
      const equals = line.indexOf('=');
      if (equals > 0) outputs[line.slice(0, equals)] = line.slice(equals + 1);
    }
    if (step.id !== undefined) context.stepOutputs.set(step.id, outputs);
    result.steps.set(step.id ?? step.name, { ...stepRun, name: step.name, outputs });
    if (stepRun.status !== 0) context.failed = true;
  }
  result.failed = context.failed;
  return result;
}

function stepRun(actionRun: ActionRun, id: string): StepRun {
  const step = actionRun.steps.get(id);
  if (!step) throw new Error(`step ${id} did not run`);
  return step;
}

interface SarifSummary {
  errors: string[];
  results: string[];
}

/** The SARIF log's schema errors and its results as `ruleId uri:line`. */
function readSarif(file: string): SarifSummary {
  const log: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const runs = list(record(log, 'sarif').runs, 'runs');
  const results = runs.flatMap((sarifRun) =>
    list(record(sarifRun, 'run').results, 'results').map((value) => {
      const result = record(value, 'result');
      const location = record(list(result.locations, 'locations')[0], 'location');
      const physical = record(location.physicalLocation, 'physicalLocation');
      const uri = text(record(physical.artifactLocation, 'artifactLocation').uri, 'uri');
      const line = record(physical.region, 'region').startLine;
      return `${text(result.ruleId, 'ruleId')} ${uri}:${String(line)}`;
    }),
  );
  return { errors: sarifSchemaErrors(log), results: results.sort() };
}

function workspaceWithFindings(): string {
  const workspace = tempDir('sidecar-lint-workspace-');
  writeFiles(workspace, {
    'k8s/web.yaml': BROKEN_MOUNT,
    'manifests/app/native.yaml': NATIVE_SIDECAR,
    'manifests/app/clean.yaml': CLEAN_POD,
    'ci/sidecar-lint.yaml': 'rules:\n  unused-volume: off\n',
  });
  return workspace;
}

describe('the GitHub Action', () => {
  /*
   * The action's checkout as it will be once dist/ is rebuilt from these sources: the committed dist/ lags the
   * sources until the next rebuild, and `npm run build` here would rewrite the dist/ other test runs use.
   */
  let built: PrivateBuild;
  beforeAll(async () => {
    built = await buildPrivateCli();
  }, 120_000);
  afterAll(() => built.remove());

  it('is a composite action with the documented inputs, uploading SARIF even when findings fail the lint', () => {
    const action = readAction();
    expect(action.using).toBe('composite');
    const defaults = Object.fromEntries([...action.inputs].map(([name, input]) => [name, input.default]));
    expect(defaults).toEqual({
      paths: '.',
      'kubernetes-version': '',
      config: '',
      'sarif-file': 'sidecar-lint.sarif',
      upload: 'true',
      category: '',
      'fail-on-findings': 'true',
      version: '',
    });
    expect([...action.inputs.values()].every((input) => !input.required)).toBe(true);
    expect(action.outputs['exit-code']).toBe('${{ steps.lint.outputs.exit-code }}');

    for (const step of action.steps.filter((candidate) => candidate.run !== undefined)) {
      expect(step.shell, step.name).toBe('bash');
      // Inputs reach scripts through `env` only: an expression inside `run` would be script injection.
      expect(step.run, step.name).not.toContain('${{');
    }

    const lint = action.steps.find((step) => step.id === 'lint');
    if (!lint?.run) throw new Error('action.yml has no run step with id lint');
    // One run: annotations to the log, SARIF to its file; the paths after `--`.
    const runs = lint.run.split('\n').filter((line) => /^\s*node /.test(line));
    expect(runs).toHaveLength(1);
    const sarifRun = /^\s*node "\$\w+" --format github --format "sarif=\$(\w+)" "\$\{options\[@\]\}" -- "\$\{paths\[@\]\}"$/.exec(runs[0] ?? '');
    expect(sarifRun?.[1], runs[0]).toBeDefined();
    expect(lint.env[sarifRun?.[1] ?? '']).toBe('${{ inputs.sarif-file }}');

    const uploads = action.steps.filter((step) => step.uses !== undefined);
    expect(uploads).toHaveLength(1);
    const upload = uploads[0];
    expect(upload?.uses).toBe('github/codeql-action/upload-sarif@v4');
    expect(upload?.with).toEqual({ sarif_file: '${{ inputs.sarif-file }}', category: '${{ inputs.category }}' });
    expect(upload?.if).toMatch(/always\(\)/);
    expect(upload?.if).toContain("inputs.upload == 'true'");

    // The verdict comes last, after the upload, and runs whatever happened before it.
    const last = action.steps.at(-1);
    expect(last?.if).toMatch(/always\(\)/);
    expect(Object.values(last?.env ?? {})).toEqual(expect.arrayContaining(['${{ steps.lint.outputs.exit-code }}', '${{ inputs.fail-on-findings }}']));
    expect(action.steps.indexOf(lint)).toBeLessThan(action.steps.findIndex((step) => step.uses !== undefined));
  });

  it('writes valid SARIF, annotates the log, uploads, then fails the job on error-level findings', () => {
    const workspace = workspaceWithFindings();
    const inputs = {
      paths: 'k8s\nmanifests/**/*.yaml',
      'kubernetes-version': '1.28',
      config: 'ci/sidecar-lint.yaml',
      'sarif-file': 'reports/sidecar-lint.sarif',
    };
    // GITHUB_ACTION_PATH is the action's checkout, already built.
    const actionRun = runAction(inputs, workspace, { GITHUB_ACTION_PATH: built.root });

    const install = stepRun(actionRun, 'install');
    expect(install.status, install.stderr).toBe(0);
    expect(install.outputs.bin).toBe(built.cli);

    const lint = stepRun(actionRun, 'lint');
    expect(lint.status, lint.stderr).toBe(0);
    expect(lint.outputs).toEqual({ 'exit-code': '1', 'sarif-written': 'true' });
    // The job log: workflow commands, which GitHub also shows as annotations.
    expect(lint.stdout).toMatch(/^::error file=k8s\/web\.yaml,line=10,col=17,.*::Container `app` mounts volume `ca-certs`/m);
    expect(lint.stdout).toMatch(/^::error file=manifests\/app\/native\.yaml,line=9,/m);
    // Linted once: each finding annotated once.
    expect(lint.stdout.match(/^::error file=k8s\/web\.yaml,line=10,/gm)).toHaveLength(1);

    const sarif = readSarif(path.join(workspace, 'reports', 'sidecar-lint.sarif'));
    expect(sarif.errors).toEqual([]);
    // --kubernetes-version and --config reached sidecar-lint: a native sidecar is an error on 1.28, and the
    // config turned unused-volume off.
    expect(sarif.results).toEqual(['native-sidecar-unsupported manifests/app/native.yaml:9', 'undeclared-volume-mount k8s/web.yaml:10']);

    expect(actionRun.uploads).toEqual([{ sarif_file: 'reports/sidecar-lint.sarif', category: '' }]);
    const verdict = stepRun(actionRun, 'Fail on findings');
    expect(verdict.status).toBe(1);
    expect(verdict.stdout).toMatch(/^::error title=sidecar-lint::/m);
    expect(actionRun.failed).toBe(true);
  });

  it('still uploads but passes with fail-on-findings off, and skips the upload with upload off', () => {
    const lenient = runAction({ paths: 'k8s', 'fail-on-findings': 'False' }, workspaceWithFindings(), { GITHUB_ACTION_PATH: built.root });
    expect(stepRun(lenient, 'lint').outputs['exit-code']).toBe('1');
    expect(lenient.uploads).toEqual([{ sarif_file: 'sidecar-lint.sarif', category: '' }]);
    expect(lenient.failed).toBe(false);

    const local = runAction({ paths: 'k8s', upload: 'false' }, workspaceWithFindings(), { GITHUB_ACTION_PATH: built.root });
    expect(local.uploads).toEqual([]);
    expect(local.skipped).toEqual(['Upload SARIF to code scanning']);
    expect(local.failed).toBe(true);
  });

  it('passes on clean manifests, and fails whatever fail-on-findings says when sidecar-lint cannot do its job', () => {
    const workspace = workspaceWithFindings();
    const clean = runAction({ paths: 'manifests' }, workspace, { GITHUB_ACTION_PATH: built.root });
    expect(stepRun(clean, 'lint').outputs['exit-code']).toBe('0');
    const sarif = readSarif(path.join(workspace, 'sidecar-lint.sarif'));
    expect(sarif).toEqual({ errors: [], results: [] });
    expect(clean.uploads).toHaveLength(1);
    expect(clean.failed).toBe(false);

    const broken = runAction({ paths: 'no-such-folder', 'fail-on-findings': 'false' }, workspace, { GITHUB_ACTION_PATH: built.root });
    expect(stepRun(broken, 'lint').outputs['exit-code']).toBe('2');
    expect(stepRun(broken, 'Fail on findings').stdout).toMatch(/could not do its whole job \(exit code 2\)/);
    expect(broken.failed).toBe(true);
  });

  it('takes paths one a line (spaces inside, globs, blank lines), lints once, and annotates problems and skipped files', () => {
    const workspace = workspaceWithFindings();
    writeFiles(workspace, {
      'my manifests/web app.yaml': BROKEN_MOUNT,
      '-dash/pod.yaml': CLEAN_POD,
      'charts/app/templates/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n{{- if .Values.debug }}\nspec: {}\n{{- end }}\n',
    });
    const paths = '  my manifests/web app.yaml  \n\nmanifests/**/native.yaml\n-dash\ncharts\nno such folder\n';
    const actionRun = runAction({ paths, category: 'manifests', 'kubernetes-version': '1.28', 'fail-on-findings': 'false' }, workspace, { GITHUB_ACTION_PATH: built.root });
    const lint = stepRun(actionRun, 'lint');
    expect(lint.outputs).toEqual({ 'exit-code': '2', 'sarif-written': 'true' });
    const commands = lint.stdout.split('\n').filter((line) => line.startsWith('::'));
    // Each command up to its line, or its title when it has no line.
    expect(commands.map((line) => /^::\w+ (?:[^,]*,line=\d+|[^:]*?title=[^:]*)/.exec(line)?.[0])).toEqual([
      '::error file=manifests/app/native.yaml,line=9',
      '::error file=my manifests/web app.yaml,line=10',
      '::warning file=my manifests/web app.yaml,line=13',
      '::notice file=charts/app/templates/pod.yaml,title=sidecar-lint%3A file not linted',
      '::error title=sidecar-lint%3A problem',
    ]);
    expect(commands.at(-1)).toBe('::error title=sidecar-lint%3A problem::no such folder: no such file or directory');
    expect(readSarif(path.join(workspace, 'sidecar-lint.sarif')).results).toEqual([
      'native-sidecar-unsupported manifests/app/native.yaml:9',
      'undeclared-volume-mount my%20manifests/web%20app.yaml:10',
      'unused-volume my%20manifests/web%20app.yaml:13',
    ]);
    expect(actionRun.uploads).toEqual([{ sarif_file: 'sidecar-lint.sarif', category: 'manifests' }]);
    expect(stepRun(actionRun, 'Fail on findings').stdout).toMatch(/could not do its whole job \(exit code 2\)/);
  });

  it(
    'runs the built CLI its checkout carries (the default `version`), with no install and no node_modules',
    () => {
      // The action's checkout: what git holds (the committed dist/ included), and no node_modules.
      const checkout = tempDir('sidecar-lint-action-');
      const tracked = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT });
      expect(tracked.status).toBe(0);
      for (const file of tracked.stdout.split('\0').filter((name) => name !== '')) {
        const source = path.join(ROOT, file);
        if (!existsSync(source)) continue;
        mkdirSync(path.dirname(path.join(checkout, file)), { recursive: true });
        copyFileSync(source, path.join(checkout, file));
      }
      expect(existsSync(path.join(checkout, 'node_modules'))).toBe(false);
      // The CLI as the next rebuild of dist/ makes it (see `built` above).
      copyFileSync(built.cli, path.join(checkout, 'dist', 'sidecar-lint.js'));

      const workspace = workspaceWithFindings();
      const started = Date.now();
      const actionRun = runAction({ paths: 'k8s' }, workspace, { GITHUB_ACTION_PATH: checkout, npm_config_offline: 'true' });
      const install = stepRun(actionRun, 'install');
      expect(install.status, explainNpmFailure(install)).toBe(0);
      expect(install.outputs.bin).toBe(path.join(checkout, 'dist', 'sidecar-lint.js'));
      expect(stepRun(actionRun, 'lint').outputs['exit-code']).toBe('1');
      expect(readSarif(path.join(workspace, 'sidecar-lint.sarif')).results).toEqual([
        'undeclared-volume-mount k8s/web.yaml:10',
        'unused-volume k8s/web.yaml:13',
      ]);
      console.info(`action from a clean checkout: ${Date.now() - started} ms`);
    },
    240_000,
  );
});

// ---------------------------------------------------------------------------------------------------------
// The npm package: packed, installed into an empty project offline, run from node_modules/.bin.

describe('the npm package', () => {
  const SCHEMA_ERROR = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: two
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:2.4
`;

  interface Installed {
    packed: string[];
    project: string;
    bin: string;
  }

  let installed: Installed | undefined;

  /**
   * Packs the repository (already built by `npm test`) and installs the tarball into an empty project, offline.
   *
   * Not `npm install --offline <tarball>`: without a lockfile npm asks the registry for another form of the
   * package metadata than the one `npm ci` caches, so on a fresh CI machine that fails (ENOTCACHED) although
   * every package is in the cache. Instead the project gets a lockfile: the tarball, plus the production
   * entries of the repository's own package-lock.json, installed with `npm ci --offline` as `npm ci` did.
   */
  function install(): Installed {
    if (installed) return installed;
    const started = Date.now();
    const packFolder = tempDir('sidecar-lint-pack-');
    // --ignore-scripts: the package has no pack or install scripts, and must pack as it is, whatever npm config says.
    const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packFolder], { cwd: ROOT });
    expect(pack.status, pack.stderr).toBe(0);
    const report = record(list(JSON.parse(pack.stdout), 'npm pack --json')[0], 'npm pack --json[0]');
    const tarballName = text(report.filename, 'filename');
    const packed = list(report.files, 'files').map((file) => text(record(file, 'file').path, 'path'));
    const packedAt = Date.now();

    const project = tempDir('sidecar-lint-project-');
    copyFileSync(path.join(packFolder, tarballName), path.join(project, tarballName));
    const dependencies = { 'sidecar-lint': `file:${tarballName}` };
    const name = 'uses-sidecar-lint';
    writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name, version: '1.0.0', private: true, dependencies }, null, 2)}\n`);
    const repositoryLock = record(JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')), 'package-lock.json');
    const packages: Record<string, unknown> = {
      '': { name, version: '1.0.0', dependencies },
      'node_modules/sidecar-lint': {
        version: PACKAGE_VERSION,
        resolved: `file:${tarballName}`,
        integrity: text(report.integrity, 'integrity'),
        license: PACKAGE_JSON.license,
        dependencies: PACKAGE_JSON.dependencies,
        bin: PACKAGE_JSON.bin,
        engines: PACKAGE_JSON.engines,
      },
    };
    for (const [key, value] of Object.entries(record(repositoryLock.packages, 'packages'))) {
      const entry = record(value, key);
      if (key !== '' && entry.dev !== true && entry.devOptional !== true) packages[key] = entry;
    }
    const lock = { name, version: '1.0.0', lockfileVersion: 3, requires: true, packages };
    writeFileSync(path.join(project, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
    const npmCi = run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--no-update-notifier'], { cwd: project });
    expect(npmCi.status, explainNpmFailure(npmCi)).toBe(0);
    const timings = `npm pack ${packedAt - started} ms, npm ci --offline ${Date.now() - packedAt} ms`;
    installed = { packed, project, bin: path.join(project, 'node_modules', '.bin', 'sidecar-lint') };
    console.info(`the npm package: ${timings}`);
    return installed;
  }

  it(
    'holds the built code, the schemas, the precompiled validators and every rule doc, and no sources or tests',
    () => {
      const { packed } = install();
      const expected = [
        'package.json',
        'README.md',
        'LICENSE',
        'dist/sidecar-lint.js',
        'dist/index.js',
        'dist/src/index.d.ts',
        'dist/schemas/kubernetes-validators-workloads.cjs',
        'dist/schemas/kubernetes-validators-core.cjs',
        'dist/schemas/kubernetes-kinds.json',
        'dist/vendor/yaml.cjs',
        'dist/vendor/js-yaml.cjs',
        'schemas/kubernetes.json',
        ...RULES.map((rule) => `rules/${rule.meta.id}.md`),
      ];
      expect(packed).toEqual(expect.arrayContaining(expected));
      // The code the CLI, the language server and the library share, named by its content.
      expect(packed.filter((file) => /^dist\/chunk-[\w-]+\.js$/.test(file)).length).toBeGreaterThan(0);
      const unwanted = packed.filter(
        (file) => /^(test|fixtures|src|scripts|node_modules|\.ci|\.github)\//.test(file) || (/\.ts$/.test(file) && !/^dist\/.*\.d\.ts$/.test(file)),
      );
      expect(unwanted).toEqual([]);
    },
    180_000,
  );

  it(
    'is a library too: import(\'sidecar-lint\') gives lintFiles, as the README shows',
    () => {
      const { project } = install();
      const manifests = path.join(project, 'manifests');
      mkdirSync(manifests, { recursive: true });
      writeFileSync(
        path.join(manifests, 'pod.yaml'),
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:1\n      volumeMounts:\n        - name: data\n          mountPath: /data\n',
      );
      const script =
        "import('sidecar-lint').then(async (m) => { const report = await m.lintFiles(['manifests']); " +
        'console.log(JSON.stringify(report.files.map((file) => [file.file, file.findings.map((finding) => `${finding.region.start.line}:${finding.ruleId}`)])), m.exitCodeOf(report)); })';
      const imported = run(process.execPath, ['-e', script], { cwd: project });
      expect(imported.status, imported.stderr).toBe(0);
      expect(imported.stdout.trim()).toBe('[["manifests/pod.yaml",["10:undeclared-volume-mount"]]] 1');
    },
    180_000,
  );

  it(
    'runs from node_modules/.bin: its shebang, --version, --list-rules and --explain with the shipped docs',
    () => {
      const { project, bin } = install();
      const cli = readFileSync(path.join(project, 'node_modules', 'sidecar-lint', 'dist', 'sidecar-lint.js'), 'utf8');
      expect(cli.startsWith('#!/usr/bin/env node\n')).toBe(true);
      // Started directly, not through `node`: the bin link, the executable bit and the shebang must all work.
      const version = run(bin, ['--version'], { cwd: project });
      expect(version.status, version.stderr).toBe(0);
      expect(version.stdout.trim()).toBe(PACKAGE_VERSION);

      // As the README says to run it; --offline: npx must find the installed bin, not fetch a package.
      const npx = run('npx', ['--offline', 'sidecar-lint', '--version'], { cwd: project });
      expect(npx.status, npx.stderr).toBe(0);
      expect(npx.stdout.trim()).toBe(PACKAGE_VERSION);

      const listed = run(bin, ['--list-rules'], { cwd: project });
      expect(listed.status, listed.stderr).toBe(0);
      for (const rule of RULES) expect(listed.stdout).toContain(rule.meta.id);

      const explained = run(bin, ['--explain', 'unused-volume'], { cwd: project });
      expect(explained.status, explained.stderr).toBe(0);
      expect(explained.stdout).toContain(readFileSync(path.join(ROOT, 'rules', 'unused-volume.md'), 'utf8').trim());
    },
    180_000,
  );

  it(
    'validates against the shipped schemas and writes SARIF carrying the rule docs',
    () => {
      const { project, bin } = install();
      writeFiles(project, { 'manifests/web.yaml': SCHEMA_ERROR, 'manifests/pod.yaml': BROKEN_MOUNT });

      const textRun = run(bin, ['manifests'], { cwd: project });
      expect(textRun.stderr).toBe('');
      expect(textRun.status).toBe(1);
      expect(textRun.stdout).toMatch(/^ {2}6:13 {2}error {4}`spec\.replicas` must be an integer, got the string "two"\. {2}schema-validation$/m);
      expect(textRun.stdout).toMatch(/^ {2}10:17 {2}error .* {2}undeclared-volume-mount$/m);

      const sarifRun = run(bin, ['manifests', '--format', 'sarif', '--output', 'report.sarif'], { cwd: project });
      expect(sarifRun.status, sarifRun.stderr).toBe(1);
      const sarif = readSarif(path.join(project, 'report.sarif'));
      expect(sarif.errors).toEqual([]);
      expect(sarif.results).toEqual([
        'schema-validation manifests/web.yaml:6',
        'undeclared-volume-mount manifests/pod.yaml:10',
        'unused-volume manifests/pod.yaml:13',
      ]);
      const log = record(JSON.parse(readFileSync(path.join(project, 'report.sarif'), 'utf8')), 'sarif');
      const driver = record(record(record(list(log.runs, 'runs')[0], 'run').tool, 'tool').driver, 'driver');
      const schemaRule = list(driver.rules, 'rules')
        .map((rule) => record(rule, 'rule'))
        .find((rule) => rule.id === 'schema-validation');
      const help = text(record(schemaRule?.help, 'help').markdown, 'help.markdown');
      expect(help.trim()).toBe(readFileSync(path.join(ROOT, 'rules', 'schema-validation.md'), 'utf8').trim());
    },
    180_000,
  );
});

// ---------------------------------------------------------------------------------------------------------
// The README's "Where to run it": its snippets must use the hook and the action as they are defined.

describe('the README section "Where to run it"', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = /\n## Where to run it\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
  const repository = text(PACKAGE_JSON.homepage, 'homepage');
  const slug = repository.replace(/^https:\/\/github\.com\//, '');

  /** The YAML block the README introduces with "`file`:". */
  function snippet(file: string): Record<string, unknown> {
    const block = new RegExp(`\`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\`:\\n\\n\`\`\`yaml\\n([\\s\\S]*?)\`\`\``).exec(section)?.[1];
    if (block === undefined) throw new Error(`the README shows no ${file}`);
    return record(parseYaml(block), file);
  }

  it('installs only in ways that work while the package is not on npm, and says what npm install needs', () => {
    // Each mention of installing the package by its npm name is in a sentence that says it is not published.
    const sentences = readme.split(/(?<=[.:;])\s+/);
    const fromRegistry = sentences.filter((sentence) => /npm install(?: -[-\w]+)* sidecar-lint(?![-\w])/.test(sentence));
    expect(fromRegistry.length).toBeGreaterThan(0);
    for (const sentence of fromRegistry) expect(sentence).toMatch(/not published/);
    expect(section).toContain(`npm install --save-dev git+${repository}.git#v${PACKAGE_VERSION}`);
    expect(section).toContain('`npm ci` then `npx sidecar-lint');
    // The action's `version` input installs from npm: its description and the README's row say what that needs.
    const action = readYaml('action.yml');
    const version = record(record(record(action, 'action').inputs, 'inputs').version, 'version');
    expect(text(version.description, 'version.description')).toMatch(/needs sidecar-lint published on npm, which it is not yet/);
    expect(section).toMatch(/^\| `version` \|.*needs sidecar-lint published on npm, which it is not yet/m);
    // The quick start stays the three commands that work from a clone.
    expect(/## Quick start\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1]).toBe('npm ci\nnpx sidecar-lint fixtures/\nnpm test\n');
  });

  it('shows the desk commands', () => {
    expect(section).toContain('helm template my-chart | sidecar-lint --stdin-filename chart.yaml -');
    expect(section).toContain('kubectl kustomize overlays/prod | sidecar-lint --stdin-filename overlays/prod.yaml -');
  });

  it('configures pre-commit with this repository, this version and a hook it defines', () => {
    const repos = list(snippet('.pre-commit-config.yaml').repos, 'repos').map((repo) => record(repo, 'repo'));
    expect(repos).toHaveLength(1);
    expect(repos[0]?.repo).toBe(repository);
    expect(repos[0]?.rev).toBe(`v${PACKAGE_VERSION}`);
    const ids = list(repos[0]?.hooks, 'hooks').map((hook) => text(record(hook, 'hook').id, 'id'));
    expect(ids).toEqual(['sidecar-lint']);
    for (const id of ids) expect(() => readHook(id)).not.toThrow();
  });

  it('gives a workflow with the permissions the upload needs and only inputs the action has', () => {
    const workflow = snippet('.github/workflows/sidecar-lint.yml');
    const permissions = record(workflow.permissions, 'permissions');
    expect(permissions['security-events']).toBe('write');
    expect(permissions.contents).toBe('read');
    const jobs = Object.values(record(workflow.jobs, 'jobs')).map((job) => record(job, 'job'));
    const steps = jobs.flatMap((job) => list(job.steps, 'steps').map((step) => record(step, 'step')));
    expect(steps.map((step) => step.uses)).toEqual(['actions/checkout@v4', `${slug}@v${PACKAGE_VERSION}`]);
    const action = readAction();
    for (const input of Object.keys(record(steps[1]?.with ?? {}, 'with'))) expect(action.inputs.has(input), input).toBe(true);
    // The inputs table lists exactly the action's inputs, with their defaults where they are literal.
    const rows = [...section.matchAll(/^\| `([\w-]+)` \| ([^|]+) \|/gm)].map((match) => [match[1] ?? '', (match[2] ?? '').trim()] as const);
    expect(rows.map(([name]) => name).sort()).toEqual([...action.inputs.keys()].sort());
    for (const [name, shown] of rows) {
      const literal = /^`([^`]*)`$/.exec(shown)?.[1];
      if (literal !== undefined) expect(literal, name).toBe(action.inputs.get(name)?.default);
    }
  });
});
