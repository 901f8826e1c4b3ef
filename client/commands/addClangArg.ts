// Adds an argument to ebpf.clang.extraArgs (used by the "add -g" quick fix). Adding -g also
// drops a -g0 that would cancel it.
import * as vscode from 'vscode';
import type { EbpfContext } from '../ebpf-context';

export function activate(ctx: EbpfContext): void {
  ctx.push(
    vscode.commands.registerCommand('ebpf.addClangArg', async (arg: string) => {
      if (typeof arg !== 'string' || !arg) return;
      const cfg = vscode.workspace.getConfiguration('ebpf');
      let args = [...(cfg.get<string[]>('clang.extraArgs') ?? [])];
      if (arg === '-g') args = args.filter((a) => a !== '-g0');
      if (!args.includes(arg)) args.push(arg);
      const target = vscode.workspace.workspaceFolders?.length
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
      await cfg.update('clang.extraArgs', args, target);
    }),
  );
}
