import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, runCommandInProcess } from './cli-runner.js';

// kubeconform's own fixtures, judged as `kubeconform -strict` judges them (../shared/corpus/EXPECTATIONS.md):
// valid ones give no error, invalid ones an error at the node that is wrong.
const FIXTURES = path.join(CORPUS, 'yannh__kubeconform');

const VALID = [
  'fixtures/valid.yaml',
  'fixtures/folder',
  'fixtures/int_or_string.yaml',
  'fixtures/generate_name.yaml',
  'fixtures/quantity.yaml',
  'fixtures/null_string.yaml',
  'fixtures/multi_valid.yaml',
  'fixtures/multi_valid_source.yaml',
  'fixtures/blank.yaml',
  'fixtures/comment.yaml',
  'fixtures/list_valid.yaml',
  'fixtures/list_empty_valid.yaml',
  'fixtures/multi_with_list.yaml',
  'fixtures/null_array.yaml',
  'fixtures/full_domain_group.yaml',
  'fixtures/valid_version.yaml',
  'fixtures/unconventional_keys.yaml',
  'fixtures/duplicates.yaml',
  'fixtures/same-object-different-namespace.yaml',
  // Valid with -ignore-missing-schemas or a local registry: here a missing-schema note, no error.
  'fixtures/test_crd.yaml',
  'fixtures/httpproxy.yaml',
  'fixtures/grafana-alert-rule-group-sample.yaml',
];

/** `line:rule` of every error, for the invalid fixtures. */
const INVALID: Record<string, string[]> = {
  'fixtures/invalid.yaml': ['6:schema-validation', '9:schema-validation'],
  'fixtures/list_invalid.yaml': ['26:schema-validation', '29:schema-validation'],
  'fixtures/multi_invalid.yaml': ['12:schema-validation'],
  'fixtures/missing_apiversion.yaml': ['1:schema-validation'],
  'fixtures/missing_kind_value.yaml': ['1:schema-validation', '1:schema-validation'],
  // kubeconform checks the schema only; the API server also refuses a selector that selects none of the template's
  // labels (this template has none), which api-validation reports where the template is.
  'fixtures/extra_property.yaml': ['7:schema-validation', '11:api-validation'],
  'fixtures/duplicate_property.yaml': ['16:yaml-syntax'],
  'fixtures/multi_invalid_resources.yaml': [1, 3, 5, 7, 9].flatMap((line) => [`${line}:schema-validation`, `${line}:schema-validation`]),
};

interface JsonReport {
  files: { findings: { ruleId: string; level: string; line: number; message: string }[] }[];
}

async function errorsOf(target: string): Promise<string[]> {
  const run = (await runCommandInProcess(['--format', 'json', target], { cwd: FIXTURES }));
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout) as JsonReport;
  return report.files
    .flatMap((file) => file.findings)
    .filter((finding) => finding.level === 'error')
    .map((finding) => `${finding.line}:${finding.ruleId}`)
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || (a < b ? -1 : 1));
}

describe.skipIf(!existsSync(FIXTURES))('kubeconform -strict fixtures', () => {
  it.each(VALID)('%s is valid', async (fixture) => {
    expect((await errorsOf(fixture))).toEqual([]);
  });

  it.each(Object.entries(INVALID))('%s is invalid at the right nodes', async (fixture, expected) => {
    expect((await errorsOf(fixture))).toEqual(expected);
  });

  it('names the problems kubeconform names', async () => {
    const run = (await runCommandInProcess(['fixtures/invalid.yaml'], { cwd: FIXTURES }));
    expect(run.stdout).toContain('`spec.replicas` must be an integer, got the string "asd\\"".');
    expect(run.stdout).toContain('`spec.templates` is not a field of ReplicationController: did you mean `template`?');
  });
});
