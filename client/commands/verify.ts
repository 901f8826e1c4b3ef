// eBPF: Verify — runs the pipeline on the current file and shows the verifier's full report.
import * as vscode from 'vscode';
import type { EbpfContext } from '../ebpf-context';
import { ebpfServer } from '../languageClient';
import { verificationReport } from '../../common/protocol';

export function activate(ctx: EbpfContext): void {
  const channel = vscode.window.createOutputChannel('eBPF Verifier', 'ebpf-verifier-log');
  ctx.push(channel);
  ctx.push(
    vscode.commands.registerCommand('ebpf.verify', async (uriArg?: string | vscode.Uri) => {
      const uri = uriArg?.toString() ?? vscode.window.activeTextEditor?.document.uri.toString();
      if (!uri) {
        void vscode.window.showInformationMessage('eBPF: open a C file with an eBPF program to verify it.');
        return undefined;
      }
      const report = await ebpfServer(ctx).request(verificationReport, { textDocument: { uri } });
      if (!report) {
        void vscode.window.showInformationMessage('eBPF: this file holds no eBPF program (no SEC("...") found).');
        return undefined;
      }
      channel.clear();
      channel.append(report.text);
      channel.show(true);
      return report.text;
    }),
  );
}
