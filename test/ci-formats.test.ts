/**
 * The report formats other CI systems read: junit (Jenkins, GitLab test reports, CircleCI), gitlab (GitLab Code
 * Quality) and checkstyle (reviewdog). Each is checked against what its consumer accepts: the XML formats with a
 * conforming XML 1.0 parser (a report with one bad character is rejected whole) and for the elements and
 * attributes the tools read; the Code Quality report against the schema of GitLab's documented format.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AjvModule from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileResult, Finding, LintReport } from '../src/engine/api.js';
import { formatCheckstyle } from '../src/formatters/checkstyle.js';
import { formatGithub } from '../src/formatters/github.js';
import { formatGitlab } from '../src/formatters/gitlab.js';
import { FORMAT_NAMES } from '../src/formatters/index.js';
import { formatJunit } from '../src/formatters/junit.js';
import { USAGE } from '../src/cli/args.js';
import { RULES } from '../rules/index.js';
import { runCommandInProcess } from './cli-runner.js';
import { BROKEN_MOUNT, CLEAN_POD } from './manifests.js';
import { childrenNamed, parseXml, type XmlElement } from './xml-tree.js';

const Ajv = AjvModule.default;
const gitlabSchema: object = JSON.parse(readFileSync(path.join(import.meta.dirname, 'data', 'gitlab-code-quality.schema.json'), 'utf8')) as object;
const validateGitlab = new Ajv({ allErrors: true }).compile(gitlabSchema);

function gitlabSchemaErrors(report: unknown): string[] {
  if (validateGitlab(report)) return [];
  return (validateGitlab.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}

interface ElementModel {
  required: readonly string[];
  optional: readonly string[];
  children: readonly string[];
  /** Whether the element holds text (mixed content); the others hold only white space between their children. */
  text: boolean;
}

const OUTCOME: ElementModel = { required: [], optional: ['type', 'message'], children: [], text: true };

/**
 * JUnit XML as Jenkins accepts it: the content model of the xunit plugin's schema (jenkinsci/xunit-plugin,
 * src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd), the strictest of the readers, for
 * the elements a report may hold: the attributes each must and may have, and its children. (No `file` on a test
 * case, no `skipped` on the root: that schema refuses them.) GitLab and CircleCI read the same elements.
 */
const JUNIT_MODEL: Readonly<Record<string, ElementModel>> = {
  testsuites: { required: [], optional: ['name', 'time', 'tests', 'failures', 'errors'], children: ['testsuite'], text: false },
  testsuite: {
    required: ['name', 'tests', 'failures', 'errors'],
    optional: ['group', 'time', 'skipped', 'timestamp', 'hostname', 'id', 'package', 'file', 'log', 'url'],
    children: ['testsuite', 'properties', 'testcase', 'system-out', 'system-err'],
    text: false,
  },
  testcase: { required: ['name'], optional: ['time', 'classname', 'group'], children: ['skipped', 'error', 'failure', 'system-out', 'system-err'], text: false },
  failure: OUTCOME,
  error: OUTCOME,
  skipped: OUTCOME,
  'system-out': { required: [], optional: [], children: [], text: true },
  'system-err': { required: [], optional: [], children: [], text: true },
};

function junitSchemaErrors(element: XmlElement, where = ''): string[] {
  const at = `${where}/${element.name}`;
  const model = JUNIT_MODEL[element.name];
  if (!model) return [`${at}: no such element`];
  const errors = [
    ...model.required.filter((name) => !(name in element.attributes)).map((name) => `${at}: no ${name}`),
    ...Object.keys(element.attributes).filter((name) => !model.required.includes(name) && !model.optional.includes(name)).map((name) => `${at}: attribute ${name}`),
    ...element.children.filter((child) => !model.children.includes(child.name)).map((child) => `${at}: child ${child.name}`),
  ];
  if (!model.text && element.text.trim() !== '') errors.push(`${at}: text`);
  // The counts Jenkins and GitLab show: as many as the elements they count.
  if (element.name === 'testsuite') {
    const cases = childrenNamed(element, 'testcase');
    const count = (outcome: string) => String(cases.reduce((sum, testCase) => sum + childrenNamed(testCase, outcome).length, 0));
    if (element.attributes.tests !== String(cases.length)) errors.push(`${at}: tests ${element.attributes.tests ?? ''}`);
    if (element.attributes.failures !== count('failure')) errors.push(`${at}: failures ${element.attributes.failures ?? ''}`);
    if (element.attributes.errors !== count('error')) errors.push(`${at}: errors ${element.attributes.errors ?? ''}`);
    if ((element.attributes.skipped ?? '0') !== count('skipped')) errors.push(`${at}: skipped ${element.attributes.skipped ?? ''}`);
  }
  return [...errors, ...element.children.flatMap((child) => junitSchemaErrors(child, at))];
}

