// A packet as a tree of named header fields, the way a packet dissector shows it: Ethernet, VLAN
// tags (802.1Q / 802.1ad), ARP, IPv4 (options skipped), IPv6 (extension headers named, not
// followed), TCP, UDP, ICMP and ICMPv6; then the payload. A truncated header shows what is there
// and says where it stops. Pure: bytes in, tree out.

import { ipv6Text } from '../core/net/ipv6';

export interface PacketField {
  readonly name: string;
  readonly value: string;
  /** Byte offset of the field (or header) from the start of the packet. */
  readonly offset: number;
  readonly length: number;
  readonly children?: readonly PacketField[];
}

const ETHERTYPES: Record<number, string> = {
  0x0800: 'IPv4',
  0x0806: 'ARP',
  0x86dd: 'IPv6',
  0x8100: '802.1Q VLAN',
  0x88a8: '802.1ad VLAN',
};
const IP_PROTOCOLS: Record<number, string> = {
  1: 'ICMP',
  2: 'IGMP',
  6: 'TCP',
  17: 'UDP',
  47: 'GRE',
  50: 'ESP',
  51: 'AH',
  58: 'ICMPv6',
  132: 'SCTP',
  0: 'Hop-by-Hop',
  43: 'Routing',
  44: 'Fragment',
  60: 'Destination Options',
  59: 'No Next Header',
};
const ICMP_TYPES: Record<number, string> = {
  0: 'echo reply',
  3: 'destination unreachable',
  5: 'redirect',
  8: 'echo request',
  11: 'time exceeded',
};
const ICMP6_TYPES: Record<number, string> = {
  1: 'destination unreachable',
  2: 'packet too big',
  3: 'time exceeded',
  128: 'echo request',
  129: 'echo reply',
  133: 'router solicitation',
  134: 'router advertisement',
  135: 'neighbor solicitation',
  136: 'neighbor advertisement',
};

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');
const hexN = (n: number, digits: number): string => '0x' + n.toString(16).padStart(digits, '0');

function mac(b: Uint8Array, at: number): string {
  return Array.from(b.subarray(at, at + 6), hex2).join(':');
}

function ipv4(b: Uint8Array, at: number): string {
  return Array.from(b.subarray(at, at + 4)).join('.');
}

/** A byte the caller has length-checked its header for; past the end (a bug) it reads as 0, never NaN. */
const u8 = (b: Uint8Array, at: number): number => b[at] ?? 0;
const u16 = (b: Uint8Array, at: number): number => (u8(b, at) << 8) | u8(b, at + 1);
const u32 = (b: Uint8Array, at: number): number =>
  ((u8(b, at) << 24) | (u8(b, at + 1) << 16) | (u8(b, at + 2) << 8) | u8(b, at + 3)) >>> 0;

function field(name: string, value: string, offset: number, length: number, children?: PacketField[]): PacketField {
  return children ? { name, value, offset, length, children } : { name, value, offset, length };
}

function truncated(what: string, at: number, need: number, have: number): PacketField {
  return field(
    what,
    `truncated: needs ${need} bytes at offset ${at}, the packet has ${Math.max(0, have - at)}`,
    at,
    Math.max(0, have - at),
  );
}

function named(table: Record<number, string>, v: number, digits: number): string {
  const n = table[v];
  return n ? `${n} (${hexN(v, digits)})` : hexN(v, digits);
}

interface Layer {
  readonly header: PacketField;
  /** Offset of what follows, and how to decode it. */
  readonly next?: { readonly at: number; readonly kind: 'ethertype' | 'ip'; readonly type: number };
}

function ethernet(b: Uint8Array): Layer {
  if (b.length < 14) return { header: truncated('Ethernet', 0, 14, b.length) };
  const type = u16(b, 12);
  return {
    header: field('Ethernet', `${mac(b, 6)} → ${mac(b, 0)}`, 0, 14, [
      field('destination', mac(b, 0), 0, 6),
      field('source', mac(b, 6), 6, 6),
      field('ethertype', named(ETHERTYPES, type, 4), 12, 2),
    ]),
    next: { at: 14, kind: 'ethertype', type },
  };
}

function vlan(b: Uint8Array, at: number, tpid: number): Layer {
  if (b.length < at + 4) return { header: truncated('VLAN', at, 4, b.length) };
  const tci = u16(b, at);
  const type = u16(b, at + 2);
  return {
    header: field(tpid === 0x88a8 ? 'VLAN (802.1ad)' : 'VLAN (802.1Q)', `id ${tci & 0xfff}`, at - 2, 6, [
      field('priority', String(tci >> 13), at, 2),
      field('drop eligible', String((tci >> 12) & 1), at, 2),
      field('id', String(tci & 0xfff), at, 2),
      field('ethertype', named(ETHERTYPES, type, 4), at + 2, 2),
    ]),
    next: { at: at + 4, kind: 'ethertype', type },
  };
}

