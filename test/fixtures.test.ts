import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { lintText } from '../src/engine/api.js';
import { actualFindings, expectedFindings, fixtureKubernetesVersion, listFixtures } from './fixture-markers.js';

const fixtures = listFixtures();

describe('rule fixtures: every finding on the line its `# expect:` marker names, and nothing else', () => {
  it.each(fixtures.map((fixture) => [`${fixture.ruleDir}/${fixture.file}`, fixture] as const))('%s', (_name, fixture) => {
    const kubernetesVersion = fixtureKubernetesVersion(fixture.text);
    // A fixture's own CRDs define its custom resources, as the CLI does for the whole input.
    const report = lintText(fixture.text, { filePath: fixture.file, ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}) });
    expect(report.problems).toEqual([]);
    const expected = expectedFindings(fixture.text);
    expect(actualFindings(report.files[0]?.findings ?? [], expected)).toEqual(expected);
  });
});

describe('fixture coverage', () => {
  it.each(RULES.map((rule) => [rule.meta.id] as const))('%s has valid and invalid fixtures, and the invalid ones expect it', (id) => {
    const own = fixtures.filter((fixture) => fixture.ruleDir === id);
    const valid = own.filter((fixture) => fixture.file.startsWith('valid-'));
    const invalid = own.filter((fixture) => fixture.file.startsWith('invalid-'));
    expect(valid.length).toBeGreaterThan(0);
    expect(invalid.length).toBeGreaterThan(0);
    for (const fixture of valid) expect(expectedFindings(fixture.text), fixture.file).toEqual([]);
    for (const fixture of invalid) {
      expect(expectedFindings(fixture.text).some((marker) => marker.endsWith(`:${id}`)), fixture.file).toBe(true);
    }
  });

  it('has no fixture folder for a rule that does not exist', () => {
    const ids = new Set(RULES.map((rule) => rule.meta.id));
    expect([...new Set(fixtures.map((fixture) => fixture.ruleDir))].filter((dir) => !ids.has(dir))).toEqual([]);
  });
});
