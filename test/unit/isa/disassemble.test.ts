// The disassembler against llvm-objdump (LLVM 14) and the llvm-syntax assembler as its inverse.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assemble } from '../../../core/isa/assemble';
import { decodeInstructions, hexToBytes } from '../../../core/isa/decode';
import { disassembleInstruction, formatListing } from '../../../core/isa/disassemble';
import { bytesToHex, encodeProgram } from '../../../core/isa/encode';
import type { Instruction } from '../../../core/isa/instruction';
import { parseLlvmAsm } from '../../../core/isa/llvmAsm';
import { loadConformanceCases } from '../../support/conformance';
import { llvm14Divergence } from '../../support/llvm14';
import {
  compileBpf,
  llvmMissingReason,
  makeTempDir,
  objdump,
  wrapInObject,
  type ObjdumpSection,
} from '../../support/objdump';
import { at } from '../../support/at';

const FIXTURES = path.resolve(__dirname, '../../fixtures/isa');
/** Each fixture with the -mcpu levels it is compiled at (atomics need v3 in clang 14). */
const FIXTURE_BUILDS: ReadonlyArray<{ file: string; flags: string[][] }> = [
  { file: 'xdp_parse.c', flags: [[], ['-mcpu=v2'], ['-mcpu=v3']] },
  { file: 'calls.c', flags: [[], ['-mcpu=v2'], ['-mcpu=v3']] },
  { file: 'alu32.c', flags: [[], ['-mcpu=v2'], ['-mcpu=v3']] },
  { file: 'atomics.c', flags: [['-mcpu=v3']] },
];

/** Strip llvm-objdump's symbol annotation after jump offsets. */
function objdumpText(text: string): string {
  return text.replace(/ <[^<>]*>$/, '');
}

interface Tally {
  compared: number;
  comparedAlu32: number;
  divergent: number;
  unknownToLlvm14: number;
}

/** Compare every instruction of `sections` (default and --mattr=+alu32 listings) with ours. */
function compareWithObjdump(label: string, plain: ObjdumpSection[], alu32: ObjdumpSection[], tally: Tally): void {
  assert.equal(plain.length, alu32.length);
  plain.forEach((section, si) => {
    const bytes = new Uint8Array(section.insns.reduce((n, i) => n + i.bytes.length, 0));
    let offset = 0;
    for (const i of section.insns) {
      bytes.set(i.bytes, offset);
      offset += i.bytes.length;
    }
    const insns = decodeInstructions(bytes);
    assert.equal(insns.length, section.insns.length, `${label} ${section.name}: instruction count`);
    insns.forEach((insn, k) => {
      const listed = at(section.insns, k);
      const where = `${label} ${section.name} pc ${insn.pc} (${bytesToHex(listed.bytes)})`;
      assert.equal(listed.pc, insn.pc, where);
      const theirs = objdumpText(listed.text);
      const theirsAlu32 = objdumpText(at(at(alu32, si).insns, k).text);
      if (llvm14Divergence(insn) !== undefined) {
        tally.divergent++;
        return;
      }
      if (theirs !== '<unknown>') {
        assert.equal(disassembleInstruction(insn), theirs, where);
        tally.compared++;
      } else if (theirsAlu32 !== '<unknown>') {
        // Default objdump cannot decode it; we use the +alu32 spelling (32-bit atomics).
        assert.equal(disassembleInstruction(insn), theirsAlu32, where);
        tally.compared++;
      } else {
        tally.unknownToLlvm14++;
      }
      if (theirsAlu32 !== '<unknown>') {
        assert.equal(disassembleInstruction(insn, { alu32: true }), theirsAlu32, `${where} (alu32)`);
        tally.comparedAlu32++;
      }
    });
  });
}

function assertRoundTrip(label: string, insns: Instruction[]): void {
  for (const alu32 of [false, true]) {
    const text = insns.map((i) => disassembleInstruction(i, { alu32 })).join('\n');
    let back: Instruction[];
    try {
      back = parseLlvmAsm(text);
    } catch (e) {
      throw new Error(`${label}: ${(e as Error).message}\n${text}`);
    }
    assert.equal(bytesToHex(encodeProgram(back)), bytesToHex(encodeProgram(insns)), `${label} (alu32=${alu32})`);
  }
}

