// The numeric domain: a 64-bit value as a signed and an unsigned interval, kept in sync (reduced).
// bigint everywhere: correctness of wrap-around matters more than raw speed here.

export interface Num {
  readonly smin: bigint;
  readonly smax: bigint;
  readonly umin: bigint;
  readonly umax: bigint;
}

export const TWO32 = 1n << 32n;
export const TWO64 = 1n << 64n;
export const U32MAX = TWO32 - 1n;
export const U64MAX = TWO64 - 1n;
export const S64MIN = -(1n << 63n);
export const S64MAX = (1n << 63n) - 1n;
export const S32MIN = -(1n << 31n);
export const S32MAX = (1n << 31n) - 1n;

export const NUM_TOP: Num = { smin: S64MIN, smax: S64MAX, umin: 0n, umax: U64MAX };

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);

/** Unsigned 64-bit view of a signed value. */
export function toU64(v: bigint): bigint {
  return BigInt.asUintN(64, v);
}
export function toS64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

/** Intersect the signed and unsigned views; undefined when the result is empty (infeasible). */
export function reduce(smin: bigint, smax: bigint, umin: bigint, umax: bigint): Num | undefined {
  return reduceW(smin, smax, umin, umax, 64);
}

/** reduce() for a w-bit value (32-bit views of a register use w = 32). */
export function reduceW(smin: bigint, smax: bigint, umin: bigint, umax: bigint, w: 32 | 64): Num | undefined {
  const mod = w === 64 ? TWO64 : TWO32;
  const smaxW = w === 64 ? S64MAX : S32MAX;
  if (smin > smax || umin > umax) return undefined;
  for (let round = 0; round < 2; round++) {
    // Learn the unsigned range from the signed one where the signed range does not cross zero.
    if (smin >= 0n) {
      umin = max(umin, smin);
      umax = min(umax, smax);
    } else if (smax < 0n) {
      umin = max(umin, smin + mod);
      umax = min(umax, smax + mod);
    }
    if (umin > umax) return undefined;
    // And the signed range from the unsigned one where it does not cross 2^(w-1).
    if (umax <= smaxW) {
      smin = max(smin, umin);
      smax = min(smax, umax);
    } else if (umin > smaxW) {
      smin = max(smin, umin - mod);
      smax = min(smax, umax - mod);
    }
    if (smin > smax) return undefined;
  }
  return { smin, smax, umin, umax };
}

export function constNum(v: bigint): Num {
  const u = toU64(v);
  const s = toS64(v);
  return { smin: s, smax: s, umin: u, umax: u };
}

export function fromUnsigned(umin: bigint, umax: bigint): Num {
  return reduce(S64MIN, S64MAX, umin, umax) ?? NUM_TOP;
}

export function fromSigned(smin: bigint, smax: bigint): Num {
  return reduce(smin, smax, 0n, U64MAX) ?? NUM_TOP;
}

export function isConst(n: Num): boolean {
  return n.umin === n.umax;
}

export function numEq(a: Num, b: Num): boolean {
  return a.smin === b.smin && a.smax === b.smax && a.umin === b.umin && a.umax === b.umax;
}

export function numLeq(a: Num, b: Num): boolean {
  return a.smin >= b.smin && a.smax <= b.smax && a.umin >= b.umin && a.umax <= b.umax;
}

export function numJoin(a: Num, b: Num): Num {
  return reduce(min(a.smin, b.smin), max(a.smax, b.smax), min(a.umin, b.umin), max(a.umax, b.umax)) ?? NUM_TOP;
}

export function numMeet(a: Num, b: Num): Num | undefined {
  return reduce(max(a.smin, b.smin), min(a.smax, b.smax), max(a.umin, b.umin), min(a.umax, b.umax));
}

/** Standard interval widening: an unstable bound jumps to the extreme. */
export function numWiden(a: Num, b: Num): Num {
  return (
    reduce(
      b.smin < a.smin ? S64MIN : a.smin,
      b.smax > a.smax ? S64MAX : a.smax,
      b.umin < a.umin ? 0n : a.umin,
      b.umax > a.umax ? U64MAX : a.umax,
    ) ?? NUM_TOP
  );
}

/** Narrowing: only infinite (extreme) bounds are replaced by the newer finite ones. */
export function numNarrow(a: Num, b: Num): Num {
  return (
    reduce(
      a.smin === S64MIN ? b.smin : a.smin,
      a.smax === S64MAX ? b.smax : a.smax,
      a.umin === 0n ? b.umin : a.umin,
      a.umax === U64MAX ? b.umax : a.umax,
    ) ?? a
  );
}

