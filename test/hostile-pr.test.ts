import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runCommandInProcess } from './cli-runner.js';
import { bundleSource } from './private-build.js';
import { BROKEN_MOUNT, CLEAN_POD } from './manifests.js';
import { defaultTemporaryName, writeReportFile } from '../src/cli/report-file.js';
import { escapeForTerminal } from '../src/formatters/escape.js';
import { temporaryFolderPerTest } from './temp-folder.js';

/*
 * A pull request controls what sidecar-lint reads: the YAML, the file names, the symbolic links, even a
 * .sidecar-lint.yaml. These tests plant such input and check, through the command run in this process (and, where
 * only the real process can tell, a private bundle of the current sources), that:
 *  - `--output` never writes through a file or link planted at the temporary file's name or at the report's name,
 *    says which path it could not write and still prints the findings, and leaves no temporary file on a kill;
 *  - nothing from the input reaches standard output or standard error with a control character, a line break or a
 *    GitHub workflow command in it, in the text and github formats and on the `sidecar-lint: ...` lines;
 *  - a file name after `--` is a path, never an option (the pre-commit hook passes `--`);
 *  - symbolic links out of the folders given are not followed, and are named; a config file above the repository
 *    root is not read; standard input is held to the 64 MiB limit of files.
 */

/** BROKEN_MOUNT's error, with `ca-certs` replaced by whatever a test puts in the mount's name. */
const podMounting = (volumeName: string) => BROKEN_MOUNT.replace('- name: ca-certs', `- name: ${volumeName}`);

/**
 * A mount name (a YAML double-quoted scalar) that tries everything on a terminal and in a job log: clear the screen,
 * set the window title (OSC), return to the line's start and overwrite it, an 8-bit CSI, a bidi override, then
 * workflow commands in both syntaxes on a line of their own.
 */
const HOSTILE_VALUE = String.raw`"ca\e[2J\e]0;pwned\a\r✔ No problems\x9b31m\u202e\n::error file=x.yaml,line=1::forged\n  ::warning::forged\n##[error]forged"`;

/** A file name with the same intent (no `/`, which no file name holds). */
const HOSTILE_FILE_NAME = '\u001b[2J\u001b]8;;evil\u0007\r::error file=a::forged\n##[error]forged.yaml';

/** What may be in text meant for a terminal or a log: no control character but the line breaks of the format. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/**
 * Checks output that goes to a terminal or a CI log: no control character, no `##[` (the runner's old command
 * syntax, read anywhere on a line), and no line that starts (after white space) with `::` unless it is one of the
 * github format's own commands, counted.
 */
function expectSafeForLog(output: string, ownCommands = 0): void {
  expect(output).not.toMatch(CONTROL);
  expect(output).not.toContain('##[');
  const commands = output.split('\n').filter((line) => /^\s*::/u.test(line));
  expect(commands).toHaveLength(ownCommands);
  // Ours: `::<command> <properties>::<message>`, whose properties hold no `:` (GitHub's escaping makes it %3A).
  for (const line of commands) expect(line).toMatch(/^::(?:error|warning|notice) [^:]*::/);
}

const folder = temporaryFolderPerTest('sidecar-lint-hostile-pr-');
const write = (relative: string, content: string | Buffer): string => folder.write(relative, content);

// ---------------------------------------------------------------------------------------------------------
// --output

