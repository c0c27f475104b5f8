import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { kustomizePatchFiles } from '../src/engine/kustomize.js';
import { activeRules, lintSettings, lintFileText } from '../src/engine/lint.js';
import { ROOT } from './cli-runner.js';

const DATA = path.join(ROOT, 'test', 'data', 'kustomize');
const file = (name: string) => path.join(DATA, name);
const input = (name: string) => ({ source: file(name), name });

describe('kustomize patches are partial objects', () => {
  it('finds the patch files a kustomization lists, and only inside its folder tree', () => {
    const inputs = ['app/deployment.yaml', 'app/kustomization.yaml', 'app/patch-containers.yaml', 'app/patch-volumes.yaml', 'outside.yaml'].map(input);
    expect([...kustomizePatchFiles(inputs, DATA)].sort()).toEqual(
      ['app/patch-containers.yaml', 'app/patch-delete-sidecar.yaml', 'app/patch-json6902.yaml', 'app/patch-volumes.yaml'].map(file),
    );
  });

  it('finds the kustomization of a patch handed over alone, from the folders up to the working directory', () => {
    expect(kustomizePatchFiles([input('app/patch-containers.yaml')], ROOT).has(file('app/patch-containers.yaml'))).toBe(true);
    // Standard input has no folder.
    expect(kustomizePatchFiles([{ source: '-', name: '<stdin>' }], DATA).size).toBe(0);
  });

  it('lints a patch that carries only a container list without whole-object findings', () => {
    const rules = activeRules(RULES);
    const lint = (name: string, partial: boolean) =>
      lintFileText(name, readFileSync(file(name), 'utf8'), { rules, settings: lintSettings() }, {}, partial).findings.map((finding) => `${finding.region.start.line}:${finding.ruleId}`);
    // As a whole object it would lack a selector, mount an undeclared volume and list a sidecar first.
    expect(lint('app/patch-containers.yaml', false)).toEqual(
      expect.arrayContaining(['6:schema-validation', '10:main-container-first', '12:undeclared-volume-mount']),
    );
    expect(lint('app/patch-containers.yaml', true)).toEqual([]);
    // What a patch says of its own values still counts; that its volume is mounted elsewhere does not.
    expect(lint('app/patch-volumes.yaml', true)).toEqual(['11:emptydir-invalid-medium']);
    expect(lint('app/deployment.yaml', false)).toEqual(['16:main-container-first']);
  });

  it('takes a JSON patch\'s list of operations and strategic-merge directives as what they are', () => {
    const rules = activeRules(RULES);
    const lint = (name: string, partial: boolean) =>
      lintFileText(name, readFileSync(file(name), 'utf8'), { rules, settings: lintSettings() }, {}, partial).findings.map((finding) => `${finding.region.start.line}:${finding.ruleId}`);
    expect(lint('app/patch-json6902.yaml', false)).toEqual(['2:schema-validation']);
    expect(lint('app/patch-json6902.yaml', true)).toEqual([]);
    expect(lint('app/patch-delete-sidecar.yaml', false)).toEqual(expect.arrayContaining(['9:schema-validation', '13:schema-validation']));
    expect(lint('app/patch-delete-sidecar.yaml', true)).toEqual([]);
  });

  it('the CLI: the base keeps its findings, the patches lose the whole-object ones, a file outside stays whole', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'dev-run.mjs'), '--format', 'json', '.'], { cwd: DATA, encoding: 'utf8' });
    const report = JSON.parse(run.stdout) as { files: { file: string; findings: { line: number; ruleId: string }[] }[] };
    const found = Object.fromEntries(report.files.map((entry) => [entry.file, entry.findings.map((finding) => `${finding.line}:${finding.ruleId}`)]));
    expect(found).toEqual({
      'app/deployment.yaml': ['16:main-container-first'],
      'app/kustomization.yaml': [],
      'app/patch-containers.yaml': [],
      'app/patch-delete-sidecar.yaml': [],
      'app/patch-json6902.yaml': [],
      'app/patch-volumes.yaml': ['11:emptydir-invalid-medium'],
      'outside.yaml': ['5:schema-validation', '9:main-container-first'],
    });
    expect(run.status).toBe(1);
  }, 30_000);
});
