#!/usr/bin/env node
import { lintFileFromDisk } from '../engine/api.js';
import { describeError } from '../engine/inputs.js';
import { runWorkerIfWorker } from '../engine/parallel.js';
import { escapeForTerminal } from '../formatters/escape.js';
import { forceColorFrom } from './color.js';
import { runCommand } from './run.js';

/*
 * The executable: the command run on this process's streams. The same bundle is the module a large run's worker
 * threads start from: there it lints the share of files it is given instead.
 */

const EXIT_CLEAN = 0;
const EXIT_TROUBLE = 2;

function main(): void {
  // A reader that stops early (`sidecar-lint dir | head`) closes the pipe: that is no error of ours.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_CLEAN);
    throw error;
  });

  runCommand(process.argv.slice(2), {
    cwd: process.cwd(),
    write: (text) => process.stdout.write(text),
    writeError: (text) => process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    noColor: 'NO_COLOR' in process.env,
    forceColor: forceColorFrom(process.env.FORCE_COLOR),
    workerScript: new URL(import.meta.url),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // The error may quote input: escaped as every other line on standard error is (a debug stack line by line).
      const detail =
        process.env.SIDECAR_LINT_DEBUG && error instanceof Error && error.stack !== undefined
          ? error.stack.split('\n').map(escapeForTerminal).join('\n')
          : escapeForTerminal(describeError(error));
      process.stderr.write(`sidecar-lint: internal error: ${detail}\n`);
      process.exitCode = EXIT_TROUBLE;
    },
  );
}

if (!runWorkerIfWorker(lintFileFromDisk)) main();
