// Loop counters the way PREVAIL bounds them (its --termination, which eBPF for Windows turns on):
// one counter per loop head, incremented at the head, widened with everything else, then bounded
// only through difference facts `reg - counter in [lo, hi]` (PREVAIL's zone) and the loop's own
// comparisons. No iteration is replayed, so a 100000-iteration loop costs a few passes over its
// body. What this domain cannot relate, PREVAIL cannot either: a compare on a zero-extended copy
// (`r4 = r2; r4 <<= 32; r4 >>= 32`) or an equality exit (`i != N`) leaves the counter unbounded,
// which is PREVAIL's "Loop counter is too large" on loops clang emitted from `i < N`.

import type { Edge } from './cfg';
import type { Analysis } from './fixpoint';
import { known } from './known';
import { joinState, type State } from './state';
import { T, type Value } from './value';
import { AluOp, InsnClass, JmpOp, MemMode, MemSize, Source, type Instruction } from '../isa/instruction';

/** PREVAIL's bound on every loop counter. */
export const PREVAIL_LOOP_LIMIT = 100_000;
/** PREVAIL's largest packet: packet_end is at most this far from the packet start. */
const MAX_PACKET = 65_535;
const WIDEN_AFTER = 2;
const NARROW_PASSES = 2;

interface Iv {
  readonly lo: number;
  readonly hi: number;
}
const TOP: Iv = { lo: -Infinity, hi: Infinity };

/** Counter interval and, per register / r10-relative stack slot, `value - counter`. */
interface CState {
  readonly c: Iv;
  readonly d: readonly Iv[];
  /** Per register, its value itself (loop-invariant bases such as the packet start stay exact). */
  readonly v: readonly Iv[];
  /** Key `depth:offset:size` of a stack slot written through r10 with a constant offset. */
  readonly s: ReadonlyMap<string, Iv>;
  /**
   * Per register: `value - counter` before a `<<= 32`, kept while the register holds a 32-bit
   * stack load shifted up, so that the `>>= 32` / `s>>= 32` that completes clang's 32-bit
   * extension gives it back (PREVAIL bounds `volatile int` indices kept on the stack this way).
   */
  readonly ext?: readonly (Iv | 'w32' | undefined)[];
}

const add = (a: Iv, k: number): Iv => ({ lo: a.lo + k, hi: a.hi + k });
const join = (a: Iv, b: Iv): Iv => ({ lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) });
const widen = (a: Iv, b: Iv): Iv => ({ lo: b.lo < a.lo ? -Infinity : a.lo, hi: b.hi > a.hi ? Infinity : a.hi });
const narrow = (a: Iv, b: Iv): Iv => ({ lo: a.lo === -Infinity ? b.lo : a.lo, hi: a.hi === Infinity ? b.hi : a.hi });
const same = (a: Iv, b: Iv): boolean => a.lo === b.lo && a.hi === b.hi;
/** A register's entry: every state keeps one per register. */
const reg = (xs: readonly Iv[], r: number): Iv => known(xs, r, 'register');

function combine(a: CState, b: CState, f: (x: Iv, y: Iv) => Iv): CState {
  const s = new Map<string, Iv>();
  for (const [k, v] of a.s) {
    const w = b.s.get(k);
    if (w) s.set(k, f(v, w));
  }
  const ext = a.ext?.map((x, i) => {
    const y = b.ext?.[i];
    if (x === 'w32' && y === 'w32') return 'w32' as const;
    return x && y && x !== 'w32' && y !== 'w32' ? f(x, y) : undefined;
  });
  return {
    c: f(a.c, b.c),
    d: a.d.map((x, i) => f(x, reg(b.d, i))),
    v: a.v.map((x, i) => f(x, reg(b.v, i))),
    s,
    ...(ext !== undefined && { ext }),
  };
}

function equal(a: CState, b: CState): boolean {
  if (!same(a.c, b.c) || a.s.size !== b.s.size) return false;
  if (a.d.some((x, i) => !same(x, reg(b.d, i))) || a.v.some((x, i) => !same(x, reg(b.v, i)))) return false;
  for (const [k, v] of a.s) {
    const w = b.s.get(k);
    if (!w || !same(v, w)) return false;
  }
  return true;
}

