// The numeric domain against concrete arithmetic: for random intervals and random members, the
// concrete result of every ALU operation (32/64-bit, wrap-around) lies in the abstract result, and
// branch refinement keeps every pair that satisfies the condition (and proves infeasibility only
// when no pair does). The concrete results come from the VM's interpreter (./concrete.ts), whose
// arithmetic the bpf_conformance suite checks, not from a second implementation in the test.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type AluKind,
  type CmpKind,
  type Num,
  aluNum,
  bswapNum,
  constNum,
  fromSigned,
  fromUnsigned,
  numJoin,
  numWiden,
  refine32,
  refine64,
  sext,
  truncNum,
  zext32,
  NUM_TOP,
} from '../../../core/verifier/num';
import { vmAlu, vmBranchTaken } from './concrete';
import { at, defined } from '../../support/at';

const U64 = (1n << 64n) - 1n;

/** A deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const EDGES = [
  0n,
  1n,
  2n,
  7n,
  255n,
  256n,
  0x7fffn,
  0xffffn,
  0x7fffffffn,
  0x80000000n,
  0xffffffffn,
  0x100000000n,
  (1n << 63n) - 1n,
  1n << 63n,
  U64 - 1n,
  U64,
];

function randVal(r: () => number): bigint {
  const pick = r();
  if (pick < 0.4) return at(EDGES, Math.floor(r() * EDGES.length));
  if (pick < 0.7) return BigInt(Math.floor(r() * 1000));
  if (pick < 0.85) return U64 - BigInt(Math.floor(r() * 1000)); // small negatives
  return (BigInt(Math.floor(r() * 2 ** 32)) << 32n) | BigInt(Math.floor(r() * 2 ** 32));
}

/** A random abstract value with a few concrete members. */
function randNum(r: () => number): { n: Num; members: bigint[] } {
  const a = randVal(r);
  const spread = r() < 0.3 ? 0n : BigInt(Math.floor(r() * (r() < 0.5 ? 16 : 100000)));
  const lo = a;
  const hi = a + spread > U64 ? U64 : a + spread;
  const n = fromUnsigned(lo, hi);
  const members = [lo, hi, lo + (hi - lo) / 2n];
  return { n, members };
}

function contains(n: Num, v: bigint): boolean {
  const u = BigInt.asUintN(64, v);
  const s = BigInt.asIntN(64, v);
  return u >= n.umin && u <= n.umax && s >= n.smin && s <= n.smax;
}

const OPS: AluKind[] = ['add', 'sub', 'mul', 'div', 'mod', 'sdiv', 'smod', 'or', 'and', 'xor', 'lsh', 'rsh', 'arsh'];

describe('numeric domain: ALU operations are sound', () => {
  it('the VM oracle computes what the ISA says', () => {
    assert.equal(vmAlu('sub', 0n, 1n, 32), 0xffffffffn); // 32-bit results are zero-extended
    assert.equal(vmAlu('sdiv', U64, 2n, 64), 0n); // -1 / 2 truncates toward zero
    assert.equal(vmAlu('mod', 7n, 0n, 64), 7n);
    assert.equal(vmBranchTaken('slt', U64, 0n, 64), true);
    assert.equal(vmBranchTaken('lt', U64, 0n, 64), false);
    assert.equal(vmBranchTaken('eq', 1n << 32n, 0n, 32), true); // only the low halves compare
  });

  for (const w of [64, 32] as const) {
    for (const op of OPS) {
      it(`${op}${w} over random intervals contains every concrete result`, () => {
        const r = rng(op.length * 7919 + w);
        for (let i = 0; i < 400; i++) {
          const A = randNum(r);
          // Shift amounts are usually small constants; exercise both.
          const B =
            op === 'lsh' || op === 'rsh' || op === 'arsh'
              ? r() < 0.7
                ? { n: constNum(BigInt(Math.floor(r() * w))), members: [] as bigint[] }
                : randNum(r)
              : randNum(r);
          if (B.members.length === 0) B.members.push(B.n.umin);
          const res = aluNum(op, A.n, B.n, w);
          for (const a of A.members) {
            for (const b of B.members) {
              const c = vmAlu(op, a, b, w);
              assert.ok(
                contains(res, c),
                `${op}${w}: ${a} op ${b} = ${c} not in ${JSON.stringify(res, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`,
              );
            }
          }
        }
      });
    }
  }

  it('constants fold exactly, with 64-bit and 32-bit wrap-around', () => {
    assert.equal(aluNum('add', constNum(U64), constNum(2n), 64).umin, 1n);
    assert.equal(aluNum('add', constNum(0xffffffffn), constNum(1n), 32).umin, 0n);
    assert.equal(aluNum('sub', constNum(0n), constNum(1n), 64).smin, -1n);
    assert.equal(aluNum('sub', constNum(0n), constNum(1n), 32).umin, 0xffffffffn); // zero-extended
    assert.equal(aluNum('mul', constNum(1n << 32n), constNum(1n << 32n), 64).umin, 0n);
    assert.equal(aluNum('div', constNum(7n), constNum(0n), 64).umin, 0n); // division by zero yields 0
    assert.equal(aluNum('mod', constNum(7n), constNum(0n), 64).umin, 7n); // modulo by zero keeps dst
    assert.equal(aluNum('arsh', constNum(U64 - 15n), constNum(2n), 64).smin, -4n);
    assert.equal(aluNum('arsh', constNum(0xfffffff0n), constNum(2n), 32).umin, 0xfffffffcn);
  });

  it('interval results are as tight as the operation allows', () => {
    const x = fromUnsigned(10n, 20n);
    assert.deepEqual(aluNum('add', x, constNum(5n), 64), fromUnsigned(15n, 25n));
    assert.deepEqual(aluNum('and', fromUnsigned(0n, 1000n), constNum(0xffn), 64), fromUnsigned(0n, 0xffn));
    assert.deepEqual(aluNum('rsh', fromUnsigned(0n, 0xffffn), constNum(8n), 64), fromUnsigned(0n, 0xffn));
    assert.deepEqual(aluNum('lsh', fromUnsigned(1n, 3n), constNum(2n), 64), fromUnsigned(4n, 12n));
    assert.deepEqual(aluNum('mod', fromUnsigned(0n, 1000n), constNum(16n), 64), fromUnsigned(0n, 15n));
    assert.deepEqual(aluNum('div', fromUnsigned(100n, 200n), constNum(10n), 64), fromUnsigned(10n, 20n));
    // A 64-bit sum that may overflow loses the unsigned bound but not soundness.
    const big = aluNum('add', fromUnsigned(U64 - 1n, U64), constNum(1n), 64);
    assert.ok(contains(big, 0n) && contains(big, U64));
  });

  it('sign/zero extension and byte swaps', () => {
    assert.deepEqual(sext(constNum(0xffn), 8), constNum(-1n));
    assert.deepEqual(sext(fromUnsigned(0n, 0x7fn), 8), fromUnsigned(0n, 0x7fn));
    assert.deepEqual(sext(fromUnsigned(0n, 0xffn), 8), fromSigned(-128n, 127n));
    assert.deepEqual(zext32(constNum(U64)), constNum(0xffffffffn));
    assert.deepEqual(truncNum(constNum(0x12345n), 16), constNum(0x2345n));
    assert.deepEqual(bswapNum(constNum(0x1234n), 16), constNum(0x3412n));
    assert.deepEqual(bswapNum(fromUnsigned(0n, 5n), 16), fromUnsigned(0n, 0xffffn));
  });

  it('join and widening', () => {
    assert.deepEqual(numJoin(constNum(1n), constNum(5n)), fromUnsigned(1n, 5n));
    const w = numWiden(fromUnsigned(0n, 1n), fromUnsigned(0n, 2n));
    assert.equal(w.umin, 0n);
    assert.equal(w.umax, U64 >> 1n); // the signed bound (0..S64MAX) keeps the unsigned one finite
    assert.deepEqual(numWiden(fromUnsigned(0n, 4n), fromUnsigned(1n, 3n)), fromUnsigned(0n, 4n));
  });
});

