// Bytes + BTF type -> a tree of named values, for the map explorer and the debugger's variables.
// Never throws on short buffers or odd types: missing bytes show as `<unavailable>`.

import type { Btf } from './parse';
import { MAX_TYPE_DEPTH, sizeOf, skipModifiers } from './layout';
import { typeToString } from './print';
import { BtfKind, BTF_INT_BOOL, BTF_INT_CHAR, BTF_INT_SIGNED, type BtfType } from './types';

export interface ValueNode {
  /** Field name, `[i]` for array elements, or the name given at the root. */
  readonly name: string;
  /** C type as printed by typeToString. */
  readonly type: string;
  /** The value as text: `42`, `0x1f`, `XDP_PASS`, `"eth0"`, `{...}` for aggregates. */
  readonly value: string;
  /** Byte offset from the start of the formatted buffer. */
  readonly offset: number;
  readonly children?: readonly ValueNode[];
}

export interface FormatOptions {
  /** Arrays longer than this show their first elements and a `...` node. Default 256. */
  readonly maxArrayElements?: number;
  /** Integers as hex (default: decimal; pointers are always hex). */
  readonly hex?: boolean;
  /** Most nodes in one tree (nested arrays multiply); the rest show as `...`. Default 10,000. */
  readonly maxNodes?: number;
}

const UNAVAILABLE = '<unavailable>';

export function formatValue(
  btf: Btf,
  typeId: number,
  bytes: Uint8Array,
  name = '',
  options: FormatOptions = {},
): ValueNode {
  return node(btf, typeId, bytes, 0, name, { ...options, budget: { left: options.maxNodes ?? 10_000 } }, 0);
}

type Context = FormatOptions & { readonly budget: { left: number } };

function readUnsigned(bytes: Uint8Array, offset: number, size: number): bigint | undefined {
  if (offset < 0 || size <= 0 || offset + size > bytes.length) return undefined;
  // Little-endian: the last byte is the most significant.
  return bytes.subarray(offset, offset + size).reduceRight((v, b) => (v << 8n) | BigInt(b), 0n);
}

/** Bits [bitOffset, bitOffset + bits) of a little-endian buffer starting at `offset`. */
function readBits(bytes: Uint8Array, offset: number, bitOffset: number, bits: number): bigint | undefined {
  const first = offset + Math.floor(bitOffset / 8);
  const span = Math.ceil(((bitOffset % 8) + bits) / 8);
  const raw = readUnsigned(bytes, first, span);
  if (raw === undefined) return undefined;
  return (raw >> BigInt(bitOffset % 8)) & ((1n << BigInt(bits)) - 1n);
}

function intText(value: bigint, bits: number, encoding: number, hex: boolean, isChar = false): string {
  if (encoding & BTF_INT_BOOL) return value === 0n ? 'false' : 'true';
  const signed = (encoding & BTF_INT_SIGNED) !== 0;
  const v = signed ? BigInt.asIntN(bits, value) : value;
  if (isChar && bits === 8) {
    const code = Number(value);
    const shown =
      code >= 0x20 && code < 0x7f ? `'${String.fromCharCode(code)}'` : `'\\x${code.toString(16).padStart(2, '0')}'`;
    return `${v} ${shown}`;
  }
  if (hex) return v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
  return v.toString();
}

function enumText(t: Extract<BtfType, { kind: BtfKind.ENUM | BtfKind.ENUM64 }>, raw: bigint): string {
  const v = t.signed ? BigInt.asIntN(t.size * 8, raw) : raw;
  const match = t.values.find((e) => e.value === v || BigInt.asUintN(t.size * 8, e.value) === raw);
  return match ? match.name : v.toString();
}

/** clang encodes `char` as a signed 1-byte INT named "char", not with BTF_INT_CHAR. */
function isCharType(t: BtfType): boolean {
  return t.kind === BtfKind.INT && t.size === 1 && ((t.encoding & BTF_INT_CHAR) !== 0 || t.name === 'char');
}

function isCharArray(btf: Btf, elementId: number): boolean {
  return isCharType(skipModifiers(btf, elementId));
}

function quote(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    if (b === 0) break;
    if (b === 0x22 || b === 0x5c) s += `\\${String.fromCharCode(b)}`;
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `"${s}"`;
}

function safeSize(btf: Btf, id: number): number | undefined {
  try {
    return sizeOf(btf, id);
  } catch {
    return undefined;
  }
}

