// Values as network engineers read them: an IPv4/IPv6 address, a port or a MAC where the C type
// says network byte order (__be32, __be16) or the name says address/port, always with the raw
// value beside it. Pure: bytes in memory order in, text out (undefined = no special form).

import { ipv6Text } from '../core/net/ipv6';

const IPV4_NAME = /(^|_)(v?ip|s?addr|d?addr|saddr|daddr|src_ip|dst_ip|vip|ip4|ipv4|addr4|nexthop|gateway)\d*$/i;
const PORT_NAME = /(^|_)(s?port|d?port|sport|dport|source|dest|src_port|dst_port|port16)$/i;
const MAC_NAME = /(^|_)(mac|h_source|h_dest|s?mac|d?mac|ether|hwaddr|lladdr|eth_addr)$/i;
const IPV6_NAME = /(^|_)(ip6|ipv6|s?addr6|d?addr6|in6|saddr|daddr|addr|src|dst)$/i;

/** be16/be32: other network-order integers, shown in host order (tot_len, seq, h_proto). */
export type NetKind = 'ipv4' | 'ipv6' | 'port' | 'mac' | 'be16' | 'be32';

/**
 * Which network form fits a value of `size` bytes named `name` whose type chain has the given
 * typedef names (`__be32`, `__u32`, ...), or undefined.
 */
export function netKind(
  name: string,
  size: number,
  typedefs: readonly string[],
  elementCount?: number,
): NetKind | undefined {
  const be32 = typedefs.some((t) => t === '__be32' || t === 'be32');
  const be16 = typedefs.some((t) => t === '__be16' || t === 'be16');
  if (size === 4 && elementCount === undefined && IPV4_NAME.test(name)) return 'ipv4';
  if (size === 4 && elementCount === undefined && be32) return 'be32';
  if (size === 2 && elementCount === undefined && PORT_NAME.test(name)) return 'port';
  if (size === 2 && elementCount === undefined && be16) return 'be16';
  if (size === 6 && elementCount === 6 && MAC_NAME.test(name)) return 'mac';
  if (size === 6 && elementCount === 6 && /addr/i.test(name)) return 'mac';
  if (size === 16 && (typedefs.includes('in6_addr') || IPV6_NAME.test(name))) return 'ipv6';
  return undefined;
}

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** Byte i of a field the caller sized for its kind; a short field (a bug) reads 0, never NaN. */
const byte = (bytes: Uint8Array, i: number): number => bytes[i] ?? 0;

/** The network form of bytes in memory order, with the raw value: `10.0.0.100 (0x6400000a)`. */
export function netText(kind: NetKind, bytes: Uint8Array): string {
  switch (kind) {
    case 'ipv4': {
      const raw = ((byte(bytes, 3) << 24) | (byte(bytes, 2) << 16) | (byte(bytes, 1) << 8) | byte(bytes, 0)) >>> 0;
      return `${byte(bytes, 0)}.${byte(bytes, 1)}.${byte(bytes, 2)}.${byte(bytes, 3)} (0x${raw.toString(16)})`;
    }
    case 'port':
    case 'be16': {
      const host = (byte(bytes, 0) << 8) | byte(bytes, 1);
      const raw = (byte(bytes, 1) << 8) | byte(bytes, 0);
      const shown = kind === 'be16' && host > 0xff ? `0x${host.toString(16).padStart(4, '0')}` : `${host}`;
      return `${shown} (raw 0x${raw.toString(16)})`;
    }
    case 'be32': {
      const host = ((byte(bytes, 0) << 24) | (byte(bytes, 1) << 16) | (byte(bytes, 2) << 8) | byte(bytes, 3)) >>> 0;
      const raw = ((byte(bytes, 3) << 24) | (byte(bytes, 2) << 16) | (byte(bytes, 1) << 8) | byte(bytes, 0)) >>> 0;
      return `${host} (raw 0x${raw.toString(16)})`;
    }
    case 'mac':
      return Array.from(bytes, (x) => x.toString(16).padStart(2, '0')).join(':');
    case 'ipv6':
      return `${ipv6Text(bytes)} (${hex(bytes)})`;
  }
}

/** Sizes of the integer type names BTF's printer uses, for reformatting its leaves. */
const INT_SIZES: Record<string, number> = {
  __be32: 4,
  __u32: 4,
  u32: 4,
  uint32_t: 4,
  'unsigned int': 4,
  __be16: 2,
  __u16: 2,
  u16: 2,
  uint16_t: 2,
  'unsigned short': 2,
};

/** A BTF-formatted value node (core/btf formatValue) with network fields in network form. */
export interface NetValueNode {
  readonly name: string;
  readonly type: string;
  readonly value: string;
  readonly offset: number;
  readonly children?: readonly NetValueNode[];
}

export function netifyNode<T extends NetValueNode>(node: T, bytes: Uint8Array): T {
  const array = /^(?:unsigned char|__u8|u8|uint8_t|char)\[(\d+)\]$/.exec(node.type);
  if (array) {
    const count = Number(array[1]);
    const kind = netKind(node.name, count, [], count);
    if (kind && node.offset + count <= bytes.length)
      return { ...node, value: netText(kind, bytes.subarray(node.offset, node.offset + count)), children: undefined };
  }
  if (node.children) return { ...node, children: node.children.map((c) => netifyNode(c, bytes)) };
  const size = INT_SIZES[node.type.replace(/^(const|volatile) /, '')];
  if (size === undefined || node.offset + size > bytes.length) return node;
  const kind = netKind(node.name, size, [node.type.replace(/^(const|volatile) /, '')]);
  return kind ? { ...node, value: netText(kind, bytes.subarray(node.offset, node.offset + size)) } : node;
}