function arp(b: Uint8Array, at: number): Layer {
  if (b.length < at + 28) return { header: truncated('ARP', at, 28, b.length) };
  const op = u16(b, at + 6);
  const opName = op === 1 ? 'request' : op === 2 ? 'reply' : String(op);
  return {
    header: field('ARP', `${opName}: who has ${ipv4(b, at + 24)}? tell ${ipv4(b, at + 14)}`, at, 28, [
      field('operation', `${opName} (${op})`, at + 6, 2),
      field('sender MAC', mac(b, at + 8), at + 8, 6),
      field('sender IP', ipv4(b, at + 14), at + 14, 4),
      field('target MAC', mac(b, at + 18), at + 18, 6),
      field('target IP', ipv4(b, at + 24), at + 24, 4),
    ]),
  };
}

/** The Internet checksum over a byte range (ones' complement of the ones' complement sum). */
export function internetChecksum(b: Uint8Array, at: number, length: number): number {
  let sum = 0;
  for (let i = 0; i + 1 < length; i += 2) sum += u16(b, at + i);
  if (length % 2 === 1) sum += u8(b, at + length - 1) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function ipv4Header(b: Uint8Array, at: number): Layer {
  if (b.length < at + 20) return { header: truncated('IPv4', at, 20, b.length) };
  const ihl = u8(b, at) & 0xf;
  const hlen = ihl * 4;
  const proto = u8(b, at + 9);
  const flagsFrag = u16(b, at + 6);
  const checksumOk = hlen >= 20 && b.length >= at + hlen && internetChecksum(b, at, hlen) === 0;
  const children = [
    field('version', String(u8(b, at) >> 4), at, 1),
    field('header length', `${hlen} bytes (ihl ${ihl})`, at, 1),
    field('tos', hexN(u8(b, at + 1), 2), at + 1, 1),
    field('total length', String(u16(b, at + 2)), at + 2, 2),
    field('id', hexN(u16(b, at + 4), 4), at + 4, 2),
    field('flags', `${flagsFrag & 0x4000 ? 'DF ' : ''}${flagsFrag & 0x2000 ? 'MF ' : ''}`.trim() || 'none', at + 6, 2),
    field('fragment offset', String((flagsFrag & 0x1fff) * 8), at + 6, 2),
    field('ttl', String(u8(b, at + 8)), at + 8, 1),
    field('protocol', named(IP_PROTOCOLS, proto, 2), at + 9, 1),
    field('checksum', `${hexN(u16(b, at + 10), 4)} (${checksumOk ? 'correct' : 'incorrect'})`, at + 10, 2),
    field('source', ipv4(b, at + 12), at + 12, 4),
    field('destination', ipv4(b, at + 16), at + 16, 4),
  ];
  if (hlen > 20) children.push(field('options', `${hlen - 20} bytes`, at + 20, hlen - 20));
  const header = field(
    'IPv4',
    `${ipv4(b, at + 12)} → ${ipv4(b, at + 16)}, ${IP_PROTOCOLS[proto] ?? `protocol ${proto}`}`,
    at,
    hlen,
    children,
  );
  if (hlen < 20) return { header };
  // Later fragments carry no transport header.
  return (flagsFrag & 0x1fff) === 0 ? { header, next: { at: at + hlen, kind: 'ip', type: proto } } : { header };
}

function ipv6Header(b: Uint8Array, at: number): Layer {
  if (b.length < at + 40) return { header: truncated('IPv6', at, 40, b.length) };
  const next = u8(b, at + 6);
  const word = u32(b, at);
  return {
    header: field(
      'IPv6',
      `${ipv6Text(b, at + 8)} → ${ipv6Text(b, at + 24)}, ${IP_PROTOCOLS[next] ?? `next header ${next}`}`,
      at,
      40,
      [
        field('version', String(word >>> 28), at, 1),
        field('traffic class', hexN((word >>> 20) & 0xff, 2), at, 2),
        field('flow label', hexN(word & 0xfffff, 5), at + 1, 3),
        field('payload length', String(u16(b, at + 4)), at + 4, 2),
        field('next header', named(IP_PROTOCOLS, next, 2), at + 6, 1),
        field('hop limit', String(u8(b, at + 7)), at + 7, 1),
        field('source', ipv6Text(b, at + 8), at + 8, 16),
        field('destination', ipv6Text(b, at + 24), at + 24, 16),
      ],
    ),
    next: { at: at + 40, kind: 'ip', type: next },
  };
}

function tcp(b: Uint8Array, at: number): Layer {
  if (b.length < at + 20) return { header: truncated('TCP', at, 20, b.length) };
  const off = (u8(b, at + 12) >> 4) * 4;
  const flagBits = u8(b, at + 13);
  const names = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'].filter((_, i) => flagBits & (1 << i));
  const sport = u16(b, at);
  const dport = u16(b, at + 2);
  return {
    header: field('TCP', `${sport} → ${dport} [${names.join(', ')}]`, at, Math.max(20, off), [
      field('source port', String(sport), at, 2),
      field('destination port', String(dport), at + 2, 2),
      field('sequence', String(u32(b, at + 4)), at + 4, 4),
      field('acknowledgment', String(u32(b, at + 8)), at + 8, 4),
      field('header length', `${off} bytes`, at + 12, 1),
      field('flags', `${names.join(' ') || 'none'} (${hexN(flagBits, 2)})`, at + 13, 1),
      field('window', String(u16(b, at + 14)), at + 14, 2),
      field('checksum', hexN(u16(b, at + 16), 4), at + 16, 2),
      field('urgent pointer', String(u16(b, at + 18)), at + 18, 2),
    ]),
  };
}

function udp(b: Uint8Array, at: number): Layer {
  if (b.length < at + 8) return { header: truncated('UDP', at, 8, b.length) };
  const sport = u16(b, at);
  const dport = u16(b, at + 2);
  return {
    header: field('UDP', `${sport} → ${dport}, length ${u16(b, at + 4)}`, at, 8, [
      field('source port', String(sport), at, 2),
      field('destination port', String(dport), at + 2, 2),
      field('length', String(u16(b, at + 4)), at + 4, 2),
      field('checksum', u16(b, at + 6) === 0 ? '0x0000 (none)' : hexN(u16(b, at + 6), 4), at + 6, 2),
    ]),
  };
}

function icmp(b: Uint8Array, at: number, v6: boolean): Layer {
  const name = v6 ? 'ICMPv6' : 'ICMP';
  if (b.length < at + 4) return { header: truncated(name, at, 4, b.length) };
  const type = u8(b, at);
  const table = v6 ? ICMP6_TYPES : ICMP_TYPES;
  const children = [
    field('type', `${table[type] ?? 'type'} (${type})`, at, 1),
    field('code', String(u8(b, at + 1)), at + 1, 1),
    field('checksum', hexN(u16(b, at + 2), 4), at + 2, 2),
  ];
  const echo = v6 ? type === 128 || type === 129 : type === 0 || type === 8;
  if (echo && b.length >= at + 8) {
    children.push(
      field('identifier', String(u16(b, at + 4)), at + 4, 2),
      field('sequence', String(u16(b, at + 6)), at + 6, 2),
    );
  }
  return { header: field(name, table[type] ?? `type ${type}`, at, echo ? 8 : 4, children) };
}

function hexDump(b: Uint8Array, from: number, to: number): PacketField[] {
  const rows: PacketField[] = [];
  for (let at = from; at < to; at += 16) {
    const end = Math.min(to, at + 16);
    const bytes = Array.from(b.subarray(at, end), hex2).join(' ');
    const ascii = Array.from(b.subarray(at, end), (c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.')).join(
      '',
    );
    rows.push(field(at.toString(16).padStart(4, '0'), `${bytes.padEnd(47)}  ${ascii}`, at, end - at));
  }
  return rows;
}

/** The headers of an Ethernet frame, then the payload, then every byte as a hex dump. */
export function decodePacket(b: Uint8Array): PacketField[] {
  const out: PacketField[] = [];
  let layer: Layer | undefined = ethernet(b);
  let end = 0;
  let vlans = 0;
  while (layer) {
    out.push(layer.header);
    end = Math.max(end, layer.header.offset + layer.header.length);
    const next: Layer['next'] = layer.next;
    layer = undefined;
    if (!next || next.at > b.length) break;
    if (next.kind === 'ethertype') {
      if ((next.type === 0x8100 || next.type === 0x88a8) && vlans < 2) {
        vlans++;
        layer = vlan(b, next.at, next.type);
      } else if (next.type === 0x0800) layer = ipv4Header(b, next.at);
      else if (next.type === 0x86dd) layer = ipv6Header(b, next.at);
      else if (next.type === 0x0806) layer = arp(b, next.at);
    } else {
      if (next.type === 6) layer = tcp(b, next.at);
      else if (next.type === 17) layer = udp(b, next.at);
      else if (next.type === 1) layer = icmp(b, next.at, false);
      else if (next.type === 58) layer = icmp(b, next.at, true);
    }
  }
  end = Math.min(end, b.length);
  if (end < b.length)
    out.push(field('payload', `${b.length - end} bytes`, end, b.length - end, hexDump(b, end, b.length)));
  out.push(field('bytes', `${b.length} bytes`, 0, b.length, hexDump(b, 0, b.length)));
  return out;
}
