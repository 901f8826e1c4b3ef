// How values look in the Variables view: registers in hex and decimal, pointers by region
// (`packet+14`, `map_value(stats)+8`, `stack-8`, `ctx+0`), BTF-typed bytes as one-line summaries,
// and the BTF field under a Variables-view path (for editing a map value in place).

import { formatHex } from '../core/hex/index';
import { skipModifiers, sizeOf } from '../core/btf/layout';
import type { Btf } from '../core/btf/parse';
import { BtfKind, BTF_INT_SIGNED } from '../core/btf/types';
import type { ValueNode } from '../core/btf/format';
import type { PacketState } from '../core/vm/context';
import { HI_BASE, type AddressSpace, type Region } from '../core/vm/memory';
import { STACK_SIZE } from '../core/vm/interpreter';

/** Hex and signed decimal of a 64-bit register value: `0x2a (42)`, `0xfffffffffffffffe (-2)`. */
export function scalarText(v: bigint): string {
  const u = BigInt.asUintN(64, v);
  const s = BigInt.asIntN(64, v);
  return `0x${u.toString(16)} (${s})`;
}

export function hexBytes(b: Uint8Array): string {
  return formatHex(b);
}

export interface PointerInfo {
  readonly region: Region;
  /** Offset as the program sees it: from packet data, from the frame top for stacks, else from the region start. */
  readonly text: string;
}

/** Name a pointer by its region, or undefined when the value is a plain number. */
export function describePointer(
  memory: AddressSpace,
  value: bigint,
  packet: PacketState | undefined,
  frameOf: (r: Region) => number | undefined,
  currentDepth: number,
): PointerInfo | undefined {
  const u = BigInt.asUintN(64, value);
  const hi = Number(u >> 32n);
  if (hi < HI_BASE) return undefined;
  const region = memory.regionOfHi(hi);
  if (!region) return undefined;
  const lo = Number(u & 0xffffffffn) | 0;
  const signed = (n: number): string => (n >= 0 ? `+${n}` : `${n}`);
  switch (region.kind) {
    case 'stack': {
      const depth = frameOf(region);
      const off = lo - STACK_SIZE;
      const name = depth === undefined || depth === currentDepth ? 'stack' : `stack(frame ${depth})`;
      return { region, text: off === 0 ? `${name} top (r10)` : `${name}${signed(off)}` };
    }
    case 'packet': {
      if (packet && packet.region === region) {
        const off = lo - packet.data;
        if (lo === packet.dataEnd) return { region, text: `packet_end (packet${signed(off)})` };
        return { region, text: `packet${signed(off)}` };
      }
      return { region, text: `packet${signed(lo)}` };
    }
    case 'ctx':
      return { region, text: `ctx${signed(lo)}` };
    case 'map_value': {
      const m = /^map '(.*)' value(.*)$/.exec(region.name);
      return { region, text: m ? `map_value(${m[1]}${m[2]})${signed(lo)}` : `${region.name}${signed(lo)}` };
    }
    case 'map': {
      const m = /^map '(.*)'$/.exec(region.name);
      return { region, text: lo === 0 ? `map(${m ? m[1] : region.name})` : `${region.name}${signed(lo)}` };
    }
    case 'code':
      return { region, text: `function at pc ${lo}` };
    default:
      return { region, text: `${region.name}${signed(lo)}` };
  }
}

/** `{vip=1677721610, port=20480}`: a formatted BTF value on one line (bounded length). */
export function summarize(node: ValueNode, max = 120): string {
  if (!node.children) return node.value;
  const parts: string[] = [];
  let length = 2;
  for (const c of node.children) {
    const text = `${c.name.startsWith('[') ? '' : `${c.name}=`}${summarize(c, 40)}`;
    length += text.length + 2;
    if (length > max) {
      parts.push('…');
      break;
    }
    parts.push(text);
  }
  return node.value.startsWith('[') && node.children.every((c) => c.name.startsWith('['))
    ? `[${parts.join(', ')}]`
    : `{${parts.join(', ')}}`;
}

export interface FieldSlot {
  readonly offset: number;
  readonly size: number;
  readonly signed: boolean;
}

/** The integer field reached by following Variables-view names (member names, `[i]`) from typeId. */
export function fieldAt(btf: Btf, typeId: number, path: readonly string[]): FieldSlot | undefined {
  let id = typeId;
  let offset = 0;
  for (const step of path) {
    const t = skipModifiers(btf, id);
    if (t.kind === BtfKind.STRUCT || t.kind === BtfKind.UNION) {
      const index = t.members.findIndex((m, i) => (m.name || `<anon ${i}>`) === step);
      if (index < 0) return undefined;
      const m = t.members[index];
      if (!m || m.bitSize > 0) return undefined; // bitfields are not edited in place
      offset += Math.floor(m.bitOffset / 8);
      id = m.type;
    } else if (t.kind === BtfKind.ARRAY) {
      const i = /^\[(\d+)\]$/.exec(step);
      if (!i || Number(i[1]) >= t.count) return undefined;
      offset += Number(i[1]) * sizeOf(btf, t.type);
      id = t.type;
    } else if (t.kind === BtfKind.VAR) {
      id = t.type;
    } else {
      return undefined;
    }
  }
  const t = skipModifiers(btf, id);
  if (t.kind === BtfKind.INT)
    return t.bits === t.size * 8 ? { offset, size: t.size, signed: (t.encoding & BTF_INT_SIGNED) !== 0 } : undefined;
  if (t.kind === BtfKind.ENUM || t.kind === BtfKind.ENUM64) return { offset, size: t.size, signed: t.signed };
  if (t.kind === BtfKind.PTR) return { offset, size: 8, signed: false };
  return undefined;
}

/** Little-endian bytes of a value truncated to `size` bytes. */
export function leBytes(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let v = BigInt.asUintN(size * 8, value);
  for (let i = 0; i < size; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function readLe(bytes: Uint8Array, offset: number, size: number): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[offset + i] ?? 0);
  return v;
}
