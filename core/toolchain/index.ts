// core/toolchain: find and run clang for BPF; parse what it says.
export * from './types';
export { parseClangDiagnostics, type ParsedClangDiagnostic } from './diagnosticsParser';
export {
  locateClang,
  clangCandidates,
  installAdvice,
  resolveExecutable,
  pathFromFileUri,
  type ToolchainHost,
  type LocateResult,
  type FoundClang,
} from './locate';
export { findWindowsHeaders, type HeaderChoice } from './windowsHeaders';
export {
  buildCompileArgs,
  platformFlags,
  BASE_FLAGS,
  DIAGNOSTIC_FLAGS,
  type TargetPlatform,
  type CompileArgsInput,
} from './args';
export {
  parseCompileCommands,
  findEntry,
  relevantFlags,
  splitCommandLine,
  CompileCommandsError,
  type CompileCommandEntry,
} from './compileCommands';
export {
  compileBuffer,
  stopAllCompiles,
  findClang,
  nodeHost,
  linuxArchIncludeDir,
  compileCommandFlagsFor,
  type CompileBufferRequest,
} from './compile';
export {
  screenClangFlags,
  describeRefused,
  type RefusedFlag,
  type ScreenedFlags,
  type FlagScreenOptions,
} from './flagPolicy';
