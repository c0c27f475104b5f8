/**
 * What users of other tools type: kubeconform's one-dash long options, a mistyped option or rule id, FORCE_COLOR as
 * CI systems set it; and several reports from one run (`--format text --format sarif=results.sarif`), so CI lints
 * once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { forceColorFrom } from '../src/cli/color.js';
import { runCommandInProcess } from './cli-runner.js';
import { BROKEN_MOUNT } from './manifests.js';
import { buildPrivateCli, type PrivateBuild } from './private-build.js';
import { sarifSchemaErrors } from './sarif-schema.js';
import { temporaryFolderPerTest } from './temp-folder.js';

const folder = temporaryFolderPerTest('sidecar-lint-habits-');
beforeEach(() => {
  folder.write('pod.yaml', BROKEN_MOUNT);
});

async function refused(args: readonly string[]): Promise<string> {
  const run = await runCommandInProcess(args, { cwd: folder.path });
  expect(run.status, run.stdout).toBe(2);
  expect(run.stdout).toBe('');
  // Nothing was written where a misread option would have put it.
  expect(readdirSync(folder.path)).toEqual(['pod.yaml']);
  return run.stderr;
}

describe('one-dash long options', () => {
  it.each([
    [['-output', 'json', 'pod.yaml'], "'-output': did you mean '--output'? (long options take two dashes)"],
    [['-format', 'json', 'pod.yaml'], "'-format': did you mean '--format'?"],
    [['-o=report.json', 'pod.yaml'], "'-o=report.json': write '-o report.json' or '--output=report.json'"],
    [['-kubernetes-version', '1.30', 'pod.yaml'], "'-kubernetes-version': did you mean '--kubernetes-version'?"],
    [['-schema-location=schemas/', 'pod.yaml'], "'-schema-location=schemas/': did you mean '--schema-location'?"],
    [['-ouptut', 'x.json', 'pod.yaml'], "'-ouptut': did you mean '--output'?"],
    [['-config', 'x.yaml', 'pod.yaml'], "'-config': did you mean '--config'?"],
    [['-summary', 'pod.yaml'], "unknown option '-summary' (long options take two dashes"],
  ])('refuses %j with the two-dash spelling, writing nothing', async (args, message) => {
    const stderr = await refused(args);
    if (message !== undefined) expect(stderr).toContain(message);
    expect(stderr).toContain("Run 'sidecar-lint --help' for usage.");
  });

  it('still reads short options grouped or with their value attached, and one-dash words after --', async () => {
    expect((await runCommandInProcess(['-hv'], { cwd: folder.path })).status).toBe(0);
    const json = await runCommandInProcess(['-fjson', 'pod.yaml'], { cwd: folder.path });
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toHaveProperty('formatVersion', 1);
    const toFile = await runCommandInProcess(['-f', 'json', '-oreport.json', 'pod.yaml'], { cwd: folder.path });
    expect(toFile.status).toBe(1);
    expect(existsSync(path.join(folder.path, 'report.json'))).toBe(true);
    writeFileSync(path.join(folder.path, '-output'), BROKEN_MOUNT);
    const afterTerminator = await runCommandInProcess(['--format', 'json', '--', '-output'], { cwd: folder.path });
    expect(afterTerminator.status, afterTerminator.stderr).toBe(1);
    expect((JSON.parse(afterTerminator.stdout) as { files: { file: string }[] }).files.map((file) => file.file)).toEqual(['-output']);
  });
});

describe('unknown options, formats and rule ids', () => {
  it.each([
    [['--formt', 'json', 'pod.yaml'], "unknown option '--formt': did you mean '--format'?"],
    [['--no-colour', 'pod.yaml'], "unknown option '--no-colour': did you mean '--no-color'?"],
    [['--kubernetes-versions=1.30', 'pod.yaml'], "unknown option '--kubernetes-versions': did you mean '--kubernetes-version'?"],
    [['--x', 'pod.yaml'], "unknown option '--x' (a path that starts with - goes after --)"],
    [['--format', 'jsn', 'pod.yaml'], "unknown format 'jsn' (did you mean 'json'?)"],
    [['--format', 'sarif=', 'pod.yaml'], 'name the file after ='],
  ])('refuses %j with the closest known name', async (args, message) => {
    expect(await refused(args)).toContain(message);
  });

  it('suggests the closest rule id to --explain', async () => {
    const run = await runCommandInProcess(['--explain', 'undeclared-volume-mont'], { cwd: folder.path });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("no rule 'undeclared-volume-mont'. Did you mean 'undeclared-volume-mount'?");
    const far = await runCommandInProcess(['--explain', 'zzzz'], { cwd: folder.path });
    expect(far.stderr).not.toContain('Did you mean');
  });
});

describe('FORCE_COLOR', () => {
  it('is read as chalk and Node read it: empty, 1, 2, 3 or true on; 0 or false off; anything else left to the terminal', () => {
    expect(['', '1', '2', '3', 'true'].map(forceColorFrom)).toEqual([true, true, true, true, true]);
    expect(['0', 'false'].map(forceColorFrom)).toEqual([false, false]);
    expect([undefined, 'yes', '7'].map(forceColorFrom)).toEqual([undefined, undefined, undefined]);
  });

  it('colours text off a terminal, over NO_COLOR; --no-color and --color still win; a file stays plain', async () => {
    const coloured = (args: readonly string[], env: NodeJS.ProcessEnv) =>
      runCommandInProcess([...args, 'pod.yaml'], { cwd: folder.path, env }).then((run) => run.stdout.includes('\u001b['));
    expect(await coloured([], { FORCE_COLOR: '1' })).toBe(true);
    expect(await coloured([], { FORCE_COLOR: '' })).toBe(true);
    expect(await coloured([], { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
    expect(await coloured([], { FORCE_COLOR: '0' })).toBe(false);
    expect(await coloured(['--no-color'], { FORCE_COLOR: '3' })).toBe(false);
    expect(await coloured(['--color'], { FORCE_COLOR: '0' })).toBe(true);
    await runCommandInProcess(['--output', 'report.txt', 'pod.yaml'], { cwd: folder.path, env: { FORCE_COLOR: '1' } });
    expect(readFileSync(path.join(folder.path, 'report.txt'), 'utf8')).not.toContain('\u001b[');
  });

  describe('in the built binary, which reads it from its environment', () => {
    let built: PrivateBuild;
    beforeAll(async () => {
      built = await buildPrivateCli();
    }, 120_000);
    afterAll(() => built.remove());

    it('turns colour on and off off a terminal', () => {
      const run = (env: NodeJS.ProcessEnv) =>
        spawnSync(process.execPath, [built.cli, 'pod.yaml'], { cwd: folder.path, encoding: 'utf8', env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env } }).stdout;
      expect(run({ FORCE_COLOR: '1' })).toContain('\u001b[31m');
      expect(run({ FORCE_COLOR: '0' })).not.toContain('\u001b[');
      expect(run({})).not.toContain('\u001b[');
    });
  });
});

describe('several reports from one run', () => {
  it('writes each format with =file to its file and the one without to standard output', async () => {
    const run = await runCommandInProcess(['--format', 'text', '--format', 'sarif=reports/results.sarif', '-f', 'junit=reports/junit.xml', 'pod.yaml'], { cwd: folder.path });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('10:17  error    Container `app` mounts volume `ca-certs`');
    const sarif: unknown = JSON.parse(readFileSync(path.join(folder.path, 'reports', 'results.sarif'), 'utf8'));
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(readFileSync(path.join(folder.path, 'reports', 'junit.xml'), 'utf8')).toContain('<failure');
    // Written through a temporary file and a rename: nothing else is left in the folder.
    expect(readdirSync(path.join(folder.path, 'reports')).sort()).toEqual(['junit.xml', 'results.sarif']);
  });

  it('keeps --output for the one format without a file, alone or beside others', async () => {
    const single = await runCommandInProcess(['--format', 'json', '--output', 'r.json', 'pod.yaml'], { cwd: folder.path });
    expect(single.stdout).toBe('');
    expect(JSON.parse(readFileSync(path.join(folder.path, 'r.json'), 'utf8'))).toHaveProperty('formatVersion', 1);
    const mixed = await runCommandInProcess(['--format', 'github', '--format', 'gitlab=cq.json', '-o', 'gh.txt', 'pod.yaml'], { cwd: folder.path });
    expect(mixed.stdout).toBe('');
    expect(readFileSync(path.join(folder.path, 'gh.txt'), 'utf8')).toMatch(/^::error file=pod\.yaml,line=10,/);
    expect(JSON.parse(readFileSync(path.join(folder.path, 'cq.json'), 'utf8'))).toHaveLength(2);
  });

  it.each([
    [['--format', 'text', '--format', 'json', 'pod.yaml'], '2 formats for standard output (text, json): at most one'],
    [['--format', 'sarif=a.sarif', '--output', 'b.sarif', 'pod.yaml'], '--output b.sarif: every --format already names its file'],
    [['--format', 'sarif=out/a', '--format', 'json=out/./a', 'pod.yaml'], 'two reports to one file, out/a'],
  ])('refuses %j', async (args, message) => {
    expect(await refused(args)).toContain(message);
  });

  it('names a report it cannot write and exits 2; it goes to standard output only when nothing else does', async () => {
    mkdirSync(path.join(folder.path, 'taken.sarif'));
    const beside = await runCommandInProcess(['--format', 'text', '--format', 'sarif=taken.sarif', 'pod.yaml'], { cwd: folder.path });
    expect(beside.status).toBe(2);
    expect(beside.stderr).toMatch(/cannot write the report to .*taken\.sarif: it is a directory; it is not written/);
    expect(beside.stdout).not.toContain('"version": "2.1.0"');
    const alone = await runCommandInProcess(['--format', 'sarif=taken.sarif', 'pod.yaml'], { cwd: folder.path });
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain('it follows on standard output');
    expect(alone.stdout).toContain('"version": "2.1.0"');
  });
});
