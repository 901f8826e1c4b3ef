// Program contexts: the ctx struct a program receives, built from a JSON description of field
// values, and the packet (with headroom for adjust_head/meta and tailroom for adjust_tail) its
// pointer fields refer to. Pointer fields are served through the region's special-access hook so
// a 4-byte Linux `xdp_md.data` load yields the full 64-bit pointer, as the kernel's rewrite does.

import type { ContextField, ProgramType } from '../platform/types';
import { VmError } from './errors';
import { HI_BASE, type AddressSpace, type Region, type SpecialAccess } from './memory';
import { parseIpv6 } from '../net/ipv6';

/** Linux XDP_PACKET_HEADROOM; the same room is given on Windows. */
export const PACKET_HEADROOM = 256;
/** Frame size as BPF_PROG_TEST_RUN uses (a page) minus skb_shared_info: the most a packet may grow to. */
export const PACKET_FRAME = 4096 - 320;
/** Linux limit for data_meta (xdp_metalen_invalid). */
export const MAX_META = 32;
export const ETH_HLEN = 14;

export type CtxValue = number | bigint | string | boolean | readonly (number | string)[];
export type CtxDescription = Readonly<Record<string, CtxValue>>;

/** The packet of one run: one buffer, the program sees [meta, dataEnd) with data in between. */
export class PacketState {
  constructor(
    readonly region: Region,
    public meta: number,
    public data: number,
    public dataEnd: number,
    private readonly memory: AddressSpace,
  ) {}

  pointer(offset: number): [number, number] {
    return [offset, HI_BASE + this.region.id];
  }

  /** Union of every window of this run: what the program may have written. */
  touchedStart = Number.MAX_SAFE_INTEGER;
  touchedEnd = 0;

  /** Re-derive the readable window after an adjust. */
  commit(): void {
    const r = this.region;
    if (r.readStart !== this.meta || r.readEnd !== this.dataEnd) this.memory.setWindow(r, this.meta, this.dataEnd);
    this.touchedStart = Math.min(this.touchedStart, this.meta);
    this.touchedEnd = Math.max(this.touchedEnd, this.dataEnd);
  }

  /** A copy of data..data_end. */
  bytes(): Uint8Array {
    return this.region.bytes.slice(this.data, this.dataEnd);
  }

  /** A copy of data_meta..data. */
  metaBytes(): Uint8Array {
    return this.region.bytes.slice(this.meta, this.data);
  }

  /** data..data_end in place: changes with the packet (the next run, a debugger write). */
  view(): Uint8Array {
    return this.region.bytes.subarray(this.data, this.dataEnd);
  }

  /** data_meta..data in place. */
  metaView(): Uint8Array {
    return this.region.bytes.subarray(this.meta, this.data);
  }
}

export interface BuiltContext {
  /** r1 at entry (the ctx pointer), as [lo, hi]. */
  readonly r1: [number, number];
  readonly ctx: Region;
  readonly packet: PacketState | undefined;
}

function parseIp(text: string): Uint8Array | undefined {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) return Uint8Array.from(v4.slice(1).map(Number));
  return text.includes(':') ? parseIpv6(text) : undefined;
}

function elementSize(f: ContextField): number {
  if (!f.count || f.count <= 1) return f.size;
  return f.size > 8 && f.size % f.count === 0 ? f.size / f.count : f.size;
}

function scalarOf(field: ContextField, value: number | string | bigint | boolean): bigint {
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new VmError(`context field '${field.name}': ${value} is not an integer`);
    return BigInt(value);
  }
  const named = field.values ? Object.entries(field.values).find(([, name]) => name === value) : undefined;
  if (named) return BigInt(named[0]);
  if (/^-?(0x[0-9a-f]+|\d+)$/i.test(value)) return value.startsWith('-') ? -BigInt(value.slice(1)) : BigInt(value);
  const ip = parseIp(value);
  if (ip && ip.length === 4 && field.size === 4) {
    // An IPv4 address in network byte order, read as the little-endian u32 the program sees.
    return BigInt(new DataView(ip.buffer, ip.byteOffset, 4).getUint32(0, true));
  }
  const known = field.values ? ` (known values: ${Object.values(field.values).join(', ')})` : '';
  throw new VmError(`context field '${field.name}': cannot use '${value}'${known}`);
}

