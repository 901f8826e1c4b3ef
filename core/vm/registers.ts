// Register files: r0..r10 as 32-bit halves in an Int32Array of exactly 11 slots. Register numbers
// are checked once when the program is decoded (compile.ts), so the interpreter's reads at a
// RegIndex are typed as always defined and cost no per-read check.

import { VmError } from './errors';

/** A register number, r0..r10. */
export type RegIndex = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

export const REGISTER_COUNT = 11;

/** One half (low or high 32 bits) of every register: a read at a RegIndex is always in range. */
export type RegHalves = Int32Array & { [R in RegIndex]: number };

export function isRegIndex(n: number): n is RegIndex {
  return Number.isInteger(n) && n >= 0 && n < REGISTER_COUNT;
}

function isRegHalves(a: Int32Array): a is RegHalves {
  return a.length === REGISTER_COUNT;
}

/** A zeroed register half-file, or a copy of `from`. */
export function regHalves(from?: Int32Array): RegHalves {
  const a = new Int32Array(REGISTER_COUNT);
  if (from !== undefined) a.set(from.subarray(0, REGISTER_COUNT));
  if (!isRegHalves(a)) throw new VmError('register file of the wrong size');
  return a;
}
