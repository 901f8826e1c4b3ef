// eBPF terms <-> the driver's terms: a C-line breakpoint becomes a kd source-line breakpoint on the
// driver module when an instruction of a program carries that line (the generator's `#line`
// directives put the same lines into the driver's PDB); kd's stack frames become eBPF frames
// (program, bpf-to-bpf callee, C line, instructions); the generated function's locals r0..r10 are
// the eBPF registers. Pure.

import type { Program } from '../../core/program/types';
import { generatedFunctions, pcsAtLine, type GeneratedFunction } from '../../core/native/addr/generated';
import { resolveAddresses, type AddressResolution } from '../../core/native/addr/resolve';
import type { AddressFrame } from '../../core/native/addr/query';
import type { NativeOutput } from '../../core/native/types';
import { breakpointCommand } from './commands';
import type { KdLocal } from './parse';

export interface Translator {
  readonly functions: readonly GeneratedFunction[];
  readonly programs: readonly Program[];
  readonly output: NativeOutput;
  readonly module: string;
}

export function translator(programs: readonly Program[], output: NativeOutput, module: string): Translator {
  return { functions: generatedFunctions(output, programs), programs, output, module };
}

export type LineBreakpoint =
  | {
      readonly verified: true;
      readonly command: string;
      readonly pcs: readonly number[];
      readonly programs: readonly string[];
    }
  | { readonly verified: false; readonly message: string };

/** The kd command for a breakpoint on file:line, or why there is none. */
export function lineBreakpoint(t: Translator, id: number, file: string, line: number): LineBreakpoint {
  const hits = t.functions.map((fn) => ({ fn, pcs: pcsAtLine(fn, file, line) })).filter((h) => h.pcs.length > 0);
  if (hits.length === 0)
    return { verified: false, message: `no eBPF instruction of the driver's programs is on line ${line}` };
  return {
    verified: true,
    command: breakpointCommand(id, t.module, file, line),
    pcs: [...new Set(hits.flatMap((h) => h.pcs))].sort((a, b) => a - b),
    programs: [...new Set(hits.map((h) => h.fn.program.name))],
  };
}

/** kd's frames in eBPF terms; frames without a source line stay native (kd printed no line). */
export function ebpfFrames(t: Translator, frames: readonly AddressFrame[]): AddressResolution[] {
  return resolveAddresses({
    frames,
    imageModule: t.module,
    generated: { programs: t.programs, output: t.output },
    symbolize: (inputs) => inputs.map(() => ({ ok: false, message: 'kd printed no source line for this frame' })),
  });
}

export interface EbpfRegister {
  readonly name: string;
  readonly value: bigint | undefined;
  /** kd's text when the value is not a number (`<value unavailable>` in optimised code). */
  readonly text: string;
}

/** r0..r10 from the generated function's locals (absent ones: the function does not use them). */
export function registersFromLocals(locals: readonly KdLocal[]): EbpfRegister[] {
  const out: EbpfRegister[] = [];
  for (let n = 0; n <= 10; n++) {
    const local = locals.find((l) => l.name === `r${n}`);
    if (local) out.push({ name: `r${n}`, value: local.value, text: local.text });
  }
  return out;
}

/** A register value as the interpreter session shows it: hex, with the decimal for small values. */
export function formatRegister(r: EbpfRegister): string {
  if (r.value === undefined) return r.text;
  const u = BigInt.asUintN(64, r.value);
  const hex = `0x${u.toString(16)}`;
  return u < 0x10000n ? `${hex} (${u})` : hex;
}