/**
 * Text as hostile as a pull request can make it: every kind of character XML 1.0 cannot hold (NUL, other C0
 * controls, a lone surrogate, U+FFFF), the markup characters, a CDATA end, and the controls a log viewer acts on.
 */
const HOSTILE = 'a\u0000b\u0001c\u001b[2Jd\u0008e ]]> & < > " \' \ud800 \uffff \t\n\r \u0085 \u202e end';
const HOSTILE_FILE = `odd ]]>&<"'\u0001.yaml`;

function finding(file: string, overrides: Partial<Finding>): Finding {
  return {
    ruleId: 'undeclared-volume-mount',
    level: 'error',
    message: 'Container `app` mounts volume `ca-certs`',
    file,
    region: { start: { line: 10, column: 17 }, end: { line: 10, column: 25 } },
    resource: { apiVersion: 'v1', kind: 'Pod', name: 'echo' },
    jsonPath: ['spec', 'containers', 0, 'volumeMounts', 0, 'name'],
    ...overrides,
  };
}

/** Two resources in one file (errors, a warning, a suppressed error, a syntax error with no resource), a clean file, skips, a problem. */
function sampleReport(): LintReport {
  const file = 'k8s/web.yaml';
  const files: FileResult[] = [
    {
      file,
      failures: [],
      findings: [
        finding(file, { region: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } }, ruleId: 'yaml-syntax', message: 'bad YAML', resource: undefined, jsonPath: undefined }),
        finding(file, {}),
        finding(file, { ruleId: 'unused-volume', level: 'warning', message: 'Volume `ca` is declared but no container mounts it', region: { start: { line: 13, column: 13 }, end: { line: 13, column: 15 } } }),
        finding(file, { message: 'suppressed one', suppressed: { kind: 'inSource', justification: 'known' }, region: { start: { line: 14, column: 3 }, end: { line: 14, column: 4 } } }),
        finding(file, { resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' }, region: { start: { line: 30, column: 5 }, end: { line: 30, column: 9 } } }),
        finding(file, { resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' }, level: 'note', ruleId: 'missing-schema', message: 'a note', region: { start: { line: 31, column: 5 }, end: { line: 31, column: 9 } } }),
      ],
    },
    { file: 'k8s/clean.yaml', failures: [], findings: [] },
    { file: 'chart/templates/pod.yaml', failures: [], findings: [], skipped: 'a Helm template: lint its rendered output' },
    { file: 'compose.yaml', failures: [], findings: [], skipped: 'no Kubernetes object', quiet: true },
    { file: HOSTILE_FILE, failures: [], findings: [finding(HOSTILE_FILE, { message: HOSTILE, resource: { kind: 'Pod', name: HOSTILE } })] },
  ];
  return { files, problems: [{ subject: 'missing/', message: 'no such file or directory' }], rules: RULES.map((rule) => rule.meta) };
}

/** What the reports show for HOSTILE: every active character a visible escape, the rest as it was. */
const HOSTILE_SHOWN = 'a\\x00b\\x01c\\x1b[2Jd\\x08e ]]> & < > " \' \\ud800 \\uffff \\t\\n\\r \\x85 \\u202e end';

describe('the XML parser the tests use', () => {
  it('refuses what Jenkins and reviewdog refuse: a control character, a CDATA end in text, a bare ampersand', () => {
    expect(() => parseXml('<a>\u0001</a>')).toThrow();
    expect(() => parseXml('<a>]]></a>')).toThrow();
    expect(() => parseXml('<a b="&"/>')).toThrow();
    expect(parseXml('<a b="&amp;&#10;">]]&gt;</a>')).toEqual({ name: 'a', attributes: { b: '&\n' }, children: [], text: ']]>' });
  });
});

describe('junit', () => {
  const xml = formatJunit(sampleReport(), { color: false });
  const root = parseXml(xml);
  const suites = childrenNamed(root, 'testsuite');
  const suite = (name: string): XmlElement => {
    const found = suites.find((candidate) => candidate.attributes.name === name);
    if (!found) throw new Error(`no testsuite ${name}`);
    return found;
  };

  it('is well-formed XML 1.0 whatever the input holds, and shows the hostile text as visible escapes', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    expect(xml).not.toContain(']]>');
    const hostile = suite('odd ]]>&<"\'\\x01.yaml');
    const testCase = childrenNamed(hostile, 'testcase')[0];
    expect(testCase?.attributes.name).toBe(`Pod/${HOSTILE_SHOWN}`);
    expect(childrenNamed(testCase ?? root, 'failure')[0]?.attributes.message).toBe(`10:17 ${HOSTILE_SHOWN}`);
  });

  it('has only the elements and attributes Jenkins accepts, with counts that match', () => {
    expect(junitSchemaErrors(root)).toEqual([]);
    // The check bites: what a careless writer adds.
    expect(junitSchemaErrors(parseXml('<testsuites skipped="0"><testsuite name="a" tests="2" failures="0" errors="0"><testcase name="x" file="a"/></testsuite></testsuites>'))).toEqual([
      '/testsuites: attribute skipped',
      '/testsuites/testsuite: tests 2',
      '/testsuites/testsuite/testcase: attribute file',
    ]);
  });

  it('has a testsuite per file, a testcase per resource, and a failure per error-level finding', () => {
    expect(root.name).toBe('testsuites');
    // The quietly skipped compose.yaml is no test; the problem has a suite of its own.
    expect(suites.map((candidate) => candidate.attributes.name)).toEqual([
      'k8s/web.yaml',
      'k8s/clean.yaml',
      'chart/templates/pod.yaml',
      'odd ]]>&<"\'\\x01.yaml',
      'sidecar-lint',
    ]);
    const web = suite('k8s/web.yaml');
    const cases = childrenNamed(web, 'testcase');
    expect(cases.map((testCase) => testCase.attributes.name)).toEqual(['k8s/web.yaml', 'Pod/echo', 'Deployment/shop/api']);
    expect(web.attributes.file).toBe('k8s/web.yaml');
    expect(cases.every((testCase) => testCase.attributes.classname === 'k8s/web.yaml')).toBe(true);
    const [syntax, pod, deployment] = cases;
    expect(childrenNamed(syntax ?? root, 'failure').map((failure) => failure.attributes.type)).toEqual(['yaml-syntax']);
    // The suppressed error fails nothing; the warning is in the output, not a failure.
    const podFailures = childrenNamed(pod ?? root, 'failure');
    expect(podFailures.map((failure) => failure.text)).toEqual(['k8s/web.yaml:10:17: Container `app` mounts volume `ca-certs` (undeclared-volume-mount)']);
    expect(childrenNamed(pod ?? root, 'system-out')[0]?.text).toBe('k8s/web.yaml:13:13: warning: Volume `ca` is declared but no container mounts it (unused-volume)');
    expect(childrenNamed(deployment ?? root, 'failure')).toHaveLength(1);
    expect(web.attributes).toMatchObject({ tests: '3', failures: '3', errors: '0', skipped: '0' });

    const clean = childrenNamed(suite('k8s/clean.yaml'), 'testcase');
    expect(clean).toHaveLength(1);
    expect(clean[0]?.children).toEqual([]);

    const skipped = childrenNamed(suite('chart/templates/pod.yaml'), 'testcase')[0];
    expect(childrenNamed(skipped ?? root, 'skipped')[0]?.attributes.message).toBe('Not linted: a Helm template: lint its rendered output');

    const problem = childrenNamed(suite('sidecar-lint'), 'testcase')[0];
    expect(problem?.attributes.name).toBe('missing/');
    expect(childrenNamed(problem ?? root, 'error')[0]?.attributes.message).toBe('no such file or directory');

    expect(root.attributes).toEqual({ name: 'sidecar-lint', tests: '7', failures: '4', errors: '1' });
  });
});

describe('checkstyle', () => {
  const xml = formatCheckstyle(sampleReport(), { color: false });
  const root = parseXml(xml);

  it('is well-formed XML 1.0 whatever the input holds', () => {
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
    const hostile = childrenNamed(root, 'file').find((file) => file.attributes.name === 'odd ]]>&<"\'\\x01.yaml');
    expect(childrenNamed(hostile ?? root, 'error')[0]?.attributes.message).toBe(HOSTILE_SHOWN);
  });

  // reviewdog (parser/checkstyle.go) decodes <checkstyle version> > <file name> > <error line column message severity
  // source>, line and column as integers; a document it cannot decode fails the whole review.
  it('has what reviewdog reads: a file per linted file, an error per finding with line, column, severity and source', () => {
    expect(root.name).toBe('checkstyle');
    const numbers = childrenNamed(root, 'file').flatMap((file) => childrenNamed(file, 'error').flatMap((error) => [error.attributes.line, error.attributes.column]));
    expect(numbers.every((value) => value !== undefined && /^[1-9][0-9]*$/.test(value))).toBe(true);
    expect(root.attributes.version).toBe('4.3');
    const files = childrenNamed(root, 'file');
    expect(files.map((file) => file.attributes.name)).toEqual(['k8s/web.yaml', 'k8s/clean.yaml', 'odd ]]>&<"\'\\x01.yaml']);
    const errors = childrenNamed(files[0] ?? root, 'error').map((error) => error.attributes);
    expect(errors).toEqual([
      { line: '1', column: '1', severity: 'error', message: 'bad YAML', source: 'sidecar-lint.yaml-syntax' },
      { line: '10', column: '17', severity: 'error', message: 'Container `app` mounts volume `ca-certs`', source: 'sidecar-lint.undeclared-volume-mount' },
      { line: '13', column: '13', severity: 'warning', message: 'Volume `ca` is declared but no container mounts it', source: 'sidecar-lint.unused-volume' },
      { line: '30', column: '5', severity: 'error', message: 'Container `app` mounts volume `ca-certs`', source: 'sidecar-lint.undeclared-volume-mount' },
      { line: '31', column: '5', severity: 'info', message: 'a note', source: 'sidecar-lint.missing-schema' },
    ]);
    expect(childrenNamed(files[1] ?? root, 'error')).toEqual([]);
  });
});

describe('gitlab (Code Quality)', () => {
  const issues: unknown = JSON.parse(formatGitlab(sampleReport(), { color: false }));

  it('is valid against the documented Code Quality format, with a fingerprint unique to each issue', () => {
    expect(gitlabSchemaErrors(issues)).toEqual([]);
    const list = issues as { fingerprint: string }[];
    expect(new Set(list.map((issue) => issue.fingerprint)).size).toBe(list.length);
  });

  it('gives each reported finding its description, rule, severity, path and lines; nothing for suppressed findings', () => {
    expect(issues).toEqual([
      expect.objectContaining({ check_name: 'yaml-syntax', severity: 'major', location: { path: 'k8s/web.yaml', lines: { begin: 1, end: 1 } } }),
      expect.objectContaining({ description: 'Container `app` mounts volume `ca-certs`', check_name: 'undeclared-volume-mount', severity: 'major', location: { path: 'k8s/web.yaml', lines: { begin: 10, end: 10 } } }),
      expect.objectContaining({ check_name: 'unused-volume', severity: 'minor', location: { path: 'k8s/web.yaml', lines: { begin: 13, end: 13 } } }),
      expect.objectContaining({ check_name: 'undeclared-volume-mount', location: { path: 'k8s/web.yaml', lines: { begin: 30, end: 30 } } }),
      expect.objectContaining({ check_name: 'missing-schema', severity: 'info' }),
      expect.objectContaining({ description: HOSTILE, location: { path: HOSTILE_FILE, lines: { begin: 10, end: 10 } } }),
    ]);
  });

  it('keeps an issue its fingerprint when lines above it move', () => {
    const moved = sampleReport();
    for (const file of moved.files) for (const each of file.findings) each.region = { start: { line: each.region.start.line + 5, column: 1 }, end: { line: each.region.end.line + 5, column: 2 } };
    const prints = (report: unknown) => (report as { fingerprint: string }[]).map((issue) => issue.fingerprint);
    expect(prints(JSON.parse(formatGitlab(moved, { color: false })))).toEqual(prints(issues));
  });
});

describe('github', () => {
  it('annotates what kept the tool from its job, as it annotates a file it did not lint', () => {
    const lines = formatGithub(sampleReport(), { color: false }).trimEnd().split('\n');
    expect(lines.slice(-2)).toEqual([
      '::notice file=chart/templates/pod.yaml,title=sidecar-lint%3A file not linted::Not linted: a Helm template: lint its rendered output',
      '::error title=sidecar-lint%3A problem::missing/: no such file or directory',
    ]);
  });
});

describe('the formats as documented', () => {
  it('are each named in --help, in the README\'s Usage table and in its Output formats', () => {
    const readme = readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const usageRow = /^\| `-f`, `--format[^|]*\|([^\n]*)$/m.exec(readme)?.[1] ?? '';
    const formatsSection = /\n### Output formats\n([\s\S]*?)\n### /.exec(readme)?.[1] ?? '';
    const helpLine = /-f, --format[\s\S]*?(?=\n {2}-o)/.exec(USAGE)?.[0] ?? '';
    for (const name of FORMAT_NAMES) {
      expect(usageRow, name).toContain(`\`${name}\``);
      expect(formatsSection, name).toContain(`- **${name}**`);
      expect(helpLine, name).toMatch(new RegExp(`\\b${name}\\b`));
    }
  });
});

