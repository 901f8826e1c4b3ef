// Jumps: what a conditional jump teaches each of its edges (`assume`), and the call/return edges
// of bpf-to-bpf calls. The checker has verified the operands (readable, comparable).

import { InsnClass, JmpOp, type Instruction } from '../../isa/instruction';
import { type Edge, type Node, isConditional, jumpOp } from '../cfg';
import { NEGATE, type CmpKind, type Num, SWAP, constNum, isConst, numMeet, refine32, refine64 } from '../num';
import { FRAME_SIZE, type State } from '../state';
import { known } from '../known';
import {
  MAP_TYPES,
  T,
  UNINIT,
  type Iv,
  type MemPtr,
  type Value,
  constValue,
  iv,
  payload,
  joinValue,
  numberValue,
  restrict,
  memMayBeNull,
} from '../value';
import type { Semantics } from '../transfer';
import { cleanValue, maybeNullPointer } from './values';

const CMP: Record<number, CmpKind> = {
  [JmpOp.JEQ]: 'eq',
  [JmpOp.JNE]: 'ne',
  [JmpOp.JGT]: 'gt',
  [JmpOp.JGE]: 'ge',
  [JmpOp.JSET]: 'set',
  [JmpOp.JSGT]: 'sgt',
  [JmpOp.JSGE]: 'sge',
  [JmpOp.JLT]: 'lt',
  [JmpOp.JLE]: 'le',
  [JmpOp.JSLT]: 'slt',
  [JmpOp.JSLE]: 'sle',
};

/** Apply an edge's effect to the post-state of its source block; undefined = infeasible. */
export function edge(sem: Semantics, e: Edge, from: Node, s: State): State | undefined {
  const last = known(sem.program.instructions, from.block.last, 'instruction');
  switch (e.kind) {
    case 'fall':
      return s;
    case 'taken':
    case 'not-taken':
      return isConditional(last) ? assume(sem, last, s.clone(), e.kind === 'taken') : s;
    case 'call': {
      const t = s.clone();
      t.frames.push(t.regs.slice(6, 11));
      t.regs[0] = UNINIT;
      for (let r = 6; r <= 9; r++) t.regs[r] = UNINIT;
      t.regs[10] = { t: T.stack, stack: iv(t.frameTop) };
      return t;
    }
    case 'return': {
      const t = s.clone();
      const saved = t.frames.pop();
      if (saved === undefined) throw new Error('verifier: internal error: a return edge with no caller frame');
      for (let r = 1; r <= 5; r++) t.regs[r] = UNINIT;
      for (let r = 6; r <= 10; r++) t.regs[r] = known(saved, r - 6, 'saved register');
      t.dropBelow(t.frameTop - FRAME_SIZE);
      return t;
    }
  }
}

/** Refine the state by the outcome of a conditional jump. */
export function assume(sem: Semantics, insn: Instruction, s: State, taken: boolean): State | undefined {
  const op = jumpOp(insn);
  const cmp = CMP[op];
  // Not a comparison (the decoder admits none other): nothing to learn on either edge.
  if (cmp === undefined) return s;
  const is32 = (insn.opcode & 7) === InsnClass.JMP32;
  const fromReg = (insn.opcode & 0x08) !== 0;
  const d = insn.dst;
  const a = known(s.regs, d, 'register');
  const b: Value = fromReg
    ? known(s.regs, insn.src, 'register')
    : numberValue(is32 ? constNum(BigInt(insn.imm >>> 0)) : constNum(BigInt(insn.imm)));
  if ((a.t | b.t) & T.uninit) return s; // reported by the check already
  const c = taken ? cmp : NEGATE[cmp];

  // Packet bounds: p <= data_end / p < data_end.
  if (!is32 && c && fromReg) {
    if (a.t === T.packet && b.t === T.packetEnd) learnPacket(sem, s, d, c);
    else if (a.t === T.packetEnd && b.t === T.packet) learnPacket(sem, s, insn.src, SWAP[c]);
    else if (
      a.t === T.packetMeta &&
      b.t === T.packet &&
      payload(b, 'packet').off.lo === 0 &&
      payload(b, 'packet').off.hi === 0
    )
      learnMeta(s, payload(a, 'meta'), c);
    else if (
      a.t === T.packet &&
      b.t === T.packetMeta &&
      payload(a, 'packet').off.hi === 0 &&
      payload(a, 'packet').off.lo === 0
    )
      learnMeta(s, payload(b, 'meta'), SWAP[c]);
  }

  // NULL checks: a pointer compared with 0.
  const bZero = b.t === T.number && isConst(payload(b, 'num')) && payload(b, 'num').umin === 0n;
  const aZero = a.t === T.number && isConst(payload(a, 'num')) && payload(a, 'num').umin === 0n;
  if (!is32 && (bZero || aZero) && ((bZero ? a : b).t & ~T.number) !== 0 && c) {
    const reg = bZero ? d : insn.src;
    const cc = bZero ? c : SWAP[c];
    const zero = cc === 'eq' || cc === 'le' ? true : cc === 'ne' || cc === 'gt' ? false : undefined;
    if (zero !== undefined && reg >= 0) return assumeNull(sem, s, reg, zero);
  }

  // Numbers.
  if (cmp === 'set' && !taken) {
    // a & b == 0: only decidable for constants; refine64 handles it.
  }
  if (a.t & T.number && b.t & T.number) {
    const r = (is32 ? refine32 : refine64)(cmp, taken, payload(a, 'num'), payload(b, 'num'));
    if (!r) {
      // The number part cannot satisfy the condition: what remains are the pointer parts.
      const na = restrict(a, ~T.number);
      const nb = fromReg ? restrict(b, ~T.number) : b;
      if (!na || !nb) return undefined;
      s.regs[d] = na;
      if (fromReg) s.regs[insn.src] = nb;
      return s;
    }
    setNum(s, d, r[0]);
    if (fromReg) setNum(s, insn.src, r[1]);
  }
  return s;
}

