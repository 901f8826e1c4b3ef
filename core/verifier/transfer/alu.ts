// Transfer functions of ALU and ALU64 instructions (and the pointer arithmetic rules).

import { AluOp, InsnClass, type Instruction } from '../../isa/instruction';
import {
  NUM_TOP,
  type AluKind,
  type Num,
  aluNum,
  bswapNum,
  constNum,
  fromUnsigned,
  isConst,
  low32,
  sext,
  truncNum,
  zext32,
  U32MAX,
  S64MIN,
} from '../num';
import type { State } from '../state';
import { effectiveRoom } from '../room';
import { NUMBER_TOP, T, type Iv, type Value, iv, ivAdd, ivFromNum, payload, numberValue, typeSetName } from '../value';
import { Failure } from '../failure';
import { describeNum, describeType } from '../messages';
import type { Semantics } from '../transfer';
import { readReg, requireNumber, noR10, freshId } from './operands';
import { constNumRange } from './values';

const ALU: Record<number, AluKind> = {
  [AluOp.ADD]: 'add',
  [AluOp.SUB]: 'sub',
  [AluOp.MUL]: 'mul',
  [AluOp.DIV]: 'div',
  [AluOp.OR]: 'or',
  [AluOp.AND]: 'and',
  [AluOp.LSH]: 'lsh',
  [AluOp.RSH]: 'rsh',
  [AluOp.MOD]: 'mod',
  [AluOp.XOR]: 'xor',
  [AluOp.ARSH]: 'arsh',
};

export function alu(sem: Semantics, insn: Instruction, s: State): void {
  const is64 = (insn.opcode & 7) === InsnClass.ALU64;
  const w = is64 ? 64 : 32;
  const op = insn.opcode & 0xf0;
  const fromReg = (insn.opcode & 0x08) !== 0;
  const d = insn.dst;
  const pc = insn.pc;
  noR10(insn, d);
  const immNum = (): Num => (is64 ? constNum(BigInt(insn.imm)) : constNum(BigInt(insn.imm >>> 0)));
  if (op === AluOp.MOV) {
    if (!fromReg) {
      s.regs[d] = numberValue(immNum());
      return;
    }
    const src = readReg(s, pc, insn.src);
    if (insn.offset !== 0) {
      const n = requireNumber(s, pc, insn.src, 'sign extension works on numbers only');
      const ext = sext(n, insn.offset as 8 | 16 | 32);
      s.regs[d] = numberValue(is64 ? ext : zext32(ext));
      return;
    }
    if (is64) {
      if (src.t === T.number && d !== insn.src) {
        // Copies share an id so that a later branch on one refines the other.
        const id = src.id ?? freshId(s, pc);
        const copy: Value = {
          t: T.number,
          num: payload(src, 'num'),
          id,
          ...(src.tillEnd ? { tillEnd: src.tillEnd } : {}),
        };
        s.regs[insn.src] = copy;
        s.regs[d] = copy;
      } else {
        s.regs[d] = src;
      }
      return;
    }
    if (src.t !== T.number) {
      if (!sem.rootLinux) {
        throw new Failure(pc, {
          code: 'invalid-pointer-arithmetic',
          message: `a 32-bit copy of r${insn.src}, which holds ${describeType(src)}, would truncate a pointer${sem.linux ? ' (the kernel allows it for privileged loaders only)' : ''}`,
          kernelAccepts: true,
          condition: `r${insn.src}.type == number`,
          regs: [insn.src],
        });
      }
      s.regs[d] = numberValue(fromUnsigned(0n, U32MAX));
      return;
    }
    s.regs[d] = numberValue(zext32(payload(src, 'num')));
    return;
  }
  if (op === AluOp.NEG) {
    const n = requireNumber(s, pc, d, 'negation works on numbers only');
    s.regs[d] = numberValue(aluNum('sub', constNum(0n), n, w));
    return;
  }
  if (op === AluOp.END) {
    const n = requireNumber(s, pc, d, 'byte swaps work on numbers only');
    const bits = insn.imm as 16 | 32 | 64;
    const swap = is64 || fromReg; // 0xdc (be) and 0xd7 (bswap) swap on a little-endian machine
    s.regs[d] = numberValue(swap ? bswapNum(n, bits) : truncNum(n, bits));
    return;
  }
  let kind = ALU[op];
  if (!kind)
    throw new Failure(pc, {
      code: 'invalid-instruction',
      message: `unknown ALU operation 0x${insn.opcode.toString(16)}`,
      condition: 'valid instruction',
    });
  if ((op === AluOp.DIV || op === AluOp.MOD) && insn.offset === 1) kind = op === AluOp.DIV ? 'sdiv' : 'smod';
  const dv = readReg(s, pc, d);
  const sv: Value = fromReg ? readReg(s, pc, insn.src) : numberValue(immNum());
  if (kind === 'add' || kind === 'sub') {
    s.regs[d] = addSub(sem, kind, dv, sv, d, fromReg ? insn.src : -1, w, s, pc);
    return;
  }
  const a = requireNumber(s, pc, d, `only addition and subtraction may involve pointers`);
  const b = fromReg
    ? requireNumber(s, pc, insn.src, `only addition and subtraction may involve pointers`)
    : payload(sv, 'num');
  if ((kind === 'div' || kind === 'mod' || kind === 'sdiv' || kind === 'smod') && fromReg) {
    const bw = w === 32 ? low32(b) : b;
    if (bw.umin === 0n && !sem.platform.allowsDivisionByZero) {
      throw new Failure(pc, {
        code: 'division-by-zero',
        message: `r${insn.src} may be zero here; dividing by zero is not allowed on ${sem.platform.displayName}`,
        condition: `r${insn.src} != 0`,
        regs: [insn.src],
      });
    }
  }
  s.regs[d] = numberValue(aluNum(kind, a, b, w));
}