/** The value a register holds in the main analysis, as a number line (pointers by offset). */
function valueRange(v: Value | undefined): Iv | undefined {
  if (!v) return undefined;
  if (v.t === T.number && v.num) return { lo: Number(v.num.smin), hi: Number(v.num.smax) };
  if (v.t === T.packet && v.packet) return v.packet.off;
  if (v.t === T.packetEnd) return { lo: 0, hi: MAX_PACKET };
  if (v.t === T.stack && v.stack) return v.stack;
  if (v.t === T.ctx && v.ctx) return v.ctx;
  if (v.t === T.shared && v.shared) return v.shared.off;
  return undefined;
}

/**
 * Loads whose result the main analysis knows exactly (by node and instruction index), e.g. the
 * packet start read from the context: a loop-invariant base whose sum with the index keeps the
 * index's relation to the counter, as PREVAIL's zone keeps `p.offset = data.offset + i`.
 */
function exactLoads(a: Analysis, body: ReadonlySet<number>): Map<string, number> {
  const out = new Map<string, number>();
  const insns = a.sem.program.instructions;
  for (const n of body) {
    const node = a.node(n);
    const pre = a.inState[n];
    if (!pre) continue;
    const s = pre.clone();
    try {
      for (let i = node.block.first; i <= node.block.last; i++) {
        a.sem.execBlock({ ...node, block: { ...node.block, first: i, last: i } }, s);
        const insn = insns[i];
        if (!insn || (insn.opcode & 0x07) !== InsnClass.LDX) continue;
        const r = valueRange(s.regs[insn.dst]);
        if (r && r.lo === r.hi && Number.isFinite(r.lo)) out.set(`${n}:${i}`, r.lo);
      }
    } catch {
      // A failing instruction ends the block's path; what was recorded before it stands.
    }
  }
  return out;
}

