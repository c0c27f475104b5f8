import { readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { minimatch } from 'minimatch';
import { stringify as toYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { lintText } from '../src/engine/api.js';
import { escapeForTerminal } from '../src/formatters/escape.js';
import { FORMATTERS } from '../src/formatters/index.js';
import { runCommandInProcess, type CliRun } from './cli-runner.js';
import { BROKEN_MOUNT } from './manifests.js';
import { temporaryFolderPerTest } from './temp-folder.js';

/*
 * Property-based tests of the input a pull request controls besides the YAML text (test/fuzz.test.ts mutates that):
 *  - file names: any bytes a file name may hold (line breaks, ESC, `::error`, `##[`, a leading `-` or `--config=x`,
 *    Unicode), linted through the command in this process after `--`, as the pre-commit hook passes them;
 *  - `.sidecar-lint.yaml` contents: near the config schema and far from it;
 *  - CustomResourceDefinition schemas, with a custom resource of their kind.
 * Whatever the input: no exception, no internal error, no stack trace, output safe for a terminal and a CI log, and
 * bounded time. The seeds are fixed so CI repeats the same runs; FUZZ_SEED and FUZZ_RUNS explore others locally,
 * e.g. `FUZZ_SEED=7 FUZZ_RUNS=300 npx vitest run test/fuzz-inputs.test.ts`.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
const runs = (fallback: number) => Number(process.env.FUZZ_RUNS ?? fallback);

/** What may be on a line meant for a terminal or a log: no control character but the format's own line breaks. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** Output for a terminal or a CI log: no control character, no `##[`, no `::` line but the github format's own. */
function expectSafeForLog(output: string, label: string, ownCommands: 'none' | 'github'): void {
  expect(output, label).not.toMatch(CONTROL);
  expect(output, label).not.toContain('##[');
  for (const line of output.split('\n').filter((entry) => /^\s*::/u.test(entry))) {
    expect(ownCommands, `${label}: ${line}`).toBe('github');
    // Ours: `::<command> <properties>::<message>`, whose properties hold no `:` (GitHub's escaping makes it %3A).
    expect(line, label).toMatch(/^::(?:error|warning|notice) [^:]*::/u);
  }
}

/** A run that ended as runs end: an exit code, and no exception, internal error or stack trace on the way. */
function expectOrderlyEnd(run: CliRun, label: string): void {
  expect([0, 1, 2], label).toContain(run.status);
  for (const output of [run.stdout, run.stderr]) {
    expect(output, label).not.toMatch(/internal error/i);
    expect(output, label).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/u);
  }
}

// ---------------------------------------------------------------------------------------------------------
// File names

/** Pieces that mean something to a shell, a terminal, a CI log, an option parser or a glob. */
const NAME_PIECES = [
  'pod', 'a', ' ', '  ', '\n', '\r', '\t', '\r\n', '::error file=a.yaml,line=1::forged', '::', '##[error]', '##[group]', '%0A',
  '-', '--', '--config=evil.yml', '--output=out.yaml', '-o', '-f', '--format=github', '--help', '=', ',',
  '\u001b[2J', '\u001b]0;title\u0007', '\u001b]8;;https://x\u0007', '\u009b31m', '\u0085', '\u2028', '\u202e', '\u200f', '\u0007', '\u007f',
  'é', 'ü', '日本', '🙂', '\ud83d', '*', '?', '[a]', '{a,b}', '!', '\\', '"', "'", '`', '$(id)', '${HOME}', '~', '#', '.', '..', '%s',
];

/** Only `/` and NUL are out of a file name; `.` and `..` are folders; 255 bytes is the longest (200 are kept). */
function isFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\u0000') && Buffer.byteLength(name) <= 200;
}

const fileName = fc
  .tuple(
    fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NAME_PIECES) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) }), {
      minLength: 1,
      maxLength: 6,
    }),
    fc.constantFrom('.yaml', '.yaml', '.yml', ''),
  )
  // As Linux stores it, in UTF-8: a lone surrogate is written as U+FFFD, the name read back.
  .map(([pieces, extension]) => Buffer.from(`${pieces.join('')}${extension}`).toString('utf8'))
  .filter(isFileName);

interface JsonReport {
  files: { file: string; skipped?: unknown; findings: { ruleId: string }[] }[];
  problems?: { subject: string; message: string }[];
}

/** What a file of the input is: a manifest with two findings, YAML with no object, not text, a broken link. */
type FileKind = 'manifest' | 'no-object' | 'not-text' | 'broken-link';
const FILE_KIND = fc.constantFrom<FileKind>('manifest', 'manifest', 'manifest', 'no-object', 'not-text', 'broken-link');