export function addSub(
  sem: Semantics,
  kind: 'add' | 'sub',
  dv: Value,
  sv: Value,
  d: number,
  sr: number,
  w: 32 | 64,
  s: State,
  pc: number,
): Value {
  const dPtr = (dv.t & ~T.number) !== 0;
  const sPtr = (sv.t & ~T.number) !== 0;
  if (!dPtr && !sPtr) return numberValue(aluNum(kind, payload(dv, 'num'), payload(sv, 'num'), w));
  // The kernel lets a privileged loader subtract in 32 bits with a pointer: the result is any
  // number (adjust_ptr_min_max_vals); every other 32-bit operation on a pointer is refused.
  if (w === 32 && kind === 'sub' && sem.rootLinux) return numberValue(fromUnsigned(0n, U32MAX));
  if (w === 32) {
    throw new Failure(pc, {
      code: 'invalid-pointer-arithmetic',
      message: `32-bit arithmetic on a pointer (r${dPtr ? d : sr} holds ${describeType(dPtr ? dv : sv)}) is not allowed; use 64-bit operations`,
      condition: `r${dPtr ? d : sr}.type == number`,
      regs: [d, ...(sr >= 0 ? [sr] : [])],
    });
  }
  if (kind === 'sub' && dPtr && sPtr) return pointerDifference(sem, s, dv, sv, d, sr, pc);
  if (dPtr && sPtr) {
    throw new Failure(pc, {
      code: 'invalid-pointer-arithmetic',
      message: `r${d} and r${sr} are both pointers; only numbers can be added to pointers`,
      condition: `r${sr}.type in {ctx, stack, packet, shared} -> r${d}.type == number`,
      regs: [d, sr],
    });
  }
  if (kind === 'sub' && sPtr) {
    throw new Failure(pc, {
      code: 'invalid-pointer-arithmetic',
      message: `a pointer (r${sr}) cannot be subtracted from a number (r${d})`,
      condition: `r${d}.type == number -> r${sr}.type == number`,
      regs: [d, sr],
    });
  }
  const ptr = dPtr ? dv : sv;
  let n = dPtr ? payload(sv, 'num') : payload(dv, 'num');
  const ptrReg = dPtr ? d : sr;
  if (kind === 'sub') n = aluNum('sub', constNum(0n), n, 64);
  // The kernel lets a constant offset move a kernel-object pointer (&task->comm); loads through
  // it are checked against the object's BTF, which we do not model (they yield numbers).
  const btfMoves = sem.linux && isConst(n);
  const forbidden = ptr.t & (T.mapFd | T.mapProgs | T.packetEnd | T.func | (btfMoves ? 0 : T.btfId));
  if (forbidden) {
    const what = typeSetName(forbidden);
    throw new Failure(pc, {
      code: 'invalid-pointer-arithmetic',
      message: `arithmetic on ${what === 'packet_end' ? 'data_end (packet_end)' : `a ${what} value`} in r${ptrReg} is not allowed${what === 'packet_end' ? '; compute from data instead and compare against data_end' : ''}`,
      condition: `r${ptrReg}.type in {ctx, stack, packet, shared, number}`,
      regs: [ptrReg],
    });
  }
  // The kernel's check_reg_sane_offset: no unbounded minimum, no offsets beyond ±2^29.
  const LIM = 1n << 29n;
  if (
    sem.linux &&
    (n.smin === S64MIN || n.smin <= -LIM || n.smin >= LIM || (isConst(n) && (n.smax >= LIM || n.smax <= -LIM)))
  ) {
    throw new Failure(pc, {
      code: 'invalid-pointer-arithmetic',
      message: `the number added to the pointer in r${ptrReg} ${n.smin === S64MIN ? 'has no lower bound' : 'is too large'} (${describeNum(n)}); the kernel refuses pointer arithmetic unless the offset is known to stay within ±2^29 — check it against a limit (and against 0 if it is signed) first`,
      condition: `r${dPtr ? sr : d}.value in [-${1 << 29}, ${1 << 29}]`,
      regs: [d, ...(sr >= 0 ? [sr] : [])],
    });
  }
  const delta = ivFromNum(n);
  const out: { -readonly [K in keyof Value]: Value[K] } = { t: ptr.t };
  if (ptr.t & T.number)
    out.num = aluNum(
      kind,
      dv.t & T.number ? payload(dv, 'num') : NUM_TOP,
      sv.t & T.number ? payload(sv, 'num') : NUM_TOP,
      64,
    );
  if (ptr.t & T.ctx) out.ctx = ivAdd(payload(ptr, 'ctx'), delta);
  if (ptr.t & T.stack) out.stack = ivAdd(payload(ptr, 'stack'), delta);
  if (ptr.t & T.packetMeta) out.meta = ivAdd(payload(ptr, 'meta'), delta);
  if (ptr.t & T.shared) out.shared = { ...payload(ptr, 'shared'), off: ivAdd(payload(ptr, 'shared').off, delta) };
  if (ptr.t & T.alloc) out.alloc = { ...payload(ptr, 'alloc'), off: ivAdd(payload(ptr, 'alloc').off, delta) };
  if (ptr.t & T.btfId) out.btf = { ...payload(ptr, 'btf'), off: ivAdd(payload(ptr, 'btf').off, delta) };
  if (ptr.t & T.packet) {
    const p = payload(ptr, 'packet');
    const off = ivAdd(p.off, delta);
    const room = effectiveRoom(s, p) - delta.hi;
    if (isConst(n)) {
      out.packet = { sym: p.sym, k: ivAdd(p.k, delta), off, room };
    } else {
      // A variable offset: a new base whose proven range is learned from later checks.
      killSym(s, pc);
      out.packet = { sym: pc + 1, k: iv(0), off, room };
    }
  }
  return out;
}

