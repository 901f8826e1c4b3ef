// A small reader for packet captures: classic pcap (both byte orders, µs and ns timestamps) and
// pcapng (section header, interface description, enhanced/simple/obsolete packet blocks).
// Anything else is rejected with a message saying what the file looks like.

export class CaptureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaptureError';
  }
}

export interface CaptureFrame {
  /** 1-based frame number, as Wireshark counts. */
  readonly number: number;
  readonly data: Uint8Array;
  /** Length on the wire (may exceed data.length when the capture was truncated). */
  readonly originalLength: number;
  /** Seconds since the epoch, with fraction (undefined when the block has none). */
  readonly timestamp?: number;
  /** LINKTYPE_* of the frame's interface (1 = Ethernet). */
  readonly linkType: number;
}

export const LINKTYPE_ETHERNET = 1;

function describe(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'the file is empty';
  if (bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46) return 'it is an ELF object';
  const text = bytes.subarray(0, 64).every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
  if (text) return 'it looks like text (for hex packets use --packet)';
  const magic = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `unknown magic bytes ${magic}`;
}

/** Random access to a capture's bytes, so it can be read in chunks (a file) or from memory. */
export interface ByteSource {
  /** Total length in bytes. */
  readonly size: number;
  /** Copy bytes from `position` into `into`; returns how many were copied (0 at the end). */
  read(into: Uint8Array, position: number): number;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read(into, position) {
      const n = Math.max(0, Math.min(into.length, bytes.length - position));
      into.set(bytes.subarray(position, position + n));
      return n;
    },
  };
}

/** Read the whole capture into memory (frames own their bytes). For large captures use streamCapture. */
export function readCapture(bytes: Uint8Array, name = 'capture'): CaptureFrame[] {
  const frames: CaptureFrame[] = [];
  for (const f of streamCapture(bytesSource(bytes), name)) frames.push({ ...f, data: f.data.slice() });
  return frames;
}

const NO_BYTES = new Uint8Array(0);

/** Smallest total length (header, fixed body, trailer) of each pcapng block type this reader reads. */
const PCAPNG_MIN_LENGTH = new Map<number, { name: string; length: number }>([
  [0x0a0d0d0a, { name: 'section header block', length: 28 }],
  [1, { name: 'interface description block', length: 20 }],
  [2, { name: 'packet block', length: 32 }],
  [3, { name: 'simple packet block', length: 16 }],
  [6, { name: 'enhanced packet block', length: 32 }],
]);

/** Chunk size of streamed reads; a frame larger than this grows the window to fit it. */
const CHUNK = 1 << 20;

/**
 * A window onto a ByteSource: `ensure(at, n)` makes bytes [at, at+n) readable through `bytes` at
 * index `at - base`, reading ahead a chunk at a time; earlier bytes are dropped. Memory stays at
 * one chunk (or the largest frame) whatever the capture's size.
 */
class Window {
  bytes = new Uint8Array(CHUNK);
  view = new DataView(this.bytes.buffer);
  /** File offset of bytes[0]. */
  base = 0;
  /** Valid bytes in `bytes`. */
  length = 0;

  constructor(private readonly source: ByteSource) {}

  /** Whether [at, at+n) is in the window now (no reading). */
  has(at: number, n: number): boolean {
    return at >= this.base && at + n <= this.base + this.length;
  }

  /** False when the source ends before at + n. */
  ensure(at: number, n: number): boolean {
    if (at >= this.base && at + n <= this.base + this.length) return true;
    if (at + n > this.source.size) return false;
    const keep = Math.max(0, this.base + this.length - at);
    if (n > this.bytes.length) {
      const grown = new Uint8Array(Math.max(n, this.bytes.length * 2));
      grown.set(this.bytes.subarray(this.length - keep, this.length));
      this.bytes = grown;
      this.view = new DataView(grown.buffer);
    } else if (keep > 0) {
      this.bytes.copyWithin(0, this.length - keep, this.length);
    }
    this.base = at;
    this.length = keep;
    while (this.length < this.bytes.length && this.base + this.length < this.source.size) {
      const got = this.source.read(this.bytes.subarray(this.length), this.base + this.length);
      if (got <= 0) break;
      this.length += got;
    }
    return at + n <= this.base + this.length;
  }

