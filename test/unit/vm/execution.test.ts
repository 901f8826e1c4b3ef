// The debugger's interface: stepping, breakpoints, registers, memory, frames, step-back.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { windowsProfile } from '../../../core/platform/index';
import { Vm } from '../../../core/vm/vm';
import { program } from './support';
import { at } from '../../support/at';

const CALLS = `mov %r6, 7
mov %r1, 5
call local double
add %r0, %r6
exit
double:
mov %r6, 100
stxdw [%r10-8], %r1
ldxdw %r0, [%r10-8]
add %r0, %r0
exit`;

describe('Execution (stepping API)', () => {
  it('steps one instruction at a time and reports registers', () => {
    const vm = new Vm(program(windowsProfile, CALLS));
    const ex = vm.start();
    assert.equal(ex.pc, 0);
    ex.step();
    assert.equal(ex.register(6), 7n);
    assert.equal(ex.pc, 1);
    ex.step();
    ex.step(); // the call
    assert.equal(ex.pc, 5);
    const frames = ex.frames();
    assert.equal(frames.length, 2);
    assert.equal(at(frames, 0).returnPc, 3);
    assert.equal(at(frames, 1).pc, 5);
    assert.notEqual(at(frames, 0).frameTop, at(frames, 1).frameTop);
  });

  it('restores r6-r9 of the caller and returns the result', () => {
    const vm = new Vm(program(windowsProfile, CALLS));
    const r = vm.run();
    assert.equal(r.returnValue, 17n);
  });

  it('stops at breakpoints and continues to the end', () => {
    const vm = new Vm(program(windowsProfile, CALLS));
    const ex = vm.start();
    let s = ex.continue({ breakpoints: [6] });
    assert.equal(s.reason, 'breakpoint');
    assert.equal(s.pc, 6);
    assert.equal(ex.machine.depth, 1);
    // The callee's stack frame holds r1 after the store.
    s = ex.continue({ breakpoints: [7] });
    assert.equal(s.pc, 7);
    const top = at(ex.frames(), 1).frameTop;
    assert.deepEqual([...ex.readMemory(top - 8n, 8)], [5, 0, 0, 0, 0, 0, 0, 0]);
    s = ex.continue();
    assert.equal(s.state, 'exited');
    assert.equal(ex.result.returnValue, 17n);
  });

  it('writes registers and memory from outside', () => {
    const vm = new Vm(program(windowsProfile, CALLS));
    const ex = vm.start();
    ex.continue({ breakpoints: [7] });
    const top = at(ex.frames(), 1).frameTop;
    ex.writeMemory(top - 8n, Uint8Array.of(21, 0, 0, 0, 0, 0, 0, 0));
    const s = ex.continue();
    assert.equal(s.state, 'exited');
    assert.equal(ex.result.returnValue, 49n);
  });

  it('runs until a predicate holds', () => {
    const vm = new Vm(program(windowsProfile, 'mov %r0, 0\nl:\nadd %r0, 1\njlt %r0, 100, l\nexit'));
    const ex = vm.start();
    const s = ex.continue({ until: (e) => e.register(0) === 42n });
    assert.equal(s.reason, 'predicate');
    assert.equal(ex.register(0), 42n);
  });

  it('steps back over register changes, stores and calls', () => {
    const vm = new Vm(program(windowsProfile, CALLS));
    const ex = vm.start();
    ex.enableHistory();
    for (let i = 0; i < 5; i++) ex.step();
    assert.equal(ex.pc, 7);
    const top = at(ex.frames(), 1).frameTop;
    assert.equal(ex.readMemory(top - 8n, 1)[0], 5);
    assert.ok(ex.stepBack()); // undo the store
    assert.equal(ex.pc, 6);
    assert.equal(ex.readMemory(top - 8n, 1)[0], 0);
    assert.ok(ex.stepBack()); // undo mov r6, 100
    assert.equal(ex.register(6), 7n);
    assert.ok(ex.stepBack()); // undo the call
    assert.equal(ex.pc, 2);
    assert.equal(ex.frames().length, 1);
    const s = ex.continue();
    assert.equal(s.state, 'exited');
    assert.equal(ex.result.returnValue, 17n);
  });

  it('reports a fault as a stop with the error and keeps the state inspectable', () => {
    const vm = new Vm(program(windowsProfile, 'mov %r2, 9\nldxw %r0, [%r3]\nexit'));
    const ex = vm.start();
    const s = ex.continue();
    assert.equal(s.state, 'faulted');
    assert.equal(s.pc, 1);
    assert.match(s.error?.message ?? '', /at pc 1/);
    assert.equal(ex.register(2), 9n);
  });

  it('lists the regions of the address space', () => {
    const vm = new Vm(program(windowsProfile, 'exit'));
    const ex = vm.start({ memory: new Uint8Array(16) });
    const names = ex.regions().map((r) => r.name);
    assert.ok(names.includes('memory'));
    assert.ok(names.includes('stack frame 0'));
  });
});

describe('Execution across tail calls', () => {
  it('stops at a breakpoint in the tail-called program', async () => {
    const { linuxProfile } = await import('../../../core/platform/index');
    const maps = [{ name: 'jmp', type: 'prog_array', keySize: 4, valueSize: 4, maxEntries: 2 }];
    const p0 = program(linuxProfile, 'lddw %r2, map:jmp\nmov %r3, 0\ncall 12\nmov %r0, 99\nexit', {
      type: 'xdp',
      maps,
      name: 'first',
    });
    const p1 = program(linuxProfile, 'mov %r0, 1\nadd %r0, 2\nexit', { type: 'xdp', maps, name: 'second' });
    const vm = new Vm([p0, p1]);
    vm.loadMaps({ jmp: [{ key: '00000000', program: 'second' }] });
    const ex = vm.start({ packet: new Uint8Array(14) });
    const s = ex.continue({ programBreakpoints: new Map([[p1, [1]]]) });
    assert.equal(s.reason, 'breakpoint');
    assert.equal(ex.program.name, 'second');
    assert.equal(ex.pc, 1);
    assert.equal(ex.register(0), 1n);
    assert.equal(ex.continue().state, 'exited');
    assert.equal(ex.result.returnValue, 3n);
  });
});
