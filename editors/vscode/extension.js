// sidecar-lint for VS Code: starts the sidecar-lint language server (sidecar-lint-lsp, over stdio) for YAML files.
// Everything else (which files hold Kubernetes objects, the config file, CRDs, code actions, hover) is the server's.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');
const { workspace } = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

/** The server program: the setting, else the workspace's own install, else the PATH's. */
function serverCommand() {
  const configured = workspace.getConfiguration('sidecarLint').get('serverPath');
  if (typeof configured === 'string' && configured !== '') return configured;
  const binary = process.platform === 'win32' ? 'sidecar-lint-lsp.cmd' : 'sidecar-lint-lsp';
  for (const folder of workspace.workspaceFolders ?? []) {
    const local = path.join(folder.uri.fsPath, 'node_modules', '.bin', binary);
    if (existsSync(local)) return local;
  }
  return binary;
}

async function activate(context) {
  const command = serverCommand();
  client = new LanguageClient(
    'sidecarLint',
    'sidecar-lint',
    // npm's .cmd shims on Windows are run through the shell.
    { command, args: ['--stdio'], options: { shell: process.platform === 'win32' } },
    { documentSelector: [{ scheme: 'file', language: 'yaml' }, { scheme: 'untitled', language: 'yaml' }] },
  );
  context.subscriptions.push(client);
  await client.start();
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
