import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DecodeError, decodeInstructions, hexToBytes } from '../../../core/isa/decode';
import { loadConformanceCases } from '../../support/conformance';
import { at } from '../../support/at';

describe('decodeInstructions', () => {
  it('decodes every conformance program without error', (t) => {
    const suite = loadConformanceCases();
    if ('skip' in suite) return t.skip(suite.skip);
    const cases = suite.cases;
    assert.equal(cases.length, 313);
    for (const c of cases) {
      const insns = decodeInstructions(hexToBytes(c.program));
      const slots = insns.reduce((n, i) => n + i.slots, 0);
      assert.equal(slots * 8, c.program.length / 2, c.name);
    }
  });

  it('merges lddw into one instruction with a 64-bit constant', () => {
    const insn = at(decodeInstructions(hexToBytes('18010000443322110000000088776655')), 0);
    assert.equal(insn.slots, 2);
    assert.equal(insn.dst, 1);
    assert.equal(insn.imm64, 0x5566778811223344n);
  });

  it('names the byte offset of an unknown opcode', () => {
    assert.throws(
      () => decodeInstructions(hexToBytes('b700000000000000ff00000000000000')),
      (e: unknown) =>
        e instanceof DecodeError && e.byteOffset === 8 && /unknown opcode 0xff at offset 8/.test(e.message),
    );
  });

  it('rejects a truncated lddw and a non-multiple-of-8 buffer', () => {
    assert.throws(() => decodeInstructions(hexToBytes('1801000044332211')), /incomplete lddw/);
    assert.throws(() => decodeInstructions(new Uint8Array(12)), /not a multiple of 8/);
  });

  it('rejects reserved fields the RFC requires to be zero', () => {
    // mov r0, 1 with src_reg = 1
    assert.throws(() => decodeInstructions(hexToBytes('b710000001000000')), /reserved src/);
    // exit with imm = 1
    assert.throws(() => decodeInstructions(hexToBytes('9500000001000000')), /reserved/);
  });
});
