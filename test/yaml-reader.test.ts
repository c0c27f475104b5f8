import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../src/yaml/manifest-reader.js';
import { resolvePlainScalar } from '../src/yaml/scalars.js';
import { SourceText } from '../src/yaml/source-text.js';
import { parseYamlFile } from '../src/yaml/yaml-file.js';
import { CORPUS } from './cli-runner.js';
import { listFixtures } from './fixture-markers.js';
import { pathsOf, yamlFilesUnder } from './yaml-files.js';

const valueOf = (yaml: string): unknown => {
  const [document] = readManifest(SourceText.from(yaml)).documents;
  return (document?.value as Record<string, unknown> | undefined)?.v;
};

// Plain scalars as go-yaml v2 types them (resolve.go, and the cases of its decode_test.go), which is how kubectl and the
// API server read manifests (sigs.k8s.io/yaml). Where go-yaml and the YAML 1.1 specification disagree, go-yaml wins.
const GO_YAML_V2: readonly (readonly [string, unknown])[] = [
  ['hi', 'hi'], ['true', true], ['True', true], ['TRUE', true], ['yes', true], ['Yes', true], ['y', true], ['Y', true],
  ['on', true], ['ON', true], ['no', false], ['n', false], ['N', false], ['off', false], ['Off', false], ['false', false],
  ['~', null], ['null', null], ['Null', null], ['NULL', null], ['', null],
  ['10', 10], ['-10', -10], ['+1', 1], ['0b10', 2], ['-0b101010', -42], ['0xA', 10], ['0x_0A_74_AE', 685230], ['0x_1', 1],
  ['02472256', 685230], ['0777', 511], ['0o17', 15], ['1_000', 1000], ['+685_230', 685230], ['4294967296', 4294967296],
  ['0.1', 0.1], ['.1', 0.1], ['.5', 0.5], ['-.1', -0.1], ['1e3', 1000], ['6.8523e+5', 685230], ['685.230_15e+03', 685230.15],
  ['685_230.15', 685230.15], ['1.', 1], ['08', 8], ['.inf', Infinity], ['.Inf', Infinity], ['-.inf', -Infinity], ['+.INF', Infinity],
  // Strings in go-yaml where YAML 1.1 would say otherwise: no float without a digit, no sexagesimal, no timestamp for
  // an interface{} (sigs.k8s.io/yaml decodes into one), no `Inf` spelled without a dot.
  ['.', '.'], ['1:20', '1:20'], ['2001-12-14', '2001-12-14'], ['2015-02-24T18:19:39Z', '2015-02-24T18:19:39Z'], ['Inf', 'Inf'],
  ['.e5', '.e5'], ['e5', 'e5'], ['-1-', '-1-'], ['0x', '0x'], ['12a', '12a'], ['3s', '3s'], ['nothing', 'nothing'], ['offline', 'offline'],
];

describe('scalars, typed as Kubernetes types them', () => {
  it.each(GO_YAML_V2)('plain %j', (text, expected) => {
    expect(valueOf(`v: ${text}\n`)).toEqual(expected);
  });

  it.each(GO_YAML_V2.filter(([text]) => text !== ''))('quoted %j is a string', (text) => {
    expect(valueOf(`v: "${text}"\n`)).toBe(text);
    expect(valueOf(`v: '${text}'\n`)).toBe(text);
  });

  it('reads .nan as NaN and keeps explicit tags', () => {
    expect(resolvePlainScalar('.nan')).toEqual({ kind: 'float', value: Number.NaN });
    expect(valueOf('v: !!str 8080\n')).toBe('8080');
    expect(valueOf('v: !!int "8"\n')).toBe(8);
  });

  it('types keys as values and names them as JSON does', () => {
    const [document] = readManifest(SourceText.from('8080: a\ntrue: b\n0x10: c\n')).documents;
    expect(document?.value).toEqual({ '8080': 'a', true: 'b', '16': 'c' });
  });
});

type Path = (string | number)[];

/**
 * Every node's start, key and value, from the one reader's records, equals the start the `yaml` package gives (its
 * CST keeps exact ranges); returns the paths where they differ. Documents `yaml` cannot read are left out.
 */
function positionMismatches(text: string): string[] {
  const source = SourceText.from(text);
  const read = readManifest(source);
  if (read.reader !== 'fast') return [];
  const reference = parseYamlFile(source.text).documents;
  const mismatches: string[] = [];
  read.documents.forEach((document, index) => {
    const other = reference[index];
    if (!other || other.problems.length > 0 || document.value === null) return;
    for (const nodePath of pathsOf(document.value)) {
      if (nodePath.length === 0) continue;
      for (const target of ['value', 'key'] as const) {
        const ours = document.locate(nodePath, target).start;
        const theirs = other.locate(nodePath, target).start;
        if (ours !== theirs) mismatches.push(`#${index} ${JSON.stringify(nodePath)} ${target}: ${ours} ≠ ${theirs}`);
      }
    }
  });
  return mismatches;
}

describe('node positions recorded while reading', () => {
  it.each(listFixtures().map((fixture) => [`${fixture.ruleDir}/${fixture.file}`, fixture.text] as const))(
    'match the yaml package on every node of %s',
    (_name, text) => expect(positionMismatches(text)).toEqual([]),
  );

  it('follow aliases and merge keys, and point at the key of an empty value', () => {
    const text = 'base: &b\n  image: app:1\nc:\n  <<: *b\n  name: x\n  medium:\n';
    const [document] = readManifest(SourceText.from(text)).documents;
    const at = (nodePath: Path, target?: 'key' | 'value') => {
      const range = document?.locate(nodePath, target) ?? { start: -1, end: -1 };
      return text.slice(range.start, range.end);
    };
    expect(at(['c', 'image'])).toBe('app:1');
    expect(at(['c', 'name'], 'key')).toBe('name');
    expect(at(['c', 'medium'])).toBe('medium');
    expect(at(['c', 'missing'])).toBe('c');
  });
});

describe.skipIf(!existsSync(CORPUS))('node positions on the corpus', () => {
  // Every 8th file: the records are the same code on every file, and the whole corpus costs time for no new shapes.
  const files = existsSync(CORPUS) ? yamlFilesUnder(CORPUS).filter((_file, index) => index % 8 === 0) : [];
  it(`match the yaml package on every node of ${files.length} corpus files`, () => {
    const mismatches = files.flatMap((file) => positionMismatches(readFileSync(file, 'utf8')).map((found) => `${path.relative(CORPUS, file)} ${found}`));
    expect(mismatches).toEqual([]);
  });
});
