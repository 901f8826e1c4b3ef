// Status bar item: the platform the active eBPF document is analysed for, why (tooltip), and a
// click to change it.
import * as vscode from 'vscode';
import type { EbpfContext } from './ebpf-context';
import { ebpfServer } from './languageClient';
import { didAnalyze, platform as platformRequest, type PlatformInfo } from '../server/protocol';

export function describePlatform(info: PlatformInfo): { text: string; tooltip: string } {
  const short = info.id === 'windows' ? 'eBPF: Windows' : 'eBPF: Linux';
  const how = info.source === 'setting' ? 'chosen by the ebpf.platform setting' : `detected: ${info.reason}`;
  return { text: `$(shield) ${short}`, tooltip: `${info.displayName} — ${how}\nClick to select the target platform.` };
}

export function activate(ctx: EbpfContext): void {
  const item = vscode.window.createStatusBarItem('ebpf.platform', vscode.StatusBarAlignment.Right, 100);
  item.name = 'eBPF Target Platform';
  item.command = 'ebpf.selectPlatform';
  ctx.push(item);
  const server = ebpfServer(ctx);
  const known = new Map<string, PlatformInfo>();

  const show = (editor: vscode.TextEditor | undefined) => {
    const info = editor ? known.get(editor.document.uri.toString()) : undefined;
    if (!info) {
      item.hide();
      return;
    }
    const d = describePlatform(info);
    item.text = d.text;
    item.tooltip = d.tooltip;
    item.show();
  };

  server.onNotification(didAnalyze, (p) => {
    known.set(p.uri, p.platform);
    if (vscode.window.activeTextEditor?.document.uri.toString() === p.uri) show(vscode.window.activeTextEditor);
  });
  ctx.push(
    vscode.window.onDidChangeActiveTextEditor(async (editor) => {
      show(editor);
      const uri = editor?.document.uri.toString();
      if (!editor || !uri || known.has(uri) || editor.document.languageId !== 'c' || !server.running) return;
      const info = await server.request(platformRequest, { textDocument: { uri } }).catch(() => null);
      if (info) {
        known.set(uri, info);
        show(vscode.window.activeTextEditor);
      }
    }),
    vscode.workspace.onDidCloseTextDocument((d) => known.delete(d.uri.toString())),
  );
}
