// assertionsFor: the assertions an instruction needs, from its static facts only (opcode,
// registers, offsets, immediate, the called helper's prototype). The order is the order in which
// the checks are reported: the first failing record is the instruction's error.

import { kernelFunction, kfuncAvailable } from '../kfuncs';
import { AluOp, InsnClass, JmpOp, MemMode, type Instruction } from '../../isa/instruction';
import type { HelperPrototype, PlatformProfile, ProgramType } from '../../platform/types';
import { isLocalCall, jumpOp } from '../cfg';
import type { GlobalFunction } from '../globals';
import { widthOf } from '../transfer/values';
import type { Assertion, ReadableRegister, RecordedUse, StructurallySound, WritableRegister } from './types';

/** What the extractor may know besides the instruction: the program's static context. */
export interface AssertionContext {
  readonly platform: PlatformProfile;
  readonly programType: ProgramType | undefined;
  /** Linux global functions by start pc (called as summaries). */
  readonly globals: ReadonlyMap<number, GlobalFunction>;
  btfFunctionName(id: number): string | undefined;
}

const ALU_OPS = new Set<number>([
  AluOp.ADD,
  AluOp.SUB,
  AluOp.MUL,
  AluOp.DIV,
  AluOp.OR,
  AluOp.AND,
  AluOp.LSH,
  AluOp.RSH,
  AluOp.MOD,
  AluOp.XOR,
  AluOp.ARSH,
]);

// Records are immutable: the register ones are shared (most instructions need only these).
const REGISTERS = Array.from({ length: 16 }, (_, reg) => reg);
const READABLE: Readonly<Record<RecordedUse, readonly ReadableRegister[]>> = {
  used: REGISTERS.map((reg) => ({ kind: 'readable-register', reg, use: 'used' })),
  dereferenced: REGISTERS.map((reg) => ({ kind: 'readable-register', reg, use: 'dereferenced' })),
  stored: REGISTERS.map((reg) => ({ kind: 'readable-register', reg, use: 'stored' })),
  compared: REGISTERS.map((reg) => ({ kind: 'readable-register', reg, use: 'compared' })),
  returned: REGISTERS.map((reg) => ({ kind: 'readable-register', reg, use: 'returned' })),
};
const WRITABLE: readonly WritableRegister[] = REGISTERS.map((reg) => ({ kind: 'writable-register', reg }));

function readable(reg: number, use: RecordedUse): ReadableRegister {
  return READABLE[use][reg] ?? { kind: 'readable-register', reg, use };
}

function writable(reg: number): WritableRegister {
  return WRITABLE[reg] ?? { kind: 'writable-register', reg };
}

const EXIT: readonly Assertion[] = [
  { kind: 'readable-register', reg: 0, use: 'returned', programExitOnly: true },
  { kind: 'references-released' },
  { kind: 'valid-return' },
];
const STRUCTURAL: StructurallySound = { kind: 'structurally-sound' };
const LOCAL_CALL: readonly Assertion[] = [STRUCTURAL];
const NONE: readonly Assertion[] = [];

const POINTERS_ONLY_ADD_SUB = 'only addition and subtraction may involve pointers';

export function assertionsFor(insn: Instruction, ctx: AssertionContext): readonly Assertion[] {
  switch (insn.opcode & 7) {
    case InsnClass.ALU:
    case InsnClass.ALU64:
      return aluAssertions(insn);
    case InsnClass.LD:
      return ldAssertions(insn);
    case InsnClass.LDX:
      return [
        writable(insn.dst),
        readable(insn.src, 'dereferenced'),
        {
          kind: 'valid-access',
          reg: insn.src,
          offset: insn.offset,
          width: widthOf(insn.opcode),
          mode: 'read',
          valueReg: -1,
        },
      ];
    case InsnClass.ST:
    case InsnClass.STX:
      return storeAssertions(insn);
    case InsnClass.JMP:
    case InsnClass.JMP32:
      return jumpAssertions(insn, ctx);
  }
  return NONE;
}

