// Hex byte strings and typed text input for map keys and values, validated against the map's sizes
// before anything is written: shared by core/live, the CLI and the map explorer (through common/).
import { HexError, parseHex } from '../hex/index';
import { parseIpv6 } from '../net/ipv6';

export class InputError extends Error {}

/** Hex bytes as people write them (core/hex's rules), refused as an InputError naming `what`. */
export function hexToBytes(text: string, what = 'value'): Uint8Array {
  try {
    return parseHex(text, { what, allowEmpty: true });
  } catch (e) {
    if (e instanceof HexError) throw new InputError(e.message);
    throw e;
  }
}

/** bpftool's JSON bytes (`["0x0a","0x00"]`). */
export function bpftoolBytes(list: unknown, what: string): Uint8Array {
  if (!Array.isArray(list)) throw new InputError(`${what}: expected an array of "0x.." bytes`);
  return Uint8Array.from(list, (x) => {
    const n = typeof x === 'number' ? x : parseInt(String(x), 16);
    if (!Number.isInteger(n) || n < 0 || n > 255) throw new InputError(`${what}: '${String(x)}' is not a byte`);
    return n;
  });
}

/**
 * Bytes of a key or value typed by a person: hex bytes of exactly `size` bytes, or, for sizes
 * 1/2/4/8, a decimal or 0x integer (stored little-endian, as the program reads it). A value that
 * does not fit is refused here, never truncated.
 */
export function encodeInput(text: string, size: number, what = 'value'): Uint8Array {
  const t = text.trim();
  if (t === '') throw new InputError(`${what}: empty`);
  const spaced = /[\s:,]/.test(t) || (/^[0-9a-fA-F]+$/.test(t) && t.length === size * 2 && !/^\d+$/.test(t));
  if (spaced) return sized(hexToBytes(t, what), size, what);
  if (/^-?(0x[0-9a-fA-F]+|\d+)$/i.test(t) && [1, 2, 4, 8].includes(size)) return integer(t, size, what);
  return sized(hexToBytes(t, what), size, what);
}

/** One field typed as an integer (signed or not), an IPv4/IPv6/MAC address or a port. */
export function encodeField(text: string, size: number, format: string | undefined, what = 'field'): Uint8Array {
  const t = text.trim();
  if (format === 'ipv4' && /^\d+\.\d+\.\d+\.\d+$/.test(t)) {
    const parts = t.split('.').map(Number);
    if (parts.some((p) => p > 255)) throw new InputError(`${what}: '${t}' is not an IPv4 address`);
    return sized(Uint8Array.from(parts), size, what);
  }
  if (format === 'mac' && /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(t)) return sized(hexToBytes(t, what), size, what);
  if (format === 'ipv6' && t.includes(':')) return sized(ipv6Bytes(t, what), size, what);
  if (format === 'port' && /^\d+$/.test(t)) {
    const n = Number(t);
    if (n > 0xffff) throw new InputError(`${what}: port ${t} is above 65535`);
    return Uint8Array.of(n >> 8, n & 0xff); // network order, as in packet headers
  }
  return encodeInput(t, size, what);
}

function sized(b: Uint8Array, size: number, what: string): Uint8Array {
  if (b.length !== size) throw new InputError(`${what}: ${b.length} bytes given, the map needs exactly ${size}`);
  return b;
}

function integer(t: string, size: number, what: string): Uint8Array {
  const v = BigInt(t);
  const bits = BigInt(size * 8);
  const min = -(1n << (bits - 1n));
  const max = (1n << bits) - 1n;
  if (v < min || v > max) throw new InputError(`${what}: ${t} does not fit in ${size} byte${size > 1 ? 's' : ''}`);
  const u = BigInt.asUintN(size * 8, v);
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = Number((u >> BigInt(8 * i)) & 0xffn);
  return out;
}

function ipv6Bytes(t: string, what: string): Uint8Array {
  const bytes = parseIpv6(t);
  if (!bytes) throw new InputError(`${what}: '${t}' is not an IPv6 address`);
  return bytes;
}
