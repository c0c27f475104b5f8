import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPlainBlockYaml } from '../src/yaml/block-reader.js';
import type { JsonPath } from '../src/yaml/json-path.js';
import { MAX_NODES_PER_FILE, readManifest, readManifestWithJsYaml, type ManifestFile } from '../src/yaml/manifest-reader.js';
import { SourceText, asGoYamlReadsIt } from '../src/yaml/source-text.js';
import { generateRepository } from '../scripts/bench/generate.mjs';
import { CORPUS } from './cli-runner.js';
import { listFixtures } from './fixture-markers.js';
import { pathsOf, yamlFilesUnder } from './yaml-files.js';
import { temporaryFolderPerTest } from './temp-folder.js';

/*
 * block-reader.ts reads plain block YAML itself and leaves the rest to js-yaml. Wherever it reads a file, it must
 * give what js-yaml gives: the same documents, the same values (key order, types, numbers as go-yaml types them),
 * and the same position for every node and key. These tests hold it to that on hand-written shapes, on every fixture
 * and corpus file, on the benchmark's synthetic manifests, and on random mutations of all of them, where the reader
 * must also give up on everything js-yaml refuses.
 */

interface Source {
  name: string;
  text: string;
}

const FIXTURES: Source[] = listFixtures().map((fixture) => ({ name: `fixtures/${fixture.ruleDir}/${fixture.file}`, text: fixture.text }));
const CORPUS_FILES: Source[] = existsSync(CORPUS)
  ? yamlFilesUnder(CORPUS).map((file) => ({ name: path.relative(CORPUS, file), text: readFileSync(file, 'utf8') }))
  : [];

/** The same value: the same keys in the same order, the same items, scalars equal as Object.is has it. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  if (typeof a === 'object' && a !== null) {
    if (typeof b !== 'object' || b === null || Array.isArray(b)) return false;
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    return keysA.length === keysB.length && keysA.every((key, index) => key === keysB[index] && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
  }
  return Object.is(a, b);
}

/** Where two values first differ, and how. */
function firstDifference(a: unknown, b: unknown, at: JsonPath = []): string {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && Array.isArray(a) === Array.isArray(b)) {
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    if (keysA.join('\n') !== keysB.join('\n')) return `${JSON.stringify(at)}: keys ${JSON.stringify(keysA)}, js-yaml ${JSON.stringify(keysB)}`;
    for (const key of keysA) {
      const [childA, childB] = [(a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]];
      if (!sameValue(childA, childB)) return firstDifference(childA, childB, [...at, Array.isArray(a) ? Number(key) : key]);
    }
  }
  return `${JSON.stringify(at)}: ${JSON.stringify(a)?.slice(0, 200)}, js-yaml ${JSON.stringify(b)?.slice(0, 200)}`;
}

/** Every path in a value, the root first; at most `limit` of them. */
function somePathsOf(value: unknown, limit = 4000): JsonPath[] {
  const paths: JsonPath[] = [];
  for (const at of pathsOf(value)) {
    if (paths.length >= limit) break;
    paths.push(at);
  }
  return paths;
}

/** What differs between two readings of one text, or undefined when they are the same. */
function difference(plain: ManifestFile, jsYaml: ManifestFile): string | undefined {
  if (jsYaml.reader !== 'fast') return `js-yaml refuses the text (${jsYaml.documents[0]?.problems[0]?.message ?? '?'}), the block reader read it`;
  if (plain.documents.length !== jsYaml.documents.length) return `${plain.documents.length} documents, js-yaml ${jsYaml.documents.length}`;
  for (const [index, document] of plain.documents.entries()) {
    const other = jsYaml.documents[index];
    if (!other) return `no document ${index} from js-yaml`;
    if (!sameValue(document.value, other.value)) return `document ${index}: ${firstDifference(document.value, other.value)}`;
    for (const at of somePathsOf(document.value)) {
      for (const target of ['value', 'key'] as const) {
        const mine = document.locate(at, target);
        const theirs = other.locate(at, target);
        if (mine.start !== theirs.start || mine.end !== theirs.end) {
          return `document ${index}, ${JSON.stringify(at)} (${target}): ${mine.start}-${mine.end}, js-yaml ${theirs.start}-${theirs.end}`;
        }
      }
    }
  }
  return undefined;
}

