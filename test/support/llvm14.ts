// Where our llvm-syntax text deliberately differs from what llvm-objdump 14 prints (LLVM 14 drops
// information there; the full table is in core/isa/disassemble.ts). Tests compare every other
// instruction's text exactly.
import { AtomicOp, CallSource, MemMode, type Instruction } from '../../core/isa/instruction';

/**
 * Instructions where we deliberately print something other than LLVM 14 (which drops information
 * there); see the table in core/isa/disassemble.ts. Undefined when our text must equal objdump's.
 */
export function llvm14Divergence(insn: Instruction): string | undefined {
  const op = insn.opcode & 0xf0;
  const cls = insn.opcode & 0x07;
  const isAlu = cls === 0x04 || cls === 0x07;
  if (isAlu && (op === 0x30 || op === 0x90) && insn.offset === 1)
    return 'signed division/modulo (LLVM 14 ignores the offset)';
  if (isAlu && op === 0xb0 && insn.offset !== 0) return 'movsx (LLVM 14 ignores the offset)';
  if (insn.opcode === 0x8d) return 'callx (LLVM 14 prints the imm as register)';
  if (insn.opcode === 0x85 && insn.src === CallSource.LOCAL) return 'local call printed as call pc+N';
  if (insn.opcode === 0x85 && insn.src === CallSource.KFUNC) return 'kfunc call printed as call kfunc N';
  if (insn.opcode === 0xc3 && insn.imm === (AtomicOp.ADD | AtomicOp.FETCH))
    return '32-bit fetch add (LLVM 14 drops the fetch)';
  if ((insn.opcode & 0xe7) === (MemMode.IND | 0x00) && insn.imm !== 0) return 'ld_ind with an imm (LLVM 14 drops it)';
  if (insn.opcode === 0x18 && insn.src !== 0 && (insn.imm64 ?? 0n) >> 32n !== 0n) return 'ld_pseudo with a high half';
  return undefined;
}
