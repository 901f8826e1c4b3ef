// Keys and values for the map explorer: BTF-typed bytes through core/btf's formatter (or bpftool's
// "formatted" JSON), with addresses, ports and MACs recognised by field name and size and shown
// decoded next to their raw bytes; hex when there is no type information.

import type { Btf } from '../btf/parse';
import { formatValue, type ValueNode } from '../btf/format';
import { sizeOf } from '../btf/layout';
import type { AddressFormat, DecodedBytes, ValueField } from './views';
import { formatHex } from '../hex/index';
import { ipv6Text } from '../net/ipv6';

const MAX_SUMMARY = 160;

/** Which address format a field of this name and size holds, if any. */
export function addressFormat(name: string, size: number): AddressFormat | undefined {
  const n = name.toLowerCase();
  if (size === 6 && /(mac|hwaddr|h_source|h_dest|ether|eth_?addr|lladdr)/.test(n)) return 'mac';
  if (size === 2 && /port/.test(n)) return 'port';
  if (/(mac|hw|ether)/.test(n)) return undefined;
  const ipLike = /(addr|^ip$|^ip_|_ip$|ip4|ipv4|ip6|ipv6|^vip|_vip|^src$|^dst$|^saddr|^daddr|nexthop|gateway)/.test(n);
  if (!ipLike) return undefined;
  if (size === 4) return 'ipv4';
  if (size === 16) return 'ipv6';
  return undefined;
}

export function formatAddress(format: AddressFormat, b: Uint8Array): string {
  switch (format) {
    case 'ipv4':
      return Array.from(b.subarray(0, 4)).join('.');
    case 'port':
      return String(((b[0] ?? 0) << 8) | (b[1] ?? 0));
    case 'mac':
      return Array.from(b.subarray(0, 6), (x) => x.toString(16).padStart(2, '0')).join(':');
    case 'ipv6':
      return ipv6Text(b);
  }
}

/** Bytes without type information. */
export function decodeHex(bytes: Uint8Array): DecodedBytes {
  const hex = formatHex(bytes);
  const text = bytes.length === 4 || bytes.length === 8 ? `${spaced(hex)} (${littleEndian(bytes)})` : spaced(hex);
  return { hex, text };
}

function spaced(hex: string): string {
  return hex.replace(/(..)(?!$)/g, '$1 ');
}

function littleEndian(b: Uint8Array): string {
  return b.reduceRight((v, byte) => (v << 8n) | BigInt(byte), 0n).toString();
}

