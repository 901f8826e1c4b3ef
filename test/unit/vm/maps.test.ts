import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { linuxProfile, windowsProfile } from '../../../core/platform/index';
import type { PlatformProfile } from '../../../core/platform/types';
import { BPF_ANY, BPF_EXIST, BPF_NOEXIST, RuntimeMap, u32 } from '../../../core/vm/maps';
import { Vm } from '../../../core/vm/vm';
import { bytes, hex, mapDefs, program, type MapSpec } from './support';
import { at } from '../../support/at';

function map(platform: PlatformProfile, spec: Omit<MapSpec, 'name'>, cpus = 1): RuntimeMap {
  return new RuntimeMap(at(mapDefs(platform, [{ name: 'm', ...spec }]), 0, 'map definition'), cpus);
}

describe('runtime maps', () => {
  it('array: all entries exist, delete is refused, out-of-range update is E2BIG, NOEXIST is EEXIST', () => {
    const m = map(linuxProfile, { type: 'array', keySize: 4, valueSize: 4, maxEntries: 3 });
    assert.equal(m.size, 3);
    assert.equal(hex(m.lookup(u32(2))?.values[0]), '00000000');
    assert.equal(m.update(u32(1), bytes('01020304'), BPF_ANY), undefined);
    assert.equal(hex(m.lookup(u32(1))?.values[0]), '01020304');
    assert.equal(m.update(u32(3), bytes('00000000'), BPF_ANY), 'E2BIG');
    assert.equal(m.update(u32(0), bytes('00000000'), BPF_NOEXIST), 'EEXIST');
    assert.equal(m.delete(u32(0)), 'EINVAL');
    assert.equal(m.lookup(u32(7)), undefined);
  });

  it('hash: flags ANY / NOEXIST / EXIST and max_entries', () => {
    const m = map(linuxProfile, { type: 'hash', keySize: 2, valueSize: 1, maxEntries: 2 });
    assert.equal(m.update(bytes('0001'), bytes('aa'), BPF_EXIST), 'ENOENT');
    assert.equal(m.update(bytes('0001'), bytes('aa'), BPF_NOEXIST), undefined);
    assert.equal(m.update(bytes('0001'), bytes('bb'), BPF_NOEXIST), 'EEXIST');
    assert.equal(m.update(bytes('0001'), bytes('bb'), BPF_EXIST), undefined);
    assert.equal(m.update(bytes('0002'), bytes('cc'), BPF_ANY), undefined);
    assert.equal(m.update(bytes('0003'), bytes('dd'), BPF_ANY), 'E2BIG');
    assert.equal(m.delete(bytes('0002')), undefined);
    assert.equal(m.delete(bytes('0002')), 'ENOENT');
    assert.equal(m.update(bytes('0001'), bytes('00'), 7), 'EINVAL');
  });

  it('LRU hash evicts the least recently used entry when full', () => {
    const m = map(linuxProfile, { type: 'lru_hash', keySize: 1, valueSize: 1, maxEntries: 2 });
    m.update(bytes('01'), bytes('01'), BPF_ANY);
    m.update(bytes('02'), bytes('02'), BPF_ANY);
    m.lookup(bytes('01')); // 02 is now the oldest
    assert.equal(m.update(bytes('03'), bytes('03'), BPF_ANY), undefined);
    assert.deepEqual(
      m
        .entries()
        .map((e) => hex(e.key))
        .sort(),
      ['01', '03'],
    );
  });

  it('a looked-up key that is deleted, evicted or shares a cache slot is not found again', () => {
    // Keys 1 and 2^32 + 1 (8 bytes) fall into the same slot of the lookup cache.
    const m = map(linuxProfile, { type: 'hash', keySize: 8, valueSize: 1, maxEntries: 4 });
    const one = bytes('0100000000000000');
    const twin = bytes('0100000001000000');
    assert.equal(m.update(one, bytes('aa'), BPF_ANY), undefined);
    assert.equal(hex(m.lookup(one)?.values[0]), 'aa');
    assert.equal(m.lookup(twin), undefined);
    assert.equal(m.update(twin, bytes('bb'), BPF_ANY), undefined);
    assert.equal(hex(m.lookup(twin)?.values[0]), 'bb');
    assert.equal(hex(m.lookup(one)?.values[0]), 'aa');
    assert.equal(m.delete(one), undefined);
    assert.equal(m.lookup(one), undefined);
    assert.equal(m.update(one, bytes('cc'), BPF_ANY), undefined);
    assert.equal(hex(m.lookup(one)?.values[0]), 'cc');
    m.load({ entries: [] });
    assert.equal(m.lookup(one), undefined);
    assert.equal(m.lookup(twin), undefined);
    const lru = map(linuxProfile, { type: 'lru_hash', keySize: 4, valueSize: 1, maxEntries: 1 });
    lru.update(u32(5), bytes('01'), BPF_ANY);
    assert.equal(hex(lru.lookup(u32(5))?.values[0]), '01');
    lru.update(u32(6), bytes('02'), BPF_ANY); // evicts 5
    assert.equal(lru.lookup(u32(5)), undefined);
    assert.equal(hex(lru.lookup(u32(6))?.values[0]), '02');
  });

  it('LPM trie: longest prefix match, canonical keys, prefix bounds', () => {
    const m = map(linuxProfile, { type: 'lpm_trie', keySize: 8, valueSize: 1, maxEntries: 10 });
    const key = (bits: number, ip: string) => Uint8Array.from([...u32(bits), ...ip.split('.').map(Number)]);
    m.update(key(8, '10.0.0.0'), bytes('08'), BPF_ANY);
    m.update(key(24, '10.1.2.99'), bytes('18'), BPF_ANY); // stored as 10.1.2.0/24
    assert.equal(hex(m.lookup(key(32, '10.1.2.3'))?.values[0]), '18');
    assert.equal(hex(m.lookup(key(32, '10.9.9.9'))?.values[0]), '08');
    assert.equal(m.lookup(key(32, '11.0.0.1')), undefined);
    assert.equal(m.update(key(33, '10.0.0.0'), bytes('00'), BPF_ANY), 'EINVAL');
    assert.equal(m.delete(key(24, '10.1.2.0')), undefined);
    assert.equal(hex(m.lookup(key(32, '10.1.2.3'))?.values[0]), '08');
  });

  it('per-CPU array keeps one value per CPU', () => {
    const m = map(windowsProfile, { type: 'percpu_array', keySize: 4, valueSize: 2, maxEntries: 1 }, 3);
    m.update(u32(0), bytes('0100'), BPF_ANY, 2);
    assert.deepEqual(m.lookup(u32(0))?.values.map(hex), ['0000', '0000', '0100']);
  });

  it('queue is FIFO, stack is LIFO, full push needs BPF_EXIST', () => {
    const q = map(linuxProfile, { type: 'queue', keySize: 0, valueSize: 1, maxEntries: 2 });
    q.push(bytes('01'), 0);
    q.push(bytes('02'), 0);
    assert.equal(q.push(bytes('03'), 0), 'E2BIG');
    assert.equal(q.push(bytes('03'), BPF_EXIST), undefined);
    assert.equal(hex(q.pop(true)), '02');
    const s = map(linuxProfile, { type: 'stack', keySize: 0, valueSize: 1, maxEntries: 4 });
    s.push(bytes('01'), 0);
    s.push(bytes('02'), 0);
    assert.equal(hex(s.pop(false)), '02');
    assert.equal(hex(s.pop(true)), '02');
    assert.equal(hex(s.pop(true)), '01');
    assert.equal(s.pop(true), undefined);
  });

  it('ring buffer accounts record headers and refuses when full', () => {
    const r = map(linuxProfile, { type: 'ringbuf', keySize: 0, valueSize: 0, maxEntries: 32 });
    assert.equal(r.output(new Uint8Array(8), 0), undefined); // 16 bytes
    assert.equal(r.output(new Uint8Array(5), 0), undefined); // 16 bytes
    assert.equal(r.output(new Uint8Array(1), 0), 'ENOSPC');
    assert.equal(r.drain().length, 2);
  });

  it('saves to and loads from JSON', () => {
    const m = map(linuxProfile, { type: 'hash', keySize: 2, valueSize: 2, maxEntries: 4 });
    m.set(bytes('0001'), bytes('abcd'));
    const json = m.toJSON();
    assert.deepEqual(json.entries, [{ key: '0001', value: 'abcd' }]);
    const other = map(linuxProfile, { type: 'hash', keySize: 2, valueSize: 2, maxEntries: 4 });
    other.load(json);
    assert.equal(hex(other.get(bytes('0001'))?.values[0]), 'abcd');
    assert.throws(() => other.set(bytes('01'), bytes('abcd')), /key must be 2 bytes/);
    assert.throws(
      () => other.load({ entries: [{ key: 'zz', value: '00' }] }),
      /map 'm' key: 'z' at character 1 is not a hex digit/,
    );
  });
});

