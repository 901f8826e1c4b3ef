// Assembler for the conformance suite's `-- asm` syntax (uBPF style: `mov32 %r0, 0`,
// `ldxw %r0, [%r1+2]`, `lock fetch add [%r10-8], %r1`, `jeq %r1, 0, +3`, labels `name:`), and a
// reader for the suite's `.data` files. The mnemonic table follows the suite's own assembler so
// that our bytes equal its `assembled.json`; a few uBPF mnemonics it lacks are accepted as well
// (`ldabsw 12`, `ldindw %r1, 4`, `callx %r2`).

import {
  AluOp,
  AtomicOp,
  CallSource,
  InsnClass,
  JmpOp,
  MemMode,
  MemSize,
  Source,
  type Instruction,
} from './instruction';
import { capture } from './captures';

export class AssembleError extends Error {
  constructor(
    message: string,
    /** 1-based line number within the assembled text. */
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'AssembleError';
  }
}

/** Build an Instruction; lddw gets two slots and its 64-bit constant. */
export function makeInsn(
  pc: number,
  opcode: number,
  dst: number,
  src: number,
  offset: number,
  imm: number,
  imm64?: bigint,
): Instruction {
  if (opcode === 0x18) {
    const v = BigInt.asUintN(64, imm64 ?? BigInt(imm));
    return { pc, opcode, dst, src, offset, imm: Number(v & 0xffffffffn) | 0, imm64: v, slots: 2 };
  }
  return { pc, opcode, dst, src, offset, imm, slots: 1 };
}

const ALU_MNEMONICS: Record<string, { op: number; offset: number }> = {
  add: { op: AluOp.ADD, offset: 0 },
  sub: { op: AluOp.SUB, offset: 0 },
  mul: { op: AluOp.MUL, offset: 0 },
  div: { op: AluOp.DIV, offset: 0 },
  sdiv: { op: AluOp.DIV, offset: 1 },
  or: { op: AluOp.OR, offset: 0 },
  and: { op: AluOp.AND, offset: 0 },
  lsh: { op: AluOp.LSH, offset: 0 },
  rsh: { op: AluOp.RSH, offset: 0 },
  mod: { op: AluOp.MOD, offset: 0 },
  smod: { op: AluOp.MOD, offset: 1 },
  xor: { op: AluOp.XOR, offset: 0 },
  mov: { op: AluOp.MOV, offset: 0 },
  arsh: { op: AluOp.ARSH, offset: 0 },
};

const JMP_MNEMONICS: Record<string, number> = {
  jeq: JmpOp.JEQ,
  jgt: JmpOp.JGT,
  jge: JmpOp.JGE,
  jset: JmpOp.JSET,
  jne: JmpOp.JNE,
  jsgt: JmpOp.JSGT,
  jsge: JmpOp.JSGE,
  jlt: JmpOp.JLT,
  jle: JmpOp.JLE,
  jslt: JmpOp.JSLT,
  jsle: JmpOp.JSLE,
};

const SIZE_SUFFIX: Record<string, number> = { b: MemSize.B, h: MemSize.H, w: MemSize.W, dw: MemSize.DW };

const ATOMIC_MNEMONICS: Record<string, number> = {
  add: AtomicOp.ADD,
  or: AtomicOp.OR,
  and: AtomicOp.AND,
  xor: AtomicOp.XOR,
  xchg: AtomicOp.XCHG,
  cmpxchg: AtomicOp.CMPXCHG,
};

/** A jump or call whose label is resolved once every label is known. */
export interface PendingTarget {
  readonly index: number;
  readonly label: string;
  readonly field: 'offset' | 'imm';
  readonly line: number;
}

/** Fill each pending jump or call field with the distance, in slots, to its label. */
export function resolveTargets(
  insns: readonly Instruction[],
  pending: readonly PendingTarget[],
  labels: ReadonlyMap<string, number>,
): Instruction[] {
  const out = insns.slice();
  for (const p of pending) {
    const target = labels.get(p.label);
    if (target === undefined) throw new AssembleError(`undefined label '${p.label}'`, p.line);
    const insn = out[p.index];
    if (insn === undefined) throw new Error(`pending target ${p.index} lies past the ${out.length} instructions`);
    const rel = target - insn.pc - 1;
    if (p.field === 'offset' && (rel < -0x8000 || rel > 0x7fff))
      throw new AssembleError(`jump to '${p.label}' is out of 16-bit range`, p.line);
    out[p.index] = p.field === 'offset' ? { ...insn, offset: rel } : { ...insn, imm: rel };
  }
  return out;
}

