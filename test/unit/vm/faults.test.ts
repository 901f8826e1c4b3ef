// Every way a program can misbehave at run time ends in a documented error, and the VM (and the
// host process) carries on: the same Vm runs the next input normally.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { linuxProfile, windowsProfile } from '../../../core/platform/index';
import { BudgetExceeded, VmError, VmFault } from '../../../core/vm/errors';
import { Vm } from '../../../core/vm/vm';
import { bytes, program } from './support';

const ETH = bytes('020000000001020000000002080045000014000000004006000000000000000000000000');

function fault(r: { error?: VmError | undefined }): VmFault {
  assert.ok(r.error instanceof VmFault, `expected a VmFault, got ${r.error?.message ?? 'no error'}`);
  return r.error;
}

describe('memory faults', () => {
  it('stack: read below the 512-byte frame names the frame and the offset', () => {
    const vm = new Vm(program(windowsProfile, 'ldxdw %r0, [%r10-520]\nexit'));
    const f = fault(vm.run());
    assert.equal(f.region, 'stack frame 0');
    assert.equal(f.offset, -8);
    assert.equal(f.location?.pc, 0);
    assert.match(f.message, /8-byte read/);
  });

  it('stack: write above the frame top', () => {
    const vm = new Vm(program(windowsProfile, 'stw [%r10], 1\nexit'));
    const f = fault(vm.run());
    assert.equal(f.region, 'stack frame 0');
    assert.equal(f.offset, 512);
    assert.equal(f.write, true);
  });

  it('ctx: read past the end of xdp_md', () => {
    const vm = new Vm(program(windowsProfile, 'ldxw %r0, [%r1+32]\nexit', { type: 'xdp' }));
    const f = fault(vm.run({ packet: ETH }));
    assert.equal(f.region, 'ctx (xdp_md)');
    assert.match(f.message, /outside ctx/);
  });

  it('ctx: store to a read-only field is refused', () => {
    const vm = new Vm(program(windowsProfile, 'stdw [%r1+0], 0\nexit', { type: 'xdp' }));
    const f = fault(vm.run({ packet: ETH }));
    assert.match(f.message, /field 'data' of xdp_md is read-only/);
  });

  it('ctx: a writable field can be stored to', () => {
    const vm = new Vm(program(windowsProfile, 'stw [%r1+24], 7\nldxw %r0, [%r1+24]\nexit', { type: 'xdp' }));
    const r = vm.run({ packet: ETH });
    assert.equal(r.error, undefined);
    assert.equal(r.returnValue, 7n);
  });

  it('packet: read one byte past data_end', () => {
    const src = `ldxdw %r2, [%r1+0]
ldxdw %r3, [%r1+8]
sub %r3, %r2
add %r2, %r3
ldxb %r0, [%r2]
exit`;
    const vm = new Vm(program(windowsProfile, src, { type: 'xdp' }));
    const f = fault(vm.run({ packet: ETH }));
    assert.equal(f.region, 'packet');
    assert.match(f.message, /1-byte read/);
  });

  it('packet: write before data (no metadata) is refused', () => {
    const vm = new Vm(program(windowsProfile, 'ldxdw %r2, [%r1+0]\nstb [%r2-1], 0\nexit', { type: 'xdp' }));
    const f = fault(vm.run({ packet: ETH }));
    assert.equal(f.region, 'packet');
    assert.equal(f.write, true);
  });

  it('map value: read past the value', () => {
    const src = `stw [%r10-4], 0
mov %r2, %r10
add %r2, -4
lddw %r1, map:arr
call 1
jeq %r0, 0, out
ldxdw %r0, [%r0+8]
out:
exit`;
    const vm = new Vm(
      program(windowsProfile, src, {
        type: 'xdp',
        maps: [{ name: 'arr', type: 'array', keySize: 4, valueSize: 8, maxEntries: 2 }],
      }),
    );
    const f = fault(vm.run({ packet: ETH }));
    assert.match(f.region ?? '', /map 'arr' value\[0\]/);
    assert.equal(f.offset, 8);
  });

  it('raw memory: write past the buffer', () => {
    const vm = new Vm(program(windowsProfile, 'stxdw [%r1+4], %r1\nexit'));
    const f = fault(vm.run({ memory: new Uint8Array(8) }));
    assert.equal(f.region, 'memory');
    assert.equal(f.offset, 4);
  });

  it('uninitialised pointer: dereferencing a register never written', () => {
    const vm = new Vm(program(windowsProfile, 'ldxw %r0, [%r3+0]\nexit', { type: 'xdp' }));
    const f = fault(vm.run({ packet: ETH }));
    assert.match(f.message, /null or uninitialised pointer dereference/);
    assert.equal(f.region, undefined);
  });

  it('a scalar used as a pointer is not mapped', () => {
    const vm = new Vm(program(windowsProfile, 'lddw %r3, 0x123456789abc\nldxw %r0, [%r3+0]\nexit'));
    const f = fault(vm.run());
    assert.match(f.message, /not mapped/);
  });

  it('stack overflow of a callee frame does not reach the caller frame', () => {
    // The callee writes 8 bytes above its own frame top: that is not the caller's stack.
    const src = `call local f
exit
f:
stdw [%r10+0], 1
exit`;
    const vm = new Vm(program(windowsProfile, src));
    const f = fault(vm.run());
    assert.equal(f.region, 'stack frame 1');
  });
});

describe('control faults', () => {
  it('call depth: recursion beyond 8 frames', () => {
    const vm = new Vm(program(windowsProfile, 'f:\ncall local f\nexit'));
    const r = vm.run();
    assert.ok(r.error instanceof VmError && !(r.error instanceof VmFault));
    assert.match(r.error.message, /call depth exceeds 8 frames/);
  });

  it('instruction budget: an endless loop stops with BudgetExceeded', () => {
    const vm = new Vm(program(windowsProfile, 'l:\nja l\nexit'), { budget: 5000 });
    const r = vm.run();
    assert.ok(r.error instanceof BudgetExceeded);
    assert.equal(r.error.budget, 5000);
    assert.equal(r.instructions, 5000);
    assert.match(r.error.message, /instruction budget of 5000 exhausted/);
  });

  it('unknown helper names the id and the platform', () => {
    const vm = new Vm(program(linuxProfile, 'call 9999\nexit'));
    const r = vm.run();
    assert.match(r.error?.message ?? '', /unknown helper 9999 on platform linux/);
  });

  it('a helper the VM does not implement names it', () => {
    const vm = new Vm(program(linuxProfile, 'call 4\nexit'));
    assert.match(
      vm.run().error?.message ?? '',
      /helper 4 \(bpf_probe_read\) is not implemented by the VM on platform linux/,
    );
  });

  it('the same VM runs the next input normally after a fault', () => {
    const vm = new Vm(program(windowsProfile, 'ldxb %r0, [%r1+3]\nexit'));
    assert.ok(vm.run({ memory: new Uint8Array(2) }).error instanceof VmFault);
    const ok = vm.run({ memory: Uint8Array.of(1, 2, 3, 4) });
    assert.equal(ok.error, undefined);
    assert.equal(ok.returnValue, 4n);
  });

  it('an unexpected exception inside a helper becomes a VmError naming the pc', () => {
    const boom = new Map([
      [
        7,
        () => {
          throw new RangeError('boom');
        },
      ],
    ]);
    const vm = new Vm(program(linuxProfile, 'mov %r0, 1\ncall 7\nexit'), { helperOverrides: boom });
    const r = vm.run();
    assert.ok(r.error instanceof VmError);
    assert.match(r.error.message, /internal error while running the program: boom at pc 1/);
  });
});
