// What a load through a kernel-object pointer yields, from the object's own BTF (the vmlinux.h
// types a program uses are in it): the kernel types such loads by the field's BTF type, so a
// pointer field gives another kernel-object pointer and any other field a number.

import type { Btf } from '../btf/parse';
import { sizeOf, skipModifiers, MAX_TYPE_DEPTH } from '../btf/layout';
import { BtfKind } from '../btf/types';
import type { Program } from '../program/types';

/** The field read at `off` (`width` bytes) of BTF type `typeId`. */
export type BtfFieldRead =
  /** A pointer field: `pointee` is the pointed-to struct/union (undefined for other targets). */
  { readonly kind: 'pointer'; readonly pointee: number | undefined } | { readonly kind: 'scalar' };

/** Undefined when the BTF does not say (unknown type, out of range, malformed). */
export function btfFieldRead(btf: Btf, typeId: number, off: number, width: number): BtfFieldRead | undefined {
  try {
    return fieldRead(btf, typeId, off, width, 0);
  } catch {
    return undefined;
  }
}

function fieldRead(btf: Btf, typeId: number, off: number, width: number, depth: number): BtfFieldRead | undefined {
  if (depth > MAX_TYPE_DEPTH) return undefined;
  const t = skipModifiers(btf, typeId);
  switch (t.kind) {
    case BtfKind.PTR: {
      if (off !== 0 || width !== 8) return { kind: 'scalar' };
      const target = skipModifiers(btf, t.type);
      const composite = target.kind === BtfKind.STRUCT || target.kind === BtfKind.UNION;
      return { kind: 'pointer', pointee: composite ? target.id : undefined };
    }
    case BtfKind.INT:
    case BtfKind.ENUM:
    case BtfKind.ENUM64:
      return { kind: 'scalar' };
    case BtfKind.ARRAY: {
      const elem = sizeOf(btf, t.type);
      if (elem <= 0) return undefined;
      return fieldRead(btf, t.type, off % elem, width, depth + 1);
    }
    case BtfKind.STRUCT:
    case BtfKind.UNION: {
      for (const m of t.members) {
        if (m.bitSize !== 0 || m.bitOffset % 8 !== 0) continue;
        const start = m.bitOffset / 8;
        const size = sizeOf(btf, m.type);
        if (off >= start && off + width <= start + size) {
          const r = fieldRead(btf, m.type, off - start, width, depth + 1);
          if (r) return r;
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function isBtf(x: unknown): x is Btf {
  return typeof x === 'object' && x !== null && typeof (x as Btf).type === 'function';
}

/** The struct the entry function's first parameter points to (a BTF-typed context), if BTF says. */
export function contextStruct(program: Program): { btf: Btf; id: number } | undefined {
  const btf = program.btf;
  const entry = program.functions.find((f) => f.isEntry);
  if (!isBtf(btf) || !entry || entry.btfId === 0) return undefined;
  try {
    const fn = btf.type(entry.btfId);
    if (fn.kind !== BtfKind.FUNC) return undefined;
    const proto = btf.type(fn.type);
    if (proto.kind !== BtfKind.FUNC_PROTO) return undefined;
    const first = proto.params[0];
    if (!first) return undefined;
    const p = skipModifiers(btf, first.type);
    if (p.kind !== BtfKind.PTR) return undefined;
    const s = skipModifiers(btf, p.type);
    return s.kind === BtfKind.STRUCT ? { btf, id: s.id } : undefined;
  } catch {
    return undefined;
  }
}
