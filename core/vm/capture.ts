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

export function readCapture(bytes: Uint8Array, name = 'capture'): CaptureFrame[] {
  if (bytes.length < 4) throw new CaptureError(`${name}: not a pcap or pcapng file (${describe(bytes)})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magicLE = view.getUint32(0, true);
  if (magicLE === 0x0a0d0d0a) return readPcapng(bytes, view, name);
  if ([0xa1b2c3d4, 0xa1b23c4d, 0xd4c3b2a1, 0x4d3cb2a1].includes(magicLE)) return readPcap(bytes, view, name);
  throw new CaptureError(`${name}: not a pcap or pcapng file (${describe(bytes)})`);
}

function readPcap(bytes: Uint8Array, view: DataView, name: string): CaptureFrame[] {
  const raw = view.getUint32(0, true);
  const le = raw === 0xa1b2c3d4 || raw === 0xa1b23c4d;
  const nanos = raw === 0xa1b23c4d || raw === 0x4d3cb2a1;
  if (bytes.length < 24) throw new CaptureError(`${name}: truncated pcap header (${bytes.length} bytes)`);
  const linkType = view.getUint32(20, le) & 0x0fffffff;
  const frames: CaptureFrame[] = [];
  let at = 24;
  while (at < bytes.length) {
    if (at + 16 > bytes.length)
      throw new CaptureError(`${name}: truncated record header at byte ${at} (frame ${frames.length + 1})`);
    const sec = view.getUint32(at, le);
    const frac = view.getUint32(at + 4, le);
    const incl = view.getUint32(at + 8, le);
    const orig = view.getUint32(at + 12, le);
    if (at + 16 + incl > bytes.length)
      throw new CaptureError(`${name}: frame ${frames.length + 1} claims ${incl} bytes but the file ends first`);
    frames.push({
      number: frames.length + 1,
      data: bytes.slice(at + 16, at + 16 + incl),
      originalLength: orig,
      timestamp: sec + frac / (nanos ? 1e9 : 1e6),
      linkType,
    });
    at += 16 + incl;
  }
  return frames;
}

/** Smallest total length (header, fixed body, trailer) of each pcapng block type this reader reads. */
const PCAPNG_MIN_LENGTH = new Map<number, { name: string; length: number }>([
  [0x0a0d0d0a, { name: 'section header block', length: 28 }],
  [1, { name: 'interface description block', length: 20 }],
  [2, { name: 'packet block', length: 32 }],
  [3, { name: 'simple packet block', length: 16 }],
  [6, { name: 'enhanced packet block', length: 32 }],
]);

function readPcapng(bytes: Uint8Array, view: DataView, name: string): CaptureFrame[] {
  const frames: CaptureFrame[] = [];
  let le = true;
  let interfaces: { linkType: number; snapLen: number; tsDivisor: number }[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) throw new CaptureError(`${name}: truncated pcapng block at byte ${at}`);
    const type = view.getUint32(at, le);
    if (type === 0x0a0d0d0a) {
      const bom = view.getUint32(at + 8, true);
      if (bom === 0x1a2b3c4d) le = true;
      else if (bom === 0x4d3c2b1a) le = false;
      else throw new CaptureError(`${name}: bad pcapng byte-order magic at byte ${at + 8}`);
      interfaces = [];
    }
    const length = view.getUint32(at + 4, le);
    if (length < 12 || length % 4 !== 0 || at + length > bytes.length) {
      throw new CaptureError(`${name}: pcapng block at byte ${at} has invalid length ${length}`);
    }
    const minimum = PCAPNG_MIN_LENGTH.get(type);
    if (minimum !== undefined && length < minimum.length)
      throw new CaptureError(
        `${name}: pcapng ${minimum.name} at byte ${at} is truncated (${length} bytes, at least ${minimum.length} needed)`,
      );
    const body = at + 8;
    if (type === 1) {
      interfaces.push({ linkType: view.getUint16(body, le), snapLen: view.getUint32(body + 4, le), tsDivisor: 1e6 });
      // if_tsresol option (code 9) changes the timestamp unit.
      let opt = body + 8;
      while (opt + 4 <= at + length - 4) {
        const code = view.getUint16(opt, le);
        const len = view.getUint16(opt + 2, le);
        if (code === 0) break;
        if (code === 9 && len >= 1) {
          const v = bytes[opt + 4];
          interfaces[interfaces.length - 1].tsDivisor = v & 0x80 ? 2 ** (v & 0x7f) : 10 ** (v & 0x7f);
        }
        opt += 4 + ((len + 3) & ~3);
      }
    } else if (type === 6 || type === 2) {
      const ifIndex = type === 6 ? view.getUint32(body, le) : view.getUint16(body, le);
      const iface = interfaces[ifIndex];
      if (!iface)
        throw new CaptureError(
          `${name}: packet block at byte ${at} names interface ${ifIndex}, which was not described`,
        );
      const tsHigh = view.getUint32(body + 4, le);
      const tsLow = view.getUint32(body + 8, le);
      const captured = view.getUint32(body + 12, le);
      const orig = view.getUint32(body + 16, le);
      if (body + 20 + captured > at + length)
        throw new CaptureError(`${name}: packet block at byte ${at} overruns its block`);
      frames.push({
        number: frames.length + 1,
        data: bytes.slice(body + 20, body + 20 + captured),
        originalLength: orig,
        timestamp: (tsHigh * 4294967296 + tsLow) / iface.tsDivisor,
        linkType: iface.linkType,
      });
    } else if (type === 3) {
      const iface = interfaces[0];
      if (!iface) throw new CaptureError(`${name}: simple packet block at byte ${at} before any interface description`);
      const orig = view.getUint32(body, le);
      const captured = Math.min(orig, iface.snapLen || orig, length - 16);
      frames.push({
        number: frames.length + 1,
        data: bytes.slice(body + 4, body + 4 + captured),
        originalLength: orig,
        linkType: iface.linkType,
      });
    }
    at += length;
  }
  return frames;
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
