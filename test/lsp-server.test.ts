import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  createProtocolConnection,
  type CodeAction,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ChildProcess } from 'node:child_process';
import { lintFiles, lintText, type Finding } from '../src/engine/api.js';
import { ruleDocUrl } from '../src/engine/package-info.js';
import { WORKSPACE_FILES, buildPrivateServer, makeWorkspace, startServerProcess } from './lsp-harness.js';

/*
 * Drives the language server, bundled from the sources, over stdio with the protocol's own client library, as an
 * editor does: initialize, open documents, read the diagnostics it publishes, ask for code actions and hover.
 */

let removeServer: () => void = () => {};
let workspace: ReturnType<typeof makeWorkspace>;
let child: ChildProcess;
let client: ProtocolConnection;
const published = new Map<string, PublishDiagnosticsParams[]>();
const waiters: (() => void)[] = [];

function uriOf(name: string): string {
  return pathToFileURL(path.join(workspace.root, name)).href;
}

/** The first diagnostics published for `uri` at `version` (or any version) after `since` publications. */
async function diagnosticsFor(uri: string, version?: number, since = 0): Promise<{ params: PublishDiagnosticsParams; at: number }> {
  for (;;) {
    const found = (published.get(uri) ?? []).slice(since).find((params) => version === undefined || params.version === version);
    if (found) return { params: found, at: performance.now() };
    await new Promise<void>((resolve) => waiters.push(resolve));
  }
}

/** The code actions the server offers for one diagnostic of `uri`, asked for at its range. */
async function codeActionsFor(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return (await client.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  })) as CodeAction[];
}

function open(name: string, text: string, version = 1): string {
  const uri = uriOf(name);
  void client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version, text } });
  return uri;
}

/** What a finding looks like as a diagnostic, for comparing with what the server published. */
function expected(finding: Finding, uri: string): Diagnostic {
  const range = (region: Finding['region']) => ({
    start: { line: region.start.line - 1, character: region.start.column - 1 },
    end: { line: region.end.line - 1, character: region.end.column - 1 },
  });
  return {
    range: range(finding.region),
    severity: { error: 1, warning: 2, note: 3 }[finding.level],
    source: 'sidecar-lint',
    code: finding.ruleId,
    codeDescription: { href: ruleDocUrl(finding.ruleId) },
    message: finding.message,
    ...(finding.related?.length
      ? { relatedInformation: finding.related.map((related) => ({ location: { uri, range: range(related.region) }, message: related.message })) }
      : {}),
  } as Diagnostic;
}

beforeAll(async () => {
  const built = await buildPrivateServer();
  removeServer = built.remove;
  workspace = makeWorkspace(WORKSPACE_FILES);
  child = startServerProcess(built.server);
  if (!child.stdout || !child.stdin) throw new Error('no pipes to the server');
  client = createProtocolConnection(child.stdout, child.stdin);
  client.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.set(params.uri, [...(published.get(params.uri) ?? []), params]);
    waiters.splice(0).forEach((wake) => wake());
  });
  client.listen();
  const rootUri = pathToFileURL(workspace.root).href;
  const result = await client.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'workspace' }],
    capabilities: {},
  });
  expect(result.capabilities.hoverProvider).toBe(true);
  await client.sendNotification(InitializedNotification.type, {});
});

afterAll(async () => {
  try {
    await client.sendRequest(ShutdownRequest.type);
    await client.sendNotification(ExitNotification.type);
  } finally {
    client.dispose();
    child.kill();
    workspace.remove();
    removeServer();
  }
});