/** Parse an integer literal (decimal or 0x hex, optional sign) as a bigint. */
export function parseIntLiteral(text: string): bigint | undefined {
  const m = capture(/^([+-]?)(0x[0-9a-f]+|\d+)$/i, text);
  if (!m) return undefined;
  const v = BigInt(m.get(2));
  return m.get(1) === '-' ? -v : v;
}

class LineAssembler {
  readonly insns: Instruction[] = [];
  readonly labels = new Map<string, number>();
  readonly pending: PendingTarget[] = [];
  pc = 0;
  line = 0;

  fail(message: string): never {
    throw new AssembleError(message, this.line);
  }

  size(suffix: string): number {
    const size = SIZE_SUFFIX[suffix];
    if (size === undefined) this.fail(`invalid access size '${suffix}'`);
    return size;
  }

  reg(token: string | undefined): number {
    const m = token === undefined ? undefined : capture(/^%r(\d+)$/, token);
    if (!m || Number(m.get(1)) > 10) this.fail(`expected a register %r0..%r10, found '${token ?? ''}'`);
    return Number(m.get(1));
  }

  imm32(token: string | undefined): number {
    const v = token === undefined ? undefined : parseIntLiteral(token);
    if (v === undefined) this.fail(`expected an integer, found '${token ?? ''}'`);
    if (v < -(2n ** 31n) || v > 2n ** 32n - 1n) this.fail(`immediate ${token} does not fit in 32 bits`);
    return Number(BigInt.asIntN(32, v));
  }

  /** `[%r10-8]`, `[%r1+2]`, `[%r1]` -> register and signed 16-bit offset. */
  memOperand(token: string | undefined): { reg: number; offset: number } {
    const m =
      token === undefined ? undefined : capture(/^\[\s*(%r\d+)\s*(?:([+-])\s*(0x[0-9a-f]+|\d+))?\s*\]$/i, token);
    if (!m) this.fail(`expected a memory operand like [%r1+8], found '${token ?? ''}'`);
    const magnitude = m.opt(3);
    const offset = magnitude === undefined ? 0 : Number(BigInt(magnitude)) * (m.opt(2) === '-' ? -1 : 1);
    if (offset < -0x8000 || offset > 0x7fff) this.fail(`offset ${offset} does not fit in 16 bits`);
    return { reg: this.reg(m.get(1)), offset };
  }

  emit(opcode: number, dst: number, src: number, offset: number, imm: number, imm64?: bigint): void {
    const insn = makeInsn(this.pc, opcode, dst, src, offset, imm, imm64);
    this.insns.push(insn);
    this.pc += insn.slots;
  }

  /** A jump target: `+3`, `-1`, `3` (relative, in slots) or a label resolved at the end. */
  target(token: string | undefined, field: 'offset' | 'imm'): number {
    if (token === undefined) this.fail('missing jump target');
    const n = parseIntLiteral(token);
    if (n !== undefined) return Number(n);
    if (!/^[A-Za-z_.][\w.]*$/.test(token)) this.fail(`invalid jump target '${token}'`);
    this.pending.push({ index: this.insns.length, label: token, field, line: this.line });
    return 0;
  }

  /** The operands of an instruction that takes exactly n of them. */
  operands(mnemonic: string, ops: readonly string[], n: 0): [];
  operands(mnemonic: string, ops: readonly string[], n: 1): [string];
  operands(mnemonic: string, ops: readonly string[], n: 2): [string, string];
  operands(mnemonic: string, ops: readonly string[], n: 3): [string, string, string];
  operands(mnemonic: string, ops: readonly string[], n: number): string[] {
    if (ops.length !== n) this.fail(`'${mnemonic}' takes ${n} operand${n === 1 ? '' : 's'}, found ${ops.length}`);
    return [...ops];
  }

