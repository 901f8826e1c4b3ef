// Instruction -> text. The default syntax is what `llvm-objdump -d` (LLVM 14) prints for BPF, so our
// output can be compared line by line with the reference tool. Where LLVM 14 prints `<unknown>` or
// something that loses information, we use LLVM 18's spelling or a documented extension:
//
// | instruction                    | LLVM 14 prints                  | we print (source of spelling)           |
// |--------------------------------|---------------------------------|-----------------------------------------|
// | mod / mod32 (0x97, 0x94, ...)  | <unknown>                       | `r1 %= r2`, `w1 %= 3` (LLVM 18)         |
// | sdiv / smod (offset 1)         | `r1 /= r2` (ignores offset)     | `r1 s/= r2`, `r1 s%= r2` (LLVM 18)      |
// | movsx (mov with offset 8/16/32)| `r1 = r2` (ignores offset)      | `r1 = (s8)r2`, `w1 = (s16)w2` (LLVM 18) |
// | bswap (0xd7)                   | <unknown>                       | `r1 = bswap16 r1` (LLVM 18)             |
// | jset (0x45, 0x4d, 0x46, 0x4e)  | <unknown>                       | `if r1 & r2 goto +3` (LLVM 18)          |
// | gotol (0x06)                   | <unknown>                       | `gotol +5` (LLVM 18)                    |
// | callx (0x8d, target in dst)    | `callx r0` (reads the imm)      | `callx r2` (LLVM 18, dst register)      |
// | st imm (0x62, 0x6a, 0x72, 0x7a)| <unknown>                       | `*(u32 *)(r1 + 6) = -9` (LLVM 18)       |
// | ldsx (0x81, 0x89, 0x91)        | <unknown>                       | `r1 = *(s8 *)(r2 + 0)` (LLVM 18)        |
// | 32-bit atomics other than add  | <unknown>                       | `--mattr=+alu32` spelling: `lock *(u32 *)(r1 + 0) |= w2`, |
// |                                |                                 | `w2 = atomic_fetch_add((u32 *)(r1 + 0), w2)`, `w2 = xchg32_32(r1 + 0, w2)`, |
// |                                |                                 | `w0 = cmpxchg32_32(r1 + 0, w0, w2)`     |
// | 32-bit atomic add with fetch   | `lock ... += r2` (drops fetch)  | `w2 = atomic_fetch_add((u32 *)(r1 + 0), w2)` |
// | local call (call src=1)        | `call 9` (same as a helper)     | `call pc+9` (kernel/bpftool spelling)   |
// | kfunc call (call src=2)        | `call 77` (same as a helper)    | `call kfunc 77` (extension)             |
// | ld_ind with a non-zero imm     | `r0 = *(u32 *)skb[r3]` (drops it)| `r0 = *(u32 *)skb[r3 + 5]` (extension) |
// | lddw pseudo with high half != 0| `ld_pseudo r1, 2, 7` (drops it) | `ld_pseudo r1, 2, 7, 16` (extension)    |
//
// llvm-objdump appends ` <symbol+0xoff>` after jump offsets from the object's symbols; we append
// ` <name>` only when the caller provides `jumpLabel` (e.g. from the loader's labels).

import {
  AluOp,
  AtomicOp,
  CallSource,
  InsnClass,
  JmpOp,
  LddwSource,
  MemMode,
  MemSize,
  Source,
  type Instruction,
} from './instruction';

export type Syntax = 'llvm' | 'prevail';

