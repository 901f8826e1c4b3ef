// Which eBPF for Windows headers a program for that platform is compiled against. The project's
// own headers win over the copy bundled with the extension, because they match the runtime the
// program will be loaded by: a folder named in ebpf.windows.includePath, else eBPF for Windows'
// NuGet package restored into the workspace (packages\eBPF-for-Windows*\build\native\include,
// newest version first), else an installed eBPF for Windows (<ProgramFiles>\ebpf-for-windows\include,
// Windows hosts), else the extension's include/. Pure over the injected host view.

import type { ToolchainHost } from './locate';
import { envVar, pathFromFileUri } from './locate';

export interface HeaderChoice {
  /** Folders passed with -I, in order. */
  readonly includeDirs: readonly string[];
  /** Said to the user: "NuGet package eBPF-for-Windows.x64.0.21.0 in the workspace", ... */
  readonly source: string;
}

export interface HeaderOptions {
  /** ebpf.windows.includePath (a path or a file:// URI), trusted workspaces only. */
  readonly setting?: string;
  readonly workspaceRoots: readonly string[];
  /** The extension's include/ folder, the fallback. */
  readonly bundledDir?: string;
}

/** The marker header every eBPF for Windows include folder has. */
const MARKER = 'bpf_helpers.h';

function hasMarker(host: ToolchainHost, dir: string): boolean {
  return host.listDir(dir).some((n) => n.toLowerCase() === MARKER);
}

/** Compares dotted version strings found in folder names numerically (0.21.0 > 0.9.1). */
function compareVersionsDesc(a: string, b: string): number {
  const va = (a.match(/\d+/g) ?? []).map(Number);
  const vb = (b.match(/\d+/g) ?? []).map(Number);
  for (let i = 0; i < Math.max(va.length, vb.length); i++) {
    const d = (vb[i] ?? -1) - (va[i] ?? -1);
    if (d !== 0) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The package's include folder plus include\uapi when present (its props file passes both). */
function packageDirs(host: ToolchainHost, include: string): string[] {
  const uapi = host.path.join(include, 'uapi');
  return host.listDir(uapi).length > 0 ? [include, uapi] : [include];
}

export function findWindowsHeaders(options: HeaderOptions, host: ToolchainHost): HeaderChoice | undefined {
  const p = host.path;
  const setting = options.setting?.trim();
  if (setting) {
    const dir = pathFromFileUri(setting, host);
    // A wrong setting is said, not silently replaced: the fallback is used and the source says why.
    if (hasMarker(host, dir)) return { includeDirs: [dir], source: `ebpf.windows.includePath (${dir})` };
  }
  for (const root of options.workspaceRoots) {
    const packages = p.join(root, 'packages');
    const found = host
      .listDir(packages)
      .filter((n) => /^ebpf-for-windows(?!-redist)/i.test(n))
      .sort(compareVersionsDesc);
    for (const name of found) {
      const include = p.join(packages, name, 'build', 'native', 'include');
      if (hasMarker(host, include))
        return { includeDirs: packageDirs(host, include), source: `NuGet package ${name} in the workspace` };
    }
  }
  if (host.platform === 'win32') {
    for (const base of [envVar(host, 'ProgramFiles'), envVar(host, 'ProgramW6432')].filter((d): d is string => !!d)) {
      const include = p.join(base, 'ebpf-for-windows', 'include');
      if (hasMarker(host, include))
        return {
          includeDirs: packageDirs(host, include),
          source: `eBPF for Windows installed in ${p.join(base, 'ebpf-for-windows')}`,
        };
    }
  }
  if (options.bundledDir)
    return {
      includeDirs: [options.bundledDir],
      source:
        setting && !hasMarker(host, pathFromFileUri(setting, host))
          ? `the extension's bundled headers (ebpf.windows.includePath "${setting}" has no ${MARKER})`
          : "the extension's bundled headers",
    };
  return undefined;
}