  statement(mnemonic: string, ops: string[]): void {
    if (mnemonic === 'exit') {
      this.operands(mnemonic, ops, 0);
      // The suite's assembler lets jumps name `exit`: the first exit instruction.
      if (!this.labels.has('exit')) this.labels.set('exit', this.pc);
      return this.emit(0x95, 0, 0, 0, 0);
    }
    if (mnemonic === 'lddw') {
      const [dst, value] = this.operands(mnemonic, ops, 2);
      const v = parseIntLiteral(value);
      if (v === undefined) this.fail(`expected a 64-bit integer, found '${value}'`);
      return this.emit(0x18, this.reg(dst), 0, 0, 0, v);
    }
    if (mnemonic === 'call') return this.call(ops);
    if (mnemonic === 'callx') {
      const [target] = this.operands(mnemonic, ops, 1);
      return this.emit(JmpOp.CALL | Source.X | InsnClass.JMP, this.reg(target), 0, 0, 0);
    }
    if (mnemonic === 'lock') return this.atomic(ops);
    if (mnemonic === 'ja') {
      const [target] = this.operands(mnemonic, ops, 1);
      return this.emit(InsnClass.JMP | JmpOp.JA, 0, 0, this.target(target, 'offset'), 0);
    }
    if (mnemonic === 'ja32') {
      const [target] = this.operands(mnemonic, ops, 1);
      return this.emit(InsnClass.JMP32 | JmpOp.JA, 0, 0, 0, this.target(target, 'imm'));
    }
    let m = capture(/^(le|be|bswap|swap)(16|32|64)$/, mnemonic);
    if (m) {
      const [dst] = this.operands(mnemonic, ops, 1);
      const opcode = m.get(1) === 'le' ? 0xd4 : m.get(1) === 'be' ? 0xdc : 0xd7;
      return this.emit(opcode, this.reg(dst), 0, 0, Number(m.get(2)));
    }
    m = capture(/^movsx(8|16|32)(32|64)$/, mnemonic);
    if (m) {
      const [dst, src] = this.operands(mnemonic, ops, 2);
      const cls = m.get(2) === '32' ? InsnClass.ALU : InsnClass.ALU64;
      return this.emit(cls | AluOp.MOV | Source.X, this.reg(dst), this.reg(src), Number(m.get(1)), 0);
    }
    m = capture(/^(neg)(32)?$/, mnemonic);
    if (m) {
      const [dst] = this.operands(mnemonic, ops, 1);
      return this.emit((m.opt(2) ? InsnClass.ALU : InsnClass.ALU64) | AluOp.NEG, this.reg(dst), 0, 0, 0);
    }
    m = capture(/^([a-z]+?)(32)?$/, mnemonic);
    const alu = m && ALU_MNEMONICS[m.get(1)];
    if (m && alu !== undefined) {
      const [dst, src] = this.operands(mnemonic, ops, 2);
      const cls = m.opt(2) ? InsnClass.ALU : InsnClass.ALU64;
      if (src.startsWith('%')) return this.emit(cls | alu.op | Source.X, this.reg(dst), this.reg(src), alu.offset, 0);
      return this.emit(cls | alu.op | Source.K, this.reg(dst), 0, alu.offset, this.imm32(src));
    }
    const jmp = m && JMP_MNEMONICS[m.get(1)];
    if (m && jmp !== undefined) {
      const [left, right, target] = this.operands(mnemonic, ops, 3);
      const cls = m.opt(2) ? InsnClass.JMP32 : InsnClass.JMP;
      const dst = this.reg(left);
      if (right.startsWith('%')) {
        const src = this.reg(right);
        return this.emit(cls | jmp | Source.X, dst, src, this.target(target, 'offset'), 0);
      }
      const imm = this.imm32(right);
      return this.emit(cls | jmp | Source.K, dst, 0, this.target(target, 'offset'), imm);
    }
    m = capture(/^(ldx|ldxs|stx|st)(b|h|w|dw)$/, mnemonic);
    if (m) {
      const [first, second] = this.operands(mnemonic, ops, 2);
      const size = this.size(m.get(2));
      switch (m.get(1)) {
        case 'ldx': {
          const mem = this.memOperand(second);
          return this.emit(InsnClass.LDX | MemMode.MEM | size, this.reg(first), mem.reg, mem.offset, 0);
        }
        case 'ldxs': {
          if (size === MemSize.DW) this.fail(`unknown mnemonic '${mnemonic}'`);
          const mem = this.memOperand(second);
          return this.emit(InsnClass.LDX | MemMode.MEMSX | size, this.reg(first), mem.reg, mem.offset, 0);
        }
        case 'stx': {
          const mem = this.memOperand(first);
          return this.emit(InsnClass.STX | MemMode.MEM | size, mem.reg, this.reg(second), mem.offset, 0);
        }
        default: {
          const mem = this.memOperand(first);
          return this.emit(InsnClass.ST | MemMode.MEM | size, mem.reg, 0, mem.offset, this.imm32(second));
        }
      }
    }
    m = capture(/^ld(abs|ind)(b|h|w)$/, mnemonic);
    if (m) {
      const size = this.size(m.get(2));
      if (m.get(1) === 'abs') {
        const [imm] = this.operands(mnemonic, ops, 1);
        return this.emit(InsnClass.LD | MemMode.ABS | size, 0, 0, 0, this.imm32(imm));
      }
      const [src, imm] = this.operands(mnemonic, ops, 2);
      return this.emit(InsnClass.LD | MemMode.IND | size, 0, this.reg(src), 0, this.imm32(imm));
    }
    this.fail(`unknown mnemonic '${mnemonic}'`);
  }