export interface DisassembleOptions {
  /** 'llvm' (default): llvm-objdump's spelling. 'prevail': PREVAIL-style (see prevailText below). */
  readonly syntax?: Syntax;
  /**
   * llvm-objdump's `--mattr=+alu32` spelling: 32-bit and narrower loads, stores and the plain 32-bit
   * atomic add name `w` registers. Default false, which is what plain `llvm-objdump -d` prints.
   */
  readonly alu32?: boolean;
  /** Symbolic name for an lddw (a relocated map or global variable); printed as `r1 = name ll`. */
  readonly lddwName?: (insn: Instruction) => string | undefined;
  /** Name of the function a local call (call src=1) targets; printed as `call name`. */
  readonly callName?: (insn: Instruction) => string | undefined;
  /** Helper name for a helper call (PREVAIL syntax only, printed as `call name:id`). */
  readonly helperName?: (id: number) => string | undefined;
  /** Label of a jump target (in slots); llvm syntax appends ` <label>` after the offset. */
  readonly jumpLabel?: (targetPc: number) => string | undefined;
}

const ALU_OPS: Record<number, string> = {
  [AluOp.ADD]: '+=',
  [AluOp.SUB]: '-=',
  [AluOp.MUL]: '*=',
  [AluOp.DIV]: '/=',
  [AluOp.OR]: '|=',
  [AluOp.AND]: '&=',
  [AluOp.LSH]: '<<=',
  [AluOp.RSH]: '>>=',
  [AluOp.MOD]: '%=',
  [AluOp.XOR]: '^=',
  [AluOp.MOV]: '=',
  [AluOp.ARSH]: 's>>=',
};

const JMP_OPS: Record<number, string> = {
  [JmpOp.JEQ]: '==',
  [JmpOp.JGT]: '>',
  [JmpOp.JGE]: '>=',
  [JmpOp.JSET]: '&',
  [JmpOp.JNE]: '!=',
  [JmpOp.JSGT]: 's>',
  [JmpOp.JSGE]: 's>=',
  [JmpOp.JLT]: '<',
  [JmpOp.JLE]: '<=',
  [JmpOp.JSLT]: 's<',
  [JmpOp.JSLE]: 's<=',
};

const SIZE_NAMES: Record<number, string> = {
  [MemSize.W]: '32',
  [MemSize.H]: '16',
  [MemSize.B]: '8',
  [MemSize.DW]: '64',
};

const ATOMIC_NAMES: Record<number, { lock: string; fetch: string }> = {
  [AtomicOp.ADD]: { lock: '+=', fetch: 'atomic_fetch_add' },
  [AtomicOp.OR]: { lock: '|=', fetch: 'atomic_fetch_or' },
  [AtomicOp.AND]: { lock: '&=', fetch: 'atomic_fetch_and' },
  [AtomicOp.XOR]: { lock: '^=', fetch: 'atomic_fetch_xor' },
};

/** Export the tables the assembler needs to invert the syntax. */
export const LLVM_ALU_OPERATORS: Readonly<Record<number, string>> = ALU_OPS;
export const LLVM_JMP_OPERATORS: Readonly<Record<number, string>> = JMP_OPS;
export const LLVM_ATOMIC_NAMES: Readonly<Record<number, { lock: string; fetch: string }>> = ATOMIC_NAMES;

function signedOffset(n: number): string {
  return n < 0 ? `-${-n}` : `+${n}`;
}

function memRef(base: number, offset: number): string {
  return offset < 0 ? `(r${base} - ${-offset})` : `(r${base} + ${offset})`;
}

function toSigned64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

function jumpSuffix(targetPc: number, options: DisassembleOptions): string {
  const label = options.jumpLabel?.(targetPc);
  return label === undefined ? '' : ` <${label}>`;
}

function aluText(insn: Instruction, prevail: boolean): string {
  const is64 = (insn.opcode & 0x07) === InsnClass.ALU64;
  const op = insn.opcode & 0xf0;
  const fromReg = (insn.opcode & Source.X) !== 0;
  const r = is64 ? 'r' : 'w';
  const dst = `${r}${insn.dst}`;
  if (op === AluOp.END) {
    const width = insn.imm;
    if (!is64) return `r${insn.dst} = ${fromReg ? 'be' : 'le'}${width} r${insn.dst}`;
    return `r${insn.dst} = ${prevail ? 'swap' : 'bswap'}${width} r${insn.dst}`;
  }
  if (op === AluOp.NEG) return `${dst} = -${dst}`;
  const operand = fromReg ? `${r}${insn.src}` : String(insn.imm);
  if (op === AluOp.MOV && insn.offset !== 0) return `${dst} = (s${insn.offset})${r}${insn.src}`;
  let operator = ALU_OPS[op];
  if (operator === undefined) return '<unknown>';
  if ((op === AluOp.DIV || op === AluOp.MOD) && insn.offset === 1) operator = 's' + operator;
  return `${dst} ${operator} ${operand}`;
}