function node(
  btf: Btf,
  typeId: number,
  bytes: Uint8Array,
  offset: number,
  name: string,
  options: Context,
  depth: number,
): ValueNode {
  const type = typeToString(btf, typeId);
  if (depth > MAX_TYPE_DEPTH || options.budget.left <= 0) return { name, type, value: '...', offset };
  options.budget.left--;
  let t: BtfType;
  try {
    t = skipModifiers(btf, typeId);
  } catch {
    return { name, type, value: UNAVAILABLE, offset };
  }
  const hex = options.hex ?? false;
  switch (t.kind) {
    case BtfKind.INT: {
      const raw =
        t.bits === t.size * 8 && t.bitOffset === 0
          ? readUnsigned(bytes, offset, t.size)
          : readBits(bytes, offset, t.bitOffset, t.bits);
      return {
        name,
        type,
        value: raw === undefined ? UNAVAILABLE : intText(raw, t.bits, t.encoding, hex, isCharType(t)),
        offset,
      };
    }
    case BtfKind.ENUM:
    case BtfKind.ENUM64: {
      const raw = readUnsigned(bytes, offset, t.size);
      return { name, type, value: raw === undefined ? UNAVAILABLE : enumText(t, raw), offset };
    }
    case BtfKind.PTR: {
      const raw = readUnsigned(bytes, offset, 8);
      return { name, type, value: raw === undefined ? UNAVAILABLE : `0x${raw.toString(16)}`, offset };
    }
    case BtfKind.FLOAT: {
      if (offset + t.size > bytes.length || (t.size !== 4 && t.size !== 8))
        return { name, type, value: UNAVAILABLE, offset };
      const view = new DataView(bytes.buffer, bytes.byteOffset + offset, t.size);
      return { name, type, value: String(t.size === 4 ? view.getFloat32(0, true) : view.getFloat64(0, true)), offset };
    }
    case BtfKind.ARRAY: {
      const elementSize = safeSize(btf, t.type);
      if (elementSize === undefined) return { name, type, value: UNAVAILABLE, offset };
      if (isCharArray(btf, t.type)) {
        const end = Math.min(bytes.length, offset + t.count);
        return { name, type, value: offset < bytes.length ? quote(bytes.subarray(offset, end)) : UNAVAILABLE, offset };
      }
      const limit = Math.min(t.count, options.maxArrayElements ?? 256);
      const children: ValueNode[] = [];
      for (let i = 0; i < limit; i++)
        children.push(node(btf, t.type, bytes, offset + i * elementSize, `[${i}]`, options, depth + 1));
      if (limit < t.count)
        children.push({
          name: '...',
          type: '',
          value: `${t.count - limit} more`,
          offset: offset + limit * elementSize,
        });
      return { name, type, value: `[${t.count}]`, offset, children };
    }
    case BtfKind.STRUCT:
    case BtfKind.UNION: {
      const children = t.members.map((m, i) => {
        const memberName = m.name || `<anon ${i}>`;
        const byteOffset = offset + Math.floor(m.bitOffset / 8);
        if (m.bitSize > 0) {
          // A bitfield: the member's int type gives signedness; the struct gives the bits.
          const raw = readBits(bytes, offset, m.bitOffset, m.bitSize);
          const mt = skipModifiers(btf, m.type);
          const encoding = mt.kind === BtfKind.INT ? mt.encoding : 0;
          const text =
            raw === undefined
              ? UNAVAILABLE
              : mt.kind === BtfKind.ENUM || mt.kind === BtfKind.ENUM64
                ? enumText(mt, raw)
                : intText(raw, m.bitSize, encoding, hex);
          return {
            name: memberName,
            type: `${typeToString(btf, m.type)} :${m.bitSize}`,
            value: text,
            offset: byteOffset,
          };
        }
        return node(btf, m.type, bytes, byteOffset, memberName, options, depth + 1);
      });
      return { name, type, value: '{...}', offset, children };
    }
    case BtfKind.VAR:
      return node(btf, t.type, bytes, offset, name || t.name, options, depth + 1);
    case BtfKind.DATASEC: {
      const children = t.vars.map((v) => {
        const variable = btf.types[v.type];
        return node(btf, v.type, bytes, offset + v.offset, variable?.name ?? `<var ${v.type}>`, options, depth + 1);
      });
      return { name: name || t.name, type, value: '{...}', offset, children };
    }
    default:
      return { name, type, value: UNAVAILABLE, offset };
  }
}