function plant(folder: string, name: string, kind: FileKind): void {
  const file = path.join(folder, name);
  if (kind === 'broken-link') symlinkSync(path.join(folder, 'nowhere'), file);
  else writeFileSync(file, kind === 'manifest' ? BROKEN_MOUNT : kind === 'no-object' ? 'image: web\nreplicas: 3\n' : '\u0000\u001b[2J::error::x\n');
}

describe(`fuzzing file names (seed ${SEED})`, () => {
  const folder = temporaryFolderPerTest('sidecar-lint-fuzz-names-');

  it('lints every file whatever its name, takes no name as an option, and keeps every name inert in text, github and sarif', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.tuple(fileName, FILE_KIND), { minLength: 1, maxLength: 3, selector: ([name]) => name }), async (files) => {
        // One folder for the whole property: emptied before each case.
        for (const entry of readdirSync(folder.path)) rmSync(path.join(folder.path, entry), { recursive: true, force: true });
        for (const [name, kind] of files) plant(folder.path, name, kind);
        const names = files.map(([name]) => name);
        const named = (wanted: FileKind) => files.filter(([, kind]) => kind === wanted).map(([name]) => name).sort();
        const label = JSON.stringify(files);
        const json = await runCommandInProcess(['-f', 'json', '--', ...names], { cwd: folder.path });
        expectOrderlyEnd(json, label);
        // Each file accounted for under its own name: linted (BROKEN_MOUNT's two findings, a yaml-syntax error for
        // what is not text), skipped with the reason, or a problem (a broken link).
        const report = JSON.parse(json.stdout) as JsonReport;
        const byName = new Map(report.files.map((file) => [file.file, file]));
        expect([...byName.keys()].sort(), label).toEqual([...named('manifest'), ...named('no-object'), ...named('not-text')].sort());
        for (const name of named('manifest')) expect(byName.get(name)?.findings, label).toHaveLength(2);
        for (const name of named('no-object')) expect(byName.get(name)?.skipped, label).toEqual(expect.any(String));
        for (const name of named('not-text')) expect(byName.get(name)?.findings.map((finding) => finding.ruleId), label).toEqual(['yaml-syntax']);
        // Each once (see the skipped case below for a link that a name and a glob both reach).
        // A file named `-` is named `./-` there, so that nobody takes it for standard input.
        const subjects = (report.problems ?? []).map((problem) => (problem.subject === './-' ? '-' : problem.subject));
        expect([...new Set(subjects)].sort(), label).toEqual(named('broken-link'));
        const status = named('broken-link').length > 0 ? 2 : named('manifest').length + named('not-text').length > 0 ? 1 : 0;
        expect(json.status, label).toBe(status);
        for (const format of ['text', 'github', 'sarif'] as const) {
          const run = await runCommandInProcess(['-f', format, '--', ...names], { cwd: folder.path });
          expectOrderlyEnd(run, `${format} ${label}`);
          expect(run.status, `${format} ${label}`).toBe(status);
          expectSafeForLog(run.stdout, `${format} ${label}`, format === 'github' ? 'github' : 'none');
          expectSafeForLog(run.stderr, `${format} stderr ${label}`, 'none');
          // A broken link is named where people read problems, escaped (the same function as everywhere).
          for (const name of named('broken-link')) expect(run.stderr + run.stdout, `${format} ${label}`).toContain(escapeForTerminal(name).slice(0, 20));
        }
        // No name was an option: no report written, no config read, nothing but the files in the folder.
        expect(readdirSync(folder.path).sort(), label).toEqual([...names].sort());
      }),
      { seed: SEED, numRuns: runs(60) },
    );
  }, 60_000);

  // Found by the property above (seed 20261129, counterexample [["*pod.yaml","broken-link"]]): given after `--`, the
  // name of a broken link that reads as a glob was expanded, matched the link, and the link was dropped quietly.
  it('names a broken link whose name reads as a glob as a problem, as any other broken link', async () => {
    for (const name of ['*pod.yaml', '?od.yaml']) {
      symlinkSync(path.join(folder.path, 'nowhere'), path.join(folder.path, name));
      const run = await runCommandInProcess(['-f', 'json', '--', name], { cwd: folder.path });
      expect(run.status, name).toBe(2);
      expect((JSON.parse(run.stdout) as JsonReport).problems?.map((problem) => problem.subject), name).toEqual([name]);
    }
  });

  // Found by the property above (seed 61, counterexample [["\u0001.yaml","broken-link"],["*.yaml","broken-link"],
  // ["pod.yaml","manifest"]]): the broken link `*.yaml`, given after `--`, was read as a glob, which reached the other
  // broken link too, and that one was reported twice. A name that is there is now a name, and a link is said once.
  it('says each broken link once when a name and a glob both reach it', async () => {
    symlinkSync(path.join(folder.path, 'nowhere'), path.join(folder.path, 'a.yaml'));
    symlinkSync(path.join(folder.path, 'nowhere'), path.join(folder.path, '*.yaml'));
    const run = await runCommandInProcess(['-f', 'json', '--', 'a.yaml', '*.yaml'], { cwd: folder.path });
    expect(run.status).toBe(2);
    expect((JSON.parse(run.stdout) as JsonReport).problems?.map((problem) => problem.subject).sort()).toEqual(['*.yaml', 'a.yaml']);
  });

  // Found by the property above (seed 20261129, counterexample [["\u007f.yaml","broken-link"]]; seed 22,
  // [["##[error]pod.yaml","no-object"]]): the sarif report's toolExecutionNotifications (and the json report's
  // problems) carried the name with its DEL raw, as they did C1 controls, U+2028, bidi overrides and `##[`:
  // JSON.stringify escapes only C0. They are \uXXXX escapes now (`\u0023#[`), the same data to a JSON reader.
  it('escapes DEL, C1 controls, line separators, bidi overrides and ##[ from a file name in sarif and json', async () => {
    const name = '\u007f\u009b31m\u0085\u2028\u202e##[error]x.yaml';
    symlinkSync(path.join(folder.path, 'nowhere'), path.join(folder.path, name));
    folder.write('##[error]pod.yaml', 'image: web\n');
    for (const format of ['sarif', 'json']) {
      const run = await runCommandInProcess(['-f', format, '--', name, '##[error]pod.yaml'], { cwd: folder.path });
      expect(run.status).toBe(2);
      expectSafeForLog(run.stdout, format, 'none');
    }
  });

  // Found by the property above (seed 20261129, counterexample [["...yaml","pod.yaml"]]): the report named the file
  // `/tmp/.../...yaml`, so a github annotation or a SARIF result pointed at no file of the repository.
  it('names a file whose name starts with `..` as given, relative to the working directory', async () => {
    for (const name of ['...yaml', '..pod.yaml']) {
      folder.write(name, BROKEN_MOUNT);
      const run = await runCommandInProcess(['-f', 'json', '--', name], { cwd: folder.path });
      expect((JSON.parse(run.stdout) as JsonReport).files.map((file) => file.file)).toEqual([name]);
    }
  });

  it('finds every YAML file under a folder whatever its name, and names the others nowhere', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fileName, { minLength: 1, maxLength: 4 }), async (names) => {
        for (const entry of readdirSync(folder.path)) rmSync(path.join(folder.path, entry), { recursive: true, force: true });
        for (const name of names) writeFileSync(path.join(folder.path, name), BROKEN_MOUNT);
        const label = JSON.stringify(names);
        const json = await runCommandInProcess(['-f', 'json', '.'], { cwd: folder.path });
        expectOrderlyEnd(json, label);
        const linted = (JSON.parse(json.stdout) as JsonReport).files.map((file) => file.file).sort();
        expect(linted, label).toEqual(names.filter((name) => /\.ya?ml$/u.test(name)).sort());
        const text = await runCommandInProcess(['.'], { cwd: folder.path });
        expectSafeForLog(text.stdout, label, 'none');
        expectSafeForLog(text.stderr, label, 'none');
      }),
      { seed: SEED + 1, numRuns: runs(25) },
    );
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------------------
// Config files