function step(st: CState, insn: Instruction, depth: number, exactLoad?: number): CState {
  const cls = insn.opcode & 0x07;
  const d = [...st.d];
  const v = [...st.v];
  // Every write to dst forgets its value unless the case below knows it.
  const oldV = reg(v, insn.dst);
  if (cls !== InsnClass.ST && cls !== InsnClass.STX && cls !== InsnClass.JMP && cls !== InsnClass.JMP32)
    v[insn.dst] = TOP;
  const ext: (Iv | 'w32' | undefined)[] = st.ext ? [...st.ext] : new Array<undefined>(d.length).fill(undefined);
  let s = st.s;
  const before = insn.dst;
  const extBefore = ext[before];
  ext[before] = undefined;
  const fromConst = (k: number): Iv => ({ lo: k - st.c.hi, hi: k - st.c.lo });
  const slot = (size: number) => `${depth}:${insn.offset}:${size}`;

  switch (cls) {
    case InsnClass.ALU64: {
      const op = insn.opcode & 0xf0;
      const k = (insn.opcode & 0x08) === Source.K;
      if (op === AluOp.MOV) {
        d[insn.dst] = k ? fromConst(insn.imm) : reg(d, insn.src);
        v[insn.dst] = k ? { lo: insn.imm, hi: insn.imm } : reg(st.v, insn.src);
        if (!k) ext[insn.dst] = st.ext?.[insn.src];
      } else if (op === AluOp.LSH && k && insn.imm === 32 && extBefore === 'w32') {
        ext[insn.dst] = d[insn.dst];
        d[insn.dst] = TOP;
      } else if ((op === AluOp.RSH || op === AluOp.ARSH) && k && insn.imm === 32 && extBefore && extBefore !== 'w32') {
        d[insn.dst] = extBefore;
        ext[insn.dst] = 'w32';
      } else if (op === AluOp.ADD && k) {
        d[insn.dst] = add(reg(d, insn.dst), insn.imm);
        v[insn.dst] = add(oldV, insn.imm);
      } else if (op === AluOp.SUB && k) {
        d[insn.dst] = add(reg(d, insn.dst), -insn.imm);
        v[insn.dst] = add(oldV, -insn.imm);
      } else if (op === AluOp.ADD) {
        // base + index: the relation follows the index when the base is exact (PREVAIL's zone
        // keeps `p.offset = data.offset + i`).
        const other = reg(st.v, insn.src);
        d[insn.dst] =
          oldV.lo === oldV.hi
            ? add(reg(d, insn.src), oldV.lo)
            : other.lo === other.hi
              ? add(reg(d, insn.dst), other.lo)
              : TOP;
        v[insn.dst] = { lo: oldV.lo + other.lo, hi: oldV.hi + other.hi };
      } else d[insn.dst] = TOP;
      break;
    }
    case InsnClass.ALU:
      // 32-bit results wrap: the zone relation to the 64-bit counter is lost.
      d[insn.dst] = (insn.opcode & 0xf0) === AluOp.MOV && (insn.opcode & 0x08) === Source.K ? fromConst(insn.imm) : TOP;
      if ((insn.opcode & 0xf0) === AluOp.MOV && (insn.opcode & 0x08) === Source.K)
        v[insn.dst] = { lo: insn.imm, hi: insn.imm };
      break;
    case InsnClass.LDX: {
      const size = insn.opcode & 0x18;
      const wide = size === MemSize.DW || size === MemSize.W;
      const bytes = size === MemSize.DW ? 8 : 4;
      d[insn.dst] = insn.src === 10 && (insn.opcode & 0xe0) === MemMode.MEM && wide ? (s.get(slot(bytes)) ?? TOP) : TOP;
      if (insn.src === 10 && size === MemSize.W) ext[insn.dst] = 'w32';
      if (exactLoad !== undefined && insn.src !== 10) {
        d[insn.dst] = fromConst(exactLoad);
        v[insn.dst] = { lo: exactLoad, hi: exactLoad };
      }
      break;
    }
    case InsnClass.ST:
    case InsnClass.STX: {
      if (insn.dst !== 10) break;
      const size = insn.opcode & 0x18;
      const bytes = size === MemSize.DW ? 8 : size === MemSize.W ? 4 : size === MemSize.H ? 2 : 1;
      const next = new Map(s);
      for (const key of next.keys()) {
        const [kd, ko = NaN, ks = NaN] = key.split(':').map(Number);
        if (kd === depth && ko < insn.offset + bytes && insn.offset < ko + ks) next.delete(key);
      }
      const isAtomic = cls === InsnClass.STX && (insn.opcode & 0xe0) !== MemMode.MEM;
      if (!isAtomic && bytes >= 4) next.set(slot(bytes), cls === InsnClass.ST ? fromConst(insn.imm) : reg(d, insn.src));
      s = next;
      break;
    }
    case InsnClass.LD:
      if (insn.slots === 2 && insn.src === 0) {
        const k = Number(BigInt.asIntN(64, insn.imm64 ?? 0n));
        d[insn.dst] = fromConst(k);
        v[insn.dst] = { lo: k, hi: k };
      } else d[insn.dst] = TOP;
      break;
    case InsnClass.JMP:
    case InsnClass.JMP32:
      if ((insn.opcode & 0xf0) === JmpOp.CALL) {
        for (let r = 0; r <= 5; r++) d[r] = v[r] = TOP;
        // A local call's own frame lives below this one (its slots are keyed by a deeper depth);
        // the caller's slots survive it, as in PREVAIL's inlined calls.
      }
      break;
  }
  return { c: st.c, d, v, s, ext };
}

/** Upper bound a taken/not-taken 64-bit compare puts on `reg` (for `reg OP other`). */
function upperBound(op: number, holds: boolean, other: Iv): number | undefined {
  // Normalise to "reg < / <= other" or "reg == other" on the path.
  const strict = holds ? [JmpOp.JLT, JmpOp.JSLT] : [JmpOp.JGE, JmpOp.JSGE];
  const loose = holds ? [JmpOp.JLE, JmpOp.JSLE, JmpOp.JEQ] : [JmpOp.JGT, JmpOp.JSGT, JmpOp.JNE];
  if (strict.includes(op)) return other.hi - 1;
  if (loose.includes(op)) return other.hi;
  return undefined;
}

const SWAPPED: Record<number, number> = {
  [JmpOp.JGT]: JmpOp.JLT,
  [JmpOp.JGE]: JmpOp.JLE,
  [JmpOp.JLT]: JmpOp.JGT,
  [JmpOp.JLE]: JmpOp.JGE,
  [JmpOp.JSGT]: JmpOp.JSLT,
  [JmpOp.JSGE]: JmpOp.JSLE,
  [JmpOp.JSLT]: JmpOp.JSGT,
  [JmpOp.JSLE]: JmpOp.JSGE,
  [JmpOp.JEQ]: JmpOp.JEQ,
  [JmpOp.JNE]: JmpOp.JNE,
};

