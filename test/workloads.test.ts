import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { ConfigError, loadConfig } from '../src/engine/config.js';
import { activeRules, defaultOptionsOf, lintSettings, lintFileText } from '../src/engine/lint.js';
import { podViewsOf, rejectionOf } from '../src/kubernetes/pod.js';
import { resourcesOf } from '../src/kubernetes/resources.js';
import { POD_SPEC_PATH_SYNTAX, parsePodSpecPath } from '../src/kubernetes/workloads.js';
import { parseYamlFile } from '../src/yaml/yaml-file.js';

const viewsOf = (text: string, extra = [] as Parameters<typeof podViewsOf>[1]) => {
  const value = parseYamlFile(text).documents[0]?.value;
  return resourcesOf(value).flatMap((resource) => podViewsOf(resource, extra));
};

describe('pod specs keyed by API group and kind', () => {
  it('reads a core Pod and an apps Deployment, never a kind of another group', () => {
    expect(viewsOf('apiVersion: v1\nkind: Pod\nspec:\n  containers: []\n').map((view) => view.specPath)).toEqual([['spec']]);
    expect(viewsOf('apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec: {}\n')).toHaveLength(1);
    expect(viewsOf('apiVersion: example.com/v1\nkind: Deployment\nspec:\n  template:\n    spec: {}\n')).toEqual([]);
    expect(viewsOf('apiVersion: v1\nkind: Service\nspec:\n  template:\n    spec: {}\n')).toEqual([]);
    expect(viewsOf('apiVersion: serving.knative.dev/v1\nkind: Service\nspec:\n  template:\n    spec: {}\n')).toHaveLength(1);
  });

  it('finds one pod spec per replicated job of a JobSet, each with the metadata beside it', () => {
    const views = viewsOf(`apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
spec:
  replicatedJobs:
    - name: a
      template:
        spec:
          template:
            metadata:
              annotations:
                sidecar-lint.io/ignore: unused-volume
            spec:
              containers: [{name: a, image: a}]
    - name: b
      template:
        spec:
          template:
            spec:
              containers: [{name: b, image: b}]
    - name: broken
      template: not-a-mapping
`);
    expect(views.map((view) => view.specPath)).toEqual([
      ['spec', 'replicatedJobs', 0, 'template', 'spec', 'template', 'spec'],
      ['spec', 'replicatedJobs', 1, 'template', 'spec', 'template', 'spec'],
    ]);
    expect(views[0]?.annotations.get('sidecar-lint.io/ignore')).toBe('unused-volume');
    expect(views[0]?.annotationsPath).toEqual(['spec', 'replicatedJobs', 0, 'template', 'spec', 'template', 'metadata', 'annotations']);
    expect(views.every((view) => view.workload.runsToCompletion)).toBe(true);
  });

  it('names nameless Knative containers as Knative does: user-container alone, numbered among several', () => {
    const names = (containers: string) =>
      viewsOf(`apiVersion: serving.knative.dev/v1\nkind: Configuration\nspec:\n  template:\n    spec:\n      containers: ${containers}\n`)[0]?.containers.map(
        (container) => container.name,
      );
    expect(names('[{image: a}]')).toEqual(['user-container']);
    expect(names('[{image: a}, {name: user-container-0, image: b}, {image: c}]')).toEqual(['user-container-1', 'user-container-0', 'user-container-2']);
    // A Deployment's container with no name has none: the API server requires one.
    expect(viewsOf('apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: [{image: a}]\n')[0]?.containers[0]?.name).toBeUndefined();
  });

  it('says what becomes of a refused pod spec: the built-in object, a StatefulSet\'s pods, a Rollout, a custom resource\'s pods', () => {
    const rejection = (header: string) => {
      const view = viewsOf(`${header}\nspec:\n  template:\n    spec: {}\n`)[0];
      return view === undefined ? undefined : rejectionOf(view);
    };
    expect(rejection('apiVersion: apps/v1\nkind: Deployment')).toBe('the API server rejects the Deployment');
    expect(rejection('apiVersion: apps/v1\nkind: StatefulSet')).toMatch(/accepts the StatefulSet but rejects every pod/);
    expect(rejection('apiVersion: argoproj.io/v1alpha1\nkind: Rollout')).toMatch(/Argo Rollouts controller .* `InvalidSpec`/);
    expect(rejection('apiVersion: apps.openshift.io/v1\nkind: DeploymentConfig')).toBe('the OpenShift API server rejects the DeploymentConfig');
    expect(rejection('apiVersion: keda.sh/v1alpha1\nkind: ScaledJob')).toBeUndefined();
    expect(rejection('apiVersion: serving.knative.dev/v1\nkind: Service')).toBe('the API server rejects the pods made from this Service, so none of them runs');
  });

  it('takes the image of a DeploymentConfig container from its ImageChange trigger, as OpenShift does', () => {
    const view = viewsOf(`apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
spec:
  template:
    spec:
      containers: [{name: app}, {name: other}]
  triggers:
    - type: ImageChange
      imageChangeParams: {containerNames: [app], from: {kind: ImageStreamTag, name: 'app:1.0'}}
`)[0];
    expect(view?.containers.map((container) => [container.image, container.raw.image])).toEqual([
      ['app:1.0', 'app:1.0'],
      [undefined, undefined],
    ]);
  });

  it('reads the pod specs the config adds, lists included', () => {
    const extra = [{ group: 'batch.example.com', kind: 'Pipeline', pattern: parsePodSpecPath('spec.steps[*].pod') ?? [] }];
    const text = `apiVersion: batch.example.com/v2
kind: Pipeline
spec:
  steps:
    - pod:
        containers:
          - name: build
            image: builder:1
            volumeMounts:
              - name: workspace
                mountPath: /workspace
`;
    expect(viewsOf(text, extra).map((view) => view.specPath)).toEqual([['spec', 'steps', 0, 'pod']]);
    const settings = { ...lintSettings(), podSpecs: extra };
    const findings = lintFileText('pipeline.yaml', text, { rules: activeRules(RULES), settings: settings }).findings.map((finding) => `${finding.region.start.line}:${finding.ruleId}`);
    expect(findings).toContain('10:undeclared-volume-mount');
  });
});

