import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { activeRules, lintSettings, lintFileText, type FileResult } from '../src/engine/lint.js';
import { FORMATTERS } from '../src/formatters/index.js';
import type { LintReport } from '../src/engine/report.js';
import { sarifSchemaErrors } from './sarif-schema.js';

const rules = activeRules(RULES);
const lint = (file: string, text: string) => lintFileText(file, text, { rules, settings: lintSettings() });

// Rendered output whose ConfigMap carries chart values, template text included, as data (Linkerd's goldens).
const RENDERED = `apiVersion: v1
kind: ConfigMap
metadata:
  name: chart-values
data:
  values: |
    namespace: {{ .Release.Namespace }}
    {{- if .Values.debug }}
    debug: true
    {{- end }}
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      volumeMounts:
        - name: cache
          mountPath: /cache
`;

const TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
spec:
  replicas: {{ .Values.replicaCount }}
`;

const COMPOSE = `services:
  web:
    image: nginx:1.27
`;

function report(files: FileResult[]): LintReport {
  return { files, problems: [], rules: RULES.map((rule) => rule.meta) };
}

describe('a rendered file whose template text is only data is linted', () => {
  it('reports the findings of a rendered file with template text inside a block scalar', () => {
    const result = lint('install.golden.yaml', RENDERED);
    expect(result.skipped).toBeUndefined();
    expect(result.findings.map((finding) => `${finding.region.start.line}:${finding.ruleId}`)).toContain('21:undeclared-volume-mount');
  });
});

describe('a skipped file is said, with its reason, in every format', () => {
  const files = [lint('chart/templates/web.yaml', TEMPLATE), lint('docker-compose.yml', COMPOSE)];
  const [template, compose] = files;

  it('skips the Helm template with a reason that says where the template text is', () => {
    expect(template?.skipped).toMatch(/^a Helm template: `\{\{ include "web.fullname" \. \}\}` on line 4 .*helm template \.\.\. \| sidecar-lint -$/);
    expect(template?.quiet).toBe(false);
    expect(compose?.quiet).toBe(true);
  });

  it('text: names the Helm template and why, counts the compose file', () => {
    const text = FORMATTERS.text?.(report(files), { color: false }) ?? '';
    expect(text).toContain(`chart/templates/web.yaml\n  skipped  ${template?.skipped ?? ''}\n`);
    expect(text).not.toContain('docker-compose.yml');
    expect(text).toMatch(/No problems in 0 files \(2 skipped\)\./);
  });

  it('json: every skipped file with its reason', () => {
    const json = JSON.parse(FORMATTERS.json?.(report(files), { color: false }) ?? '{}') as { files: { file: string; skipped?: string }[] };
    expect(json.files.map((file) => [file.file, file.skipped])).toEqual([
      ['chart/templates/web.yaml', template?.skipped],
      ['docker-compose.yml', compose?.skipped],
    ]);
  });

  it('sarif: a notification for each skipped file, at the file, and still valid SARIF', () => {
    const sarif = JSON.parse(FORMATTERS.sarif?.(report(files), { color: false }) ?? '{}') as {
      runs: { invocations: { toolExecutionNotifications: { message: { text: string }; locations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }[];
    };
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const notifications = sarif.runs[0]?.invocations[0]?.toolExecutionNotifications ?? [];
    expect(notifications.map((notification) => notification.locations?.[0]?.physicalLocation.artifactLocation.uri)).toEqual([
      'chart/templates/web.yaml',
      'docker-compose.yml',
    ]);
    expect(notifications[0]?.message.text).toBe(`chart/templates/web.yaml: skipped: ${template?.skipped ?? ''}`);
  });

  it('github: a notice on the Helm template, none for the compose file', () => {
    const github = FORMATTERS.github?.(report(files), { color: false }) ?? '';
    expect(github.split('\n').filter((line) => line !== '')).toEqual([
      expect.stringMatching(/^::notice file=chart\/templates\/web\.yaml,title=sidecar-lint%3A file not linted::Not linted: a Helm template: /),
    ]);
  });
});
