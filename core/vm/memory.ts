// The virtual address space: every region a program can reach (stack frames, ctx, packet, map
// values, global data, helper-returned memory) sits at its own high address, so pointers are
// plain 64-bit numbers. Region i occupies the 4 GiB window whose upper 32 bits are HI_BASE + i;
// the lower 32 bits are the offset inside the region. The interpreter's fast path checks an access
// against per-region [start, end) bounds kept in typed arrays; anything else goes to `slowAccess`,
// which handles special regions (ctx with pointer fields) and produces precise faults.

import { int32Pair } from './int64';

export const HI_BASE = 0x100;

export type RegionKind = 'stack' | 'ctx' | 'packet' | 'map_value' | 'map' | 'global' | 'helper' | 'memory' | 'code';

/** Hooks for regions whose loads/stores are not plain bytes (a context with pointer fields). */
export interface SpecialAccess {
  /** Return true when handled (result written into out[0]=lo, out[1]=hi), false to fall back to bytes. */
  load(offset: number, size: number, out: Int32Array): boolean;
  /** Return true when handled; throw a string to refuse the store with that reason. */
  store(offset: number, size: number, lo: number, hi: number): boolean;
}

export interface Region {
  readonly id: number;
  readonly kind: RegionKind;
  /** Human name: "stack frame 0", "ctx (xdp_md)", "packet", "map 'counters' value [3]". */
  name: string;
  bytes: Uint8Array;
  view: DataView;
  /** Readable window [readStart, readEnd) in region offsets. */
  readStart: number;
  readEnd: number;
  writable: boolean;
  special: SpecialAccess | undefined;
  /** Set when the region was released (a deleted map entry): accesses fault as use-after-free. */
  freed: boolean;
}

export interface RegionOptions {
  readonly readOnly?: boolean;
  readonly readStart?: number;
  readonly readEnd?: number;
  readonly special?: SpecialAccess;
}

export function regionAddress(region: Region, offset = 0): bigint {
  return (BigInt(HI_BASE + region.id) << 32n) + BigInt(offset);
}

/** A memory write the debugger can undo: the bytes before the write. */
export interface WriteRecord {
  readonly region: Region;
  readonly offset: number;
  readonly before: Uint8Array;
}

export class AddressSpace {
  /** Fast-path tables, indexed by region id. Empty bounds force the slow path. */
  views: DataView[] = [];
  rStart = new Int32Array(64);
  rEnd = new Int32Array(64);
  wStart = new Int32Array(64);
  wEnd = new Int32Array(64);
  readonly regions: (Region | undefined)[] = [];
  private readonly freeIds: number[] = [];
  /** When set, every write through this class (helpers, debugger) is recorded for step-back. */
  writeLog: WriteRecord[] | undefined;
  /** Bumped whenever the tables are reallocated, so the interpreter knows to reload them. */
  generation = 0;

  allocate(kind: RegionKind, name: string, bytes: Uint8Array, options: RegionOptions = {}): Region {
    const id = this.freeIds.pop() ?? this.regions.length;
    if (id >= this.rStart.length) this.grow(id + 1);
    const region: Region = {
      id,
      kind,
      name,
      bytes,
      view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      readStart: options.readStart ?? 0,
      readEnd: options.readEnd ?? bytes.length,
      writable: !options.readOnly,
      special: options.special,
      freed: false,
    };
    this.regions[id] = region;
    this.views[id] = region.view;
    this.refresh(region);
    return region;
  }

  /** Re-derive the fast-path bounds after a region's window or bytes changed. */
  refresh(region: Region): void {
    const id = region.id;
    this.views[id] = region.view;
    const fast = !region.freed && region.special === undefined;
    this.rStart[id] = fast ? region.readStart : 1;
    this.rEnd[id] = fast ? region.readEnd : 0;
    this.wStart[id] = fast && region.writable ? region.readStart : 1;
    this.wEnd[id] = fast && region.writable ? region.readEnd : 0;
  }

  /** Change a region's readable window (packet after adjust_head/tail/meta). */
  setWindow(region: Region, readStart: number, readEnd: number): void {
    region.readStart = readStart;
    region.readEnd = readEnd;
    this.refresh(region);
  }

  release(region: Region): void {
    if (region.freed) return;
    region.freed = true;
    this.refresh(region);
    this.freeIds.push(region.id);
  }

  private grow(min: number): void {
    let cap = this.rStart.length;
    while (cap < min) cap *= 2;
    const g = (a: Int32Array): Int32Array => {
      const n = new Int32Array(cap);
      n.set(a);
      return n;
    };
    this.rStart = g(this.rStart);
    this.rEnd = g(this.rEnd);
    this.wStart = g(this.wStart);
    this.wEnd = g(this.wEnd);
    this.generation++;
  }

  /** The live region whose window holds upper half `hi`, or undefined. */
  regionOfHi(hi: number): Region | undefined {
    const id = (hi - HI_BASE) | 0;
    if (id < 0 || id >= this.regions.length) return undefined;
    const r = this.regions[id];
    return r && !r.freed ? r : undefined;
  }

  /** The region an address belongs to or is nearest to, for fault messages. */
  nearest(address: bigint): { region: Region; offset: number } | undefined {
    let best: { region: Region; offset: number } | undefined;
    let bestDistance = Infinity;
    for (const r of this.regions) {
      if (!r || r.freed || r.kind === 'code') continue;
      const offset = Number(address - regionAddress(r));
      const distance = offset < r.readStart ? r.readStart - offset : offset >= r.readEnd ? offset - r.readEnd + 1 : 0;
      if (distance < bestDistance && distance < 1 << 20) {
        best = { region: r, offset };
        bestDistance = distance;
      }
    }
    return best;
  }

