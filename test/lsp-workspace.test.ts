import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Workspace } from '../src/lsp/workspace.js';
import { WORKSPACE_FILES, makeWorkspace } from './lsp-harness.js';

/*
 * What the language server lints a buffer with: the workspace folder's config file (read again when it changes),
 * and the CRDs of the folder's YAML files, found by a bounded scan and kept up to date from file changes.
 */

const made: { remove(): void }[] = [];
afterEach(() => made.splice(0).forEach((workspace) => workspace.remove()));

async function workspaceWith(files: Record<string, string>): Promise<{ root: string; workspace: Workspace }> {
  const folder = makeWorkspace(files);
  made.push(folder);
  const workspace = new Workspace();
  workspace.setFolders([folder.root]);
  await workspace.ready();
  return { root: folder.root, workspace };
}

const WIDGET = WORKSPACE_FILES['apps/widget.yaml'] as string;
const CRD = WORKSPACE_FILES['crds/widget.yaml'] as string;
const PROXY = WORKSPACE_FILES['apps/proxy.yaml'] as string;

function ruleIds(result: ReturnType<Workspace['lint']>): string[] {
  return result.findings.map((finding) => `${finding.region.start.line} ${finding.ruleId} ${finding.level}`);
}

describe('the language server workspace', () => {
  it('reads the config file again when it changes, and says when it cannot be used', async () => {
    const { root, workspace } = await workspaceWith({ '.sidecar-lint.yaml': 'rules:\n  unused-volume: error\n', 'proxy.yaml': PROXY });
    const file = path.join(root, 'proxy.yaml');
    expect(ruleIds(workspace.lint(file, PROXY))).toEqual(['23 duplicate-mount-path error', '32 unused-volume error']);
    writeFileSync(path.join(root, '.sidecar-lint.yaml'), 'rules:\n  unused-volume: off\n');
    expect(ruleIds(workspace.lint(file, PROXY))).toEqual(['23 duplicate-mount-path error']);
    writeFileSync(path.join(root, '.sidecar-lint.yaml'), 'rules:\n  unused-volumes: off\n');
    const broken = workspace.lint(file, PROXY);
    expect(broken.findings).toEqual([]);
    expect(broken.configError?.message).toMatch(/\.sidecar-lint\.yaml:2:3: `unused-volumes` is not a rule of sidecar-lint: did you mean `unused-volume`\?/);
    writeFileSync(path.join(root, '.sidecar-lint.yaml'), 'ignore: ["generated/**"]\n');
    expect(workspace.lint(path.join(root, 'generated', 'proxy.yaml'), PROXY)).toEqual({ findings: [] });
  });

  it('validates custom resources with the CRDs of the folder, not those under node_modules or in files over 1 MiB', async () => {
    const { root, workspace } = await workspaceWith({
      'node_modules/operator/crd.yaml': CRD,
      'large/crd.yaml': `${CRD}${'# padding\n'.repeat(110_000)}`,
      'apps/widget.yaml': WIDGET,
    });
    const widget = path.join(root, 'apps', 'widget.yaml');
    expect(ruleIds(workspace.lint(widget, WIDGET))).toEqual(['2 missing-schema note']);
    writeFileSync(path.join(root, 'crds.yaml'), CRD);
    expect(await workspace.fileChanged(path.join(root, 'crds.yaml'), false)).toBe(true);
    expect(ruleIds(workspace.lint(widget, WIDGET))).toEqual(['6 schema-validation error']);
    // Saved again unchanged: nothing to lint again.
    expect(await workspace.fileChanged(path.join(root, 'crds.yaml'), false)).toBe(false);
    expect(await workspace.fileChanged(path.join(root, 'node_modules', 'operator', 'crd.yaml'), false)).toBe(false);
    expect(await workspace.fileChanged(path.join(root, 'crds.yaml'), true)).toBe(true);
    expect(ruleIds(workspace.lint(widget, WIDGET))).toEqual(['2 missing-schema note']);
  });

  it("reads an open file's own CRDs from its text, saved or not", async () => {
    const { root, workspace } = await workspaceWith({ 'crds.yaml': CRD });
    const unsaved = `${CRD.replace('type: integer', 'type: string')}---\n${WIDGET.replace('replicas: three', 'replicas: 3')}`;
    const replicasLine = unsaved.split('\n').findIndex((line) => line.includes('replicas: 3')) + 1;
    expect(ruleIds(workspace.lint(path.join(root, 'crds.yaml'), unsaved))).toEqual([`${replicasLine} schema-validation error`]);
  });
});
