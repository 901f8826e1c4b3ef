// Instruction -> bytes, the inverse of decodeInstructions (RFC 9669 §3 layout, little-endian).

import { formatHex } from '../hex/index';
import { INSN_SIZE, type Instruction } from './instruction';

export class EncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncodeError';
  }
}

function checkField(name: string, value: number, min: number, max: number, insn: Instruction): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new EncodeError(`instruction at pc ${insn.pc}: ${name} ${value} is outside ${min}..${max}`);
  }
}

function writeWord(
  view: DataView,
  at: number,
  opcode: number,
  dst: number,
  src: number,
  offset: number,
  imm: number,
): void {
  view.setUint8(at, opcode);
  view.setUint8(at + 1, (src << 4) | dst);
  view.setInt16(at + 2, offset, true);
  view.setInt32(at + 4, imm, true);
}

/** Write one instruction (8 bytes, or 16 for lddw) into `view` at byte offset `at`. */
export function encodeInto(view: DataView, at: number, insn: Instruction): void {
  checkField('opcode', insn.opcode, 0, 0xff, insn);
  checkField('dst', insn.dst, 0, 15, insn);
  checkField('src', insn.src, 0, 15, insn);
  checkField('offset', insn.offset, -0x8000, 0x7fff, insn);
  if (insn.slots === 2) {
    if (insn.imm64 === undefined)
      throw new EncodeError(`instruction at pc ${insn.pc}: a two-slot instruction needs imm64`);
    const v = BigInt.asUintN(64, insn.imm64);
    const lo = Number(v & 0xffffffffn) | 0;
    const hi = Number(v >> 32n) | 0;
    writeWord(view, at, insn.opcode, insn.dst, insn.src, insn.offset, lo);
    writeWord(view, at + INSN_SIZE, 0, 0, 0, 0, hi);
    return;
  }
  checkField('imm', insn.imm, -0x80000000, 0x7fffffff, insn);
  writeWord(view, at, insn.opcode, insn.dst, insn.src, insn.offset, insn.imm);
}

/** One instruction as bytes: 8, or 16 for lddw. */
export function encodeInstruction(insn: Instruction): Uint8Array {
  const out = new Uint8Array(insn.slots * INSN_SIZE);
  encodeInto(new DataView(out.buffer), 0, insn);
  return out;
}

/** A sequence of instructions as one contiguous byte buffer (the order given; `pc` is not consulted). */
export function encodeProgram(insns: readonly Instruction[]): Uint8Array {
  const slots = insns.reduce((n, i) => n + i.slots, 0);
  const out = new Uint8Array(slots * INSN_SIZE);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const insn of insns) {
    encodeInto(view, at, insn);
    at += insn.slots * INSN_SIZE;
  }
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  return formatHex(bytes);
}