const RULE_IDS = ['unused-volume', 'unshared-volume', 'undeclared-volume-mount', 'schema-validation', 'missing-schema', 'api-validation', 'job-blocking-sidecar'];

/**
 * Mostly what the schema wants, sometimes not, so that some cases get past the schema and some do not: a config
 * has a dozen places to go wrong, a CRD schema a few at each level.
 */
const mostly = <T, U>(valid: fc.Arbitrary<T>, wrong: fc.Arbitrary<U>, weight = 8) => fc.oneof({ weight, arbitrary: valid }, { weight: 1, arbitrary: wrong });
const mostlyInConfig = <T, U>(valid: fc.Arbitrary<T>, wrong: fc.Arbitrary<U>) => mostly(valid, wrong, 24);
const mostlyInSchema = <T, U>(valid: fc.Arbitrary<T>, wrong: fc.Arbitrary<U>) => mostly(valid, wrong, 16);

const LEVEL = fc.constantFrom('off', 'note', 'warning', 'error');
const WRONG_LEVEL = fc.constantFrom('Error', 'warn', 'info', '', 'on', 'yes', 0, 1, 2, -1, 1.5, true, false, null);

/** Strings a config might hold: globs (brace and extglob forms too), paths, huge and hostile text. */
const CONFIG_STRING = fc.oneof(
  fc.constantFrom(
    '**', '*.yaml', 'pod.yaml', '**/*.yml', '!pod.yaml', '{a,b}{c,d}{e,f}{g,h}', '{1..1000}', '+(a|aa)', '*(a|aa)c', '@(pod|x).yaml', '[', '\\', '',
    '/', '../..', '/etc/passwd', 'https://example.com/x.json', 'schemas/{{ .ResourceKind }}.json', '::error::forged', '\u001b[2J', 'line\nbreak',
    '##[error]x', '__proto__', 'constructor',
  ),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc.nat({ max: 3 }).map((power) => 'x'.repeat(10 ** (power + 2))),
);

