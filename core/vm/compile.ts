// Predecoding: a Program's instructions become flat typed arrays indexed by pc (8-byte slot), so
// the interpreter's loop reads small integers instead of objects. lddw constants (including map
// and function references) are resolved here to their final 64-bit values.

import { LddwSource } from '../isa/instruction';
import type { Instruction } from '../isa/instruction';
import type { Program } from '../program/types';
import { VmError } from './errors';

/** A helper implementation, called with the machine; it reads r1..r5 and sets r0. */
export type HelperFn = (m: import('./interpreter').Machine) => void;

export interface CompiledCode {
  readonly program: Program;
  readonly slotCount: number;
  readonly op: Uint8Array;
  readonly dst: Uint8Array;
  readonly src: Uint8Array;
  readonly off: Int32Array;
  /** imm (lddw: low half of the resolved constant). */
  readonly imm: Int32Array;
  /** lddw: high half of the resolved constant. */
  readonly imm2: Int32Array;
  /** call (src=0) sites: the helper implementation, or undefined = unknown (faults when reached). */
  readonly helpers: (HelperFn | undefined)[];
  /** Index of this code among the execution's programs (tail-call targets refer to it). */
  readonly index: number;
}

export interface LddwResolver {
  /** The 64-bit value (as [lo, hi]) of an lddw with a pseudo source (map fd, map value, function). */
  resolve(insn: Instruction): [number, number];
}

export function compileProgram(
  program: Program,
  index: number,
  resolver: LddwResolver,
  helperFor: (id: number) => HelperFn | undefined,
): CompiledCode {
  const n = program.slotCount;
  const code: CompiledCode = {
    program,
    slotCount: n,
    op: new Uint8Array(n + 1),
    dst: new Uint8Array(n + 1),
    src: new Uint8Array(n + 1),
    off: new Int32Array(n + 1),
    imm: new Int32Array(n + 1),
    imm2: new Int32Array(n + 1),
    helpers: new Array<HelperFn | undefined>(n + 1).fill(undefined),
    index,
  };
  // Unused slots (an lddw's second half, and slot n one past the end) stay opcode 0, which is no
  // instruction: jumping there or falling off the end faults instead of reading garbage.
  for (const insn of program.instructions) {
    const pc = insn.pc;
    if (pc < 0 || pc >= n) throw new VmError(`instruction at pc ${pc} lies outside the program (${n} slots)`);
    code.op[pc] = insn.opcode;
    code.dst[pc] = insn.dst;
    code.src[pc] = insn.src;
    code.off[pc] = insn.offset;
    code.imm[pc] = insn.imm;
    if (insn.opcode === 0x18) {
      let lo: number;
      let hi: number;
      if (insn.src === LddwSource.IMM64) {
        const v = insn.imm64 ?? BigInt(insn.imm >>> 0);
        lo = Number(v & 0xffffffffn) | 0;
        hi = Number((v >> 32n) & 0xffffffffn) | 0;
      } else {
        [lo, hi] = resolver.resolve(insn);
      }
      code.imm[pc] = lo;
      code.imm2[pc] = hi;
    } else if (insn.opcode === 0x85 && insn.src === 0) {
      code.helpers[pc] = helperFor(insn.imm);
    }
  }
  return code;
}