/** Refine the counter by the compare ending `from` on edge `e`; undefined when infeasible. */
function refine(a: Analysis, st: CState, e: Edge): CState | undefined {
  if (e.kind !== 'taken' && e.kind !== 'not-taken') return st;
  const node = a.node(e.from);
  const insn = known(a.sem.program.instructions, node.block.last, 'instruction');
  if ((insn.opcode & 0x07) !== InsnClass.JMP) return st; // 32-bit compares do not relate to the counter
  const op = insn.opcode & 0xf0;
  const holds = e.kind === 'taken';
  const regs = a.outState[e.from]?.regs;
  let c = st.c;
  const bound = (r: number, cmp: number, other: Iv | undefined): void => {
    if (!other) return;
    const u = upperBound(cmp, holds, other);
    if (u !== undefined) c = { lo: c.lo, hi: Math.min(c.hi, u - reg(st.d, r).lo) };
  };
  if ((insn.opcode & 0x08) === Source.K) bound(insn.dst, op, { lo: insn.imm, hi: insn.imm });
  else {
    bound(insn.dst, op, valueRange(regs?.[insn.src]));
    const swapped = SWAPPED[op];
    if (swapped !== undefined) bound(insn.src, swapped, valueRange(regs?.[insn.dst]));
  }
  return c.lo > c.hi ? undefined : { ...st, c };
}

function entryState(s: State, depth: number): CState {
  // Spilled values of the current frame, keyed like `step` keys r10-relative slots.
  const slots = new Map<string, Iv>();
  for (const [abs, cell] of s.stack) {
    const range = cell.size >= 4 ? valueRange(cell.v) : undefined;
    if (range) slots.set(`${depth}:${abs - s.frameTop}:${cell.size}`, range);
  }
  const values = s.regs.map((v) => valueRange(v) ?? TOP);
  return { c: { lo: 0, hi: 0 }, d: values, v: values, s: slots };
}

export interface LoopBound {
  /** Head node of the loop. */
  readonly head: number;
  /** Largest value of the counter at the head (Infinity: PREVAIL cannot bound it). */
  readonly max: number;
  /**
   * Per register, the range its value - counter relation and the counter's bound give it at the
   * head (undefined: none); empty when the counter is unbounded.
   */
  readonly regs: readonly (Iv | undefined)[];
}

/** Nodes reachable from head that can reach head again: head's strongly connected component. */
export function loopBody(a: Analysis, head: number): Set<number> {
  const fwd = new Set<number>([head]);
  const stack = [head];
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    for (const e of a.node(n).succs) {
      if (fwd.has(e.to)) continue;
      fwd.add(e.to);
      stack.push(e.to);
    }
  }
  const body = new Set<number>([head]);
  stack.push(head);
  for (let n = stack.pop(); n !== undefined; n = stack.pop()) {
    for (const e of a.node(n).preds) {
      if (!fwd.has(e.from) || body.has(e.from)) continue;
      body.add(e.from);
      stack.push(e.from);
    }
  }
  return body;
}

/** The main analysis' state on the edges entering a loop from outside its body. */
export function loopEntryState(a: Analysis, head: number, body: ReadonlySet<number>): State | undefined {
  let entry: State | undefined;
  for (const e of a.node(head).preds) {
    if (body.has(e.from)) continue;
    const out = a.outState[e.from];
    const s = out ? a.sem.edge(e, a.node(e.from), out) : undefined;
    if (s) entry = entry ? joinState(entry, s) : s;
  }
  if (head === a.entry) {
    const init = a.incoming(head);
    if (init) entry = entry ? joinState(entry, init) : init;
  }
  return entry;
}

/**
 * Register ranges at each loop head that the loop counter proves (PREVAIL assumes its counter
 * assertion, so its zone bounds every register that moves with the counter, e.g. an index
 * incremented once per iteration). Sound whatever the verdict: the counter bound holds in every
 * execution, and a loop it cannot bound gets none.
 */
