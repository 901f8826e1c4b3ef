// One eBPF instruction → C statements in bpf2c's vocabulary (IMMEDIATE, OFFSET, POINTER,
// READ_ONCE_*/WRITE_ONCE_*, Interlocked*, helper_data[k], map_data[i], goto label_N).
// Semantics follow RFC 9669: 32-bit results are zero-extended, shift counts are masked, division
// by zero yields 0, modulo by zero leaves the dividend, and signed overflow (INT_MIN / -1) wraps.

import { AluOp, AtomicOp, InsnClass, JmpOp, MemMode, MemSize, Source, type Instruction } from '../isa/instruction';

/** What the emitter needs to know about the program around one instruction. */
export interface EmitScope {
  /** Label name for a jump target pc. */
  label(pc: number): string;
  /** Index of a helper id in the program's helper table. */
  helperIndex(id: number): number;
  /** Whether a helper id is the platform's bpf_tail_call. */
  isTailCall(id: number): boolean;
  /** C function name of the subprogram starting at pc. */
  functionAt(pc: number): string;
  /** How an lddw with src=1/2 reaches a map: a `map_data` index, or a global-variable section index. */
  mapReference(mapIndex: number): { kind: 'map'; index: number } | { kind: 'global'; index: number };
}

export class UnsupportedInstruction extends Error {
  constructor(
    readonly pc: number,
    message: string,
  ) {
    super(message);
  }
}

const r = (n: number) => `r${n}`;
const SIZE_BITS: Record<number, number> = { [MemSize.B]: 8, [MemSize.H]: 16, [MemSize.W]: 32, [MemSize.DW]: 64 };

function imm64(imm: number): string {
  return `(uint64_t)IMMEDIATE(${imm})`;
}

function imm32(imm: number): string {
  return `(uint32_t)IMMEDIATE(${imm})`;
}

function alu64(i: Instruction): string[] {
  const op = i.opcode & 0xf0;
  const fromReg = (i.opcode & Source.X) !== 0;
  const d = r(i.dst);
  const s = fromReg ? r(i.src) : imm64(i.imm);
  const signed = i.offset === 1;
  switch (op) {
    case AluOp.ADD:
      return [`${d} += ${s};`];
    case AluOp.SUB:
      return [`${d} -= ${s};`];
    case AluOp.MUL:
      return [`${d} *= ${s};`];
    case AluOp.OR:
      return [`${d} |= ${s};`];
    case AluOp.AND:
      return [`${d} &= ${s};`];
    case AluOp.XOR:
      return [`${d} ^= ${s};`];
    case AluOp.LSH:
      return [fromReg ? `${d} <<= (${s} & 63);` : `${d} <<= ${i.imm & 63};`];
    case AluOp.RSH:
      return [fromReg ? `${d} >>= (${s} & 63);` : `${d} >>= ${i.imm & 63};`];
    case AluOp.ARSH:
      return [`${d} = (uint64_t)((int64_t)${d} >> ${fromReg ? `(${s} & 63)` : i.imm & 63});`];
    case AluOp.NEG:
      return [`${d} = (uint64_t)0 - ${d};`];
    case AluOp.MOV:
      if (i.offset !== 0) return [`${d} = (uint64_t)(int64_t)(int${i.offset}_t)${r(i.src)};`];
      return [`${d} = ${s};`];
    case AluOp.DIV:
      if (signed) {
        if (!fromReg) {
          if (i.imm === 0) return [`${d} = 0;`];
          if (i.imm === -1) return [`${d} = (uint64_t)0 - ${d};`];
          return [`${d} = (uint64_t)((int64_t)${d} / (int64_t)IMMEDIATE(${i.imm}));`];
        }
        return [
          `${d} = ${s} == 0 ? 0 : (int64_t)${s} == -1 ? (uint64_t)0 - ${d} : (uint64_t)((int64_t)${d} / (int64_t)${s});`,
        ];
      }
      if (!fromReg) return [i.imm === 0 ? `${d} = 0;` : `${d} /= ${s};`];
      return [`${d} = ${s} ? (${d} / ${s}) : 0;`];
    case AluOp.MOD:
      if (signed) {
        if (!fromReg) {
          if (i.imm === 0) return [`${d} = ${d};`];
          if (i.imm === -1) return [`${d} = 0;`];
          return [`${d} = (uint64_t)((int64_t)${d} % (int64_t)IMMEDIATE(${i.imm}));`];
        }
        return [`${d} = ${s} == 0 ? ${d} : (int64_t)${s} == -1 ? 0 : (uint64_t)((int64_t)${d} % (int64_t)${s});`];
      }
      if (!fromReg) return [i.imm === 0 ? `${d} = ${d};` : `${d} %= ${s};`];
      return [`${d} = ${s} ? (${d} % ${s}) : ${d};`];
    case AluOp.END:
      return [byteSwap(i, true)];
    default:
      throw new UnsupportedInstruction(i.pc, `ALU64 operation 0x${op.toString(16)}`);
  }
}