// ---- width-generic view: an operand of a 32-bit ALU operation is its low 32 bits ----

/** A w-bit value as unsigned and signed intervals (w = 32 or 64). */
interface View {
  readonly w: 32 | 64;
  readonly umin: bigint;
  readonly umax: bigint;
  readonly smin: bigint;
  readonly smax: bigint;
}

function limits(w: 32 | 64): { umax: bigint; smin: bigint; smax: bigint; mod: bigint } {
  return w === 64
    ? { umax: U64MAX, smin: S64MIN, smax: S64MAX, mod: TWO64 }
    : { umax: U32MAX, smin: S32MIN, smax: S32MAX, mod: TWO32 };
}

/** The low 32 bits of a 64-bit abstract value. */
export function low32(n: Num): { umin: bigint; umax: bigint; smin: bigint; smax: bigint } {
  let umin = 0n;
  let umax = U32MAX;
  if (n.umax - n.umin < TWO32 && n.umin >> 32n === n.umax >> 32n) {
    umin = n.umin & U32MAX;
    umax = n.umax & U32MAX;
  }
  let smin = S32MIN;
  let smax = S32MAX;
  if (n.smin >= S32MIN && n.smax <= S32MAX) {
    smin = n.smin;
    smax = n.smax;
  } else if (umax <= S32MAX) {
    smin = umin;
    smax = umax;
  } else if (umin > S32MAX) {
    smin = umin - TWO32;
    smax = umax - TWO32;
  }
  // Tighten the unsigned 32-bit view from the signed one.
  if (smin >= 0n) {
    umin = max(umin, smin);
    umax = min(umax, smax);
  } else if (smax < 0n) {
    umin = max(umin, smin + TWO32);
    umax = min(umax, smax + TWO32);
  }
  if (umin > umax) return { umin: 0n, umax: U32MAX, smin: S32MIN, smax: S32MAX };
  return { umin, umax, smin, smax };
}

function view(n: Num, w: 32 | 64): View {
  if (w === 64) return { w, umin: n.umin, umax: n.umax, smin: n.smin, smax: n.smax };
  return { w, ...low32(n) };
}

/** Build a w-bit result from an unsigned and a signed candidate range (each may be unknown). */
function result(w: 32 | 64, u: [bigint, bigint] | undefined, s: [bigint, bigint] | undefined): Num {
  const L = limits(w);
  let umin = 0n;
  let umax = L.umax;
  let smin = L.smin;
  let smax = L.smax;
  if (u && u[0] >= 0n && u[1] <= L.umax && u[0] <= u[1]) {
    umin = u[0];
    umax = u[1];
  }
  if (s && s[0] >= L.smin && s[1] <= L.smax && s[0] <= s[1]) {
    smin = s[0];
    smax = s[1];
  }
  if (w === 64) return reduce(smin, smax, umin, umax) ?? NUM_TOP;
  // 32-bit results are zero-extended: derive the unsigned range (tightened by the signed one).
  if (smin >= 0n) {
    umin = max(umin, smin);
    umax = min(umax, smax);
  } else if (smax < 0n) {
    umin = max(umin, smin + TWO32);
    umax = min(umax, smax + TWO32);
  }
  if (umin > umax) return fromUnsigned(0n, U32MAX);
  return fromUnsigned(umin, umax);
}

function wrapRange(lo: bigint, hi: bigint, w: 32 | 64, signed: boolean): [bigint, bigint] | undefined {
  const L = limits(w);
  const loB = signed ? L.smin : 0n;
  const hiB = signed ? L.smax : L.umax;
  if (lo >= loB && hi <= hiB) return [lo, hi];
  // Both ends wrapped by the same multiple of 2^w: still a contiguous range.
  const shift = (v: bigint): bigint => {
    let k = 0n;
    if (v < loB) k = (loB - v + L.mod - 1n) / L.mod;
    else if (v > hiB) k = -((v - hiB + L.mod - 1n) / L.mod);
    return k;
  };
  const k1 = shift(lo);
  const k2 = shift(hi);
  if (k1 === k2 && hi - lo < L.mod) return [lo + k1 * L.mod, hi + k2 * L.mod];
  return undefined;
}

function nextPow2Mask(v: bigint): bigint {
  let m = 0n;
  while (m < v) m = (m << 1n) | 1n;
  return m;
}