function aluAssertions(insn: Instruction): Assertion[] {
  const is64 = (insn.opcode & 7) === InsnClass.ALU64;
  const op = insn.opcode & 0xf0;
  const fromReg = (insn.opcode & 0x08) !== 0;
  const d = insn.dst;
  const out: Assertion[] = [writable(d)];
  if (op === AluOp.MOV) {
    if (!fromReg) return out;
    out.push(readable(insn.src, 'used'));
    if (insn.offset !== 0)
      out.push({
        kind: 'type-is',
        reg: insn.src,
        allowed: 'number',
        why: 'sign extension works on numbers only',
        code: 'invalid-pointer-arithmetic',
      });
    else if (!is64) out.push({ kind: 'no-pointer-truncation', reg: insn.src });
    return out;
  }
  if (op === AluOp.NEG || op === AluOp.END) {
    out.push(readable(d, 'used'));
    out.push({
      kind: 'type-is',
      reg: d,
      allowed: 'number',
      why: op === AluOp.NEG ? 'negation works on numbers only' : 'byte swaps work on numbers only',
      code: 'invalid-pointer-arithmetic',
    });
    return out;
  }
  if (!ALU_OPS.has(op)) {
    out.push({
      kind: 'valid-instruction',
      message: `unknown ALU operation 0x${insn.opcode.toString(16)}`,
      condition: 'valid instruction',
    });
    return out;
  }
  out.push(readable(d, 'used'));
  if (fromReg) out.push(readable(insn.src, 'used'));
  if (op === AluOp.ADD || op === AluOp.SUB) {
    out.push({
      kind: 'valid-pointer-arithmetic',
      op: op === AluOp.ADD ? 'add' : 'sub',
      dst: d,
      src: fromReg ? insn.src : -1,
      imm: insn.imm,
      is64,
    });
    return out;
  }
  out.push({
    kind: 'type-is',
    reg: d,
    allowed: 'number',
    why: POINTERS_ONLY_ADD_SUB,
    code: 'invalid-pointer-arithmetic',
  });
  if (fromReg) {
    out.push({
      kind: 'type-is',
      reg: insn.src,
      allowed: 'number',
      why: POINTERS_ONLY_ADD_SUB,
      code: 'invalid-pointer-arithmetic',
    });
    if (op === AluOp.DIV || op === AluOp.MOD) out.push({ kind: 'nonzero-divisor', reg: insn.src, is64 });
  }
  return out;
}

function ldAssertions(insn: Instruction): Assertion[] {
  if (insn.opcode === 0x18) {
    const out: Assertion[] = [writable(insn.dst)];
    if (insn.src === 1 || insn.src === 5 || insn.src === 2 || insn.src === 6)
      out.push({ kind: 'valid-map-fd', index: insn.imm });
    else if (insn.src !== 0 && insn.src !== 3 && insn.src !== 4)
      out.push({
        kind: 'valid-instruction',
        message: `unknown lddw source ${insn.src}`,
        condition: 'valid instruction',
      });
    return out;
  }
  const mode = insn.opcode & 0xe0;
  if (mode === MemMode.ABS || mode === MemMode.IND) {
    const out: Assertion[] = [{ kind: 'legacy-packet-load' }];
    if (mode === MemMode.IND) {
      out.push(readable(insn.src, 'used'));
      out.push({
        kind: 'type-is',
        reg: insn.src,
        allowed: 'number',
        why: 'the index of a legacy packet load',
        code: 'invalid-pointer-arithmetic',
      });
    }
    return out;
  }
  return [
    {
      kind: 'valid-instruction',
      message: `unknown load instruction 0x${insn.opcode.toString(16)}`,
      condition: 'valid instruction',
    },
  ];
}

