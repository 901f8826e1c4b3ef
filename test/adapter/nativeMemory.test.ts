// The native session's per-stop memory cache (debug-adapter/native/memory.ts): synchronous reads
// served from fetched 64-byte blocks, misses fetched in batches until the computation is complete,
// unreadable blocks reported as errors without failing their neighbours.

import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { StopMemory } from '../../debug-adapter/native/memory';

/** A fake address space: byte at address a is a & 0xff; [0x2000, 0x3000) is unmapped. */
function fakeRunner(): { memory: StopMemory; requests: [bigint, number][] } {
  const requests: [bigint, number][] = [];
  const memory = new StopMemory(async (address, length) => {
    requests.push([address, length]);
    if (address < 0x3000n && address + BigInt(length) > 0x2000n) return undefined;
    return Uint8Array.from({ length }, (_, i) => Number((address + BigInt(i)) & 0xffn));
  });
  return { memory, requests };
}

describe('native session memory cache', () => {
  it('fetches what a computation missed, in one request per contiguous run, then serves it from the cache', async () => {
    const { memory, requests } = fakeRunner();
    const bytes = await memory.resolve(() => [...memory.read(0x1030n, 40), ...memory.read(0x5000n, 2)]);
    assert.deepEqual(bytes.slice(0, 3), [0x30, 0x31, 0x32]);
    assert.deepEqual(bytes.slice(40), [0x00, 0x01]);
    // 0x1030..0x1057 spans the blocks 0x1000 and 0x1040: one request for both; 0x5000 another.
    assert.deepEqual(requests, [
      [0x1000n, 128],
      [0x5000n, 64],
    ]);
    await memory.resolve(() => memory.read(0x1040n, 8));
    assert.equal(requests.length, 2);
  });

  it('follows pointers one round at a time', async () => {
    const { memory, requests } = fakeRunner();
    // Read a byte, then read at an address computed from it (a pointer chase).
    const value = await memory.resolve(() => {
      const first = memory.read(0x1004n, 1)[0] ?? 0;
      return memory.read(0x4000n + BigInt(first) * 0x100n, 1)[0];
    });
    assert.equal(value, 0x00);
    assert.deepEqual(
      requests.map(([a]) => a),
      [0x1000n, 0x4400n],
    );
  });

  it('reports an unreadable block as an error and keeps its readable neighbours', async () => {
    const { memory } = fakeRunner();
    const outcome = await memory.resolve(() => {
      const results: string[] = [];
      for (const a of [0x1fc0n, 0x2000n, 0x3000n])
        try {
          results.push(`ok ${memory.read(a, 4)[0]}`);
        } catch (e) {
          results.push((e as Error).message);
        }
      return results;
    });
    assert.deepEqual(outcome, ['ok 192', 'not readable in the native runner', 'ok 0']);
    assert.throws(() => memory.read(0n, 1 << 20), /cannot read/);
  });
});
