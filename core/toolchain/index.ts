// core/toolchain: find and run clang for BPF; parse what it says.
export * from './types';
export { parseClangDiagnostics, type ParsedClangDiagnostic } from './diagnosticsParser';
export { locateClang, installAdvice, CLANG_CANDIDATES, type ExecutableProbe, type LocateResult } from './locate';
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
  findClang,
  nodeExecutableProbe,
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
