// The eBPF extensions to LSP, declared once and shared by client/ and server/ (the rust-analyzer
// lsp_ext pattern). Every custom method is namespaced `ebpf/`. Documented in docs/protocol.md;
// change both together.
//
// Deliberately free of vscode-jsonrpc imports: client and server bundle different jsonrpc
// versions, so a message type object created by one is not safely understood by the other.
// Each declaration carries its method name and, as phantom types, its params and result.

export interface RequestDef<P, R> {
  readonly kind: 'request';
  readonly method: string;
  /** Phantom: never set; lets helpers infer P and R. */
  readonly _types?: [P, R];
}
export interface NotificationDef<P> {
  readonly kind: 'notification';
  readonly method: string;
  readonly _types?: [P];
}
function request<P, R>(method: string): RequestDef<P, R> {
  return { kind: 'request', method };
}
function notification<P>(method: string): NotificationDef<P> {
  return { kind: 'notification', method };
}

export interface TextDocumentRef {
  readonly uri: string;
}

export type PlatformSetting = 'auto' | 'windows' | 'linux';

/**
 * Settings the client sends in initializationOptions and in workspace/didChangeConfiguration
 * (`{ settings: { ebpf: ServerSettings } }`). The client computes them: clangPath is present only
 * when the workspace is trusted, so the server never runs an executable an untrusted folder named.
 */
export interface ServerSettings {
  readonly clangPath?: string;
  readonly includePaths?: readonly string[];
  readonly extraArgs?: readonly string[];
  readonly platform?: PlatformSetting;
  readonly debounceMs?: number;
  /** `ebpf.programTypes`: section glob → program type, as the user's loader sets them. */
  readonly programTypes?: Readonly<Record<string, string>>;
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

export interface DidAnalyzeParams {
  readonly uri: string;
  readonly version: number;
  readonly platform: PlatformInfo;
  readonly programs: number;
  readonly errors: number;
  /** Wall time from the debounced start to diagnostics published. */
  readonly milliseconds: number;
}

/** Program facts for code lenses, the status bar and the programs view. */
export const programInfo = request<{ readonly textDocument: TextDocumentRef }, ProgramInfoResult | null>(
  'ebpf/programInfo',
);
/** eBPF assembly of the document's programs, source interleaved. */
export const disassembly = request<DisassemblyParams, DisassemblyResult | null>('ebpf/disassembly');
/** The verifier's full report for the document. */
export const verificationReport = request<{ readonly textDocument: TextDocumentRef }, VerificationReportResult | null>(
  'ebpf/verificationReport',
);
/** Which platform a document is analysed for, and why. */
export const platform = request<{ readonly textDocument: TextDocumentRef }, PlatformInfo | null>('ebpf/platform');
/** Server → client: a document's analysis finished and its diagnostics were published. */
export const didAnalyze = notification<DidAnalyzeParams>('ebpf/didAnalyze');

/** Command ids the server puts into code lenses and code actions; the client implements them. */
export const Commands = {
  showDisassembly: 'ebpf.showDisassembly',
  verify: 'ebpf.verify',
  selectPlatform: 'ebpf.selectPlatform',
  addClangArg: 'ebpf.addClangArg',
  debugProgram: 'ebpf.debugProgram',
  runOnPacket: 'ebpf.runOnPacket',
} as const;