function writeScalar(view: DataView, at: number, size: number, v: bigint, bigEndian: boolean): void {
  const u = BigInt.asUintN(64, v);
  switch (size) {
    case 1:
      view.setUint8(at, Number(u & 0xffn));
      break;
    case 2:
      view.setUint16(at, Number(u & 0xffffn), !bigEndian);
      break;
    case 4:
      view.setUint32(at, Number(u & 0xffffffffn), !bigEndian);
      break;
    case 8:
      view.setBigUint64(at, u, !bigEndian);
      break;
    default:
      throw new VmError(`context field of ${size} bytes cannot take a scalar`);
  }
}

function isPointer(f: ContextField): boolean {
  return f.kind === 'packet_start' || f.kind === 'packet_end' || f.kind === 'packet_meta';
}

/**
 * Builds ctx + packet for one program type, reusing its regions and buffers from run to run (a
 * run over many packets must not allocate per packet). The ctx bytes for a description are
 * computed once and copied in before each run.
 */
export class ContextBuilder {
  private ctx: Region | undefined;
  private packetRegion: Region | undefined;
  private state: PacketState | undefined;
  /** The PacketState reused from run to run (its touched window says what to clear). */
  private reusable: PacketState | undefined;
  private template: Uint8Array | undefined;
  private templateFor: CtxDescription | undefined;
  private readonly fields: readonly ContextField[];
  private readonly hasPointers: boolean;
  private readonly lenField: ContextField | undefined;

  constructor(
    private readonly memory: AddressSpace,
    readonly type: ProgramType,
  ) {
    this.fields = type.context.fields;
    this.hasPointers = this.fields.some(isPointer);
    const len = this.fields.find((f) => f.name === 'len');
    this.lenField = len && len.size === 4 ? len : undefined;
  }

  build(description: CtxDescription | undefined, packet: Uint8Array | undefined, meta?: Uint8Array): BuiltContext {
    this.prepare(description, packet, meta);
    const ctx = this.ctxRegion;
    return { r1: [0, HI_BASE + ctx.id], ctx, packet: this.state };
  }

  private templateWords: Int32Array | undefined;
  /** The ctx bytes as words, when the struct is a whole number of them. */
  private ctxWords: Int32Array | undefined;

  /** The ctx region of the last `prepare` (r1 points at offset 0 of it). */
  get ctxRegion(): Region {
    const ctx = this.ctx;
    if (ctx === undefined) throw new VmError(`no context was built for ${this.type.name}`);
    return ctx;
  }

  /** The packet of the last `prepare`, or undefined for program types without one. */
  get packetState(): PacketState | undefined {
    return this.state;
  }

