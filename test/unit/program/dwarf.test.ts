// The Program's C-level view from DWARF: per pc, the stack of inlined calls and the variables in
// scope; the same queries empty (with BTF line info intact) when the object carries no DWARF.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadObject } from '../../../core/program';
import { at, defined } from '../../support/at';
import { compileFixture, REPO_ROOT } from '../../support/clang';

const INLINE = path.join(REPO_ROOT, 'test', 'adapter', 'fixtures', 'inline.c');

describe('Program: variables and inlined calls per pc', () => {
  it('nested inlined helpers: the call stack and the variables of the innermost frame', (t) => {
    const compiled = compileFixture(INLINE, { platform: 'windows' });
    if ('skip' in compiled) return t.skip(compiled.skip);
    const program = at(loadObject(compiled.bytes, { platform: 'windows' }).programs, 0, 'program');
    assert.ok(program.dwarf);
    // The bpf_printk call inside mix(): inlined into flow_hash(), itself inlined into inline_demo().
    const printkInMix = program.instructions.find(
      (i) => i.opcode === 0x85 && program.sourceAt(i.pc)?.line === 18 && program.inlinedCallsAt(i.pc).length > 0,
    );
    assert.ok(printkInMix, 'a helper call on line 18');
    assert.deepEqual(
      program.inlinedCallsAt(printkInMix.pc).map((c) => [c.function, c.callSite.line]),
      [
        ['mix', 24],
        ['flow_hash', 48],
      ],
    );
    const frames = program.debugFramesAt(printkInMix.pc);
    assert.deepEqual(
      frames.map((f) => f.function),
      ['mix', 'flow_hash', 'inline_demo'],
    );
    const names = program.variablesAt(printkInMix.pc).map((v) => `${v.variable.name}:${v.ops ? 'live' : 'gone'}`);
    assert.ok(names.includes('a:live') && names.includes('b:live'), names.join(' '));
    assert.equal(
      defined(
        program.variablesAt(printkInMix.pc).find((v) => v.variable.name === 'a'),
        'variable a',
      ).variable.typeName,
      '__u32',
    );
    // The subprogram classify() has its own function frame with its parameter.
    const classify = defined(
      program.functions.find((f) => f.name === 'classify'),
      'function classify',
    );
    assert.deepEqual(
      program.debugFramesAt(classify.startPc).map((f) => f.function),
      ['classify'],
    );
    assert.equal(program.variablesAt(classify.startPc).find((v) => v.variable.name === 'hash')?.ops?.[0]?.code, 0x51);
    // The entry: ctx in r1, no inlined calls.
    assert.deepEqual(program.inlinedCallsAt(0), []);
    assert.ok(program.variablesAt(0).some((v) => v.variable.name === 'ctx' && v.ops));
  });

  it('without DWARF: empty C view, BTF line info still there', (t) => {
    const compiled = compileFixture(INLINE, { platform: 'windows' });
    if ('skip' in compiled) return t.skip(compiled.skip);
    const objcopy = ['llvm-objcopy-19', 'llvm-objcopy'].find((tool) => spawnSync(tool, ['--version']).status === 0);
    if (!objcopy) return t.skip('llvm-objcopy(-19) is not installed');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodwarf-'));
    try {
      const out = path.join(dir, 'stripped.o');
      const r = spawnSync(objcopy, ['--strip-debug', compiled.objectPath, out], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const program = at(
        loadObject(new Uint8Array(fs.readFileSync(out)), { platform: 'windows' }).programs,
        0,
        'program',
      );
      assert.equal(program.dwarf, undefined);
      for (const insn of program.instructions) {
        assert.deepEqual(program.debugFramesAt(insn.pc), []);
        assert.deepEqual(program.inlinedCallsAt(insn.pc), []);
      }
      assert.ok(program.lineTable.length > 0 && program.sourceAt(0));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