export type AluKind =
  'add' | 'sub' | 'mul' | 'div' | 'sdiv' | 'mod' | 'smod' | 'or' | 'and' | 'lsh' | 'rsh' | 'arsh' | 'xor';

/** dst = dst OP src in w-bit arithmetic (32-bit results are zero-extended). */
export function aluNum(op: AluKind, a64: Num, b64: Num, w: 32 | 64): Num {
  const a = view(a64, w);
  const b = view(b64, w);
  const L = limits(w);
  const bothConst = a.umin === a.umax && b.umin === b.umax;
  if (bothConst) return constResult(op, a.umin, b.umin, w);
  switch (op) {
    case 'add':
      return result(
        w,
        wrapRange(a.umin + b.umin, a.umax + b.umax, w, false),
        wrapRange(a.smin + b.smin, a.smax + b.smax, w, true),
      );
    case 'sub':
      return result(
        w,
        wrapRange(a.umin - b.umax, a.umax - b.umin, w, false),
        wrapRange(a.smin - b.smax, a.smax - b.smin, w, true),
      );
    case 'mul': {
      const u = a.umax * b.umax <= L.umax ? ([a.umin * b.umin, a.umax * b.umax] as [bigint, bigint]) : undefined;
      const p = [a.smin * b.smin, a.smin * b.smax, a.smax * b.smin, a.smax * b.smax];
      const lo = p.reduce(min);
      const hi = p.reduce(max);
      return result(w, u, lo >= L.smin && hi <= L.smax ? [lo, hi] : undefined);
    }
    case 'div': {
      // Division by zero yields 0 (ISA semantics).
      const mayBeZero = b.umin === 0n;
      const bmin = mayBeZero ? 1n : b.umin;
      if (b.umax === 0n) return constNum(0n);
      const lo = mayBeZero ? 0n : a.umin / b.umax;
      return result(w, [lo, a.umax / bmin], undefined);
    }
    case 'mod': {
      // x % 0 leaves x unchanged.
      if (b.umin === 0n) return result(w, [0n, a.umax], undefined);
      if (a.umax < b.umin) return result(w, [a.umin, a.umax], undefined);
      return result(w, [0n, min(a.umax, b.umax - 1n)], undefined);
    }
    case 'sdiv':
    case 'smod':
      return result(w, undefined, undefined);
    case 'and': {
      let hi = min(a.umax, b.umax);
      // AND with a non-negative value cannot set the sign bit.
      const s = a.smin >= 0n || b.smin >= 0n ? ([0n, hi <= L.smax ? hi : L.smax] as [bigint, bigint]) : undefined;
      if (hi > L.umax) hi = L.umax;
      return result(w, [0n, hi], s);
    }
    case 'or': {
      const m = nextPow2Mask(max(a.umax, b.umax));
      return result(w, [max(a.umin, b.umin), m], undefined);
    }
    case 'xor': {
      const m = nextPow2Mask(max(a.umax, b.umax));
      return result(w, [0n, m], undefined);
    }
    case 'lsh': {
      if (b.umin !== b.umax) return result(w, undefined, undefined);
      const k = b.umin & BigInt(w - 1);
      if (a.umax << k <= L.umax) return result(w, [a.umin << k, a.umax << k], undefined);
      return result(w, undefined, undefined);
    }
    case 'rsh': {
      if (b.umax >= BigInt(w)) {
        // The shift amount is masked; be conservative.
        return result(w, [0n, a.umax], undefined);
      }
      return result(w, [a.umin >> b.umax, a.umax >> b.umin], undefined);
    }
    case 'arsh': {
      if (b.umin !== b.umax) return result(w, undefined, [a.smin < 0n ? a.smin : 0n, a.smax > 0n ? a.smax : 0n]);
      const k = b.umin & BigInt(w - 1);
      return result(w, undefined, [a.smin >> k, a.smax >> k]);
    }
  }
}

function constResult(op: AluKind, x: bigint, y: bigint, w: 32 | 64): Num {
  const trunc = (v: bigint): bigint => (w === 64 ? BigInt.asUintN(64, v) : BigInt.asUintN(32, v));
  const sx = w === 64 ? BigInt.asIntN(64, x) : BigInt.asIntN(32, x);
  const sy = w === 64 ? BigInt.asIntN(64, y) : BigInt.asIntN(32, y);
  let r: bigint;
  switch (op) {
    case 'add':
      r = x + y;
      break;
    case 'sub':
      r = x - y;
      break;
    case 'mul':
      r = x * y;
      break;
    case 'div':
      r = y === 0n ? 0n : x / y;
      break;
    case 'mod':
      r = y === 0n ? x : x % y;
      break;
    case 'sdiv':
      r = sy === 0n ? 0n : sx / sy;
      break;
    case 'smod':
      r = sy === 0n ? sx : sx % sy;
      break;
    case 'or':
      r = x | y;
      break;
    case 'and':
      r = x & y;
      break;
    case 'xor':
      r = x ^ y;
      break;
    case 'lsh':
      r = x << (y & BigInt(w - 1));
      break;
    case 'rsh':
      r = x >> (y & BigInt(w - 1));
      break;
    case 'arsh':
      r = sx >> (y & BigInt(w - 1));
      break;
  }
  return constNum(trunc(r));
}

