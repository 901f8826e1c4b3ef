// eBPF: Convert to Native — the document's verified programs as C in bpf2c's shape, in a
// read-only `ebpf-native:` document beside the source. Refreshes when the source is re-analysed;
// cursor sync both ways through the server's line map; Save As writes the C and its source map;
// "Build Windows Driver" runs the eBPF for Windows package's Convert-BpfToNative.ps1 as a task.
import fs from 'node:fs';
import * as vscode from 'vscode';
import type { EbpfContext } from '../ebpf-context';
import { findSections, looksLikeEbpfSource } from '../../common/ebpf-source';
import { ebpfServer, type EbpfServer } from '../languageClient';
import { convertScriptArgs, detectWindowsRoute, expectedOutputs, type Probes } from '../native-windows';
import { convertToNative, didAnalyze, type NativeConversionResult } from '../../common/protocol';

export const SCHEME = 'ebpf-native';

/** ebpf-native:/<name>.native.c?<source uri> */
export function nativeUri(source: vscode.Uri): vscode.Uri {
  const base = (source.path.split('/').pop() ?? 'program.c').replace(/\.c$/, '');
  return vscode.Uri.from({ scheme: SCHEME, path: `/${base}.native.c`, query: source.toString() });
}

class NativeProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  readonly results = new Map<string, NativeConversionResult>();

  constructor(private readonly server: EbpfServer) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const result = await this.server.request(convertToNative, { textDocument: { uri: uri.query } });
    if (!result) return '// this file holds no eBPF program\n';
    this.results.set(uri.toString(), result);
    return result.text;
  }

  refreshFor(sourceUri: string): void {
    for (const doc of vscode.workspace.textDocuments)
      if (doc.uri.scheme === SCHEME && doc.uri.query === sourceUri) this.changed.fire(doc.uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Editors whose selection we set, and when: their own selection events must not sync back. */
const setByUs = new Map<string, number>();

function reveal(editor: vscode.TextEditor, first: number, last: number): void {
  setByUs.set(editor.document.uri.toString(), Date.now());
  const end = Math.min(last, editor.document.lineCount - 1);
  const range = new vscode.Range(first, 0, end, editor.document.lineAt(end).text.length);
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

const nodeProbes: Probes = {
  platform: process.platform,
  env: process.env,
  exists: (p) => fs.existsSync(p),
  list: (p) => {
    try {
      return fs.readdirSync(p);
    } catch {
      return [];
    }
  },
};

async function buildWindowsDriver(ctx: EbpfContext, sourceArg?: vscode.Uri): Promise<string | undefined> {
  const source = sourceArg ?? vscode.window.activeTextEditor?.document.uri;
  if (!source) return undefined;
  const config = vscode.workspace.getConfiguration('ebpf', source);
  const packageSetting = config.get<string>('windows.packagePath');
  const route = detectWindowsRoute(
    {
      ...(packageSetting ? { packageSetting } : {}),
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    },
    nodeProbes,
  );
  if (!route.ok) {
    const text = `Cannot build the Windows driver; missing: ${route.missing.join('; ')}`;
    ctx.output.info(text);
    void vscode.window.showWarningMessage(text);
    return text;
  }
  const object = source.fsPath.replace(/\.c$/, '.o');
  const options = { fileName: object, configuration: 'Debug' as const, kernelMode: true };
  const task = new vscode.Task(
    { type: 'ebpf-native', file: object },
    vscode.TaskScope.Workspace,
    `Convert-BpfToNative ${object.split(/[\\/]/).pop()}`,
    'eBPF',
    new vscode.ProcessExecution('powershell.exe', convertScriptArgs(route, options)),
    '$msCompile',
  );
  await vscode.tasks.executeTask(task);
  ctx.output.info(`Convert-BpfToNative started; expect ${expectedOutputs(options).join(', ')}`);
  return undefined;
}

export function activate(ctx: EbpfContext): void {
  const server = ebpfServer(ctx);
  const provider = new NativeProvider(server);
  ctx.push(provider, vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider));
  server.onNotification(didAnalyze, (p) => provider.refreshFor(p.uri));

  ctx.push(
    vscode.commands.registerCommand('ebpf.convertToNative', async (sourceArg?: string | vscode.Uri) => {
      const source = sourceArg
        ? typeof sourceArg === 'string'
          ? vscode.Uri.parse(sourceArg)
          : sourceArg
        : vscode.window.activeTextEditor?.document.uri;
      if (!source) return undefined;
      const doc = await vscode.workspace.openTextDocument(nativeUri(source));
      await vscode.languages.setTextDocumentLanguage(doc, 'c');
      await vscode.window.showTextDocument(doc, {
        viewColumn: vscode.ViewColumn.Beside,
        preserveFocus: true,
        preview: false,
      });
      return doc.uri.toString();
    }),
    vscode.commands.registerCommand('ebpf.saveNativeAs', async (uriArg?: vscode.Uri) => {
      const uri = uriArg ?? vscode.window.activeTextEditor?.document.uri;
      if (!uri || uri.scheme !== SCHEME) return undefined;
      const result = provider.results.get(uri.toString());
      if (!result || result.error) {
        void vscode.window.showWarningMessage(result?.error ?? 'Nothing to save: no C was generated.');
        return undefined;
      }
      const source = vscode.Uri.parse(uri.query);
      const target = await vscode.window.showSaveDialog({
        defaultUri: source.with({ path: source.path.replace(/\.c$/, '_raw.c') }),
        filters: { C: ['c'] },
      });
      if (!target) return undefined;
      await vscode.workspace.fs.writeFile(target, Buffer.from(result.text));
      if (result.sourceMap)
        await vscode.workspace.fs.writeFile(target.with({ path: `${target.path}.map` }), Buffer.from(result.sourceMap));
      return target.toString();
    }),
    vscode.commands.registerCommand('ebpf.buildWindowsDriver', (source?: vscode.Uri) =>
      buildWindowsDriver(ctx, source),
    ),
    // Code lens above each SEC(...) of an eBPF source.
    vscode.languages.registerCodeLensProvider(
      { language: 'c' },
      {
        provideCodeLenses(document) {
          const text = document.getText();
          if (!looksLikeEbpfSource(text)) return [];
          return findSections(text).map(
            (s) =>
              new vscode.CodeLens(new vscode.Range(s.line, 0, s.line, 0), {
                title: 'Convert to native',
                command: 'ebpf.convertToNative',
                arguments: [document.uri.toString()],
              }),
          );
        },
      },
    ),
    // Cursor sync: source selection → generated lines; generated selection → source line.
    vscode.window.onDidChangeTextEditorSelection((e) => {
      const doc = e.textEditor.document;
      const line = e.selections[0]?.active.line;
      if (line === undefined || Date.now() - (setByUs.get(doc.uri.toString()) ?? 0) < 300) return;
      if (doc.uri.scheme === SCHEME) {
        const result = provider.results.get(doc.uri.toString());
        let sourceLine = -1;
        for (let n = line; n >= 0 && result && sourceLine < 0; n--) sourceLine = result.sourceLineOf[n] ?? -1;
        if (sourceLine < 0) return;
        for (const editor of vscode.window.visibleTextEditors)
          if (editor.document.uri.toString() === doc.uri.query) reveal(editor, sourceLine, sourceLine);
        return;
      }
      for (const editor of vscode.window.visibleTextEditors) {
        if (editor.document.uri.scheme !== SCHEME || editor.document.uri.query !== doc.uri.toString()) continue;
        const result = provider.results.get(editor.document.uri.toString());
        if (!result) continue;
        const first = result.sourceLineOf.indexOf(line);
        if (first < 0) continue;
        const last = result.sourceLineOf.lastIndexOf(line);
        reveal(editor, first, last);
      }
    }),
  );
}
