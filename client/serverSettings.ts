// The settings the client hands the language server. The clang path is included only in a
// trusted workspace: a workspace setting naming an executable must not run code on open.
import * as vscode from 'vscode';
import type { PlatformSetting, ServerSettings } from '../server/protocol';

function expand(p: string, folder: vscode.WorkspaceFolder | undefined): string {
  return folder ? p.replace(/\$\{workspaceFolder\}/g, folder.uri.fsPath) : p;
}

/** Whether this build of the extension contributes the `ebpf` debugger (Debug / Run lenses). */
export function contributesDebugger(packageJSON: unknown): boolean {
  const debuggers = (packageJSON as { contributes?: { debuggers?: { type?: string }[] } } | undefined)?.contributes
    ?.debuggers;
  return Array.isArray(debuggers) && debuggers.some((d) => d.type === 'ebpf');
}

export function computeServerSettings(extensionPath: string, packageJSON?: unknown): ServerSettings {
  const cfg = vscode.workspace.getConfiguration('ebpf');
  const folder = vscode.workspace.workspaceFolders?.[0];
  const configured = cfg.get<string>('clang.path')?.trim();
  // The default value "clang" means "look it up": let the server also try clang-16/15/14.
  const clangPath =
    vscode.workspace.isTrusted && configured && configured !== 'clang' ? expand(configured, folder) : undefined;
  return {
    clangPath,
    includePaths: (cfg.get<string[]>('includePaths') ?? []).map((p) => expand(p, folder)),
    extraArgs: cfg.get<string[]>('clang.extraArgs') ?? [],
    platform: cfg.get<PlatformSetting>('platform') ?? 'auto',
    debounceMs: cfg.get<number>('verify.debounceMs') ?? 0,
    extensionPath,
    debugAdapter: contributesDebugger(packageJSON),
  };
}
