import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { loadConfig } from '../src/engine/config.js';
import { activeRules, defaultOptionsOf, lintSettings, lintFileText } from '../src/engine/lint.js';
import { configuredInjectedMounts, injectedVolumeMounts } from '../src/kubernetes/injected-mounts.js';

const names = (set: ReadonlySet<string>) => [...set].sort();
const annotations = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('volumes that injected sidecars mount, by the annotations each injector documents', () => {
  it.each([
    ['Istio, a list of mounts', { 'sidecar.istio.io/userVolumeMount': '[{"name": "certs", "mountPath": "/etc/certs"}]' }, ['certs']],
    ['Istio, a map keyed by volume', { 'sidecar.istio.io/userVolumeMount': '{"ca": {"mountPath": "/etc/ca"}, "keys": {}}' }, ['ca', 'keys']],
    ['Istio, not JSON', { 'sidecar.istio.io/userVolumeMount': 'certs' }, []],
    ['Consul', { 'consul.hashicorp.com/consul-sidecar-user-volume-mount': '[{"name": "envoy-extra", "mountPath": "/extra"}]' }, ['envoy-extra']],
    ['Kuma', { 'kuma.io/service-account-token-volume': 'token' }, ['token']],
    ['Dapr, enabled', { 'dapr.io/enabled': 'true', 'dapr.io/volume-mounts': 'a:/mnt/a, b:/mnt/b', 'dapr.io/volume-mounts-rw': 'c:/tmp/c' }, ['a', 'b', 'c']],
    ['Dapr, not enabled', { 'dapr.io/volume-mounts': 'a:/mnt/a' }, []],
    ['AWS App Mesh', { 'appmesh.k8s.aws/volumeMounts': 'svc-certs:/certs/svc, ca-bundle:/certs' }, ['ca-bundle', 'svc-certs']],
    ['GKE Cloud Storage FUSE', { 'gke-gcsfuse/volumes': 'true' }, ['gke-gcsfuse-buffer', 'gke-gcsfuse-cache', 'gke-gcsfuse-tmp']],
    ['GKE Cloud Storage FUSE, off', { 'gke-gcsfuse/volumes': 'false' }, []],
  ])('%s', (_name, given, expected) => {
    expect(names(injectedVolumeMounts(annotations(given)))).toEqual(expected);
  });

  it("Vault copies the mounts of the container `agent-copy-volume-mounts` names, when injection is on", () => {
    const containers = [
      { name: 'app', mounts: [{ name: 'app-config' }, { name: 'shared' }] },
      { name: 'other', mounts: [{ name: 'other-data' }] },
    ];
    const copy = { 'vault.hashicorp.com/agent-copy-volume-mounts': 'app' };
    expect(names(injectedVolumeMounts(annotations({ ...copy, 'vault.hashicorp.com/agent-inject': 'true' }), containers))).toEqual(['app-config', 'shared']);
    expect(names(injectedVolumeMounts(annotations(copy), containers))).toEqual([]);
  });

  it('the config file names more: volumes, and annotations whose value lists volumes', () => {
    const found = configuredInjectedMounts(annotations({ 'corp.example.com/agent-volumes': 'a, b', other: 'c' }), {
      injectedVolumes: ['corp-secrets'],
      injectedVolumeAnnotations: ['corp.example.com/agent-volumes'],
    });
    expect(names(found)).toEqual(['a', 'b', 'corp-secrets']);
  });
});

describe('injectedVolumes and injectedVolumeAnnotations in .sidecar-lint.yaml', () => {
  const POD = `apiVersion: v1
kind: Pod
metadata:
  name: app
  annotations:
    corp.example.com/agent-volumes: agent-cache
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
  volumes:
    - name: agent-cache
      emptyDir: {}
    - name: corp-secrets
      emptyDir: {}
    - name: leftover
      emptyDir: {}
`;

  function unusedWith(config: string): number[] {
    const dir = mkdtempSync(path.join(tmpdir(), 'sidecar-lint-injected-'));
    const file = path.join(dir, '.sidecar-lint.yaml');
    writeFileSync(file, config);
    const loaded = loadConfig(file, RULES.map((rule) => rule.meta.id), defaultOptionsOf(RULES));
    const result = lintFileText('pod.yaml', POD, { rules: activeRules(RULES, loaded.rules), settings: lintSettings() });
    return result.findings.filter((finding) => finding.ruleId === 'unused-volume').map((finding) => finding.region.start.line);
  }

  it('keep unused-volume quiet about the volumes they name, and only those', () => {
    expect(unusedWith('{}\n')).toEqual([12, 14, 16]);
    expect(unusedWith('injectedVolumes: [corp-secrets]\ninjectedVolumeAnnotations: [corp.example.com/agent-volumes]\n')).toEqual([16]);
  });

  it("add to a rule's own options", () => {
    const config = 'injectedVolumes: [corp-secrets]\nrules:\n  unused-volume:\n    options:\n      injectedVolumes: [leftover]\n';
    expect(unusedWith(config)).toEqual([12]);
  });
});