  call(ops: readonly string[]): void {
    const call = InsnClass.JMP | JmpOp.CALL;
    const [kind, operand] = ops;
    if (ops.length === 1 && kind?.startsWith('%')) return this.emit(call | Source.X, this.reg(kind), 0, 0, 0);
    if (ops.length === 1) return this.emit(call, 0, CallSource.HELPER, 0, this.imm32(kind));
    if (ops.length === 2 && kind === 'helper') return this.emit(call, 0, CallSource.HELPER, 0, this.imm32(operand));
    if (ops.length === 2 && kind === 'local')
      return this.emit(call, 0, CallSource.LOCAL, 0, this.target(operand, 'imm'));
    if (ops.length === 2 && kind === 'kfunc') return this.emit(call, 0, CallSource.KFUNC, 0, this.imm32(operand));
    this.fail(`invalid call operands '${ops.join(' ')}'`);
  }

  /** `lock [fetch] op[32] [%rD+off], %rS`. */
  atomic(ops: readonly string[]): void {
    const fetch = ops[0] === 'fetch';
    const rest = fetch ? ops.slice(1) : ops;
    const [name, target, source] = rest;
    const m = rest.length === 3 && name !== undefined ? capture(/^([a-z]+?)(32)?$/, name) : undefined;
    const op = m ? ATOMIC_MNEMONICS[m.get(1)] : undefined;
    if (!m || op === undefined) this.fail(`invalid atomic operation 'lock ${ops.join(' ')}'`);
    if (fetch && (op === AtomicOp.XCHG || op === AtomicOp.CMPXCHG)) this.fail(`'fetch' is implied by ${m.get(1)}`);
    const mem = this.memOperand(target);
    const size = m.opt(2) ? MemSize.W : MemSize.DW;
    this.emit(
      InsnClass.STX | MemMode.ATOMIC | size,
      mem.reg,
      this.reg(source),
      mem.offset,
      op | (fetch ? AtomicOp.FETCH : 0),
    );
  }

  resolve(): Instruction[] {
    return resolveTargets(this.insns, this.pending, this.labels);
  }
}

/** Tokens of one line: `[...]` memory operands stay whole; commas and blanks separate. */
function tokenize(line: string): string[] {
  return line.match(/\[[^\]]*\]|[^\s,]+/g) ?? [];
}

