// Precise domain behaviour on assembled programs: intervals carried through registers, branch
// refinement, widening and narrowing on loops, stack slot tracking, packet ranges, NULL checks,
// calls. States are read back with stateAt(pc).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Asm, errors, linuxProfile, windowsProfile } from './builder';
import type { VerificationResult } from '../../../core/verifier/types';

function reg(r: VerificationResult, pc: number, name: string): string {
  const s = r.stateAt(pc);
  assert.ok(s, `no state at pc ${pc}`);
  const v = s.registers.find((x) => x.name === name);
  return v ? `${v.type} ${v.value}`.trim() : 'uninit';
}

function slot(r: VerificationResult, pc: number, name: string): string | undefined {
  const v = r.stateAt(pc)?.stack.find((x) => x.name === name);
  return v ? `${v.type} ${v.value}`.trim() : undefined;
}

/** r2 = data, r3 = data_end (Windows xdp_md: 8-byte pointers at 0 and 8). */
function packet(a: Asm): Asm {
  return a.ldx(8, 2, 1, 0).ldx(8, 3, 1, 8);
}

describe('verifier domain: values through instructions', () => {
  it('tracks constants and intervals through ALU operations and exposes them per pc', () => {
    const a = new Asm()
      .mov(1, 5)
      .alu64('mul', 1, 3)
      .alu64('add', 1, -1)
      .mov(2, 0x10)
      .alu32('lsh', 2, 4)
      .mov(0, 1)
      .exit();
    const r = a.verify();
    assert.equal(reg(r, 5, 'r1'), 'number =14');
    assert.equal(reg(r, 5, 'r2'), 'number =256');
  });

  it('refines both branches of a comparison and joins them back', () => {
    // r1 = u8 from the ctx; if r1 > 100 goto +1; (r1 in [0,100]) ... join: [0,255]
    const a = new Asm().ldx(1, 1, 1, 24).jmp('jgt', 1, 100, 'big').mov(0, 1).exit().label('big').mov(0, 2).exit();
    const r = a.verify();
    assert.equal(reg(r, 2, 'r1'), 'number [0, 100]');
    assert.equal(reg(r, 4, 'r1'), 'number [101, 255]');
  });

  it('refines signed comparisons (jsgt / jslt) on sign-extended values', () => {
    const a = new Asm().ldxsx(1, 1, 1, 12).jmp('jslt', 1, 0, 'neg').mov(0, 1).exit().label('neg').mov(0, 2).exit();
    const r = a.verify(linuxProfile, 'xdp');
    assert.equal(reg(r, 2, 'r1'), 'number [0, 127]');
    assert.equal(reg(r, 4, 'r1'), 'number s[-128, -1] u[18446744073709551488, 18446744073709551615]');
  });

  it('a branch on one copy refines the other copy (mov shares an id)', () => {
    const a = new Asm()
      .ldx(4, 1, 1, 24)
      .movr(2, 1)
      .jmp('jgt', 2, 7, 'out')
      .mov(0, 1)
      .exit()
      .label('out')
      .mov(0, 2)
      .exit();
    const r = a.verify();
    assert.equal(reg(r, 3, 'r1'), 'number [0, 7]');
  });

  it('a counted loop converges; narrowing recovers the bound after the loop', () => {
    // r1 = 0; loop: r1 += 1; if r1 < 10 goto loop; exit with r1 == 10 known.
    const a = new Asm().mov(1, 0).label('loop').alu64('add', 1, 1).jmp('jlt', 1, 10, 'loop').movr(0, 1).exit();
    const r = a.verify();
    assert.equal(r.verdict, 'pass');
    assert.equal(reg(r, 1, 'r1'), 'number [0, 9]', 'loop head invariant');
    assert.equal(reg(r, 3, 'r1'), 'number =10', 'after the loop');
  });

  it('a loop with a variable bound still converges (widening) and terminates', () => {
    const a = new Asm()
      .ldx(1, 4, 1, 24) // bound in [0, 255]
      .mov(1, 0)
      .label('loop')
      .alu64('add', 1, 1)
      .jmpr('jlt', 1, 4, 'loop')
      .mov(0, 1)
      .exit();
    const r = a.verify();
    assert.equal(r.verdict, 'pass', JSON.stringify(r.diagnostics));
    assert.equal(reg(r, 4, 'r1'), 'number [1, 255]');
  });
});

