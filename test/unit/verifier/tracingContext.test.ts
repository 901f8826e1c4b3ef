// The BTF-typed tracing context (tp_btf, fentry, fexit, fmod_ret, lsm) without debug info: u64
// argument slots, read-only, read from the start of a slot, at most 12; an argument no BPF_PROG
// declaration types is assumed to be a kernel pointer (loads through it are allowed, stores not).
// test/fixtures/verifier/linux/tp-btf-*.c check the same rules, with DWARF, against the kernel.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Asm, linuxProfile } from './builder';

const errors = (a: Asm, section = 'tp_btf/sched_switch') =>
  a
    .verify(linuxProfile, section)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => d.code);

describe('BTF-typed tracing context', () => {
  it('reads any of the 12 slots, narrower reads from a slot start too', () => {
    assert.deepEqual(errors(new Asm().ldx(8, 0, 1, 88).exit()), []);
    assert.deepEqual(errors(new Asm().ldx(4, 0, 1, 8).exit()), []);
  });

  it('refuses slot 12, a read inside a slot and any store', () => {
    assert.deepEqual(errors(new Asm().ldx(8, 0, 1, 96).exit()), ['context-out-of-bounds']);
    assert.deepEqual(errors(new Asm().ldx(4, 0, 1, 4).exit()), ['context-out-of-bounds']);
    assert.deepEqual(errors(new Asm().st(8, 1, 0, 1).mov(0, 0).exit()), ['context-read-only']);
  });

  it('reads through an undeclared argument as a kernel pointer, and refuses stores through it', () => {
    assert.deepEqual(errors(new Asm().ldx(8, 1, 1, 8).ldx(4, 0, 1, 16).exit()), []);
    assert.deepEqual(errors(new Asm().ldx(8, 1, 1, 8).st(4, 1, 16, 0).mov(0, 0).exit()), ['invalid-pointer-type']);
  });

  it('applies the same model to fentry, fexit, fmod_ret and lsm', () => {
    for (const section of ['fentry/f', 'fexit/f', 'fmod_ret/f', 'lsm/file_open'])
      assert.deepEqual(errors(new Asm().ldx(8, 1, 1, 0).ldx(4, 0, 1, 0).mov(0, 0).exit(), section), [], section);
  });
});
