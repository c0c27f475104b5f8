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
import { deleteLine, duplicateLine } from './text-edits.js';

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

  it('counts every node against the limit, empty documents too, and leaves a file past it to js-yaml (which calls it too large)', () => {
    expect(readPlainBlockYaml('a: [1, 2]\n', 5)).toBeDefined();
    expect(readPlainBlockYaml('a: [1, 2, 3]\n', 5)).toBeUndefined();
    expect(readPlainBlockYaml('---\n'.repeat(4), 4)).toBeDefined();
    expect(readPlainBlockYaml('---\n'.repeat(5), 4)).toBeUndefined();
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
    case 'duplicate-line':
      return duplicateLine(text, edit.line);
    case 'delete-line':
      return deleteLine(text, edit.line);
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

/*
 * Documents written from a grammar of what the block reader reads, in random styles: indentation of one to four
 * spaces, sequences at their key's indentation or deeper, compact mappings and sequences after `-`, values on the
 * key's line or the next, comments and blank lines anywhere, every kind of scalar the reader handles, and some it
 * leaves to js-yaml. Mutations of real files keep their shapes; these reach the combinations real files rarely have.
 */
type Tree = { kind: 'scalar'; text: string } | { kind: 'block'; header: string; lines: string[] } | { kind: 'map'; entries: [string, Tree][] } | { kind: 'seq'; items: Tree[] };

const PLAIN = ['a', 'web', 'yes', 'No', '~', 'null', '010', '0x1F', '0o17', '1e3', '.5', '-1', '+1', '1_000', '-0', '.inf', '-.Inf', '.nan', '12345678901234567890', '9223372036854775808', 'a b', 'a:b', 'a#b', '-x', '--flag=1', 'http://x:80/y', 'true', '2001-12-14', '1:20', 'x,y', 'a [b]', "it's", 'a "q"', 'é ü', '<<x', '@x'];
const QUOTED = ['""', "''", '"yes"', "'010'", '"a: b # c"', "'it''s'", '"tab\\there"', '"\\u00e9\\x41\\"\\\\"', '"\\q"', "'multi", '"a\\nb"'];
const FLOW = ['[]', '{}', '[a, b]', '[a, [b, c], {d: e}]', '{a: 1, "b": [2]}', '[a,b]', '{a: 1, a: 2}', '[a, ]', '{a}', '[ "x" , y ]', '[--config, /etc/x]'];
const KEYS = ['a', 'name', 'image', '"quoted key"', "'single'", '1', 'true', 'null', 'spaced key', 'x-y.z/w', 'a b c', 'key ', '<<'];
const COMMENTS = ['', '', '', ' # c', '  #c', ' #'];

const scalarTree = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PLAIN).map((text) => ({ kind: 'scalar' as const, text })) },
  { weight: 3, arbitrary: fc.constantFrom(...QUOTED).map((text) => ({ kind: 'scalar' as const, text })) },
  { weight: 2, arbitrary: fc.constantFrom(...FLOW).map((text) => ({ kind: 'scalar' as const, text })) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...PLAIN), { minLength: 2, maxLength: 4 }).map((words) => ({ kind: 'scalar' as const, text: words.join('\n\n\n'.slice(0, 1 + (words.length % 3))) })) },
  {
    weight: 2,
    arbitrary: fc.record({
      header: fc.constantFrom('|', '|-', '|+', '>', '|2', '| # c'),
      lines: fc.array(fc.constantFrom('line', '', '  more', 'x  ', '# not a comment', '- not an item', 'k: v'), { minLength: 0, maxLength: 4 }),
    }).map(({ header, lines }) => ({ kind: 'block' as const, header, lines })),
  },
);

const { tree: TREE } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarTree,
    fc.uniqueArray(fc.tuple(fc.constantFrom(...KEYS), tie('tree')), { minLength: 1, maxLength: 4, selector: ([key]) => key }).map((entries) => ({ kind: 'map' as const, entries })),
    fc.array(tie('tree'), { minLength: 1, maxLength: 4 }).map((items) => ({ kind: 'seq' as const, items })),
  ),
}));

