// 64-bit arithmetic on (lo, hi) pairs of int32, for the interpreter's registers. Everything here
// is exact two's-complement; BigInt is used only for 64-bit division with large operands.

/** Unsigned a < b. */
export function ult(ah: number, al: number, bh: number, bl: number): boolean {
  return ah >>> 0 < bh >>> 0 || (ah === bh && al >>> 0 < bl >>> 0);
}

/** Signed a < b. */
export function slt(ah: number, al: number, bh: number, bl: number): boolean {
  return ah < bh || (ah === bh && al >>> 0 < bl >>> 0);
}

/** Two int32 slots, a 64-bit value's low [0] and high [1] halves: both reads are always defined. */
export type Int32Pair = Int32Array & { 0: number; 1: number };

function isInt32Pair(a: Int32Array): a is Int32Pair {
  return a.length === 2;
}

export function int32Pair(): Int32Pair {
  const a = new Int32Array(2);
  if (!isInt32Pair(a)) throw new RangeError('an Int32Array(2) has two slots');
  return a;
}

/** Scratch results of the division helpers: the low and high halves. (The interpreter inlines
 * 64-bit multiplication, which is hot.) */
export const out = int32Pair();

export function toBigU(hi: number, lo: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

export function toBigS(hi: number, lo: number): bigint {
  return BigInt.asIntN(64, toBigU(hi, lo));
}

function fromBig(v: bigint): void {
  out[0] = Number(v & 0xffffffffn) | 0;
  out[1] = Number((v >> 32n) & 0xffffffffn) | 0;
}

/** Unsigned 64-bit division / modulo. Division by zero → 0, modulo by zero → dividend (ISA). */
export function udivmod64(al: number, ah: number, bl: number, bh: number, mod: boolean): void {
  if (bl === 0 && bh === 0) {
    out[0] = mod ? al : 0;
    out[1] = mod ? ah : 0;
    return;
  }
  if (ah === 0 && bh === 0) {
    const a = al >>> 0;
    const b = bl >>> 0;
    out[0] = (mod ? a % b : Math.floor(a / b)) | 0;
    out[1] = 0;
    return;
  }
  const a = toBigU(ah, al);
  const b = toBigU(bh, bl);
  fromBig(mod ? a % b : a / b);
}

/** Signed 64-bit division / modulo (truncating). INT64_MIN / -1 = INT64_MIN, INT64_MIN % -1 = 0. */
export function sdivmod64(al: number, ah: number, bl: number, bh: number, mod: boolean): void {
  if (bl === 0 && bh === 0) {
    out[0] = mod ? al : 0;
    out[1] = mod ? ah : 0;
    return;
  }
  if (ah === al >> 31 && bh === bl >> 31) {
    // Both fit in int32: doubles are exact here (|quotient| <= 2^31).
    const r = mod ? al % bl : Math.trunc(al / bl);
    out[0] = r | 0;
    out[1] = r < 0 ? -1 : 0;
    if (r === 2147483648) out[1] = 0;
    return;
  }
  const a = toBigS(ah, al);
  const b = toBigS(bh, bl);
  if (b === -1n) {
    fromBig(mod ? 0n : BigInt.asIntN(64, -a));
    return;
  }
  fromBig(mod ? a % b : a / b);
}

export function bswap32(x: number): number {
  return ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}

export function bswap16(x: number): number {
  return ((x & 0xff) << 8) | ((x >>> 8) & 0xff);
}
