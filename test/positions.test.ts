import { describe, expect, it } from 'vitest';
import { formatJsonPath } from '../src/yaml/json-path.js';
import { parseYamlFile } from '../src/yaml/yaml-file.js';

/** The text of the region a path leads to, and where it starts, as an editor shows it. */
function pointAt(text: string, path: (string | number)[], target: 'value' | 'key' = 'value') {
  const file = parseYamlFile(text);
  const document = file.documents[0];
  if (!document) throw new Error('no document');
  const range = document.locate(path, target);
  const start = file.positionAt(range.start);
  const end = file.positionAt(range.end);
  return { text: text.slice(range.start, range.end), start: `${start.line}:${start.column}`, end: `${end.line}:${end.column}` };
}

const POD = ['kind: Pod', 'spec:', '  containers:', '    - name: app', '      image: nginx', ''].join('\n');

describe('locating a JSON path in the YAML text', () => {
  it('points at a value with its start and the column just after it', () => {
    expect(pointAt(POD, ['spec', 'containers', 0, 'image'])).toEqual({ text: 'nginx', start: '5:14', end: '5:19' });
  });

  it('points at the key when asked', () => {
    expect(pointAt(POD, ['spec', 'containers', 0, 'image'], 'key')).toEqual({ text: 'image', start: '5:7', end: '5:12' });
  });

  it('falls back to the nearest existing ancestor, by its key when that is a collection', () => {
    expect(pointAt(POD, ['spec', 'containers', 0, 'volumeMounts', 0, 'name'])).toMatchObject({ start: '4:7' });
    expect(pointAt(POD, ['spec', 'volumes', 0])).toEqual({ text: 'spec', start: '2:1', end: '2:5' });
  });

  it('points at the key when the value is empty', () => {
    expect(pointAt('spec:\n  medium:\n', ['spec', 'medium'])).toMatchObject({ start: '2:3' });
  });

  it('counts lines the way an editor does in a CRLF file', () => {
    expect(pointAt(POD.replaceAll('\n', '\r\n'), ['spec', 'containers', 0, 'image'])).toEqual({ text: 'nginx', start: '5:14', end: '5:19' });
  });

  it('follows an alias to the text it stands for', () => {
    const text = ['mounts: &shared', '  - name: logs', 'spec:', '  containers:', '    - name: app', '      volumeMounts: *shared', ''].join('\n');
    expect(pointAt(text, ['spec', 'containers', 0, 'volumeMounts', 0, 'name'])).toEqual({ text: 'logs', start: '2:11', end: '2:15' });
  });

  it('follows `<<` merge keys, where a key written in the mapping wins over a merged one', () => {
    const text = ['base: &base', '  image: old', '  name: base', 'app:', '  <<: *base', '  image: new', ''].join('\n');
    expect(pointAt(text, ['app', 'image'])).toMatchObject({ text: 'new', start: '6:10' });
    expect(pointAt(text, ['app', 'name'])).toMatchObject({ text: 'base', start: '3:9' });
  });

  it('finds keys that YAML typed as numbers or booleans', () => {
    expect(pointAt('data:\n  8080: web\n  yes: on\n', ['data', '8080'])).toMatchObject({ text: 'web', start: '2:9' });
    expect(pointAt('data:\n  8080: web\n  yes: on\n', ['data', 'true'])).toMatchObject({ text: 'on', start: '3:8' });
  });
});

describe('reading YAML as Kubernetes does', () => {
  const valueOf = (text: string) => parseYamlFile(text).documents[0]?.value;

  it('reads YAML 1.1 booleans but leaves timestamps and 1:20 as strings', () => {
    expect(valueOf('a: yes\nb: off\nc: 2024-01-01T00:00:00Z\nd: 1:20\n')).toEqual({ a: true, b: false, c: '2024-01-01T00:00:00Z', d: '1:20' });
  });

  it('reports an alias bomb instead of expanding it', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 8; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(',')}]`);
    }
    const document = parseYamlFile(levels.join('\n')).documents[0];
    expect(document?.value).toBeUndefined();
    expect(document?.problems.map((problem) => problem.code)).toEqual(['ALIAS_LIMIT']);
  });
});

describe('formatting JSON paths', () => {
  it('writes keys with dots or slashes in brackets', () => {
    expect(formatJsonPath(['spec', 'template', 'metadata', 'annotations', 'kubectl.kubernetes.io/default-container'])).toBe(
      'spec.template.metadata.annotations["kubectl.kubernetes.io/default-container"]',
    );
    expect(formatJsonPath(['items', 2, 'spec', 'containers', 0, 'name'])).toBe('items[2].spec.containers[0].name');
  });
});
