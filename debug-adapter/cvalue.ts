// C values from DWARF: where a variable lives at a pc (register, stack, pieces, constant) turned
// into typed bytes; member, element and pointer access on them through the VM's memory; and the
// Variables-view tree of a value (structs expanded, pointers followed, network fields readable).

import {
  DwarfError,
  evaluateLocation,
  resolveType,
  sizeOfType,
  typeName,
  type DwarfMember,
  type DwarfType,
  type MachineState,
  type VariableAt,
} from '../core/dwarf';
import { netKind, netText } from './netFormat';

/** Reads bytes of VM memory; throws with a reason when the range is not readable. */
export type ReadMemory = (address: bigint, size: number) => Uint8Array;

export interface CValue {
  readonly type: DwarfType;
  /** Where it lives when it is in memory (it then has an address for `&` and the memory view). */
  readonly address?: bigint | undefined;
  /** Its bytes in memory order; undefined when unavailable (`missing` says why). */
  readonly bytes?: Uint8Array | undefined;
  readonly missing?: string | undefined;
  /** Some pieces are optimized out (their bytes read as 0). */
  readonly partial?: boolean;
  /** Bitfields: the value's bits within `bytes`. */
  readonly bits?: { readonly offset: number; readonly size: number };
}

export class CValueError extends Error {
  override readonly name = 'CValueError';
}

const le = (v: bigint, size: number): Uint8Array => {
  const out = new Uint8Array(size);
  let x = BigInt.asUintN(64, v);
  for (let i = 0; i < size && i < 8; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
};

const readLe = (b: Uint8Array): bigint => {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] ?? 0);
  return v;
};

function tryRead(read: ReadMemory, address: bigint, size: number): { bytes?: Uint8Array; missing?: string } {
  try {
    return { bytes: read(address, size) };
  } catch (e) {
    return { missing: `cannot read ${size} bytes at 0x${address.toString(16)}: ${(e as Error).message}` };
  }
}

/** The value of a variable at the current pc of a frame. */
export function variableValue(va: VariableAt, machine: MachineState, read: ReadMemory): CValue {
  const type = va.variable.type;
  const size = sizeOfType(type);
  if (va.constValue !== undefined)
    return { type, bytes: typeof va.constValue === 'bigint' ? le(va.constValue, size) : va.constValue };
  if (va.unreadable !== undefined) return { type, missing: `unreadable location: ${va.unreadable}` };
  if (!va.ops) return { type, missing: 'optimized out' };
  try {
    const pieces = evaluateLocation(va.ops, machine);
    const [only] = pieces;
    if (pieces.length === 1 && only !== undefined && only.size === undefined) {
      const loc = only.location;
      switch (loc.kind) {
        case 'memory':
          return { type, address: loc.address, ...tryRead(read, loc.address, size) };
        case 'register': {
          const r = machine.register(loc.register);
          return r === undefined
            ? { type, missing: `r${loc.register} is not known in this frame` }
            : { type, bytes: le(r, size) };
        }
        case 'value':
          return { type, bytes: le(loc.value, size) };
        case 'bytes':
          return { type, bytes: loc.bytes.slice(0, size) };
        default:
          return { type, missing: 'optimized out' };
      }
    }
    // Pieces: assemble the bytes; parts without a location stay 0 and mark the value partial.
    const bytes = new Uint8Array(size);
    let at = 0;
    let partial = false;
    for (const p of pieces) {
      const n = Math.min(p.size ?? size - at, size - at);
      if (n <= 0) break;
      let part: Uint8Array | undefined;
      const loc = p.location;
      if (loc.kind === 'memory') part = tryRead(read, loc.address, n).bytes;
      else if (loc.kind === 'register') {
        const r = machine.register(loc.register);
        part = r === undefined ? undefined : le(r, n);
      } else if (loc.kind === 'value') part = le(loc.value, n);
      else if (loc.kind === 'bytes') part = loc.bytes.slice(0, n);
      if (part) bytes.set(part.subarray(0, n), at);
      else partial = true;
      at += n;
    }
    return { type, bytes, partial };
  } catch (e) {
    if (e instanceof DwarfError) return { type, missing: e.message };
    throw e;
  }
}