function byteSwap(i: Instruction, is64: boolean): string {
  const d = r(i.dst);
  const width = i.imm as 16 | 32 | 64;
  const cast = width === 64 ? '' : `(uint${width}_t)`;
  if (is64) return `${d} = swap${width}(${cast}${d});`; // bswap: unconditional
  const fn = (i.opcode & Source.X) !== 0 ? 'htobe' : 'htole';
  return `${d} = ${fn}${width}(${cast}${d});`;
}

function alu32(i: Instruction): string[] {
  const op = i.opcode & 0xf0;
  const fromReg = (i.opcode & Source.X) !== 0;
  const d = r(i.dst);
  const dd = `(uint32_t)${d}`;
  const s = fromReg ? `(uint32_t)${r(i.src)}` : imm32(i.imm);
  const signed = i.offset === 1;
  const set = (expr: string) => [`${d} = (uint32_t)(${expr});`];
  switch (op) {
    case AluOp.ADD:
      return set(`${dd} + ${s}`);
    case AluOp.SUB:
      return set(`${dd} - ${s}`);
    case AluOp.MUL:
      return set(`${dd} * ${s}`);
    case AluOp.OR:
      return set(`${dd} | ${s}`);
    case AluOp.AND:
      return set(`${dd} & ${s}`);
    case AluOp.XOR:
      return set(`${dd} ^ ${s}`);
    case AluOp.LSH:
      return set(`${dd} << ${fromReg ? `(${s} & 31)` : i.imm & 31}`);
    case AluOp.RSH:
      return set(`${dd} >> ${fromReg ? `(${s} & 31)` : i.imm & 31}`);
    case AluOp.ARSH:
      return set(`(int32_t)${dd} >> ${fromReg ? `(${s} & 31)` : i.imm & 31}`);
    case AluOp.NEG:
      return set(`0u - ${dd}`);
    case AluOp.MOV:
      if (i.offset !== 0) return [`${d} = (uint32_t)(int32_t)(int${i.offset}_t)${r(i.src)};`];
      return [`${d} = ${s};`];
    case AluOp.DIV:
      if (signed) {
        const sd = `(int32_t)${dd}`;
        if (!fromReg) {
          if (i.imm === 0) return [`${d} = 0;`];
          if (i.imm === -1) return set(`0u - ${dd}`);
          return set(`${sd} / (int32_t)IMMEDIATE(${i.imm})`);
        }
        return set(`${s} == 0 ? 0u : (int32_t)${s} == -1 ? 0u - ${dd} : (uint32_t)(${sd} / (int32_t)${s})`);
      }
      if (!fromReg) return i.imm === 0 ? [`${d} = 0;`] : set(`${dd} / ${s}`);
      return set(`${s} ? (${dd} / ${s}) : 0u`);
    case AluOp.MOD:
      if (signed) {
        const sd = `(int32_t)${dd}`;
        if (!fromReg) {
          if (i.imm === 0) return set(dd);
          if (i.imm === -1) return [`${d} = 0;`];
          return set(`${sd} % (int32_t)IMMEDIATE(${i.imm})`);
        }
        return set(`${s} == 0 ? ${dd} : (int32_t)${s} == -1 ? 0u : (uint32_t)(${sd} % (int32_t)${s})`);
      }
      if (!fromReg) return set(i.imm === 0 ? dd : `${dd} % ${s}`);
      return set(`${s} ? (${dd} % ${s}) : ${dd}`);
    case AluOp.END:
      return [byteSwap(i, false)];
    default:
      throw new UnsupportedInstruction(i.pc, `ALU operation 0x${op.toString(16)}`);
  }
}

/** Conditions decided by the operands alone (a register against itself, unsigned >= 0 / < 0). */
function constantCondition(i: Instruction): boolean | undefined {
  const op = i.opcode & 0xf0;
  const fromReg = (i.opcode & Source.X) !== 0;
  if (fromReg && i.src === i.dst) {
    if ([JmpOp.JEQ, JmpOp.JGE, JmpOp.JLE, JmpOp.JSGE, JmpOp.JSLE].includes(op)) return true;
    if ([JmpOp.JNE, JmpOp.JGT, JmpOp.JLT, JmpOp.JSGT, JmpOp.JSLT].includes(op)) return false;
  }
  if (!fromReg && i.imm === 0 && op === JmpOp.JGE) return true;
  if (!fromReg && i.imm === 0 && op === JmpOp.JLT) return false;
  return undefined;
}

