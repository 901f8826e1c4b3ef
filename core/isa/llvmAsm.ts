// Reader for the llvm-objdump syntax that disassemble.ts prints (see the table there), so that
// parseLlvmAsm(disassemble(x)) == x. One instruction per line; also accepted: `name:` label lines,
// `goto name` / `call name` to a label, a leading `12:` address, a trailing ` <sym+0x..>` annotation
// (ignored, as llvm-objdump prints it), and `;` or `//` comments.

import { AssembleError, makeInsn, parseIntLiteral, resolveTargets, type PendingTarget } from './assemble';
import { capture, type Captures } from './captures';
import { LLVM_ALU_OPERATORS, LLVM_ATOMIC_NAMES, LLVM_JMP_OPERATORS } from './disassemble';
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

export interface LlvmAsmOptions {
  /** Inverse of DisassembleOptions.lddwName: the pseudo source and constant of `rN = name ll`. */
  readonly lddwValue?: (name: string) => { src: number; imm64: bigint } | undefined;
  /** Inverse of DisassembleOptions.callName: the call's imm for `call name` when name is no label here. */
  readonly callImm?: (name: string, pc: number) => number | undefined;
  /** Line number of the text's first line, for error messages. */
  readonly firstLine?: number;
}

const SIZE_BY_BITS: Record<string, number> = { '8': MemSize.B, '16': MemSize.H, '32': MemSize.W, '64': MemSize.DW };

function invert(table: Readonly<Record<number, string>>): Map<string, number> {
  return new Map(Object.entries(table).map(([k, v]) => [v, Number(k)]));
}
const ALU_BY_OPERATOR = invert(LLVM_ALU_OPERATORS);
const JMP_BY_OPERATOR = invert(LLVM_JMP_OPERATORS);
const ATOMIC_BY_LOCK = new Map(Object.entries(LLVM_ATOMIC_NAMES).map(([k, v]) => [v.lock, Number(k)]));
const ATOMIC_BY_FETCH = new Map(Object.entries(LLVM_ATOMIC_NAMES).map(([k, v]) => [v.fetch, Number(k)]));

const REG = '([rw])(\\d+)';
const OFF = '\\(r(\\d+) ([+-]) (\\d+)\\)';
const IMM = '(-?(?:0x[0-9a-fA-F]+|\\d+))';
const TARGET = '([+-]\\d+|[A-Za-z_.][\\w.]*)';

class LlvmParser {
  readonly insns: Instruction[] = [];
  readonly labels = new Map<string, number>();
  readonly pending: PendingTarget[] = [];
  pc = 0;
  line = 0;

  constructor(readonly options: LlvmAsmOptions) {}

  fail(message: string): never {
    throw new AssembleError(message, this.line);
  }

  reg(kind: string, n: string, wide?: boolean): number {
    const r = Number(n);
    if (r > 10) this.fail(`invalid register ${kind}${n}`);
    if (wide !== undefined && (kind === 'r') !== wide) this.fail(`expected ${wide ? 'r' : 'w'}${n}, found ${kind}${n}`);
    return r;
  }

  imm32(text: string): number {
    const v = parseIntLiteral(text);
    if (v === undefined || v < -(2n ** 31n) || v > 2n ** 32n - 1n)
      this.fail(`immediate ${text} does not fit in 32 bits`);
    return Number(BigInt.asIntN(32, v));
  }

  offset(sign: string, n: string): number {
    const v = Number(n) * (sign === '-' ? -1 : 1);
    if (v < -0x8000 || v > 0x7fff) this.fail(`offset ${sign}${n} does not fit in 16 bits`);
    return v;
  }

  size(bits: string): number {
    const s = SIZE_BY_BITS[bits];
    if (s === undefined) this.fail(`invalid access width ${bits}`);
    return s;
  }

  target(text: string, field: 'offset' | 'imm'): number {
    const n = parseIntLiteral(text);
    if (n !== undefined) return Number(n);
    this.pending.push({ index: this.insns.length, label: text, field, line: this.line });
    return 0;
  }

  emit(opcode: number, dst: number, src: number, offset: number, imm: number, imm64?: bigint): void {
    const insn = makeInsn(this.pc, opcode, dst, src, offset, imm, imm64);
    this.insns.push(insn);
    this.pc += insn.slots;
  }

