// The VM as the concrete-arithmetic oracle for the verifier's numeric domain: one tiny program per
// operation, run by the interpreter (core/vm, whose arithmetic the bpf_conformance suite proves),
// with the two operands passed in memory. No second copy of the arithmetic lives in the tests.
import { conformancePlatform, CONFORMANCE_HELPERS } from '../../../core/vm/conformance';
import { decodeInstructions } from '../../../core/isa/decode';
import { programFromInstructions } from '../../../core/program/fromInstructions';
import { Vm } from '../../../core/vm/vm';
import type { AluKind, CmpKind } from '../../../core/verifier/num';

/** ISA operation codes (RFC 9669 §5.1 and §5.3); signed div/mod are div/mod with offset 1. */
const ALU_OP: Record<AluKind, { code: number; offset: number }> = {
  add: { code: 0x00, offset: 0 },
  sub: { code: 0x10, offset: 0 },
  mul: { code: 0x20, offset: 0 },
  div: { code: 0x30, offset: 0 },
  sdiv: { code: 0x30, offset: 1 },
  or: { code: 0x40, offset: 0 },
  and: { code: 0x50, offset: 0 },
  lsh: { code: 0x60, offset: 0 },
  rsh: { code: 0x70, offset: 0 },
  mod: { code: 0x90, offset: 0 },
  smod: { code: 0x90, offset: 1 },
  xor: { code: 0xa0, offset: 0 },
  arsh: { code: 0xc0, offset: 0 },
};

const JMP_OP: Record<CmpKind, number> = {
  eq: 0x10,
  gt: 0x20,
  ge: 0x30,
  set: 0x40,
  ne: 0x50,
  sgt: 0x60,
  sge: 0x70,
  lt: 0xa0,
  le: 0xb0,
  slt: 0xc0,
  sle: 0xd0,
};

function insn(opcode: number, dst: number, src: number, offset: number, imm: number): number[] {
  const b = new Uint8Array(8);
  const v = new DataView(b.buffer);
  v.setUint8(0, opcode);
  v.setUint8(1, (src << 4) | dst);
  v.setInt16(2, offset, true);
  v.setInt32(4, imm, true);
  return [...b];
}

const LOAD_OPERANDS = [
  ...insn(0x79, 0, 1, 0, 0), // ldxdw r0, [r1+0]
  ...insn(0x79, 2, 1, 8, 0), // ldxdw r2, [r1+8]
];
const EXIT = insn(0x95, 0, 0, 0, 0);

function vmFor(bytes: number[]): (a: bigint, b: bigint) => bigint {
  const program = programFromInstructions(decodeInstructions(Uint8Array.from(bytes)), conformancePlatform);
  const vm = new Vm(program, { helperOverrides: CONFORMANCE_HELPERS, seed: 1 });
  const memory = new Uint8Array(16);
  const view = new DataView(memory.buffer);
  return (a, b) => {
    view.setBigUint64(0, BigInt.asUintN(64, a), true);
    view.setBigUint64(8, BigInt.asUintN(64, b), true);
    const r = vm.run({ memory });
    if (r.error) throw r.error;
    return r.returnValue;
  };
}

const cache = new Map<string, (a: bigint, b: bigint) => bigint>();

/** `a op b` at width w as the VM computes it (32-bit results zero-extended, as in the ISA). */
export function vmAlu(op: AluKind, a: bigint, b: bigint, w: 32 | 64): bigint {
  const key = `alu ${op} ${w}`;
  let run = cache.get(key);
  if (!run) {
    const { code, offset } = ALU_OP[op];
    run = vmFor([...LOAD_OPERANDS, ...insn((w === 64 ? 0x07 : 0x04) | 0x08 | code, 0, 2, offset, 0), ...EXIT]);
    cache.set(key, run);
  }
  return run(a, b);
}

/** Whether the VM takes `if a <c> b` at width w. */
export function vmBranchTaken(c: CmpKind, a: bigint, b: bigint, w: 32 | 64): boolean {
  const key = `jmp ${c} ${w}`;
  let run = cache.get(key);
  if (!run) {
    run = vmFor([
      ...LOAD_OPERANDS,
      ...insn((w === 64 ? 0x05 : 0x06) | 0x08 | JMP_OP[c], 0, 2, 2, 0), // if r0 <c> r2 goto +2
      ...insn(0xb7, 0, 0, 0, 0), // mov r0, 0
      ...EXIT,
      ...insn(0xb7, 0, 0, 0, 1), // mov r0, 1
      ...EXIT,
    ]);
    cache.set(key, run);
  }
  return run(a, b) === 1n;
}
