// Which clang to run. Pure decision logic; the file-system probe is injected so the rules can be
// tested without touching PATH.

import type { ClangNotFound } from './types';

/** Names tried on PATH, newest packaged versions after the unversioned default. */
export const CLANG_CANDIDATES: readonly string[] = ['clang', 'clang-16', 'clang-15', 'clang-14'];

export interface LocateOptions {
  /**
   * A path the user configured (ebpf.clang.path). The client passes it only when the workspace is
   * trusted, because a workspace setting naming an executable is a code-execution vector.
   */
  readonly configuredPath?: string;
  /** Host OS (process.platform), used for the install advice and `.exe` lookup. */
  readonly hostPlatform: string;
}

/** Resolves a command name or path to an executable path, or undefined when there is none. */
export type ExecutableProbe = (nameOrPath: string) => string | undefined;

export type LocateResult = { readonly kind: 'found'; readonly path: string } | ClangNotFound;

export function installAdvice(hostPlatform: string): string {
  if (hostPlatform === 'win32')
    return 'Install LLVM (for example `winget install LLVM.LLVM`) and restart VS Code, or set ebpf.clang.path.';
  if (hostPlatform === 'darwin')
    return 'Install LLVM (for example `brew install llvm`) and set ebpf.clang.path to its clang.';
  return 'Install clang (for example `sudo apt-get install clang llvm`), or set ebpf.clang.path.';
}

export function locateClang(options: LocateOptions, probe: ExecutableProbe): LocateResult {
  const configured = options.configuredPath?.trim();
  // An explicit setting is authoritative: silently using another clang would hide the mistake.
  const candidates = configured ? [configured] : [...CLANG_CANDIDATES];
  for (const candidate of candidates) {
    const found = probe(candidate);
    if (found) return { kind: 'found', path: found };
  }
  const message = configured
    ? `clang was not found at the configured path ebpf.clang.path = "${configured}".`
    : `clang was not found on PATH (tried ${candidates.join(', ')}); it is needed to compile eBPF C.`;
  return { kind: 'clang-not-found', tried: candidates, message, installAdvice: installAdvice(options.hostPlatform) };
}
