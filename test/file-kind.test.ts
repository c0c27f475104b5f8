import { describe, expect, it } from 'vitest';
import { classifyFile } from '../src/engine/file-kind.js';
import { readManifestFast } from '../src/yaml/manifest-reader.js';
import { SourceText } from '../src/yaml/source-text.js';

/** The kind of a file, which must be the same whether its value scalars come from the fast reader (as lint.ts does) or not. */
const kindOf = (text: string) => {
  const own = classifyFile(text);
  expect(classifyFile(text, () => readManifestFast(SourceText.from(text))?.valueScalarRanges?.()), 'from the fast reader').toEqual(own);
  return own.kind;
};

describe('file kinds: Go-template text in a scalar is data, template text where structure goes is a Helm template', () => {
  it('lints a rendered manifest whose ConfigMap holds chart values with template text in a block scalar', () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: linkerd-config
data:
  values: |
    clusterDomain: cluster.local
    identityTrustDomain: "{{ .Release.Namespace }}.example"
    {{- if .Values.enabled }}
    proxy: {}
    {{- end }}
`;
    expect(kindOf(text)).toBe('manifest');
    // The fast reader reads it, so lint.ts classifies it from that reading: the comparison in kindOf is not empty.
    expect(readManifestFast(SourceText.from(text))?.valueScalarRanges?.()).toEqual(expect.arrayContaining([expect.any(Array)]));
  });

  it('names the line of a template action as editors count lines: CR, LF and CRLF each end one', () => {
    const kind = classifyFile('apiVersion: v1\r\nkind: Pod\rmetadata:\r\n{{- if .Values.x }}\r\n  name: p\r\n');
    expect(kind.kind === 'helm-template' ? kind.reason : kind.kind).toMatch(/ on line 4 /);
  });

  it('lints alert templates and Argo parameters in quoted and plain scalars', () => {
    const text = `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: rules
spec:
  groups:
    - name: pods
      rules:
        - alert: PodDown
          annotations:
            summary: Pod {{ $labels.pod }} is down
            description: "{{ $labels.namespace }}/{{ $labels.pod }}"
          args: ["{{inputs.parameters.message}}"]
# a comment may say {{ .Values.x }}
`;
    expect(kindOf(text)).toBe('manifest');
  });

  it('skips a template whose action stands where a value goes', () => {
    const result = classifyFile(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {{ .Values.replicaCount }}
`);
    expect(result.kind).toBe('helm-template');
    expect(result.kind === 'helm-template' && result.reason).toMatch(/`\{\{ \.Values\.replicaCount \}\}` on line 6/);
  });

  it('skips a template with a control action alone on a line', () => {
    expect(
      kindOf(`apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: worker
      image: registry.example.com/worker:1.0
    {{- if .Values.logShipper.enabled }}
    - name: log-shipper
      image: fluent/fluent-bit:3.0
    {{- end }}
`),
    ).toBe('helm-template');
  });

  it('skips a template whose action breaks a quoted string, sits in a key, or is a template comment', () => {
    expect(kindOf(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: "{{ include "web.fullname" . }}"\n`)).toBe('helm-template');
    expect(kindOf(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  {{ .Values.key }}: value\n`)).toBe('helm-template');
    expect(kindOf(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  key-{{ .Values.key }}: value\n`)).toBe('helm-template');
    expect(kindOf(`{{/* a comment\n   on two lines */}}\napiVersion: v1\nkind: Pod\n`)).toBe('helm-template');
    expect(kindOf(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ trunc 63 .Values.name }}\n`)).toBe('helm-template');
    expect(kindOf(`apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    {{- include "web.labels" . | nindent 4 }}\n`)).toBe('helm-template');
  });

  it('leaves other tools\' braces to the YAML reader: an Argo Workflows parameter where a value goes is no Helm template', () => {
    expect(kindOf(`apiVersion: argoproj.io/v1alpha1
kind: Workflow
spec:
  templates:
    - name: main
      container:
        image: alpine:3.20
        args:
          - {{inputs.parameters.message}}
`)).toBe('manifest');
  });

  it('says a file with no apiVersion or kind holds no Kubernetes object, and leaves binary files to yaml-syntax', () => {
    expect(kindOf('services:\n  web:\n    image: nginx\n')).toBe('not-kubernetes');
    expect(kindOf('kind: Pod\u0000')).toBe('manifest');
  });
});