  statement(s: string): void {
    let m: Captures | undefined;
    if (s === 'exit') return this.emit(InsnClass.JMP | JmpOp.EXIT, 0, 0, 0, 0);
    if ((m = capture(/^goto ([+-]\d+|[A-Za-z_.][\w.]*)$/, s)))
      return this.emit(InsnClass.JMP | JmpOp.JA, 0, 0, this.target(m.get(1), 'offset'), 0);
    if ((m = capture(/^gotol ([+-]\d+|[A-Za-z_.][\w.]*)$/, s)))
      return this.emit(InsnClass.JMP32 | JmpOp.JA, 0, 0, 0, this.target(m.get(1), 'imm'));
    if ((m = capture(/^callx r(\d+)$/, s)))
      return this.emit(InsnClass.JMP | JmpOp.CALL | Source.X, this.reg('r', m.get(1)), 0, 0, 0);
    if ((m = capture(/^call pc([+-]\d+)$/, s)))
      return this.emit(InsnClass.JMP | JmpOp.CALL, 0, CallSource.LOCAL, 0, this.imm32(m.get(1)));
    if ((m = capture(/^call kfunc (-?\d+)$/, s)))
      return this.emit(InsnClass.JMP | JmpOp.CALL, 0, CallSource.KFUNC, 0, this.imm32(m.get(1)));
    if ((m = capture(/^call (-?\d+)$/, s)))
      return this.emit(InsnClass.JMP | JmpOp.CALL, 0, CallSource.HELPER, 0, this.imm32(m.get(1)));
    if ((m = capture(/^call ([A-Za-z_.][\w.]*)$/, s))) return this.localCall(m.get(1));
    if ((m = capture(new RegExp(`^if ${REG} (\\S+) (?:${REG}|${IMM}) goto ${TARGET}$`), s))) {
      const wide = m.get(1) === 'r';
      const op = JMP_BY_OPERATOR.get(m.get(3));
      if (op === undefined) this.fail(`unknown comparison '${m.get(3)}'`);
      const cls = wide ? InsnClass.JMP : InsnClass.JMP32;
      const dst = this.reg(m.get(1), m.get(2));
      if (m.opt(4) !== undefined) {
        const src = this.reg(m.get(4), m.get(5), wide);
        return this.emit(cls | op | Source.X, dst, src, this.target(m.get(7), 'offset'), 0);
      }
      const imm = this.imm32(m.get(6));
      return this.emit(cls | op | Source.K, dst, 0, this.target(m.get(7), 'offset'), imm);
    }
    if ((m = capture(new RegExp(`^lock \\*\\(u(32|64) \\*\\)${OFF} (\\S+) ${REG}$`), s))) {
      const op = ATOMIC_BY_LOCK.get(m.get(5));
      if (op === undefined) this.fail(`unknown atomic operator '${m.get(5)}'`);
      return this.emit(
        InsnClass.STX | MemMode.ATOMIC | this.size(m.get(1)),
        this.reg('r', m.get(2)),
        this.reg(m.get(6), m.get(7)),
        this.offset(m.get(3), m.get(4)),
        op,
      );
    }
    if ((m = capture(new RegExp(`^${REG} = (atomic_fetch_\\w+)\\(\\(u(32|64) \\*\\)${OFF}, ${REG}\\)$`), s))) {
      const op = ATOMIC_BY_FETCH.get(m.get(3));
      if (op === undefined) this.fail(`unknown atomic function '${m.get(3)}'`);
      const src = this.reg(m.get(8), m.get(9), m.get(4) === '64');
      if (this.reg(m.get(1), m.get(2), m.get(4) === '64') !== src)
        this.fail('atomic fetch must name the same register on both sides');
      return this.emit(
        InsnClass.STX | MemMode.ATOMIC | this.size(m.get(4)),
        this.reg('r', m.get(5)),
        src,
        this.offset(m.get(6), m.get(7)),
        op | AtomicOp.FETCH,
      );
    }
    if ((m = capture(new RegExp(`^${REG} = (xchg_64|xchg32_32)\\(r(\\d+) ([+-]) (\\d+), ${REG}\\)$`), s))) {
      const wide = m.get(3) === 'xchg_64';
      const src = this.reg(m.get(7), m.get(8), wide);
      if (this.reg(m.get(1), m.get(2), wide) !== src) this.fail('xchg must name the same register on both sides');
      return this.emit(
        InsnClass.STX | MemMode.ATOMIC | (wide ? MemSize.DW : MemSize.W),
        this.reg('r', m.get(4)),
        src,
        this.offset(m.get(5), m.get(6)),
        AtomicOp.XCHG,
      );
    }
    if (
      (m = capture(new RegExp(`^${REG} = (cmpxchg_64|cmpxchg32_32)\\(r(\\d+) ([+-]) (\\d+), ${REG}, ${REG}\\)$`), s))
    ) {
      const wide = m.get(3) === 'cmpxchg_64';
      if (this.reg(m.get(1), m.get(2), wide) !== 0 || this.reg(m.get(7), m.get(8), wide) !== 0)
        this.fail('cmpxchg compares with r0');
      return this.emit(
        InsnClass.STX | MemMode.ATOMIC | (wide ? MemSize.DW : MemSize.W),
        this.reg('r', m.get(4)),
        this.reg(m.get(9), m.get(10), wide),
        this.offset(m.get(5), m.get(6)),
        AtomicOp.CMPXCHG,
      );
    }
    if ((m = capture(new RegExp(`^\\*\\(u(8|16|32|64) \\*\\)${OFF} = (?:${REG}|${IMM})$`), s))) {
      const size = this.size(m.get(1));
      const dst = this.reg('r', m.get(2));
      const off = this.offset(m.get(3), m.get(4));
      if (m.opt(5) !== undefined)
        return this.emit(InsnClass.STX | MemMode.MEM | size, dst, this.reg(m.get(5), m.get(6)), off, 0);
      return this.emit(InsnClass.ST | MemMode.MEM | size, dst, 0, off, this.imm32(m.get(7)));
    }
    if ((m = capture(new RegExp(`^${REG} = \\*\\(([us])(8|16|32|64) \\*\\)${OFF}$`), s))) {
      const mode = m.get(3) === 's' ? MemMode.MEMSX : MemMode.MEM;
      if (mode === MemMode.MEMSX && m.get(4) === '64') this.fail('there is no sign-extending 64-bit load');
      return this.emit(
        InsnClass.LDX | mode | this.size(m.get(4)),
        this.reg(m.get(1), m.get(2)),
        this.reg('r', m.get(5)),
        this.offset(m.get(6), m.get(7)),
        0,
      );
    }
    if ((m = capture(/^r0 = \*\(u(8|16|32) \*\)skb\[(?:r(\d+)(?: ([+-]) (\d+))?|(-?\d+))\]$/, s))) {
      const size = this.size(m.get(1));
      if (m.opt(2) !== undefined) {
        const imm = m.opt(4) === undefined ? 0 : this.imm32((m.opt(3) === '-' ? '-' : '') + m.get(4));
        return this.emit(InsnClass.LD | MemMode.IND | size, 0, this.reg('r', m.get(2)), 0, imm);
      }
      return this.emit(InsnClass.LD | MemMode.ABS | size, 0, 0, 0, this.imm32(m.get(5)));
    }
    if ((m = capture(/^r(\d+) = (-?\d+|0x[0-9a-fA-F]+) ll$/, s))) {
      const v = parseIntLiteral(m.get(2));
      if (v === undefined || v < -(2n ** 63n) || v > 2n ** 64n - 1n)
        this.fail(`constant ${m.get(2)} does not fit in 64 bits`);
      return this.emit(0x18, this.reg('r', m.get(1)), 0, 0, 0, v);
    }
    if ((m = capture(/^r(\d+) = ([A-Za-z_.][\w.+]*) ll$/, s))) {
      const value = this.options.lddwValue?.(m.get(2));
      if (value === undefined) this.fail(`unknown symbol '${m.get(2)}' in lddw`);
      return this.emit(0x18, this.reg('r', m.get(1)), value.src, 0, 0, value.imm64);
    }
    if ((m = capture(/^ld_pseudo\s+r(\d+), (\d+), (\d+)(?:, (\d+))?$/, s))) {
      const src = Number(m.get(2));
      const lo = BigInt(m.get(3));
      const hi = BigInt(m.opt(4) ?? '0');
      if (src < 1 || src > 6 || lo > 0xffffffffn || hi > 0xffffffffn) this.fail(`invalid ld_pseudo operands`);
      return this.emit(0x18, this.reg('r', m.get(1)), src, 0, 0, (hi << 32n) | lo);
    }
    if ((m = capture(/^r(\d+) = (le|be|bswap)(16|32|64) r(\d+)$/, s))) {
      if (m.get(1) !== m.get(4)) this.fail('a byte swap must name the same register on both sides');
      const opcode = m.get(2) === 'le' ? 0xd4 : m.get(2) === 'be' ? 0xdc : 0xd7;
      return this.emit(opcode, this.reg('r', m.get(1)), 0, 0, Number(m.get(3)));
    }
    if ((m = capture(new RegExp(`^${REG} = -${REG}$`), s))) {
      const wide = m.get(1) === 'r';
      if (m.get(2) !== m.get(4) || m.get(1) !== m.get(3)) this.fail('neg must name the same register on both sides');
      return this.emit((wide ? InsnClass.ALU64 : InsnClass.ALU) | AluOp.NEG, this.reg(m.get(1), m.get(2)), 0, 0, 0);
    }
    if ((m = capture(new RegExp(`^${REG} = \\(s(8|16|32)\\)${REG}$`), s))) {
      const wide = m.get(1) === 'r';
      if (!wide && m.get(3) === '32') this.fail('there is no 32-bit movsx from s32');
      return this.emit(
        (wide ? InsnClass.ALU64 : InsnClass.ALU) | AluOp.MOV | Source.X,
        this.reg(m.get(1), m.get(2)),
        this.reg(m.get(4), m.get(5), wide),
        Number(m.get(3)),
        0,
      );
    }
    if ((m = capture(new RegExp(`^${REG} (s?[-+*/%|&^]=|<<=|s?>>=|=) (?:${REG}|${IMM})$`), s))) {
      const wide = m.get(1) === 'r';
      const signed = m.get(3) === 's/=' || m.get(3) === 's%=';
      const op = ALU_BY_OPERATOR.get(signed ? m.get(3).slice(1) : m.get(3));
      if (op === undefined) this.fail(`unknown operator '${m.get(3)}'`);
      const cls = wide ? InsnClass.ALU64 : InsnClass.ALU;
      const dst = this.reg(m.get(1), m.get(2));
      const offset = signed ? 1 : 0;
      if (m.opt(4) !== undefined)
        return this.emit(cls | op | Source.X, dst, this.reg(m.get(4), m.get(5), wide), offset, 0);
      return this.emit(cls | op | Source.K, dst, 0, offset, this.imm32(m.get(6)));
    }
    this.fail(`cannot parse '${s}'`);
  }

