// The pipeline for one document version: compile the buffer with clang, load the object, verify
// every program. Results are cached per (uri, version, settings generation); a newer run aborts
// an older one through its AbortSignal.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompileOutcome } from '../core/toolchain/types';
import type { Program } from '../core/program/types';
import type { PlatformProfile } from '../core/platform/types';
import type { Diagnostic, StateSummary, VerificationResult } from '../core/verifier/types';
import type { VerifiedObject, VerifyRequest } from './verifyWorker';
import { guessPlatform, type PlatformGuess } from './platformChoice';
import type { EffectiveSettings } from './settings';
import type { PlatformInfo } from '../common/protocol';

/** The engine operations the pipeline needs; server/engine.ts binds them to core/. */
export interface Engine {
  compile(req: {
    source: string;
    filePath: string;
    platform: 'windows' | 'linux';
    settings: EffectiveSettings;
    workspaceRoot: string | undefined;
    signal: AbortSignal;
  }): Promise<CompileOutcome>;
  /** Throws (an Error naming the place) for objects it cannot read. */
  load(
    object: Uint8Array,
    opts: {
      platform: PlatformGuess;
      sourceText: string;
      fileName: string;
      /** `ebpf.programTypes`: section glob → type. */
      programTypes: Readonly<Record<string, string>>;
    },
  ): {
    programs: readonly Program[];
    /** Programs the loader could not link (each an error of its own). */
    failedPrograms?: readonly FailedProgramInfo[];
    platform: PlatformProfile;
    platformReason: string;
  };
  /** Load and verify the object (in the verification thread); undefined when `signal` aborted first. */
  verify(request: VerifyRequest, signal: AbortSignal): Promise<VerifiedObject | undefined>;
  displayName(id: 'windows' | 'linux'): string;
  profile(id: 'windows' | 'linux'): PlatformProfile;
}

export interface FailedProgramInfo {
  readonly section: string;
  readonly name: string;
  readonly error: string;
}

export interface DocumentSnapshot {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
}

/** A program's verification, as the server keeps it (the full result stays in the verifying thread). */
export interface ProgramVerdict {
  readonly verdict: 'pass' | 'fail';
  readonly diagnostics: readonly Diagnostic[];
  readonly stats: VerificationResult['stats'];
  /** The abstract state before `pc` (asked of the thread that verified). */
  stateAt(pc: number): Promise<StateSummary | undefined>;
}

export interface AnalysedProgram {
  readonly program: Program;
  readonly result: ProgramVerdict | undefined;
  /** The verifier threw: a bug or a limit; reported as a diagnostic rather than crashing. */
  readonly verifyError: string | undefined;
}

export interface Analysis {
  readonly uri: string;
  readonly version: number;
  readonly filePath: string;
  readonly text: string;
  readonly platform: PlatformInfo;
  readonly profile: PlatformProfile | undefined;
  readonly compile: CompileOutcome;
  readonly programs: readonly AnalysedProgram[];
  /** The loader rejected the object (malformed ELF/BTF...). */
  readonly loadError: string | undefined;
  /** Programs of the object that could not be linked; the others were analysed. */
  readonly failedPrograms?: readonly FailedProgramInfo[];
  readonly timings: {
    readonly compileMs: number;
    readonly loadMs: number;
    readonly verifyMs: number;
    readonly totalMs: number;
  };
}

/** Maps a document URI to a file path clang can be given (untitled buffers get a temp-like name). */
export function filePathOf(uri: string, workspaceRoot: string | undefined): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      // fall through: a malformed file URI is treated like an untitled one
    }
  }
  const name = (uri.split(/[/:]/).pop() || 'untitled').replace(/[^\w.-]/g, '_');
  return path.join(workspaceRoot ?? process.cwd(), name.endsWith('.c') ? name : `${name}.c`);
}

export async function analyse(
  engine: Engine,
  doc: DocumentSnapshot,
  settings: EffectiveSettings,
  workspaceRoot: string | undefined,
  signal: AbortSignal,
): Promise<Analysis | undefined> {
  const started = Date.now();
  const filePath = filePathOf(doc.uri, workspaceRoot);
  const guess = guessPlatform(doc.text, settings.platform);
  const compile = await engine.compile({
    source: doc.text,
    filePath,
    platform: guess.id,
    settings,
    workspaceRoot,
    signal,
  });
  if (compile.kind === 'cancelled' || signal.aborted) return undefined;
  const compileMs = Date.now() - started;

  let platform: PlatformInfo = {
    id: guess.id,
    displayName: engine.displayName(guess.id),
    reason: guess.reason,
    source: guess.source,
  };
  let profile: PlatformProfile | undefined;
  let programs: AnalysedProgram[] = [];
  let loadError: string | undefined;
  let failedPrograms: readonly FailedProgramInfo[] = [];
  let loadMs = 0;
  let verifyMs = 0;
  if (compile.kind === 'compiled') {
    const loadStart = Date.now();
    try {
      const loaded = engine.load(compile.object, {
        platform: guess,
        sourceText: doc.text,
        fileName: filePath,
        programTypes: settings.programTypes,
      });
      profile = loaded.platform;
      failedPrograms = loaded.failedPrograms ?? [];
      programs = loaded.programs.map((program) => ({ program, result: undefined, verifyError: undefined }));
      if (guess.source !== 'setting')
        platform = {
          id: loaded.platform.id,
          displayName: loaded.platform.displayName,
          reason: loaded.platformReason,
          source: 'detected',
        };
      loadMs = Date.now() - loadStart;
    } catch (e) {
      loadError = e instanceof Error ? e.message : String(e);
      loadMs = Date.now() - loadStart;
    }
    if (loadError === undefined) {
      // The main thread keeps the Programs (positions, hover, disassembly); the verification thread
      // loads the same bytes the same way and verifies them, so requests are served meanwhile.
      const verifyStart = Date.now();
      const request = {
        object: compile.object,
        platform: guess.source === 'setting' ? guess.id : ('auto' as const),
        sourceText: doc.text,
        fileName: filePath,
        programTypes: settings.programTypes,
        linuxUnprivileged: settings.linuxUnprivileged,
      };
      let verified: VerifiedObject | undefined;
      let failure: string | undefined;
      try {
        verified = await engine.verify(request, signal);
        if (!verified) return undefined;
      } catch (e) {
        failure = e instanceof Error ? e.message : String(e);
      }
      if (signal.aborted) return undefined;
      const loadedPrograms = programs;
      programs = loadedPrograms.map(({ program }, i): AnalysedProgram => {
        const v = verified?.programs[i];
        if (!v || !verified) return { program, result: undefined, verifyError: failure ?? 'not verified' };
        if (!v.ok) return { program, result: undefined, verifyError: v.error };
        const from = verified;
        return {
          program,
          result: {
            verdict: v.verdict,
            diagnostics: v.diagnostics,
            stats: v.stats,
            stateAt: (pc) => from.stateAt(i, pc),
          },
          verifyError: undefined,
        };
      });
      verifyMs = Date.now() - verifyStart;
    }
  }
  return {
    uri: doc.uri,
    version: doc.version,
    filePath,
    text: doc.text,
    platform,
    profile,
    compile,
    programs,
    loadError,
    failedPrograms,
    timings: { compileMs, loadMs, verifyMs, totalMs: Date.now() - started },
  };
}