describe('verifier domain: stack slots', () => {
  it('spills and fills numbers and pointers with their full value', () => {
    const a = new Asm()
      .mov(2, 42)
      .stx(8, 10, -8, 2) // number spill
      .stx(8, 10, -16, 1) // ctx pointer spill
      .ldx(8, 3, 10, -8)
      .ldx(8, 4, 10, -16)
      .ldx(4, 5, 4, 24) // deref the filled ctx pointer
      .mov(0, 1)
      .exit();
    const r = a.verify();
    assert.equal(r.verdict, 'pass', JSON.stringify(r.diagnostics));
    assert.equal(reg(r, 5, 'r3'), 'number =42');
    assert.equal(reg(r, 5, 'r4'), 'ctx offset 0');
    assert.equal(slot(r, 5, 'fp-8'), 'number =42');
  });

  it('a partial overwrite keeps the other bytes initialised; narrow reads combine constants', () => {
    const a = new Asm().st(8, 10, -8, 0).st(2, 10, -8, 0x1234).ldx(8, 1, 10, -8).ldx(2, 2, 10, -6).mov(0, 1).exit();
    const r = a.verify();
    assert.equal(r.verdict, 'pass', JSON.stringify(r.diagnostics));
    assert.equal(reg(r, 4, 'r1'), 'number =4660');
    assert.equal(reg(r, 4, 'r2'), 'number =0');
  });

  it('a partially overwritten spilled pointer is no longer a pointer', () => {
    const a = new Asm().stx(8, 10, -8, 1).st(1, 10, -8, 0).ldx(8, 2, 10, -8).ldx(4, 0, 2, 0).exit();
    const r = a.verify(linuxProfile, 'xdp');
    assert.deepEqual(errors(r), ['invalid-pointer-type']);
  });

  it('reading bytes never written is an error on Windows, a warning on Linux (privileged)', () => {
    const a = new Asm().ldx(4, 0, 10, -4).mov(0, 2).exit();
    assert.deepEqual(errors(a.verify()), ['uninitialized-stack']);
    const lin = a.verify(linuxProfile, 'xdp');
    assert.equal(lin.verdict, 'pass');
    assert.ok(lin.diagnostics.some((d) => d.code === 'uninitialized-stack' && d.severity === 'warning'));
  });
});