  /**
   * Fill ctx and packet for a run; read the result from `ctxRegion` and `packetState`. Regions and
   * the PacketState are the builder's own and are reset, not rebuilt, so a run allocates nothing.
   */
  prepare(description: CtxDescription | undefined, packet: Uint8Array | undefined, meta?: Uint8Array): void {
    const type = this.type;
    const layout = type.context;
    // Socket filters have no packet pointers but still see the packet (ld_abs, bpf_skb_load_bytes).
    const wantsPacket =
      this.hasPointers || type.hasPacket || (layout.structName === '__sk_buff' && packet !== undefined);
    let state: PacketState | undefined;
    if (wantsPacket) {
      const dataLength = packet?.length ?? 0;
      const metaLength = meta?.length ?? 0;
      if (metaLength > MAX_META) throw new VmError(`packet metadata of ${metaLength} bytes exceeds ${MAX_META}`);
      const size = Math.max(PACKET_HEADROOM + dataLength, PACKET_FRAME);
      let region = this.packetRegion;
      const previous = this.reusable;
      if (!region || region.freed || region.bytes.length < size) {
        region = this.memory.allocate('packet', 'packet', new Uint8Array(size));
        this.packetRegion = region;
        this.reusable = undefined;
      } else if (previous) {
        // Only what the previous run could reach needs clearing, and not what the new packet and
        // metadata overwrite anyway.
        const from = PACKET_HEADROOM - metaLength;
        const to = PACKET_HEADROOM + dataLength;
        if (previous.touchedStart < from) region.bytes.fill(0, previous.touchedStart, from);
        if (previous.touchedEnd > to) region.bytes.fill(0, Math.max(to, previous.touchedStart), previous.touchedEnd);
      } else {
        region.bytes.fill(0);
      }
      if (packet) region.bytes.set(packet, PACKET_HEADROOM);
      if (meta && metaLength > 0) region.bytes.set(meta, PACKET_HEADROOM - metaLength);
      state = this.reusable;
      if (state === undefined || state.region !== region) {
        state = new PacketState(region, 0, 0, 0, this.memory);
        this.reusable = state;
      }
      state.meta = PACKET_HEADROOM - metaLength;
      state.data = PACKET_HEADROOM;
      state.dataEnd = PACKET_HEADROOM + dataLength;
      state.touchedStart = Number.MAX_SAFE_INTEGER;
      state.touchedEnd = 0;
      state.commit();
    } else if (packet && packet.length > 0) {
      throw new VmError(`program type '${type.name}' has no packet: pass its fields as a context description instead`);
    }
    this.state = state;

    if (!this.template || this.templateFor !== description) {
      this.template = contextBytes(type, description);
      this.templateFor = description;
      this.templateWords = layout.size % 4 === 0 ? new Int32Array(this.template.buffer, 0, layout.size / 4) : undefined;
    }
    let ctx = this.ctx;
    if (!ctx || ctx.freed) {
      ctx = this.memory.allocate('ctx', `ctx (${layout.structName})`, new Uint8Array(layout.size), {
        special: this.special(),
      });
      this.ctx = ctx;
      this.ctxWords = layout.size % 4 === 0 ? new Int32Array(ctx.bytes.buffer, 0, layout.size / 4) : undefined;
    }
    const words = this.ctxWords;
    const template = this.templateWords;
    if (words !== undefined && template !== undefined) {
      // Small structs: a word loop beats a builtin call.
      for (let i = 0; i < words.length; i++) words[i] = template[i] ?? 0;
    } else {
      ctx.bytes.set(this.template);
    }
    // Fields a user rarely thinks of but programs read: the packet length.
    if (state && this.lenField && !(description && 'len' in description))
      ctx.view.setUint32(this.lenField.offset, state.dataEnd - state.data, true);
  }

  private special(): SpecialAccess {
    const fields = this.fields;
    const layout = this.type.context;
    // Per ctx offset: 0 = no pointer field starts here, else 1 data, 2 data_end, 3 data_meta, and
    // the field's size (a load of that size or of 8 bytes yields the pointer).
    const pointerKind = new Uint8Array(layout.size + 1);
    const pointerSize = new Uint8Array(layout.size + 1);
    for (const f of fields) {
      if (!isPointer(f) || f.offset > layout.size || pointerKind[f.offset] !== 0) continue;
      pointerKind[f.offset] = f.kind === 'packet_start' ? 1 : f.kind === 'packet_end' ? 2 : 3;
      pointerSize[f.offset] = f.size;
    }
    return {
      load: (offset: number, size: number, out: Int32Array): boolean => {
        const state = this.state;
        if (!state || offset > layout.size) return false;
        const kind = pointerKind[offset];
        if (kind === 0 || (size !== pointerSize[offset] && size !== 8)) return false;
        out[0] = kind === 1 ? state.data : kind === 2 ? state.dataEnd : state.meta;
        out[1] = HI_BASE + state.region.id;
        return true;
      },
      store: (offset: number, size: number): boolean => {
        const f = fields.find((x) => offset >= x.offset && offset < x.offset + fieldBytes(x));
        // The store hook's contract: a thrown string is the reason the store is refused.
        /* eslint-disable @typescript-eslint/only-throw-error */
        if (!f) throw `offset ${offset} is not a field of ${layout.structName}`;
        if (!f.writable || isPointer(f)) throw `field '${f.name}' of ${layout.structName} is read-only`;
        if (offset + size > f.offset + fieldBytes(f)) throw `store of ${size} bytes overflows field '${f.name}'`;
        /* eslint-enable @typescript-eslint/only-throw-error */
        return false;
      },
    };
  }
}

