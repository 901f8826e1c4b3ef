// Predecoding: a Program's instructions become one record per pc (8-byte slot) with every field
// defined and register numbers checked, so the interpreter's loop makes one bounds check per
// instruction and then reads plain fields. lddw constants (including map and function
// references) are resolved here to their final 64-bit values.

import { LddwSource } from '../isa/instruction';
import type { Instruction } from '../isa/instruction';
import type { Program } from '../program/types';
import { VmError } from './errors';
import { isRegIndex, type RegIndex } from './registers';

/** A helper implementation, called with the machine; it reads r1..r5 and sets r0. */
export type HelperFn = (m: import('./interpreter').Machine) => void;

export interface CompiledCode {
  readonly program: Program;
  readonly slotCount: number;
  /** slotCount + 1 records: slot n (one past the end) is an empty slot, so falling off the end faults. */
  readonly insns: readonly DecodedInsn[];
  /** call (src=0) sites: the helper implementation, or undefined = unknown (faults when reached). */
  readonly helpers: (HelperFn | undefined)[];
  /** Index of this code among the execution's programs (tail-call targets refer to it). */
  readonly index: number;
}

/** One instruction slot, decoded. */
export interface DecodedInsn {
  /** Opcode; 0 (no instruction) for an lddw's second half and the slot one past the end. */
  readonly op: number;
  readonly dst: RegIndex;
  /** Source register, or the pseudo source of lddw and call (all below 11). */
  readonly src: RegIndex;
  readonly off: number;
  /** imm (lddw: low half of the resolved constant). */
  readonly imm: number;
  /** lddw: high half of the resolved constant. */
  readonly imm2: number;
}

// One factory, so every record has the same shape (the interpreter's field reads stay monomorphic).
function decoded(op: number, dst: RegIndex, src: RegIndex, off: number, imm: number, imm2: number): DecodedInsn {
  return { op, dst, src, off, imm, imm2 };
}

/** The record of a slot that starts no instruction (also what a pc past the end reads as). */
export const NO_INSTRUCTION = decoded(0, 0, 0, 0, 0, 0);

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
  const insns = new Array<DecodedInsn>(n + 1).fill(NO_INSTRUCTION);
  const helpers = new Array<HelperFn | undefined>(n + 1).fill(undefined);
  // Unused slots (an lddw's second half, and slot n one past the end) stay opcode 0, which is no
  // instruction: jumping there or falling off the end faults instead of reading garbage.
  for (const insn of program.instructions) {
    const pc = insn.pc;
    if (pc < 0 || pc >= n) throw new VmError(`instruction at pc ${pc} lies outside the program (${n} slots)`);
    const dst = insn.dst;
    const src = insn.src;
    if (!isRegIndex(dst) || !isRegIndex(src))
      throw new VmError(`instruction at pc ${pc} names register r${isRegIndex(dst) ? src : dst} (r0..r10)`);
    let imm = insn.imm;
    let imm2 = 0;
    if (insn.opcode === 0x18) {
      if (insn.src === LddwSource.IMM64) {
        const v = insn.imm64 ?? BigInt(insn.imm >>> 0);
        imm = Number(v & 0xffffffffn) | 0;
        imm2 = Number((v >> 32n) & 0xffffffffn) | 0;
      } else {
        [imm, imm2] = resolver.resolve(insn);
      }
    } else if (insn.opcode === 0x85 && insn.src === 0) {
      helpers[pc] = helperFor(insn.imm);
    }
    insns[pc] = decoded(insn.opcode, dst, src, insn.offset, imm, imm2);
  }
  return { program, slotCount: n, insns, helpers, index };
}
