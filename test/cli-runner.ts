import { spawnSync } from 'node:child_process';
import { forceColorFrom } from '../src/cli/color.js';
import { runCommand } from '../src/cli/run.js';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
/** The bundled CLI, as package.json's bin names it: what users run. */
export const CLI = path.join(ROOT, 'dist', 'sidecar-lint.js');
export const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, without a terminal (so no colour unless asked). */
export function runCli(args: readonly string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, ...options.env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs the command in this process, as the CLI does but without starting Node: what most tests want (the built
 * binary itself is covered by runCli's smoke tests and the hostile-input tests, which must be able to kill a hang).
 */
export async function runCommandInProcess(
  args: readonly string[],
  options: { cwd?: string; input?: string | Buffer; env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const input = options.input ?? '';
  const status = await runCommand(args, {
    cwd: options.cwd ?? ROOT,
    write: (text) => {
      stdout += text;
    },
    writeError: (text) => {
      stderr += text;
    },
    isTTY: false,
    noColor: options.env !== undefined && 'NO_COLOR' in options.env && options.env.NO_COLOR !== undefined,
    forceColor: forceColorFrom(options.env?.FORCE_COLOR),
    readStdin: () => Promise.resolve(Buffer.isBuffer(input) ? input : Buffer.from(input)),
  }).catch((error: unknown) => {
    stderr += `sidecar-lint: internal error: ${error instanceof Error ? error.message : String(error)}\n`;
    return 2;
  });
  return { status, stdout, stderr };
}