describe('--output in a folder a pull request filled', () => {
  it('does not write through a link planted at the name the temporary file used to have (.<name>.<pid>.tmp)', async () => {
    write('pod.yaml', BROKEN_MOUNT);
    const victim = write('outside/victim.txt', 'precious\n');
    symlinkSync(victim, path.join(folder.path, `.report.json.${process.pid}.tmp`));
    const run = await runCommandInProcess(['-f', 'json', '-o', 'report.json', 'pod.yaml'], { cwd: folder.path });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(JSON.parse(readFileSync(path.join(folder.path, 'report.json'), 'utf8'))).toMatchObject({ counts: { error: 1 } });
  });

  it('creates the temporary file exclusively: a link or file planted at the name it picks is never opened, another name is', () => {
    const victim = write('outside/victim.txt', 'precious\n');
    const target = path.join(folder.path, 'report.sarif');
    const planted = [path.join(folder.path, 'planted-link.tmp'), path.join(folder.path, 'planted-dangling.tmp'), path.join(folder.path, 'planted-file.tmp')];
    symlinkSync(victim, planted[0] as string);
    symlinkSync(path.join(folder.path, 'outside', 'new-file'), planted[1] as string);
    writeFileSync(planted[2] as string, 'someone else\n');
    const names = [...planted, path.join(folder.path, 'free.tmp')];
    writeReportFile(target, 'the report\n', { temporaryName: (_, attempt) => names[attempt] as string });
    expect(readFileSync(target, 'utf8')).toBe('the report\n');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(existsSync(path.join(folder.path, 'outside', 'new-file'))).toBe(false);
    expect(readFileSync(planted[2] as string, 'utf8')).toBe('someone else\n');
    expect(readlinkSync(planted[0] as string)).toBe(victim);
    expect(existsSync(path.join(folder.path, 'free.tmp'))).toBe(false);
  });

  it('gives up, writing nothing, when every name it tries is taken', () => {
    const victim = write('outside/victim.txt', 'precious\n');
    const planted = path.join(folder.path, 'planted.tmp');
    symlinkSync(victim, planted);
    expect(() => writeReportFile(path.join(folder.path, 'report.sarif'), 'the report\n', { temporaryName: () => planted })).toThrow(/EEXIST/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(existsSync(path.join(folder.path, 'report.sarif'))).toBe(false);
  });

  it('picks an unpredictable temporary name beside the report', () => {
    const target = path.join(folder.path, 'report.sarif');
    const names = new Set(Array.from({ length: 20 }, () => defaultTemporaryName(target)));
    expect(names.size).toBe(20);
    for (const name of names) {
      expect(path.dirname(name)).toBe(folder.path);
      expect(path.basename(name)).toMatch(/^\.report\.sarif\.[0-9a-f]{16}\.tmp$/);
      expect(name).not.toContain(String(process.pid));
    }
  });

  it('replaces a link planted at the report path itself instead of writing through it', async () => {
    write('pod.yaml', BROKEN_MOUNT);
    const victim = write('outside/victim.txt', 'precious\n');
    symlinkSync(victim, path.join(folder.path, 'report.json'));
    const run = await runCommandInProcess(['-f', 'json', '-o', 'report.json', 'pod.yaml'], { cwd: folder.path });
    expect(run.status).toBe(1);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(path.join(folder.path, 'report.json')).isSymbolicLink()).toBe(false);
    expect(JSON.parse(readFileSync(path.join(folder.path, 'report.json'), 'utf8'))).toMatchObject({ counts: { error: 1 } });
  });

  it('names the path it cannot write, prints the findings on standard output instead, and exits 2', async () => {
    write('pod.yaml', BROKEN_MOUNT);
    mkdirSync(path.join(folder.path, 'report.json'));
    const run = await runCommandInProcess(['-f', 'json', '-o', 'report.json', 'pod.yaml'], { cwd: folder.path });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`sidecar-lint: cannot write the report to ${path.join(folder.path, 'report.json')}: it is a directory`);
    expect(run.stderr).not.toContain('internal error');
    expect(JSON.parse(run.stdout)).toMatchObject({ counts: { error: 1, warning: 1 } });
    expect(readdirSync(folder.path).sort()).toEqual(['pod.yaml', 'report.json']);
    expect(readdirSync(path.join(folder.path, 'report.json'))).toEqual([]);

    // A folder that cannot be created (a file is in the way): the same.
    write('taken', 'a file\n');
    const blocked = await runCommandInProcess(['-o', 'taken/report.txt', 'pod.yaml'], { cwd: folder.path });
    expect(blocked.status).toBe(2);
    expect(blocked.stderr).toContain(`sidecar-lint: cannot write the report to ${path.join(folder.path, 'taken', 'report.txt')}: `);
    expect(blocked.stdout).toContain('undeclared-volume-mount');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Terminal and CI log

describe('what reaches a terminal or a CI log', () => {
  it('escapes control characters visibly and breaks workflow commands, and nothing else', () => {
    expect(escapeForTerminal('a\u001b[2Jb\rc\nd\te\u0000f\u009bg\u202eh')).toBe('a\\x1b[2Jb\\rc\\nd\\te\\x00f\\x9bg\\u202eh');
    expect(escapeForTerminal('::error::x')).toBe('\\x3a:error::x');
    expect(escapeForTerminal('  ::warning::x')).toBe('  \\x3a:warning::x');
    expect(escapeForTerminal('a ##[error]b ###[c')).toBe('a \\x23#[error]b #\\x23#[c');
    expect(escapeForTerminal('a::b, `ca-certs` ✔ ü 日本')).toBe('a::b, `ca-certs` ✔ ü 日本');
  });

  it('keeps a YAML value quoted in a message inert in the text and github formats', async () => {
    write('pod.yaml', podMounting(HOSTILE_VALUE));
    const text = await runCommandInProcess(['pod.yaml'], { cwd: folder.path });
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('undeclared-volume-mount');
    expect(text.stdout).toContain('\\x1b[2J\\x1b]0;pwned\\x07\\r✔ No problems\\x9b31m\\u202e\\n::error file=x.yaml');
    expectSafeForLog(text.stdout);
    expect(text.stdout.split('\n').filter((line) => line.startsWith('✔'))).toEqual([]);

    const github = await runCommandInProcess(['-f', 'github', 'pod.yaml'], { cwd: folder.path });
    expect(github.status).toBe(1);
    expectSafeForLog(github.stdout, 2);
    // GitHub's own escaping of line breaks (it shows them in the annotation), the shared escaping for the rest.
    expect(github.stdout).toContain('\\x1b[2J\\x1b]0;pwned\\x07%0D✔ No problems\\x9b31m\\u202e%0A::error file=x.yaml');

    // JSON keeps the value as data, exactly.
    const json = await runCommandInProcess(['-f', 'json', 'pod.yaml'], { cwd: folder.path });
    const messages = (JSON.parse(json.stdout) as { files: { findings: { message: string }[] }[] }).files.flatMap((file) => file.findings.map((finding) => finding.message));
    expect(messages.some((message) => message.includes('\u001b[2J\u001b]0;pwned\u0007\r✔ No problems\u009b31m\u202e\n::error file=x.yaml'))).toBe(true);
  });

  it('keeps a file name inert in the text and github formats and on standard error', async () => {
    write(HOSTILE_FILE_NAME, BROKEN_MOUNT);
    // A broken link of the same kind of name: a problem, said on standard error with the name.
    symlinkSync(path.join(folder.path, 'nowhere'), path.join(folder.path, `broken ${HOSTILE_FILE_NAME}`));
    const text = await runCommandInProcess(['.'], { cwd: folder.path });
    expect(text.status).toBe(2);
    expect(text.stdout).toContain('\\x1b[2J\\x1b]8;;evil\\x07\\r::error file=a::forged\\n\\x23#[error]forged.yaml');
    expectSafeForLog(text.stdout);
    expect(text.stderr).toMatch(/^sidecar-lint: broken \\x1b\[2J.*forged\.yaml: cannot read file: a broken symbolic link\n$/);
    expectSafeForLog(text.stderr);

    const github = await runCommandInProcess(['-f', 'github', '.'], { cwd: folder.path });
    expectSafeForLog(github.stdout, 3);
    expectSafeForLog(github.stderr);
    // The two findings, then the broken link: a problem, an error annotation of its own.
    const [problem, ...findings] = github.stdout.split('\n').filter((entry) => entry !== '').reverse();
    expect(problem).toMatch(/^::error title=sidecar-lint%3A problem::broken \\x1b\[2J\\x1b]8;;evil\\x07%0D::error file=a::forged%0A\\x23#\[error]forged\.yaml: cannot read file/);
    for (const line of findings) {
      expect(line).toMatch(/^::(?:error|warning) file=\\x1b\[2J\\x1b]8;;evil\\x07%0D%3A%3Aerror file=a%3A%3Aforged%0A\\x23#\[error]forged\.yaml,line=/);
    }
  });

  it('escapes arguments and config values on standard error', async () => {
    write('pod.yaml', BROKEN_MOUNT);
    const missing = await runCommandInProcess(['pod.yaml', 'gone\u001b]0;x\u0007\n::error::forged'], { cwd: folder.path });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('sidecar-lint: gone\\x1b]0;x\\x07\\n::error::forged: no such file or directory\n');
    expectSafeForLog(missing.stderr);

    const option = await runCommandInProcess(['--bogus\r\n::error::forged', 'pod.yaml'], { cwd: folder.path });
    expect(option.status).toBe(2);
    expectSafeForLog(option.stderr);

    const explain = await runCommandInProcess(['--explain', '\n##[error]forged'], { cwd: folder.path });
    expect(explain.status).toBe(2);
    expectSafeForLog(explain.stderr);

    write('.sidecar-lint.yaml', 'kubernetesVersion: "\\e[2J\\r\\n::error file=a::forged"\n');
    const config = await runCommandInProcess(['pod.yaml'], { cwd: folder.path });
    expect(config.status).toBe(2);
    expect(config.stderr).toContain('\\x1b[2J\\r\\n::error file=a::forged');
    expectSafeForLog(config.stderr);
  });
});

// ---------------------------------------------------------------------------------------------------------
// File names read as options

describe('file names after --', () => {
  const EVIL_CONFIG = 'ignore: ["**"]\n';

  it('are paths, even when they look like options', async () => {
    write('evil.yml', EVIL_CONFIG);
    write('--config=evil.yml', BROKEN_MOUNT);
    write('--output=x.yaml', BROKEN_MOUNT);
    write('-weird.yaml', BROKEN_MOUNT);
    const run = await runCommandInProcess(['-f', 'json', '--', '--config=evil.yml', '--output=x.yaml', '-weird.yaml'], { cwd: folder.path });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { files: { file: string; findings: unknown[] }[] };
    expect(report.files.map((file) => [file.file, file.findings.length])).toEqual([
      ['--config=evil.yml', 2],
      ['--output=x.yaml', 2],
      ['-weird.yaml', 2],
    ]);
    expect(existsSync(path.join(folder.path, 'x.yaml'))).toBe(false);
  });

  it('make - a file of that name, not standard input', async () => {
    write('-', BROKEN_MOUNT);
    const run = await runCommandInProcess(['-f', 'json', '--', '-'], { cwd: folder.path, input: CLEAN_POD });
    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as { files: { file: string }[] }).files.map((file) => file.file)).toEqual(['-']);
  });

  it('come after the pre-commit hook’s args, so a staged file named --config=… is linted, not loaded', async () => {
    const hooks = parseYaml(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; args?: string[] }[];
    const hook = hooks.find((candidate) => candidate.id === 'sidecar-lint');
    if (!hook) throw new Error('no sidecar-lint hook');
    const [, ...entryArgs] = hook.entry.split(/\s+/);
    write('evil.yml', EVIL_CONFIG);
    write('--config=evil.yml', BROKEN_MOUNT);
    write('k8s/web.yaml', BROKEN_MOUNT);
    // pre-commit: entry, then args, then the staged file names.
    const run = await runCommandInProcess([...entryArgs, ...(hook.args ?? []), '--config=evil.yml', 'k8s/web.yaml'], { cwd: folder.path });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^--config=evil\.yml$/m);
    expect(run.stdout).toMatch(/^k8s\/web\.yaml$/m);
  });
});

// ---------------------------------------------------------------------------------------------------------
// What is in the repository

interface JsonReport {
  files: { file: string; skipped?: string; findings: { ruleId: string }[] }[];
  problems: { subject: string; message: string }[];
}

const LINK_OUTSIDE = /^a symbolic link that leads outside the folders given and the working directory: not followed$/;

describe('links out of the folders given', () => {
  let repo: string;
  let outside: string;
  beforeEach(() => {
    repo = path.join(folder.path, 'repo');
    outside = path.join(folder.path, 'outside');
    mkdirSync(path.join(repo, '.git'), { recursive: true });
    write('outside/secret.yaml', BROKEN_MOUNT);
    write('outside/deep/more.yaml', BROKEN_MOUNT);
    write('repo/k8s/web.yaml', CLEAN_POD);
  });

  const lint = async (args: string[], cwd = repo) => {
    const run = await runCommandInProcess(['-f', 'json', ...args], { cwd });
    return { ...run, report: JSON.parse(run.stdout) as JsonReport };
  };

  it('are not followed, and each is named as skipped with the reason (a link to /, to a folder, to a file)', async () => {
    symlinkSync('/', path.join(repo, 'k8s', 'root'));
    symlinkSync(outside, path.join(repo, 'k8s', 'elsewhere'));
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(repo, 'k8s', 'secret.yaml'));
    symlinkSync('../../outside/deep', path.join(repo, 'k8s', 'relative'));
    // Inside: followed as before.
    symlinkSync('web.yaml', path.join(repo, 'k8s', 'alias.yaml'));
    const started = Date.now();
    const { status, stderr, report } = await lint(['.']);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(report.files.map((file) => [file.file, file.skipped ?? 'linted'])).toEqual([
      ['k8s/alias.yaml', 'linted'],
      ['k8s/elsewhere', expect.stringMatching(LINK_OUTSIDE)],
      ['k8s/relative', expect.stringMatching(LINK_OUTSIDE)],
      ['k8s/root', expect.stringMatching(LINK_OUTSIDE)],
      ['k8s/secret.yaml', expect.stringMatching(LINK_OUTSIDE)],
      ['k8s/web.yaml', 'linted'],
    ]);

    // The text format names them too.
    const text = await runCommandInProcess(['k8s'], { cwd: repo });
    expect(text.stdout).toMatch(/^k8s\/root\n {2}skipped {2}a symbolic link that leads outside/m);
    expect(text.stdout).toContain('(4 skipped)');
  });

  it('are not followed when a glob matches them, nor walked through by a glob', async () => {
    symlinkSync('/', path.join(repo, 'k8s', 'root'));
    symlinkSync(outside, path.join(repo, 'k8s', 'elsewhere'));
    write('repo/k8s/sub/pod.yaml', CLEAN_POD);
    const started = Date.now();
    const { status, stderr, report } = await lint(['k8s/*/**/*.yaml', 'k8s/*']);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(report.files.map((file) => [file.file, file.skipped ?? 'linted'])).toEqual([
      ['k8s/elsewhere', expect.stringMatching(LINK_OUTSIDE)],
      ['k8s/root', expect.stringMatching(LINK_OUTSIDE)],
      ['k8s/sub/pod.yaml', 'linted'],
      ['k8s/web.yaml', 'linted'],
    ]);
  });

  it('are followed into a folder named outside the working directory, and a file named there is read', async () => {
    symlinkSync(outside, path.join(repo, 'k8s', 'elsewhere'));
    // (A folder is walked once, under the first name it is met by.)
    const given = await lint(['k8s', outside]);
    expect(given.report.files.filter((file) => file.skipped === undefined).map((file) => file.file)).toEqual([
      'k8s/elsewhere/deep/more.yaml',
      'k8s/elsewhere/secret.yaml',
      'k8s/web.yaml',
    ]);
    expect((await lint([path.join(outside, 'secret.yaml')])).status).toBe(1);
    expect((await lint(['../outside/secret.yaml'])).status).toBe(1);
    const globbed = await lint(['../outside/**/*.yaml', `${outside}/*.yaml`]);
    expect(globbed.report.files.map((file) => [file.file, file.skipped ?? 'linted'])).toEqual([
      [path.join(outside, 'deep', 'more.yaml'), 'linted'],
      [path.join(outside, 'secret.yaml'), 'linted'],
    ]);
  });

  it('are a problem (exit 2) when an argument inside the working directory leads out: a folder swapped for a link', async () => {
    symlinkSync(outside, path.join(repo, 'deploy'));
    for (const arg of ['deploy', 'deploy/', 'deploy/secret.yaml', 'deploy/**/*.yaml', 'deploy/deep']) {
      const { status, stderr, report } = await lint(['k8s', arg]);
      expect(status, arg).toBe(2);
      expect(stderr, arg).toBe(`sidecar-lint: ${arg}: a symbolic link on this path leads outside the working directory: not followed\n`);
      expect(report.files.map((file) => file.file), arg).toEqual(['k8s/web.yaml']);
    }
  });

  it('inside the working directory are followed even out of the folder given', async () => {
    write('repo/shared/pod.yaml', BROKEN_MOUNT);
    symlinkSync('../shared', path.join(repo, 'k8s', 'shared'));
    const { status, report } = await lint(['k8s']);
    expect(status).toBe(1);
    expect(report.files.map((file) => file.file)).toEqual(['k8s/shared/pod.yaml', 'k8s/web.yaml']);
  });
});

describe('the config file lookup', () => {
  it('stops at the repository root: a .sidecar-lint.yaml above it is not read', async () => {
    write('.sidecar-lint.yaml', 'ignore: ["**"]\n');
    write('repo/.git/HEAD', 'ref: refs/heads/main\n');
    write('repo/k8s/web.yaml', BROKEN_MOUNT);
    const run = await runCommandInProcess(['k8s'], { cwd: path.join(folder.path, 'repo', 'k8s', '..') });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('undeclared-volume-mount');
    // From a folder inside the repository, too, and with a worktree's `.git` file.
    const nested = await runCommandInProcess(['.'], { cwd: path.join(folder.path, 'repo', 'k8s') });
    expect(nested.status).toBe(1);
    rmSync(path.join(folder.path, 'repo', '.git'), { recursive: true });
    write('repo/.git', 'gitdir: /elsewhere/.git/worktrees/repo\n');
    expect((await runCommandInProcess(['k8s'], { cwd: path.join(folder.path, 'repo') })).status).toBe(1);
  });

  it('finds the config at the repository root and between it and the working directory', async () => {
    write('repo/.git/HEAD', 'ref: refs/heads/main\n');
    write('repo/.sidecar-lint.yaml', 'rules:\n  undeclared-volume-mount: off\n  unused-volume: off\n');
    write('repo/k8s/web.yaml', BROKEN_MOUNT);
    expect((await runCommandInProcess(['.'], { cwd: path.join(folder.path, 'repo', 'k8s') })).status).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The real process: standard input's limit, and a kill during the write.

describe('the command as a process', () => {
  let bundleDir: string;
  let cliBundle: string;
  let writerBundle: string;
  beforeAll(async () => {
    // Inside the package, so the bundle finds package.json, the rule docs and the validators (as dev-run does).
    mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
    bundleDir = mkdtempSync(path.join(ROOT, '.tmp', 'hostile-pr-'));
    cliBundle = path.join(bundleDir, 'cli.mjs');
    writerBundle = path.join(bundleDir, 'writer.mjs');
    await bundleSource('src/cli/cli.ts', cliBundle);
    // Writes a report, and is sent SIGTERM once the temporary file is written, before the rename.
    const writer = path.join(bundleDir, 'writer.ts');
    writeFileSync(
      writer,
      `import { writeReportFile } from ${JSON.stringify(path.join(ROOT, 'src', 'cli', 'report-file.ts'))};\n` +
        `writeReportFile(process.argv[2], 'the report\\n', { beforeRename: () => process.kill(process.pid, 'SIGTERM') });\n`,
    );
    await bundleSource(writer, writerBundle);
  }, 60_000);
  afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

  it('leaves no temporary file when killed during the write', () => {
    const target = path.join(folder.path, 'report.sarif');
    const run = spawnSync(process.execPath, [writerBundle, target], { encoding: 'utf8', timeout: 20_000 });
    // The signal waits for the write and rename, then ends the process (or it has ended first, its work done).
    expect(run.signal === 'SIGTERM' || run.status === 0).toBe(true);
    expect(readdirSync(folder.path)).toEqual(['report.sarif']);
    expect(readFileSync(target, 'utf8')).toBe('the report\n');
  });

  it('stops reading standard input past 64 MiB, and says so with exit 2', async () => {
    const child = spawn(process.execPath, [cliBundle, '--stdin-filename', 'big.yaml', '-'], { cwd: folder.path, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.on('error', () => {});
    // A comment line, endlessly: up to 256 MiB are offered, and the process must stop taking them past 64 MiB.
    const chunk = Buffer.from(`# ${'x'.repeat(1021)}\n`.repeat(1024));
    let offered = 0;
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let done = false;
    void exited.then(() => (done = true));
    while (!done && offered < 256 * 2 ** 20) {
      const flushed = child.stdin.write(chunk);
      offered += chunk.length;
      if (!flushed) await Promise.race([new Promise((resolve) => child.stdin.once('drain', resolve)), exited]);
    }
    child.stdin.end();
    const status = await exited;
    expect(status).toBe(2);
    expect(offered).toBeLessThan(80 * 2 ** 20);
    expect(stderr).toBe('sidecar-lint: big.yaml: not linted: too large to be a manifest (more than 64 MiB; the limit is 64 MiB)\n');
    expect(stdout).toContain('big.yaml');
  }, 60_000);
});
