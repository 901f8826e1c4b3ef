// Every diagnostic code with a failing and a passing variant, on assembled programs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Asm, linuxProfile, windowsProfile } from './builder';
import { at, defined } from '../../support/at';
import { verifyProgram } from '../../../core/verifier/index';
import type { PlatformProfile } from '../../../core/platform/types';
import type { DiagnosticCode, VerificationResult } from '../../../core/verifier/types';
import fs from 'node:fs';
import path from 'node:path';

type Build = (a: Asm, p: PlatformProfile) => Asm;

interface Case {
  code: DiagnosticCode;
  platform: PlatformProfile;
  section?: string;
  bad: Build;
  good: Build;
  /** Severity of the finding in the bad variant (default error). */
  severity?: 'error' | 'warning' | 'info';
  verify?: (a: Asm, p: PlatformProfile, section: string) => VerificationResult;
}

function lookup(a: Asm, p: PlatformProfile, kind: 'hash' | 'ringbuf' = 'hash', valueSize = 16): Asm {
  const m = a.map('m', 4, valueSize, kind, p);
  return a.st(4, 10, -4, 0).ldmap(1, m).movr(2, 10).alu64('add', 2, -4).call(1);
}

const W = windowsProfile;
const L = linuxProfile;
const rangedLinux = defined(
  L.programTypes.find((t) => t.returnRange !== undefined && t.name !== 'xdp'),
  'a Linux program type (other than xdp) with a return range',
);
const [rangedLo, rangedHi] = defined(rangedLinux.returnRange, `the return range of ${rangedLinux.name}`);

