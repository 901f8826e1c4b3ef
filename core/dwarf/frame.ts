// LLVM's BPF backend describes stack variables relative to the bottom of the function's frame
// (r10 - stack size), not to r10: `DW_OP_breg10 +48` (or `DW_OP_fbreg +48`) in a 56-byte frame is
// the program's `r10 - 8`. DWARF does not state the size; it is where LLVM put its lowest stack
// object: the deepest r10-relative access of the function, rounded up to 8. (Checked against
// clang 14 and 19 on the fixtures: variables then land on the stores that initialise them.)

import type { Program } from '../program/types';

const cache = new WeakMap<Program, Map<number, number>>();

/** The stack size LLVM gave the function holding `pc` (bytes, a multiple of 8). */
export function llvmFrameSize(program: Program, pc: number): number {
  let sizes = cache.get(program);
  if (!sizes) {
    sizes = new Map();
    cache.set(program, sizes);
  }
  const fn = program.functions.find((f) => pc >= f.startPc && pc < f.endPc);
  const key = fn?.startPc ?? -1;
  let size = sizes.get(key);
  if (size === undefined) {
    let deepest = 0;
    for (const insn of program.instructions) {
      if (fn && (insn.pc < fn.startPc || insn.pc >= fn.endPc)) continue;
      const cls = insn.opcode & 7;
      const base = cls === 1 ? insn.src : cls === 2 || cls === 3 ? insn.dst : -1;
      if (base === 10 && insn.offset < 0) deepest = Math.max(deepest, -insn.offset);
      // r = r10; r += -N: the address of a stack buffer.
      if (insn.opcode === 0x07 && insn.imm < 0 && insn.imm >= -512) deepest = Math.max(deepest, -insn.imm);
    }
    size = Math.ceil(deepest / 8) * 8;
    sizes.set(key, size);
  }
  return size;
}
