// The "Programs" view in the eBPF activity bar container: every workspace C file that holds eBPF
// programs, with its SEC(...) sections; selecting a section opens the file at that line.
import * as vscode from 'vscode';
import type { EbpfContext } from './ebpf-context';
import { findSections, looksLikeEbpfSource, type SectionMention } from '../common/ebpf-source';

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
    this.ctx.output.trace(`programs view: ${files.length} of ${uris.length} C files hold eBPF programs`);
    return files;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'file') {
      const item = new vscode.TreeItem(node.uri, vscode.TreeItemCollapsibleState.Expanded);
      const rel = vscode.workspace.asRelativePath(node.uri, false);
      item.description = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
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
      arguments: [
        node.uri,
        { selection: new vscode.Range(position, position) } satisfies vscode.TextDocumentShowOptions,
      ],
    };
    return item;
  }
}

export function activate(ctx: EbpfContext): void {
  const provider = new ProgramsProvider(ctx);
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.c');
  const view = vscode.window.createTreeView('ebpf.programs', { treeDataProvider: provider, showCollapseAll: true });
  ctx.push(
    view,
    // A view restored before activation may keep its empty first answer; ask again when shown.
    view.onDidChangeVisibility((e) => {
      if (e.visible) provider.refresh();
    }),
    vscode.commands.registerCommand('ebpf.refreshPrograms', () => provider.refresh()),
    // Not contributed: lets the e2e suite read what the view shows.
    vscode.commands.registerCommand('_ebpf.programs.snapshot', async () => {
      const files = await provider.getChildren();
      return files.map((f) =>
        f.kind === 'file'
          ? { file: vscode.workspace.asRelativePath(f.uri), sections: f.sections.map((s) => s.name) }
          : undefined,
      );
    }),
    watcher,
    watcher.onDidCreate(() => provider.refresh()),
    watcher.onDidDelete(() => provider.refresh()),
    watcher.onDidChange(() => provider.refresh()),
  );
}