const cases: Case[] = [
  {
    code: 'uninitialized-register',
    platform: W,
    bad: (a) => a.movr(0, 2).exit(),
    good: (a) => a.mov(2, 1).movr(0, 2).exit(),
  },
  {
    code: 'uninitialized-stack',
    platform: W,
    bad: (a) => a.ldx(4, 0, 10, -4).exit(),
    good: (a) => a.st(4, 10, -4, 1).ldx(4, 0, 10, -4).exit(),
  },
  {
    code: 'uninitialized-stack',
    platform: W,
    bad: (a, p) => {
      const m = a.map('m', 8, 8, 'hash', p);
      return a.st(4, 10, -8, 0).ldmap(1, m).movr(2, 10).alu64('add', 2, -8).call(1).mov(0, 1).exit(); // 4 key bytes never written
    },
    good: (a, p) => {
      const m = a.map('m', 8, 8, 'hash', p);
      return a.st(8, 10, -8, 0).ldmap(1, m).movr(2, 10).alu64('add', 2, -8).call(1).mov(0, 1).exit();
    },
  },
  {
    code: 'null-dereference',
    platform: W,
    bad: (a, p) => lookup(a, p).ldx(8, 1, 0, 0).mov(0, 1).exit(),
    good: (a, p) => lookup(a, p).jmp('jeq', 0, 0, 'out').ldx(8, 1, 0, 0).label('out').mov(0, 1).exit(),
  },
  {
    code: 'packet-out-of-bounds',
    platform: W,
    bad: (a) =>
      a
        .ldx(8, 2, 1, 0)
        .ldx(8, 3, 1, 8)
        .movr(4, 2)
        .alu64('add', 4, 4)
        .jmpr('jgt', 4, 3, 'out')
        .ldx(8, 0, 2, 0)
        .label('out')
        .mov(0, 1)
        .exit(),
    good: (a) =>
      a
        .ldx(8, 2, 1, 0)
        .ldx(8, 3, 1, 8)
        .movr(4, 2)
        .alu64('add', 4, 8)
        .jmpr('jgt', 4, 3, 'out')
        .ldx(8, 0, 2, 0)
        .label('out')
        .mov(0, 1)
        .exit(),
  },
  {
    code: 'stack-out-of-bounds',
    platform: W,
    bad: (a) => a.st(8, 10, -520, 0).mov(0, 1).exit(),
    good: (a) => a.st(8, 10, -512, 0).mov(0, 1).exit(),
  },
  {
    code: 'stack-out-of-bounds',
    platform: L,
    section: 'xdp',
    bad: (a) => a.st(4, 10, 0, 0).mov(0, 1).exit(),
    good: (a) => a.st(4, 10, -4, 0).mov(0, 1).exit(),
  },
  {
    code: 'context-out-of-bounds',
    platform: W,
    bad: (a) => a.ldx(4, 0, 1, 32).mov(0, 1).exit(),
    good: (a) => a.ldx(4, 0, 1, 24).mov(0, 1).exit(),
  },
  {
    code: 'context-out-of-bounds',
    platform: L,
    section: 'xdp',
    bad: (a) => a.ldx(8, 0, 1, 12).mov(0, 2).exit(),
    good: (a) => a.ldx(4, 0, 1, 12).mov(0, 2).exit(),
  },
  {
    code: 'context-read-only',
    platform: W,
    bad: (a) => a.st(8, 1, 0, 0).mov(0, 1).exit(),
    good: (a) => a.st(4, 1, 24, 0).mov(0, 1).exit(),
  },
  {
    code: 'context-read-only',
    platform: L,
    section: 'xdp',
    bad: (a) => a.st(4, 1, 12, 0).mov(0, 2).exit(),
    good: (a) => a.ldx(4, 0, 1, 12).mov(0, 2).exit(),
  },
  {
    code: 'map-value-out-of-bounds',
    platform: W,
    bad: (a, p) => lookup(a, p).jmp('jeq', 0, 0, 'out').st(4, 0, 14, 1).label('out').mov(0, 1).exit(),
    good: (a, p) => lookup(a, p).jmp('jeq', 0, 0, 'out').st(4, 0, 12, 1).label('out').mov(0, 1).exit(),
  },
  {
    code: 'memory-out-of-bounds',
    platform: L,
    section: 'xdp',
    bad: (a, p) => {
      const rb = a.map('rb', 0, 0, 'ringbuf', p);
      return a
        .ldmap(1, rb)
        .mov(2, 8)
        .mov(3, 0)
        .call(131)
        .jmp('jeq', 0, 0, 'out')
        .st(8, 0, 4, 0)
        .movr(1, 0)
        .mov(2, 0)
        .call(132)
        .label('out')
        .mov(0, 2)
        .exit();
    },
    good: (a, p) => {
      const rb = a.map('rb', 0, 0, 'ringbuf', p);
      return a
        .ldmap(1, rb)
        .mov(2, 8)
        .mov(3, 0)
        .call(131)
        .jmp('jeq', 0, 0, 'out')
        .st(8, 0, 0, 0)
        .movr(1, 0)
        .mov(2, 0)
        .call(132)
        .label('out')
        .mov(0, 2)
        .exit();
    },
  },
  {
    code: 'invalid-pointer-type',
    platform: W,
    bad: (a) => a.mov(1, 64).ldx(4, 0, 1, 0).exit(),
    good: (a) => a.ldx(4, 0, 1, 24).exit(),
  },
  {
    code: 'invalid-pointer-arithmetic',
    platform: W,
    bad: (a) => a.alu64('mul', 1, 2).mov(0, 1).exit(),
    good: (a) => a.alu64('add', 1, 8).mov(0, 1).exit(),
  },
  {
    code: 'invalid-pointer-arithmetic',
    platform: L,
    section: 'xdp',
    bad: (a) => a.alu32('add', 1, 8).mov(0, 2).exit(),
    good: (a) => a.alu64('add', 1, 8).mov(0, 2).exit(),
  },
  {
    code: 'invalid-pointer-comparison',
    platform: W,
    bad: (a) => a.movr(2, 10).jmp('jgt', 2, 5, 'out').label('out').mov(0, 1).exit(),
    good: (a) => a.mov(2, 3).jmp('jgt', 2, 5, 'out').label('out').mov(0, 1).exit(),
  },
  {
    code: 'pointer-leak',
    platform: W,
    bad: (a, p) => lookup(a, p).jmp('jeq', 0, 0, 'out').stx(8, 0, 0, 0).label('out').mov(0, 1).exit(),
    good: (a, p) => lookup(a, p).jmp('jeq', 0, 0, 'out').st(8, 0, 0, 7).label('out').mov(0, 1).exit(),
  },
  {
    code: 'helper-argument',
    platform: W,
    bad: (a) => a.st(4, 10, -4, 0).mov(1, 1).movr(2, 10).alu64('add', 2, -4).call(1).mov(0, 1).exit(),
    good: (a, p) => lookup(a, p).mov(0, 1).exit(),
  },
  {
    code: 'helper-unavailable',
    platform: W,
    bad: (a) => a.call(9999).mov(0, 1).exit(),
    good: (a) => a.call(6).mov(0, 1).exit(),
  },
  {
    code: 'helper-unavailable',
    platform: W,
    section: 'bind',
    bad: (a) => a.call(65536).mov(0, 0).exit(),
    good: (a) => a.call(6).mov(0, 0).exit(),
  },
  {
    code: 'map-type-mismatch',
    platform: L,
    section: 'xdp',
    bad: (a, p) => lookup(a, p, 'ringbuf').mov(0, 2).exit(),
    good: (a, p) => lookup(a, p, 'hash').mov(0, 2).exit(),
  },
  {
    code: 'invalid-size',
    platform: W,
    bad: (a, p) => {
      const rb = a.map('rb', 0, 0, 'ringbuf', p);
      return a
        .st(8, 10, -8, 0)
        .ldmap(1, rb)
        .movr(2, 10)
        .alu64('add', 2, -8)
        .mov(3, 0)
        .mov(4, 0)
        .call(11)
        .mov(0, 1)
        .exit();
    },
    good: (a, p) => {
      const rb = a.map('rb', 0, 0, 'ringbuf', p);
      return a
        .st(8, 10, -8, 0)
        .ldmap(1, rb)
        .movr(2, 10)
        .alu64('add', 2, -8)
        .mov(3, 8)
        .mov(4, 0)
        .call(11)
        .mov(0, 1)
        .exit();
    },
  },
  {
    code: 'division-by-zero',
    platform: { ...W, allowsDivisionByZero: false },
    bad: (a) => a.ldx(4, 2, 1, 24).mov(0, 10).alu64r('div', 0, 2).exit(),
    good: (a) => a.ldx(4, 2, 1, 24).alu64('or', 2, 1).mov(0, 10).alu64r('div', 0, 2).exit(),
  },
  { code: 'invalid-return-value', platform: W, bad: (a) => a.movr(0, 1).exit(), good: (a) => a.mov(0, 1).exit() },
  {
    code: 'invalid-return-value',
    platform: L,
    section: at(rangedLinux.sectionPrefixes, 0, `a section prefix of ${rangedLinux.name}`),
    bad: (a) => a.mov(0, rangedHi + 1).exit(),
    good: (a) => a.mov(0, rangedLo).exit(),
  },
  {
    code: 'unbounded-loop',
    platform: W,
    bad: (a) => a.ldx(4, 2, 1, 24).label('l').jmp('jeq', 2, 0, 'l').mov(0, 1).exit(),
    good: (a) => a.mov(2, 0).label('l').alu64('add', 2, 1).jmp('jlt', 2, 100, 'l').mov(0, 1).exit(),
  },
  {
    code: 'unbounded-loop',
    platform: L,
    section: 'xdp',
    bad: (a) => a.ldx(4, 2, 1, 12).mov(3, 0).label('l').alu64('add', 3, 1).jmpr('jne', 3, 2, 'l').mov(0, 2).exit(),
    good: (a) =>
      a
        .ldx(4, 2, 1, 12)
        .alu64('and', 2, 63)
        .mov(3, 0)
        .label('l')
        .alu64('add', 3, 1)
        .jmpr('jlt', 3, 2, 'l')
        .mov(0, 2)
        .exit(),
  },
  {
    code: 'too-complex',
    platform: W,
    bad: (a) => a.mov(2, 0).label('l').alu64('add', 2, 1).jmp('jlt', 2, 100, 'l').mov(0, 1).exit(),
    good: (a) => a.mov(0, 1).exit(),
    verify: (a, p, s) => verifyProgram(a.program(p, s), { maxIterations: 3 }),
  },
  {
    code: 'too-many-instructions',
    platform: { ...W, maxInstructions: 3 },
    bad: (a) => a.mov(0, 1).mov(0, 1).mov(0, 1).exit(),
    good: (a) => a.mov(0, 1).exit(),
  },
  {
    code: 'call-depth',
    platform: W,
    bad: (a) => {
      for (let i = 0; i < 8; i++)
        a.label(`f${i}`)
          .callLocal(`f${i + 1}`)
          .mov(0, 1)
          .exit();
      return a.label('f8').mov(0, 1).exit();
    },
    good: (a) => {
      for (let i = 0; i < 6; i++)
        a.label(`f${i}`)
          .callLocal(`f${i + 1}`)
          .mov(0, 1)
          .exit();
      return a.label('f6').mov(0, 1).exit();
    },
  },
  {
    code: 'recursion',
    platform: W,
    bad: (a) => a.callLocal('f').mov(0, 1).exit().label('f').callLocal('g').exit().label('g').callLocal('f').exit(),
    good: (a) => a.callLocal('f').mov(0, 1).exit().label('f').callLocal('g').exit().label('g').mov(0, 0).exit(),
  },
  {
    code: 'invalid-instruction',
    platform: W,
    bad: (a) => a.mov(10, 0).mov(0, 1).exit(),
    good: (a) => a.movr(1, 10).mov(0, 1).exit(),
  },
  {
    code: 'invalid-instruction',
    platform: W,
    bad: (a) => a.ldabs(1, 12).mov(0, 1).exit(),
    good: (a) => a.mov(0, 1).exit(),
  },
  { code: 'invalid-jump', platform: W, bad: (a) => a.mov(0, 1), good: (a) => a.mov(0, 1).exit() },
  { code: 'invalid-jump', platform: W, bad: (a) => a.ja(5).mov(0, 1).exit(), good: (a) => a.ja(0).mov(0, 1).exit() },
  {
    code: 'unreachable-code',
    platform: W,
    severity: 'info',
    bad: (a) => a.mov(0, 1).ja(1).mov(0, 2).exit(),
    good: (a) => a.mov(0, 1).exit(),
  },
  {
    code: 'missing-line-info',
    platform: W,
    severity: 'warning',
    bad: (a) => a.mov(0, 1).exit(),
    good: (a) => a.line(3, 'return XDP_PASS;').mov(0, 1).exit(),
  },
  {
    code: 'platform-difference',
    platform: W,
    severity: 'info',
    bad: (a) => a.movr(2, 10).jmp('jgt', 2, 5, 'out').label('out').mov(0, 1).exit(),
    good: (a) => a.movr(2, 10).jmp('jne', 2, 0, 'out').label('out').mov(0, 1).exit(),
  },
  {
    code: 'read-only-memory',
    platform: L,
    section: 'xdp',
    bad: (a, p) => {
      const ro = a.map('.rodata', 4, 8, 'array', p, { readOnly: true, section: '.rodata', origin: 'global-data' });
      return a.ldmapval(1, ro, 0).st(4, 1, 0, 1).mov(0, 2).exit();
    },
    good: (a, p) => {
      const ro = a.map('.rodata', 4, 8, 'array', p, { readOnly: true, section: '.rodata', origin: 'global-data' });
      return a.ldmapval(1, ro, 4).ldx(4, 0, 1, 0).mov(0, 2).exit();
    },
  },
  {
    code: 'unknown-program-type',
    platform: W,
    section: 'from-netdev',
    // The same code in a section no type matches (bad) and in `xdp` (good, told apart by length).
    bad: (a) => a.mov(0, 1).exit(),
    good: (a) => a.mov(0, 2).mov(0, 1).exit(),
    verify: (a, p, s) => verifyProgram(a.program(p, a.instructions().length > 2 ? 'xdp' : s)),
  },
  {
    // A loader without capabilities: bpf_ktime_get_ns (5) is every loader's, bpf_trace_printk (6) root's.
    code: 'needs-privilege',
    platform: L,
    section: 'socket',
    bad: (a) => a.st(8, 10, -8, 0).movr(1, 10).alu64('add', 1, -8).mov(2, 8).call(6).mov(0, 0).exit(),
    good: (a) => a.call(5).mov(0, 0).exit(),
    verify: (a, p, s) => verifyProgram(a.program(p, s), { privileged: false }),
  },
  {
    code: 'unreleased-reference',
    platform: L,
    section: 'xdp',
    bad: (a, p) => {
      const rb = a.map('rb', 0, 0, 'ringbuf', p);
      return a
        .ldmap(1, rb)
        .mov(2, 8)
        .mov(3, 0)
        .call(131)
        .jmp('jeq', 0, 0, 'out')
        .st(8, 0, 0, 0)
        .label('out')
        .mov(0, 2)
        .exit();
    },
    good: (a, p) => {
      const rb = a.map('rb', 0, 0, 'ringbuf', p);
      return a
        .ldmap(1, rb)
        .mov(2, 8)
        .mov(3, 0)
        .call(131)
        .jmp('jeq', 0, 0, 'out')
        .st(8, 0, 0, 0)
        .movr(1, 0)
        .mov(2, 0)
        .call(133)
        .label('out')
        .mov(0, 2)
        .exit();
    },
  },
  {
    code: 'stack-object',
    platform: L,
    section: 'xdp',
    // A dynptr over a map value (bpf_dynptr_from_mem) at fp-16, then its slot read directly (bad).
    bad: (a, p) => dynptrOverValue(a, p).ldx(8, 0, 10, -16).mov(0, 2).label('out').mov(0, 2).exit(),
    good: (a, p) => dynptrOverValue(a, p).mov(0, 2).label('out').mov(0, 2).exit(),
  },
];

