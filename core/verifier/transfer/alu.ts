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
  sext,
  truncNum,
  zext32,
  U32MAX,
} from '../num';
import type { State } from '../state';
import { effectiveRoom } from '../room';
import {
  NUMBER_TOP,
  T,
  type Iv,
  type PacketPtr,
  type Value,
  iv,
  ivAdd,
  ivFromNum,
  memMoved,
  payload,
  numberValue,
} from '../value';
import type { Semantics } from '../transfer';
import { constNumRange, freshId, pointerPairSubtractable, rootAddsZeroToMap } from './values';
import { known } from '../known';

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

/** The immediate operand as the instruction's width reads it (32-bit operations zero-extend it). */
function immNum(insn: Instruction, is64: boolean): Num {
  return is64 ? constNum(BigInt(insn.imm)) : constNum(BigInt(insn.imm >>> 0));
}

export function alu(sem: Semantics, insn: Instruction, s: State): void {
  const is64 = (insn.opcode & 7) === InsnClass.ALU64;
  const w = is64 ? 64 : 32;
  const op = insn.opcode & 0xf0;
  const fromReg = (insn.opcode & 0x08) !== 0;
  const d = insn.dst;
  const pc = insn.pc;
  if (op === AluOp.MOV) {
    if (!fromReg) {
      s.regs[d] = numberValue(immNum(insn, is64));
      return;
    }
    const src = known(s.regs, insn.src, 'register');
    if (insn.offset !== 0) {
      const n = payload(src, 'num');
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
      } else if (src.t === T.packet && d !== insn.src && joinedOffset(payload(src, 'packet'))) {
        // A copy of a packet pointer whose offset was joined from several paths: both become one
        // new base, so a check of `copy + k` against data_end proves room for the original too.
        const based = rebasePacket(s, pc, src);
        s.regs[insn.src] = based;
        s.regs[d] = based;
      } else {
        s.regs[d] = src;
      }
      return;
    }
    if (src.t !== T.number) {
      // A privileged Linux loader may truncate a pointer (no-pointer-truncation): any 32-bit number.
      s.regs[d] = numberValue(fromUnsigned(0n, U32MAX));
      return;
    }
    s.regs[d] = numberValue(zext32(payload(src, 'num')));
    return;
  }
  if (op === AluOp.NEG) {
    const n = payload(known(s.regs, d, 'register'), 'num');
    s.regs[d] = numberValue(aluNum('sub', constNum(0n), n, w));
    return;
  }
  if (op === AluOp.END) {
    const n = payload(known(s.regs, d, 'register'), 'num');
    const bits = insn.imm as 16 | 32 | 64;
    const swap = is64 || fromReg; // 0xdc (be) and 0xd7 (bswap) swap on a little-endian machine
    s.regs[d] = numberValue(swap ? bswapNum(n, bits) : truncNum(n, bits));
    return;
  }
  let kind = ALU[op];
  if (!kind)
    throw new Error(`verifier: internal error: unknown ALU operation 0x${insn.opcode.toString(16)} passed the checker`);
  if ((op === AluOp.DIV || op === AluOp.MOD) && insn.offset === 1) kind = op === AluOp.DIV ? 'sdiv' : 'smod';
  const dv = known(s.regs, d, 'register');
  const sv: Value = fromReg ? known(s.regs, insn.src, 'register') : numberValue(immNum(insn, is64));
  if (kind === 'add' || kind === 'sub') {
    s.regs[d] = addSub(sem, kind, dv, sv, w, s, pc);
    return;
  }
  const a = payload(dv, 'num');
  const b = payload(sv, 'num');
  s.regs[d] = numberValue(aluNum(kind, a, b, w));
}

export function addSub(
  sem: Semantics,
  kind: 'add' | 'sub',
  dv: Value,
  sv: Value,
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
  // Every other pointer operation is refused by the checker (valid-pointer-arithmetic).
  if (kind === 'sub' && dPtr && sPtr) return pointerDifference(s, dv, sv);
  const ptr = dPtr ? dv : sv;
  let n = dPtr ? payload(sv, 'num') : payload(dv, 'num');
  if (kind === 'sub') n = aluNum('sub', constNum(0n), n, 64);
  if (rootAddsZeroToMap(sem, kind, ptr, n)) return ptr;
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
  if (ptr.t & T.shared) out.shared = memMoved(payload(ptr, 'shared'), delta);
  if (ptr.t & T.alloc) out.alloc = memMoved(payload(ptr, 'alloc'), delta);
  if (ptr.t & T.btfId) out.btf = memMoved(payload(ptr, 'btf'), delta);
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

/** An absolute packet offset that is a range (paths joined with different offsets). */
function joinedOffset(p: PacketPtr): boolean {
  return p.sym === 0 && p.k.lo !== p.k.hi && Number.isFinite(p.k.lo) && Number.isFinite(p.k.hi);
}

/** The pointer as base `pc + 1` + 0 (the kernel explores each offset; one shared base keeps the copies related). */
function rebasePacket(s: State, pc: number, v: Value): Value {
  const p = payload(v, 'packet');
  const room = effectiveRoom(s, p);
  killSym(s, pc);
  return { ...v, packet: { sym: pc + 1, k: iv(0), off: p.off, room } };
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

export function pointerDifference(s: State, dv: Value, sv: Value): Value {
  if (!pointerPairSubtractable(dv, sv)) return NUMBER_TOP; // privileged loaders may subtract any pointers (checked)
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