/** Zero-extend the low 32 bits (mov32, and the result of every 32-bit ALU operation). */
export function zext32(n: Num): Num {
  const l = low32(n);
  return fromUnsigned(l.umin, l.umax);
}

/** Sign-extend the low `bits` bits (movsx, ldsx). */
export function sext(n: Num, bits: 8 | 16 | 32): Num {
  const mod = 1n << BigInt(bits);
  const half = mod >> 1n;
  let umin = 0n;
  let umax = mod - 1n;
  if (n.umax - n.umin < mod && n.umin / mod === n.umax / mod) {
    umin = n.umin % mod;
    umax = n.umax % mod;
  }
  if (umax < half) return fromSigned(umin, umax);
  if (umin >= half) return fromSigned(umin - mod, umax - mod);
  return fromSigned(-half, half - 1n);
}

/** Truncate to `bits` (a narrow load or le16/le32). */
export function truncNum(n: Num, bits: 8 | 16 | 32 | 64): Num {
  if (bits === 64) return n;
  const mod = 1n << BigInt(bits);
  if (n.umax - n.umin < mod && n.umin / mod === n.umax / mod) return fromUnsigned(n.umin % mod, n.umax % mod);
  return fromUnsigned(0n, mod - 1n);
}

export function bswapNum(n: Num, bits: 16 | 32 | 64): Num {
  if (n.umin === n.umax) {
    let v = n.umin;
    let r = 0n;
    for (let i = 0; i < bits / 8; i++) {
      r = (r << 8n) | (v & 0xffn);
      v >>= 8n;
    }
    return constNum(r);
  }
  return fromUnsigned(0n, (1n << BigInt(bits)) - 1n);
}

export function numToString(n: Num): string {
  if (n.umin === n.umax) return n.smin === n.smax && n.smin < 0n ? `=${n.smin}` : `=${n.umin}`;
  const parts: string[] = [];
  const sFull = n.smin === S64MIN && n.smax === S64MAX;
  const uFull = n.umin === 0n && n.umax === U64MAX;
  if (sFull && uFull) return 'any';
  if (n.smin >= 0n) return `[${n.smin}, ${n.smax}]`;
  if (!sFull) parts.push(`s[${n.smin}, ${n.smax}]`);
  if (!uFull) parts.push(`u[${n.umin}, ${n.umax}]`);
  return parts.join(' ');
}

// ---- branch refinement ----

export type CmpKind = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'sgt' | 'sge' | 'slt' | 'sle' | 'set';

export const NEGATE: Record<CmpKind, CmpKind | undefined> = {
  eq: 'ne',
  ne: 'eq',
  gt: 'le',
  ge: 'lt',
  lt: 'ge',
  le: 'gt',
  sgt: 'sle',
  sge: 'slt',
  slt: 'sge',
  sle: 'sgt',
  set: undefined,
};

export const SWAP: Record<CmpKind, CmpKind> = {
  eq: 'eq',
  ne: 'ne',
  gt: 'lt',
  ge: 'le',
  lt: 'gt',
  le: 'ge',
  sgt: 'slt',
  sge: 'sle',
  slt: 'sgt',
  sle: 'sge',
  set: 'set',
};

/**
 * Refine a and b (64-bit) under `a CMP b` (or its negation when `holds` is false). Returns
 * undefined when the outcome is impossible.
 */
export function refine64(cmp: CmpKind, holds: boolean, a: Num, b: Num): [Num, Num] | undefined {
  return refineW(cmp, holds, a, b, 64);
}