  u32(at: number, le: boolean): number {
    return this.view.getUint32(at - this.base, le);
  }

  u16(at: number, le: boolean): number {
    return this.view.getUint16(at - this.base, le);
  }

  u8(at: number): number {
    return this.view.getUint8(at - this.base);
  }

  /** False for a scan that needs the structure only: frames then carry no bytes. */
  withData = true;

  /** The first bytes of the source, whatever `withData` says (to describe what the file is). */
  head(n: number): Uint8Array {
    return this.bytes.subarray(0, Math.min(n, this.base === 0 ? this.length : 0));
  }

  /** A view of [at, at+n): valid until the next `ensure`. */
  slice(at: number, n: number): Uint8Array {
    return this.withData ? this.bytes.subarray(at - this.base, at - this.base + n) : NO_BYTES;
  }
}

/**
 * The frames of a capture, one at a time. Each frame's `data` is a view into the reader's window,
 * valid only until the next frame is read: copy it to keep it. Errors (CaptureError) come when the
 * damaged part is reached, after the frames before it (a file that is no capture at all fails at
 * once). `withData: false` checks the structure only (frames then have empty data).
 */
export function streamCapture(
  source: ByteSource,
  name = 'capture',
  withData = true,
): Iterator<CaptureFrame> & Iterable<CaptureFrame> {
  const w = new Window(source);
  w.withData = withData;
  if (!w.ensure(0, Math.min(64, source.size)) || source.size < 4)
    throw new CaptureError(`${name}: not a pcap or pcapng file (${describe(w.head(source.size))})`);
  const magicLE = w.u32(0, true);
  if (magicLE === 0x0a0d0d0a) return streamPcapng(w, name);
  if ([0xa1b2c3d4, 0xa1b23c4d, 0xd4c3b2a1, 0x4d3cb2a1].includes(magicLE)) return new PcapFrames(w, name);
  throw new CaptureError(`${name}: not a pcap or pcapng file (${describe(w.head(64))})`);
}

/**
 * Frames one at a time through one reused frame object: `read()` returns it refilled (its `data`
 * a view into the reader's window), valid only until the next `read()`, or undefined at the end.
 * A replay of millions of frames then allocates nothing per frame but the data view.
 */
export interface FrameReader {
  read(): CaptureFrame | undefined;
}

/** The frame a FrameReader refills. */
class ReusedFrame implements CaptureFrame {
  number = 0;
  data: Uint8Array = NO_BYTES;
  originalLength = 0;
  timestamp = 0;
  linkType = 0;
}

/** As streamCapture, but through a FrameReader (see there): the hot path of a replay. */
export function readFrames(source: ByteSource, name = 'capture', withData = true): FrameReader {
  const frames = streamCapture(source, name, withData);
  if (frames instanceof PcapFrames) return frames;
  return {
    read(): CaptureFrame | undefined {
      const r = frames.next();
      return r.done === true ? undefined : r.value;
    },
  };
}

/** Classic pcap records: `read()` refills one frame (FrameReader); `next()` gives each its own. */
class PcapFrames implements Iterator<CaptureFrame>, Iterable<CaptureFrame>, FrameReader {
  private readonly le: boolean;
  private readonly nanos: boolean;
  private readonly linkType: number;
  private count = 0;
  private at = 24;
  private readonly frame = new ReusedFrame();