/** A value's scalar (integers sign-extended by their type, pointers as addresses). */
export function scalarOf(v: CValue): bigint {
  if (!v.bytes) throw new CValueError(v.missing ?? 'the value is not available');
  const t = resolveType(v.type);
  let raw = readLe(v.bytes.subarray(0, Math.min(8, v.bytes.length)));
  let bits = Math.min(8, v.bytes.length) * 8;
  if (v.bits) {
    raw = (readLe(v.bytes) >> BigInt(v.bits.offset)) & ((1n << BigInt(v.bits.size)) - 1n);
    bits = v.bits.size;
  }
  const signed = (t.kind === 'base' && (t.encoding === 0x5 || t.encoding === 0x6)) || t.kind === 'enum';
  return signed && bits > 0 ? BigInt.asUintN(64, BigInt.asIntN(bits, raw)) : raw;
}

/** A value built from a number (casts, arithmetic results, addresses). */
export function fromScalar(type: DwarfType, value: bigint): CValue {
  return { type, bytes: le(value, Math.max(1, Math.min(8, sizeOfType(type) || 8))) };
}

function findMember(
  members: readonly DwarfMember[],
  name: string,
  base = 0,
): { m: DwarfMember; offset: number } | undefined {
  for (const m of members) {
    if (m.name === name) return { m, offset: base + m.offset };
    if (m.name === '') {
      const inner = resolveType(m.type);
      if (inner.kind === 'struct' || inner.kind === 'union') {
        const hit = findMember(inner.members, name, base + m.offset);
        if (hit) return hit;
      }
    }
  }
  return undefined;
}

export function memberOf(v: CValue, name: string): CValue {
  const t = resolveType(v.type);
  if (t.kind !== 'struct' && t.kind !== 'union')
    throw new CValueError(`'.${name}': the value is a ${typeName(v.type)}, not a struct or union`);
  const hit = findMember(t.members, name);
  if (!hit)
    throw new CValueError(
      `${typeName(v.type)} has no field '${name}' (fields: ${t.members.map((m) => m.name || '(anonymous)').join(', ')})`,
    );
  const { m, offset } = hit;
  const size = m.bitSize !== undefined ? Math.ceil((((m.bitOffset ?? 0) % 8) + m.bitSize) / 8) : sizeOfType(m.type);
  const start = m.bitSize !== undefined ? Math.floor((m.bitOffset ?? offset * 8) / 8) : offset;
  return {
    type: m.type,
    address: v.address !== undefined ? v.address + BigInt(start) : undefined,
    bytes: v.bytes?.subarray(start, start + size),
    missing: v.missing,
    ...(m.bitSize !== undefined ? { bits: { offset: (m.bitOffset ?? 0) % 8, size: m.bitSize } } : {}),
  };
}

export function derefOf(v: CValue, read: ReadMemory, index = 0n): CValue {
  const t = resolveType(v.type);
  if (t.kind === 'array') {
    const element = t.counts.length > 1 ? { ...t, counts: t.counts.slice(1) } : t.element;
    const size = sizeOfType(element);
    const count = t.counts[0] ?? 0;
    if (count > 0 && (index < 0n || index >= BigInt(count)))
      throw new CValueError(`index ${index} is outside the array (${count} elements)`);
    const at = Number(index) * size;
    return {
      type: element,
      address: v.address !== undefined ? v.address + BigInt(at) : undefined,
      bytes: v.bytes?.subarray(at, at + size),
      missing: v.missing,
    };
  }
  if (t.kind !== 'pointer') throw new CValueError(`a ${typeName(v.type)} is not a pointer`);
  const target = t.target;
  const size = sizeOfType(target);
  if (resolveType(target).kind === 'void' || size === 0)
    throw new CValueError(`cannot dereference a ${typeName(v.type)}: cast it first, e.g. *(struct iphdr *)p`);
  const base = scalarOf(v);
  if (base === 0n) throw new CValueError('the pointer is NULL');
  const address = BigInt.asUintN(64, base + index * BigInt(size));
  return { type: target, address, ...tryRead(read, address, size) };
}

