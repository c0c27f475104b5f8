import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText } from '../src/engine/api.js';
import { expandTemplate, schemaLocationPaths, templateVariables } from '../src/schemas/schema-locations.js';
import { ROOT, runCommandInProcess } from './cli-runner.js';
import { temporaryFolderPerTest } from './temp-folder.js';
import { crdManifest } from './crd-manifests.js';

const SCHEMA_FOLDER = path.join(ROOT, 'test', 'data', 'schema-location');

const BACKUP = `apiVersion: example.com/v1
kind: Backup
metadata:
  name: nightly
spec:
  retain: seven
`;

const BACKUP_CRD = crdManifest('Backup', { retain: '{type: integer}' });

const folder = temporaryFolderPerTest('sidecar-lint-schemas-');
const write = (relative: string, content: string | Buffer): string => folder.write(relative, content);

interface JsonReport {
  files: { file: string; findings: { ruleId: string; line: number; message: string }[] }[];
}

const findingsOf = (stdout: string) =>
  (JSON.parse(stdout) as JsonReport).files.flatMap((file) => file.findings.map((finding) => `${file.file}:${finding.line}:${finding.ruleId}`));

describe('kubeconform schema location templates', () => {
  it('computes the variables as kubeconform does', async () => {
    expect(templateVariables('apps/v1', 'Deployment', { major: 1, minor: 30 })).toMatchObject({
      ResourceKind: 'deployment',
      KindSuffix: '-apps-v1',
      ResourceAPIVersion: 'v1',
      NormalizedKubernetesVersion: 'v1.30.0',
      Group: 'apps',
    });
    expect(templateVariables('v1', 'Service', { major: 1, minor: 30 }).KindSuffix).toBe('-v1');
    expect(templateVariables('sagemaker.aws.amazon.com/v1', 'TrainingJob', { major: 1, minor: 30 }).KindSuffix).toBe('-sagemaker-v1');
    expect(expandTemplate('s/{{ .ResourceKind }}{{ .KindSuffix }}.json', templateVariables('example.com/v1', 'Backup', { major: 1, minor: 36 }))).toBe(
      's/backup-example-v1.json',
    );
  });
});

describe('schema locations and names from the input', () => {
  it('join only names Kubernetes could serve into a path', () => {
    const version = { major: 1, minor: 36 };
    expect(schemaLocationPaths(['schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json'], 'example.com/v1', 'Backup', version)).toEqual([
      'schemas/backup-example-v1.json',
    ]);
    for (const [apiVersion, kind] of [['example.com/v1', '../../etc/passwd'], ['../../x/v1', 'Backup'], ['example.com/v1/../..', 'Backup'], ['v1', 'Pod/..']]) {
      expect(schemaLocationPaths(['schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json'], apiVersion ?? '', kind ?? '', version), `${apiVersion} ${kind}`).toEqual([]);
    }
  });
});

describe('custom resources', () => {
  it('are a missing-schema note without a schema', async () => {
    write('backup.yaml', BACKUP);
    const run = (await runCommandInProcess(['-f', 'json', 'backup.yaml'], { cwd: folder.path }));
    expect(run.status).toBe(0);
    expect(findingsOf(run.stdout)).toEqual(['backup.yaml:2:missing-schema']);
  });

  it('are validated against a schema folder given with --schema-location', async () => {
    write('backup.yaml', BACKUP);
    const run = (await runCommandInProcess(['-f', 'json', '--schema-location', SCHEMA_FOLDER, 'backup.yaml'], { cwd: folder.path }));
    expect(run.status).toBe(1);
    expect(findingsOf(run.stdout)).toEqual(['backup.yaml:5:schema-validation', 'backup.yaml:6:schema-validation']);
  });

  it('are validated against a kubeconform-style template', async () => {
    write('backup.yaml', BACKUP);
    const template = path.join(SCHEMA_FOLDER, '{{ .ResourceKind }}{{ .KindSuffix }}.json');
    const run = (await runCommandInProcess(['-f', 'json', '--schema-location', template, 'backup.yaml'], { cwd: folder.path }));
    expect(run.stdout).toContain('`spec.retain` must be an integer, got the string \\"seven\\"');
  });

  it('are validated against a CustomResourceDefinition in another file of the input, whatever the order', async () => {
    write('a-backup.yaml', BACKUP);
    write('z-crds/backup-crd.yaml', BACKUP_CRD);
    const run = (await runCommandInProcess(['-f', 'json', '.'], { cwd: folder.path }));
    expect(findingsOf(run.stdout)).toEqual(['a-backup.yaml:6:schema-validation']);
  });

  it('refuses a schema location on the network', async () => {
    const run = (await runCommandInProcess(['--schema-location', 'https://example.com/{{ .ResourceKind }}.json', 'x.yaml'], { cwd: folder.path }));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('reads schemas from local files only');
  });

  it('reports an unreadable schema file with its name as a missing-schema note, and still lints the rest', async () => {
    write('schemas/backup-example-v1.json', '{ not json');
    write('backup.yaml', BACKUP);
    write('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: b, imagePullPolicy: sometimes}]}\n');
    const run = (await runCommandInProcess(['--schema-location', 'schemas', 'backup.yaml', 'pod.yaml'], { cwd: folder.path }));
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/Cannot read the schema .*backup-example-v1\.json: .*so the fields of `example\.com\/v1` Backup were not checked\.\s+missing-schema/);
    expect(run.stdout).toContain('imagePullPolicy');
    expect(run.stderr).toBe('');
  });

  it('takes CRD manifests from --schema-location as well as JSON schemas, as a hook that sees only the custom resource needs', async () => {
    write('crds/backups.yaml', BACKUP_CRD);
    write('backup.yaml', BACKUP);
    const alone = await runCommandInProcess(['-f', 'json', 'backup.yaml'], { cwd: folder.path });
    expect(findingsOf(alone.stdout)).toEqual([expect.stringMatching(/missing-schema/)]);
    const withCrds = await runCommandInProcess(['-f', 'json', '--schema-location', 'crds', 'backup.yaml'], { cwd: folder.path });
    expect(findingsOf(withCrds.stdout)).toEqual([expect.stringMatching(/schema-validation/)]);
    const oneFile = await runCommandInProcess(['-f', 'json', '--schema-location', 'crds/backups.yaml', 'backup.yaml'], { cwd: folder.path });
    expect(findingsOf(oneFile.stdout)).toEqual(findingsOf(withCrds.stdout));
  });
});