function jmpText(insn: Instruction, options: DisassembleOptions, prevail: boolean): string {
  const is32 = (insn.opcode & 0x07) === InsnClass.JMP32;
  const op = insn.opcode & 0xf0;
  const fromReg = (insn.opcode & Source.X) !== 0;
  const target = (offset: number) => insn.pc + 1 + offset;
  const goto = (offset: number) =>
    prevail ? `<${target(offset)}>` : `${signedOffset(offset)}${jumpSuffix(target(offset), options)}`;
  switch (op) {
    case JmpOp.JA:
      return is32 ? `gotol ${goto(insn.imm)}` : `goto ${goto(insn.offset)}`;
    case JmpOp.CALL: {
      if (fromReg) return `callx r${insn.dst}`;
      if (insn.src === CallSource.LOCAL) {
        const name = options.callName?.(insn);
        if (name !== undefined) return `call ${name}`;
        return prevail ? `call <${target(insn.imm)}>` : `call pc${signedOffset(insn.imm)}`;
      }
      if (insn.src === CallSource.KFUNC) return `call kfunc ${insn.imm}`;
      if (prevail) {
        const helper = options.helperName?.(insn.imm);
        if (helper !== undefined) return `call ${helper}:${insn.imm}`;
      }
      return `call ${insn.imm}`;
    }
    case JmpOp.EXIT:
      return 'exit';
    default: {
      const cmp = JMP_OPS[op];
      if (cmp === undefined) return '<unknown>';
      const r = is32 ? 'w' : 'r';
      const rhs = fromReg ? `${r}${insn.src}` : String(insn.imm);
      return `if ${r}${insn.dst} ${cmp} ${rhs} goto ${goto(insn.offset)}`;
    }
  }
}

function lddwText(insn: Instruction, options: DisassembleOptions, prevail: boolean): string {
  const name = options.lddwName?.(insn);
  if (name !== undefined) return prevail ? `r${insn.dst} = ${name}` : `r${insn.dst} = ${name} ll`;
  const imm64 = insn.imm64 ?? BigInt(insn.imm >>> 0);
  if (insn.src === LddwSource.IMM64) {
    return prevail ? `r${insn.dst} = ${toSigned64(imm64)}` : `r${insn.dst} = ${toSigned64(imm64)} ll`;
  }
  const lo = Number(imm64 & 0xffffffffn);
  const hi = Number(imm64 >> 32n);
  if (prevail) {
    if (insn.src === LddwSource.MAP_FD) return `r${insn.dst} = map_fd ${lo}`;
    if (insn.src === LddwSource.MAP_VALUE) return `r${insn.dst} = map_val(${lo}) + ${hi}`;
  }
  return `ld_pseudo\tr${insn.dst}, ${insn.src}, ${lo}${hi !== 0 ? `, ${hi}` : ''}`;
}