describe('the config file\'s podSpecs', () => {
  const load = (yaml: string) => {
    const folder = mkdtempSync(path.join(tmpdir(), 'sidecar-lint-podspecs-'));
    const file = path.join(folder, '.sidecar-lint.yaml');
    writeFileSync(file, yaml);
    return () => loadConfig(file, RULES.map((rule) => rule.meta.id), defaultOptionsOf(RULES));
  };

  it('parses paths with [*] for list items, keeping the group of the apiVersion', () => {
    const config = load('podSpecs:\n  - apiVersion: example.com/v1\n    kind: Pipeline\n    path: spec.steps[*].template.spec\n')();
    expect(config.podSpecs).toEqual([{ group: 'example.com', kind: 'Pipeline', pattern: ['spec', 'steps', '[*]', 'template', 'spec'] }]);
  });

  it('refuses a path that is not one, saying how to write it, at its line', () => {
    for (const bad of ['spec..template', 'spec.template.spec[*]', 'spec/template/spec', '.spec', 'spec.containers[0]', 'spec.*', 'spec.**.spec']) {
      const run = load(`podSpecs:\n  - apiVersion: example.com/v1\n    kind: Pipeline\n    path: "${bad}"\n`);
      expect(run).toThrow(ConfigError);
      expect(run).toThrow(/\.sidecar-lint\.yaml:4:11: `.*` is not a pod spec path: write field names joined by dots, with `\[\*\]`/);
    }
  });

  it('checks paths in the JSON Schema with the syntax the reader parses', () => {
    const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'schemas', 'config.schema.json'), 'utf8')) as {
      properties: { podSpecs: { items: { properties: { path: { pattern: string } } } } };
    };
    expect(schema.properties.podSpecs.items.properties.path.pattern).toBe(POD_SPEC_PATH_SYNTAX);
  });

  it('refuses an apiVersion with no version, which would be read as the core group', () => {
    expect(load('podSpecs:\n  - apiVersion: example.com\n    kind: Pipeline\n    path: spec\n')).toThrow(
      /:2:17: `example.com` is not an apiVersion: write the group and version of the custom resource, such as `example.com\/v1`\./,
    );
  });

  it('reads * as every value of a mapping (Kubeflow\'s replica specs)', () => {
    const config = load('podSpecs:\n  - apiVersion: kubeflow.org/v1\n    kind: PyTorchJob\n    path: spec.pytorchReplicaSpecs.*.template.spec\n')();
    const views = viewsOf(
      `apiVersion: kubeflow.org/v1
kind: PyTorchJob
spec:
  pytorchReplicaSpecs:
    Master: {template: {spec: {containers: [{name: pytorch, image: a}]}}}
    Worker: {template: {spec: {containers: [{name: pytorch, image: a}]}}}
`,
      config.podSpecs,
    );
    expect(views.map((view) => view.specPath)).toEqual([
      ['spec', 'pytorchReplicaSpecs', 'Master', 'template', 'spec'],
      ['spec', 'pytorchReplicaSpecs', 'Worker', 'template', 'spec'],
    ]);
  });

  it('requires apiVersion, kind and path, and nothing else', () => {
    expect(load('podSpecs:\n  - apiVersion: example.com/v1\n    kind: Pipeline\n')).toThrow(/lacks the required field `path`/);
    expect(load('podSpecs:\n  - apiVersion: example.com/v1\n    kind: Pipeline\n    path: spec\n    group: x\n')).toThrow(ConfigError);
  });
});