describe('--kubernetes-version', () => {
  const CRONJOB = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "* * * * *"\n  jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: a, image: b}]}}}}\n';

  it('decides whether a removed API is still served', async () => {
    write('cronjob.yaml', CRONJOB);
    expect((await runCommandInProcess(['--kubernetes-version', '1.24', 'cronjob.yaml'], { cwd: folder.path })).status).toBe(0);
    const current = (await runCommandInProcess(['cronjob.yaml'], { cwd: folder.path }));
    expect(current.status).toBe(1);
    expect(current.stdout).toContain('`batch/v1beta1` CronJob is not served by Kubernetes 1.36: it was removed in 1.25. Use `batch/v1`');
  });

  it('names the version that served a removed kind, not the one the manifest wrote', async () => {
    write('psp.yaml', 'apiVersion: policy/v1\nkind: PodSecurityPolicy\nmetadata: {name: p}\nspec: {}\n');
    const run = await runCommandInProcess(['psp.yaml'], { cwd: folder.path });
    expect(run.stdout).toContain('PodSecurityPolicy is not served by Kubernetes 1.36: `policy/v1beta1` served it until it was removed in 1.25.');
  });

  it.each(['latest', '1.3', '1.99', '2.0'])('rejects %s, which is no release it knows, with the range', async (version) => {
    const run = await runCommandInProcess(['--kubernetes-version', version, 'x.yaml'], { cwd: folder.path });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`--kubernetes-version '${version}' is not a Kubernetes release sidecar-lint knows: write a release from 1.16 to 1.36`);
  });
});

