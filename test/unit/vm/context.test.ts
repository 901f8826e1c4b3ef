import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { linuxProfile, windowsProfile } from '../../../core/platform/index';
import { VmError } from '../../../core/vm/errors';
import { ownedResult, Vm } from '../../../core/vm/vm';
import { program } from './support';
import { at, defined } from '../../support/at';

describe('contexts', () => {
  it('Windows sock_addr from JSON: IPv4 text, enum names, and the return meaning', () => {
    // return user_ip4 == 10.0.0.1 && protocol == TCP ? PROCEED_HARD : REJECT
    const src = `ldxw %r2, [%r1+24]
ldxw %r3, [%r1+44]
mov %r0, 0
jne %r2, 0x0100000a, out
jne %r3, 6, out
mov %r0, 2
out:
exit`;
    const vm = new Vm(program(windowsProfile, src, { type: 'sock_addr' }));
    const r = vm.run({ ctx: { family: 'AF_INET', user_ip4: '10.0.0.1', protocol: 'IPPROTO_TCP', user_port: 80 } });
    assert.equal(r.error, undefined);
    assert.equal(r.returnValue, 2n);
    assert.equal(r.returnName, 'BPF_SOCK_ADDR_VERDICT_PROCEED_HARD');
    assert.equal(r.ctx?.family, 'AF_INET');
    assert.equal(vm.run({ ctx: { user_ip4: '10.0.0.2', protocol: 6 } }).returnValue, 0n);
  });

  it('bind_md: array fields and the app id as the packet region', () => {
    const src = `ldxb %r2, [%r1+26]
ldxdw %r3, [%r1+0]
ldxdw %r4, [%r1+8]
sub %r4, %r3
lsh %r2, 8
or %r2, %r4
mov %r0, %r2
exit`;
    const vm = new Vm(program(windowsProfile, src, { type: 'bind' }));
    const r = vm.run({ ctx: { socket_address: [2, 0, 0x1f, 0x90] }, packet: new TextEncoder().encode('app.exe') });
    assert.equal(r.returnValue, (0x1fn << 8n) | 7n);
  });

  it('Linux xdp_md: 4-byte data/data_end loads give full pointers', () => {
    const src = `ldxw %r2, [%r1+0]
ldxw %r3, [%r1+4]
mov %r0, %r3
sub %r0, %r2
ldxb %r4, [%r2+0]
exit`;
    const r = new Vm(program(linuxProfile, src, { type: 'xdp' })).run({ packet: new Uint8Array(60) });
    assert.equal(r.error, undefined);
    assert.equal(r.returnValue, 60n);
  });

  it('Linux __sk_buff: len is filled from the packet unless given', () => {
    const vm = new Vm(program(linuxProfile, 'ldxw %r0, [%r1+0]\nexit', { type: 'socket_filter' }));
    assert.equal(vm.run({ packet: new Uint8Array(42) }).returnValue, 42n);
    assert.equal(vm.run({ packet: new Uint8Array(42), ctx: { len: 7 } }).returnValue, 7n);
  });

  it('rejects unknown fields, pointer fields and bad values with the field list', () => {
    const vm = new Vm(program(windowsProfile, 'mov %r0, 1\nexit', { type: 'xdp' }));
    assert.throws(
      () => vm.run({ ctx: { nope: 1 } }),
      (e: unknown) =>
        e instanceof VmError &&
        /'nope' is not a field of xdp_md \(fields: data, data_end, data_meta, ingress_ifindex\)/.test(e.message),
    );
    assert.throws(() => vm.run({ ctx: { data: 1 } }), /is a packet pointer; give the packet instead/);
    assert.throws(() => vm.run({ ctx: { ingress_ifindex: 'eth0' } }), /cannot use 'eth0'/);
  });

  it('a packet for a type without one is refused', () => {
    const vm = new Vm(program(windowsProfile, 'mov %r0, 1\nexit', { type: 'sock_addr' }));
    assert.throws(() => vm.run({ packet: new Uint8Array(4) }), /has no packet/);
  });

  it('metadata before the packet is visible through data_meta', () => {
    const src = `ldxw %r2, [%r1+8]
ldxb %r0, [%r2+0]
exit`;
    const r = new Vm(program(linuxProfile, src, { type: 'xdp' })).run({
      packet: new Uint8Array(20),
      meta: Uint8Array.of(9, 8, 7, 6),
    });
    assert.equal(r.returnValue, 9n);
    assert.deepEqual([...(r.meta ?? [])], [9, 8, 7, 6]);
  });
});

