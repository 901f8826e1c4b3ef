// Dynptrs on the stack (core/verifier/stackObjects.ts) on assembled Linux programs: the slots'
// state as hover shows it, joins of paths that made the object at different calls or not at all,
// and the value domain's join and order of stack objects.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Asm, errors, linuxProfile } from './builder';
import { type StackObject, type Value, T, joinValue, leqValue } from '../../../core/verifier/value';

const RESERVE_DYNPTR = 198;
const SUBMIT_DYNPTR = 199;
const DYNPTR_FROM_MEM = 197;

/** r1 = the ring buffer map, r2 = 8, r3 = 0, r4 = fp-16; then bpf_ringbuf_reserve_dynptr. */
function reserve(a: Asm, rb: number): Asm {
  return a.ldmap(1, rb).mov(2, 8).mov(3, 0).movr(4, 10).alu64('add', 4, -16).call(RESERVE_DYNPTR);
}

function submit(a: Asm): Asm {
  return a.movr(1, 10).alu64('add', 1, -16).mov(2, 0).call(SUBMIT_DYNPTR);
}

function ringbufs(a: Asm): [number, number] {
  return [a.map('rb1', 0, 0, 'ringbuf', linuxProfile), a.map('rb2', 0, 0, 'ringbuf', linuxProfile)];
}

describe('stack dynptrs', () => {
  it('shows the dynptr in its two slots, with the reference, on hover', () => {
    const a = new Asm();
    const [rb] = ringbufs(a);
    reserve(a, rb);
    const callPc = a.instructions().at(-1)?.pc ?? -1;
    submit(a).mov(0, 2).exit();
    const r = a.verify(linuxProfile, 'xdp');
    assert.deepEqual(errors(r), []);
    const slots = r.stateAt(callPc + 1)?.stack.filter((x) => x.type.startsWith('dynptr_')) ?? [];
    assert.deepEqual(
      slots.map((x) => `${x.name} ${x.type} ${x.value}`),
      [
        `fp-16 dynptr_ringbuf initialised, reference from pc ${callPc}, slot 1 of 2`,
        `fp-8 dynptr_ringbuf initialised, reference from pc ${callPc}, slot 2 of 2`,
      ],
    );
  });

  it('joins a dynptr reserved at either of two calls into one that holds a record on both paths', () => {
    const a = new Asm();
    const [rb1, rb2] = ringbufs(a);
    a.call(7).jmp('jeq', 0, 0, 'other'); // bpf_get_prandom_u32
    reserve(a, rb1).ja('join').label('other');
    reserve(a, rb2).label('join');
    submit(a).mov(0, 2).exit();
    assert.deepEqual(errors(a.verify(linuxProfile, 'xdp')), []);
  });

  it('refuses a dynptr made on one path only', () => {
    const a = new Asm();
    const [rb] = ringbufs(a);
    a.call(7).jmp('jeq', 0, 0, 'join');
    reserve(a, rb).label('join');
    submit(a).mov(0, 2).exit();
    assert.deepEqual(errors(a.verify(linuxProfile, 'xdp')), ['stack-object']);
  });

  it('refuses bpf_dynptr_from_mem over the stack', () => {
    const a = new Asm()
      .st(8, 10, -24, 0)
      .movr(1, 10)
      .alu64('add', 1, -24)
      .mov(2, 8)
      .mov(3, 0)
      .movr(4, 10)
      .alu64('add', 4, -16)
      .call(DYNPTR_FROM_MEM)
      .mov(0, 2)
      .exit();
    assert.deepEqual(errors(a.verify(linuxProfile, 'xdp')), ['helper-argument']);
  });
});

describe('stack objects in the value domain', () => {
  const dynptr = (refs: number[], part = 0): Value => ({
    t: T.stackObj,
    obj: { kind: 'dynptr', dynptr: 'ringbuf', refs, part, rdonly: false },
  });
  const iter = (refs: number[]): Value => ({ t: T.stackObj, obj: { kind: 'iter', iter: 'num', refs, part: 0 } });

  it('joins the references of the same kind of object and orders by them', () => {
    const j = joinValue(dynptr([4]), dynptr([9]));
    assert.deepEqual((j.obj as StackObject).refs, [4, 9]);
    assert.ok(leqValue(dynptr([4]), j));
    assert.ok(!leqValue(j, dynptr([4])));
  });

  it('makes a slot holding different kinds of object on two paths unusable', () => {
    assert.equal(joinValue(dynptr([4]), iter([4])).t, T.uninit);
    assert.equal(joinValue(dynptr([4], 0), dynptr([4], 1)).t, T.uninit);
  });
});
