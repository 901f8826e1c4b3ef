// The settings the client hands the language server. The clang path, include folders and extra
// arguments are included only in a trusted workspace: settings that shape clang's command line
// must not let a folder run code on open (docs/security.md). The server drops them too.
import * as vscode from 'vscode';
import type { PlatformSetting, ServerSettings } from '../common/protocol';

function expand(p: string, folder: vscode.WorkspaceFolder | undefined): string {
  return folder ? p.replace(/\$\{workspaceFolder\}/g, folder.uri.fsPath) : p;
}

function expandOptional(p: string | undefined, folder: vscode.WorkspaceFolder | undefined): string | undefined {
  return p && p.trim() ? expand(p.trim(), folder) : undefined;
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
  const trusted = vscode.workspace.isTrusted;
  const clangPath = trusted && configured && configured !== 'clang' ? expand(configured, folder) : undefined;
  const windowsIncludePath = trusted ? expandOptional(cfg.get<string>('windows.includePath'), folder) : undefined;
  const debounceMs = cfg.get<number>('verify.debounceMs');
  return {
    workspaceTrusted: trusted,
    ...(clangPath !== undefined && { clangPath }),
    ...(windowsIncludePath !== undefined && { windowsIncludePath }),
    includePaths: trusted ? (cfg.get<string[]>('includePaths') ?? []).map((p) => expand(p, folder)) : [],
    extraArgs: trusted ? (cfg.get<string[]>('clang.extraArgs') ?? []) : [],
    platform: cfg.get<PlatformSetting>('platform') ?? 'auto',
    // Unset: the server applies package.json's default.
    ...(debounceMs !== undefined && { debounceMs }),
    programTypes: cfg.get<Record<string, string>>('programTypes') ?? {},
    linuxUnprivileged: cfg.get<boolean>('linux.unprivileged') ?? false,
    extensionPath,
    debugAdapter: contributesDebugger(packageJSON),
  };
}