function storeAssertions(insn: Instruction): Assertion[] {
  const w = widthOf(insn.opcode);
  const mode = insn.opcode & 0xe0;
  const isStx = (insn.opcode & 7) === InsnClass.STX;
  const out: Assertion[] = [readable(insn.dst, 'dereferenced')];
  if (isStx) out.push(readable(insn.src, 'stored'));
  if (mode === MemMode.ATOMIC) {
    if (w !== 4 && w !== 8) {
      out.push({
        kind: 'valid-instruction',
        message: 'atomic operations work on 4 or 8 bytes',
        condition: 'width in {4, 8}',
      });
      return out;
    }
    out.push({ kind: 'no-pointer-leak', reg: insn.src, why: 'atomic operations store numbers only' });
    out.push({ kind: 'valid-access', reg: insn.dst, offset: insn.offset, width: w, mode: 'write', valueReg: -1 });
    return out;
  }
  if (mode !== MemMode.MEM) {
    out.push({
      kind: 'valid-instruction',
      message: `unknown store mode 0x${insn.opcode.toString(16)}`,
      condition: 'valid instruction',
    });
    return out;
  }
  out.push({
    kind: 'valid-access',
    reg: insn.dst,
    offset: insn.offset,
    width: w,
    mode: 'write',
    valueReg: isStx ? insn.src : -1,
  });
  return out;
}

function jumpAssertions(insn: Instruction, ctx: AssertionContext): readonly Assertion[] {
  const op = jumpOp(insn);
  if (op === JmpOp.JA) return NONE;
  if (op === JmpOp.EXIT) return EXIT;
  if (op === JmpOp.CALL) {
    if ((insn.opcode & 0x08) !== 0)
      return [
        {
          kind: 'valid-instruction',
          message: 'indirect calls (callx) are not supported',
          condition: 'requires conformance group callx',
        },
      ];
    if (isLocalCall(insn)) {
      const global = ctx.globals.get(insn.pc + 1 + insn.imm);
      if (!global) return LOCAL_CALL;
      const args: Assertion[] = global.params
        .slice(0, 5)
        .map((param, i) => ({ kind: 'global-arg', reg: i + 1, param, functionName: global.name }));
      return global.badReturn
        ? [{ kind: 'global-returns-integer', functionName: global.name, badReturn: global.badReturn }, ...args]
        : args;
    }
    return helperAssertions(insn, ctx);
  }
  const fromReg = (insn.opcode & 0x08) !== 0;
  const out: Assertion[] = [STRUCTURAL, readable(insn.dst, 'compared')];
  if (fromReg) out.push(readable(insn.src, 'compared'));
  out.push({
    kind: 'comparable',
    left: insn.dst,
    right: fromReg ? insn.src : undefined,
    imm: insn.imm,
    is32: (insn.opcode & 7) === InsnClass.JMP32,
    op: insn.opcode & 0xf0,
  });
  return out;
}

/** The prototype a helper call resolves to, or undefined when the call cannot be made here. */
export function calledPrototype(
  insn: Instruction,
  ctx: AssertionContext,
): { proto: HelperPrototype; btfResolved: boolean } | undefined {
  if (insn.src === 2) {
    const name = ctx.btfFunctionName(insn.imm);
    const resolved = name !== undefined ? ctx.platform.btfResolvedFunctions?.get(name) : undefined;
    if (resolved) return { proto: resolved.prototype, btfResolved: true };
    const kf = kernelFunction(ctx.platform, name);
    return kf && kfuncAvailable(kf, ctx.programType) ? { proto: kf.prototype, btfResolved: true } : undefined;
  }
  const proto = ctx.platform.helper(insn.imm, ctx.programType);
  if (!proto || ctx.programType?.forbiddenHelpers?.has(insn.imm)) return undefined;
  return { proto, btfResolved: false };
}

function helperAssertions(insn: Instruction, ctx: AssertionContext): Assertion[] {
  const out: Assertion[] = [{ kind: 'helper-available', id: insn.imm, byBtfId: insn.src === 2 }];
  const called = calledPrototype(insn, ctx);
  if (!called) return out;
  const { proto, btfResolved } = called;
  proto.args
    .slice(0, 5)
    .forEach((arg, index) => out.push({ kind: 'helper-arg', reg: index + 1, index, arg, proto, btfResolved }));
  return out;
}