  /**
   * Resolve an access for helpers and the debugger: returns the region and offset, or a reason
   * string when the access is not allowed.
   */
  resolve(hi: number, lo: number, size: number, write: boolean): { region: Region; offset: number } | string {
    const region = this.regionOfHi(hi);
    const offset = lo >>> 0;
    if (!region || offset < region.readStart || offset + size > region.readEnd || size < 0) {
      // Name the region the address is nearest to (an underflow lands in the previous window).
      const address = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
      const near = this.nearest(address);
      if (!near) return describeUnmapped(hi, lo, this);
      const r = near.region;
      return `access of ${size} bytes at offset ${near.offset} is outside ${r.name} (valid offsets ${r.readStart}..${r.readEnd})`;
    }
    if (write && !region.writable) return `${region.name} is read-only`;
    return { region, offset };
  }

  /** Result of the last successful `loadSpecial` (low and high halves). */
  readonly loaded = int32Pair();

  /**
   * A load from a special region (a ctx with pointer fields) that the fast tables refuse: the
   * pointer a field stands for, or the plain bytes. Returns false, changing nothing, when the
   * access is not allowed (the caller then reports the fault); the value is in `loaded`.
   */
  loadSpecial(hi: number, lo: number, size: number, signed: boolean): boolean {
    const id = (hi - HI_BASE) | 0;
    if (id < 0 || id >= this.regions.length) return false;
    const r = this.regions[id];
    const offset = lo >>> 0;
    if (r === undefined || r.freed || r.special === undefined) return false;
    if (offset < r.readStart || offset + size > r.readEnd) return false;
    const out = this.loaded;
    if (r.special.load(offset, size, out)) return true;
    const v = r.view;
    switch (size) {
      case 1:
        out[0] = signed ? v.getInt8(offset) : v.getUint8(offset);
        break;
      case 2:
        out[0] = signed ? v.getInt16(offset, true) : v.getUint16(offset, true);
        break;
      case 4:
        out[0] = v.getInt32(offset, true);
        break;
      default:
        out[0] = v.getInt32(offset, true);
        out[1] = v.getInt32(offset + 4, true);
        return true;
    }
    out[1] = signed ? out[0] >> 31 : 0;
    return true;
  }

  /** Offset inside the region of the last successful `regionBytes` call. */
  lastOffset = 0;

  /**
   * The bytes of the region holding [addr, addr+size), with the offset in `lastOffset`; undefined
   * when the access is not allowed (`resolve` then gives the reason). Allocates nothing: helpers
   * use it on every call.
   */
  regionBytes(hi: number, lo: number, size: number, write: boolean): Uint8Array | undefined {
    const id = (hi - HI_BASE) | 0;
    if (id < 0 || id >= this.regions.length) return undefined;
    const r = this.regions[id];
    const offset = lo >>> 0;
    if (r === undefined || r.freed || size < 0 || offset < r.readStart || offset + size > r.readEnd) return undefined;
    if (write && !r.writable) return undefined;
    this.lastOffset = offset;
    return r.bytes;
  }

  /** Bytes [addr, addr+size) as a view into the region (no copy). Throws a string reason. */
  bytesAt(hi: number, lo: number, size: number, write: boolean): Uint8Array {
    if (size === 0) return new Uint8Array(0);
    const r = this.resolve(hi, lo, size, write);
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- callers take the string as the fault's reason
    if (typeof r === 'string') throw r;
    return r.region.bytes.subarray(r.offset, r.offset + size);
  }

  /** Write bytes at an address (helpers, debugger); recorded when a write log is active. */
  writeBytes(hi: number, lo: number, data: Uint8Array): void {
    const target = this.bytesAt(hi, lo, data.length, true);
    if (this.writeLog) {
      const r = this.resolve(hi, lo, data.length, true) as { region: Region; offset: number };
      this.writeLog.push({ region: r.region, offset: r.offset, before: target.slice() });
    }
    target.set(data);
  }

  /** Record (for step-back) the bytes an instruction is about to overwrite. */
  recordWrite(hi: number, lo: number, size: number): void {
    if (!this.writeLog) return;
    const r = this.resolve(hi, lo, size, true);
    if (typeof r === 'string') return;
    this.writeLog.push({ region: r.region, offset: r.offset, before: r.region.bytes.slice(r.offset, r.offset + size) });
  }
}

function describeUnmapped(hi: number, lo: number, space: AddressSpace): string {
  const address = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  if (address < 0x10000n) return `null or uninitialised pointer dereference (address 0x${address.toString(16)})`;
  const near = space.nearest(address);
  if (near) return `address 0x${address.toString(16)} is outside ${near.region.name} (offset ${near.offset})`;
  const id = ((hi | 0) - HI_BASE) | 0;
  const stale = id >= 0 ? space.regions[id] : undefined;
  if (stale?.freed) return `address 0x${address.toString(16)} points into freed memory (${stale.name})`;
  return `address 0x${address.toString(16)} is not mapped (no region there)`;
}

export function formatAddress(hi: number, lo: number): string {
  return '0x' + ((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)).toString(16);
}