  constructor(
    private readonly w: Window,
    private readonly name: string,
  ) {
    const raw = w.u32(0, true);
    this.le = raw === 0xa1b2c3d4 || raw === 0xa1b23c4d;
    this.nanos = raw === 0xa1b23c4d || raw === 0x4d3cb2a1;
    if (!w.ensure(0, 24)) throw new CaptureError(`${name}: truncated pcap header (${w.length} bytes)`);
    this.linkType = w.u32(20, this.le) & 0x0fffffff;
    this.frame.linkType = this.linkType;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<CaptureFrame> {
    const f = this.read();
    return f === undefined ? { done: true, value: undefined } : { done: false, value: { ...f } };
  }

  read(): CaptureFrame | undefined {
    const { w, le, at } = this;
    // One check for the usual case, a whole record already in the window; else the exact errors.
    if (!w.has(at, 16) || !w.has(at, 16 + w.u32(at + 8, le))) {
      if (!w.ensure(at, 1)) return undefined;
      if (!w.ensure(at, 16))
        throw new CaptureError(`${this.name}: truncated record header at byte ${at} (frame ${this.count + 1})`);
      const claimed = w.u32(at + 8, le);
      if (!w.ensure(at, 16 + claimed))
        throw new CaptureError(`${this.name}: frame ${this.count + 1} claims ${claimed} bytes but the file ends first`);
    }
    const incl = w.u32(at + 8, le);
    const f = this.frame;
    f.number = ++this.count;
    f.data = w.slice(at + 16, incl);
    f.originalLength = w.u32(at + 12, le);
    f.timestamp = w.u32(at, le) + w.u32(at + 4, le) / (this.nanos ? 1e9 : 1e6);
    this.at = at + 16 + incl;
    return f;
  }
}

function* streamPcapng(w: Window, name: string): Generator<CaptureFrame> {
  let count = 0;
  let le = true;
  let interfaces: { linkType: number; snapLen: number; tsDivisor: number }[] = [];
  let at = 0;
  while (w.ensure(at, 1)) {
    if (!w.ensure(at, 12)) throw new CaptureError(`${name}: truncated pcapng block at byte ${at}`);
    const type = w.u32(at, le);
    if (type === 0x0a0d0d0a) {
      const bom = w.u32(at + 8, true);
      if (bom === 0x1a2b3c4d) le = true;
      else if (bom === 0x4d3c2b1a) le = false;
      else throw new CaptureError(`${name}: bad pcapng byte-order magic at byte ${at + 8}`);
      interfaces = [];
    }
    const length = w.u32(at + 4, le);
    if (length < 12 || length % 4 !== 0 || !w.ensure(at, length)) {
      throw new CaptureError(`${name}: pcapng block at byte ${at} has invalid length ${length}`);
    }
    const minimum = PCAPNG_MIN_LENGTH.get(type);
    if (minimum !== undefined && length < minimum.length)
      throw new CaptureError(
        `${name}: pcapng ${minimum.name} at byte ${at} is truncated (${length} bytes, at least ${minimum.length} needed)`,
      );
    const body = at + 8;
    if (type === 1) {
      const idb = { linkType: w.u16(body, le), snapLen: w.u32(body + 4, le), tsDivisor: 1e6 };
      interfaces.push(idb);
      // if_tsresol option (code 9) changes the timestamp unit.
      let opt = body + 8;
      while (opt + 4 <= at + length - 4) {
        const code = w.u16(opt, le);
        const len = w.u16(opt + 2, le);
        if (code === 0) break;
        if (code === 9 && len >= 1) {
          const v = w.u8(opt + 4);
          idb.tsDivisor = v & 0x80 ? 2 ** (v & 0x7f) : 10 ** (v & 0x7f);
        }
        opt += 4 + ((len + 3) & ~3);
      }
    } else if (type === 6 || type === 2) {
      const ifIndex = type === 6 ? w.u32(body, le) : w.u16(body, le);
      const iface = interfaces[ifIndex];
      if (!iface)
        throw new CaptureError(
          `${name}: packet block at byte ${at} names interface ${ifIndex}, which was not described`,
        );
      const tsHigh = w.u32(body + 4, le);
      const tsLow = w.u32(body + 8, le);
      const captured = w.u32(body + 12, le);
      const orig = w.u32(body + 16, le);
      if (body + 20 + captured > at + length)
        throw new CaptureError(`${name}: packet block at byte ${at} overruns its block`);
      count++;
      yield {
        number: count,
        data: w.slice(body + 20, captured),
        originalLength: orig,
        timestamp: (tsHigh * 4294967296 + tsLow) / iface.tsDivisor,
        linkType: iface.linkType,
      };
    } else if (type === 3) {
      const iface = interfaces[0];
      if (!iface) throw new CaptureError(`${name}: simple packet block at byte ${at} before any interface description`);
      const orig = w.u32(body, le);
      const captured = Math.min(orig, iface.snapLen || orig, length - 16);
      count++;
      yield {
        number: count,
        data: w.slice(body + 4, captured),
        originalLength: orig,
        linkType: iface.linkType,
      };
    }
    at += length;
  }
}

/** Parse a frame selection like "1-3,7,10-" (1-based, inclusive) against `count` frames. */
export function selectFrames(spec: string | undefined, count: number): number[] {
  if (spec === undefined || spec.trim() === '') return Array.from({ length: count }, (_, i) => i + 1);
  const out: number[] = [];
  for (const part of spec.split(',')) {
    const m = /^\s*(\d+)?\s*(-)?\s*(\d+)?\s*$/.exec(part);
    if (!m || (!m[1] && !m[3])) throw new CaptureError(`bad frame range '${part}' (examples: 3, 1-5, 10-, -4)`);
    const from = m[1] ? Number(m[1]) : 1;
    const to = m[2] ? (m[3] ? Number(m[3]) : count) : from;
    if (from < 1 || to < from) throw new CaptureError(`bad frame range '${part}'`);
    for (let f = from; f <= Math.min(to, count); f++) out.push(f);
    if (from > count) throw new CaptureError(`frame ${from} does not exist (the capture has ${count} frames)`);
  }
  return out;
}

/**
 * A frame selection ("1-3,7,10-") tested frame by frame, for captures read as a stream (the number
 * of frames is known only at the end).
 */
export class FrameSelection {
  private readonly ranges: { from: number; to: number }[] = [];
  /** The last frame any range asks for (Infinity for an open range). */
  readonly last: number;