function dynptrOverValue(a: Asm, p: PlatformProfile): Asm {
  return lookup(a, p, 'hash', 16)
    .jmp('jeq', 0, 0, 'out')
    .movr(1, 0)
    .mov(2, 16)
    .mov(3, 0)
    .movr(4, 10)
    .alu64('add', 4, -16)
    .call(197);
}

function run(c: Case, build: Build): VerificationResult {
  const a = new Asm();
  if (c.code !== 'missing-line-info') a.line(1, 'int prog(void *ctx)');
  build(a, c.platform);
  const section = c.section ?? 'xdp';
  return c.verify ? c.verify(a, c.platform, section) : verifyProgram(a.program(c.platform, section));
}

describe('verifier diagnostic codes: a failing and a passing variant each', () => {
  for (const c of cases) {
    const sev = c.severity ?? 'error';
    it(`${c.code} (${c.platform.id}${c.section && c.section !== 'xdp' ? `, ${c.section}` : ''})`, () => {
      const bad = run(c, c.bad);
      const found = bad.diagnostics.filter((d) => d.severity === sev);
      if (sev === 'error') {
        assert.equal(bad.verdict, 'fail', `bad variant passed: ${JSON.stringify(bad.diagnostics)}`);
        assert.equal(found[0]?.code, c.code, `first error: ${JSON.stringify(found[0])}`);
        assert.equal(found.length, 1, `one root cause, one error: ${found.map((d) => d.code).join(', ')}`);
        assert.ok(found[0].message.length > 10 && !found[0].message.includes('\n'));
        assert.ok(found[0].condition.length > 0);
      } else {
        assert.ok(
          found.some((d) => d.code === c.code),
          `no ${sev} ${c.code}: ${JSON.stringify(bad.diagnostics)}`,
        );
      }
      const good = run(c, c.good);
      assert.equal(
        good.verdict,
        'pass',
        `good variant failed: ${JSON.stringify(good.diagnostics.filter((d) => d.severity === 'error'))}`,
      );
      assert.ok(!good.diagnostics.some((d) => d.code === c.code), `good variant still reports ${c.code}`);
    });
  }

  it('null-dereference names the helper and points at the call, and the C variable when line text has it', () => {
    const a = new Asm();
    const m = a.map('m', 4, 8, 'hash', W);
    a.line(10, 'int k = 0;').st(4, 10, -4, 0);
    a.line(11, '  __u64 *value = bpf_map_lookup_elem(&m, &k);').ldmap(1, m).movr(2, 10).alu64('add', 2, -4).call(1);
    a.line(12, '  *value += 1;').ldx(8, 1, 0, 0).alu64('add', 1, 1).stx(8, 0, 0, 1);
    a.line(13, '  return XDP_PASS;').mov(0, 1).exit();
    const r = verifyProgram(a.program(W, 'xdp'));
    const d = at(r.diagnostics, 0, 'the first diagnostic');
    assert.equal(d.code, 'null-dereference');
    assert.equal(d.location?.line, 12);
    assert.equal(
      d.message,
      '`value` may be NULL here: `bpf_map_lookup_elem` returns NULL when the key is missing; check it before dereferencing',
    );
    assert.equal(d.condition, 'valid_access(r0.offset, width=8) for read');
    assert.equal(d.related[0]?.pc, 5);
    assert.equal(d.related[0]?.location?.line, 11);
    const r0 = at(defined(d.state, 'the state at the finding').registers, 0, 'the first register');
    assert.equal(r0.name, 'r0');
    assert.match(r0.type, /map_value_or_null\(m\)/);
  });

  it('every code in the contract has a section in docs/verifier-codes.md and a case here', () => {
    const root = path.resolve(__dirname, '../../..');
    const contract = fs.readFileSync(path.join(root, 'core/verifier/types.ts'), 'utf8');
    const start = contract.indexOf('export type DiagnosticCode');
    const body = contract.slice(start, contract.indexOf(';', start));
    const codes = [...body.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]);
    assert.ok(codes.length > 25);
    const doc = fs.readFileSync(path.join(root, 'docs/verifier-codes.md'), 'utf8');
    const sections = new Set([...doc.matchAll(/^## ([a-z-]+)$/gm)].map((m) => m[1]));
    assert.deepEqual(
      codes.filter((c) => !sections.has(c)),
      [],
      'codes without a docs section',
    );
    const tested = new Set(cases.map((c) => c.code));
    assert.deepEqual(
      codes.filter((c) => !tested.has(c as DiagnosticCode)),
      [],
      'codes without a failing/passing case',
    );
  });
});
