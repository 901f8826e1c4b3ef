// Small value helpers the transfer functions share.

import { MemSize } from '../../isa/instruction';
import { NUM_TOP, type Num, constNum, fromUnsigned, isConst } from '../num';
import { POINTER_TYPES, T, type Value, payload } from '../value';

/** Bytes a load or store of this opcode accesses (its size field). */
export function widthOf(opcode: number): 1 | 2 | 4 | 8 {
  switch (opcode & 0x18) {
    case MemSize.W:
      return 4;
    case MemSize.H:
      return 2;
    case MemSize.B:
      return 1;
    default:
      return 8;
  }
}

/** Pointer types that take part in comparison rules (map fds and funcs are not compared). */
export const POINTER_TYPES_CMP = POINTER_TYPES | T.mapFd | T.mapProgs | T.func;

/** The value without its `data_end - pointer` fact (the packet it measured has changed). */
export function withoutTillEnd(v: Value): Value {
  const { tillEnd: _gone, ...rest } = v;
  return rest;
}

export function cleanValue(v: Value): Value {
  const out: { -readonly [K in keyof Value]: Value[K] } = { ...v };
  for (const k of Object.keys(out) as (keyof Value)[]) if (out[k] === undefined) delete out[k];
  return out;
}

export function isZero(v: Value): boolean {
  return v.t === T.number && isConst(payload(v, 'num')) && payload(v, 'num').umin === 0n;
}

export function widthRange(w: number): Num {
  return w >= 8 ? NUM_TOP : fromUnsigned(0n, (1n << BigInt(w * 8)) - 1n);
}

export function constNumRange(lo: bigint, hi: bigint): Num {
  return lo === hi ? constNum(lo) : { ...NUM_TOP, ...rangeNum(lo, hi) };
}

export function rangeNum(lo: bigint, hi: bigint): Num {
  if (lo >= 0n) return fromUnsigned(lo, hi);
  return { smin: lo, smax: hi, umin: 0n, umax: (1n << 64n) - 1n };
}