function fieldBytes(f: ContextField): number {
  if (!f.count || f.count <= 1) return f.size;
  // `size` is either the element size (socket_address: 1 × 16) or the whole array (user_ip6: 16).
  return elementSize(f) === f.size ? f.size * f.count : f.size;
}

/** The ctx struct's bytes for a description of field values. */
function contextBytes(type: ProgramType, description: CtxDescription | undefined): Uint8Array {
  const layout = type.context;
  const bytes = new Uint8Array(layout.size);
  const view = new DataView(bytes.buffer);
  const fields = layout.fields;
  const byName = new Map(fields.map((f) => [f.name, f]));
  for (const [name, value] of Object.entries(description ?? {})) {
    const field = byName.get(name);
    if (!field) {
      throw new VmError(
        `'${name}' is not a field of ${layout.structName} (fields: ${fields.map((f) => f.name).join(', ')})`,
      );
    }
    if (isPointer(field)) throw new VmError(`context field '${name}' is a packet pointer; give the packet instead`);
    const bigEndian = /__be|network/.test(field.cType);
    if (Array.isArray(value) || (typeof value === 'string' && field.count && field.count > 1)) {
      const elem = elementSize(field);
      let items: readonly (number | string)[];
      if (typeof value === 'string') {
        const ip = parseIp(value);
        if (ip && ip.length <= elem * (field.count ?? 1)) {
          bytes.set(ip, field.offset);
          continue;
        }
        items = [...new TextEncoder().encode(value)];
      } else {
        items = value as readonly (number | string)[];
      }
      if (items.length > (field.count ?? 1))
        throw new VmError(`context field '${name}' holds ${field.count} elements, got ${items.length}`);
      items.forEach((item, i) => writeScalar(view, field.offset + i * elem, elem, scalarOf(field, item), bigEndian));
      continue;
    }
    writeScalar(
      view,
      field.offset,
      field.size,
      scalarOf(field, value as number | string | bigint | boolean),
      bigEndian,
    );
  }
  return bytes;
}

/** Decode the ctx fields after a run (for reports and the debugger's variables view). */
export function readContextFields(
  type: ProgramType,
  ctx: Region,
  packet: PacketState | undefined,
): Record<string, string | number | bigint> {
  const out: Record<string, string | number | bigint> = {};
  const view = ctx.view;
  for (const f of type.context.fields) {
    if (isPointer(f)) {
      if (packet) {
        const at = f.kind === 'packet_start' ? packet.data : f.kind === 'packet_end' ? packet.dataEnd : packet.meta;
        out[f.name] = '0x' + ((BigInt(HI_BASE + packet.region.id) << 32n) + BigInt(at)).toString(16);
      }
      continue;
    }
    if (f.offset + f.size > view.byteLength) continue;
    const v =
      f.size === 1
        ? view.getUint8(f.offset)
        : f.size === 2
          ? view.getUint16(f.offset, true)
          : f.size === 4
            ? view.getUint32(f.offset, true)
            : f.size === 8
              ? view.getBigUint64(f.offset, true)
              : undefined;
    if (v === undefined) continue;
    const name = f.values?.[Number(v)];
    out[f.name] = name ?? v;
  }
  return out;
}
