// Which clang to run. Pure decision logic over an injected view of the host (its path rules,
// environment, and two file-system questions), so the Windows rules are tested on Linux with
// path.win32 and a fake file system.
//
// Order: the configured path (authoritative); versioned clangs on PATH and in /usr/lib/llvm-N,
// newest first (clang-19 before clang-18 ... so -mcpu=v4 works where a new clang is installed);
// then plain `clang` on PATH; on Windows then eBPF for Windows' pinned toolchain in the workspace
// (packages\llvm.tools, only for trusted workspaces), the LLVM installer's folders, and last Visual
// Studio's bundled clang (some of its releases lack the BPF target).

import path from 'node:path';
import type { ClangNotFound } from './types';

/** What locating needs to know about the host; tests pass path.win32 and an in-memory file system. */
export interface ToolchainHost {
  /** process.platform of the host. */
  readonly platform: string;
  /** path.win32 on Windows, path.posix elsewhere. */
  readonly path: path.PlatformPath;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** An existing file this process may execute. */
  isExecutable(file: string): boolean;
  /** Entry names of a folder; [] when it does not exist. */
  listDir(dir: string): readonly string[];
}

export interface LocateOptions {
  /**
   * A path the user configured (ebpf.clang.path): a path, a command name, or a file:// URI. The
   * client passes it only when the workspace is trusted: a setting naming an executable is a
   * code-execution vector.
   */
  readonly configuredPath?: string;
  /**
   * Workspace folders that may hold eBPF for Windows' own toolchain (packages\llvm.tools). Pass
   * them only for trusted workspaces: running an executable a folder brought is running its code.
   */
  readonly trustedWorkspaceRoots?: readonly string[];
}

/** A clang that exists, and how it was found (for the status bar and the output). */
export interface FoundClang {
  readonly kind: 'found';
  readonly path: string;
  /** "ebpf.clang.path", "PATH (newest of clang-19, clang-14, clang)", "LLVM installer", ... */
  readonly source: string;
}

export type LocateResult = FoundClang | ClangNotFound;

export function installAdvice(hostPlatform: string): string {
  if (hostPlatform === 'win32')
    return 'Install LLVM (for example `winget install LLVM.LLVM`) and restart VS Code, or set ebpf.clang.path.';
  if (hostPlatform === 'darwin')
    return 'Install LLVM (for example `brew install llvm`) and set ebpf.clang.path to its clang.';
  return 'Install clang (for example `sudo apt-get install clang-19` or `clang`), or set ebpf.clang.path.';
}

/** An environment variable, case-insensitively on Windows (Path vs PATH). */
export function envVar(host: ToolchainHost, name: string): string | undefined {
  if (host.platform !== 'win32') return host.env[name];
  const key = Object.keys(host.env).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : host.env[key];
}