const ANY_VALUE: fc.Arbitrary<unknown> = fc.oneof(CONFIG_STRING, WRONG_LEVEL, fc.array(CONFIG_STRING, { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 }));

const OPTIONS = fc.dictionary(
  fc.oneof({ weight: 6, arbitrary: fc.constantFrom('scratchPaths', 'injectedVolumes', 'injectedVolumeAnnotations') }, { weight: 1, arbitrary: fc.constantFrom('other', '__proto__') }),
  mostlyInConfig(fc.array(mostlyInConfig(fc.constantFrom('/tmp', '/scratch', 'istio-envoy', 'vault.hashicorp.com/agent-inject'), CONFIG_STRING), { maxLength: 3 }), ANY_VALUE),
  { maxKeys: 2 },
);

const RULE_SETTING = mostlyInConfig(
  fc.oneof(LEVEL, fc.record({ level: LEVEL, options: OPTIONS }, { requiredKeys: [] })),
  fc.oneof(WRONG_LEVEL, fc.record({ level: mostlyInConfig(LEVEL, WRONG_LEVEL), options: ANY_VALUE }, { requiredKeys: [] }), ANY_VALUE),
);

const RULE_ID = mostlyInConfig(fc.constantFrom(...RULE_IDS), fc.constantFrom('unused-volumes', '__proto__', 'UNUSED-VOLUME', '', 'constructor', 'yaml-syntax'));

const POD_SPEC_PATH = mostlyInConfig(fc.constantFrom('spec.template.spec', 'spec.jobTemplate.spec.template.spec', 'spec.x[*].template.spec', 'spec.*.spec'), CONFIG_STRING);

const CONFIG_OBJECT = fc
  .tuple(
    fc.record(
      {
        rules: mostlyInConfig(fc.dictionary(RULE_ID, RULE_SETTING, { maxKeys: 4 }), ANY_VALUE),
        ignore: mostlyInConfig(fc.array(CONFIG_STRING, { maxLength: 4 }), ANY_VALUE),
        kubernetesVersion: mostlyInConfig(fc.constantFrom('1.29', '1.30', '1.36', 'v1.33'), fc.oneof(CONFIG_STRING, fc.constantFrom(1.3, 1.29, 2))),
        injectedVolumes: mostlyInConfig(fc.array(mostlyInConfig(fc.constantFrom('istio-envoy', 'vault-secrets'), CONFIG_STRING), { maxLength: 3 }), ANY_VALUE),
        injectedVolumeAnnotations: mostlyInConfig(fc.array(mostlyInConfig(fc.constant('example.com/volumes'), CONFIG_STRING), { maxLength: 3 }), ANY_VALUE),
        podSpecs: mostlyInConfig(
          fc.array(fc.record({ apiVersion: mostlyInConfig(fc.constant('example.com/v1'), CONFIG_STRING), kind: mostlyInConfig(fc.constant('Widget'), CONFIG_STRING), path: POD_SPEC_PATH }), { maxLength: 2 }),
          ANY_VALUE,
        ),
        schemaLocations: mostlyInConfig(fc.array(mostlyInConfig(fc.constantFrom('schemas', 'crds/', 'schemas/{{ .ResourceKind }}.json'), CONFIG_STRING), { maxLength: 2 }), ANY_VALUE),
      },
      { requiredKeys: [] },
    ),
    // A key the schema does not know, now and then.
    fc.oneof({ weight: 24, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.dictionary(CONFIG_STRING, ANY_VALUE, { minKeys: 1, maxKeys: 2 }) }),
  )
  .map(([known, unknown]) => ({ ...unknown, ...known }));

/** YAML-ish text: what a broken or hostile file holds. */
const YAML_PIECES = ['rules:', 'ignore:', ' ', '\n', '\t', '- ', ': ', '{', '}', '[', ']', '&a ', '*a', '<<: ', '!!binary ', '---\n', '"', "'", '#', '? ', 'unused-volume: off', '\r', '\u0085', '\ufeff', '%YAML 1.2\n'];
const YAML_TEXT = fc.array(fc.oneof(fc.constantFrom(...YAML_PIECES), fc.string({ maxLength: 5 })), { maxLength: 30 }).map((pieces) => pieces.join(''));