  constructor(spec: string | undefined) {
    if (spec === undefined || spec.trim() === '') {
      this.ranges.push({ from: 1, to: Infinity });
    } else {
      for (const part of spec.split(',')) {
        const m = /^\s*(\d+)?\s*(-)?\s*(\d+)?\s*$/.exec(part);
        if (!m || (!m[1] && !m[3])) throw new CaptureError(`bad frame range '${part}' (examples: 3, 1-5, 10-, -4)`);
        const from = m[1] ? Number(m[1]) : 1;
        const to = m[2] ? (m[3] ? Number(m[3]) : Infinity) : from;
        if (from < 1 || to < from) throw new CaptureError(`bad frame range '${part}'`);
        this.ranges.push({ from, to });
      }
    }
    this.last = Math.max(...this.ranges.map((r) => r.to));
  }

  /** Whether every frame is selected (no --frames): the per-frame test is then skipped. */
  get all(): boolean {
    return this.last === Infinity && this.ranges.length === 1 && this.ranges[0]?.from === 1;
  }

  has(n: number): boolean {
    for (const r of this.ranges) if (n >= r.from && n <= r.to) return true;
    return false;
  }

  /** After the whole capture: a range that starts beyond it is an error, as in selectFrames. */
  check(count: number): void {
    for (const r of this.ranges)
      if (r.from > count) throw new CaptureError(`frame ${r.from} does not exist (the capture has ${count} frames)`);
  }
}
