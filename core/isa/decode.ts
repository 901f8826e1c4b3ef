// Bytes -> Instruction[]. Validates every opcode against RFC 9669 (plus the legacy packet loads)
// so that no consumer ever sees an instruction it cannot interpret.

import { parseHex } from '../hex/index';
import { INSN_SIZE, type Instruction } from './instruction';
import { describeInvalid } from './opcodes';

export class DecodeError extends Error {
  constructor(
    message: string,
    /** Byte offset of the offending instruction within the decoded buffer. */
    readonly byteOffset: number,
  ) {
    super(message);
    this.name = 'DecodeError';
  }
}

function readWord(
  view: DataView,
  at: number,
): { opcode: number; dst: number; src: number; offset: number; imm: number } {
  const regs = view.getUint8(at + 1);
  return {
    opcode: view.getUint8(at),
    dst: regs & 0x0f,
    src: regs >> 4,
    offset: view.getInt16(at + 2, true),
    imm: view.getInt32(at + 4, true),
  };
}

/**
 * Decode a sequence of instructions. `bytes.length` must be a multiple of 8.
 * Throws DecodeError naming the byte offset on a malformed or unknown instruction.
 */
export function decodeInstructions(bytes: Uint8Array, options: { validate?: boolean } = {}): Instruction[] {
  const validate = options.validate ?? true;
  if (bytes.length % INSN_SIZE !== 0) {
    throw new DecodeError(
      `code size ${bytes.length} is not a multiple of ${INSN_SIZE}`,
      bytes.length - (bytes.length % INSN_SIZE),
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Instruction[] = [];
  const slotCount = bytes.length / INSN_SIZE;
  for (let pc = 0; pc < slotCount; pc++) {
    const at = pc * INSN_SIZE;
    const w = readWord(view, at);
    if (w.opcode === 0x18) {
      if (pc + 1 >= slotCount) {
        throw new DecodeError(`incomplete lddw at offset ${at}: the second half is missing`, at);
      }
      const hi = readWord(view, at + INSN_SIZE);
      if (validate && (hi.opcode !== 0 || hi.dst !== 0 || hi.src !== 0 || hi.offset !== 0)) {
        throw new DecodeError(`invalid lddw second half at offset ${at + INSN_SIZE}`, at + INSN_SIZE);
      }
      const imm64 = (BigInt(hi.imm >>> 0) << 32n) | BigInt(w.imm >>> 0);
      if (validate) {
        const problem = describeInvalid(w.opcode, w.dst, w.src, w.offset, w.imm);
        if (problem) throw new DecodeError(`${problem} at offset ${at}`, at);
      }
      out.push({ pc, opcode: w.opcode, dst: w.dst, src: w.src, offset: w.offset, imm: w.imm, imm64, slots: 2 });
      pc++;
      continue;
    }
    if (validate) {
      const problem = describeInvalid(w.opcode, w.dst, w.src, w.offset, w.imm);
      if (problem) throw new DecodeError(`${problem} at offset ${at}`, at);
    }
    out.push({ pc, opcode: w.opcode, dst: w.dst, src: w.src, offset: w.offset, imm: w.imm, slots: 1 });
  }
  return out;
}

/** A program or memory as the conformance suite and `ebpf run --program` carry them (core/hex's rules). */
export function hexToBytes(hex: string): Uint8Array {
  return parseHex(hex, { allowEmpty: true });
}