describe('verifier domain: packet ranges', () => {
  it('the classic `data + 14 > data_end` check proves 14 bytes', () => {
    const ok = packet(new Asm())
      .movr(4, 2)
      .alu64('add', 4, 14)
      .jmpr('jgt', 4, 3, 'out')
      .ldx(2, 5, 2, 12)
      .label('out')
      .mov(0, 1)
      .exit();
    const r = ok.verify();
    assert.equal(r.verdict, 'pass', JSON.stringify(r.diagnostics));
    assert.ok(r.stateAt(5)?.facts.includes('packet_size >= 14'));
    const off = packet(new Asm())
      .movr(4, 2)
      .alu64('add', 4, 14)
      .jmpr('jgt', 4, 3, 'out')
      .ldx(2, 5, 2, 13)
      .label('out')
      .mov(0, 1)
      .exit();
    assert.deepEqual(errors(off.verify()), ['packet-out-of-bounds']);
  });

  it('the reversed comparison (data_end < p) and `>=` forms prove the same', () => {
    const lt = packet(new Asm())
      .movr(4, 2)
      .alu64('add', 4, 8)
      .jmpr('jlt', 3, 4, 'out')
      .ldx(8, 5, 2, 0)
      .label('out')
      .mov(0, 1)
      .exit();
    assert.equal(lt.verify().verdict, 'pass');
    const ge = packet(new Asm())
      .movr(4, 2)
      .alu64('add', 4, 8)
      .jmpr('jge', 3, 4, 'in')
      .mov(0, 1)
      .exit()
      .label('in')
      .ldx(8, 5, 2, 0)
      .mov(0, 1)
      .exit();
    assert.equal(ge.verify().verdict, 'pass');
  });

  it('a variable offset bounded by an earlier check, then checked against data_end', () => {
    const a = packet(new Asm())
      .ldx(1, 5, 1, 24) // r5 in [0, 255]
      .jmp('jgt', 5, 40, 'out')
      .movr(4, 2)
      .alu64r('add', 4, 5) // r4 = data + [0,40]
      .movr(6, 4)
      .alu64('add', 6, 4)
      .jmpr('jgt', 6, 3, 'out') // r4 + 4 <= data_end proves 4 bytes at r4 (same base)
      .ldx(4, 0, 4, 0)
      .label('out')
      .mov(0, 1)
      .exit();
    const r = a.verify();
    assert.equal(r.verdict, 'pass', JSON.stringify(r.diagnostics));
    const bad = packet(new Asm())
      .ldx(1, 5, 1, 24)
      .movr(4, 2)
      .alu64r('add', 4, 5)
      .movr(6, 4)
      .alu64('add', 6, 4)
      .jmpr('jgt', 6, 3, 'out')
      .ldx(8, 0, 4, 0)
      .label('out')
      .mov(0, 1)
      .exit();
    assert.deepEqual(errors(bad.verify()), ['packet-out-of-bounds']);
  });

  it('a range proven for the packet start is reused by pointers derived later', () => {
    const a = packet(new Asm())
      .movr(4, 2)
      .alu64('add', 4, 54)
      .jmpr('jgt', 4, 3, 'out')
      .movr(5, 2)
      .alu64('add', 5, 34)
      .ldx(4, 0, 5, 16)
      .label('out')
      .mov(0, 1)
      .exit();
    assert.equal(a.verify().verdict, 'pass');
  });

  it('pointers checked to different lengths on two paths keep their own room after the join', () => {
    // Path A: check 54 bytes, p = data+50; path B: check 42 bytes, p = data+40; read 2 bytes at p.
    const a = packet(new Asm())
      .ldx(1, 5, 1, 24)
      .jmp('jeq', 5, 6, 'tcp')
      .movr(4, 2)
      .alu64('add', 4, 42)
      .jmpr('jgt', 4, 3, 'out')
      .movr(6, 2)
      .alu64('add', 6, 40)
      .ja('use')
      .label('tcp')
      .movr(4, 2)
      .alu64('add', 4, 54)
      .jmpr('jgt', 4, 3, 'out')
      .movr(6, 2)
      .alu64('add', 6, 50)
      .label('use')
      .ldx(2, 0, 6, 0)
      .label('out')
      .mov(0, 1)
      .exit();
    const r = a.verify();
    assert.equal(r.verdict, 'pass', JSON.stringify(r.diagnostics));
  });

  it('Linux xdp_md has 4-byte data/data_end fields', () => {
    const a = new Asm()
      .ldx(4, 2, 1, 0)
      .ldx(4, 3, 1, 4)
      .movr(4, 2)
      .alu64('add', 4, 1)
      .jmpr('jgt', 4, 3, 'out')
      .ldx(1, 0, 2, 0)
      .label('out')
      .mov(0, 2)
      .exit();
    assert.equal(a.verify(linuxProfile, 'xdp').verdict, 'pass');
  });
});

describe('verifier domain: map value pointers into different regions', () => {
  /** r6 = the 6-byte value of map a, or offset 32 of map b's 40-byte value; then `use`. */
  function joined(use: (a: Asm) => Asm): Asm {
    const a = new Asm();
    const small = a.map('small', 4, 6, 'array', linuxProfile);
    const big = a.map('big', 4, 40, 'array', linuxProfile);
    a.ldx(4, 5, 1, 16).jmp('jeq', 5, 0, 'big').ldmapval(6, small, 0).ja('use').label('big').ldmapval(6, big, 32);
    return use(a.label('use')).mov(0, 2).exit();
  }

  it('the join keeps the bytes left past the pointer on every path (6), not the smallest size past the largest offset', () => {
    assert.equal(joined((a) => a.ldx(2, 1, 6, 4)).verify(linuxProfile, 'xdp').verdict, 'pass');
    assert.deepEqual(errors(joined((a) => a.ldx(1, 1, 6, 6)).verify(linuxProfile, 'xdp')), ['map-value-out-of-bounds']);
  });

  it('moving the joined pointer spends that room', () => {
    const moved = (read: number): Asm => joined((a) => a.alu64('add', 6, 2).ldx(4, 1, 6, read));
    assert.equal(moved(0).verify(linuxProfile, 'xdp').verdict, 'pass');
    assert.deepEqual(errors(moved(1).verify(linuxProfile, 'xdp')), ['map-value-out-of-bounds']);
    assert.deepEqual(errors(joined((a) => a.alu64('add', 6, -1).ldx(1, 1, 6, 0)).verify(linuxProfile, 'xdp')), [
      'map-value-out-of-bounds',
    ]);
  });
});

