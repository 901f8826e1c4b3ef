// The "Programs" view in the eBPF activity bar container: every workspace C file that holds eBPF
// programs, with its SEC(...) sections; selecting a section opens the file at that line.
import * as vscode from 'vscode';
import type { EbpfContext } from './ebpf-context';
import { findSections, looksLikeEbpfSource, type SectionMention } from './ebpf-source';

const MAX_FILES = 2000;

type Node =
  | { readonly kind: 'file'; readonly uri: vscode.Uri; readonly sections: readonly SectionMention[] }
  | { readonly kind: 'section'; readonly uri: vscode.Uri; readonly section: SectionMention };

class ProgramsProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly ctx: EbpfContext) {}

  refresh(): void {
    this.changed.fire();
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node?.kind === 'file') return node.sections.map((section) => ({ kind: 'section', uri: node.uri, section }));
    if (node) return [];
    const uris = await vscode.workspace.findFiles('**/*.c', '**/{node_modules,.git,dist,.vscode-test}/**', MAX_FILES);
    const files: Node[] = [];
    for (const uri of uris.sort((a, b) => a.path.localeCompare(b.path))) {
      try {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        if (!looksLikeEbpfSource(text)) continue;
        const sections = findSections(text);
        if (sections.length > 0) files.push({ kind: 'file', uri, sections });
      } catch (err) {
        this.ctx.output.warn(`programs view: cannot read ${uri.fsPath}: ${String(err)}`);
      }
    }
    return files;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'file') {
      const item = new vscode.TreeItem(node.uri, vscode.TreeItemCollapsibleState.Expanded);
      item.description = vscode.workspace.asRelativePath(node.uri.with({ path: node.uri.path.replace(/\/[^/]*$/, '') }));
      item.contextValue = 'ebpfSourceFile';
      return item;
    }
    const item = new vscode.TreeItem(node.section.name, vscode.TreeItemCollapsibleState.None);
    item.description = `line ${node.section.line + 1}`;
    item.iconPath = new vscode.ThemeIcon('symbol-function');
    item.contextValue = 'ebpfSection';
    const position = new vscode.Position(node.section.line, 0);
    item.command = {
      command: 'vscode.open',
      title: 'Open',
      arguments: [node.uri, { selection: new vscode.Range(position, position) } satisfies vscode.TextDocumentShowOptions],
    };
    return item;
  }
}

export function activate(ctx: EbpfContext): void {
  const provider = new ProgramsProvider(ctx);
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.c');
  ctx.push(
    vscode.window.createTreeView('ebpf.programs', { treeDataProvider: provider, showCollapseAll: true }),
    vscode.commands.registerCommand('ebpf.refreshPrograms', () => provider.refresh()),
    watcher,
    watcher.onDidCreate(() => provider.refresh()),
    watcher.onDidDelete(() => provider.refresh()),
    watcher.onDidChange(() => provider.refresh()),
  );
}
