// The eBPF extensions to LSP, declared once and shared by client/ and server/ (the rust-analyzer
// lsp_ext pattern). Every custom method is namespaced `ebpf/`. Documented in docs/protocol.md;
// change both together.
//
// Each message is a `RequestType`/`NotificationType` of vscode-languageserver-protocol, so the
// server's `connection.onRequest(type, handler)` and the client's `ebpfServer(ctx).request(type,
// params)` are typed on both sides. The classes are vscode-jsonrpc's (vscode-languageserver-protocol
// re-exports them); they are imported from their defining module because the protocol package's
// entry pulls in the whole LSP model, which would land in the extension host's eager bundle. The
// eager client bundle and the lazily loaded language client each carry their own copy of that
// module, and jsonrpc compares `parameterStructures` by identity, so the lazy client sends by
// `type.method` (client/lazy/languageClient.ts).
import { NotificationType, RequestType } from 'vscode-jsonrpc/lib/common/messages';

import type { AddressResolution } from '../core/native/addr/resolve';

export { NotificationType, RequestType };
export type { AddressResolution };

export interface TextDocumentRef {
  readonly uri: string;
}

export type PlatformSetting = 'auto' | 'windows' | 'linux';

/**
 * Settings the client sends in initializationOptions and in workspace/didChangeConfiguration
 * (`{ settings: { ebpf: ServerSettings } }`). The client computes them: clangPath, includePaths and
 * extraArgs are present only when the workspace is trusted, so an untrusted folder never chooses
 * what clang runs or reads.
 */
export interface ServerSettings {
  /**
   * False in a Restricted Mode window: the server then ignores clangPath, includePaths and
   * extraArgs (docs/security.md). Absent: the editor that started the server owns trust (stdio).
   */
  readonly workspaceTrusted?: boolean;
  readonly clangPath?: string;
  /** ebpf.windows.includePath: eBPF for Windows headers to compile against (trusted workspaces only). */
  readonly windowsIncludePath?: string;
  readonly includePaths?: readonly string[];
  readonly extraArgs?: readonly string[];
  readonly platform?: PlatformSetting;
  readonly debounceMs?: number;
  /** `ebpf.programTypes`: section glob → program type, as the user's loader sets them. */
  readonly programTypes?: Readonly<Record<string, string>>;
  /** `ebpf.linux.unprivileged`: the Linux loader has no root, so pointer leaks are errors. */
  readonly linuxUnprivileged?: boolean;
  /** The extension's install folder: include/ (Windows headers) and docs/ live there. */
  readonly extensionPath?: string;
  /** The client can debug and run programs (an `ebpf` debugger is contributed): offer those lenses. */
  readonly debugAdapter?: boolean;
}

export interface PlatformInfo {
  readonly id: 'windows' | 'linux';
  readonly displayName: string;
  /** Why this platform: "setting ebpf.platform", "object has a .ebpf_for_windows section"... */
  readonly reason: string;
  readonly source: 'setting' | 'detected';
}

export type CompileStatus = 'compiled' | 'failed' | 'clang-not-found' | 'not-analysed';

export interface ProgramInfo {
  readonly name: string;
  readonly section: string;
  readonly programType: string | undefined;
  readonly instructionCount: number;
  readonly verdict: 'pass' | 'fail' | 'not-verified';
  readonly errorCount: number;
  readonly warningCount: number;
  /** 0-based line of the program's SEC(...) in the document, when found. */
  readonly line: number | undefined;
}

export interface ProgramInfoResult {
  readonly uri: string;
  /** The document version these facts are about. */
  readonly version: number;
  readonly platform: PlatformInfo;
  readonly compile: {
    readonly status: CompileStatus;
    readonly milliseconds?: number;
    readonly clangPath?: string;
    readonly message?: string;
  };
  readonly programs: readonly ProgramInfo[];
}

export interface DisassemblyParams {
  readonly textDocument: TextDocumentRef;
  /** Restrict to one program (by function name); all programs when absent. */
  readonly program?: string;
}

export interface DisassemblyResult {
  readonly version: number;
  /** eBPF assembly with `; file:line  source` comment lines interleaved, one block per program. */
  readonly text: string;
  /** For each line of `text` (0-based index), the 0-based C line it belongs to, or -1. */
  readonly sourceLineOf: readonly number[];
  /** When the document could not be compiled or loaded: why (text then explains it too). */
  readonly error?: string;
}

