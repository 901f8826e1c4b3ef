import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { linuxProfile, windowsProfile } from '../../../core/platform/index';
import { formatLinux, formatWindows } from '../../../core/vm/printk';
import { Vm } from '../../../core/vm/vm';
import { bytes, hex, program } from './support';
import { at } from '../../support/at';

/** Push a NUL-terminated string onto the stack at r10-len and leave r1 = its address, r2 = size. */
function pushString(text: string): string {
  const b = [...Buffer.from(text + '\0')];
  while (b.length % 8) b.push(0);
  const lines: string[] = [];
  for (let i = 0; i < b.length; i += 8) {
    const v = Buffer.from(b.slice(i, i + 8)).readBigUInt64LE();
    lines.push(`lddw %r1, 0x${v.toString(16)}`, `stxdw [%r10-${b.length - i}], %r1`);
  }
  lines.push('mov %r1, %r10', `add %r1, -${b.length}`, `mov %r2, ${text.length + 1}`);
  return lines.join('\n');
}

const ETH = bytes('0200000000010200000000020800' + '45000014000000004011000000000000000000000000');

describe('printk', () => {
  it('Windows: integer conversions with l/ll, trailing newline stripped', () => {
    assert.deepEqual(
      formatWindows('a=%d b=%u c=%x d=%lld %%\n', [0xffffffffn, 0xffffffffn, 255n, 0xffffffffffffffffn]),
      { ok: true, text: 'a=-1 b=4294967295 c=ff d=-1 %' },
    );
    assert.equal(formatWindows('%s', [1n]).ok, false);
    assert.equal(formatWindows('%5d', [1n]).ok, false);
    assert.equal(formatWindows('%d %d', [1n]).ok, false);
    assert.equal(formatWindows('%d', [1n, 2n]).ok, false);
  });

  it('Linux: width, flags, %s, %pI4, 64-bit %ld', () => {
    const mem = new Map<bigint, number[]>([
      [0x1000n, [104, 105, 0]],
      [0x2000n, [10, 0, 0, 1]],
    ]);
    const args = {
      values: [0x1000n, 0x2000n, 0xffffffffffffffffn],
      readBytes: (a: bigint, n: number) => {
        const b = mem.get(a);
        return b ? Uint8Array.from(b.slice(0, n)) : undefined;
      },
      readString: (a: bigint) => {
        const b = mem.get(a);
        return b ? Buffer.from(b.slice(0, -1)).toString() : undefined;
      },
    };
    assert.deepEqual(formatLinux('[%-4s] %pI4 %ld', args), { ok: true, text: '[hi  ] 10.0.0.1 -1' });
    assert.deepEqual(formatLinux('%05d|%x', { ...args, values: [42n, 255n] }), { ok: true, text: '00042|ff' });
    assert.equal(formatLinux('%d %d %d %d', { ...args, values: [1n, 2n, 3n, 4n] }).ok, false);
  });

  it('Windows program: bpf_printk becomes an event with pc; a bad format returns -1', () => {
    const src = `${pushString('n=%d')}
mov %r3, 7
call 13
${pushString('bad %s')}
mov %r3, 7
call 13
exit`;
    const streamed: string[] = [];
    const vm = new Vm(program(windowsProfile, src), { onPrintk: (e) => streamed.push(e.text ?? `error: ${e.error}`) });
    const r = vm.run();
    assert.equal(r.printk.length, 2);
    assert.equal(streamed.length, 2);
    assert.equal(streamed[0], 'n=7');
    assert.equal(at(r.printk, 0).text, 'n=7');
    assert.equal(typeof at(r.printk, 0).pc, 'number');
    assert.equal(at(r.printk, 1).text, undefined);
    assert.match(at(r.printk, 1).error ?? '', /unsupported conversion/);
    assert.equal(BigInt.asIntN(32, r.returnValue), -1n);
  });

  it('Linux program: bpf_trace_printk returns the length written', () => {
    const src = `${pushString('x=%u\n')}
mov %r3, 12
call 6
exit`;
    const r = new Vm(program(linuxProfile, src)).run();
    assert.equal(at(r.printk, 0).text, 'x=12\n');
    assert.equal(r.returnValue, 5n);
  });
});