function memText(insn: Instruction, options: DisassembleOptions, prevail: boolean): string {
  const cls = insn.opcode & 0x07;
  const mode = insn.opcode & 0xe0;
  const size = insn.opcode & 0x18;
  const bits = SIZE_NAMES[size];
  // alu32 (and PREVAIL) name the 32-bit view of the value register for sub-64-bit accesses.
  const narrowW = (options.alu32 === true || prevail) && size !== MemSize.DW;
  switch (cls) {
    case InsnClass.LD:
      if (insn.opcode === 0x18) return lddwText(insn, options, prevail);
      if (mode === MemMode.ABS) return `r0 = *(u${bits} *)skb[${insn.imm}]`;
      if (mode === MemMode.IND) {
        const extra = insn.imm === 0 ? '' : insn.imm < 0 ? ` - ${-insn.imm}` : ` + ${insn.imm}`;
        return `r0 = *(u${bits} *)skb[r${insn.src}${extra}]`;
      }
      return '<unknown>';
    case InsnClass.LDX:
      if (mode === MemMode.MEMSX) return `r${insn.dst} = *(s${bits} *)${memRef(insn.src, insn.offset)}`;
      return `${narrowW ? 'w' : 'r'}${insn.dst} = *(u${bits} *)${memRef(insn.src, insn.offset)}`;
    case InsnClass.ST:
      return `*(u${bits} *)${memRef(insn.dst, insn.offset)} = ${insn.imm}`;
    case InsnClass.STX:
      if (mode === MemMode.ATOMIC) return atomicText(insn, options, prevail);
      return `*(u${bits} *)${memRef(insn.dst, insn.offset)} = ${narrowW ? 'w' : 'r'}${insn.src}`;
    default:
      return '<unknown>';
  }
}

function atomicText(insn: Instruction, options: DisassembleOptions, prevail: boolean): string {
  const is64 = (insn.opcode & 0x18) === MemSize.DW;
  const r = is64 ? 'r' : 'w';
  const bits = is64 ? 64 : 32;
  const place = memRef(insn.dst, insn.offset);
  const addr = place.slice(1, -1);
  if (insn.imm === AtomicOp.XCHG)
    return `${r}${insn.src} = ${is64 ? 'xchg_64' : 'xchg32_32'}(${addr}, ${r}${insn.src})`;
  if (insn.imm === AtomicOp.CMPXCHG) {
    return `${r}0 = ${is64 ? 'cmpxchg_64' : 'cmpxchg32_32'}(${addr}, ${r}0, ${r}${insn.src})`;
  }
  const names = ATOMIC_NAMES[insn.imm & ~AtomicOp.FETCH];
  if (names === undefined) return '<unknown>';
  if ((insn.imm & AtomicOp.FETCH) !== 0)
    return `${r}${insn.src} = ${names.fetch}((u${bits} *)${place}, ${r}${insn.src})`;
  // Plain llvm-objdump decodes only the 32-bit add without alu32, naming the 64-bit register.
  const valueReg = is64 || (insn.imm === AtomicOp.ADD && options.alu32 !== true && !prevail) ? 'r' : 'w';
  return `lock *(u${bits} *)${place} ${names.lock} ${valueReg}${insn.src}`;
}

/** One instruction as text (no address, no bytes). */
export function disassembleInstruction(insn: Instruction, options: DisassembleOptions = {}): string {
  const prevail = options.syntax === 'prevail';
  switch (insn.opcode & 0x07) {
    case InsnClass.ALU:
    case InsnClass.ALU64:
      return aluText(insn, prevail);
    case InsnClass.JMP:
    case InsnClass.JMP32:
      return jmpText(insn, options, prevail);
    default:
      return memText(insn, options, prevail);
  }
}

export interface DisassemblyLine {
  readonly pc: number;
  readonly text: string;
}

/** Every instruction with its pc, in order. */
export function disassemble(insns: readonly Instruction[], options: DisassembleOptions = {}): DisassemblyLine[] {
  return insns.map((insn) => ({ pc: insn.pc, text: disassembleInstruction(insn, options) }));
}

/** The listing as llvm-objdump lays it out: `pc:\ttext`, the pc right-aligned to 8 columns. */
export function formatListing(insns: readonly Instruction[], options: DisassembleOptions = {}): string {
  return insns.map((insn) => `${String(insn.pc).padStart(8)}:\t${disassembleInstruction(insn, options)}`).join('\n');
}