/** A file:// URI as a path of the host (file:///C:/Program%20Files/x → C:\Program Files\x); else the text. */
export function pathFromFileUri(text: string, host: ToolchainHost): string {
  if (!/^file:\/\//i.test(text)) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  const pathname = decodeURIComponent(url.pathname);
  if (host.platform !== 'win32') return pathname;
  if (url.hostname) return `\\\\${url.hostname}${pathname.replace(/\//g, '\\')}`;
  return pathname.replace(/^\/([A-Za-z]:)/, '$1').replace(/\//g, '\\');
}

function executableNames(host: ToolchainHost, name: string): string[] {
  if (host.platform !== 'win32' || /\.[A-Za-z0-9]+$/.test(name)) return [name];
  const exts = (envVar(host, 'PATHEXT') ?? '.EXE').split(';').filter(Boolean);
  return [...new Set(['.exe', ...exts.map((e) => e.toLowerCase())])].map((e) => name + e);
}

function pathDirs(host: ToolchainHost): string[] {
  const sep = host.platform === 'win32' ? ';' : ':';
  return (envVar(host, 'PATH') ?? '').split(sep).filter(Boolean);
}

/** Resolves a command name on PATH, or checks a path (adding .exe on Windows when it is missing). */
export function resolveExecutable(host: ToolchainHost, nameOrPath: string): string | undefined {
  const p = host.path;
  if (nameOrPath.includes('/') || nameOrPath.includes('\\') || p.isAbsolute(nameOrPath)) {
    return executableNames(host, nameOrPath).find((f) => host.isExecutable(f));
  }
  for (const dir of pathDirs(host))
    for (const file of executableNames(host, nameOrPath)) {
      const full = p.join(dir, file);
      if (host.isExecutable(full)) return full;
    }
  return undefined;
}

interface Candidate {
  readonly path: string;
  readonly source: string;
  readonly version?: number;
}

export interface VersionedTool {
  readonly path: string;
  readonly source: string;
  readonly version: number;
}

/**
 * An LLVM tool as Debian and LLVM's apt packages install it: `tool-N` on PATH and
 * /usr/lib/llvm-N/bin/tool, newest first (equal versions keep PATH order); existence not checked.
 */
export function versionedLlvmTools(host: ToolchainHost, tool: string): VersionedTool[] {
  const p = host.path;
  const out: VersionedTool[] = [];
  const escaped = tool.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const re =
    host.platform === 'win32' ? new RegExp(`^${escaped}-(\\d+)\\.exe$`, 'i') : new RegExp(`^${escaped}-(\\d+)$`);
  for (const dir of pathDirs(host))
    for (const name of host.listDir(dir)) {
      const m = re.exec(name);
      if (m) out.push({ path: p.join(dir, name), source: 'PATH', version: Number(m[1]) });
    }
  if (host.platform === 'linux')
    for (const name of host.listDir('/usr/lib')) {
      const m = /^llvm-(\d+)$/.exec(name);
      if (m) out.push({ path: `/usr/lib/${name}/bin/${tool}`, source: `/usr/lib/${name}`, version: Number(m[1]) });
    }
  return out
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c.version - a.c.version || a.i - b.i)
    .map((x) => x.c);
}

/** Visual Studio installations, newest first: <ProgramFiles>\Microsoft Visual Studio\<version>\<edition>. */
function visualStudioClangs(host: ToolchainHost, programFiles: readonly string[]): Candidate[] {
  const p = host.path;
  const out: Candidate[] = [];
  for (const base of programFiles) {
    const vsRoot = p.join(base, 'Microsoft Visual Studio');
    const versions = [...host.listDir(vsRoot)].filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const version of versions)
      for (const edition of host.listDir(p.join(vsRoot, version))) {
        const llvm = p.join(vsRoot, version, edition, 'VC', 'Tools', 'Llvm');
        for (const bin of [p.join(llvm, 'x64', 'bin'), p.join(llvm, 'bin')])
          out.push({ path: p.join(bin, 'clang.exe'), source: `Visual Studio ${version} ${edition}` });
      }
  }
  return out;
}

/** Every place clang may be, preferred first (existence not yet checked). */
export function clangCandidates(host: ToolchainHost, options: LocateOptions = {}): Candidate[] {
  const p = host.path;
  const list: Candidate[] = [...versionedLlvmTools(host, 'clang')];
  const onPath = resolveExecutable(host, 'clang');
  if (onPath) list.push({ path: onPath, source: 'PATH' });
  if (host.platform === 'win32') {
    for (const root of options.trustedWorkspaceRoots ?? [])
      list.push({
        path: p.join(root, 'packages', 'llvm.tools', 'clang.exe'),
        source: "eBPF for Windows' packages\\llvm.tools in the workspace",
      });
    const programFiles = [envVar(host, 'ProgramFiles'), envVar(host, 'ProgramFiles(x86)'), envVar(host, 'ProgramW6432')]
      .filter((d): d is string => !!d)
      .filter((d, i, all) => all.indexOf(d) === i);
    for (const base of programFiles)
      list.push({ path: p.join(base, 'LLVM', 'bin', 'clang.exe'), source: 'LLVM installer' });
    list.push(...visualStudioClangs(host, programFiles));
  }
  return list;
}

export function locateClang(options: LocateOptions, host: ToolchainHost): LocateResult {
  const configured = options.configuredPath?.trim();
  // An explicit setting is authoritative: silently using another clang would hide the mistake.
  if (configured) {
    const wanted = pathFromFileUri(configured, host);
    const found = resolveExecutable(host, wanted);
    if (found) return { kind: 'found', path: found, source: 'ebpf.clang.path' };
    return {
      kind: 'clang-not-found',
      tried: [wanted],
      message: `clang was not found at the configured path ebpf.clang.path = "${configured}".`,
      installAdvice: installAdvice(host.platform),
    };
  }
  const candidates = clangCandidates(host, options);
  for (const c of candidates)
    if (host.isExecutable(c.path)) {
      const source = c.version !== undefined ? `${c.source}, clang ${c.version}: the newest found` : c.source;
      return { kind: 'found', path: c.path, source };
    }
  const tried = candidates.length ? candidates.map((c) => c.path) : ['clang'];
  return {
    kind: 'clang-not-found',
    tried,
    message: `clang was not found (looked on PATH${host.platform === 'win32' ? ', in the LLVM and Visual Studio folders' : ''}); it is needed to compile eBPF C.`,
    installAdvice: installAdvice(host.platform),
  };
}
