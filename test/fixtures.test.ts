import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { DEFAULT_KUBERNETES_VERSION, parseKubernetesVersion } from '../src/kubernetes/kubernetes-version.js';
import { activeRules, lintSettings, lintText } from '../src/engine/lint.js';
import { registerCustomResourceDefinitions } from '../src/schemas/custom-resource-definitions.js';
import { expectedFindings, fixtureKubernetesVersion, listFixtures } from './fixture-markers.js';

const fixtures = listFixtures();
const rules = activeRules(RULES);

describe('rule fixtures: every finding on the line its `# expect:` marker names, and nothing else', () => {
  it.each(fixtures.map((fixture) => [`${fixture.ruleDir}/${fixture.file}`, fixture] as const))('%s', (_name, fixture) => {
    const version = fixtureKubernetesVersion(fixture.text);
    const kubernetesVersion = version === undefined ? DEFAULT_KUBERNETES_VERSION : parseKubernetesVersion(version);
    expect(kubernetesVersion, `kubernetes-version in ${fixture.file}`).toBeDefined();
    const settings = lintSettings(kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION);
    // As the CLI does for the whole input: a fixture's own CRDs define its custom resources.
    registerCustomResourceDefinitions(settings.schemas, fixture.file, fixture.text);
    const result = lintText(fixture.file, fixture.text, rules, settings);
    expect(result.failures).toEqual([]);
    const actual = result.findings.map((finding) => `${finding.region.start.line}:${finding.ruleId}`).sort();
    expect(actual).toEqual(expectedFindings(fixture.text));
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