describe('the formats from the command', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sidecar-lint-formats-'));
    mkdirSync(path.join(dir, 'k8s'));
    writeFileSync(path.join(dir, 'k8s', 'web.yaml'), BROKEN_MOUNT);
    writeFileSync(path.join(dir, 'k8s', 'clean.yaml'), CLEAN_POD);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes junit, gitlab and checkstyle for real findings, each as its consumer reads it', async () => {
    const junit = await runCommandInProcess(['--format', 'junit', 'k8s'], { cwd: dir });
    expect(junit.status).toBe(1);
    expect(junitSchemaErrors(parseXml(junit.stdout))).toEqual([]);
    const suites = childrenNamed(parseXml(junit.stdout), 'testsuite');
    expect(suites.map((suite) => [suite.attributes.name, suite.attributes.failures])).toEqual([
      ['k8s/clean.yaml', '0'],
      ['k8s/web.yaml', '1'],
    ]);

    const gitlab = await runCommandInProcess(['--format', 'gitlab', 'k8s'], { cwd: dir });
    const issues: unknown = JSON.parse(gitlab.stdout);
    expect(gitlabSchemaErrors(issues)).toEqual([]);
    expect((issues as { check_name: string }[]).map((issue) => issue.check_name)).toEqual(['undeclared-volume-mount', 'unused-volume']);

    const checkstyle = await runCommandInProcess(['--format', 'checkstyle', 'k8s'], { cwd: dir });
    const files = childrenNamed(parseXml(checkstyle.stdout), 'file');
    expect(files.map((file) => [file.attributes.name, childrenNamed(file, 'error').map((error) => `${error.attributes.line}:${error.attributes.column}`)])).toEqual([
      ['k8s/clean.yaml', []],
      ['k8s/web.yaml', ['10:17', '13:13']],
    ]);
  });
});