/** Bytes typed by BTF type `typeId` (0 or a broken type: hex). */
export function decodeBtf(btf: Btf | undefined, typeId: number, bytes: Uint8Array): DecodedBytes {
  if (!btf || typeId === 0) return decodeHex(bytes);
  let root: ValueNode;
  try {
    root = formatValue(btf, typeId, bytes, '', { maxArrayElements: 64, maxNodes: 2000 });
  } catch {
    return decodeHex(bytes);
  }
  const sizes = new SizeLookup(btf);
  const rootSize = safe(() => sizeOf(btf, typeId)) ?? bytes.length;
  const top = toField(root, bytes, sizes, rootSize);
  const fields = top.children ?? [top];
  return { hex: formatHex(bytes), text: summary(top), fields };
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** Sizes of the C types ValueNode names (`__u32`, `struct in6_addr`, `unsigned char [6]`, `void *`). */
class SizeLookup {
  private readonly cache = new Map<string, number | undefined>();
  constructor(private readonly btf: Btf) {}

  of(type: string): number | undefined {
    if (this.cache.has(type)) return this.cache.get(type);
    const size = this.compute(type);
    this.cache.set(type, size);
    return size;
  }

  private compute(type: string): number | undefined {
    let t = type.replace(/\b(const|volatile|restrict)\b/g, '').trim();
    if (t.endsWith('*')) return 8;
    let count = 1;
    for (let m = /\[(\d+)\]\s*$/.exec(t); m; m = /\[(\d+)\]\s*$/.exec(t)) {
      count *= Number(m[1]);
      t = t.slice(0, m.index).trim();
    }
    const name = t.replace(/^(struct|union|enum)\s+/, '');
    const found = this.btf.findByName(name);
    for (const f of found) {
      const s = safe(() => sizeOf(this.btf, f.id));
      if (s !== undefined) return s * count;
    }
    return undefined;
  }
}

function toField(node: ValueNode, bytes: Uint8Array, sizes: SizeLookup, knownSize?: number): ValueField {
  const bitfield = / :\d+$/.test(node.type);
  const size = bitfield ? undefined : (knownSize ?? sizes.of(node.type));
  const format = size !== undefined ? addressFormat(node.name, size) : undefined;
  if (format && size !== undefined && node.offset + size <= bytes.length) {
    const raw = bytes.subarray(node.offset, node.offset + size);
    const shown = node.children ? formatAddress(format, raw) : `${formatAddress(format, raw)} (${node.value})`;
    return { name: node.name, type: node.type, value: shown, raw: formatHex(raw), format, offset: node.offset, size };
  }
  const children = node.children?.map((c) => toField(c, bytes, sizes));
  const leafSize = !children && size !== undefined && size <= 8 ? size : undefined;
  return {
    name: node.name,
    type: node.type,
    value: node.value,
    ...(children ? { children } : {}),
    ...(leafSize !== undefined ? { offset: node.offset, size: leafSize } : {}),
  };
}

/** `{vip=10.0.0.1, port=80}` on one line, bounded. */
export function summary(field: ValueField): string {
  const out = summarizeInner(field);
  return out.length > MAX_SUMMARY ? out.slice(0, MAX_SUMMARY - 1) + '…' : out;
}

function summarizeInner(field: ValueField): string {
  if (!field.children || field.format) return field.format ? field.value.replace(/ \(.*\)$/, '') : field.value;
  const open = field.value.startsWith('[') ? '[' : '{';
  const close = open === '[' ? ']' : '}';
  const parts: string[] = [];
  let length = 0;
  for (const c of field.children) {
    const part = open === '[' ? summarizeInner(c) : `${c.name}=${summarizeInner(c)}`;
    parts.push(part);
    length += part.length + 2;
    if (length > MAX_SUMMARY) break;
  }
  return `${open}${parts.join(', ')}${close}`;
}

/** bpftool's `formatted` JSON (Linux, with BTF) as fields; numbers are host-order (little-endian). */
export function decodeFormatted(bytes: Uint8Array, formatted: unknown): DecodedBytes {
  const hex = formatHex(bytes);
  if (formatted === undefined) return decodeHex(bytes);
  if (formatted === null || typeof formatted !== 'object')
    return { hex, text: typeof formatted === 'string' ? formatted : JSON.stringify(formatted) };
  const fields = jsonFields(formatted as Record<string, unknown> | unknown[]);
  const top: ValueField = { name: '', type: '', value: Array.isArray(formatted) ? '[]' : '{...}', children: fields };
  return { hex, text: summary(top), fields };
}

function jsonFields(obj: Record<string, unknown> | unknown[]): ValueField[] {
  const entries: [string, unknown][] = Array.isArray(obj) ? obj.map((v, i) => [`[${i}]`, v]) : Object.entries(obj);
  return entries.map(([name, v]) => jsonField(name, v));
}

function jsonField(name: string, v: unknown): ValueField {
  if (Array.isArray(v)) {
    const bytesLike = v.every((x) => typeof x === 'number' && x >= 0 && x <= 255);
    const format = bytesLike ? addressFormat(name, v.length) : undefined;
    if (format) {
      const raw = Uint8Array.from(v as number[]);
      return { name, type: '', value: formatAddress(format, raw), raw: formatHex(raw), format };
    }
    return { name, type: '', value: '[...]', children: jsonFields(v) };
  }
  if (v !== null && typeof v === 'object') return { name, type: '', value: '{...}', children: jsonFields(v as never) };
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) {
    const size = v <= 0xffff && /port/i.test(name) ? 2 : 4;
    const format = v <= 0xffffffff ? addressFormat(name, size) : undefined;
    if (format) {
      const raw = new Uint8Array(size);
      for (let i = 0; i < size; i++) raw[i] = Math.floor(v / 2 ** (8 * i)) & 0xff;
      return { name, type: '', value: `${formatAddress(format, raw)} (${v})`, raw: formatHex(raw), format };
    }
  }
  return { name, type: '', value: typeof v === 'string' ? v : JSON.stringify(v) };
}
