// Verify, then translate: like bpf2c, nothing is generated when any selected program fails the
// verifier of its platform profile; the failures carry our diagnostics instead.

import type { Program } from '../program/types';
import { verifyProgram } from '../verifier/index';
import type { Diagnostic } from '../verifier/types';
import { generateC, NativeError, type ConvertSelection } from './generate';
import type { NativeOptions, NativeOutput } from './types';

export type ConvertResult =
  | { readonly ok: true; readonly output: NativeOutput; readonly programs: readonly Program[] }
  | {
      readonly ok: false;
      readonly failures: readonly { readonly program: Program; readonly diagnostics: readonly Diagnostic[] }[];
    };

export interface ConvertRequest extends NativeOptions, ConvertSelection {
  /** Only the programs of this ELF section (bpf2c converts every program of the object). */
  readonly section?: string;
  /** Skip verification (tests that feed the generator programs already proven elsewhere). */
  readonly skipVerification?: boolean;
}

export function convertObject(all: readonly Program[], request: ConvertRequest): ConvertResult {
  const programs = request.section === undefined ? all : all.filter((p) => p.section === request.section);
  if (programs.length === 0) {
    const list = all.map((p) => p.section).join(', ') || 'none';
    throw new NativeError(
      request.section === undefined
        ? `${request.fileName}: the object has no program`
        : `${request.fileName}: no program in section '${request.section}' (sections: ${list})`,
    );
  }
  if (!request.skipVerification) {
    const failures = programs
      .map((program) => ({ program, result: verifyProgram(program, { keepStates: false }) }))
      .filter((v) => v.result.verdict === 'fail')
      .map((v) => ({ program: v.program, diagnostics: v.result.diagnostics }));
    if (failures.length > 0) return { ok: false, failures };
  }
  return { ok: true, output: generateC(programs, request, request), programs };
}
