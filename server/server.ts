// The eBPF language server: wires documents, settings and the analysis scheduler to the feature
// modules (one per file). Started by the client over IPC, or with --stdio by tests and other editors.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { looksLikeEbpfSource } from '../common/ebpf-source';
import { stopAllCompiles } from '../core/toolchain/compile';
import { describeRefused } from '../core/toolchain/flagPolicy';
import { analyse, type Analysis } from './analysis';
import type { ServerContext } from './context';
import { sendNotification } from './context';
import { diagnosticsFor } from './diagnostics';
import { createEngine } from './engine';
import { didAnalyze, type ToolchainInfo } from '../common/protocol';
import { AnalysisScheduler } from './scheduler';
import { DEFAULT_SETTINGS, parseSettings, type EffectiveSettings } from './settings';
import * as codeActions from './codeActions';
import * as codeLens from './codeLens';
import * as completion from './completion';
import * as hover from './hover';
import * as requests from './requests';
import * as nativeConversion from './nativeConversion';
import * as nativeAddress from './nativeAddress';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
// Verification runs in a worker thread when its bundle sits beside this one (see verifyWorker.ts).
const verifyThreadScript = path.join(__dirname, 'verifyThread.js');
const engine = createEngine(fs.existsSync(verifyThreadScript) ? verifyThreadScript : undefined);
let settings: EffectiveSettings = DEFAULT_SETTINGS;
let workspaceRoot: string | undefined;
/** Documents we published diagnostics for, so they can be cleared when they stop being eBPF. */
const published = new Set<string>();
let clangMissingShown = false;
/** The toolchain line last written to the output, so a change is logged once. */
let lastToolchainLine: string | undefined;

function toolchainOf(analysis: Analysis): ToolchainInfo | undefined {
  const c = analysis.compile;
  if (c.kind !== 'compiled' && c.kind !== 'failed') return undefined;
  return {
    clang: c.clangPath,
    clangSource: c.clangSource,
    ...(c.headers ? { headers: c.headers.includeDirs.join(', '), headersSource: c.headers.source } : {}),
  };
}

/** Refused clang flags already written to the output, so each is logged once. */
const refusalsLogged = new Set<string>();

function isEbpf(doc: TextDocument): boolean {
  return doc.languageId === 'c' || doc.uri.endsWith('.c') || doc.uri.endsWith('.h')
    ? looksLikeEbpfSource(doc.getText())
    : false;
}

const scheduler: AnalysisScheduler = new AnalysisScheduler({
  current: (uri) => {
    const d = documents.get(uri);
    return d && isEbpf(d) ? { uri, version: d.version, text: d.getText() } : undefined;
  },
  run: (doc, signal) => analyse(engine, doc, settings, workspaceRoot, signal),
  publish: (analysis, queuedAt) => publish(analysis, queuedAt),
  debounceMs: () => settings.debounceMs,
  onError: (uri, e) =>
    connection.console.error(`analysis of ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
});

const ctx: ServerContext = {
  connection,
  documents,
  scheduler,
  engine,
  settings: () => settings,
  isEbpfDocument: (uri) => {
    const d = documents.get(uri);
    return d !== undefined && isEbpf(d);
  },
  docsUrl: () =>
    settings.extensionPath
      ? pathToFileURL(path.join(settings.extensionPath, 'docs', 'verifier-codes.md')).toString()
      : undefined,
};

function publish(analysis: Analysis, queuedAt: number): void {
  const diagnostics = diagnosticsFor(analysis, { docsUrl: ctx.docsUrl() });
  published.add(analysis.uri);
  void connection.sendDiagnostics({ uri: analysis.uri, version: analysis.version, diagnostics });
  if (analysis.compile.kind === 'clang-not-found' && !clangMissingShown) {
    clangMissingShown = true;
    void connection.window.showErrorMessage(`eBPF: ${analysis.compile.message} ${analysis.compile.installAdvice}`);
  }
  const toolchain = toolchainOf(analysis);
  if (toolchain) {
    const line = `clang: ${toolchain.clang} (${toolchain.clangSource})${toolchain.headers ? `; eBPF for Windows headers: ${toolchain.headers} (${toolchain.headersSource})` : ''}`;
    if (line !== lastToolchainLine) {
      lastToolchainLine = line;
      connection.console.info(line);
    }
  }
  if (analysis.compile.kind === 'compiled' || analysis.compile.kind === 'failed')
    for (const line of analysis.compile.refusedFlags.map(describeRefused))
      if (!refusalsLogged.has(line)) {
        refusalsLogged.add(line);
        connection.console.warn(line);
      }
  sendNotification(ctx, didAnalyze, {
    uri: analysis.uri,
    version: analysis.version,
    platform: analysis.platform,
    ...(toolchain ? { toolchain } : {}),
    programs: analysis.programs.length,
    errors: diagnostics.filter((d) => d.severity === 1).length,
    milliseconds: Date.now() - queuedAt,
  });
}

connection.onInitialize((params): InitializeResult => {
  settings = parseSettings(params.initializationOptions, DEFAULT_SETTINGS);
  const root = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
  if (root && root.startsWith('file:')) workspaceRoot = fileURLToPath(root);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      completionProvider: { triggerCharacters: ['"', '>', '(', ',', ' ', '_'] },
      codeActionProvider: { codeActionKinds: ['quickfix'] },
    },
    serverInfo: { name: 'ebpf-language-server', version: '0.1.0' },
  };
});

connection.onDidChangeConfiguration((change) => {
  settings = parseSettings(change.settings, settings);
  scheduler.invalidateAll(
    documents
      .all()
      .filter(isEbpf)
      .map((d) => d.uri),
  );
});

documents.onDidOpen((e) => {
  if (isEbpf(e.document)) scheduler.changed(e.document.uri, true);
});
documents.onDidChangeContent((e) => {
  const uri = e.document.uri;
  if (isEbpf(e.document)) scheduler.changed(uri);
  else if (published.delete(uri)) {
    scheduler.closed(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  }
});
documents.onDidClose((e) => {
  scheduler.closed(e.document.uri);
  if (published.delete(e.document.uri)) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

hover.register(ctx);
codeLens.register(ctx);
completion.register(ctx);
codeActions.register(ctx);
requests.register(ctx);
nativeConversion.register(ctx);
nativeAddress.register(ctx);

// Every way out (shutdown, exit, stdin closed: vscode-languageserver calls process.exit) runs the
// 'exit' handlers, so running clangs are killed and their temp folders removed; signals too.
connection.onShutdown(() => {
  for (const d of documents.all()) scheduler.closed(d.uri);
  stopAllCompiles();
});
process.on('exit', stopAllCompiles);
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const)
  process.on(signal, () => {
    stopAllCompiles();
    process.exit(0);
  });

// A bug in one request must not take the server down; log it and keep serving.
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${String(e)}`));

documents.listen(connection);
connection.listen();