/** A config file's text, with the object it writes where it was written from one. */
interface ConfigCase {
  text: string;
  config?: Record<string, unknown>;
}

const CONFIG_CASE: fc.Arbitrary<ConfigCase> = fc.oneof(
  { weight: 4, arbitrary: CONFIG_OBJECT.map((config) => ({ text: toYaml(config), config })) },
  { weight: 1, arbitrary: CONFIG_OBJECT.map((config) => ({ text: JSON.stringify(config), config })) },
  { weight: 1, arbitrary: YAML_TEXT.map((text) => ({ text })) },
);

const own = (object: unknown, key: string): unknown => (isObject(object) && Object.hasOwn(object, key) ? object[key] : undefined);
const stringsOf = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/**
 * What BROKEN_MOUNT (undeclared-volume-mount, an error, and unused-volume, a warning, in pod.yaml) gives under a
 * config that was applied: none if an `ignore` glob matches the file; each rule at the level the config gives it,
 * none if `off`; unused-volume none if the config declares the `ca` volume injected.
 */
function expectedUnder(config: Record<string, unknown>): string[] {
  const ignore = stringsOf(config.ignore);
  // minimatch's reading of the patterns (ignore has its own matcher, src/engine/glob-match.ts, in linear time).
  if (ignore.some((pattern) => minimatch('pod.yaml', pattern, { dot: true, noext: true }))) return [];
  const levelOf = (id: string, fallback: string): unknown => {
    const setting = own(config.rules, id);
    return typeof setting === 'string' ? setting : (own(setting, 'level') ?? fallback);
  };
  const injected = [...stringsOf(config.injectedVolumes), ...stringsOf(own(own(own(config.rules, 'unused-volume'), 'options'), 'injectedVolumes'))];
  const expected = [`undeclared-volume-mount ${String(levelOf('undeclared-volume-mount', 'error'))}`];
  if (!injected.includes('ca')) expected.push(`unused-volume ${String(levelOf('unused-volume', 'warning'))}`);
  return expected.filter((entry) => !entry.endsWith(' off')).sort();
}