/** Style choices, drawn once a document and consumed in turn. */
class Styles {
  #at = 0;
  constructor(readonly picks: readonly number[]) {}
  next(choices: number): number {
    const pick = this.picks[this.#at++ % this.picks.length] ?? 0;
    return pick % choices;
  }
}

/** Lines of `tree` as the value of something at column `column`, the first line's text going after `lead`. */
function render(tree: Tree, column: number, lead: string, styles: Styles): string[] {
  const step = 1 + styles.next(4);
  const comment = COMMENTS[styles.next(COMMENTS.length)] ?? '';
  const pad = (width: number) => ' '.repeat(Math.max(0, width));
  if (tree.kind === 'scalar') {
    const [first = '', ...rest] = tree.text.split('\n');
    return [`${lead}${first}${rest.length === 0 ? comment : ''}`, ...rest.map((line) => (line === '' ? '' : `${pad(column + step)}${line}`))];
  }
  if (tree.kind === 'block') return [`${lead}${tree.header}`, ...tree.lines.map((line) => (line === '' ? '' : `${pad(column + step)}${line}`))];
  const blankOrComment = () => (styles.next(6) === 0 ? [styles.next(2) === 0 ? '' : `${pad(styles.next(8))}# between`] : []);
  if (tree.kind === 'map') {
    // On the lead's line (compact, after `- `) or below it.
    const compact = lead.trimEnd().endsWith('-') && styles.next(2) === 0;
    const keyColumn = compact ? lead.length : column + step;
    const lines: string[] = compact ? [] : [`${lead.trimEnd()}${comment}`];
    tree.entries.forEach(([key, value], index) => {
      const keyLead = compact && index === 0 ? `${lead}${key}:` : `${pad(keyColumn)}${key}:`;
      const below = value.kind === 'map' || (value.kind === 'seq' && styles.next(3) > 0);
      const rendered =
        below && value.kind === 'seq' && styles.next(2) === 0 ?
          // A sequence at its key's indentation.
          [`${keyLead}`, ...render(value, keyColumn - step, '', styles).slice(1)]
        : render(value, keyColumn, below ? `${keyLead}` : `${keyLead} `, styles);
      lines.push(...rendered, ...blankOrComment());
    });
    return lines;
  }
  const lines: string[] = lead.trim() === '' ? [] : [`${lead.trimEnd()}${comment}`];
  const itemColumn = lead.trim() === '' ? column + step : column + step;
  for (const item of tree.items) lines.push(...render(item, itemColumn, `${pad(itemColumn)}- `, styles), ...blankOrComment());
  return lines;
}

describe('on documents written from a grammar, the block reader reads only what js-yaml reads, and reads it the same', () => {
  const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
  const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);

  it('random block YAML', () => {
    let read = 0;
    fc.assert(
      fc.property(fc.array(TREE, { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { minLength: 8, maxLength: 64 }), fc.boolean(), (trees, picks, leadingMarker) => {
        const styles = new Styles(picks);
        const documents = trees.map((tree) => {
          const root: Tree = tree.kind === 'map' || tree.kind === 'seq' ? tree : { kind: 'map', entries: [['v', tree]] };
          // A root collection starts at column 0: render it as the value of a column -1 parent and drop the lead line.
          return render(root, -1 - (1 + styles.next(4)) + 1, '', styles).filter((line, index) => index > 0 || line.trim() !== '').join('\n');
        });
        const text = `${leadingMarker ? '---\n' : ''}${documents.join('\n---\n')}\n`;
        const result = compare(text);
        if (result.read) read++;
        if (result.difference) throw new Error(`${JSON.stringify(text)}: ${result.difference}`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Many generated documents hold something the block reader leaves to js-yaml; a good share must still be read.
    expect(read).toBeGreaterThan(RUNS / 5);
  });
});
