// eBPF: Select Target Platform — writes ebpf.platform (workspace when one is open).
import * as vscode from 'vscode';
import type { EbpfContext } from '../ebpf-context';
import type { PlatformSetting } from '../../common/protocol';

const CHOICES: readonly (vscode.QuickPickItem & { value: PlatformSetting })[] = [
  { label: 'Auto', description: 'detect per file (.ebpf_for_windows section, headers)', value: 'auto' },
  { label: 'eBPF for Windows', description: 'Windows helper ids, program types and map types', value: 'windows' },
  { label: 'Linux', description: 'kernel UAPI helper ids, program types and map types', value: 'linux' },
];

export function activate(ctx: EbpfContext): void {
  ctx.push(
    vscode.commands.registerCommand('ebpf.selectPlatform', async (value?: PlatformSetting) => {
      const current = vscode.workspace.getConfiguration('ebpf').get<PlatformSetting>('platform') ?? 'auto';
      const picked =
        value ??
        (
          await vscode.window.showQuickPick(
            CHOICES.map((c) => ({
              ...c,
              picked: c.value === current,
              ...(c.value === current && { detail: 'current' }),
            })),
            { title: 'eBPF target platform' },
          )
        )?.value;
      if (!picked) return;
      const target = vscode.workspace.workspaceFolders?.length
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
      await vscode.workspace.getConfiguration('ebpf').update('platform', picked, target);
    }),
  );
}