describe('ring buffer and perf event output', () => {
  it('bpf_ringbuf_reserve / submit / discard and output produce records', () => {
    const maps = [{ name: 'rb', type: 'ringbuf', keySize: 0, valueSize: 0, maxEntries: 4096 }];
    const src = `lddw %r1, map:rb
mov %r2, 8
mov %r3, 0
call 131
jeq %r0, 0, out
lddw %r1, 0x1122334455667788
stxdw [%r0+0], %r1
mov %r1, %r0
mov %r2, 0
call 132
stdw [%r10-8], 7
lddw %r1, map:rb
mov %r2, %r10
add %r2, -8
mov %r3, 4
mov %r4, 0
call 130
out:
exit`;
    const vm = new Vm(program(linuxProfile, src, { maps }));
    const r = vm.run();
    assert.equal(r.error, undefined);
    const records = defined(vm.drainRecords().rb, 'records of rb');
    assert.deepEqual(
      records.map((x) => Buffer.from(x.data).toString('hex')),
      ['8877665544332211', '07000000'],
    );
  });

  it('bpf_perf_event_output appends the record (and packet bytes from the flags)', () => {
    const maps = [{ name: 'events', type: 'perf_event_array', keySize: 4, valueSize: 4, maxEntries: 2 }];
    const src = `stw [%r10-4], 0x01020304
lddw %r2, map:events
lddw %r3, 0x00000002ffffffff
mov %r4, %r10
add %r4, -4
mov %r5, 4
call 25
exit`;
    const vm = new Vm(program(linuxProfile, src, { type: 'xdp', maps }), { cpus: 2, cpu: 1 });
    const r = vm.run({ packet: Uint8Array.of(0xaa, 0xbb, 0xcc, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) });
    assert.equal(r.returnValue, 0n);
    const rec = at(defined(vm.drainRecords().events, 'records of events'), 0, 'record');
    assert.equal(rec.cpu, 1);
    assert.equal(Buffer.from(rec.data).toString('hex'), '04030201aabb');
  });
  it('a full result reads the packet and ctx in place until the next run; ownedResult keeps them', () => {
    // Writes the first packet byte as its length, returns XDP_TX.
    const src = `ldxw %r2, [%r1+0]
ldxw %r3, [%r1+4]
mov %r4, %r3
sub %r4, %r2
stxb [%r2+0], %r4
mov %r0, 3
exit`;
    const vm = new Vm(program(linuxProfile, src, { type: 'xdp' }));
    const first = vm.run({ packet: new Uint8Array(20) });
    assert.equal(first.packet?.[0], 20);
    assert.equal(first.ctx?.data !== undefined, true);
    const kept = ownedResult(first);
    const second = vm.run({ packet: new Uint8Array(30) });
    assert.equal(second.packet?.[0], 30);
    // The first result's verdict stays; its packet was overwritten, so reading it is an error.
    assert.equal(first.returnName, 'XDP_TX');
    assert.throws(
      () => first.packet,
      (e: unknown) => e instanceof VmError && /ownedResult/.test(e.message),
    );
    assert.equal(kept.packet?.length, 20);
    assert.equal(kept.packet?.[0], 20);
    assert.equal(kept.returnName, 'XDP_TX');
    // A verdict-only result carries no packet at all, and is one object refilled run after run.
    const verdict = vm.run({ packet: new Uint8Array(10) }, 0, 'verdict');
    assert.equal(verdict.packet, undefined);
    assert.equal(verdict.returnName, 'XDP_TX');
    assert.equal(vm.run({ packet: new Uint8Array(10) }, 0, 'verdict'), verdict);
  });
});
