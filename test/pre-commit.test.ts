import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './cli-runner.js';
import { BROKEN_MOUNT, CLEAN_POD } from './manifests.js';

/*
 * Real pre-commit (Debian's 3.0.4 in CI: `.ci/run` installs it) installing the hook from a git tag of this repository,
 * as users' `.pre-commit-config.yaml` does, and running it on real commits. pre-commit before 4.6.1 takes `npm pack`'s
 * whole stdout as the tarball's name, so a package with a pack or install script (whose banner npm prints there) cannot
 * be installed at all; this test is what keeps that from coming back. It skips where pre-commit is absent.
 */

const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const available = preCommit.status === 0;
const folder = mkdtempSync(path.join(tmpdir(), 'sidecar-lint-pre-commit-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function run(command: string, args: readonly string[], cwd: string) {
  const env: NodeJS.ProcessEnv = {};
  // Nothing of this repository's npm run or git hook leaks into the child: only the user's environment.
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || ['INIT_CWD', 'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'FORCE_COLOR'].includes(key)) continue;
    env[key] = value;
  }
  Object.assign(env, {
    PATH: [path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter),
    PRE_COMMIT_HOME: path.join(folder, 'cache'),
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    NO_COLOR: '1',
  });
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 240_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe.skipIf(!available)(`real pre-commit (${preCommit.stdout?.trim() ?? 'absent'})`, () => {
  it(
    'installs the hook from a git tag, blocks a commit with an error-level finding, passes a clean one, skips other YAML',
    () => {
      // The hook repository: this repository's last commit (what a user's `rev:` names), with a tag.
      const hooks = path.join(folder, 'hooks');
      expect(run('git', ['clone', '--quiet', ROOT, hooks], folder).status).toBe(0);
      expect(run('git', ['tag', 'v0.0.0-test'], hooks).status).toBe(0);

      const project = path.join(folder, 'project');
      mkdirSync(path.join(project, 'deploy'), { recursive: true });
      expect(run('git', ['init', '--quiet'], project).status).toBe(0);
      writeFileSync(
        path.join(project, '.pre-commit-config.yaml'),
        `repos:\n  - repo: ${hooks}\n    rev: v0.0.0-test\n    hooks:\n      - id: sidecar-lint\n`,
      );
      const installed = run('pre-commit', ['install'], project);
      expect(installed.status, installed.output).toBe(0);

      writeFileSync(path.join(project, 'deploy', 'pod.yaml'), BROKEN_MOUNT);
      writeFileSync(path.join(project, 'compose.yaml'), 'services:\n  web:\n    image: nginx\n');
      run('git', ['add', '.'], project);
      const blocked = run('git', ['commit', '--quiet', '-m', 'a pod with an undeclared mount'], project);
      expect(blocked.status, blocked.output).not.toBe(0);
      expect(blocked.output).toContain('sidecar-lint');
      expect(blocked.output).toMatch(/deploy\/pod\.yaml\n\s+10:17\s+error\s+Container `app` mounts volume `ca-certs`/);
      expect(blocked.output).not.toContain('compose.yaml');

      writeFileSync(path.join(project, 'deploy', 'pod.yaml'), CLEAN_POD);
      run('git', ['add', '.'], project);
      const passed = run('git', ['commit', '--quiet', '-m', 'a clean pod'], project);
      expect(passed.status, passed.output).toBe(0);
      expect(passed.output).toMatch(/sidecar-lint\.+Passed/);
    },
    300_000,
  );
});