describe('verifier domain: NULL checks and helpers', () => {
  function lookup(a: Asm, platform = windowsProfile): Asm {
    const m = a.map('m', 4, 16, 'hash', platform);
    return a.st(4, 10, -4, 0).ldmap(1, m).movr(2, 10).alu64('add', 2, -4).call(1);
  }

  it('`if (v == NULL)` refines both branches; copies are refined too', () => {
    const a = lookup(new Asm()).movr(6, 0).jmp('jeq', 0, 0, 'out').ldx(8, 1, 6, 8).label('out').mov(0, 1).exit();
    const r = a.verify();
    assert.equal(r.verdict, 'pass', JSON.stringify(r.diagnostics));
    assert.match(reg(r, 8, 'r6'), /^map_value\(m\) offset 0, size 16$/);
    assert.equal(reg(r, 9, 'r6'), '{number, map_value(m)} =0; offset 0, size 16');
  });

  it('`if (v != NULL)` and `if (v > 0)` work as NULL checks', () => {
    const ne = lookup(new Asm()).jmp('jne', 0, 0, 'use').mov(0, 1).exit().label('use').ldx(8, 1, 0, 0).mov(0, 1).exit();
    assert.equal(ne.verify().verdict, 'pass');
    const gt = lookup(new Asm()).jmp('jgt', 0, 0, 'use').mov(0, 1).exit().label('use').ldx(8, 1, 0, 0).mov(0, 1).exit();
    assert.equal(gt.verify().verdict, 'pass');
  });

  it('a NULL check on a spilled copy refines the register (same id)', () => {
    const a = lookup(new Asm())
      .stx(8, 10, -16, 0)
      .ldx(8, 6, 10, -16)
      .jmp('jeq', 6, 0, 'out')
      .ldx(8, 1, 0, 0)
      .label('out')
      .mov(0, 1)
      .exit();
    assert.equal(a.verify().verdict, 'pass');
  });

  it('after a call r1-r5 are unusable and r0 holds the result', () => {
    const a = new Asm().call(6).movr(0, 1).exit();
    const r = a.verify();
    assert.deepEqual(errors(r), ['uninitialized-register']);
  });

  it('map value accesses are bounded by the value size', () => {
    const ok = lookup(new Asm()).jmp('jeq', 0, 0, 'out').ldx(8, 1, 0, 8).label('out').mov(0, 1).exit();
    assert.equal(ok.verify().verdict, 'pass');
    const bad = lookup(new Asm()).jmp('jeq', 0, 0, 'out').ldx(8, 1, 0, 9).label('out').mov(0, 1).exit();
    assert.deepEqual(errors(bad.verify()), ['map-value-out-of-bounds']);
  });
});

describe('verifier domain: subprograms', () => {
  it('a callee gets its own frame; pointers to the caller frame work; callee-saved registers survive', () => {
    const a = new Asm()
      .mov(6, 7)
      .st(8, 10, -8, 0)
      .movr(1, 10)
      .alu64('add', 1, -8)
      .callLocal('fill')
      .ldx(8, 2, 10, -8)
      .movr(0, 6)
      .exit()
      .label('fill')
      .st(8, 10, -8, 1) // the callee's own frame
      .st(8, 1, 0, 5) // the caller's slot through the pointer
      .mov(0, 0)
      .exit();
    const r = a.verify();
    assert.equal(r.verdict, 'pass', JSON.stringify(r.diagnostics));
    assert.equal(reg(r, 6, 'r2'), 'number =5');
    assert.equal(reg(r, 6, 'r6'), 'number =7');
  });

  it('each call site keeps its own context (no merging of arguments)', () => {
    const a = new Asm()
      .mov(1, 4)
      .callLocal('id')
      .movr(6, 0)
      .mov(1, 8)
      .callLocal('id')
      .movr(7, 0)
      .movr(0, 6)
      .exit()
      .label('id')
      .movr(0, 1)
      .exit();
    const r = a.verify();
    assert.equal(reg(r, 6, 'r6'), 'number =4');
    assert.equal(reg(r, 6, 'r7'), 'number =8');
  });

  it('recursion and too deep call chains are rejected', () => {
    const rec = new Asm().callLocal('f').mov(0, 0).exit().label('f').callLocal('f').mov(0, 0).exit();
    assert.deepEqual(errors(rec.verify()), ['recursion']);
    const deep = new Asm();
    for (let i = 0; i < 9; i++)
      deep
        .label(`f${i}`)
        .callLocal(`f${i + 1}`)
        .mov(0, 0)
        .exit();
    deep.label('f9').mov(0, 0).exit();
    assert.deepEqual(errors(deep.verify()), ['call-depth']);
  });
});
