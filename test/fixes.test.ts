import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { lintText } from '../src/engine/api.js';
import type { Finding, TextEdit } from '../src/engine/finding.js';
import { fixFiles } from '../src/engine/fix-files.js';
import { applyEdits, applyFixes } from '../src/engine/fixes.js';
import { unifiedDiff } from '../src/engine/unified-diff.js';
import { formatSarif } from '../src/formatters/sarif.js';
import { readManifest } from '../src/yaml/manifest-reader.js';
import { SourceText } from '../src/yaml/source-text.js';
import { CORPUS, runCommandInProcess } from './cli-runner.js';
import { FIXTURES_DIR, fixtureKubernetesVersion, listFixtures } from './fixture-markers.js';
import { sarifSchemaErrors } from './sarif-schema.js';
import { deleteLine, duplicateLine } from './text-edits.js';

/*
 * Fixes (src/engine/fixes.ts) and --fix / --fix-dry-run. Whatever the file, a fix must:
 *  - change the file only inside its edits (byte for byte elsewhere: comments, quoting, CRLF, byte-order marks);
 *  - leave every other document as it was, and the file readable;
 *  - make its finding go away: a re-lint has no finding of that rule at that JSON path.
 */

const FIXABLE_RULES = ['emptydir-invalid-medium', 'restart-policy-on-container', 'undeclared-volume-mount', 'main-container-first', 'api-validation'];

const scratch = mkdtempSync(path.join(tmpdir(), 'sidecar-lint-fixes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function lint(text: string, kubernetesVersion?: string): Finding[] {
  return lintText(text, kubernetesVersion === undefined ? {} : { kubernetesVersion }).files[0]?.findings ?? [];
}

function fixable(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.fix !== undefined && finding.suppressed === undefined);
}

/** `before` with `edits` made, composed here from the slices between them (independent of applyEdits). */
function composed(before: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    out += before.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + before.slice(at);
}

const key = (finding: Finding) => `${finding.ruleId} ${JSON.stringify(finding.resource ?? {})} ${JSON.stringify(finding.jsonPath ?? [])}`;

/** The offsets where each document's text starts (0, then each `---` line), as the document an offset is in. */
function documentOf(text: string, offset: number): number {
  let index = 0;
  for (const match of text.matchAll(/^\uFEFF?---/gm)) if (match.index > 0 && match.index <= offset) index++;
  return index;
}

function offsetOfLine(text: string, line: number): number {
  const starts = SourceText.from(text).lineStarts;
  return starts[line - 1] ?? 0;
}

/**
 * One pass of fixes on `text`, checked: outside the edits the text is unchanged, each edit lies in its finding's
 * document, the documents read as before, and a re-lint no longer has the fixed findings.
 */
function fixAndCheck(text: string, kubernetesVersion?: string): { fixed: string; applied: Finding[]; after: Finding[] } {
  const { text: fixed, applied } = applyFixes(text, fixable(lint(text, kubernetesVersion)));
  const edits = applied.flatMap((finding) => finding.fix?.edits ?? []);
  expect(fixed).toBe(composed(text, edits));
  const normalized = SourceText.from(text).text;
  for (const finding of applied) {
    // Offsets of the normalized text and of the text differ by dropped byte-order marks only: the document count
    // is the same either way.
    const findingDocument = documentOf(normalized, offsetOfLine(normalized, finding.region.start.line));
    // An insertion at the start of a `---` line ends the document before it.
    for (const edit of finding.fix?.edits ?? []) {
      const at = edit.start === edit.end ? edit.start - 1 : edit.start;
      expect(documentOf(text, at), `${finding.ruleId}: an edit in another document`).toBe(findingDocument);
    }
  }
  const before = readManifest(SourceText.from(text)).documents;
  const after = readManifest(SourceText.from(fixed)).documents;
  expect(after.length).toBe(before.length);
  after.forEach((document, index) => expect(document.problems.length, `document ${index} became unreadable`).toBe(before[index]?.problems.length));
  const again = lint(fixed, kubernetesVersion);
  const remaining = new Set(again.map(key));
  for (const finding of applied) expect(remaining.has(key(finding)), `still there after its fix: ${key(finding)}`).toBe(false);
  return { fixed, applied, after: again };
}

