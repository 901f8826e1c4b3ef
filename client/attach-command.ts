// "eBPF: Attach to Loaded Program…": pick a program loaded on this machine (via `ebpf maps
// --json`); its maps open in the map explorer and its printk lines stream into the trace panel.
import * as vscode from 'vscode';
import type { EbpfContext } from './ebpf-context';
import { LiveSource, cliPath } from './maps/sources';

export function activate(ctx: EbpfContext): void {
  ctx.push(
    vscode.commands.registerCommand('ebpf.attachToLoadedProgram', async () => {
      const kind = process.platform === 'win32' ? 'windows' : 'linux';
      const bpftool = vscode.workspace.getConfiguration('ebpf').get<string>('live.bpftoolPath') || undefined;
      const source = new LiveSource(kind, cliPath(ctx.extension.extensionUri), bpftool);
      let list;
      try {
        list = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: 'eBPF: reading loaded programs' },
          () => source.list(),
        );
      } catch (e) {
        void vscode.window.showErrorMessage(`eBPF: cannot list loaded programs: ${(e as Error).message}`);
        return;
      }
      if (list.programs.length === 0) {
        void vscode.window.showInformationMessage('eBPF: no programs are loaded on this machine.');
        return;
      }
      const pick = await vscode.window.showQuickPick(
        list.programs.map((p) => ({
          label: p.name || `program ${p.id}`,
          description: `${p.type} · id ${p.id}`,
          detail: p.mapIds.length
            ? `maps: ${p.mapIds.map((id) => list.maps.find((m) => m.id === id)?.name ?? id).join(', ')}`
            : 'no maps',
          program: p,
        })),
        { title: 'Attach to a loaded eBPF program', matchOnDescription: true },
      );
      if (!pick) return;
      await vscode.commands.executeCommand('_ebpf.maps.attach', kind, pick.program.mapIds);
      await vscode.commands.executeCommand('ebpf.showMaps');
      await vscode.commands.executeCommand('ebpf.trace.startLive', kind);
    }),
  );
}