describe('sidecar-lint-lsp over stdio', () => {
  it('publishes what the CLI finds, at the same positions, with the config file of the workspace folder', async () => {
    const text = WORKSPACE_FILES['apps/proxy.yaml'] as string;
    const uri = open('apps/proxy.yaml', text);
    const { params } = await diagnosticsFor(uri, 1);
    // lintText reads no config file: it is given what the workspace's config says.
    const report = lintText(text, { filePath: path.join(workspace.root, 'apps/proxy.yaml'), kubernetesVersion: '1.33', rules: { 'unused-volume': 'error' } });
    const findings = report.files.flatMap((file) => file.findings).filter((finding) => !finding.suppressed);
    expect(findings.map((finding) => finding.ruleId)).toEqual(['duplicate-mount-path', 'unused-volume']);
    expect(params.diagnostics).toEqual(findings.map((finding) => expected(finding, uri)));
    // And the CLI's own path, run in the workspace folder, says the same.
    const cli = await lintFiles(['apps/proxy.yaml'], { cwd: workspace.root });
    expect(cli.files[0]?.findings.map((finding) => [finding.ruleId, finding.level, finding.region])).toEqual(
      findings.map((finding) => [finding.ruleId, finding.level, finding.region]),
    );
  });

  it('validates a custom resource against a CRD elsewhere in the workspace', async () => {
    const uri = open('apps/widget.yaml', WORKSPACE_FILES['apps/widget.yaml'] as string);
    const { params } = await diagnosticsFor(uri, 1);
    const cli = await lintFiles(['.'], { cwd: workspace.root });
    const findings = cli.files.find((file) => file.file === 'apps/widget.yaml')?.findings ?? [];
    expect(findings.map((finding) => finding.ruleId)).toEqual(['schema-validation']);
    expect(params.diagnostics).toEqual(findings.map((finding) => expected(finding, uri)));
  });

  it('publishes nothing for YAML that holds no Kubernetes object', async () => {
    const uri = open('notes/compose.yaml', WORKSPACE_FILES['notes/compose.yaml'] as string);
    const { params } = await diagnosticsFor(uri, 1);
    expect(params.diagnostics).toEqual([]);
  });

  it('offers disable comments that silence the finding and nothing else', async () => {
    const text = WORKSPACE_FILES['apps/proxy.yaml'] as string;
    const uri = uriOf('apps/proxy.yaml');
    const { params } = await diagnosticsFor(uri, 1);
    const duplicate = params.diagnostics.find((diagnostic) => diagnostic.code === 'duplicate-mount-path') as Diagnostic;
    const actions = await codeActionsFor(uri, duplicate);
    expect(actions.map((action) => action.title)).toEqual([
      'Disable duplicate-mount-path for this line',
      'Disable duplicate-mount-path for this document',
    ]);
    const remaining = (action: CodeAction) => {
      const edits = action.edit?.changes?.[uri] ?? [];
      const edited = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edits);
      const report = lintText(edited, { kubernetesVersion: '1.33' });
      return { edited, ruleIds: report.files.flatMap((file) => file.findings).filter((finding) => !finding.suppressed).map((finding) => finding.ruleId) };
    };
    const line = remaining(actions[0] as CodeAction);
    expect(line.ruleIds).toEqual(['unused-volume']);
    expect(line.edited.split('\n')[22]).toBe('              # sidecar-lint-disable-next-line duplicate-mount-path');
    const whole = remaining(actions[1] as CodeAction);
    expect(whole.ruleIds).toEqual(['unused-volume']);
    expect(whole.edited.startsWith('# sidecar-lint-disable duplicate-mount-path\n# An edge proxy')).toBe(true);
  });

  it("offers a finding's fix first, and the fix leaves the finding gone", async () => {
    const text = (WORKSPACE_FILES['apps/proxy.yaml'] as string).replace('emptyDir: {}', 'emptyDir:\n            medium: memory');
    const uri = open('apps/ram.yaml', text);
    const { params } = await diagnosticsFor(uri, 1);
    const medium = params.diagnostics.find((diagnostic) => diagnostic.code === 'emptydir-invalid-medium') as Diagnostic;
    const actions = await codeActionsFor(uri, medium);
    const finding = lintText(text, { kubernetesVersion: '1.33' }).files[0]?.findings.find((candidate) => candidate.ruleId === 'emptydir-invalid-medium');
    expect(actions[0]?.title).toBe(finding?.fix?.description);
    expect(actions[0]?.isPreferred).toBe(true);
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), actions[0]?.edit?.changes?.[uri] ?? []);
    expect(fixed).toBe(text.replace('medium: memory', 'medium: Memory'));
  });

  it("shows the rule's doc on hover over a finding, up to its examples", async () => {
    const uri = uriOf('apps/proxy.yaml');
    const { params } = await diagnosticsFor(uri, 1);
    const unused = params.diagnostics.find((diagnostic) => diagnostic.code === 'unused-volume') as Diagnostic;
    const hover = await client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: unused.range.start });
    const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    const doc = readFileSync(path.resolve(import.meta.dirname, '..', 'rules', 'unused-volume.md'), 'utf8');
    expect(value.startsWith('# unused-volume')).toBe(true);
    expect(value).toContain(doc.slice(0, doc.indexOf('## Example')).trim());
    expect(value).not.toContain('## Example');
    expect(value).toContain(ruleDocUrl('unused-volume'));
    const elsewhere = await client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 0 } });
    expect(elsewhere).toBeNull();
  });

  it('lints a 1,000-line file on open and on change, and says how long it took', async () => {
    const deployment = (WORKSPACE_FILES['apps/proxy.yaml'] as string).split('\n').slice(1).join('\n');
    const copies = Array.from({ length: 31 }, (_, index) => deployment.replaceAll('ingress-proxy', `ingress-proxy-${index}`));
    const text = copies.join('---\n');
    expect(text.split('\n').length).toBeGreaterThanOrEqual(1000);
    const expectedCount = 2 * copies.length;
    const openTimes: number[] = [];
    // The first open also loads the validators of the kinds met; editors open many files after it.
    for (let round = 0; round < 6; round++) {
      const started = performance.now();
      const uri = open(`apps/large-${round}.yaml`, text);
      const { params, at } = await diagnosticsFor(uri, 1);
      expect(params.diagnostics).toHaveLength(expectedCount);
      if (round > 0) openTimes.push(at - started);
    }
    const uri = uriOf('apps/large-0.yaml');
    const changeTimes: number[] = [];
    for (let version = 2; version <= 6; version++) {
      const since = published.get(uri)?.length ?? 0;
      const started = performance.now();
      // One keystroke: the unused volume renamed, still unused.
      void client.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: 30, character: 16 }, end: { line: 30, character: 21 } }, text: `cach${version}` }],
      });
      const { params, at } = await diagnosticsFor(uri, version, since);
      expect(params.diagnostics).toHaveLength(expectedCount);
      changeTimes.push(at - started);
    }
    const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
    console.log(
      `sidecar-lint-lsp, ${text.split('\n').length}-line file: open to diagnostics ${median(openTimes).toFixed(1)} ms (median of ${openTimes.length}), ` +
        `change to diagnostics ${median(changeTimes).toFixed(1)} ms (median of ${changeTimes.length}, with the debounce)`,
    );
    // The figure is the README's; the bound only catches a server gone badly slow on a busy machine.
    expect(median(openTimes)).toBeLessThan(500);
  });
});