describe('map helpers in programs, per platform', () => {
  const UPDATE_TWICE = `stw [%r10-4], 1
stw [%r10-8], 42
lddw %r1, map:h
mov %r2, %r10
add %r2, -4
mov %r3, %r10
add %r3, -8
mov %r4, 1
call 2
lddw %r1, map:h
mov %r2, %r10
add %r2, -4
mov %r3, %r10
add %r3, -8
mov %r4, 1
call 2
exit`;
  const maps = [{ name: 'h', type: 'hash', keySize: 4, valueSize: 4, maxEntries: 8 }];

  it('Linux: a second BPF_NOEXIST update returns -EEXIST', () => {
    const vm = new Vm(program(linuxProfile, UPDATE_TWICE, { maps }));
    const r = vm.run();
    assert.equal(BigInt.asIntN(64, r.returnValue), -17n);
    assert.deepEqual(vm.map('h')?.toJSON().entries, [{ key: '01000000', value: '2a000000' }]);
  });

  it('Windows: the same update returns -EBPF_KEY_ALREADY_EXISTS (truncated to 32 bits)', () => {
    const vm = new Vm(program(windowsProfile, UPDATE_TWICE, { maps }));
    const r = vm.run();
    assert.equal(BigInt.asIntN(32, r.returnValue), -26n);
  });

  it('lookup returns a stable pointer into the value; writes through it persist', () => {
    const src = `stw [%r10-4], 1
lddw %r1, map:h
mov %r2, %r10
add %r2, -4
call 1
jeq %r0, 0, miss
ldxw %r1, [%r0]
add %r1, 1
stxw [%r0], %r1
mov %r0, %r1
exit
miss:
mov %r0, -1
exit`;
    const vm = new Vm(program(linuxProfile, src, { maps }));
    assert.equal(BigInt.asIntN(64, vm.run().returnValue), -1n);
    vm.loadMaps({ h: [{ key: '01000000', value: '05000000' }] });
    assert.equal(vm.run().returnValue, 6n);
    assert.equal(vm.run().returnValue, 7n);
    assert.deepEqual(at(vm.saveMaps(), 0).entries, [{ key: '01000000', value: '07000000' }]);
  });

  it('loadMaps names an unknown map', () => {
    const vm = new Vm(program(linuxProfile, 'exit', { maps }));
    assert.throws(() => vm.loadMaps({ nope: [] }), /'nope', which the program does not declare \(maps: h\)/);
  });
});
