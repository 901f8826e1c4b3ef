// eBPF: Show Output — reveals the extension's log.
import * as vscode from 'vscode';
import type { EbpfContext } from './ebpf-context';

export function activate(ctx: EbpfContext): void {
  ctx.push(vscode.commands.registerCommand('ebpf.showOutput', () => ctx.output.show(true)));
}