const CMPS: CmpKind[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'sgt', 'sge', 'slt', 'sle', 'set'];

describe('numeric domain: branch refinement keeps every satisfying pair', () => {
  for (const w of [64, 32] as const) {
    for (const c of CMPS) {
      for (const taken of [true, false]) {
        it(`${c}${w === 32 ? '32' : ''} ${taken ? 'taken' : 'not taken'}`, () => {
          const r = rng(c.length * 31 + w + (taken ? 1 : 0));
          const refine = w === 64 ? refine64 : refine32;
          for (let i = 0; i < 400; i++) {
            const A = randNum(r);
            const B = r() < 0.5 ? { n: constNum(randVal(r)), members: [] as bigint[] } : randNum(r);
            if (B.members.length === 0) B.members.push(B.n.umin);
            const res = refine(c, taken, A.n, B.n);
            for (const a of A.members) {
              for (const b of B.members) {
                if (vmBranchTaken(c, a, b, w) !== taken) continue;
                assert.ok(res, `${c}${w} ${taken}: ${a}, ${b} satisfies the outcome but refinement says infeasible`);
                assert.ok(contains(res[0], a) && contains(res[1], b), `${c}${w} ${taken}: pair ${a}, ${b} dropped`);
              }
            }
          }
        });
      }
    }
  }

  it('learns bounds from both branches', () => {
    const x = fromUnsigned(0n, 100n);
    assert.deepEqual(defined(refine64('gt', true, x, constNum(10n)), 'a feasible branch')[0], fromUnsigned(11n, 100n));
    assert.deepEqual(defined(refine64('gt', false, x, constNum(10n)), 'a feasible branch')[0], fromUnsigned(0n, 10n));
    assert.deepEqual(defined(refine64('lt', true, x, constNum(10n)), 'a feasible branch')[0], fromUnsigned(0n, 9n));
    assert.deepEqual(defined(refine64('eq', true, x, constNum(7n)), 'a feasible branch')[0], constNum(7n));
    assert.deepEqual(
      defined(refine64('ne', true, fromUnsigned(0n, 5n), constNum(0n)), 'a feasible branch')[0],
      fromUnsigned(1n, 5n),
    );
    const s = fromSigned(-50n, 50n);
    assert.deepEqual(defined(refine64('sgt', true, s, constNum(0n)), 'a feasible branch')[0], fromSigned(1n, 50n));
    assert.deepEqual(defined(refine64('slt', true, s, constNum(0n)), 'a feasible branch')[0], fromSigned(-50n, -1n));
    assert.equal(refine64('gt', true, fromUnsigned(0n, 5n), constNum(5n)), undefined, 'x in [0,5] > 5 is impossible');
    // 32-bit comparison of a value known to fit in 32 bits refines the register.
    assert.deepEqual(
      defined(refine32('lt', true, fromUnsigned(0n, 0xffffffffn), constNum(64n)), 'a feasible branch')[0],
      fromUnsigned(0n, 63n),
    );
    // ... of a value that does not fit leaves it sound (unrefined).
    assert.ok(contains(defined(refine32('lt', true, NUM_TOP, constNum(64n)), 'a feasible branch')[0], 1n << 40n));
  });
});