export function addressOfValue(v: CValue, what: string): CValue {
  if (v.address === undefined)
    throw new CValueError(`'${what}' has no address (it lives in a register or was computed)`);
  return fromScalar({ kind: 'pointer', target: v.type }, v.address);
}

/** Typedef names along a type chain (for __be32 and friends). */
function typedefNames(t: DwarfType): string[] {
  const out: string[] = [];
  for (let i = 0; i < 16; i++) {
    if (t.kind === 'typedef') {
      out.push(t.name);
      t = t.target;
    } else if (t.kind === 'const' || t.kind === 'volatile' || t.kind === 'restrict' || t.kind === 'atomic')
      t = t.target;
    else break;
  }
  if (t.kind === 'struct' || t.kind === 'union') out.push(t.name);
  return out;
}

export interface ShowContext {
  readonly read: ReadMemory;
  /** `packet+14`, `stack-8`... for a pointer value, undefined for a plain number. */
  describePointer(value: bigint): string | undefined;
}

export interface CNode {
  readonly name: string;
  readonly value: string;
  readonly type: string;
  readonly evaluateName?: string;
  readonly memoryReference?: string;
  readonly children?: () => CNode[];
}

const MAX_CHILDREN = 256;

/** The text of a value on one line (bounded), as the Variables view, hovers and watches show it. */
export function valueText(v: CValue, name: string, ctx: ShowContext, depth = 0): string {
  if (!v.bytes) return `<${v.missing ?? 'unavailable'}>`;
  const t = resolveType(v.type);
  const size = sizeOfType(v.type);
  const partial = v.partial ? ' (partly optimized out)' : '';
  switch (t.kind) {
    case 'base': {
      const net = netKind(name, size, typedefNames(v.type));
      if (net && !v.bits) return netText(net, v.bytes) + partial;
      const n = scalarOf(v);
      if (t.encoding === 0x2) return (n !== 0n ? 'true' : 'false') + partial;
      if (t.encoding === 0x4) return `${floatOf(v.bytes)}${partial}`;
      const signed = t.encoding === 0x5 || t.encoding === 0x6;
      const shown = signed ? BigInt.asIntN(64, n) : n;
      // `char` reads as a character; unsigned char (__u8, uint8_t) is a number.
      if (t.encoding === 0x6 && n >= 0x20n && n < 0x7fn)
        return `'${String.fromCharCode(Number(n))}' (${shown})${partial}`;
      return `${shown}${shown > 9n || shown < -9n ? ` (0x${(signed && shown < 0n ? BigInt.asUintN(size * 8, shown) : shown).toString(16)})` : ''}${partial}`;
    }
    case 'enum': {
      const n = BigInt.asIntN(64, scalarOf(v));
      const e = t.enumerators.find((x) => x.value === n);
      return `${e ? `${e.name} (${n})` : `${n}`}${partial}`;
    }
    case 'pointer': {
      const p = scalarOf(v);
      if (p === 0n) return 'NULL';
      const d = ctx.describePointer(p);
      return d ? `${d} (0x${p.toString(16)})` : `0x${p.toString(16)}`;
    }
    case 'struct':
    case 'union': {
      if (depth > 1) return '{…}';
      const parts: string[] = [];
      let length = 0;
      for (const m of t.members) {
        const text = `${m.name || '(anonymous)'}=${valueText(memberOf(v, m.name), m.name, ctx, depth + 1)}`;
        length += text.length + 2;
        if (length > 120) {
          parts.push('…');
          break;
        }
        parts.push(text);
      }
      return `{${parts.join(', ')}}${partial}`;
    }
    case 'array': {
      const element = resolveType(t.element);
      const count = t.counts[0] ?? 0;
      const elementSize = sizeOfType(t.element);
      if (t.counts.length === 1) {
        const net = netKind(name, size, typedefNames(t.element), count);
        if (net) return netText(net, v.bytes);
        if (element.kind === 'base' && elementSize === 1 && (element.encoding === 0x6 || element.encoding === 0x8)) {
          const end = v.bytes.indexOf(0);
          const chars = v.bytes.subarray(0, end < 0 ? v.bytes.length : end);
          if (chars.every((c) => c >= 0x20 && c < 0x7f)) return JSON.stringify(String.fromCharCode(...chars));
        }
      }
      if (depth > 1) return `[${count}]`;
      const items: string[] = [];
      for (let i = 0; i < Math.min(count, 16); i++)
        items.push(valueText(derefOf(v, ctx.read, BigInt(i)), '', ctx, depth + 1));
      return `[${items.join(', ')}${count > 16 ? ', …' : ''}]`;
    }
    default:
      return `(${typeName(v.type)})`;
  }
}

