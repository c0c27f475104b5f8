#!/usr/bin/env node
import { createConnection } from 'vscode-languageserver/node';
import { packageInfo } from '../engine/package-info.js';
import { startServer } from './server.js';

/*
 * sidecar-lint-lsp: the language server, spoken over standard input and output. Editors start it as a command
 * (`sidecar-lint-lsp`, with or without `--stdio`, which is the only transport); see the README's "In the editor".
 */
const args = process.argv.slice(2);
if (args.includes('--version')) {
  process.stdout.write(`${packageInfo().version}\n`);
} else if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write('Usage: sidecar-lint-lsp [--stdio]\n\nThe sidecar-lint language server, over standard input and output. Start it from an editor.\n');
} else {
  startServer(createConnection(process.stdin, process.stdout));
}
