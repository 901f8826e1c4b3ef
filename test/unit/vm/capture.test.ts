import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  CaptureError,
  FrameSelection,
  readCapture,
  selectFrames,
  streamCapture,
  type ByteSource,
} from '../../../core/vm/capture';
import { at } from '../../support/at';

/** Frame i holds its number and i % 301 filler bytes: every frame is different, some are large. */
function numbered(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => {
    const f = new Uint8Array(4 + (i % 301));
    new DataView(f.buffer).setUint32(0, i + 1, true);
    f.fill(i & 0xff, 4);
    return f;
  });
}

/** A source that hands out at most `most` bytes per read, like a slow file. */
function dribble(bytes: Uint8Array, most: number): ByteSource {
  return {
    size: bytes.length,
    read(into, position) {
      const n = Math.max(0, Math.min(into.length, most, bytes.length - position));
      into.set(bytes.subarray(position, position + n));
      return n;
    },
  };
}

function pcap(frames: Uint8Array[], bigEndian = false): Uint8Array {
  const parts: Buffer[] = [];
  const h = Buffer.alloc(24);
  const w32 = (b: Buffer, v: number, at: number) => (bigEndian ? b.writeUInt32BE(v, at) : b.writeUInt32LE(v, at));
  w32(h, 0xa1b2c3d4, 0);
  (bigEndian ? h.writeUInt16BE.bind(h) : h.writeUInt16LE.bind(h))(2, 4);
  (bigEndian ? h.writeUInt16BE.bind(h) : h.writeUInt16LE.bind(h))(4, 6);
  w32(h, 65535, 16);
  w32(h, 1, 20);
  parts.push(h);
  frames.forEach((f, i) => {
    const r = Buffer.alloc(16);
    w32(r, 1700000000 + i, 0);
    w32(r, 500000, 4);
    w32(r, f.length, 8);
    w32(r, f.length, 12);
    parts.push(r, Buffer.from(f));
  });
  return new Uint8Array(Buffer.concat(parts));
}

function block(type: number, body: Buffer): Buffer {
  const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  const b = Buffer.alloc(12 + padded.length);
  b.writeUInt32LE(type, 0);
  b.writeUInt32LE(b.length, 4);
  padded.copy(b, 8);
  b.writeUInt32LE(b.length, b.length - 4);
  return b;
}

function pcapng(frames: Uint8Array[]): Uint8Array {
  const shb = Buffer.alloc(16);
  shb.writeUInt32LE(0x1a2b3c4d, 0);
  shb.writeUInt16LE(1, 4);
  shb.writeBigInt64LE(-1n, 8);
  const idb = Buffer.alloc(8);
  idb.writeUInt16LE(1, 0);
  idb.writeUInt32LE(0, 4);
  const epbs = frames.map((f) => {
    const h = Buffer.alloc(20);
    h.writeUInt32LE(0, 0);
    h.writeUInt32LE(0, 4);
    h.writeUInt32LE(1000000, 8);
    h.writeUInt32LE(f.length, 12);
    h.writeUInt32LE(f.length, 16);
    return block(6, Buffer.concat([h, Buffer.from(f)]));
  });
  return new Uint8Array(Buffer.concat([block(0x0a0d0d0a, shb), block(1, idb), ...epbs]));
}

const A = Uint8Array.of(1, 2, 3);
const B = Uint8Array.of(4, 5, 6, 7, 8);

describe('capture reader', () => {
  it('reads classic pcap in both byte orders', () => {
    for (const be of [false, true]) {
      const frames = readCapture(pcap([A, B], be));
      assert.equal(frames.length, 2);
      assert.deepEqual([...at(frames, 1).data], [...B]);
      assert.equal(at(frames, 0).linkType, 1);
      assert.equal(at(frames, 0).timestamp, 1700000000.5);
    }
  });

  it('reads pcapng enhanced packet blocks', () => {
    const frames = readCapture(pcapng([A, B]));
    assert.equal(frames.length, 2);
    assert.deepEqual([...at(frames, 0).data], [...A]);
    assert.equal(at(frames, 0).timestamp, 1);
  });

  it('rejects a file that is not a capture, saying what it looks like', () => {
    assert.throws(
      () => readCapture(new TextEncoder().encode('0200000000'), 'x.hex'),
      (e: unknown) =>
        e instanceof CaptureError && /x.hex: not a pcap or pcapng file \(it looks like text/.test(e.message),
    );
    assert.throws(() => readCapture(Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 0, 0), 'a.o'), /it is an ELF object/);
    assert.throws(() => readCapture(new Uint8Array(0), 'e'), /the file is empty/);
  });

  it('rejects truncated captures naming the frame', () => {
    const full = pcap([A, B]);
    assert.throws(
      () => readCapture(full.subarray(0, full.length - 2)),
      /frame 2 claims 5 bytes but the file ends first/,
    );
  });

  it('selects frame ranges', () => {
    assert.deepEqual(selectFrames('1-2,4', 5), [1, 2, 4]);
    assert.deepEqual(selectFrames('3-', 5), [3, 4, 5]);
    assert.deepEqual(selectFrames(undefined, 2), [1, 2]);
    assert.throws(() => selectFrames('9', 5), /frame 9 does not exist/);
    assert.throws(() => selectFrames('a', 5), /bad frame range/);
  });

  it('reads the examples sample capture', () => {
    const file = path.resolve(__dirname, '../../../examples/packets/sample.pcap');
    assert.ok(fs.existsSync(file), `${file} is part of the repository`);
    const frames = readCapture(new Uint8Array(fs.readFileSync(file)));
    assert.ok(frames.length >= 1);
    assert.ok(frames.every((f) => f.linkType === 1));
  });

  describe('streaming', () => {
    for (const [format, make] of [
      ['pcap', pcap],
      ['pcapng', pcapng],
    ] as const) {
      it(`reads a ${format} capture larger than its window, with short reads, frame by frame`, () => {
        const frames = numbered(12_000); // ~1.9 MB: several windows of 1 MiB
        const bytes = make(frames);
        let n = 0;
        for (const f of streamCapture(dribble(bytes, 4093), 'big')) {
          assert.equal(f.number, n + 1);
          assert.deepEqual(f.data, frames[n], `frame ${n + 1}`);
          n++;
        }
        assert.equal(n, frames.length);
      });
    }

    it('reports damage after the frames before it', () => {
      const full = pcap(numbered(5000));
      const seen: number[] = [];
      assert.throws(() => {
        for (const f of streamCapture(dribble(full.subarray(0, full.length - 3), 1000))) seen.push(f.number);
      }, /frame 5000 claims \d+ bytes but the file ends first/);
      assert.equal(seen.length, 4999);
    });

    it('selects frames one at a time', () => {
      const s = new FrameSelection('2-3,7,10-');
      assert.deepEqual(
        [1, 2, 3, 4, 7, 9, 10, 500].map((n) => s.has(n)),
        [false, true, true, false, true, false, true, true],
      );
      assert.equal(s.last, Infinity);
      assert.equal(new FrameSelection('1-4,6').last, 6);
      assert.throws(() => new FrameSelection('3-').check(2), /frame 3 does not exist \(the capture has 2 frames\)/);
      assert.throws(() => new FrameSelection('x'), /bad frame range/);
    });
  });
});