function condition(i: Instruction): string {
  const constant = constantCondition(i);
  if (constant !== undefined) return constant ? '1' : '0';
  const op = i.opcode & 0xf0;
  const is32 = (i.opcode & 0x07) === InsnClass.JMP32;
  const fromReg = (i.opcode & Source.X) !== 0;
  const u = is32 ? 'uint32_t' : 'uint64_t';
  const sg = is32 ? 'int32_t' : 'int64_t';
  const d = is32 ? `(uint32_t)${r(i.dst)}` : r(i.dst);
  const s = fromReg ? (is32 ? `(uint32_t)${r(i.src)}` : r(i.src)) : `(${u})IMMEDIATE(${i.imm})`;
  const sd = `(${sg})${r(i.dst)}`;
  const ss = fromReg ? `(${sg})${r(i.src)}` : `(${sg})IMMEDIATE(${i.imm})`;
  switch (op) {
    case JmpOp.JEQ:
      return `${d} == ${s}`;
    case JmpOp.JNE:
      return `${d} != ${s}`;
    case JmpOp.JGT:
      return `${d} > ${s}`;
    case JmpOp.JGE:
      return `${d} >= ${s}`;
    case JmpOp.JLT:
      return `${d} < ${s}`;
    case JmpOp.JLE:
      return `${d} <= ${s}`;
    case JmpOp.JSET:
      return `(${d} & ${s}) != 0`;
    case JmpOp.JSGT:
      return `${sd} > ${ss}`;
    case JmpOp.JSGE:
      return `${sd} >= ${ss}`;
    case JmpOp.JSLT:
      return `${sd} < ${ss}`;
    case JmpOp.JSLE:
      return `${sd} <= ${ss}`;
    default:
      throw new UnsupportedInstruction(i.pc, `jump operation 0x${op.toString(16)}`);
  }
}

/** The jump target pc of a JA / conditional jump (gotol keeps its distance in imm). */
export function jumpTarget(i: Instruction): number {
  const isGotol = i.opcode === 0x06;
  return i.pc + 1 + (isGotol ? i.imm : i.offset);
}

function jump(i: Instruction, scope: EmitScope): string[] {
  const op = i.opcode & 0xf0;
  if (op === JmpOp.JA) return [`goto ${scope.label(jumpTarget(i))};`];
  if (op === JmpOp.EXIT) return ['return r0;'];
  if (op === JmpOp.CALL) {
    if ((i.opcode & Source.X) !== 0) throw new UnsupportedInstruction(i.pc, 'callx (call through a register)');
    if (i.src === 1) {
      const target = i.pc + 1 + i.imm;
      return [`r0 = ${scope.functionAt(target)}(r1, r2, r3, r4, r5, context, runtime_context);`];
    }
    if (i.src === 2) throw new UnsupportedInstruction(i.pc, `call to a kernel function (BTF id ${i.imm})`);
    const k = scope.helperIndex(i.imm);
    const call = `r0 = runtime_context->helper_data[${k}].address(r1, r2, r3, r4, r5, context);`;
    if (!scope.isTailCall(i.imm)) return [call];
    // A successful tail call returns 0 and the runtime runs the target once this program returns.
    return [call, `if ((runtime_context->helper_data[${k}].tail_call) && (r0 == 0)) {`, '    return 0;', '}'];
  }
  return [`if (${condition(i)}) {`, `    goto ${scope.label(jumpTarget(i))};`, '}'];
}

function lddw(i: Instruction, scope: EmitScope): string[] {
  const d = r(i.dst);
  switch (i.src) {
    case 0:
      return [`${d} = (uint64_t)0x${(i.imm64 ?? 0n).toString(16)}ULL;`];
    case 1:
    case 5: {
      const ref = scope.mapReference(i.imm);
      if (ref.kind === 'global')
        return [`${d} = POINTER(runtime_context->global_variable_section_data[${ref.index}].address_of_map_value);`];
      return [`${d} = POINTER(runtime_context->map_data[${ref.index}].address);`];
    }
    case 2:
    case 6: {
      const ref = scope.mapReference(i.imm);
      const off = Number(BigInt.asUintN(32, (i.imm64 ?? 0n) >> 32n));
      if (ref.kind === 'global')
        return [
          `${d} = POINTER(runtime_context->global_variable_section_data[${ref.index}].address_of_map_value + ${off});`,
        ];
      return [`${d} = POINTER(runtime_context->map_data[${ref.index}].array_data + ${off});`];
    }
    case 4:
      throw new UnsupportedInstruction(i.pc, 'the address of a function (callbacks such as bpf_loop)');
    default:
      throw new UnsupportedInstruction(i.pc, `lddw with source ${i.src}`);
  }
}