describe('disassembler and llvm-syntax assembler', () => {
  const missing = llvmMissingReason();
  let dir = '';
  before(() => {
    dir = makeTempDir('ebpf-isa-');
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints every conformance instruction as llvm-objdump does', (t) => {
    if (missing) return t.skip(missing);
    const suite = loadConformanceCases();
    if ('skip' in suite) return t.skip(suite.skip);
    const cases = suite.cases;
    const object = wrapInObject(
      cases.map((c) => hexToBytes(c.program)),
      dir,
    );
    const tally: Tally = { compared: 0, comparedAlu32: 0, divergent: 0, unknownToLlvm14: 0 };
    const plain = objdump(object).filter((s) => /^s\d+$/.test(s.name));
    const alu32 = objdump(object, ['--mattr=+alu32']).filter((s) => /^s\d+$/.test(s.name));
    assert.equal(plain.length, cases.length);
    compareWithObjdump('conformance', plain, alu32, tally);
    t.diagnostic(
      `conformance: ${tally.compared} compared, ${tally.comparedAlu32} compared with +alu32, ${tally.divergent} documented differences, ${tally.unknownToLlvm14} unknown to LLVM 14`,
    );
    assert.ok(tally.compared > 2000);
  });

  it('prints every instruction of every fixture object as llvm-objdump does', (t) => {
    if (missing) return t.skip(missing);
    const tally: Tally = { compared: 0, comparedAlu32: 0, divergent: 0, unknownToLlvm14: 0 };
    let objects = 0;
    for (const build of FIXTURE_BUILDS) {
      for (const flags of build.flags) {
        const object = compileBpf(path.join(FIXTURES, build.file), dir, flags);
        compareWithObjdump(
          `${build.file} ${flags.join(' ')}`,
          objdump(object),
          objdump(object, ['--mattr=+alu32']),
          tally,
        );
        objects++;
      }
    }
    t.diagnostic(
      `${objects} objects: ${tally.compared} compared, ${tally.comparedAlu32} with +alu32, ${tally.divergent} documented differences, ${tally.unknownToLlvm14} unknown to LLVM 14`,
    );
    assert.ok(tally.compared > 300);
  });

  it('round-trips every conformance program through text: parseLlvmAsm(disassemble(x)) == x', (t) => {
    const suite = loadConformanceCases();
    if ('skip' in suite) return t.skip(suite.skip);
    for (const c of suite.cases) assertRoundTrip(c.name, decodeInstructions(hexToBytes(c.program)));
  });

  it('round-trips every instruction of every fixture object', (t) => {
    if (missing) return t.skip(missing);
    let count = 0;
    for (const build of FIXTURE_BUILDS) {
      for (const flags of build.flags) {
        for (const section of objdump(compileBpf(path.join(FIXTURES, build.file), dir, flags))) {
          const bytes = Uint8Array.from(section.insns.flatMap((i) => [...i.bytes]));
          const insns = decodeInstructions(bytes);
          assertRoundTrip(`${build.file} ${section.name}`, insns);
          count += insns.length;
        }
      }
    }
    assert.ok(count > 300);
  });

  it('uses LLVM 18 spellings for v4 instructions', () => {
    const text = (asm: string) => assemble(asm).map((i) => disassembleInstruction(i));
    assert.deepEqual(text('movsx832 %r1, %r2\nmovsx3264 %r1, %r2\nldxsb %r1, [%r2+0]\nsdiv %r1, %r2\nsmod32 %r1, 3'), [
      'w1 = (s8)w2',
      'r1 = (s32)r2',
      'r1 = *(s8 *)(r2 + 0)',
      'r1 s/= r2',
      'w1 s%= 3',
    ]);
    assert.deepEqual(text('bswap16 %r1\nja32 +5\ncallx %r1\nstw [%r10-8], -3\njset %r1, 4, +2\nmod %r1, %r2'), [
      'r1 = bswap16 r1',
      'gotol +5',
      'callx r1',
      '*(u32 *)(r10 - 8) = -3',
      'if r1 & 4 goto +2',
      'r1 %= r2',
    ]);
  });

  it('resolves map names in lddw, local calls to function names, and jump labels', () => {
    const insns = decodeInstructions(
      hexToBytes(
        '18010000000000000000000000000000' + '85100000010000009500000000000000' + '1501ffff000000009500000000000000',
      ),
    );
    const names = {
      lddwName: (i: Instruction) => (i.pc === 0 ? 'counts' : undefined),
      callName: () => 'helper_fn',
      jumpLabel: (pc: number) => `LBB0_${pc}`,
    };
    assert.deepEqual(
      insns.map((i) => disassembleInstruction(i, names)),
      ['r1 = counts ll', 'call helper_fn', 'exit', 'if r1 == 0 goto -1 <LBB0_4>', 'exit'],
    );
    const back = parseLlvmAsm('r1 = counts ll\ncall helper_fn\nexit', {
      lddwValue: (n) => (n === 'counts' ? { src: 1, imm64: 7n } : undefined),
      callImm: (n, pc) => (n === 'helper_fn' ? 4 - pc - 1 : undefined),
    });
    assert.equal(at(back, 0).src, 1);
    assert.equal(at(back, 0).imm64, 7n);
    assert.equal(at(back, 1).imm, 1);
    assert.throws(() => parseLlvmAsm('r1 = counts ll'), /line 1: unknown symbol 'counts'/);
  });

  it('prints PREVAIL-style text on request', () => {
    const insns = assemble('lddw %r1, 5\nmov32 %r2, 1\njeq32 %r2, 1, +1\nstxw [%r10-4], %r2\nexit');
    const fd = { ...at(insns, 0), src: 1, imm64: 3n, imm: 3 };
    assert.equal(disassembleInstruction(fd, { syntax: 'prevail' }), 'r1 = map_fd 3');
    assert.equal(
      disassembleInstruction({ ...fd, src: 2, imm64: (8n << 32n) | 3n }, { syntax: 'prevail' }),
      'r1 = map_val(3) + 8',
    );
    assert.equal(disassembleInstruction(at(insns, 2), { syntax: 'prevail' }), 'if w2 == 1 goto <5>');
    assert.equal(disassembleInstruction(at(insns, 3), { syntax: 'prevail' }), '*(u32 *)(r10 - 4) = w2');
  });

  it('lays out a listing like llvm-objdump and rejects malformed text with the line', () => {
    assert.equal(formatListing(assemble('mov %r0, 0\nexit')), '       0:\tr0 = 0\n       1:\texit');
    assert.throws(() => parseLlvmAsm('r0 = 0\nr0 ?= 1'), /line 2: cannot parse 'r0 \?= 1'/);
    assert.throws(() => parseLlvmAsm('goto nowhere'), /line 1: undefined label 'nowhere'/);
    assert.throws(() => parseLlvmAsm('w1 += r2'), /expected w2/);
    assert.throws(() => parseLlvmAsm('r1 = 18446744073709551616 ll'), /64 bits/);
  });
});