describe('tail calls', () => {
  const maps = [{ name: 'jmp', type: 'prog_array', keySize: 4, valueSize: 4, maxEntries: 4 }];
  const caller = (id: number) => `lddw %r2, map:jmp
mov %r3, 0
call ${id}
mov %r0, 99
exit`;

  it('Windows: deferred — the caller finishes, then the target runs and its result counts', () => {
    const p0 = program(windowsProfile, caller(5), { type: 'xdp', maps, name: 'first' });
    const p1 = program(windowsProfile, 'mov %r0, 2\nexit', { type: 'xdp', maps, name: 'second' });
    const vm = new Vm([p0, p1]);
    vm.loadMaps({ jmp: [{ key: '00000000', value: '01000000' }] });
    const r = vm.run({ packet: ETH });
    assert.deepEqual(r.programs, ['first', 'second']);
    assert.equal(r.returnValue, 2n);
    assert.equal(r.returnName, 'XDP_DROP');
  });

  it('Linux: immediate — the code after a successful tail call never runs', () => {
    const p0 = program(linuxProfile, caller(12), { type: 'xdp', maps, name: 'first' });
    const p1 = program(linuxProfile, 'mov %r0, 1\nexit', { type: 'xdp', maps, name: 'second' });
    const vm = new Vm([p0, p1]);
    vm.loadMaps({ jmp: [{ key: '00000000', value: '01000000' }] });
    const r = vm.run({ packet: ETH });
    assert.equal(r.returnValue, 1n);
    assert.equal(r.returnName, 'XDP_DROP');
  });

  it('an empty slot falls through', () => {
    const p0 = program(linuxProfile, caller(12), { type: 'xdp', maps });
    const r = new Vm([p0]).run({ packet: ETH });
    assert.equal(r.returnValue, 99n);
  });

  it('a chain stops after the platform limit (33)', () => {
    const self = program(linuxProfile, `lddw %r2, map:jmp\nmov %r3, 0\ncall 12\nmov %r0, 2\nexit`, {
      type: 'xdp',
      maps,
    });
    const vm = new Vm([self]);
    vm.loadMaps({ jmp: [{ key: '00000000', value: '00000000' }] });
    const r = vm.run({ packet: ETH });
    assert.equal(r.returnValue, 2n);
    // 33 tail calls succeed, the 34th fails and falls through; lddw counts as one instruction.
    assert.equal(r.instructions, 34 * 3 + 2);
  });
});

