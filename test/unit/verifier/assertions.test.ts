// The verifier's assertions as data (core/verifier/assertions) and the checker that evaluates them
// against a pre-state (core/verifier/checker.ts): the records an instruction yields from its
// static facts, and the Failure (or pass) the checker gives on hand-built states.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Asm, linuxProfile, windowsProfile } from './builder';
import { at } from '../../support/at';
import { assertionsFor } from '../../../core/verifier/assertions/extract';
import type { Assertion } from '../../../core/verifier/assertions/types';
import { checkAssertions } from '../../../core/verifier/checker';
import { ControlFlow } from '../../../core/verifier/cfg';
import { Failure, Semantics } from '../../../core/verifier/transfer';
import { initialState, TOTAL_STACK, type State } from '../../../core/verifier/state';
import { T, UNINIT, iv, numberValue, type Value } from '../../../core/verifier/value';
import { constNum, fromUnsigned } from '../../../core/verifier/num';
import type { Program } from '../../../core/program/types';

function semantics(program: Program, cfg = new ControlFlow(program)): Semantics {
  return new Semantics(program, cfg, false);
}

/** The records of instruction `index` of the program. */
function recordsOf(program: Program, index: number): readonly Assertion[] {
  return assertionsFor(at(program.instructions, index), semantics(program));
}

/** A state with the given registers (the rest uninitialised, r10 the frame pointer). */
function stateWith(regs: Record<number, Value>): State {
  const all: Value[] = new Array<Value>(11).fill(UNINIT);
  all[10] = { t: T.stack, stack: iv(TOTAL_STACK) };
  for (const [r, v] of Object.entries(regs)) all[Number(r)] = v;
  return initialState(all);
}

/** Run the checker on instruction `index` with state `s`: the Failure it throws, or undefined. */
function check(program: Program, index: number, s: State): Failure | undefined {
  const cfg = new ControlFlow(program);
  cfg.build();
  const sem = semantics(program, cfg);
  const insn = at(program.instructions, index);
  const node = at(cfg.nodes, 0, 'the entry node');
  try {
    checkAssertions(sem, insn, sem.assertions(index, insn), s, node);
    return undefined;
  } catch (e) {
    if (e instanceof Failure) return e;
    throw e;
  }
}

const CTX: Value = { t: T.ctx, ctx: iv(0) };

describe('assertion extraction', () => {
  it('a load through r1 yields: r2 writable, r1 readable, valid access of 4 bytes at r1+4', () => {
    const p = new Asm().ldx(4, 2, 1, 4).mov(0, 0).exit().program(windowsProfile);
    assert.deepEqual(recordsOf(p, 0), [
      { kind: 'writable-register', reg: 2 },
      { kind: 'readable-register', reg: 1, use: 'dereferenced' },
      { kind: 'valid-access', reg: 1, offset: 4, width: 4, mode: 'read', valueReg: -1 },
    ]);
  });

  it('a store of a register names the stored register in its valid-access record', () => {
    const p = new Asm().stx(8, 10, -8, 3).mov(0, 0).exit().program(windowsProfile);
    assert.deepEqual(recordsOf(p, 0), [
      { kind: 'readable-register', reg: 10, use: 'dereferenced' },
      { kind: 'readable-register', reg: 3, use: 'stored' },
      { kind: 'valid-access', reg: 10, offset: -8, width: 8, mode: 'write', valueReg: 3 },
    ]);
  });

  it('a helper call yields helper-available and one helper-arg per argument of its prototype', () => {
    const p = new Asm().call(1).exit().program(linuxProfile, 'xdp'); // bpf_map_lookup_elem(map, key)
    const records = recordsOf(p, 0);
    assert.deepEqual(at(records, 0), { kind: 'helper-available', id: 1, byBtfId: false });
    const args = records.filter((a) => a.kind === 'helper-arg');
    assert.deepEqual(
      args.map((a) => (a.kind === 'helper-arg' ? [a.reg, a.arg, a.proto.name] : [])),
      [
        [1, 'ptr_to_map', 'bpf_map_lookup_elem'],
        [2, 'ptr_to_map_key', 'bpf_map_lookup_elem'],
      ],
    );
    assert.equal(records.length, 3);
  });

  it('an unknown helper yields only helper-available (which fails)', () => {
    const p = new Asm().call(9999).exit().program(linuxProfile, 'xdp');
    assert.deepEqual(recordsOf(p, 0), [{ kind: 'helper-available', id: 9999, byBtfId: false }]);
  });

  it('division by a register asserts a nonzero divisor after both operands are numbers', () => {
    const p = new Asm().alu64r('div', 2, 3).mov(0, 0).exit().program(windowsProfile);
    assert.deepEqual(
      recordsOf(p, 0).map((a) => a.kind),
      ['writable-register', 'readable-register', 'readable-register', 'type-is', 'type-is', 'nonzero-divisor'],
    );
    const q = new Asm().alu64('div', 2, 3).mov(0, 0).exit().program(windowsProfile);
    assert.ok(
      !recordsOf(q, 0).some((a) => a.kind === 'nonzero-divisor'),
      'an immediate divisor is checked by the decoder',
    );
  });

  it('exit asserts r0 readable, references released and a valid return value; lddw of a map a valid map fd', () => {
    const p = new Asm().mov(0, 0).exit().program(windowsProfile);
    assert.deepEqual(
      recordsOf(p, 1).map((a) => a.kind),
      ['readable-register', 'references-released', 'valid-return'],
    );
    const a = new Asm();
    a.map('m', 4, 8, 'array');
    const q = a.ldmap(1, 0).mov(0, 0).exit().program(windowsProfile);
    assert.deepEqual(recordsOf(q, 0), [
      { kind: 'writable-register', reg: 1 },
      { kind: 'valid-map-fd', index: 0 },
    ]);
  });
});