/** Reads `raw` both ways; whether the block reader read it, and what differs if it did. */
function compare(raw: string): { read: boolean; difference?: string } {
  const source = SourceText.from(raw);
  if (!readPlainBlockYaml(asGoYamlReadsIt(source.text), MAX_NODES_PER_FILE)) return { read: false };
  const found = difference(readManifest(source), readManifestWithJsYaml(source));
  return found === undefined ? { read: true } : { read: true, difference: found };
}

describe('the block reader reads what manifests are made of, as js-yaml does', () => {
  const SHAPES: Record<string, string> = {
    'a Deployment with sidecars': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      '  labels: {app: web, "tier": \'front\'}',
      'spec:',
      '  replicas: 3',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          image: nginx:1.25   # pinned',
      '          args: [--port, "8080", -v, 0x1F]',
      '          ports:',
      '          - containerPort: 8080',
      '            protocol: TCP',
      '        - name: shipper',
      '          image: fluent/fluent-bit',
      '          volumeMounts: []',
      '      volumes:',
      '      - name: logs',
      '        emptyDir: {}',
      '',
    ].join('\n'),
    'scalars typed as go-yaml types them': 'a: yes\nb: 010\nc: 1e3\nd: ~\ne: .5\nf: 1_000\ng: "yes"\nh: \'it\'\'s\'\ni: -0\nj: 0o17\nk: 1:20\nl: .inf\nm:\nn: 12345678901234567890\n',
    'keys that are not strings': '1: a\ntrue: b\nnull: c\n0x10: d\n"quoted key": e\nspaced key  : f\n',
    'literal block scalars': 'data:\n  a: |\n    line one\n\n      indented\n    last\n  b: |-\n    stripped\n\n  c: |  # comment\n    x\n  d: |\n  e: z\nlist:\n- |\n  item\n- x\n',
    'documents and markers': '# leading comment\n---\na: 1\n---\n---\nb: [1, [2, {c: d}]]\n--- # c\nc: 2\n---\n',
    'sequences at their key\'s indentation and nested': 'a:\n- b\n- - c\n  - d\n- e: f\n  g: h\n-\n  i: j\nk: l\n',
    'values on the next line': 'a:\n  b\nc:\n  "d"\ne:\n  [f]\n',
    'a root sequence': '- a\n- b: c\n',
    'plain scalars over several lines': 'description: a long\n  text wrapped\n\n\n  over lines  \nb: c\nlist:\n- one\n  two\n- key: three\n    four\nnext:\n  five\n   six\n',
    'escapes in double quotes': 'a: "tab\\there \\u00e9 \\x41 \\"q\\" \\\\ \\/ \\U0001F600"\nb: ["\\n", "\\0"]\n',
    'text without a final line break': 'a: b\nc: [d]\ne: f',
  };
  for (const [name, text] of Object.entries(SHAPES)) {
    it(name, () => {
      const result = compare(text);
      expect(result.read, 'the block reader gave up').toBe(true);
      expect(result.difference).toBeUndefined();
    });
  }

  it('gives up on what it leaves to js-yaml', () => {
    const LEFT = [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: "multi\n  line"\n',
      'a: "unknown escape \\q"\n',
      'a: b\n  # a comment inside a scalar\n  c\n',
      'a: b\n  c: d\n',
      'a: >\n  folded\n',
      'a: |+\n  kept\n',
      'a: [1,\n  2]\n',
      '? a\n: b\n',
      '<<: {a: 1}\n',
      'a: 1\na: 2\n',
      '\ta: 1\n',
      'a: 1\r\n',
      '%YAML 1.1\n---\na: 1\n',
      'a: {{ .Values.x }}\n',
      'a:\n-\n',
      'just a scalar\n',
      '# only a comment\n',
      '__proto__: 1\n',
      'a: b: c\n',
      'a: [b,]\n',
      // js-yaml's positions run past the end of such a text.
      'a: |\n  b',
      // js-yaml takes `---` for a marker here, though no space follows it (found by the fuzzing below).
      '---apiVersion: v1\nkind: Pod\n',
    ];
    for (const text of LEFT) expect(readPlainBlockYaml(text, MAX_NODES_PER_FILE), JSON.stringify(text)).toBeUndefined();
  });
});

