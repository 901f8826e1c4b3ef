import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AssembleError, assemble, parseConformanceFile } from '../../../core/isa/assemble';
import { bytesToHex, encodeProgram } from '../../../core/isa/encode';
import { conformanceDir, loadConformanceCases } from '../../support/conformance';
import { at } from '../../support/at';

function assembleHex(text: string): string {
  return bytesToHex(encodeProgram(assemble(text)));
}

describe('assemble (conformance syntax)', () => {
  it("reproduces the suite assembler's bytes for every .data file", (t) => {
    const suite = loadConformanceCases();
    if ('skip' in suite) return t.skip(suite.skip);
    const dir = conformanceDir();
    assert.ok(dir, 'conformance suite found');
    const expected = new Map(suite.cases.map((c) => [c.name, c]));
    const files = fs
      .readdirSync(path.join(dir, 'tests'))
      .filter((f) => f.endsWith('.data'))
      .sort();
    assert.equal(files.length, 313);
    for (const file of files) {
      const parsed = parseConformanceFile(fs.readFileSync(path.join(dir, 'tests', file), 'utf8'));
      const c = expected.get(file);
      assert.ok(c, `${file} missing from assembled.json`);
      const ours = assembleHex(parsed.asm);
      // A -- raw section replaces the assembled program; both must agree here.
      if (parsed.raw) assert.equal(bytesToHex(parsed.raw), c.program, `${file} raw`);
      assert.equal(ours, c.program, file);
      assert.equal(bytesToHex(parsed.mem), c.memory.replace(/\s+/g, ''), `${file} memory`);
      if (c.result !== null) {
        // assembled.json carries the expected r0 as unprefixed hex.
        const want = BigInt('0x' + c.result);
        assert.equal(parsed.result, want, `${file} result`);
      }
    }
  });

  it('resolves labels, numeric targets and the implicit exit label', () => {
    const insns = assemble('jeq %r1, 0, done\nja +1\nmov %r0, 1\ndone:\njne %r1, %r2, exit\nexit');
    assert.equal(at(insns, 0).offset, 2);
    assert.equal(at(insns, 1).offset, 1);
    assert.equal(at(insns, 3).offset, 0);
    assert.equal(
      assembleHex('call local f\nexit\nf:\nmov %r0, 2\nexit'),
      '85100000010000009500000000000000b7000000020000009500000000000000',
    );
  });

  it('encodes v4 and atomic forms', () => {
    assert.equal(assembleHex('movsx1632 %r4, %r3'), 'bc34100000000000');
    assert.equal(assembleHex('ldxsb %r0, [%r10-1]'), '91a0ffff00000000');
    assert.equal(assembleHex('sdiv32 %r0, %r1'), '3c10010000000000');
    assert.equal(assembleHex('lock fetch xor32 [%r10-4], %r3'), 'c33afcffa1000000');
    assert.equal(assembleHex('lock cmpxchg [%r10-8], %r1'), 'db1af8fff1000000');
    assert.equal(assembleHex('ja32 +3'), '0600000003000000');
    assert.equal(assembleHex('call %r2'), '8d02000000000000');
    assert.equal(assembleHex('ldabsh 12\nldindw %r3, 4'), '28000000' + '0c000000' + '40300000' + '04000000');
  });

  it('names the line of an unknown mnemonic, bad operand or missing label', () => {
    assert.throws(
      () => assemble('mov %r0, 0\nfrob %r1\nexit'),
      (e: unknown) => e instanceof AssembleError && e.line === 2 && /unknown mnemonic 'frob'/.test(e.message),
    );
    assert.throws(() => assemble('mov %r11, 0'), /line 1: expected a register/);
    assert.throws(() => assemble('ja nowhere'), /line 1: undefined label 'nowhere'/);
    assert.throws(() => assemble('ldxw %r0, [%r1+40000]'), /does not fit in 16 bits/);
    assert.throws(() => assemble('mov %r0, 0x100000000'), /does not fit in 32 bits/);
    assert.throws(() => assemble('x:\nx:\nexit'), /duplicate label 'x'/);
    assert.throws(() => assemble('exit\n, ,'), /line 2: expected an instruction, found ', ,'/);
    assert.throws(
      () => assemble('mov %r0, 1\nexit', { firstLine: 10 }) && assemble('bad', { firstLine: 10 }),
      /line 10:/,
    );
  });

  it('reads every section of a .data file', () => {
    const f = parseConformanceFile(
      '# c\n-- asm\nmov %r0, 1 # one\nexit\n-- mem\n00 01\nff\n-- result\n0x10\n-- error\n\nboom\n',
    );
    assert.equal(f.asmLine, 3);
    assert.deepEqual([...f.mem], [0, 1, 255]);
    assert.equal(f.result, 16n);
    assert.equal(f.error, 'boom');
    assert.equal(f.raw, null);
    assert.throws(() => parseConformanceFile('-- bogus\n'), /unknown directive/);
  });
});
