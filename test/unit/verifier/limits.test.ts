// Structural limits checked before the analysis: a program with more functions than the kernel
// accepts is refused at once (building its graph costs the square of the function count), and a
// deep chain of calls within that limit stops at the call-frame limit.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { decodeInstructions } from '../../../core/isa/decode';
import { linuxProfile } from '../../../core/platform/index';
import { createProgram } from '../../../core/program/fromInstructions';
import type { FunctionInfo } from '../../../core/program/types';
import { MAX_FUNCTIONS, verifyProgram } from '../../../core/verifier/index';

/** f0 calls f1 calls f2 ... calls f(n-1), which returns 0: n functions, a call chain n deep. */
function callChain(n: number) {
  const bytes = new Uint8Array(n * 16);
  const view = new DataView(bytes.buffer);
  const functions: FunctionInfo[] = [];
  for (let i = 0; i < n; i++) {
    const at = i * 16;
    const last = i === n - 1;
    view.setUint8(at, last ? 0xb7 : 0x85); // mov r0, 0 | call local +1
    view.setUint8(at + 1, last ? 0 : 0x10);
    view.setInt32(at + 4, last ? 0 : 1, true);
    view.setUint8(at + 8, 0x95); // exit
    functions.push({ name: `f${i}`, startPc: 2 * i, endPc: 2 * i + 2, btfId: 0, isEntry: i === 0 });
  }
  return createProgram({
    section: 'xdp',
    name: 'f0',
    platform: linuxProfile,
    programType: linuxProfile.programTypeForSection('xdp'),
    instructions: decodeInstructions(bytes),
    functions,
  });
}

describe('verifier: structural limits', () => {
  it(`refuses more than ${MAX_FUNCTIONS} functions before analysing (100,000 chained subprograms)`, () => {
    const r = verifyProgram(callChain(100_000));
    assert.equal(r.verdict, 'fail');
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.message]),
      [
        [
          'too-complex',
          "the program has 100000 functions (entry and subprograms); at most 256 are accepted (the Linux kernel's BPF_MAX_SUBPROGS)",
        ],
      ],
    );
    assert.equal(verifyProgram(callChain(MAX_FUNCTIONS + 1)).diagnostics[0]?.code, 'too-complex');
  });

  it(`analyses ${MAX_FUNCTIONS} functions, stopping a deep chain at the call-frame limit`, () => {
    const r = verifyProgram(callChain(MAX_FUNCTIONS));
    assert.equal(r.verdict, 'fail');
    assert.equal(r.diagnostics.find((d) => d.severity === 'error')?.code, 'call-depth');
    assert.equal(verifyProgram(callChain(3)).verdict, 'pass');
  });
});
