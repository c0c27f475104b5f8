import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine/api.js';
import { WORKSPACE_FILES, buildPrivateServer, makeWorkspace } from './lsp-harness.js';

/*
 * A real editor: headless Neovim (its built-in LSP client, no plugins) starts the language server for a YAML file,
 * as the README's setup does, shows its diagnostics and applies a code action. Debian's `neovim` package; the
 * test skips where `nvim` is not installed (.ci/run installs it).
 */

const hasNeovim = spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status === 0;

interface NeovimDiagnostic {
  line: number;
  col: number;
  end_line: number;
  end_col: number;
  severity: number;
  code: string;
  source: string;
  message: string;
}

let removeServer: () => void = () => {};
let server = '';
let workspace: ReturnType<typeof makeWorkspace> | undefined;

beforeAll(async () => {
  if (!hasNeovim) return;
  const built = await buildPrivateServer();
  server = built.server;
  removeServer = built.remove;
  workspace = makeWorkspace(WORKSPACE_FILES);
});

afterAll(() => {
  workspace?.remove();
  removeServer();
});

describe.skipIf(!hasNeovim)('sidecar-lint-lsp in headless Neovim', () => {
  it('shows what the CLI finds, where it finds it, and applies "disable for this line"', async () => {
    const root = (workspace as NonNullable<typeof workspace>).root;
    const output = path.join(root, '.git', 'neovim-output.jsonl');
    const run = spawnSync(
      'nvim',
      ['--headless', '-n', '-i', 'NONE', '-u', path.join(import.meta.dirname, 'lsp-neovim.lua'), path.join(root, 'apps', 'proxy.yaml')],
      {
        cwd: root,
        env: { ...process.env, SIDECAR_LINT_LSP: server, SIDECAR_LINT_WORKSPACE: root, SIDECAR_LINT_OUTPUT: output },
        encoding: 'utf8',
        timeout: 60_000,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    expect(run.status, run.stderr).toBe(0);
    const records = readFileSync(output, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const [before, actions, after] = records as [
      { before: NeovimDiagnostic[] },
      { actions: string[] },
      { settled: boolean; after: NeovimDiagnostic[]; text: string[] },
    ];

    // The CLI run in the workspace folder (its config raises unused-volume to error): the same findings, same places.
    const cli = await lintFiles(['apps/proxy.yaml'], { cwd: root });
    const findings = cli.files[0]?.findings ?? [];
    expect(findings).toHaveLength(2);
    const severity = { error: 1, warning: 2, note: 3 } as const;
    // The fixture is ASCII: Neovim's byte columns are the findings' UTF-16 columns.
    expect(before.before).toEqual(
      findings.map((finding) => ({
        line: finding.region.start.line - 1,
        col: finding.region.start.column - 1,
        end_line: finding.region.end.line - 1,
        end_col: finding.region.end.column - 1,
        severity: severity[finding.level],
        code: finding.ruleId,
        source: 'sidecar-lint',
        message: finding.message,
      })),
    );

    expect(actions.actions).toContain('Disable duplicate-mount-path for this line');
    expect(after.settled).toBe(true);
    expect(after.after.map((diagnostic) => diagnostic.code)).toEqual(['unused-volume']);
    const original = (WORKSPACE_FILES['apps/proxy.yaml'] as string).split('\n');
    expect(after.text).toEqual([...original.slice(0, 22), '              # sidecar-lint-disable-next-line duplicate-mount-path', ...original.slice(22, -1)]);
  });
});