describe('checker on hand-built states', () => {
  // Linux xdp_md: data_end, a 4-byte pointer field at offset 4.
  const load = new Asm().ldx(4, 2, 1, 4).mov(0, 0).exit().program(linuxProfile, 'xdp');

  it('passes a context read inside xdp_md', () => {
    assert.equal(check(load, 0, stateWith({ 1: CTX })), undefined);
  });

  it('refuses the load when r1 is uninitialised, a number, or the context read out of bounds', () => {
    assert.equal(check(load, 0, stateWith({}))?.init.code, 'uninitialized-register');
    const num = check(load, 0, stateWith({ 1: numberValue(constNum(7n)) }));
    assert.equal(num?.init.code, 'invalid-pointer-type');
    assert.equal(num?.init.condition, 'r1.type in {ctx, stack, packet, shared}');
    const far = check(load, 0, stateWith({ 1: { t: T.ctx, ctx: iv(4096) } }));
    assert.equal(far?.init.code, 'context-out-of-bounds');
    assert.equal(far?.pc, 0);
  });

  it('refuses a possibly-zero divisor where the platform does not define division by zero', () => {
    const strict = { ...windowsProfile, allowsDivisionByZero: false };
    const p = new Asm().alu64r('div', 2, 3).mov(0, 0).exit().program(strict);
    const n = (lo: bigint, hi: bigint): Value => numberValue(fromUnsigned(lo, hi));
    const f = check(p, 0, stateWith({ 2: n(10n, 10n), 3: n(0n, 5n) }));
    assert.equal(f?.init.code, 'division-by-zero');
    assert.equal(f?.init.condition, 'r3 != 0');
    assert.equal(check(p, 0, stateWith({ 2: n(10n, 10n), 3: n(1n, 5n) })), undefined);
    // Both real profiles define division by zero (the ISA's result): the same state passes.
    const lenient = new Asm().alu64r('div', 2, 3).mov(0, 0).exit().program(windowsProfile);
    assert.equal(check(lenient, 0, stateWith({ 2: n(10n, 10n), 3: n(0n, 5n) })), undefined);
    // A pointer divisor fails its type-is record first.
    assert.equal(check(p, 0, stateWith({ 2: n(10n, 10n), 3: CTX }))?.init.code, 'invalid-pointer-arithmetic');
  });

  it('checks each helper argument against its prototype', () => {
    const a = new Asm();
    a.map('m', 4, 8, 'hash', linuxProfile);
    const p = a.call(1).exit().program(linuxProfile, 'xdp');
    const map: Value = { t: T.mapFd, fds: [0] };
    const key: Value = { t: T.stack, stack: iv(TOTAL_STACK - 4) }; // fp-4
    // The key's 4 bytes on the stack were never written: the second helper-arg fails.
    const unwritten = check(p, 0, stateWith({ 1: map, 2: key }));
    assert.equal(unwritten?.init.code, 'uninitialized-stack');
    const written = stateWith({ 1: map, 2: key });
    written.write(TOTAL_STACK - 4, 4, numberValue(constNum(1n)));
    assert.equal(check(p, 0, written), undefined);
    // A number where the map goes: the first helper-arg fails.
    assert.equal(check(p, 0, stateWith({ 1: numberValue(constNum(0n)), 2: key }))?.init.code, 'helper-argument');
  });
});
