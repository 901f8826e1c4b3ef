// The clang command line for compiling one editor buffer to a BPF object. Pure.

/** Which target's headers and conventions to compile for (mirrors PlatformId). */
export type TargetPlatform = 'windows' | 'linux';

export interface CompileArgsInput {
  /** The temp copy of the buffer clang compiles (absolute). */
  readonly inputFile: string;
  readonly outputFile: string;
  /** The directory of the real document: `#include "x.h"` must resolve there. */
  readonly sourceDir: string;
  /** The directory holding inputFile, mapped back to sourceDir in debug info. */
  readonly tempDir: string;
  readonly platform: TargetPlatform;
  /** eBPF for Windows include folders (core/toolchain/windowsHeaders.ts chooses them). */
  readonly windowsIncludeDirs?: readonly string[];
  /** e.g. /usr/include/x86_64-linux-gnu, needed by <linux/bpf.h> for asm/types.h. */
  readonly linuxArchIncludeDir?: string;
  readonly includePaths: readonly string[];
  readonly extraArgs: readonly string[];
  /** Flags from a compile_commands.json entry (already filtered by relevantFlags). */
  readonly compileCommandFlags: readonly string[];
}

export const BASE_FLAGS: readonly string[] = ['-target', 'bpf', '-O2', '-g', '-c'];

/** Flags that make clang's stderr machine-readable for parseClangDiagnostics. */
export const DIAGNOSTIC_FLAGS: readonly string[] = [
  '-fno-color-diagnostics',
  '-fdiagnostics-parseable-fixits',
  '-fdiagnostics-print-source-range-info',
  '-fdiagnostics-absolute-paths',
  '-ferror-limit=50',
];

export function platformFlags(
  input: Pick<CompileArgsInput, 'platform' | 'windowsIncludeDirs' | 'linuxArchIncludeDir'>,
): string[] {
  if (input.platform === 'windows') {
    // eBPF for Windows headers include <stdint.h>; glibc's needs gnu/stubs-32.h under -target bpf.
    const flags = ['-ffreestanding'];
    for (const dir of input.windowsIncludeDirs ?? []) flags.push(`-I${dir}`);
    return flags;
  }
  return input.linuxArchIncludeDir ? [`-I${input.linuxArchIncludeDir}`] : [];
}

export function buildCompileArgs(input: CompileArgsInput): string[] {
  return [
    ...BASE_FLAGS,
    ...platformFlags(input),
    ...input.compileCommandFlags,
    // Joined: clang expands `@file` in every argument, so a separate value "@x" would be one.
    ...input.includePaths.filter((p) => !p.startsWith('@')).map((p) => `-I${p}`),
    // Quoted includes resolve next to the real file even though clang reads a temp copy.
    '-iquote',
    input.sourceDir,
    '-I',
    input.sourceDir,
    // BTF line info and DWARF then name the real file, not the temp copy.
    `-fdebug-prefix-map=${input.tempDir}=${input.sourceDir}`,
    ...DIAGNOSTIC_FLAGS,
    ...input.extraArgs,
    // Headers holding programs are compiled as C too (a .h would otherwise become a PCH).
    '-x',
    'c',
    input.inputFile,
    '-o',
    input.outputFile,
  ];
}
