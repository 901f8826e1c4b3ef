// Status bar item: the platform the active eBPF document is analysed for, why (tooltip), and a
// click to change it.
import * as vscode from 'vscode';
import type { EbpfContext } from './ebpf-context';
import { ebpfServer } from './languageClient';
import { didAnalyze, platform as platformRequest, type PlatformInfo, type ToolchainInfo } from '../common/protocol';

export function describePlatform(info: PlatformInfo, toolchain?: ToolchainInfo): { text: string; tooltip: string } {
  const short = info.id === 'windows' ? 'eBPF: Windows' : 'eBPF: Linux';
  const how = info.source === 'setting' ? 'chosen by the ebpf.platform setting' : `detected: ${info.reason}`;
  const lines = [`${info.displayName} — ${how}`];
  if (toolchain) {
    lines.push(`clang: ${toolchain.clang} (${toolchain.clangSource})`);
    if (toolchain.headers) lines.push(`headers: ${toolchain.headers} (${toolchain.headersSource ?? ''})`);
  }
  lines.push('Click to select the target platform.');
  return { text: `$(shield) ${short}`, tooltip: lines.join('\n') };
}

export function activate(ctx: EbpfContext): void {
  const item = vscode.window.createStatusBarItem('ebpf.platform', vscode.StatusBarAlignment.Right, 100);
  item.name = 'eBPF Target Platform';
  item.command = 'ebpf.selectPlatform';
  ctx.push(item);
  const server = ebpfServer(ctx);
  const known = new Map<string, PlatformInfo>();
  const toolchains = new Map<string, ToolchainInfo>();

  let visible = false;
  const show = (editor: vscode.TextEditor | undefined) => {
    const info = editor ? known.get(editor.document.uri.toString()) : undefined;
    if (!info) {
      // Output panes and other non-C editors keep the last platform shown.
      if (editor?.document.languageId === 'c') {
        item.hide();
        visible = false;
      }
      return;
    }
    const d = describePlatform(info, toolchains.get(editor?.document.uri.toString() ?? ''));
    item.text = d.text;
    item.tooltip = d.tooltip;
    item.show();
    visible = true;
  };

  server.onNotification(didAnalyze, (p) => {
    known.set(p.uri, p.platform);
    if (p.toolchain) toolchains.set(p.uri, p.toolchain);
    if (vscode.window.activeTextEditor?.document.uri.toString() === p.uri) show(vscode.window.activeTextEditor);
  });
  ctx.push(
    vscode.window.onDidChangeActiveTextEditor(async (editor) => {
      show(editor);
      const uri = editor?.document.uri.toString();
      if (!editor || !uri || editor.document.languageId !== 'c' || !server.running) return;
      // Ask again even when known: the setting or the includes may have changed the answer.
      const info = await server.request(platformRequest, { textDocument: { uri } }).catch(() => null);
      if (info) {
        known.set(uri, info);
        show(vscode.window.activeTextEditor);
      }
    }),
    // For tests: what the item shows now (status bar items cannot be read through the API).
    vscode.commands.registerCommand('_ebpf.statusBar.snapshot', () => ({
      text: item.text,
      tooltip: typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? ''),
      visible,
    })),
  );
}