function refineW(cmp: CmpKind, holds: boolean, a: Num, b: Num, w: 32 | 64): [Num, Num] | undefined {
  const reduce = (smin: bigint, smax: bigint, umin: bigint, umax: bigint): Num | undefined =>
    reduceW(smin, smax, umin, umax, w);
  if (cmp === 'set') {
    // a & b != 0 (holds) / == 0 (not holds). Only constant cases are decided.
    if (isConst(a) && isConst(b)) return ((a.umin & b.umin) !== 0n) === holds ? [a, b] : undefined;
    if (holds) {
      if (a.umax === 0n || b.umax === 0n) return undefined;
      const na = a.umin === 0n ? reduce(a.smin, a.smax, 1n, a.umax) : a;
      return na ? [na, b] : undefined;
    }
    if (isConst(b) && (b.umin & a.umin) !== 0n && a.umin === a.umax) return undefined;
    return [a, b];
  }
  const c = holds ? cmp : (NEGATE[cmp] as CmpKind);
  switch (c) {
    case 'eq': {
      const m = reduce(max(a.smin, b.smin), min(a.smax, b.smax), max(a.umin, b.umin), min(a.umax, b.umax));
      return m ? [m, m] : undefined;
    }
    case 'ne': {
      if (isConst(a) && isConst(b) && a.umin === b.umin) return undefined;
      return [shave(a, b, w), shave(b, a, w)];
    }
    case 'gt':
    case 'lt': {
      const [x, y] = c === 'gt' ? [a, b] : [b, a]; // x > y unsigned
      const nx = reduce(x.smin, x.smax, max(x.umin, y.umin + 1n), x.umax);
      const ny = reduce(y.smin, y.smax, y.umin, min(y.umax, x.umax - 1n));
      if (!nx || !ny) return undefined;
      return c === 'gt' ? [nx, ny] : [ny, nx];
    }
    case 'ge':
    case 'le': {
      const [x, y] = c === 'ge' ? [a, b] : [b, a];
      const nx = reduce(x.smin, x.smax, max(x.umin, y.umin), x.umax);
      const ny = reduce(y.smin, y.smax, y.umin, min(y.umax, x.umax));
      if (!nx || !ny) return undefined;
      return c === 'ge' ? [nx, ny] : [ny, nx];
    }
    case 'sgt':
    case 'slt': {
      const [x, y] = c === 'sgt' ? [a, b] : [b, a];
      const nx = reduce(max(x.smin, y.smin + 1n), x.smax, x.umin, x.umax);
      const ny = reduce(y.smin, min(y.smax, x.smax - 1n), y.umin, y.umax);
      if (!nx || !ny) return undefined;
      return c === 'sgt' ? [nx, ny] : [ny, nx];
    }
    case 'sge':
    case 'sle': {
      const [x, y] = c === 'sge' ? [a, b] : [b, a];
      const nx = reduce(max(x.smin, y.smin), x.smax, x.umin, x.umax);
      const ny = reduce(y.smin, min(y.smax, x.smax), y.umin, y.umax);
      if (!nx || !ny) return undefined;
      return c === 'sge' ? [nx, ny] : [ny, nx];
    }
    default:
      return [a, b];
  }
}

/** a != b where b is a constant: shave a bound equal to it. */
function shave(a: Num, b: Num, w: 32 | 64): Num {
  if (!isConst(b)) return a;
  const v = b.umin;
  const s = b.smin;
  let { smin, smax, umin, umax } = a;
  if (umin === v) umin++;
  if (umax === v) umax--;
  if (smin === s) smin++;
  if (smax === s) smax--;
  return reduceW(smin, smax, umin, umax, w) ?? a;
}

/** The same for a 32-bit comparison: refine the low-32 views, map back where that is exact. */
export function refine32(cmp: CmpKind, holds: boolean, a: Num, b: Num): [Num, Num] | undefined {
  const la = low32(a);
  const lb = low32(b);
  const r = refineW(cmp, holds, la, lb, 32);
  if (!r) return undefined;
  const na = back(a, r[0]);
  const nb = back(b, r[1]);
  if (!na || !nb) return undefined;
  return [na, nb];
}

/** Map a refined 32-bit view back onto the 64-bit value where that is exact. */
function back(orig: Num, r: Num): Num | undefined {
  if (orig.umax <= U32MAX) {
    // The value is its low 32 bits: the unsigned refinement applies directly.
    return reduce(orig.smin, orig.smax, max(orig.umin, r.umin), min(orig.umax, r.umax));
  }
  if (orig.smin >= S32MIN && orig.smax <= S32MAX) {
    // A sign-extended small value: its signed 32-bit view is the value itself.
    return reduce(max(orig.smin, r.smin), min(orig.smax, r.smax), orig.umin, orig.umax);
  }
  return orig;
}