  localCall(name: string): void {
    if (this.labels.has(name) || this.options.callImm === undefined) {
      this.pending.push({ index: this.insns.length, label: name, field: 'imm', line: this.line });
      return this.emit(InsnClass.JMP | JmpOp.CALL, 0, CallSource.LOCAL, 0, 0);
    }
    const imm = this.options.callImm(name, this.pc);
    if (imm === undefined) this.fail(`unknown function '${name}'`);
    this.emit(InsnClass.JMP | JmpOp.CALL, 0, CallSource.LOCAL, 0, imm);
  }

  resolve(): Instruction[] {
    return resolveTargets(this.insns, this.pending, this.labels);
  }
}

/** Parse llvm-objdump-syntax text (as disassemble() prints it) back into instructions. */
export function parseLlvmAsm(text: string, options: LlvmAsmOptions = {}): Instruction[] {
  const p = new LlvmParser(options);
  const lines = text.split(/\r?\n/);
  const first = options.firstLine ?? 1;
  for (const [i, line] of lines.entries()) {
    p.line = i + first;
    let s = line.replace(/\s*(;|\/\/).*$/, '').trim();
    s = s.replace(/^\d+:\s*/, '').replace(/ <[^<>]*>$/, '');
    if (s === '') continue;
    const label = capture(/^([A-Za-z_.][\w.]*):$/, s)?.get(1);
    if (label !== undefined) {
      if (p.labels.has(label)) p.fail(`duplicate label '${label}'`);
      p.labels.set(label, p.pc);
      continue;
    }
    p.statement(s.replace(/\s+/g, ' '));
  }
  return p.resolve();
}
