// Reader for the llvm-objdump syntax that disassemble.ts prints (see the table there), so that
// parseLlvmAsm(disassemble(x)) == x. One instruction per line; also accepted: `name:` label lines,
// `goto name` / `call name` to a label, a leading `12:` address, a trailing ` <sym+0x..>` annotation
// (ignored, as llvm-objdump prints it), and `;` or `//` comments.

import { AssembleError, makeInsn, parseIntLiteral } from './assemble';
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

interface Pending {
  readonly index: number;
  readonly label: string;
  readonly field: 'offset' | 'imm';
  readonly line: number;
}

class LlvmParser {
  readonly insns: Instruction[] = [];
  readonly labels = new Map<string, number>();
  readonly pending: Pending[] = [];
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
    let m: RegExpExecArray | null;
    if (s === 'exit') return this.emit(InsnClass.JMP | JmpOp.EXIT, 0, 0, 0, 0);
    if ((m = /^goto ([+-]\d+|[A-Za-z_.][\w.]*)$/.exec(s)))
      return this.emit(InsnClass.JMP | JmpOp.JA, 0, 0, this.target(m[1], 'offset'), 0);
    if ((m = /^gotol ([+-]\d+|[A-Za-z_.][\w.]*)$/.exec(s)))
      return this.emit(InsnClass.JMP32 | JmpOp.JA, 0, 0, 0, this.target(m[1], 'imm'));
    if ((m = /^callx r(\d+)$/.exec(s)))
      return this.emit(InsnClass.JMP | JmpOp.CALL | Source.X, this.reg('r', m[1]), 0, 0, 0);
    if ((m = /^call pc([+-]\d+)$/.exec(s)))
      return this.emit(InsnClass.JMP | JmpOp.CALL, 0, CallSource.LOCAL, 0, this.imm32(m[1]));
    if ((m = /^call kfunc (-?\d+)$/.exec(s)))
      return this.emit(InsnClass.JMP | JmpOp.CALL, 0, CallSource.KFUNC, 0, this.imm32(m[1]));
    if ((m = /^call (-?\d+)$/.exec(s)))
      return this.emit(InsnClass.JMP | JmpOp.CALL, 0, CallSource.HELPER, 0, this.imm32(m[1]));
    if ((m = /^call ([A-Za-z_.][\w.]*)$/.exec(s))) return this.localCall(m[1]);
    if ((m = new RegExp(`^if ${REG} (\\S+) (?:${REG}|${IMM}) goto ${TARGET}$`).exec(s))) {
      const wide = m[1] === 'r';
      const op = JMP_BY_OPERATOR.get(m[3]);
      if (op === undefined) this.fail(`unknown comparison '${m[3]}'`);
      const cls = wide ? InsnClass.JMP : InsnClass.JMP32;
      const dst = this.reg(m[1], m[2]);
      if (m[4] !== undefined) {
        const src = this.reg(m[4], m[5], wide);
        return this.emit(cls | op | Source.X, dst, src, this.target(m[7], 'offset'), 0);
      }
      const imm = this.imm32(m[6]);
      return this.emit(cls | op | Source.K, dst, 0, this.target(m[7], 'offset'), imm);
    }
    if ((m = new RegExp(`^lock \\*\\(u(32|64) \\*\\)${OFF} (\\S+) ${REG}$`).exec(s))) {
      const op = ATOMIC_BY_LOCK.get(m[5]);
      if (op === undefined) this.fail(`unknown atomic operator '${m[5]}'`);
      return this.emit(
        InsnClass.STX | MemMode.ATOMIC | this.size(m[1]),
        this.reg('r', m[2]),
        this.reg(m[6], m[7]),
        this.offset(m[3], m[4]),
        op,
      );
    }
    if ((m = new RegExp(`^${REG} = (atomic_fetch_\\w+)\\(\\(u(32|64) \\*\\)${OFF}, ${REG}\\)$`).exec(s))) {
      const op = ATOMIC_BY_FETCH.get(m[3]);
      if (op === undefined) this.fail(`unknown atomic function '${m[3]}'`);
      const src = this.reg(m[8], m[9], m[4] === '64');
      if (this.reg(m[1], m[2], m[4] === '64') !== src)
        this.fail('atomic fetch must name the same register on both sides');
      return this.emit(
        InsnClass.STX | MemMode.ATOMIC | this.size(m[4]),
        this.reg('r', m[5]),
        src,
        this.offset(m[6], m[7]),
        op | AtomicOp.FETCH,
      );
    }
    if ((m = new RegExp(`^${REG} = (xchg_64|xchg32_32)\\(r(\\d+) ([+-]) (\\d+), ${REG}\\)$`).exec(s))) {
      const wide = m[3] === 'xchg_64';
      const src = this.reg(m[7], m[8], wide);
      if (this.reg(m[1], m[2], wide) !== src) this.fail('xchg must name the same register on both sides');
      return this.emit(
        InsnClass.STX | MemMode.ATOMIC | (wide ? MemSize.DW : MemSize.W),
        this.reg('r', m[4]),
        src,
        this.offset(m[5], m[6]),
        AtomicOp.XCHG,
      );
    }
    if ((m = new RegExp(`^${REG} = (cmpxchg_64|cmpxchg32_32)\\(r(\\d+) ([+-]) (\\d+), ${REG}, ${REG}\\)$`).exec(s))) {
      const wide = m[3] === 'cmpxchg_64';
      if (this.reg(m[1], m[2], wide) !== 0 || this.reg(m[7], m[8], wide) !== 0) this.fail('cmpxchg compares with r0');
      return this.emit(
        InsnClass.STX | MemMode.ATOMIC | (wide ? MemSize.DW : MemSize.W),
        this.reg('r', m[4]),
        this.reg(m[9], m[10], wide),
        this.offset(m[5], m[6]),
        AtomicOp.CMPXCHG,
      );
    }
    if ((m = new RegExp(`^\\*\\(u(8|16|32|64) \\*\\)${OFF} = (?:${REG}|${IMM})$`).exec(s))) {
      const size = this.size(m[1]);
      const dst = this.reg('r', m[2]);
      const off = this.offset(m[3], m[4]);
      if (m[5] !== undefined) return this.emit(InsnClass.STX | MemMode.MEM | size, dst, this.reg(m[5], m[6]), off, 0);
      return this.emit(InsnClass.ST | MemMode.MEM | size, dst, 0, off, this.imm32(m[7]));
    }
    if ((m = new RegExp(`^${REG} = \\*\\(([us])(8|16|32|64) \\*\\)${OFF}$`).exec(s))) {
      const mode = m[3] === 's' ? MemMode.MEMSX : MemMode.MEM;
      if (mode === MemMode.MEMSX && m[4] === '64') this.fail('there is no sign-extending 64-bit load');
      return this.emit(
        InsnClass.LDX | mode | this.size(m[4]),
        this.reg(m[1], m[2]),
        this.reg('r', m[5]),
        this.offset(m[6], m[7]),
        0,
      );
    }
    if ((m = /^r0 = \*\(u(8|16|32) \*\)skb\[(?:r(\d+)(?: ([+-]) (\d+))?|(-?\d+))\]$/.exec(s))) {
      const size = this.size(m[1]);
      if (m[2] !== undefined) {
        const imm = m[4] === undefined ? 0 : this.imm32((m[3] === '-' ? '-' : '') + m[4]);
        return this.emit(InsnClass.LD | MemMode.IND | size, 0, this.reg('r', m[2]), 0, imm);
      }
      return this.emit(InsnClass.LD | MemMode.ABS | size, 0, 0, 0, this.imm32(m[5]));
    }
    if ((m = /^r(\d+) = (-?\d+|0x[0-9a-fA-F]+) ll$/.exec(s))) {
      const v = parseIntLiteral(m[2]);
      if (v === undefined || v < -(2n ** 63n) || v > 2n ** 64n - 1n)
        this.fail(`constant ${m[2]} does not fit in 64 bits`);
      return this.emit(0x18, this.reg('r', m[1]), 0, 0, 0, v);
    }
    if ((m = /^r(\d+) = ([A-Za-z_.][\w.+]*) ll$/.exec(s))) {
      const value = this.options.lddwValue?.(m[2]);
      if (value === undefined) this.fail(`unknown symbol '${m[2]}' in lddw`);
      return this.emit(0x18, this.reg('r', m[1]), value.src, 0, 0, value.imm64);
    }
    if ((m = /^ld_pseudo\s+r(\d+), (\d+), (\d+)(?:, (\d+))?$/.exec(s))) {
      const src = Number(m[2]);
      const lo = BigInt(m[3]);
      const hi = BigInt(m[4] ?? '0');
      if (src < 1 || src > 6 || lo > 0xffffffffn || hi > 0xffffffffn) this.fail(`invalid ld_pseudo operands`);
      return this.emit(0x18, this.reg('r', m[1]), src, 0, 0, (hi << 32n) | lo);
    }
    if ((m = /^r(\d+) = (le|be|bswap)(16|32|64) r(\d+)$/.exec(s))) {
      if (m[1] !== m[4]) this.fail('a byte swap must name the same register on both sides');
      const opcode = m[2] === 'le' ? 0xd4 : m[2] === 'be' ? 0xdc : 0xd7;
      return this.emit(opcode, this.reg('r', m[1]), 0, 0, Number(m[3]));
    }
    if ((m = new RegExp(`^${REG} = -${REG}$`).exec(s))) {
      const wide = m[1] === 'r';
      if (m[2] !== m[4] || m[1] !== m[3]) this.fail('neg must name the same register on both sides');
      return this.emit((wide ? InsnClass.ALU64 : InsnClass.ALU) | AluOp.NEG, this.reg(m[1], m[2]), 0, 0, 0);
    }
    if ((m = new RegExp(`^${REG} = \\(s(8|16|32)\\)${REG}$`).exec(s))) {
      const wide = m[1] === 'r';
      if (!wide && m[3] === '32') this.fail('there is no 32-bit movsx from s32');
      return this.emit(
        (wide ? InsnClass.ALU64 : InsnClass.ALU) | AluOp.MOV | Source.X,
        this.reg(m[1], m[2]),
        this.reg(m[4], m[5], wide),
        Number(m[3]),
        0,
      );
    }
    if ((m = new RegExp(`^${REG} (s?[-+*/%|&^]=|<<=|s?>>=|=) (?:${REG}|${IMM})$`).exec(s))) {
      const wide = m[1] === 'r';
      const signed = m[3] === 's/=' || m[3] === 's%=';
      const op = ALU_BY_OPERATOR.get(signed ? m[3].slice(1) : m[3]);
      if (op === undefined) this.fail(`unknown operator '${m[3]}'`);
      const cls = wide ? InsnClass.ALU64 : InsnClass.ALU;
      const dst = this.reg(m[1], m[2]);
      const offset = signed ? 1 : 0;
      if (m[4] !== undefined) return this.emit(cls | op | Source.X, dst, this.reg(m[4], m[5], wide), offset, 0);
      return this.emit(cls | op | Source.K, dst, 0, offset, this.imm32(m[6]));
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

/** Parse llvm-objdump-syntax text (as disassemble() prints it) back into instructions. */
export function parseLlvmAsm(text: string, options: LlvmAsmOptions = {}): Instruction[] {
  const p = new LlvmParser(options);
  const lines = text.split(/\r?\n/);
  const first = options.firstLine ?? 1;
  for (let i = 0; i < lines.length; i++) {
    p.line = i + first;
    let s = lines[i].replace(/\s*(;|\/\/).*$/, '').trim();
    s = s.replace(/^\d+:\s*/, '').replace(/ <[^<>]*>$/, '');
    if (s === '') continue;
    const label = /^([A-Za-z_.][\w.]*):$/.exec(s);
    if (label) {
      if (p.labels.has(label[1])) p.fail(`duplicate label '${label[1]}'`);
      p.labels.set(label[1], p.pc);
      continue;
    }
    p.statement(s.replace(/\s+/g, ' '));
  }
  return p.resolve();
}