describe(`fuzzing config files (seed ${SEED})`, () => {
  const folder = temporaryFolderPerTest('sidecar-lint-fuzz-config-');

  it('applies a config file or refuses it with its file and line, never with an internal error', async () => {
    await fc.assert(
      // Found in the folder, or given with --config under a name of its own, which the refusal names escaped.
      fc.asyncProperty(CONFIG_CASE, fc.option(fileName.filter((name) => name !== 'pod.yaml')), async ({ text, config }, givenName) => {
        for (const entry of readdirSync(folder.path)) rmSync(path.join(folder.path, entry), { recursive: true, force: true });
        const name = givenName ?? '.sidecar-lint.yaml';
        const file = folder.write(name, text);
        folder.write('pod.yaml', BROKEN_MOUNT);
        const options = givenName === null ? [] : ['--config', file];
        const label = JSON.stringify([name, text]).slice(0, 2_000);
        const started = performance.now();
        const run = await runCommandInProcess([...options, 'pod.yaml'], { cwd: folder.path });
        expect(performance.now() - started, label).toBeLessThan(5_000);
        expectOrderlyEnd(run, label);
        expectSafeForLog(run.stdout, label, 'none');
        expectSafeForLog(run.stderr, label, 'none');
        if (run.status === 2) {
          // Refused: every line of the refusal names the file and the place in it.
          const lines = run.stderr.split('\n').filter((line) => line !== '');
          expect(lines.length, label).toBeGreaterThan(0);
          const shown = `sidecar-lint: ${escapeForTerminal(file)}:`;
          for (const line of lines) {
            expect(line.startsWith(shown), `${label}: ${line}`).toBe(true);
            expect(line.slice(shown.length), label).toMatch(/^\d+:\d+: \S/u);
          }
        } else {
          expect(run.stderr, label).toBe('');
          // Applied: the findings are those the config says, at the levels it gives.
          if (config === undefined) return;
          const json = await runCommandInProcess([...options, '-f', 'json', 'pod.yaml'], { cwd: folder.path });
          const findings = (JSON.parse(json.stdout) as { files: { findings: { ruleId: string; level: string }[] }[] }).files.flatMap((entry) => entry.findings);
          expect(findings.map((finding) => `${finding.ruleId} ${finding.level}`).sort(), label).toEqual(expectedUnder(config));
        }
      }),
      { seed: SEED + 2, numRuns: runs(150) },
    );
  }, 60_000);

  // Found by the property above (seed 82, counterexample `ignore: ["!!"]`): minimatch reads each leading `!` as one
  // more negation, so `!!x` is `x` and `!!` matches nothing but the empty path; src/engine/glob-match.ts negated once
  // and read the rest (`!x`, `!`) as the pattern, so `!!x` ignored every file but one named `!x`.
  it('reads leading `!`s as minimatch does: each one a negation', async () => {
    folder.write('pod.yaml', BROKEN_MOUNT);
    for (const pattern of ['!!', '!!x', '!!!pod.yaml']) {
      folder.write('.sidecar-lint.yaml', `ignore: ["${pattern}"]\n`);
      const run = await runCommandInProcess(['-f', 'json', 'pod.yaml'], { cwd: folder.path });
      expect(run.status, pattern).toBe(1);
    }
    folder.write('.sidecar-lint.yaml', 'ignore: ["!!pod.yaml"]\n');
    expect((await runCommandInProcess(['pod.yaml'], { cwd: folder.path })).status).toBe(0);
  });

  // Found by this fuzzing (a draw of `ignore: [<100,000 x>]`): minimatch threw "pattern is too long" past 65,536
  // characters, and the run ended as "sidecar-lint: internal error: pattern is too long", exit 2, no findings.
  it('refuses an ignore pattern too long to be a path with the file and line, not an internal error', async () => {
    folder.write('.sidecar-lint.yaml', `ignore: ["${'x'.repeat(70_000)}"]\n`);
    folder.write('pod.yaml', BROKEN_MOUNT);
    const run = await runCommandInProcess(['pod.yaml'], { cwd: folder.path });
    expectOrderlyEnd(run, 'a 70,000-character ignore pattern');
    expect(run.stderr).toMatch(/^sidecar-lint: \S*\.sidecar-lint\.yaml:1:\d+: /u);
  });

  // Found by this fuzzing's first runs, by hand from its extglob pieces: minimatch turned `*(a|aa)` into a
  // backtracking RegExp, and a pull request controls both the pattern (its .sidecar-lint.yaml) and the file names it
  // is matched against: 34 characters took over a minute. `*a*a*a*a*b` is the shape for the wildcards that remain.
  it('matches a backtracking ignore pattern against a long file name in bounded time', async () => {
    const name = `${'a'.repeat(240)}.yaml`;
    folder.write(name, BROKEN_MOUNT);
    for (const pattern of ['*(a|aa)*(a|aa)*(a|aa)c', '*a*a*a*a*a*a*a*b', '**/*a*a*a*a*a*a*b', '{*a,a*}{*a,a*}{*a,a*}*b']) {
      folder.write('.sidecar-lint.yaml', `ignore: ["${pattern}"]\n`);
      const started = performance.now();
      const run = await runCommandInProcess(['-f', 'json', '--', name], { cwd: folder.path });
      expect(performance.now() - started, pattern).toBeLessThan(2_000);
      expect(run.status, pattern).toBe(1);
    }
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------------------
// CustomResourceDefinitions

/** Patterns: RE2 ones, ones that backtrack in a JavaScript RegExp, ones RE2 refuses, ones no engine reads. */
const PATTERNS = ['^(a+)+$', '^(a|aa)+$', '^::error$', '\u001b\\[2J', '##\\[', '^([a-z]+)*[0-9]$', '(?i)^abc$', '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', '(?=a)', '(a)\\1', '[', '\\', '*', '^\\p{L}+$', 'a{1000}{1000}', ''];
const FORMATS = ['int32', 'int64', 'date-time', 'byte', 'uri', 'email', 'quantity', 'int-or-string', 'cidr', 'double', 'password', 'nonsense', ''];

/** A value where a schema keyword expects something else: the wrong types a CRD may have. */
const WRONG = fc.oneof(fc.constantFrom('x', 7, -1, 1.5, true, null, [], {}, ['a'], { a: 1 }), fc.string({ maxLength: 4 }));
const SHORT_STRING = fc.oneof(
  fc.constantFrom('a', 'abc', 'ABC', `${'a'.repeat(40)}!`, `${'a'.repeat(5_000)}!`, '1Gi', '2001-12-14T00:00:00Z', '', '::error::x', '\u001b]0;t\u0007\r##[error]'),
  fc.string({ maxLength: 6 }),
);
const NUMBER = fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, 2 ** 63, 2 ** 64, 1e300, 0.5), fc.double({ noNaN: true, noDefaultInfinity: true }));
const FIELD_NAME = fc.constantFrom('a', 'b', 'name', 'spec', 'metadata', '__proto__', 'constructor', 'a b', '$ref', 'x-y', '::error::x', '##[error]', 'a\u001b[2J', 'a\nb', '\u202e');

/** Keywords any schema may add, mostly well typed. */
const EXTRAS = {
  description: fc.string({ maxLength: 10 }),
  nullable: mostlyInSchema(fc.boolean(), WRONG),
  default: fc.jsonValue({ maxDepth: 1 }),
  'x-kubernetes-validations': mostlyInSchema(fc.array(fc.record({ rule: fc.constantFrom('self.a > 0', 'has(self.x)', ')') }), { maxLength: 1 }), WRONG),
};

type Schema = Record<string, unknown>;

const SCHEMA: fc.Arbitrary<unknown> = fc.letrec<{ schema: unknown }>((tie) => {
  const child = tie('schema');
  const typed = (type: unknown, keywords: Record<string, fc.Arbitrary<unknown>>) =>
    fc.record({ type: fc.constant(type), ...keywords, ...EXTRAS }, { requiredKeys: ['type'] });
  return {
    schema: fc.oneof(
      // At the deepest, fast-check takes the first arbitrary: a leaf. Three levels of up to a few sub-schemas each.
      { depthSize: 'small', maxDepth: 3, depthIdentifier: 'schema', withCrossShrink: true },
      { weight: 3, arbitrary: fc.oneof(
        typed('string', { pattern: mostlyInSchema(fc.constantFrom(...PATTERNS), WRONG), format: fc.constantFrom(...FORMATS), enum: mostlyInSchema(fc.array(SHORT_STRING, { minLength: 1, maxLength: 4 }), WRONG), maxLength: mostlyInSchema(fc.nat({ max: 50 }), WRONG) }),
        typed('integer', { format: fc.constantFrom(...FORMATS), minimum: mostlyInSchema(NUMBER, WRONG), maximum: mostlyInSchema(NUMBER, WRONG), enum: mostlyInSchema(fc.array(NUMBER, { minLength: 1, maxLength: 3 }), WRONG) }),
        typed('number', { format: fc.constantFrom(...FORMATS), minimum: mostlyInSchema(NUMBER, WRONG) }),
        typed('boolean', {}),
        fc.constant({ 'x-kubernetes-int-or-string': true }),
        fc.constant({ 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] }),
        fc.constant({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }),
        fc.constant({ type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true }),
      ) },
      { weight: 3, arbitrary: typed('object', {
        properties: fc.dictionary(FIELD_NAME, child, { maxKeys: 3 }),
        required: mostlyInSchema(fc.array(FIELD_NAME, { maxLength: 2 }), WRONG),
        additionalProperties: mostlyInSchema(fc.oneof(fc.boolean(), child), WRONG),
        'x-kubernetes-map-type': mostlyInSchema(fc.constantFrom('atomic', 'granular'), WRONG),
      }) },
      { weight: 2, arbitrary: typed('array', {
        items: mostlyInSchema(child, fc.oneof(fc.array(child, { maxLength: 2 }), WRONG)),
        maxItems: mostlyInSchema(fc.nat({ max: 5 }), WRONG),
        'x-kubernetes-list-type': mostlyInSchema(fc.constantFrom('atomic', 'set', 'map'), WRONG),
        'x-kubernetes-list-map-keys': mostlyInSchema(fc.array(FIELD_NAME, { maxLength: 1 }), WRONG),
      }) },
      // What a CRD should not hold, but a file may: combinators, refs that resolve nowhere, wrong types of everything.
      { weight: 1, arbitrary: fc.record(
        {
          type: fc.oneof(fc.constantFrom('Object', 'int', 'null', ''), WRONG),
          properties: fc.oneof(fc.dictionary(FIELD_NAME, child, { maxKeys: 2 }), WRONG),
          items: fc.oneof(child, WRONG),
          allOf: fc.oneof(fc.array(child, { maxLength: 2 }), WRONG),
          anyOf: fc.oneof(fc.array(child, { maxLength: 2 }), WRONG),
          oneOf: fc.oneof(fc.array(child, { maxLength: 2 }), WRONG),
          not: child,
          $ref: fc.constantFrom('#/definitions/nope', '#', 'kubernetes#/definitions/IoK8sApiCoreV1PodSpec', 'http://example.com/x', '#/properties/a'),
          enum: WRONG,
          pattern: WRONG,
          format: WRONG,
          minimum: WRONG,
          required: WRONG,
          'x-kubernetes-int-or-string': WRONG,
          'x-kubernetes-preserve-unknown-fields': WRONG,
        },
        { requiredKeys: [] },
      ) },
      { weight: 1, arbitrary: WRONG },
    ),
  };
}).schema;

/** Random values: any JSON, and the strings that make the backtracking patterns work hardest. */
const ANY_RESOURCE_VALUE: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 2 }), SHORT_STRING, NUMBER);