export function setNum(s: State, r: number, n: Num): void {
  const v = known(s.regs, r, 'register');
  const id = v.t === T.number ? v.id : undefined;
  s.regs[r] = { ...v, num: n };
  if (id !== undefined) {
    s.mapValues((x) => {
      if (x.t !== T.number || x.id !== id || x === s.regs[r]) return x;
      const m = numMeet(payload(x, 'num'), n);
      return m ? { ...x, num: m } : x;
    });
  }
}

export function learnPacket(sem: Semantics, s: State, reg: number, c: CmpKind): void {
  const v = known(s.regs, reg, 'register');
  const p = payload(v, 'packet');
  let extra: number | undefined;
  if (c === 'le' || c === 'eq' || (sem.policy.signedPacketBounds && c === 'sle')) extra = 0;
  else if (c === 'lt' || (sem.policy.signedPacketBounds && c === 'slt')) extra = 1;
  if (extra === undefined) return;
  if (Number.isFinite(p.off.lo)) s.pktSize = Math.max(s.pktSize, p.off.lo + extra);
  if (p.sym !== 0 && Number.isFinite(p.k.lo))
    s.ranges.set(p.sym, Math.max(s.ranges.get(p.sym) ?? -Infinity, p.k.lo + extra));
  s.regs[reg] = { ...v, packet: { ...p, room: Math.max(p.room, extra) } };
}

export function learnMeta(s: State, m: Iv, c: CmpKind): void {
  const extra = c === 'le' || c === 'eq' ? 0 : c === 'lt' ? 1 : undefined;
  if (extra !== undefined && Number.isFinite(m.lo)) s.metaRange = Math.max(s.metaRange, m.lo + extra);
}

export function assumeNull(sem: Semantics, s: State, reg: number, zero: boolean): State | undefined {
  const v = known(s.regs, reg, 'register');
  const ids = [v.shared, v.alloc, v.btf]
    .filter((m): m is MemPtr => !!m && m.nullable && m.nullId >= 0)
    .map((m) => m.nullId);
  if (v.fdMaybeNull && v.fdMaybeNull.nullId >= 0) ids.push(v.fdMaybeNull.nullId);
  const apply = (x: Value): Value | undefined => {
    if (zero) {
      let out: Value | undefined = x.t & T.number ? numberValue(constNum(0n)) : undefined;
      if (x.t & T.number && payload(x, 'num').umin > 0n) out = undefined;
      // PREVAIL keeps a NULL inner map typed as a map (only its value is 0); the kernel makes it
      // the number 0.
      const nullMap = sem.policy.nullInnerMapStaysMap && x.fdMaybeNull ? restrict(x, MAP_TYPES) : undefined;
      const nullable = memMayBeNull(x) || (x.fdMaybeNull !== undefined && !nullMap);
      if (nullable) out = out ? joinValue(out, constValue(0n)) : constValue(0n);
      if (nullMap) out = out ? joinValue(out, nullMap) : nullMap;
      return out;
    }
    let out = x.t & T.number ? (payload(x, 'num').umax === 0n ? restrict(x, ~T.number) : x) : x;
    if (!out) return undefined;
    const clear = (m: MemPtr): MemPtr => (m.nullable ? { ...m, nullable: false } : m);
    const { fdMaybeNull: _checked, ...rest } = out;
    out = {
      ...rest,
      ...(rest.shared && { shared: clear(rest.shared) }),
      ...(rest.alloc && { alloc: clear(rest.alloc) }),
      ...(rest.btf && { btf: clear(rest.btf) }),
    };
    if (out.t & T.number && payload(out, 'num').umin === 0n) {
      const n = refine64('ne', true, payload(out, 'num'), constNum(0n));
      out = n ? { ...out, num: n[0] } : restrict(out, ~T.number);
    }
    return out;
  };
  const nv = apply(v);
  if (!nv) return undefined;
  s.regs[reg] = cleanValue(nv);
  // Copies of a value that is NULL as the number 0 (filled from one spill) are the same pointer.
  const copies = maybeNullPointer(v) ? v.id : undefined;
  if (copies !== undefined) s.mapValues((x) => (x === s.regs[reg] || x.id !== copies ? x : cleanValue(apply(x) ?? x)));
  if (ids.length > 0) {
    s.mapValues((x) => {
      if (x === s.regs[reg]) return x;
      const hit =
        [x.shared, x.alloc, x.btf].some((m) => m && m.nullable && ids.includes(m.nullId)) ||
        (x.fdMaybeNull !== undefined && ids.includes(x.fdMaybeNull.nullId));
      if (!hit) return x;
      return cleanValue(apply(x) ?? x);
    });
    if (zero) s.refs = s.refs.filter((r) => !ids.includes(r));
  }
  return s;
}