export interface VerificationReportResult {
  readonly version: number;
  /** A plain-text report: per program, verdict, every diagnostic with its condition and state. */
  readonly text: string;
}

/** Which clang compiled the document and, for eBPF for Windows, which headers; and how each was chosen. */
export interface ToolchainInfo {
  readonly clang: string;
  /** "ebpf.clang.path", "PATH, clang 19: the newest found", "LLVM installer", ... */
  readonly clangSource: string;
  readonly headers?: string;
  /** "NuGet package eBPF-for-Windows.x64.0.21.0 in the workspace", "the extension's bundled headers", ... */
  readonly headersSource?: string;
}

export interface DidAnalyzeParams {
  readonly uri: string;
  /** Absent when clang was not run (not found, cancelled). */
  readonly toolchain?: ToolchainInfo;
  readonly version: number;
  readonly platform: PlatformInfo;
  readonly programs: number;
  readonly errors: number;
  /** Wall time from the debounced start to diagnostics published. */
  readonly milliseconds: number;
}

/** Program facts for code lenses, the status bar and the programs view. */
export const programInfo = new RequestType<{ readonly textDocument: TextDocumentRef }, ProgramInfoResult | null, void>(
  'ebpf/programInfo',
);
/** eBPF assembly of the document's programs, source interleaved. */
export const disassembly = new RequestType<DisassemblyParams, DisassemblyResult | null, void>('ebpf/disassembly');
/** The verifier's full report for the document. */
export const verificationReport = new RequestType<
  { readonly textDocument: TextDocumentRef },
  VerificationReportResult | null,
  void
>('ebpf/verificationReport');
/** The document's verified programs as C in bpf2c's shape (eBPF: Convert to Native). */
export interface NativeConversionResult {
  readonly version: number;
  /** The generated C, or comment lines explaining why there is none. */
  readonly text: string;
  /** For each line of `text` (0-based), the 0-based line of the document it comes from, or -1. */
  readonly sourceLineOf: readonly number[];
  /** For each line of `text`, the instruction pc it implements, or -1. */
  readonly pcOf: readonly number[];
  /** Source map v3 (JSON) for `text`, when C was generated. */
  readonly sourceMap?: string;
  /** Why no C was generated (compile, load or verification failure). */
  readonly error?: string;
}
export const convertToNative = new RequestType<
  { readonly textDocument: TextDocumentRef },
  NativeConversionResult | null,
  void
>('ebpf/convertToNative');
/** eBPF: Resolve Native Address…: native addresses or a pasted stack, back to eBPF programs. */
export interface ResolveNativeAddressParams {
  /** The eBPF C document whose programs the image was generated from (its current analysis). */
  readonly textDocument?: TextDocumentRef;
  /** The native image: the Linux runner, or a driver (.sys) with its PDB. */
  readonly image: string;
  /** Addresses (0x2811, MODULE+0xOFF, MODULE!SYMBOL+0xOFF, separated by spaces) or a pasted stack trace. */
  readonly text: string;
  /** The image's load base (hex), for run-time addresses. */
  readonly base?: string;
}

export interface ResolveNativeAddressResult {
  /** One per frame or address, in order (core/native/addr). */
  readonly results: readonly AddressResolution[];
  /** Each result as text lines, for the output channel. */
  readonly text: readonly string[];
  /** The llvm-symbolizer used. */
  readonly symbolizer?: string;
  /** Why nothing was resolved (no symbolizer, bad input, no image), when so. */
  readonly error?: string;
  /** A note that does not stop the resolution (the document's programs could not be matched). */
  readonly warning?: string;
}

export const resolveNativeAddress = new RequestType<ResolveNativeAddressParams, ResolveNativeAddressResult, void>(
  'ebpf/resolveNativeAddress',
);
/** Which platform a document is analysed for, and why. */
export const platform = new RequestType<{ readonly textDocument: TextDocumentRef }, PlatformInfo | null, void>(
  'ebpf/platform',
);
/** Server → client: a document's analysis finished and its diagnostics were published. */
export const didAnalyze = new NotificationType<DidAnalyzeParams>('ebpf/didAnalyze');

/** Command ids the server puts into code lenses and code actions; the client implements them. */
export const Commands = {
  showDisassembly: 'ebpf.showDisassembly',
  verify: 'ebpf.verify',
  selectPlatform: 'ebpf.selectPlatform',
  addClangArg: 'ebpf.addClangArg',
  debugProgram: 'ebpf.debugProgram',
  runOnPacket: 'ebpf.runOnPacket',
} as const;