const ATOMIC_NAMES: Record<number, string> = {
  [AtomicOp.ADD]: 'InterlockedExchangeAdd',
  [AtomicOp.OR]: 'InterlockedOr',
  [AtomicOp.AND]: 'InterlockedAnd',
  [AtomicOp.XOR]: 'InterlockedXor',
};

function atomic(i: Instruction): string[] {
  const is64 = (i.opcode & 0x18) === MemSize.DW;
  const suffix = is64 ? '64' : '';
  const t = is64 ? 'int64_t' : 'int32_t';
  const u = is64 ? 'uint64_t' : 'uint32_t';
  const ptr = `(volatile ${t}*)(uintptr_t)(${r(i.dst)} + OFFSET(${i.offset}))`;
  const s = r(i.src);
  if (i.imm === AtomicOp.XCHG) return [`${s} = (${u})InterlockedExchange${suffix}(${ptr}, (${t})${s});`];
  if (i.imm === AtomicOp.CMPXCHG)
    return [`r0 = (${u})InterlockedCompareExchange${suffix}(${ptr}, (${t})${s}, (${t})r0);`];
  const name = ATOMIC_NAMES[i.imm & ~AtomicOp.FETCH];
  if (!name) throw new UnsupportedInstruction(i.pc, `atomic operation 0x${i.imm.toString(16)}`);
  const call = `${name}${suffix}(${ptr}, (${t})${s})`;
  return (i.imm & AtomicOp.FETCH) !== 0 ? [`${s} = (${u})${call};`] : [`${call};`];
}

function memory(i: Instruction, scope: EmitScope): string[] {
  const cls = i.opcode & 0x07;
  const mode = i.opcode & 0xe0;
  // The two size bits always name one of the four sizes.
  const bits = SIZE_BITS[i.opcode & 0x18] ?? 64;
  if (cls === InsnClass.LD) {
    if (i.opcode === 0x18) return lddw(i, scope);
    // Legacy packet loads: out of bounds ends the program with 0, as in the kernel.
    const at = mode === MemMode.IND ? `${r(i.src)} + IMMEDIATE(${i.imm})` : `(uint64_t)IMMEDIATE(${i.imm})`;
    return [
      '{',
      '    uint64_t _packet_value;',
      `    if (!ebpf_native_load_packet(context, ${at}, ${bits / 8}, &_packet_value)) {`,
      '        return 0;',
      '    }',
      '    r0 = _packet_value;',
      '}',
    ];
  }
  if (cls === InsnClass.LDX) {
    const sx = mode === MemMode.MEMSX ? 'S' : '';
    return [`READ_ONCE_${sx}${bits}(${r(i.dst)}, ${r(i.src)}, OFFSET(${i.offset}));`];
  }
  if (cls === InsnClass.ST)
    return [`WRITE_ONCE_${bits}(${r(i.dst)}, (uint${bits}_t)IMMEDIATE(${i.imm}), OFFSET(${i.offset}));`];
  if (mode === MemMode.ATOMIC) return atomic(i);
  return [`WRITE_ONCE_${bits}(${r(i.dst)}, (uint${bits}_t)${r(i.src)}, OFFSET(${i.offset}));`];
}

/** The C statements for one instruction. */
export function emitInstruction(i: Instruction, scope: EmitScope): string[] {
  switch (i.opcode & 0x07) {
    case InsnClass.ALU64:
      return alu64(i);
    case InsnClass.ALU:
      return alu32(i);
    case InsnClass.JMP:
    case InsnClass.JMP32:
      return jump(i, scope);
    default:
      return memory(i, scope);
  }
}

/** Registers an instruction reads or writes (to declare only those, as bpf2c does). */
export function registersOf(i: Instruction): number[] {
  const cls = i.opcode & 0x07;
  const op = i.opcode & 0xf0;
  if ((cls === InsnClass.JMP || cls === InsnClass.JMP32) && op === JmpOp.CALL) return [0, 1, 2, 3, 4, 5];
  if ((cls === InsnClass.JMP || cls === InsnClass.JMP32) && op === JmpOp.EXIT) return [0];
  if (cls === InsnClass.LD && i.opcode !== 0x18) return [0, i.src];
  if (cls === InsnClass.STX && (i.opcode & 0xe0) === MemMode.ATOMIC && i.imm === AtomicOp.CMPXCHG)
    return [0, i.dst, i.src];
  return [i.dst, i.src];
}
