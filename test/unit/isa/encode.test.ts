import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { decodeInstructions, hexToBytes } from '../../../core/isa/decode';
import { EncodeError, bytesToHex, encodeInstruction, encodeProgram } from '../../../core/isa/encode';
import { loadConformanceCases } from '../../support/conformance';

describe('encodeProgram', () => {
  it('re-encodes every conformance program byte for byte', (t) => {
    const suite = loadConformanceCases();
    if ('skip' in suite) return t.skip(suite.skip);
    const cases = suite.cases;
    assert.equal(cases.length, 313);
    for (const c of cases) {
      assert.equal(
        bytesToHex(encodeProgram(decodeInstructions(hexToBytes(c.program)))),
        c.program.toLowerCase(),
        c.name,
      );
    }
  });

  it('encodes lddw as 16 bytes with the high half in the second slot', () => {
    const bytes = encodeInstruction({
      pc: 0,
      opcode: 0x18,
      dst: 1,
      src: 2,
      offset: 0,
      imm: 0,
      imm64: 0xfedcba9876543210n,
      slots: 2,
    });
    assert.equal(bytesToHex(bytes), '18210000103254760000000098badcfe');
  });

  it("encodes negative offsets and immediates in two's complement", () => {
    const bytes = encodeInstruction({ pc: 0, opcode: 0x62, dst: 10, src: 0, offset: -8, imm: -1, slots: 1 });
    assert.equal(bytesToHex(bytes), '620af8ffffffffff');
  });

  it('rejects fields that do not fit', () => {
    assert.throws(
      () => encodeInstruction({ pc: 3, opcode: 0xb7, dst: 16, src: 0, offset: 0, imm: 0, slots: 1 }),
      (e: unknown) => e instanceof EncodeError && /pc 3: dst 16/.test(e.message),
    );
    assert.throws(
      () => encodeInstruction({ pc: 0, opcode: 0xb7, dst: 0, src: 0, offset: 0, imm: 2 ** 31, slots: 1 }),
      /imm/,
    );
    assert.throws(
      () => encodeInstruction({ pc: 0, opcode: 0x18, dst: 0, src: 0, offset: 0, imm: 0, slots: 2 }),
      /imm64/,
    );
  });
});