describe('integer ranges', () => {
  const schemaProblems = (text: string) =>
    (lintText(text, { filePath: 'x.yaml' }).files[0]?.findings ?? [])
      .filter((finding) => finding.ruleId === 'schema-validation')
      .map((finding) => `${finding.region.start.line} ${finding.message}`);
  const deployment = (replicas: string, grace = '30') =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: d}}\n` +
    `  template:\n    metadata: {labels: {app: d}}\n    spec:\n      terminationGracePeriodSeconds: ${grace}\n      containers: [{name: d, image: d}]\n`;

  it('gives every integer field of the built-in schemas its format, int32 or int64, from kubernetes-models', () => {
    const schemas = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'kubernetes.json'), 'utf8')) as { definitions: Record<string, unknown> };
    const integers: { format?: unknown }[] = [];
    JSON.stringify(schemas.definitions, (_key, value: unknown) => {
      if (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'integer') integers.push(value as { format?: unknown });
      return value;
    });
    expect(integers.length).toBeGreaterThan(300);
    expect(integers.filter((schema) => schema.format !== 'int32' && schema.format !== 'int64')).toEqual([]);
    const deploymentSpec = schemas.definitions.IoK8sApiAppsV1DeploymentSpec as { properties: Record<string, unknown> };
    expect(deploymentSpec.properties.replicas).toEqual({ type: 'integer', format: 'int32' });
  });

  it('refuses an int32 field past its range and an int64 field past int64, and says the range', () => {
    expect(schemaProblems(deployment('2147483648'))).toEqual([
      '5 `spec.replicas` must be an int32 (-2147483648 to 2147483647), got the number 2147483648: the API server cannot decode a number out of that range into the field, and refuses the object.',
    ]);
    expect(schemaProblems(deployment('-2147483649'))).toHaveLength(1);
    for (const grace of ['9223372036854776833', '18446744073709551615', '1e19', '-9223372036854776833']) {
      expect(schemaProblems(deployment('1', grace)), grace).toEqual([expect.stringMatching(/^10 `spec\.template\.spec\.terminationGracePeriodSeconds` must be an int64 \(-9223372036854775808 to 9223372036854775807\), got a number past that range/)]);
    }
  });

  it('takes the ends of the ranges, and the doubles that cannot tell 2^63 - 1 from 2^63', () => {
    for (const replicas of ['2147483647', '0', '1e3', '0x7fffffff']) expect(schemaProblems(deployment(replicas)), replicas).toEqual([]);
    for (const grace of ['9223372036854775807', '9223372036854775808', '-9223372036854775808', '4611686018427387904']) {
      expect(schemaProblems(deployment('1', grace)), grace).toEqual([]);
    }
  });

  it('says .inf and .nan in an integer field once, as no integer', () => {
    for (const value of ['.inf', '-.Inf', '.nan']) {
      expect(schemaProblems(deployment(value)), value).toEqual([expect.stringMatching(/^5 `spec\.replicas` must be an integer, got `-?\.(inf|nan)`, which JSON cannot hold\.$/)]);
    }
  });

  it('refuses bytes that are not base64 as the API server decodes them, without quoting a Secret\'s value', () => {
    const secret = (value: string) => `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  password: ${value}\n`;
    for (const value of ['hunter2', 'dG9rZW4', 'dG9r ZW4=', '"YQ==YQ=="', '"-_-_"']) {
      const problems = schemaProblems(secret(value));
      expect(problems, value).toEqual([expect.stringMatching(/^5 `data\.password` must be base64: the API server decodes it into bytes, and refuses the object\. .*move plain text to `stringData`\. The value is not shown/)]);
      expect(problems[0], value).not.toContain(value.replaceAll('"', ''));
    }
    for (const value of ['dG9rZW4=', 'YQ==', '""', '|\n    dG9r\n    ZW4=', '"dG9r\\r\\nZW4="']) expect(schemaProblems(secret(value)), value).toEqual([]);
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nbinaryData:\n  logo.png: not base64\n';
    expect(schemaProblems(configMap)).toEqual([expect.stringMatching(/^5 `binaryData\["logo\.png"\]` must be base64: .* Encode the value \(`base64 -w0`\), keeping its `=` padding\.$/)]);
  });

  it('leaves a quantity alone: memory: 3000000000 is three gigabytes, not an int32', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: c\n      resources: {limits: {memory: 3000000000}}\n';
    expect(schemaProblems(pod)).toEqual([]);
  });

  it('keeps a custom resource within int64 but, as the API server, enforces no `format: int32` of a CRD', () => {
    const crd = crdManifest('Backup', { retain: '{type: integer, format: int32}', size: '{type: integer, format: int64}' });
    const backup = (retain: string, size: string) => `${crd}---\n${BACKUP.replace('retain: seven', `retain: ${retain}\n  size: ${size}`)}`;
    // kube-openapi checks the format of strings only: an int64 passes `type: integer, format: int32`.
    expect(schemaProblems(backup('3000000000', '1'))).toEqual([]);
    expect(schemaProblems(backup('2147483647', '9223372036854775807'))).toEqual([]);
    expect(schemaProblems(backup('18446744073709551616', '18446744073709551616'))).toEqual([
      expect.stringMatching(/`spec\.retain` is past the range of a 64-bit integer/),
      expect.stringMatching(/`spec\.size` is past the range of a 64-bit integer/),
    ]);
    expect(schemaProblems(backup('.inf', '1'))).toEqual([expect.stringMatching(/`spec\.retain` must be an integer, got `\.inf`/)]);
  });

  // A custom resource checked against a JSON schema file (--schema-location) got no int64 bound: crd-schemas.ts set
  // it on CRDs only, and schema-registry.ts compiled schema files as they were. The API server refuses 2^64 in any
  // integer field of a custom resource.
  it('keeps a custom resource within int64 when its schema comes from a schema file', async () => {
    write('backup.yaml', BACKUP.replace('retain: seven', 'retain: 18446744073709551616'));
    const run = await runCommandInProcess(['-f', 'json', '--schema-location', SCHEMA_FOLDER, 'backup.yaml'], { cwd: folder.path });
    expect(run.stdout).toContain('`spec.retain` is past the range of a 64-bit integer');
  });
});
