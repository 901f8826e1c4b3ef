// eBPF: Show Disassembly — a read-only `ebpf-disasm:` document (language ebpf-asm) with the C
// source interleaved. It refreshes when the C file is re-analysed, and follows the C editor's
// cursor: moving in the C file reveals and selects the matching instructions.
import * as vscode from 'vscode';
import type { EbpfContext } from '../ebpf-context';
import { ebpfServer, type EbpfServer } from '../languageClient';
import { didAnalyze, disassembly, type DisassemblyResult } from '../../common/protocol';

export const SCHEME = 'ebpf-disasm';

/** ebpf-disasm:/<name>.ebpf?<source uri>#<program> */
export function disassemblyUri(source: vscode.Uri, program: string | undefined): vscode.Uri {
  const base = source.path.split('/').pop() ?? 'program.c';
  return vscode.Uri.from({
    scheme: SCHEME,
    path: `/${base}${program ? `.${program}` : ''}.ebpf`,
    query: source.toString(),
    fragment: program ?? '',
  });
}

class DisassemblyProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** The last result per disassembly URI, for cursor sync. */
  readonly results = new Map<string, DisassemblyResult>();

  constructor(private readonly server: EbpfServer) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const result = await this.server.request(disassembly, {
      textDocument: { uri: uri.query },
      ...(uri.fragment ? { program: uri.fragment } : {}),
    });
    if (!result) return '; this file holds no eBPF program\n';
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

export function activate(ctx: EbpfContext): void {
  const server = ebpfServer(ctx);
  const provider = new DisassemblyProvider(server);
  const ownSelections = new Map<string, string>();
  ctx.push(provider, vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider));
  server.onNotification(didAnalyze, (p) => provider.refreshFor(p.uri));

  ctx.push(
    vscode.commands.registerCommand(
      'ebpf.showDisassembly',
      async (sourceArg?: string | vscode.Uri, program?: string) => {
        const source = sourceArg
          ? typeof sourceArg === 'string'
            ? vscode.Uri.parse(sourceArg)
            : sourceArg
          : vscode.window.activeTextEditor?.document.uri;
        if (!source) return undefined;
        const doc = await vscode.workspace.openTextDocument(disassemblyUri(source, program));
        await vscode.languages.setTextDocumentLanguage(doc, 'ebpf-asm');
        await vscode.window.showTextDocument(doc, {
          viewColumn: vscode.ViewColumn.Beside,
          preserveFocus: true,
          preview: false,
        });
        return doc.uri.toString();
      },
    ),
    // Cursor sync: C editor selection → matching instruction lines in every visible disassembly,
    // and a click on an instruction → its C line revealed in the source. A selection this sync set
    // itself is not synced back (`ownSelections`), so the two do not chase each other.
    vscode.window.onDidChangeTextEditorSelection((e) => {
      const sourceUri = e.textEditor.document.uri.toString();
      if (ownSelections.get(sourceUri) === selectionKey(e.selections[0])) {
        ownSelections.delete(sourceUri);
        return;
      }
      if (e.textEditor.document.uri.scheme === SCHEME) {
        void revealSourceLine(provider, e.textEditor, ownSelections);
        return;
      }
      const cLine = e.selections[0]?.active.line;
      if (cLine === undefined) return;
      for (const editor of vscode.window.visibleTextEditors) {
        if (editor.document.uri.scheme !== SCHEME || editor.document.uri.query !== sourceUri) continue;
        const result = provider.results.get(editor.document.uri.toString());
        if (!result) continue;
        const first = result.sourceLineOf.indexOf(cLine);
        if (first < 0) continue;
        let last = first;
        while (last + 1 < result.sourceLineOf.length && result.sourceLineOf[last + 1] === cLine) last++;
        const range = new vscode.Range(
          first,
          0,
          last,
          editor.document.lineAt(Math.min(last, editor.document.lineCount - 1)).text.length,
        );
        editor.selection = new vscode.Selection(range.start, range.end);
        ownSelections.set(editor.document.uri.toString(), selectionKey(editor.selection));
        editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      }
    }),
  );
}

function selectionKey(s: vscode.Selection | undefined): string {
  return s ? `${s.anchor.line}:${s.anchor.character}-${s.active.line}:${s.active.character}` : '';
}

/** The C line of the instruction (or `; file:line:` comment) under the disassembly's cursor, revealed and selected in the source. */
async function revealSourceLine(
  provider: DisassemblyProvider,
  asmEditor: vscode.TextEditor,
  ownSelections: Map<string, string>,
): Promise<void> {
  const result = provider.results.get(asmEditor.document.uri.toString());
  const line = asmEditor.selection.active.line;
  const cLine = result?.sourceLineOf[line];
  if (cLine === undefined || cLine < 0) return;
  const sourceUri = vscode.Uri.parse(asmEditor.document.uri.query);
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === sourceUri.toString());
  const editor =
    visible ??
    (await vscode.window.showTextDocument(sourceUri, {
      viewColumn: vscode.ViewColumn.One,
      preserveFocus: true,
      preview: false,
    }));
  if (cLine >= editor.document.lineCount) return;
  const text = editor.document.lineAt(cLine);
  const range = new vscode.Range(cLine, text.firstNonWhitespaceCharacterIndex, cLine, text.text.length);
  editor.selection = new vscode.Selection(range.start, range.end);
  ownSelections.set(editor.document.uri.toString(), selectionKey(editor.selection));
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
