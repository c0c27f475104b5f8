import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { compareFindings } from '../src/engine/finding.js';
import { FORMATTERS } from '../src/formatters/index.js';
import { formatSarif } from '../src/formatters/sarif.js';
import { activeRules, lintFileText, lintSettings, type FileResult } from '../src/engine/lint.js';
import { SourceText } from '../src/yaml/source-text.js';
import type { LintReport } from '../src/engine/report.js';
import { registerCustomResourceDefinitions } from '../src/schemas/custom-resource-definitions.js';
import { CORPUS } from './cli-runner.js';
import { listFixtures } from './fixture-markers.js';
import { yamlFilesUnder } from './yaml-files.js';
import { sarifSchemaErrors } from './sarif-schema.js';
import { deleteLine, duplicateLine } from './text-edits.js';

/*
 * Property-based tests: real manifests (the fixtures, and a sample of ../shared/corpus when it is there, read in
 * place) mutated the ways people and tools break YAML, then linted in-process. Whatever the text:
 *  - linting never throws, and no rule fails (`failures` empty: a rule that throws is a bug);
 *  - every finding's position lies inside the text;
 *  - the SARIF report passes the SARIF 2.1.0 schema, and names every rule it reports; every formatter works;
 *  - linting the same text again gives deep-equal results;
 *  - compareFindings orders the findings the same whatever order they come in (a total order: output is stable).
 * The seed is fixed so CI repeats the same runs; FUZZ_SEED and FUZZ_RUNS explore others locally, e.g.
 * `FUZZ_SEED=7 FUZZ_RUNS=2000 npx vitest run test/fuzz.test.ts`.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_251_121);
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 200);
/** The corpus sample adds real shapes, not new code paths: fewer runs there keep the suite under a minute. */
const CORPUS_RUNS = Number(process.env.FUZZ_RUNS ?? 60);

interface Source {
  name: string;
  text: string;
}

/**
 * A fixed sample of the corpus: every multi-container manifest INDEX.tsv lists, and every 25th other file, up to
 * 32 KB each (bigger ones cost time and add no new shapes).
 */
function corpusSample(): Source[] {
  if (!existsSync(CORPUS)) return [];
  const index = path.join(CORPUS, 'INDEX.tsv');
  const multiContainer = new Set<string>();
  if (existsSync(index)) {
    const [header, ...rows] = readFileSync(index, 'utf8').split('\n').filter((line) => line !== '');
    const columns = (header ?? '').split('\t');
    const source = columns.indexOf('source');
    const file = columns.indexOf('path');
    const containers = columns.indexOf('max_containers');
    for (const row of rows) {
      const cells = row.split('\t');
      if (Number(cells[containers]) >= 2) multiContainer.add(path.join(CORPUS, cells[source] ?? '', cells[file] ?? ''));
    }
  }
  return yamlFilesUnder(CORPUS)
    .filter((file, position) => multiContainer.has(file) || position % 25 === 0)
    .filter((file) => statSync(file).size <= 32 * 1024)
    .map((file) => ({ name: `corpus/${path.relative(CORPUS, file).split(path.sep).join('/')}`, text: readFileSync(file, 'utf8') }));
}

const FIXTURES: Source[] = listFixtures().map((fixture) => ({ name: `fixtures/${fixture.ruleDir}/${fixture.file}`, text: fixture.text }));
const CORPUS_SAMPLE: Source[] = corpusSample();

/** Values of other types for a key: the shapes a template engine or a careless edit leaves behind. */
const REPLACEMENTS = ['null', '~', '', '42', '-1', '0.5', '.inf', 'yes', 'off', '[]', '[a, 1, null]', '{}', '{a: 1}', '"str"', "''", '"/var/log/app"', '&x 1', '!!binary aGk=', '|\n  block', '"unclosed'] as const;

type Mutation =
  | { kind: 'delete-line'; line: number }
  | { kind: 'duplicate-line'; line: number }
  | { kind: 'change-value'; line: number; to: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'splice'; other: number; cut: number; from: number }
  | { kind: 'swap-lines'; line: number; with: number }
  | { kind: 'insert-tab'; line: number; where: 'indent' | 'for-a-space' | 'anywhere'; at: number };

type MutationKind = Mutation['kind'];