export function headBounds(a: Analysis): HeadBounds {
  const bounds = new Map<number, readonly (Iv | undefined)[]>();
  const premises: Premise[] = [];
  for (const head of a.heads) {
    if (!a.inState[head]) continue;
    const body = loopBody(a, head);
    const entry = loopEntryState(a, head, body);
    if (!entry) continue;
    const bound = counterBound(a, head, body, entry);
    if (!bound.regs.some((r) => r !== undefined)) continue;
    bounds.set(head, bound.regs);
    // The counter read these states (compare operands, exact loads, the entry): the bounds hold
    // while the final states stay within them.
    for (const n of body) {
      const pre = a.inState[n];
      const post = a.outState[n];
      if (pre) premises.push({ node: n, side: 'in', state: pre });
      if (post) premises.push({ node: n, side: 'out', state: post });
    }
    for (const e of a.node(head).preds) {
      const post = a.outState[e.from];
      if (!body.has(e.from) && post) premises.push({ node: e.from, side: 'out', state: post });
    }
  }
  return { bounds, premises };
}

export interface Premise {
  readonly node: number;
  readonly side: 'in' | 'out';
  readonly state: State;
}

export interface HeadBounds {
  /** Loop head node -> register ranges the counter proves there. */
  readonly bounds: Map<number, readonly (Iv | undefined)[]>;
  /** Main-analysis states the bounds were derived from. */
  readonly premises: readonly Premise[];
}

/**
 * For one loop (its head node and body), the counter bound PREVAIL's zone can prove. `entry` is the
 * main analysis' state on the edges entering the loop.
 */
export function counterBound(a: Analysis, head: number, body: ReadonlySet<number>, entry: State): LoopBound {
  const rank = new Map<number, number>(a.rpo.map((id, i) => [id, i]));
  const order = [...body].sort((x, y) => (rank.get(x) ?? 0) - (rank.get(y) ?? 0));
  const start = entryState(entry, a.node(head).callStack.length);
  const exact = exactLoads(a, body);
  const inS = new Map<number, CState>();
  const outS = new Map<number, CState>();
  const visits = new Map<number, number>();
  const run = (mode: 'up' | 'down'): boolean => {
    let changed = false;
    for (let guard = 0; guard < 64; guard++) {
      let moved = false;
      for (const n of order) {
        let acc: CState | undefined = n === head ? start : undefined;
        for (const e of a.node(n).preds) {
          if (!body.has(e.from)) continue;
          const src = outS.get(e.from);
          const r = src ? refine(a, src, e) : undefined;
          if (r) acc = acc ? combine(acc, r, join) : r;
        }
        if (!acc) continue;
        if (n === head) {
          // The counter node: every arrival at the head is one more iteration.
          acc = {
            c: add(acc.c, 1),
            d: acc.d.map((x) => add(x, -1)),
            v: acc.v,
            s: new Map([...acc.s].map(([k, v]) => [k, add(v, -1)])),
          };
        }
        const old = inS.get(n);
        if (mode === 'up' && old) {
          const joined = combine(old, acc, join);
          // Widen at this loop's head and at the heads of loops nested in it.
          const v = a.heads.has(n) ? (visits.get(n) ?? 0) + 1 : 0;
          visits.set(n, v);
          acc = v > WIDEN_AFTER ? combine(old, joined, widen) : joined;
        } else if (mode === 'down' && old) acc = combine(old, acc, narrow);
        if (old && equal(old, acc)) continue;
        inS.set(n, acc);
        let cur = acc;
        const node = a.node(n);
        const depth = node.callStack.length;
        for (let i = node.block.first; i <= node.block.last; i++)
          cur = step(cur, known(a.sem.program.instructions, i, 'instruction'), depth, exact.get(`${n}:${i}`));
        outS.set(n, cur);
        moved = true;
        changed = true;
      }
      if (!moved || mode === 'down') break;
    }
    return changed;
  };
  run('up');
  for (let i = 0; i < NARROW_PASSES; i++) if (!run('down')) break;
  const final = inS.get(head);
  if (!final) return { head, max: 0, regs: [] };
  const c = final.c;
  const regs = Number.isFinite(c.hi)
    ? final.d.map((d) => {
        const lo = d.lo + c.lo;
        const hi = d.hi + c.hi;
        return Number.isFinite(lo) && Number.isFinite(hi) && Number.isSafeInteger(lo) && Number.isSafeInteger(hi)
          ? { lo, hi }
          : undefined;
      })
    : [];
  return { head, max: c.hi, regs };
}
