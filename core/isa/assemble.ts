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

interface PendingTarget {
  readonly index: number;
  readonly label: string;
  readonly field: 'offset' | 'imm';
  readonly line: number;
}

/** Parse an integer literal (decimal or 0x hex, optional sign) as a bigint. */
export function parseIntLiteral(text: string): bigint | undefined {
  const m = /^([+-]?)(0x[0-9a-f]+|\d+)$/i.exec(text);
  if (!m) return undefined;
  const v = BigInt(m[2]);
  return m[1] === '-' ? -v : v;
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

  reg(token: string | undefined): number {
    const m = token === undefined ? null : /^%r(\d+)$/.exec(token);
    if (!m || Number(m[1]) > 10) this.fail(`expected a register %r0..%r10, found '${token ?? ''}'`);
    return Number(m[1]);
  }

  imm32(token: string | undefined): number {
    const v = token === undefined ? undefined : parseIntLiteral(token);
    if (v === undefined) this.fail(`expected an integer, found '${token ?? ''}'`);
    if (v < -(2n ** 31n) || v > 2n ** 32n - 1n) this.fail(`immediate ${token} does not fit in 32 bits`);
    return Number(BigInt.asIntN(32, v));
  }

  /** `[%r10-8]`, `[%r1+2]`, `[%r1]` -> register and signed 16-bit offset. */
  memOperand(token: string | undefined): { reg: number; offset: number } {
    const m = token === undefined ? null : /^\[\s*(%r\d+)\s*(?:([+-])\s*(0x[0-9a-f]+|\d+))?\s*\]$/i.exec(token);
    if (!m) this.fail(`expected a memory operand like [%r1+8], found '${token ?? ''}'`);
    const offset = m[3] === undefined ? 0 : Number(BigInt(m[3])) * (m[2] === '-' ? -1 : 1);
    if (offset < -0x8000 || offset > 0x7fff) this.fail(`offset ${offset} does not fit in 16 bits`);
    return { reg: this.reg(m[1]), offset };
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

  expectCount(mnemonic: string, operands: string[], n: number): void {
    if (operands.length !== n)
      this.fail(`'${mnemonic}' takes ${n} operand${n === 1 ? '' : 's'}, found ${operands.length}`);
  }

  statement(mnemonic: string, ops: string[]): void {
    if (mnemonic === 'exit') {
      this.expectCount(mnemonic, ops, 0);
      // The suite's assembler lets jumps name `exit`: the first exit instruction.
      if (!this.labels.has('exit')) this.labels.set('exit', this.pc);
      return this.emit(0x95, 0, 0, 0, 0);
    }
    if (mnemonic === 'lddw') {
      this.expectCount(mnemonic, ops, 2);
      const v = parseIntLiteral(ops[1]);
      if (v === undefined) this.fail(`expected a 64-bit integer, found '${ops[1]}'`);
      return this.emit(0x18, this.reg(ops[0]), 0, 0, 0, v);
    }
    if (mnemonic === 'call') return this.call(ops);
    if (mnemonic === 'callx') {
      this.expectCount(mnemonic, ops, 1);
      return this.emit(JmpOp.CALL | Source.X | InsnClass.JMP, this.reg(ops[0]), 0, 0, 0);
    }
    if (mnemonic === 'lock') return this.atomic(ops);
    if (mnemonic === 'ja') {
      this.expectCount(mnemonic, ops, 1);
      return this.emit(InsnClass.JMP | JmpOp.JA, 0, 0, this.target(ops[0], 'offset'), 0);
    }
    if (mnemonic === 'ja32') {
      this.expectCount(mnemonic, ops, 1);
      return this.emit(InsnClass.JMP32 | JmpOp.JA, 0, 0, 0, this.target(ops[0], 'imm'));
    }
    let m = /^(le|be|bswap|swap)(16|32|64)$/.exec(mnemonic);
    if (m) {
      this.expectCount(mnemonic, ops, 1);
      const opcode = m[1] === 'le' ? 0xd4 : m[1] === 'be' ? 0xdc : 0xd7;
      return this.emit(opcode, this.reg(ops[0]), 0, 0, Number(m[2]));
    }
    m = /^movsx(8|16|32)(32|64)$/.exec(mnemonic);
    if (m) {
      this.expectCount(mnemonic, ops, 2);
      const cls = m[2] === '32' ? InsnClass.ALU : InsnClass.ALU64;
      return this.emit(cls | AluOp.MOV | Source.X, this.reg(ops[0]), this.reg(ops[1]), Number(m[1]), 0);
    }
    m = /^(neg)(32)?$/.exec(mnemonic);
    if (m) {
      this.expectCount(mnemonic, ops, 1);
      return this.emit((m[2] ? InsnClass.ALU : InsnClass.ALU64) | AluOp.NEG, this.reg(ops[0]), 0, 0, 0);
    }
    m = /^([a-z]+?)(32)?$/.exec(mnemonic);
    if (m && ALU_MNEMONICS[m[1]] !== undefined) {
      this.expectCount(mnemonic, ops, 2);
      const { op, offset } = ALU_MNEMONICS[m[1]];
      const cls = m[2] ? InsnClass.ALU : InsnClass.ALU64;
      if (ops[1].startsWith('%')) return this.emit(cls | op | Source.X, this.reg(ops[0]), this.reg(ops[1]), offset, 0);
      return this.emit(cls | op | Source.K, this.reg(ops[0]), 0, offset, this.imm32(ops[1]));
    }
    if (m && JMP_MNEMONICS[m[1]] !== undefined) {
      this.expectCount(mnemonic, ops, 3);
      const cls = m[2] ? InsnClass.JMP32 : InsnClass.JMP;
      const op = JMP_MNEMONICS[m[1]];
      const dst = this.reg(ops[0]);
      if (ops[1].startsWith('%')) {
        const src = this.reg(ops[1]);
        return this.emit(cls | op | Source.X, dst, src, this.target(ops[2], 'offset'), 0);
      }
      const imm = this.imm32(ops[1]);
      return this.emit(cls | op | Source.K, dst, 0, this.target(ops[2], 'offset'), imm);
    }
    m = /^(ldx|ldxs|stx|st)(b|h|w|dw)$/.exec(mnemonic);
    if (m) {
      this.expectCount(mnemonic, ops, 2);
      const size = SIZE_SUFFIX[m[2]];
      switch (m[1]) {
        case 'ldx': {
          const mem = this.memOperand(ops[1]);
          return this.emit(InsnClass.LDX | MemMode.MEM | size, this.reg(ops[0]), mem.reg, mem.offset, 0);
        }
        case 'ldxs': {
          if (size === MemSize.DW) this.fail(`unknown mnemonic '${mnemonic}'`);
          const mem = this.memOperand(ops[1]);
          return this.emit(InsnClass.LDX | MemMode.MEMSX | size, this.reg(ops[0]), mem.reg, mem.offset, 0);
        }
        case 'stx': {
          const mem = this.memOperand(ops[0]);
          return this.emit(InsnClass.STX | MemMode.MEM | size, mem.reg, this.reg(ops[1]), mem.offset, 0);
        }
        default: {
          const mem = this.memOperand(ops[0]);
          return this.emit(InsnClass.ST | MemMode.MEM | size, mem.reg, 0, mem.offset, this.imm32(ops[1]));
        }
      }
    }
    m = /^ld(abs|ind)(b|h|w)$/.exec(mnemonic);
    if (m) {
      const size = SIZE_SUFFIX[m[2]];
      if (m[1] === 'abs') {
        this.expectCount(mnemonic, ops, 1);
        return this.emit(InsnClass.LD | MemMode.ABS | size, 0, 0, 0, this.imm32(ops[0]));
      }
      this.expectCount(mnemonic, ops, 2);
      return this.emit(InsnClass.LD | MemMode.IND | size, 0, this.reg(ops[0]), 0, this.imm32(ops[1]));
    }
    this.fail(`unknown mnemonic '${mnemonic}'`);
  }

  call(ops: string[]): void {
    const call = InsnClass.JMP | JmpOp.CALL;
    if (ops.length === 1 && ops[0].startsWith('%')) return this.emit(call | Source.X, this.reg(ops[0]), 0, 0, 0);
    if (ops.length === 1) return this.emit(call, 0, CallSource.HELPER, 0, this.imm32(ops[0]));
    if (ops.length === 2 && ops[0] === 'helper') return this.emit(call, 0, CallSource.HELPER, 0, this.imm32(ops[1]));
    if (ops.length === 2 && ops[0] === 'local')
      return this.emit(call, 0, CallSource.LOCAL, 0, this.target(ops[1], 'imm'));
    if (ops.length === 2 && ops[0] === 'kfunc') return this.emit(call, 0, CallSource.KFUNC, 0, this.imm32(ops[1]));
    this.fail(`invalid call operands '${ops.join(' ')}'`);
  }

  /** `lock [fetch] op[32] [%rD+off], %rS`. */
  atomic(ops: string[]): void {
    const fetch = ops[0] === 'fetch';
    const rest = fetch ? ops.slice(1) : ops;
    const m = rest.length === 3 ? /^([a-z]+?)(32)?$/.exec(rest[0]) : null;
    const op = m ? ATOMIC_MNEMONICS[m[1]] : undefined;
    if (!m || op === undefined) this.fail(`invalid atomic operation 'lock ${ops.join(' ')}'`);
    if (fetch && (op === AtomicOp.XCHG || op === AtomicOp.CMPXCHG)) this.fail(`'fetch' is implied by ${m[1]}`);
    const mem = this.memOperand(rest[1]);
    const size = m[2] ? MemSize.W : MemSize.DW;
    this.emit(
      InsnClass.STX | MemMode.ATOMIC | size,
      mem.reg,
      this.reg(rest[2]),
      mem.offset,
      op | (fetch ? AtomicOp.FETCH : 0),
    );
  }

  resolve(): Instruction[] {
    const out = this.insns.slice();
    for (const p of this.pending) {
      const target = this.labels.get(p.label);
      if (target === undefined) throw new AssembleError(`undefined label '${p.label}'`, p.line);
      const insn = out[p.index];
      const rel = target - insn.pc - 1;
      if (p.field === 'offset' && (rel < -0x8000 || rel > 0x7fff))
        throw new AssembleError(`jump to '${p.label}' is out of 16-bit range`, p.line);
      out[p.index] = p.field === 'offset' ? { ...insn, offset: rel } : { ...insn, imm: rel };
    }
    return out;
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
  for (let i = 0; i < lines.length; i++) {
    a.line = i + first;
    const code = lines[i].replace(/#.*/, '').trim();
    if (code === '') continue;
    const label = /^([A-Za-z_.][\w.]*):\s*(.*)$/.exec(code);
    let rest = code;
    if (label) {
      if (a.labels.has(label[1]) && label[1] !== 'exit') a.fail(`duplicate label '${label[1]}'`);
      a.labels.set(label[1], a.pc);
      rest = label[2].trim();
      if (rest === '') continue;
    }
    const [mnemonic, ...ops] = tokenize(rest);
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
    error: errorLines.length > 0 ? errorLines[errorLines.length - 1] : seen.has('error') ? '' : null,
  };
}