describe('other helpers', () => {
  it('prandom is repeatable for a seed', () => {
    const p = program(linuxProfile, 'call 7\nexit');
    const a = new Vm(p, { seed: 5 }).run().returnValue;
    assert.equal(new Vm(p, { seed: 5 }).run().returnValue, a);
    assert.notEqual(new Vm(p, { seed: 6 }).run().returnValue, a);
  });

  it('ktime uses a configurable clock; boot includes suspended time', () => {
    const p = program(windowsProfile, 'call 9\nmov %r6, %r0\ncall 7\nsub %r0, %r6\nexit');
    const r = new Vm(p, { clock: { startNs: 1000n, stepNs: 10n, suspendedNs: 500n } }).run();
    assert.equal(r.returnValue, 510n);
  });

  it('pid/tgid and uid/gid come from the configured process', () => {
    const p = program(linuxProfile, 'call 14\nexit');
    const r = new Vm(p, { process: { pid: 3, tgid: 9 } }).run();
    assert.equal(r.returnValue, (9n << 32n) | 3n);
  });

  it('csum_diff sums 32-bit words; sizes must be multiples of 4', () => {
    const src = `stw [%r10-4], 0x01000000
stw [%r10-8], 0x02000000
mov %r1, %r10
add %r1, -4
mov %r2, 4
mov %r3, %r10
add %r3, -8
mov %r4, 4
mov %r5, 0
call 28
exit`;
    const r = new Vm(program(linuxProfile, src)).run();
    assert.equal(r.returnValue, 0x01000000n); // ~0x01000000 + 0x02000000, end-around carry
    const bad = new Vm(program(linuxProfile, src.replace('mov %r2, 4', 'mov %r2, 3'))).run();
    assert.equal(BigInt.asIntN(64, bad.returnValue), -22n);
  });

  it('xdp_adjust_head grows the packet at the front; adjust_tail trims it', () => {
    const src = `mov %r6, %r1
mov %r2, -4
call 44
mov %r1, %r6
mov %r2, -2
call 65
mov %r0, 2
exit`;
    const r = new Vm(program(linuxProfile, src, { type: 'xdp' })).run({ packet: ETH });
    assert.equal(r.error, undefined);
    assert.equal(r.packet?.length, ETH.length + 2);
    assert.equal(hex(r.packet?.subarray(4)), hex(ETH.subarray(0, ETH.length - 2)));
  });

  it('xdp_adjust_head refuses to shrink below an Ethernet header', () => {
    const r = new Vm(program(linuxProfile, 'mov %r2, 30\ncall 44\nexit', { type: 'xdp' })).run({ packet: ETH });
    assert.equal(BigInt.asIntN(64, r.returnValue), -22n);
  });

  it('ld_abs / ld_ind read big-endian; out of bounds ends the program with 0', () => {
    const src = `mov %r6, %r1
ldabsh 12
mov %r7, %r0
mov %r8, 14
ldindb %r8, 9
lsh %r7, 8
or %r0, %r7
exit`;
    const p = program(linuxProfile, src, { type: 'socket_filter' });
    assert.equal(new Vm(p).run({ packet: ETH }).returnValue, 0x080011n);
    const oob = program(linuxProfile, 'mov %r6, %r1\nmov %r0, 5\nldabsw 1000\nmov %r0, 7\nexit', {
      type: 'socket_filter',
    });
    const r = new Vm(oob).run({ packet: ETH });
    assert.equal(r.error, undefined);
    assert.equal(r.returnValue, 0n);
  });

  it('fib_lookup answers from the configured route table', () => {
    const src = `stb [%r10-64], 2
stw [%r10-32], 0x0200000a
mov %r6, %r1
mov %r2, %r10
add %r2, -64
mov %r3, 64
mov %r4, 0
call 69
ldxw %r1, [%r10-56]
lsh %r1, 8
or %r0, %r1
exit`;
    const p = program(linuxProfile, src, { type: 'xdp' });
    const routes = [{ dst: '10.0.0.2', ifindex: 3, smac: '02:00:00:00:00:01', dmac: '02:00:00:00:00:02' }];
    assert.equal(new Vm(p, { fibRoutes: routes }).run({ packet: ETH }).returnValue, 0x300n);
    assert.equal(new Vm(p).run({ packet: ETH }).returnValue, 4n);
  });

  it('Windows memset/memcpy_s helpers (24, 22)', () => {
    const src = `mov %r1, %r10
add %r1, -8
mov %r2, 8
mov %r3, 0xab
call 24
mov %r1, %r10
add %r1, -16
mov %r2, 8
mov %r3, %r10
add %r3, -8
mov %r4, 8
call 22
ldxdw %r0, [%r10-16]
exit`;
    assert.equal(new Vm(program(windowsProfile, src)).run().returnValue, 0xababababababababn & 0xffffffffn);
  });
});

describe('program arrays named by program', () => {
  it('loadMaps accepts { key, program } for a prog_array', () => {
    const maps = [{ name: 'jmp', type: 'prog_array', keySize: 4, valueSize: 4, maxEntries: 4 }];
    const p0 = program(linuxProfile, 'lddw %r2, map:jmp\nmov %r3, 0\ncall 12\nmov %r0, 99\nexit', {
      type: 'xdp',
      maps,
      name: 'first',
    });
    const p1 = program(linuxProfile, 'mov %r0, 3\nexit', { type: 'xdp', maps, name: 'second' });
    const vm = new Vm([p0, p1]);
    vm.loadMaps({ jmp: [{ key: '00000000', program: 'second' }] });
    assert.equal(vm.run({ packet: ETH }).returnName, 'XDP_TX');
    assert.throws(() => vm.loadMaps({ jmp: [{ key: '00000000', program: 'nope' }] }), /no program named 'nope'/);
  });
});
