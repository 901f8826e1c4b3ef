// Which opcode / field combinations are valid instructions (RFC 9669 plus the legacy packet loads).

import { AluOp, InsnClass, JmpOp, MemMode, MemSize, Source } from './instruction';

const ATOMIC_IMMS = new Set([0x00, 0x01, 0x40, 0x41, 0x50, 0x51, 0xa0, 0xa1, 0xe1, 0xf1]);

function hex(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(2, '0');
}

function registerProblem(dst: number, src: number, srcIsRegister: boolean): string | undefined {
  if (dst > 10) return `invalid destination register r${dst}`;
  if (srcIsRegister && src > 10) return `invalid source register r${src}`;
  return undefined;
}

function aluProblem(opcode: number, dst: number, src: number, offset: number, imm: number): string | undefined {
  const is64 = (opcode & 0x07) === InsnClass.ALU64;
  const op = opcode & 0xf0;
  const fromReg = (opcode & Source.X) !== 0;
  if (op > AluOp.END) return `unknown opcode ${hex(opcode)}`;
  if (op === AluOp.END) {
    // 0xd4 le, 0xdc be, 0xd7 bswap; 0xdf is not an instruction.
    if (is64 && fromReg) return `unknown opcode ${hex(opcode)}`;
    if (imm !== 16 && imm !== 32 && imm !== 64) return `invalid byte swap width ${imm}`;
    if (src !== 0 || offset !== 0) return `byte swap ${hex(opcode)} uses reserved fields`;
    return registerProblem(dst, 0, false);
  }
  if (op === AluOp.NEG) {
    if (fromReg) return `unknown opcode ${hex(opcode)} (neg takes no source)`;
    if (src !== 0 || offset !== 0 || imm !== 0) return `neg ${hex(opcode)} uses reserved fields`;
    return registerProblem(dst, 0, false);
  }
  if (op === AluOp.MOV && offset !== 0) {
    const allowed = is64 ? [8, 16, 32] : [8, 16];
    if (!fromReg || !allowed.includes(offset)) return `invalid movsx offset ${offset} for opcode ${hex(opcode)}`;
  } else if (op === AluOp.DIV || op === AluOp.MOD) {
    if (offset !== 0 && offset !== 1) return `invalid division offset ${offset} for opcode ${hex(opcode)}`;
  } else if (offset !== 0) {
    return `ALU opcode ${hex(opcode)} uses the reserved offset field`;
  }
  if (fromReg && imm !== 0) return `ALU opcode ${hex(opcode)} with a register source uses the reserved imm field`;
  if (!fromReg && src !== 0) return `ALU opcode ${hex(opcode)} with an immediate source uses the reserved src field`;
  return registerProblem(dst, src, fromReg);
}

function jmpProblem(opcode: number, dst: number, src: number, offset: number, imm: number): string | undefined {
  const is32 = (opcode & 0x07) === InsnClass.JMP32;
  const op = opcode & 0xf0;
  const fromReg = (opcode & Source.X) !== 0;
  switch (op) {
    case JmpOp.JA:
      if (fromReg) return `unknown opcode ${hex(opcode)}`;
      if (is32) {
        if (offset !== 0 || dst !== 0 || src !== 0) return `gotol ${hex(opcode)} uses reserved fields`;
      } else if (imm !== 0 || dst !== 0 || src !== 0) {
        return `ja ${hex(opcode)} uses reserved fields`;
      }
      return undefined;
    case JmpOp.CALL:
      if (is32) return `unknown opcode ${hex(opcode)}`;
      if (fromReg) {
        // callx: target helper / function in dst (bpf_conformance's encoding).
        if (src !== 0 || offset !== 0 || imm !== 0) return `callx ${hex(opcode)} uses reserved fields`;
        return registerProblem(dst, 0, false);
      }
      if (src > 2) return `invalid call source ${src}`;
      if (dst !== 0 || offset !== 0) return `call uses reserved fields`;
      return undefined;
    case JmpOp.EXIT:
      if (is32 || fromReg) return `unknown opcode ${hex(opcode)}`;
      if (dst !== 0 || src !== 0 || offset !== 0 || imm !== 0) return `exit uses reserved fields`;
      return undefined;
    default:
      if (op > JmpOp.JSLE) return `unknown opcode ${hex(opcode)}`;
      if (fromReg && imm !== 0) return `jump ${hex(opcode)} with a register source uses the reserved imm field`;
      if (!fromReg && src !== 0) return `jump ${hex(opcode)} with an immediate source uses the reserved src field`;
      return registerProblem(dst, src, fromReg);
  }
}

function memProblem(opcode: number, dst: number, src: number, offset: number, imm: number): string | undefined {
  const cls = opcode & 0x07;
  const mode = opcode & 0xe0;
  const size = opcode & 0x18;
  switch (cls) {
    case InsnClass.LD:
      if (opcode === 0x18) {
        if (src > 6) return `invalid lddw source ${src}`;
        if (offset !== 0) return `lddw uses the reserved offset field`;
        return registerProblem(dst, 0, false);
      }
      if ((mode === MemMode.ABS || mode === MemMode.IND) && size !== MemSize.DW) {
        if (dst !== 0 || offset !== 0) return `legacy packet load ${hex(opcode)} uses reserved fields`;
        if (mode === MemMode.ABS && src !== 0) return `ld_abs ${hex(opcode)} uses the reserved src field`;
        return registerProblem(0, src, mode === MemMode.IND);
      }
      return `unknown opcode ${hex(opcode)}`;
    case InsnClass.LDX:
      if (mode === MemMode.MEM || (mode === MemMode.MEMSX && size !== MemSize.DW)) {
        if (imm !== 0) return `load ${hex(opcode)} uses the reserved imm field`;
        return registerProblem(dst, src, true);
      }
      return `unknown opcode ${hex(opcode)}`;
    case InsnClass.ST:
      if (mode === MemMode.MEM) {
        if (src !== 0) return `store ${hex(opcode)} uses the reserved src field`;
        return registerProblem(dst, 0, false);
      }
      return `unknown opcode ${hex(opcode)}`;
    case InsnClass.STX:
      if (mode === MemMode.MEM) {
        if (imm !== 0) return `store ${hex(opcode)} uses the reserved imm field`;
        return registerProblem(dst, src, true);
      }
      if (mode === MemMode.ATOMIC && (size === MemSize.W || size === MemSize.DW)) {
        if (!ATOMIC_IMMS.has(imm)) return `invalid atomic operation ${hex(imm)}`;
        return registerProblem(dst, src, true);
      }
      return `unknown opcode ${hex(opcode)}`;
    default:
      return `unknown opcode ${hex(opcode)}`;
  }
}

/** Undefined when the instruction is valid, else a short description of what is wrong (without location). */
export function describeInvalid(
  opcode: number,
  dst: number,
  src: number,
  offset: number,
  imm: number,
): string | undefined {
  switch (opcode & 0x07) {
    case InsnClass.ALU:
    case InsnClass.ALU64:
      return aluProblem(opcode, dst, src, offset, imm);
    case InsnClass.JMP:
    case InsnClass.JMP32:
      return jmpProblem(opcode, dst, src, offset, imm);
    default:
      return memProblem(opcode, dst, src, offset, imm);
  }
}
