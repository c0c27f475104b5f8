import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { activeRules, lintFileText, lintSettings } from '../src/engine/lint.js';
import { parseYamlFile } from '../src/yaml/yaml-file.js';
import { listFixtures } from './fixture-markers.js';

const context = { rules: activeRules(RULES), settings: lintSettings() };
const WRONG_SHAPES: readonly unknown[] = [null, 'oops', 42, {}, ['oops']];

/** Fields no rule reads below: replacing what is under them tells nothing and costs time. */
const UNREAD = new Set(['selector', 'matchLabels', 'labels', 'data', 'nodeSelector', 'tolerations', 'affinity']);

type Path = (string | number)[];

/** Every path to a node below the document root. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) =>
      UNREAD.has(key) ? [[...prefix, key]] : [[...prefix, key], ...pathsOf(item, [...prefix, key])],
    );
  }
  return [];
}

function replaced(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value) && typeof head === 'number') {
    const copy: unknown[] = [...(value as unknown[])];
    copy[head] = replaced(copy[head], rest, replacement);
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  copy[String(head)] = replaced(copy[String(head)], rest, replacement);
  return copy;
}

// Every readable document of the fixtures, with each of its nodes in turn replaced by a value of the wrong
// shape: no rule may throw, whatever it is handed.
describe('rules on wrong shapes', () => {
  const documents = listFixtures().flatMap((fixture) =>
    parseYamlFile(fixture.text)
      .documents.filter((document) => document.value !== undefined && document.value !== null)
      .map((document) => ({ name: `${fixture.ruleDir}/${fixture.file}#${document.index}`, value: document.value })),
  );

  it.each(documents.map((document) => [document.name, document.value] as const))('%s', (_name, value) => {
    let runs = 0;
    for (const path of pathsOf(value)) {
      for (const shape of WRONG_SHAPES) {
        // JSON is YAML, and far quicker to write and read than block YAML: positions do not matter here. One key a
        // line, as a file of Kubernetes objects is recognised by its `"apiVersion":` or `"kind":` line.
        const text = JSON.stringify(replaced(value, path, shape), null, 1);
        const result = lintFileText('mutated.yaml', text, context);
        expect(result.failures, `${JSON.stringify(path)} = ${JSON.stringify(shape)}`).toEqual([]);
        const object = typeof value === 'object' && value !== null && ('apiVersion' in value || 'kind' in value);
        if (object && path.length > 1) expect(result.skipped, 'linted, not skipped').toBeUndefined();
        runs++;
      }
    }
    expect(runs).toBeGreaterThan(0);
  });
});
