// The state every client feature receives: the VS Code extension context, the "eBPF" output
// channel, and an event that fires once per eBPF C document. Features that are expensive (the
// language client, later) start from onEbpfDocument, so opening an ordinary C file costs nothing.
import * as vscode from 'vscode';
import { looksLikeEbpfSource } from '../common/ebpf-source';

export class EbpfContext implements vscode.Disposable {
  readonly output: vscode.LogOutputChannel;
  private readonly ebpfDocumentEmitter = new vscode.EventEmitter<vscode.TextDocument>();
  /** Fires for each open C document that contains an eBPF program (also for those already open). */
  readonly onEbpfDocument = this.ebpfDocumentEmitter.event;
  private readonly seen = new Set<string>();
  private sawEbpfDocument = false;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('eBPF', { log: true });
    extension.subscriptions.push(this.output, this.ebpfDocumentEmitter, this);
    extension.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.inspect(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.inspect(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.seen.delete(d.uri.toString())),
    );
  }

  /** Call after all features subscribed, so documents open at activation reach them too. */
  inspectOpenDocuments(): void {
    for (const d of vscode.workspace.textDocuments) this.inspect(d);
  }

  /** True once any eBPF document was seen in this window. */
  get hasSeenEbpfDocument(): boolean {
    return this.sawEbpfDocument;
  }

  /** Register something to be disposed with the extension. */
  push(...disposables: vscode.Disposable[]): void {
    this.extension.subscriptions.push(...disposables);
  }

  private inspect(doc: vscode.TextDocument): void {
    if (doc.languageId !== 'c') return;
    const key = doc.uri.toString();
    if (this.seen.has(key) || !looksLikeEbpfSource(doc.getText())) return;
    this.seen.add(key);
    if (!this.sawEbpfDocument) {
      this.sawEbpfDocument = true;
      void vscode.commands.executeCommand('setContext', 'ebpf.hasEbpfSource', true);
    }
    this.output.info(`eBPF program detected: ${vscode.workspace.asRelativePath(doc.uri)}`);
    this.ebpfDocumentEmitter.fire(doc);
  }

  dispose(): void {
    this.seen.clear();
  }
}