/** A value shaped by the schema (its fields, items and types), each part now and then random instead. */
function valueFor(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 4 || !isObject(schema)) return ANY_RESOURCE_VALUE;
  const { type, properties, items, enum: values } = schema;
  let shaped: fc.Arbitrary<unknown>;
  if (Array.isArray(values) && values.length > 0) shaped = fc.constantFrom(...(values as unknown[]));
  else if (type === 'object' && isObject(properties)) {
    const fields = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, valueFor(property, depth + 1)]));
    shaped = fc.record(fields, { requiredKeys: [] });
  } else if (type === 'array') shaped = fc.array(valueFor(items, depth + 1), { maxLength: 3 });
  else if (type === 'string') shaped = SHORT_STRING;
  else if (type === 'integer' || type === 'number') shaped = NUMBER;
  else if (type === 'boolean') shaped = fc.boolean();
  else shaped = ANY_RESOURCE_VALUE;
  return fc.oneof({ weight: 6, arbitrary: shaped }, { weight: 1, arbitrary: ANY_RESOURCE_VALUE });
}

/** The schema of a custom resource's `spec`, where the CRD's schema has one. */
function specSchemaOf(schema: unknown): unknown {
  const properties = isObject(schema) ? schema.properties : undefined;
  return isObject(properties) ? properties.spec : undefined;
}