/** Fixes until nothing changes, as --fix does. */
function fixAll(text: string, kubernetesVersion?: string): string {
  let current = text;
  for (let pass = 0; pass < 10; pass++) {
    const { fixed } = fixAndCheck(current, kubernetesVersion);
    if (fixed === current) return current;
    current = fixed;
  }
  return current;
}

const fixture = (rule: string, file: string) => readFileSync(path.join(FIXTURES_DIR, rule, file), 'utf8');

describe('each fix on its fixtures', () => {
  it('emptydir-invalid-medium: a case or spelling variant of one medium, in its own quoting; tmpfs is not fixed', () => {
    const text = fixture('emptydir-invalid-medium', 'invalid-fixable-spellings.yaml');
    const fixed = fixAll(text);
    expect(fixed).toContain('        medium: Memory   # expect: emptydir-invalid-medium\n');
    expect(fixed).toContain("      emptyDir: {medium: 'Memory', sizeLimit: 64Mi}   # expect: emptydir-invalid-medium\n");
    expect(fixed).toContain('        medium: HugePages-2Mi   # expect: emptydir-invalid-medium\n');
    expect(fixed).toContain('        medium: tmpfs   # expect: emptydir-invalid-medium\n');
    expect(lint(fixed).map((finding) => finding.ruleId)).toEqual(['emptydir-invalid-medium']);
    const lower = fixAll(fixture('emptydir-invalid-medium', 'invalid-lowercase-memory.yaml'));
    expect(lower.match(/medium: Memory {3}# expect/g)).toHaveLength(2);
  });

  it('restart-policy-on-container: `always` on an init container becomes `Always`, and on any container from 1.35', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: web',
      'spec:',
      '  initContainers:',
      '    - name: mesh',
      '      image: envoyproxy/envoy:v1.30.2',
      '      restartPolicy: "always"',
      '  containers:',
      '    - name: web',
      '      image: nginx:1.27',
      '      restartPolicy: on-failure',
      '',
    ].join('\n');
    const before = lint(text, '1.34').filter((finding) => finding.ruleId === 'restart-policy-on-container');
    // Before 1.35 a regular container may set none at all: spelling it right would not help, so no fix there.
    expect(before.map((finding) => finding.fix?.edits.map((edit) => edit.text))).toEqual([[`"Always"`], undefined]);
    expect(fixAll(text, '1.34')).toContain('      restartPolicy: "Always"\n');
    const fixed = fixAll(text, '1.35');
    expect(fixed).toContain('      restartPolicy: "Always"\n');
    expect(fixed).toContain('      restartPolicy: OnFailure\n');
  });

  it('undeclared-volume-mount: a typo of exactly one unused declared volume, and nothing else', () => {
    const text = fixture('undeclared-volume-mount', 'invalid-fixable-typo.yaml');
    const findings = lint(text).filter((finding) => finding.ruleId === 'undeclared-volume-mount');
    expect(findings.map((finding) => finding.fix?.description)).toEqual(['Mount volume `cache`', undefined]);
    const fixed = fixAll(text);
    expect(fixed).toContain('            - name: "cache"   # expect: undeclared-volume-mount\n');
    expect(fixed).toContain('            - name: tmp-dta   # expect: undeclared-volume-mount\n');
  });

  it('main-container-first: the default-container annotation, in block or flow style, creating what is missing', () => {
    const text = fixture('main-container-first', 'invalid-fixable-annotations.yaml');
    const fixed = fixAll(text);
    expect(lint(fixed).filter((finding) => finding.ruleId === 'main-container-first')).toEqual([]);
    expect(fixed).toContain(
      '      annotations:\n        prometheus.io/scrape: "true"\n        kubectl.kubernetes.io/default-container: checkout\n    spec:\n',
    );
    expect(fixed).toContain(
      '                app: cart\n            annotations:\n                kubectl.kubernetes.io/default-container: cart\n        spec:\n',
    );
    expect(fixed).toContain('        metadata: {labels: {app: nightly-report}, annotations: {kubectl.kubernetes.io/default-container: report}}\n');
    expect(fixed).toContain('  name: debug-shell\n  annotations:\n    kubectl.kubernetes.io/default-container: shell\nspec:\n');
  });

  it('main-container-first: a template without metadata gets it, and a name YAML would read as a boolean is quoted', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: DaemonSet',
      'metadata:',
      '  name: node-agent',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: istio-proxy',
      '          image: docker.io/istio/proxyv2:1.22.3',
      '        - name: "yes"',
      '          image: registry.example.com/agent:1.0.0',
      '',
    ].join('\n');
    const fixed = fixAll(text);
    expect(fixed).toContain('        - name: "yes"\n          image: registry.example.com/agent:1.0.0\n    metadata:\n      annotations:\n        kubectl.kubernetes.io/default-container: "yes"\n');
  });

  it('main-container-first in flow style: empty, with a trailing comma, over several lines, with a comment', () => {
    const pod = (metadata: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: ${metadata}\nspec:\n  containers:\n    - {name: istio-proxy, image: istio/proxyv2:1.22.3}\n    - {name: web, image: nginx:1.27}\n`;
    const annotation = 'kubectl.kubernetes.io/default-container: web';
    expect(fixAll(pod('{}'))).toContain(`metadata: {annotations: {${annotation}}}\n`);
    expect(fixAll(pod('{name: web,}'))).toContain(`metadata: {name: web, annotations: {${annotation}}}\n`);
    expect(fixAll(pod('{\n  name: web,\n  annotations: {}\n}'))).toContain(`  annotations: {${annotation}}\n}\n`);
    expect(fixAll(pod('{\n  name: web\n}'))).toContain(`  name: web, annotations: {${annotation}}\n}\n`);
    expect(fixAll(pod('{\n  name: web # the app\n}'))).toContain(`  name: web # the app\n, annotations: {${annotation}}}\n`);
  });

  it('api-validation: a Job template without restartPolicy gets `restartPolicy: Never`; one written as Always does not', () => {
    const text = fixture('api-validation', 'invalid-workloads-job-fixable.yaml');
    const fixed = fixAll(text);
    expect(fixed).toContain('      # the service account that may alter the schema\n      serviceAccountName: db-migrate\n      restartPolicy: Never\n---\n');
    expect(fixed).toContain('          restartPolicy: Always   # expect: api-validation\n');
    expect(lint(fixed).map((finding) => finding.ruleId)).toEqual(['api-validation']);
  });

  it('no fix through an alias or a merge key: the text to change is elsewhere, and changes more than the finding', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: v1',
      '    kind: Pod',
      '    metadata: {name: a}',
      '    spec:',
      '      containers: [{name: app, image: nginx:1.27, volumeMounts: [{name: data, mountPath: /d}]}]',
      '      volumes:',
      '        - name: data',
      '          emptyDir: &shared {medium: memory}',
      '  - apiVersion: v1',
      '    kind: Pod',
      '    metadata: {name: b}',
      '    spec:',
      '      containers: [{name: app, image: nginx:1.27, volumeMounts: [{name: data, mountPath: /d}]}]',
      '      volumes:',
      '        - name: data',
      '          emptyDir: *shared',
      '',
    ].join('\n');
    const findings = lint(text).filter((finding) => finding.ruleId === 'emptydir-invalid-medium');
    expect(findings).toHaveLength(2);
    // The first is written in an anchored mapping the second pod reads too: changing it changes both, so the
    // check that the rest of the file reads as before refuses it; the second is reached through the alias.
    expect(findings.map((finding) => finding.fix)).toEqual([undefined, undefined]);
  });

  it('a document with thousands of fixable values: fixes stop at the checking budget, the findings stay', () => {
    const volumes = Array.from({ length: 1500 }, (_, index) => `    - name: v${index}\n      emptyDir:\n        medium: memory\n`).join('');
    const mounts = Array.from({ length: 1500 }, (_, index) => `        - name: v${index}\n          mountPath: /m/${index}\n`).join('');
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: nginx:1.27\n      volumeMounts:\n${mounts}  volumes:\n${volumes}`;
    const findings = lint(text).filter((finding) => finding.ruleId === 'emptydir-invalid-medium');
    expect(findings).toHaveLength(1500);
    const fixed = findings.filter((finding) => finding.fix).length;
    expect(fixed).toBeGreaterThan(10);
    expect(fixed).toBeLessThan(100);
  });

  it('every fixture: fixes change nothing outside their edits and leave no fixed finding behind', () => {
    let fixes = 0;
    for (const { ruleDir, file, text } of listFixtures()) {
      const version = fixtureKubernetesVersion(text);
      const found = fixable(lint(text, version));
      fixes += found.length;
      if (found.length > 0) expect(() => fixAll(text, version), `${ruleDir}/${file}`).not.toThrow();
      for (const finding of found) expect(FIXABLE_RULES, `${ruleDir}/${file}`).toContain(finding.ruleId);
    }
    expect(fixes).toBeGreaterThanOrEqual(15);
  });
});

describe('line breaks and byte-order marks', () => {
  const fixtureText = fixture('main-container-first', 'invalid-fixable-annotations.yaml');

  it('CRLF: inserted lines end in CRLF, and the rest is as it was', () => {
    const crlf = fixtureText.replaceAll('\n', '\r\n');
    const fixed = fixAll(crlf);
    expect(fixed.replaceAll('\r\n', '')).not.toContain('\n');
    expect(fixed.replaceAll('\r\n', '\n')).toBe(fixAll(fixtureText));
  });

  it('lone CR line breaks stay lone CRs', () => {
    const text = fixture('emptydir-invalid-medium', 'invalid-fixable-spellings.yaml').replaceAll('\n', '\r');
    const fixed = fixAll(text);
    expect(fixed).not.toContain('\n');
    expect(fixed).toContain('medium: Memory');
    const inserted = fixAll(fixtureText.replaceAll('\n', '\r'));
    expect(inserted).not.toContain('\n');
    expect(inserted.replaceAll('\r', '\n')).toBe(fixAll(fixtureText));
  });

  it('a byte-order mark opening the file and each document stays where it was', () => {
    const text = `\uFEFF${fixtureText.replaceAll('\n---\n', '\n\uFEFF---\n')}`;
    const marks = (value: string) => [...value.matchAll(/\uFEFF/g)].length;
    const fixed = fixAll(text);
    expect(marks(fixed)).toBe(marks(text));
    expect(fixed.replaceAll('\uFEFF', '')).toBe(fixAll(fixtureText));
    expect(fixed.startsWith('\uFEFF#')).toBe(true);
    expect(fixed).toContain('\n\uFEFF---\n');
  });

  it('a byte-order mark and CRLF together, on an insertion at the end of the file without a final line break', () => {
    const text = `\uFEFF${fixture('api-validation', 'invalid-workloads-job-fixable.yaml').split('\n---\n')[0] ?? ''}`.replaceAll('\n', '\r\n');
    const fixed = fixAll(text);
    expect(fixed).toContain('\r\n      serviceAccountName: db-migrate\r\n      restartPolicy: Never');
    expect(fixed.startsWith('\uFEFF')).toBe(true);
  });
});

describe('applying edits', () => {
  it('overlapping fixes: the first is applied, the other left for the next pass', () => {
    const edit = (start: number, end: number, text: string): TextEdit => ({ range: { start: { line: 1, column: start + 1 }, end: { line: 1, column: end + 1 } }, start, end, text });
    const fixes = [{ fix: { description: 'a', edits: [edit(0, 3, 'AAA')] } }, { fix: { description: 'b', edits: [edit(2, 4, 'B')] } }, { fix: { description: 'c', edits: [edit(5, 5, 'C')] } }];
    const { text, applied } = applyFixes('abcdefg', fixes);
    expect(text).toBe('AAAdeCfg');
    expect(applied.map((fixable) => fixable.fix.description)).toEqual(['a', 'c']);
    expect(applyEdits('abc', [edit(1, 1, 'x'), edit(1, 1, 'y')])).toBe('axbc');
  });

  it('two fixes inserting at one place: one pass applies the first, the next pass the other', async () => {
    const text = [
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      '  name: export',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: cloud-sql-proxy',
      '          image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.4',
      '        - name: export',
      '          image: registry.example.com/export:1.0.0',
      '',
    ].join('\n');
    const first = fixAndCheck(text);
    expect(first.applied.map((finding) => finding.ruleId)).toEqual(['api-validation']);
    const dir = path.join(scratch, 'overlap');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'job.yaml'), text);
    const outcome = await fixFiles(['job.yaml'], { cwd: dir });
    expect(outcome.passes).toBe(2);
    expect(outcome.files[0]?.fixed.map((finding) => finding.ruleId)).toEqual(['api-validation', 'main-container-first']);
    expect(outcome.files[0]?.after).toBe(
      `${text}      restartPolicy: Never\n    metadata:\n      annotations:\n        kubectl.kubernetes.io/default-container: export\n`,
    );
    expect(outcome.report.files[0]?.findings).toEqual([]);
  });

  it('the unified diff', () => {
    expect(unifiedDiff('a.yaml', 'a\nb\nc\n', 'a\nb\nc\n')).toBe('');
    expect(unifiedDiff('a.yaml', 'a\nb\nc\nd\ne\nf\ng\nh\n', 'a\nb\nc\nd\nE\nf\ng\nh\ni\n')).toBe(
      '--- a/a.yaml\n+++ b/a.yaml\n@@ -2,7 +2,8 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n+i\n',
    );
    expect(unifiedDiff('/abs/x.yaml', 'x', 'y')).toBe('--- a/abs/x.yaml\n+++ b/abs/x.yaml\n@@ -1,1 +1,1 @@\n-x\n\\ No newline at end of file\n+y\n\\ No newline at end of file\n');
  });
});

/** The findings' fix text, as a property test's mutations may leave them: anything, checked like the fixtures. */
describe('property: fixes on mutated fixtures', () => {
  const sources = listFixtures().filter((candidate) => FIXABLE_RULES.includes(candidate.ruleDir) && candidate.file.startsWith('invalid'));
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('crlf' as const) }),
    fc.record({ kind: fc.constant('bom' as const) }),
    fc.record({ kind: fc.constant('indent' as const), by: fc.constantFrom(1, 3, 4) }),
    fc.record({ kind: fc.constant('delete-line' as const), line: fc.nat() }),
    fc.record({ kind: fc.constant('duplicate-line' as const), line: fc.nat() }),
    fc.record({ kind: fc.constant('value' as const), line: fc.nat(), to: fc.constantFrom('memory', 'always', "'memory'", '"Memroy"', '{}', '', 'null', 'cahce') }),
    fc.record({ kind: fc.constant('swap-documents' as const) }),
  );
  type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;
  const KEY_LINE = /^(\s*(?:-\s+)?[A-Za-z][\w./-]*:)(?:\s.*)?$/;

  function mutate(text: string, change: Mutation): string {
    const lines = text.split('\n');
    switch (change.kind) {
      case 'crlf':
        return text.replaceAll('\n', '\r\n');
      case 'bom':
        return `\uFEFF${text.replaceAll('\n---\n', '\n\uFEFF---\n')}`;
      case 'indent':
        // Every line indented more: the same structure at another indentation.
        return lines.map((line) => line.replace(/^( +)/, (spaces) => ' '.repeat((spaces.length / 2) * (change.by + 1)))).join('\n');
      case 'delete-line':
        return deleteLine(text, change.line);
      case 'duplicate-line':
        return duplicateLine(text, change.line);
      case 'value': {
        const keyed = lines.flatMap((line, index) => (KEY_LINE.test(line) ? [index] : []));
        const at = keyed[change.line % Math.max(keyed.length, 1)];
        if (at === undefined) return text;
        const copy = [...lines];
        copy[at] = `${KEY_LINE.exec(lines[at] ?? '')?.[1] ?? ''} ${change.to}`;
        return copy.join('\n');
      }
      case 'swap-documents':
        return text.split('\n---\n').reverse().join('\n---\n');
    }
  }

  it('no other document changes, the result reads, and the fixed findings are gone', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (which, changes) => {
        const source = sources[which % sources.length];
        if (!source) return;
        const text = changes.reduce((current, change) => mutate(current, change), source.text);
        fixAll(text, fixtureKubernetesVersion(text));
      }),
      { seed: 20_261_129, numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
  });
});

describe('--fix and --fix-dry-run', () => {
  function project(name: string, files: Record<string, string>): string {
    const dir = path.join(scratch, name);
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    return dir;
  }
  const annotations = fixture('main-container-first', 'invalid-fixable-annotations.yaml');
  const spellings = fixture('emptydir-invalid-medium', 'invalid-fixable-spellings.yaml');

  it('--fix writes the fixed files, keeps their permissions, says what it fixed and reports what remains', async () => {
    const dir = project('fix', { 'deploy/a.yaml': annotations, 'deploy/b.yaml': spellings, 'deploy/clean.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' });
    chmodSync(path.join(dir, 'deploy/b.yaml'), 0o640);
    const before = lint(spellings);
    const run = await runCommandInProcess(['--fix', '--format', 'json', 'deploy'], { cwd: dir });
    expect(run.stderr).toContain('sidecar-lint: fixed 7 problems in 2 files:\n');
    expect(run.stderr).toContain('  deploy/b.yaml:28:17 emptydir-invalid-medium: Write the medium as `Memory`\n');
    const written = readFileSync(path.join(dir, 'deploy/b.yaml'), 'utf8');
    expect(written).toBe(composed(spellings, fixable(before).flatMap((finding) => finding.fix?.edits ?? [])));
    expect(readFileSync(path.join(dir, 'deploy/a.yaml'), 'utf8')).toBe(fixAll(annotations));
    expect(statSync(path.join(dir, 'deploy/b.yaml')).mode & 0o777).toBe(0o640);
    expect(readdirSync(path.join(dir, 'deploy')).sort()).toEqual(['a.yaml', 'b.yaml', 'clean.yaml']);
    // What remains: tmpfs, which has no fix.
    const report = JSON.parse(run.stdout) as { files: { file: string; findings: { ruleId: string; line: number }[] }[] };
    expect(report.files.flatMap((file) => file.findings.map((finding) => `${file.file}:${finding.line} ${finding.ruleId}`))).toEqual([
      'deploy/b.yaml:37 emptydir-invalid-medium',
    ]);
    expect(run.status).toBe(1);
    const again = await runCommandInProcess(['--fix', 'deploy'], { cwd: dir });
    expect(again.stderr).toContain('nothing to fix');
  });

  it('--fix leaves suppressed findings as they are', async () => {
    const suppressed = spellings.replace('        medium: MEMORY', '        # sidecar-lint-disable-next-line emptydir-invalid-medium -- read by a patched kubelet\n        medium: MEMORY');
    const dir = project('suppressed', { 'pod.yaml': suppressed });
    const run = await runCommandInProcess(['--fix', 'pod.yaml'], { cwd: dir });
    expect(run.stderr).toContain('fixed 2 problems in 1 file');
    const written = readFileSync(path.join(dir, 'pod.yaml'), 'utf8');
    expect(written).toContain('        medium: MEMORY   # expect');
    expect(written).toContain("{medium: 'Memory', sizeLimit: 64Mi}");
  });

  it('--fix writes through a symbolic link to its file, and refuses standard input', async () => {
    const dir = project('link', { 'real/pod.yaml': spellings });
    symlinkSync(path.join(dir, 'real/pod.yaml'), path.join(dir, 'pod.yaml'));
    await runCommandInProcess(['--fix', 'pod.yaml'], { cwd: dir });
    expect(readFileSync(path.join(dir, 'real/pod.yaml'), 'utf8')).toContain('medium: Memory');
    const stdin = await runCommandInProcess(['--fix', '-'], { cwd: dir, input: spellings });
    expect(stdin.status).toBe(2);
    expect(stdin.stderr).toContain('--fix fixes files, not standard input');
    expect((await runCommandInProcess(['--fix', '--fix-dry-run', 'pod.yaml'], { cwd: dir })).status).toBe(2);
  });

  it('--fix leaves a file that is not UTF-8 alone, and says so', async () => {
    const dir = project('latin1', {});
    writeFileSync(path.join(dir, 'pod.yaml'), Buffer.concat([Buffer.from(spellings), Buffer.from('# caf\xe9\n', 'latin1')]));
    const before = readFileSync(path.join(dir, 'pod.yaml'));
    const run = await runCommandInProcess(['--fix', 'pod.yaml'], { cwd: dir });
    expect(readFileSync(path.join(dir, 'pod.yaml')).equals(before)).toBe(true);
    expect(run.stderr).toContain('pod.yaml: not fixed: the file is not valid UTF-8');
  });

  it('--fix-dry-run prints the diff and writes nothing', async () => {
    const dir = project('dry', { 'pod.yaml': spellings });
    const run = await runCommandInProcess(['--fix-dry-run', '--format', 'json=report.json', 'pod.yaml'], { cwd: dir });
    expect(readFileSync(path.join(dir, 'pod.yaml'), 'utf8')).toBe(spellings);
    expect(run.stdout).toBe(unifiedDiff('pod.yaml', spellings, fixAll(spellings)));
    expect(run.stdout).toContain('-        medium: MEMORY   # expect: emptydir-invalid-medium\n+        medium: Memory   # expect: emptydir-invalid-medium\n');
    expect(run.stderr).toContain('sidecar-lint: would fix 3 problems in 1 file:');
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as { files: { findings: unknown[] }[] };
    expect(report.files[0]?.findings).toHaveLength(1);
  });

  it('JSON and SARIF carry the fixes; the SARIF log passes the schema', async () => {
    const dir = project('formats', { 'pod.yaml': spellings.replaceAll('\n', '\r\n') });
    const json = JSON.parse((await runCommandInProcess(['--format', 'json', 'pod.yaml'], { cwd: dir })).stdout) as {
      files: { findings: { fix: { description: string; edits: { line: number; column: number; offset: number; endOffset: number; text: string }[] } | null }[] }[];
    };
    const fixes = json.files[0]?.findings.map((finding) => finding.fix) ?? [];
    expect(fixes[0]).toEqual({
      description: 'Write the medium as `Memory`',
      edits: [{ line: 28, column: 17, endLine: 28, endColumn: 23, offset: expect.any(Number) as number, endOffset: expect.any(Number) as number, text: 'Memory' }],
    });
    expect(fixes.at(-1)).toBeNull();
    const sarifText = (await runCommandInProcess(['--format', 'sarif', 'pod.yaml'], { cwd: dir })).stdout;
    const sarif = JSON.parse(sarifText) as { runs: { results: { fixes?: unknown[] }[] }[] };
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.runs[0]?.results[0]?.fixes).toEqual([
      {
        description: { text: 'Write the medium as `Memory`' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'pod.yaml', index: 0 },
            replacements: [{ deletedRegion: { startLine: 28, startColumn: 17, endLine: 28, endColumn: 23 }, insertedContent: { text: 'Memory' } }],
          },
        ],
      },
    ]);
    // An insertion deletes nothing: a region of no width.
    const insertion = JSON.parse(formatSarif(lintText(annotations, { filePath: 'a.yaml' }), { color: false })) as {
      runs: { results: { fixes?: { artifactChanges: { replacements: { deletedRegion: { startLine: number; endLine: number; startColumn: number; endColumn: number } }[] }[] }[] }[] }[];
    };
    const region = insertion.runs[0]?.results.find((result) => result.fixes)?.fixes?.[0]?.artifactChanges[0]?.replacements[0]?.deletedRegion;
    expect(region && region.startLine === region.endLine && region.startColumn === region.endColumn).toBe(true);
    expect(sarifSchemaErrors(insertion)).toEqual([]);
  });
});

describe.skipIf(!existsSync(CORPUS))('real manifests from the corpus, copied to a temporary folder', () => {
  /** Corpus files known to have findings these fixes apply to (emptyDir media, sidecars first, Jobs). */
  function corpusFilesWithFixes(): string[] {
    const files: string[] = [];
    const walk = (directory: string) => {
      for (const entry of readdirSync(directory, { withFileTypes: true })) {
        const full = path.join(directory, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.ya?ml$/.test(entry.name) && statSync(full).size < 256 * 1024) files.push(full);
      }
    };
    walk(CORPUS);
    return files.filter((file) => {
      const text = readFileSync(file, 'utf8');
      return /medium:\s*['"]?[a-z]|restartPolicy:\s*['"]?[a-z]|kind:\s*(Job|CronJob)|containers:/.test(text) && fixable(lint(text)).length > 0;
    });
  }

  it('after --fix each file is unchanged outside the edits, and the fixed findings are gone', async () => {
    const sources = corpusFilesWithFixes();
    expect(sources.length).toBeGreaterThan(5);
    const dir = path.join(scratch, 'corpus');
    sources.forEach((source, index) => cpSync(source, path.join(dir, `${index}-${path.basename(source)}`)));
    // One pass by hand, checked edit by edit; then the whole --fix loop, checked against fixing in memory.
    for (const source of sources) fixAndCheck(readFileSync(source, 'utf8'));
    const outcome = await fixFiles(['.'], { cwd: dir, configFile: false });
    expect(outcome.files).toHaveLength(sources.length);
    for (const file of outcome.files) expect(file.after, file.file).toBe(fixAll(file.before));
    const run = await runCommandInProcess(['--fix', '.'], { cwd: dir });
    expect(run.stderr).toContain(`in ${sources.length} file`);
    for (const [index, source] of sources.entries()) {
      expect(readFileSync(path.join(dir, `${index}-${path.basename(source)}`), 'utf8'), source).toBe(fixAll(readFileSync(source, 'utf8')));
    }
  }, 120_000);
});
