// Small value helpers the transfer functions share.

import type { State } from '../state';
import type { ContextField, ContextLayout } from '../../platform/types';
import { MemSize } from '../../isa/instruction';
import { NUM_TOP, type Num, constNum, fromUnsigned, isConst } from '../num';
import { POINTER_TYPES, T, type Value, payload } from '../value';
import type { Semantics } from '../transfer';

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

/** Number 0 on some paths, a pointer on others: what a NULL check tells apart. */
export function maybeNullPointer(v: Value): boolean {
  return (v.t & T.number) !== 0 && (v.t & ~T.number) !== 0;
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

/** Pointers subtracted: both single-typed and into one region (privileged Linux loaders may subtract any). */
export function pointerPairSubtractable(dv: Value, sv: Value): boolean {
  const single = (v: Value): boolean => (v.t & (v.t - 1)) === 0;
  return (
    single(dv) &&
    single(sv) &&
    (dv.t === sv.t || (dv.t === T.packetEnd && sv.t === T.packet) || (dv.t === T.packet && sv.t === T.packetEnd)) &&
    (dv.t & (T.ctx | T.stack | T.packet | T.packetEnd | T.shared | T.packetMeta)) !== 0
  );
}

export function freshId(s: State, pc: number): number {
  // The id is the pc of the copy; older values carrying it (a previous loop iteration) lose it.
  s.mapValues((v) => {
    if (v.id !== pc) return v;
    const { id: _stale, ...rest } = v;
    return rest;
  });
  return pc;
}

/** The context field covering byte `at` (an array field covers all its elements). */
export function contextFieldAt(layout: ContextLayout, at: number): ContextField | undefined {
  for (const f of layout.fields) if (at >= f.offset && at < f.offset + f.size * (f.count ?? 1)) return f;
  return undefined;
}

/** Root may add a known zero to a map pointer: the kernel leaves CONST_PTR_TO_MAP as it is (the checker allows it, addSub keeps it). */
export function rootAddsZeroToMap(sem: Semantics, kind: 'add' | 'sub', ptr: Value, n: Num): boolean {
  return sem.rootLinux && kind === 'add' && ptr.t === T.mapFd && isConst(n) && n.smin === 0n;
}

/** Root may read (never write) the kernel object behind a map pointer, at offsets from 0 on. */
export function mapObjectRead(sem: Semantics, base: Value, o: number, mode: 'read' | 'write'): boolean {
  return sem.rootLinux && mode === 'read' && o >= 0 && base.t === T.mapFd;
}