describe('on real files, the block reader gives what js-yaml gives', () => {
  const folder = temporaryFolderPerTest('sidecar-lint-block-reader-');
  const check = (sources: readonly Source[]) => {
    let read = 0;
    const differences: string[] = [];
    for (const { name, text } of sources) {
      const result = compare(text);
      if (result.read) read++;
      if (result.difference) differences.push(`${name}: ${result.difference}`);
    }
    return { read, differences };
  };

  it('every fixture', () => {
    const { read, differences } = check(FIXTURES);
    expect(differences).toEqual([]);
    // Most fixtures are plain block YAML: were the reader to give up on them all, this test would check nothing.
    expect(read).toBeGreaterThan(FIXTURES.length / 2);
  });

  it.skipIf(CORPUS_FILES.length === 0)('every corpus file', () => {
    const { read, differences } = check(CORPUS_FILES);
    expect(differences).toEqual([]);
    expect(read).toBeGreaterThan(CORPUS_FILES.length / 2);
  });

  it("the benchmark's synthetic manifests", () => {
    generateRepository(folder.path, 200, 10, 3);
    const files = yamlFilesUnder(folder.path).map((file) => ({ name: file, text: readFileSync(file, 'utf8') }));
    const { read, differences } = check(files);
    expect(differences).toEqual([]);
    expect(read).toBe(files.length);
  });
});

/** Characters that change what YAML means, and some that do not. */
const SIGNIFICANT = [' ', '  ', '\n', ':', ': ', '-', '- ', '#', ' #', "'", '"', '|', '|-', '>', '[', ']', '{', '}', ',', '&', '*', '!', '?', '%', '@', '\\', 'x', '0', '.', '~', '\t', '---\n', '...\n'];

type Edit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'indent'; line: number; by: number }
  | { kind: 'duplicate-line'; line: number }
  | { kind: 'delete-line'; line: number };

const EDIT: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...SIGNIFICANT) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -2, max: 2 }) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('delete-line' as const), line: fc.nat() }),
);

function applyEdit(text: string, edit: Edit): string {
  const lines = text.split('\n');
  switch (edit.kind) {
    case 'insert': {
      const at = edit.at % (text.length + 1);
      return text.slice(0, at) + edit.text + text.slice(at);
    }
    case 'delete': {
      const at = edit.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + edit.length);
    }
    case 'indent': {
      const at = edit.line % lines.length;
      const line = lines[at] ?? '';
      lines[at] = edit.by > 0 ? ' '.repeat(edit.by) + line : line.replace(new RegExp(`^ {0,${-edit.by}}`), '');
      return lines.join('\n');
    }
    case 'duplicate-line': {
      const at = edit.line % lines.length;
      lines.splice(at, 0, lines[at] ?? '');
      return lines.join('\n');
    }
    case 'delete-line':
      lines.splice(edit.line % lines.length, 1);
      return lines.join('\n');
  }
}

describe('on mutated files, the block reader reads only what js-yaml reads, and reads it the same', () => {
  const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
  const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
  // Plain block YAML that the block reader reads: mutations of other files mostly stay with js-yaml.
  const readable = (sources: readonly Source[]) => sources.filter(({ text }) => text.length <= 16 * 1024 && compare(text).read);

  const run = (sources: readonly Source[], runs: number) => {
    let read = 0;
    fc.assert(
      fc.property(fc.nat(), fc.array(EDIT, { minLength: 1, maxLength: 3 }), (pick, edits) => {
        const source = sources[pick % sources.length] as Source;
        const text = edits.reduce(applyEdit, source.text);
        const result = compare(text);
        if (result.read) read++;
        if (result.difference) throw new Error(`${source.name} after ${JSON.stringify(edits)}: ${result.difference}`);
      }),
      { seed: SEED, numRuns: runs },
    );
    return read;
  };

  it('mutations of the fixtures', () => {
    const read = run(readable(FIXTURES), RUNS);
    // A third or more of the mutated texts are still read here: the property is not vacuous.
    expect(read).toBeGreaterThan(RUNS / 3);
  });

  it.skipIf(CORPUS_FILES.length === 0)('mutations of corpus files', () => {
    const runs = Math.ceil(RUNS / 3);
    const read = run(readable(CORPUS_FILES), runs);
    expect(read).toBeGreaterThan(runs / 3);
  });
});
