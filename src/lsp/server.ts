import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../engine/finding.js';
import { describeError } from '../engine/inputs.js';
import { packageInfo } from '../engine/package-info.js';
import { codeActionsFor } from './code-actions.js';
import { configErrorDiagnostic, diagnosticOf } from './diagnostics.js';
import { hoverAt } from './hover.js';
import { Workspace } from './workspace.js';

/**
 * Changes are linted this long after the last keystroke at least, and longer on files that take longer to lint
 * (twice the last lint's time, up to MAX_DEBOUNCE_MS), so typing in a large file does not queue lint after lint. A
 * document just opened is linted at once.
 */
const MIN_DEBOUNCE_MS = 20;
const MAX_DEBOUNCE_MS = 300;

/** Editor languages whose documents may be manifests; other documents are linted only if named .yaml or .yml. */
const YAML_LANGUAGES = new Set(['yaml', 'kubernetes']);

function pathOfUri(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    return url.protocol === 'file:' ? fileURLToPath(url) : undefined;
  } catch {
    return undefined;
  }
}

/** The path part of a URI (`Untitled-1` of `untitled:Untitled-1`), or '' for a URI that cannot be read. */
function pathnameOf(uri: string): string {
  try {
    return new URL(uri).pathname;
  } catch {
    return '';
  }
}

/** What linting a document version found: kept for code actions and hover on that version. */
interface Linted {
  version: number;
  findings: Finding[];
}

/** Wires the protocol to the linter: document sync, diagnostics, code actions, hover and watched files. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace();
  const linted = new Map<string, Linted>();
  const timers = new Map<string, NodeJS.Timeout>();
  const lintDurations = new Map<string, number>();
  let canWatchFiles = false;
  let followsFolders = false;
  let firstFolder: string | undefined;

  /** The path a document is linted as: its file, or for an unsaved buffer a name in the first workspace folder. */
  const fileOf = (document: TextDocument): string =>
    pathOfUri(document.uri) ?? path.join(firstFolder ?? process.cwd(), path.basename(pathnameOf(document.uri)) || 'untitled.yaml');

  const isCandidate = (document: TextDocument): boolean =>
    YAML_LANGUAGES.has(document.languageId) || /\.ya?ml$/i.test(pathnameOf(document.uri));

  /** Lints the document's current text, publishes the diagnostics, and returns the findings. */
  const lintNow = (document: TextDocument): Finding[] => {
    const started = performance.now();
    let findings: Finding[] = [];
    try {
      const outcome = workspace.lint(fileOf(document), document.getText());
      findings = outcome.findings;
      const diagnostics = outcome.configError ? [configErrorDiagnostic(outcome.configError.message)] : findings.map((finding) => diagnosticOf(finding, document.uri));
      void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    } catch (error) {
      // Never expected: said in the server's log, and the document keeps no stale diagnostics.
      connection.console.error(`sidecar-lint could not lint ${document.uri}: ${describeError(error)}`);
      void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: [] });
    }
    lintDurations.set(document.uri, performance.now() - started);
    linted.set(document.uri, { version: document.version, findings });
    return findings;
  };

  const schedule = (uri: string, delay: number): void => {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        // CRDs are known before anything is linted: a custom resource would otherwise be called unknown for a moment.
        void workspace.ready().then(() => {
          const document = documents.get(uri);
          if (document && isCandidate(document) && !timers.has(uri)) lintNow(document);
        });
      }, delay),
    );
  };

  /** The findings of the document as it is now: those published if they are of this version, else a fresh lint. */
  const currentFindings = async (uri: string): Promise<{ document: TextDocument; findings: Finding[] } | undefined> => {
    const document = documents.get(uri);
    if (!document || !isCandidate(document)) return undefined;
    await workspace.ready();
    const known = linted.get(uri);
    return { document, findings: known?.version === document.version ? known.findings : lintNow(document) };
  };

  connection.onInitialize((params): InitializeResult => {
    const folders = (params.workspaceFolders ?? []).map((folder) => pathOfUri(folder.uri)).filter((folder) => folder !== undefined);
    const root = params.rootUri ? pathOfUri(params.rootUri) : undefined;
    if (folders.length === 0 && root !== undefined) folders.push(root);
    firstFolder = folders[0];
    workspace.setFolders(folders);
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    followsFolders = params.capabilities.workspace?.workspaceFolders === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'sidecar-lint', version: packageInfo().version },
    };
  });

  connection.onInitialized(() => {
    // CRDs and config files changed on disk (a checkout, another editor) reach the server only if it asks for them.
    if (canWatchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/.sidecar-lint.{yaml,yml}' }],
      });
    }
    // A folder added to or removed from the workspace: its CRDs come or go, and documents may change folder.
    if (followsFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(async () => {
        const folders = (await connection.workspace.getWorkspaceFolders()) ?? [];
        workspace.setFolders(folders.map((folder) => pathOfUri(folder.uri)).filter((folder) => folder !== undefined));
        firstFolder = folders[0] ? pathOfUri(folders[0].uri) : undefined;
        for (const document of documents.all()) schedule(document.uri, 0);
      });
    }
  });

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    let relint = false;
    for (const change of changes) {
      const file = pathOfUri(change.uri);
      if (file !== undefined && (await workspace.fileChanged(file, change.type === FileChangeType.Deleted))) relint = true;
    }
    if (relint) for (const document of documents.all()) schedule(document.uri, 0);
  });

  documents.onDidChangeContent(({ document }) => {
    if (!isCandidate(document)) return;
    const opened = !linted.has(document.uri) && !timers.has(document.uri);
    const delay = opened ? 0 : Math.min(MAX_DEBOUNCE_MS, Math.max(MIN_DEBOUNCE_MS, 2 * (lintDurations.get(document.uri) ?? 0)));
    schedule(document.uri, delay);
  });

  documents.onDidClose(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.delete(document.uri);
    linted.delete(document.uri);
    lintDurations.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.onCodeAction(async ({ textDocument, range }) => {
    const current = await currentFindings(textDocument.uri);
    return current ? codeActionsFor(current.document, current.findings, range) : [];
  });

  connection.onHover(async ({ textDocument, position }) => {
    const current = await currentFindings(textDocument.uri);
    return current ? hoverAt(current.findings, position) : null;
  });

  documents.listen(connection);
  connection.listen();
}