const isObject = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** How the CRD gives its versions: one, two (the other with a schema of its own), v1beta1's shared schema, or wrongly. */
type VersionsShape = { kind: 'one'; name: unknown } | { kind: 'two'; other: unknown } | { kind: 'legacy' } | { kind: 'wrong'; versions: unknown };

const VERSIONS_SHAPE: fc.Arbitrary<VersionsShape> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<VersionsShape>({ kind: 'one', name: 'v1' }) },
  { weight: 1, arbitrary: WRONG.map((name): VersionsShape => ({ kind: 'one', name })) },
  { weight: 2, arbitrary: SCHEMA.map((other): VersionsShape => ({ kind: 'two', other })) },
  { weight: 2, arbitrary: fc.constant<VersionsShape>({ kind: 'legacy' }) },
  { weight: 1, arbitrary: WRONG.map((versions): VersionsShape => ({ kind: 'wrong', versions })) },
);

function crdText(schema: unknown, shape: VersionsShape): string {
  const version = (name: unknown, served: boolean, openAPIV3Schema: unknown) => ({ name, served, storage: served, schema: { openAPIV3Schema } });
  const spec: Record<string, unknown> = { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced' };
  if (shape.kind === 'one') spec.versions = [version(shape.name, true, schema)];
  else if (shape.kind === 'two') spec.versions = [version('v1alpha1', false, shape.other), version('v1', true, schema)];
  else if (shape.kind === 'wrong') spec.versions = shape.versions;
  else Object.assign(spec, { version: 'v1', validation: { openAPIV3Schema: schema } });
  const apiVersion = shape.kind === 'legacy' ? 'apiextensions.k8s.io/v1beta1' : 'apiextensions.k8s.io/v1';
  return toYaml({ apiVersion, kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' }, spec }, { aliasDuplicateObjects: false });
}

describe(`fuzzing CustomResourceDefinitions (seed ${SEED})`, () => {
  it('validates a custom resource against any CRD schema without an exception or an internal error, in bounded time', () => {
    fc.assert(
      fc.property(
        fc
          .oneof({ weight: 1, arbitrary: SCHEMA }, { weight: 3, arbitrary: fc.record({ type: fc.constant('object'), properties: fc.record({ spec: SCHEMA }) }) })
          .chain((schema) => fc.tuple(fc.constant(schema), valueFor(specSchemaOf(schema)))),
        VERSIONS_SHAPE,
        fc.oneof({ weight: 8, arbitrary: fc.constant('example.com/v1') }, { weight: 1, arbitrary: fc.constantFrom('example.com/v1alpha1', 'example.com/v2') }),
        ([schema, spec], versions, apiVersion) => {
          const widget = toYaml({ apiVersion, kind: 'Widget', metadata: { name: 'w' }, spec }, { aliasDuplicateObjects: false });
          const text = `${crdText(schema, versions)}---\n${widget}`;
          const label = text.slice(0, 3_000);
          const started = performance.now();
          const report = lintText(text, { filePath: 'widgets.yaml' });
          expect(performance.now() - started, label).toBeLessThan(3_000);
          const findings = report.files.flatMap((file) => file.findings);
          expect(findings.filter((finding) => finding.ruleId === 'internal-error'), label).toEqual([]);
          for (const finding of findings) expect(finding.message.length, label).toBeLessThan(5_000);
          // What the messages quote from the CRD (patterns, enum values, field names) stays inert on a terminal and in a log.
          expectSafeForLog(FORMATTERS.text(report, { color: false }), `text ${label}`, 'none');
          expectSafeForLog(FORMATTERS.github(report, { color: false }), `github ${label}`, 'github');
        },
      ),
      { seed: SEED + 3, numRuns: runs(120) },
    );
  }, 60_000);
});