export function killSym(s: State, pc: number): void {
  const sym = pc + 1;
  s.ranges.delete(sym);
  s.mapValues((v) =>
    v.packet && v.packet.sym === sym
      ? { ...v, packet: { sym: 0, k: v.packet.off, off: v.packet.off, room: effectiveRoom(s, v.packet) } }
      : v,
  );
}

export function pointerDifference(
  sem: Semantics,
  s: State,
  dv: Value,
  sv: Value,
  d: number,
  sr: number,
  pc: number,
): Value {
  const single = (v: Value): boolean => (v.t & (v.t - 1)) === 0;
  const okPair =
    single(dv) &&
    single(sv) &&
    (dv.t === sv.t || (dv.t === T.packetEnd && sv.t === T.packet) || (dv.t === T.packet && sv.t === T.packetEnd)) &&
    (dv.t & (T.ctx | T.stack | T.packet | T.packetEnd | T.shared | T.packetMeta)) !== 0;
  if (!okPair) {
    if (sem.rootLinux) return NUMBER_TOP; // privileged loaders may subtract any pointers
    throw new Failure(pc, {
      code: 'invalid-pointer-arithmetic',
      message: `cannot subtract pointers to different regions (r${d} holds ${describeType(dv)}, r${sr} holds ${describeType(sv)})`,
      kernelAccepts: true,
      condition: `r${d}.type == r${sr}.type in {ctx, stack, packet}`,
      regs: [d, sr],
    });
  }
  const offOf = (v: Value): Iv | undefined =>
    v.t === T.ctx
      ? v.ctx
      : v.t === T.stack
        ? v.stack
        : v.t === T.packet
          ? payload(v, 'packet').off
          : v.t === T.shared
            ? payload(v, 'shared').off
            : v.t === T.packetMeta
              ? v.meta
              : undefined;
  if (dv.t === T.packetEnd && sv.t === T.packet) {
    // data_end - p = packet_size - off(p) >= 0 on paths where p <= data_end was proven; the
    // number remembers which pointer it measures, so (p, data_end - p) is a valid helper buffer.
    const p = payload(sv, 'packet');
    // At least the room proven for p (e.g. 1 after `if (end > start)`).
    const least = Math.min(65535, Math.max(0, effectiveRoom(s, p)));
    const n = numberValue(fromUnsigned(BigInt(least), 65535n));
    return p.k.lo === p.k.hi ? { ...n, tillEnd: { sym: p.sym, k: p.k.lo } } : n;
  }
  const a = offOf(dv);
  const b = offOf(sv);
  if (!a || !b) return NUMBER_TOP;
  const lo = a.lo - b.hi;
  const hi = a.hi - b.lo;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return NUMBER_TOP;
  return numberValue(constNumRange(BigInt(lo), BigInt(hi)));
}

// ---- loads and stores ----