function floatOf(b: Uint8Array): number {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return b.length === 4 ? view.getFloat32(0, true) : b.length === 8 ? view.getFloat64(0, true) : NaN;
}

/** A Variables-view node for a value; `path` is the C expression that reaches it. */
export function valueNode(v: CValue, name: string, path: string, ctx: ShowContext, label = name): CNode {
  const t = resolveType(v.type);
  let children: (() => CNode[]) | undefined;
  if (v.bytes && (t.kind === 'struct' || t.kind === 'union')) {
    children = () =>
      t.members.slice(0, MAX_CHILDREN).map((m) => {
        const mv = memberOf(v, m.name);
        return valueNode(mv, m.name, m.name ? `${path}.${m.name}` : path, ctx);
      });
  } else if (v.bytes && t.kind === 'array') {
    const count = t.counts[0] ?? 0;
    if (count > 0)
      children = () =>
        Array.from({ length: Math.min(count, MAX_CHILDREN) }, (_, i) =>
          valueNode(derefOf(v, ctx.read, BigInt(i)), '', `${path}[${i}]`, ctx, `[${i}]`),
        );
  } else if (v.bytes && t.kind === 'pointer') {
    const target = resolveType(t.target);
    const p = scalarOf(v);
    if (p !== 0n && target.kind !== 'void' && target.kind !== 'function' && sizeOfType(t.target) > 0) {
      children = () => {
        const pointee = derefOf(v, ctx.read);
        if (!pointee.bytes) return [{ name: `*${label}`, value: `<${pointee.missing}>`, type: typeName(t.target) }];
        if (target.kind === 'struct' || target.kind === 'union')
          return target.members
            .slice(0, MAX_CHILDREN)
            .map((m) => valueNode(memberOf(pointee, m.name), m.name, m.name ? `${path}->${m.name}` : path, ctx));
        return [valueNode(pointee, label, `*${path}`, ctx, `*${label}`)];
      };
    }
  }
  const address = t.kind === 'pointer' && v.bytes ? scalarOf(v) : v.address;
  return {
    name: label,
    value: valueText(v, name, ctx),
    type: typeName(v.type),
    evaluateName: path,
    ...(address !== undefined && address !== 0n && { memoryReference: `0x${address.toString(16)}` }),
    ...(children && { children }),
  };
}

/** The last name in a C expression (`ip->daddr` → daddr), which decides how a value reads (address, port). */
export function cLeafName(expression: string): string {
  const m = /([A-Za-z_]\w*)\s*(\[[^\]]*\]\s*)*$/.exec(expression.trim());
  return m?.[1] ?? '';
}
