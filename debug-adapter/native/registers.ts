// eBPF registers read from the generated function's r0-r10 locals, named by the region they point
// into as the interpreter session names them (`packet+14`, `ctx+0`, `stack-8`, `packet_end`):
// the regions are the frame's 512-byte `stack` array (r10 is its end), the `context` argument
// (the program type's context size) and the packet [data, data_end) read from the context.

import { scalarText } from '../values';

export const EBPF_STACK_SIZE = 512;

/** Where the runner keeps one map (debug-adapter/native reads it from the runtime's ebpf_rt.maps). */
export interface NativeMapLayout {
  readonly name: string;
  /** The map's handle as the program holds it (`&ebpf_rt.maps[i]`). */
  readonly handle: bigint;
  readonly kind: 'array' | 'hash' | 'other';
  readonly data: bigint;
  readonly keySize: number;
  readonly valueSize: number;
  /** Arrays: max_entries; hashes: slots allocated. */
  readonly slots: number;
  /** Hashes: one byte per slot, 1 when it holds an entry (ebpf_runtime.h). */
  readonly used: bigint | undefined;
}

export interface NativeRegions {
  /** r10 of the frame: the end of its stack array. */
  readonly stackTop: bigint;
  readonly ctx?: { readonly start: bigint; readonly size: number };
  readonly packet?: { readonly data: bigint; readonly dataEnd: bigint };
  readonly maps?: readonly NativeMapLayout[];
}

function mapPointerText(u: bigint, maps: readonly NativeMapLayout[]): string | undefined {
  for (const m of maps) {
    if (u === m.handle) return `map(${m.name})`;
    if (m.kind === 'array') {
      const size = BigInt(m.valueSize);
      if (size > 0n && u >= m.data && u < m.data + size * BigInt(m.slots)) {
        const index = (u - m.data) / size;
        return `map_value(${m.name}[${index}])${signed((u - m.data) % size)}`;
      }
    } else if (m.kind === 'hash') {
      const slot = BigInt(m.keySize + m.valueSize);
      if (slot > 0n && u >= m.data && u < m.data + slot * BigInt(m.slots)) {
        const within = (u - m.data) % slot;
        if (within >= BigInt(m.keySize)) return `map_value(${m.name})${signed(within - BigInt(m.keySize))}`;
      }
    }
  }
  return undefined;
}

const signed = (n: bigint): string => (n >= 0n ? `+${n}` : `${n}`);

/** The region name of a pointer value, or undefined for a plain number. */
export function nativePointerText(v: bigint, regions: NativeRegions): string | undefined {
  const u = BigInt.asUintN(64, v);
  const { stackTop, ctx, packet } = regions;
  if (u <= stackTop && u >= stackTop - BigInt(EBPF_STACK_SIZE)) {
    const off = u - stackTop;
    return off === 0n ? 'stack top (r10)' : `stack${signed(off)}`;
  }
  if (packet && u >= packet.data && u <= packet.dataEnd) {
    const off = u - packet.data;
    return u === packet.dataEnd ? `packet_end (packet${signed(off)})` : `packet${signed(off)}`;
  }
  if (ctx && u >= ctx.start && u < ctx.start + BigInt(ctx.size)) return `ctx${signed(u - ctx.start)}`;
  return regions.maps ? mapPointerText(u, regions.maps) : undefined;
}

/** How the Registers scope shows a value: `packet+14 (0x…)` for a pointer, `0x2a (42)` otherwise. */
export function nativeRegisterText(v: bigint, regions: NativeRegions): { text: string; pointer: boolean } {
  const p = nativePointerText(v, regions);
  if (p) return { text: `${p} (0x${BigInt.asUintN(64, v).toString(16)})`, pointer: true };
  return { text: scalarText(v), pointer: false };
}

/** A debugger's value text for an unsigned integer ("42", "0x2a") as a bigint, or undefined. */
export function parseDebuggerInteger(text: string | undefined): bigint | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*(0x[0-9a-f]+|-?\d+)\b/i.exec(text);
  if (!m?.[1]) return undefined;
  return BigInt.asUintN(64, BigInt(m[1]));
}

/**
 * A memory read that refuses to run past the packet's end, as the interpreter does: the runner's
 * packet buffer is larger than [data, data_end), and bytes beyond it are not the program's.
 */
export function packetBoundedRead(
  read: (address: bigint, size: number) => Uint8Array,
  regions: NativeRegions,
): (address: bigint, size: number) => Uint8Array {
  const packet = regions.packet;
  if (!packet) return read;
  return (address, size) => {
    if (address >= packet.data && address <= packet.dataEnd && address + BigInt(size) > packet.dataEnd)
      throw new Error(
        `access of ${size} bytes at packet${signed(address - packet.data)} is outside packet (valid offsets 0..${packet.dataEnd - packet.data})`,
      );
    return read(address, size);
  };
}