/** Assemble conformance-suite assembly text into instructions (pc in slots from 0). */
export function assemble(text: string, options: { firstLine?: number } = {}): Instruction[] {
  const a = new LineAssembler();
  const lines = text.split(/\r?\n/);
  const first = options.firstLine ?? 1;
  for (const [i, line] of lines.entries()) {
    a.line = i + first;
    const code = line.replace(/#.*/, '').trim();
    if (code === '') continue;
    const label = capture(/^([A-Za-z_.][\w.]*):\s*(.*)$/, code);
    let rest = code;
    if (label) {
      const name = label.get(1);
      if (a.labels.has(name) && name !== 'exit') a.fail(`duplicate label '${name}'`);
      a.labels.set(name, a.pc);
      rest = label.get(2).trim();
      if (rest === '') continue;
    }
    const [mnemonic, ...ops] = tokenize(rest);
    if (mnemonic === undefined) throw new AssembleError(`expected an instruction, found '${rest}'`, a.line);
    a.statement(mnemonic.toLowerCase(), ops);
  }
  return a.resolve();
}

/** The sections of a conformance `.data` file. */
export interface ConformanceFile {
  /** The `-- asm` section, comments kept (the assembler strips them). */
  readonly asm: string;
  /** 1-based line of the file where the asm section's text starts (pass to assemble as firstLine). */
  readonly asmLine: number;
  /** `-- mem`: the initial memory buffer (empty when absent). */
  readonly mem: Uint8Array;
  /** `-- result`: the expected r0 as an unsigned 64-bit value, or null when absent. */
  readonly result: bigint | null;
  /** `-- raw`: the program given as 64-bit words, little-endian bytes; null when absent. */
  readonly raw: Uint8Array | null;
  /** `-- error`: the expected error text (last non-empty line), or null. */
  readonly error: string | null;
}

export class ConformanceFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'ConformanceFormatError';
  }
}

type SectionName = 'asm' | 'result' | 'mem' | 'raw' | 'ignored' | 'error';

/** Section names are matched by substring in this order, as the suite's runner does. */
function sectionOf(header: string, line: number): SectionName {
  if (header.includes('asm')) return 'asm';
  if (header.includes('result')) return 'result';
  if (header.includes('mem')) return 'mem';
  if (header.includes('raw')) return 'raw';
  if (header.includes('no register offset') || header.includes(' c')) return 'ignored';
  if (header.includes('error')) return 'error';
  throw new ConformanceFormatError(`unknown directive '${header.trim()}'`, line);
}

/** Read a conformance `.data` file. */
export function parseConformanceFile(text: string): ConformanceFile {
  const parts: Record<SectionName, string[]> = { asm: [], result: [], mem: [], raw: [], ignored: [], error: [] };
  const seen = new Set<SectionName>();
  let current: SectionName | undefined;
  let asmLine = 0;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    if (raw.includes('--')) {
      current = sectionOf(raw, i + 1);
      if (current === 'asm' && asmLine === 0) asmLine = i + 2;
      seen.add(current);
      return;
    }
    if (current === undefined) return;
    // The asm section keeps its comments (labels and line numbers stay meaningful); the others drop them.
    parts[current].push(current === 'asm' ? raw : raw.replace(/#.*/, ''));
  });
  const words = (section: 'mem' | 'raw') =>
    parts[section]
      .join(' ')
      .split(/\s+/)
      .filter((w) => w !== '');
  const mem = Uint8Array.from(
    words('mem').map((w) => {
      const v = parseInt(w, 16);
      if (!/^(0x)?[0-9a-f]{1,2}$/i.test(w) || Number.isNaN(v))
        throw new ConformanceFormatError(`invalid memory byte '${w}'`, 0);
      return v;
    }),
  );
  let raw: Uint8Array | null = null;
  if (seen.has('raw')) {
    const ws = words('raw');
    raw = new Uint8Array(ws.length * 8);
    const view = new DataView(raw.buffer);
    ws.forEach((w, i) => {
      const v = parseIntLiteral(w);
      if (v === undefined) throw new ConformanceFormatError(`invalid raw instruction word '${w}'`, 0);
      view.setBigUint64(i * 8, BigInt.asUintN(64, v), true);
    });
  }
  let result: bigint | null = null;
  const resultText = parts.result.join(' ').trim();
  if (resultText !== '') {
    const v = resultText.includes('0x') ? parseIntLiteral(resultText.toLowerCase()) : parseIntLiteral(resultText);
    if (v === undefined) throw new ConformanceFormatError(`invalid result '${resultText}'`, 0);
    result = BigInt.asUintN(64, v);
  }
  const errorLines = parts.error.map((l) => l.trim()).filter((l) => l !== '');
  return {
    asm: parts.asm.join('\n'),
    asmLine: asmLine || 1,
    mem,
    result,
    raw,
    error: errorLines.at(-1) ?? (seen.has('error') ? '' : null),
  };
}
