// What the toolchain layer hands to its consumers (language server, CLI): structured clang
// findings and the outcome of one compile. No Node types here, so pure code can use them.

export type ClangSeverity = 'error' | 'fatal' | 'warning' | 'note' | 'remark';

/** A 1-based position in a file as clang prints it. */
export interface ClangPosition {
  readonly line: number;
  readonly column: number;
}

/** `-fdiagnostics-parseable-fixits`: replace [start, end) with text (end exclusive, 1-based). */
export interface ClangFixIt {
  readonly file: string;
  readonly start: ClangPosition;
  readonly end: ClangPosition;
  readonly text: string;
}

export interface ClangDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** From `-fdiagnostics-print-source-range-info`, when clang printed a range for the finding. */
  readonly range?: { readonly start: ClangPosition; readonly end: ClangPosition };
  readonly severity: ClangSeverity;
  readonly message: string;
  /** The warning flag in brackets, e.g. `-Wint-conversion`. */
  readonly flag?: string;
  readonly fixIts: readonly ClangFixIt[];
  /** Notes clang attached to this finding ("previous declaration is here", include stack). */
  readonly notes: readonly ClangDiagnostic[];
}

/** Why clang could not be used at all; carries advice a person can act on. */
export interface ClangNotFound {
  readonly kind: 'clang-not-found';
  /** Every path or command name that was tried, in order. */
  readonly tried: readonly string[];
  readonly message: string;
  readonly installAdvice: string;
}

/** A flag from workspace content that was not passed to clang (core/toolchain/flagPolicy.ts). */
export interface RefusedClangFlag {
  readonly flag: string;
  readonly origin: string;
  readonly reason: string;
}

/** The eBPF for Windows headers a compile used, and where they come from. */
export interface HeaderSource {
  readonly includeDirs: readonly string[];
  readonly source: string;
}

export interface CompileSuccess {
  readonly kind: 'compiled';
  readonly clangPath: string;
  /** How clangPath was found ("ebpf.clang.path", "PATH, clang 19: the newest found", ...). */
  readonly clangSource: string;
  /** For the windows target: the headers used. */
  readonly headers: HeaderSource | undefined;
  readonly args: readonly string[];
  /** Flags from settings or compile_commands.json that were refused; each deserves a message. */
  readonly refusedFlags: readonly RefusedClangFlag[];
  readonly object: Uint8Array;
  /** Warnings (and their notes) clang printed while still producing an object. */
  readonly diagnostics: readonly ClangDiagnostic[];
  readonly milliseconds: number;
}

export interface CompileFailure {
  readonly kind: 'failed';
  readonly clangPath: string;
  readonly clangSource: string;
  readonly headers: HeaderSource | undefined;
  readonly args: readonly string[];
  readonly refusedFlags: readonly RefusedClangFlag[];
  readonly diagnostics: readonly ClangDiagnostic[];
  /** clang's stderr verbatim, for lines the parser did not recognise (linker-ish or crash output). */
  readonly stderr: string;
  readonly exitCode: number | null;
  /** The signal that killed clang (e.g. SIGSEGV, SIGKILL), when one did; exitCode is null then. */
  readonly exitSignal?: string;
  readonly milliseconds: number;
}

export interface CompileCancelled {
  readonly kind: 'cancelled';
}

export type CompileOutcome = CompileSuccess | CompileFailure | CompileCancelled | ClangNotFound;