const MUTATIONS: Record<MutationKind, fc.Arbitrary<Mutation>> = {
  'delete-line': fc.record({ kind: fc.constant('delete-line' as const), line: fc.nat() }),
  'duplicate-line': fc.record({ kind: fc.constant('duplicate-line' as const), line: fc.nat() }),
  'change-value': fc.record({ kind: fc.constant('change-value' as const), line: fc.nat(), to: fc.constantFrom(...REPLACEMENTS) }),
  truncate: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  splice: fc.record({ kind: fc.constant('splice' as const), other: fc.nat(), cut: fc.nat(), from: fc.nat() }),
  'swap-lines': fc.record({ kind: fc.constant('swap-lines' as const), line: fc.nat(), with: fc.nat() }),
  'insert-tab': fc.record({
    kind: fc.constant('insert-tab' as const),
    line: fc.nat(),
    where: fc.constantFrom('indent' as const, 'for-a-space' as const, 'anywhere' as const),
    at: fc.nat(),
  }),
};

/** A key line: `key:` or `- key:` with a value or none. Group 1 is everything up to and including the colon. */
const KEY_LINE = /^(\s*(?:-\s+)?(?:"[^"]*"|'[^']*'|[^\s#'"\-][^:#]*?):)(?:\s.*)?$/;

/** Lines with their `\n` split off (a `\r` stays on its line, as in the file). */
const linesOf = (text: string) => text.split('\n');

/** An offset that does not fall inside a surrogate pair: a file read from disk never splits one. */
function safeOffset(text: string, at: number): number {
  const offset = at % (text.length + 1);
  const before = text.charCodeAt(offset - 1);
  return offset > 0 && before >= 0xd800 && before <= 0xdbff ? offset - 1 : offset;
}

function mutate(text: string, mutation: Mutation, sources: readonly Source[]): string {
  const lines = linesOf(text);
  const pick = (n: number) => n % lines.length;
  switch (mutation.kind) {
    case 'delete-line':
      return deleteLine(text, mutation.line);
    case 'duplicate-line':
      return duplicateLine(text, mutation.line);
    case 'change-value': {
      const keyed = lines.flatMap((line, index) => (KEY_LINE.test(line) ? [index] : []));
      if (keyed.length === 0) return text;
      const at = keyed[mutation.line % keyed.length] ?? 0;
      const match = KEY_LINE.exec(lines[at] ?? '');
      const copy = [...lines];
      const replacement = mutation.to.replaceAll('\n', `\n${' '.repeat(((match?.[1] ?? '').match(/^\s*/)?.[0].length ?? 0) + 2)}`);
      copy[at] = `${match?.[1] ?? ''}${replacement === '' ? '' : ` ${replacement}`}`;
      return copy.join('\n');
    }
    case 'truncate':
      return text.slice(0, safeOffset(text, mutation.at));
    case 'splice': {
      const other = linesOf(sources[mutation.other % sources.length]?.text ?? '');
      return [...lines.slice(0, mutation.cut % (lines.length + 1)), ...other.slice(mutation.from % (other.length + 1))].join('\n');
    }
    case 'swap-lines': {
      const a = pick(mutation.line);
      const b = pick(mutation.with);
      const copy = [...lines];
      copy[a] = lines[b] ?? '';
      copy[b] = lines[a] ?? '';
      return copy.join('\n');
    }
    case 'insert-tab': {
      if (mutation.where === 'anywhere') {
        const offset = safeOffset(text, mutation.at);
        return `${text.slice(0, offset)}\t${text.slice(offset)}`;
      }
      const at = pick(mutation.line);
      const line = lines[at] ?? '';
      const copy = [...lines];
      copy[at] = mutation.where === 'indent' ? `\t${line}` : line.replace(/^( *) /, '$1\t');
      return copy.join('\n');
    }
  }
}

const rules = activeRules(RULES);
const CATALOGUE = RULES.map((rule) => rule.meta);

/** Lints as the CLI does for one file: CRDs of the text registered first, on fresh settings. */
function lintOnce(name: string, text: string): { result: FileResult; again: FileResult } {
  const settings = lintSettings();
  registerCustomResourceDefinitions(settings.schemas, name, text);
  const result = lintFileText(name, text, { rules, settings });
  // The same settings again: whatever they cached on the first pass must not change the answer.
  const again = lintFileText(name, text, { rules, settings });
  return { result, again };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
}

/** Every check a mutated text must pass; throws (with the text) on the first violation. */
function check(name: string, text: string): void {
  const { result, again } = lintOnce(name, text);
  expect(result.failures.map((failure) => `${failure.ruleId}: ${String(failure.error)}`), 'rule failures').toEqual([]);
  expect(again, 'the same text linted twice').toEqual(result);

  // Positions inside the text, in the one line model the engine uses (CR, LF and CRLF end lines; no BOM column).
  const lines = SourceText.from(text).lines();
  for (const finding of result.findings) {
    const { start, end } = finding.region;
    const where = `${finding.ruleId} ${start.line}:${start.column}-${end.line}:${end.column}`;
    expect(start.line >= 1 && start.column >= 1, where).toBe(true);
    expect(end.line > start.line || (end.line === start.line && end.column >= start.column), `${where}: end before start`).toBe(true);
    expect(end.line, `${where}: past the last line`).toBeLessThanOrEqual(lines.length);
    expect(start.column, `${where}: past the end of its line`).toBeLessThanOrEqual((lines[start.line - 1] ?? '').length + 1);
    expect(end.column, `${where}: past the end of its line`).toBeLessThanOrEqual((lines[end.line - 1] ?? '').length + 1);
  }

  // compareFindings is a total order on what is reported: any input order sorts to the same output.
  const sorted = [...result.findings].sort(compareFindings);
  const fromReversed = [...result.findings].reverse().sort(compareFindings);
  expect(fromReversed, 'sorting is independent of the input order').toEqual(sorted);

  const report: LintReport = { files: [{ ...result, findings: sorted }], problems: [], rules: CATALOGUE };
  const log = JSON.parse(formatSarif(report, { color: false })) as { runs: { results: SarifResult[] }[] };
  expect(sarifSchemaErrors(log), 'SARIF schema errors').toEqual([]);
  for (const sarifResult of log.runs[0]?.results ?? []) expect(sarifResult.ruleIndex, `${sarifResult.ruleId} is in tool.driver.rules`).toBeGreaterThanOrEqual(0);
  // Every other format too (SARIF was just written and checked).
  for (const [format, formatter] of Object.entries(FORMATTERS)) {
    if (formatter !== formatSarif) expect(() => formatter(report, { color: false }), format).not.toThrow();
  }
}

/** Runs `check`, and on failure says what the text was, so the minimal counterexample is readable. */
function checkMutant(source: Source, mutations: readonly Mutation[], sources: readonly Source[]): void {
  let text = source.text;
  for (const mutation of mutations) text = mutate(text, mutation, sources);
  try {
    check(source.name, text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`${detail}\n  source: ${source.name}\n  mutations: ${JSON.stringify(mutations)}\n  text: ${JSON.stringify(text.length > 4000 ? `${text.slice(0, 4000)}…` : text)}`);
  }
}

/**
 * The properties, over one set of sources. The fixtures and the corpus sample are fuzzed separately, so a clone
 * without ../shared runs exactly the fixture properties CI runs.
 */
function fuzz(label: string, sources: readonly Source[], seedOffset: number, numRuns: number): void {
  const sourceIndex = fc.nat({ max: Math.max(sources.length - 1, 0) });
  const base = SEED + seedOffset;
  describe(`fuzzing the linter with mutated ${label} (seed ${base}, ${numRuns} runs a property, ${sources.length} files)`, () => {
    it('lints every source unmutated without a failure (the baseline the mutations start from)', () => {
      for (const source of sources) checkMutant(source, [], sources);
    });

    // Each property has a seed of its own (base + its place), so they do not all draw the same sources in the same order.
    const KINDS = Object.keys(MUTATIONS) as MutationKind[];
    it.each(KINDS.map((kind, place) => [kind, base + 1 + place] as const))('%s (seed %d)', (kind, seed) => {
      fc.assert(
        fc.property(sourceIndex, MUTATIONS[kind], (index, mutation) => {
          const source = sources[index];
          if (source) checkMutant(source, [mutation], sources);
        }),
        { seed, numRuns },
      );
    });

    it(`chains of 2 to 4 mutations of any kind (seed ${base})`, () => {
      fc.assert(
        fc.property(sourceIndex, fc.array(fc.oneof(...Object.values(MUTATIONS)), { minLength: 2, maxLength: 4 }), (index, mutations) => {
          const source = sources[index];
          if (source) checkMutant(source, mutations, sources);
        }),
        { seed: base, numRuns },
      );
    });
  });
}

it('has the fixtures to fuzz', () => expect(FIXTURES.length).toBeGreaterThan(50));
fuzz('fixtures', FIXTURES, 0, NUM_RUNS);
if (CORPUS_SAMPLE.length > 0) fuzz('corpus files', CORPUS_SAMPLE, 1000, CORPUS_RUNS);

/*
 * The minimal counterexamples fuzzing found (with the seeds above and others), kept as plain cases so they fail
 * (or pass) the same way whatever the seed. Each text is exact.
 */
describe('counterexamples found by fuzzing', () => {
  const CHECKED: readonly (readonly [string, string])[] = [
    [
      // Two findings at the same place with the same rule and message, one for each Pod that shares the node:
      // compareFindings ties, so their order is the order they were made in.
      'one node reported for two resources through an alias',
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: a}\n    spec: &spec\n      containers:\n        - name: app\n          image: x\n          volumeMounts: [{name: nope, mountPath: /x}]\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: b}\n    spec: *spec\n',
    ],
    [
      // ajv cannot compile the CRD's schema: schema-validation and missing-schema throw on the custom resource.
      'a CRD whose openAPIV3Schema has `type: null`',
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: backups.example.com\nspec:\n  group: example.com\n  names: {kind: Backup, plural: backups}\n  scope: Namespaced\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: null\n---\napiVersion: example.com/v1\nkind: Backup\nmetadata:\n  name: nightly\n',
    ],
    [
      'a CRD property with no schema (`port:` left empty)',
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: backups.example.com\nspec:\n  group: example.com\n  names: {kind: Backup, plural: backups}\n  scope: Namespaced\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            port:\n---\napiVersion: example.com/v1\nkind: Backup\nmetadata:\n  name: nightly\n',
    ],
  ];
  it.each(CHECKED)('%s', (_name, text) => check('counterexample.yaml', text));

  // Texts the two readers of earlier versions read differently: one reader now, and it must still pass every check.
  const ONCE_READ_TWO_WAYS: readonly (readonly [string, string])[] = [
    ['a byte-order mark at the start of a later line, before a comment', '# first\n\uFEFF# note: hi\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n'],
    ['a tab before the first `---`', '\t---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n'],
    // The fresh-clone failure of issue 10: a tab after a lone CR, where line models disagreed.
    ['a tab after a lone carriage return', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\r\t\nspec:\n  containers: [{name: a, image: b, volumeMounts: [{name: x, mountPath: /x}]}]\n'],
  ];
  it.each(ONCE_READ_TWO_WAYS)('passes every check: %s', (_name, text) => check('counterexample.yaml', text));

  // Valid manifests, read wrongly whichever reader reads them: they must lint clean, as kubectl applies them.
  const CLEAN: readonly (readonly [string, string])[] = [
    // A lone CR is a line break in YAML (1.1 and 1.2: b-break is CR LF, CR or LF), so the value is `v1`. Found by
    // truncating a CRLF fixture; today: "`v1\r` does not serve ConfigMap in Kubernetes 1.36: use `v1`."
    ['a CRLF file whose last line ends in a lone CR', 'kind: ConfigMap\r\nmetadata:\r\n  name: c\r\napiVersion: v1\r'],
    // A byte-order mark may open any document of a stream (YAML 1.2, l-document-prefix), as it does when two files
    // saved by a Windows editor are concatenated (`cat a.yaml b.yaml`); kubectl reads each document on its own.
    // Today: "The object has no `apiVersion`" on the second document (its key is read as "\uFEFFapiVersion").
    [
      'a byte-order mark at the start of a later document',
      '\uFEFFapiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n\uFEFFapiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
    ],
  ];
  it.each(CLEAN)('lints clean: %s', (_name, text) => {
    check('counterexample.yaml', text);
    const findings = lintOnce('counterexample.yaml', text).result.findings;
    expect(findings.map((finding) => `${finding.region.start.line}:${finding.region.start.column} ${finding.ruleId} ${JSON.stringify(finding.message)}`)).toEqual([]);
  });
});
