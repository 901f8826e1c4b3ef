// C names for registers and accesses from DWARF, and the verifier using them: a NULL pointer that
// comes out of an inlined helper is named by its C variable, not by its register.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { accessExpression, variableInRegister } from '../../../core/dwarf';
import { loadObject } from '../../../core/program';
import { verifyProgram } from '../../../core/verifier';
import { at, defined } from '../../support/at';
import { compileArgs, compileFixture, REPO_ROOT } from '../../support/clang';

const LB = path.join(REPO_ROOT, 'examples', 'xdp_load_balancer.c');
const NULL_INLINE = path.join(__dirname, 'fixtures', 'null_through_inline.c');
const UNINIT_KEY = path.join(__dirname, 'fixtures', 'uninit_key.c');

describe('C names from DWARF', () => {
  it('names the variable in a register and the field an access reads', (t) => {
    const compiled = compileFixture(LB, { platform: 'windows' });
    if ('skip' in compiled) return t.skip(compiled.skip);
    const program = at(loadObject(compiled.bytes, { platform: 'windows' }).programs, 0, 'program');
    // Every `rX = *(size *)(rY + off)` where DWARF has a pointer variable in rY.
    const seen = new Set<string>();
    for (const insn of program.instructions) {
      if ((insn.opcode & 7) !== 1 || (insn.opcode & 0xe0) !== 0x60) continue; // LDX MEM
      const expr = accessExpression(program.debugFramesAt(insn.pc), insn.src, insn.offset);
      if (expr) seen.add(expr);
    }
    for (const e of ['ip->ihl', 'eth->h_proto', 'svc->backend_count', 'be->ip', 'be->mac[2]'])
      assert.ok(seen.has(e), [...seen].join(', '));
    // Where DWARF puts a variable in a register, that register is named by it.
    const svcLoad = defined(
      program.instructions.find(
        (i) => accessExpression(program.debugFramesAt(i.pc), i.src, i.offset) === 'svc->backend_count',
      ),
      'the load of svc->backend_count',
    );
    assert.equal(variableInRegister(program.debugFramesAt(svcLoad.pc), svcLoad.src), 'svc');
  });

  it('the verifier names `st`, the variable an inlined lookup returned into', (t) => {
    const compiled = compileFixture(NULL_INLINE, { platform: 'windows' });
    if ('skip' in compiled) return t.skip(compiled.skip);
    const program = at(loadObject(compiled.bytes, { platform: 'windows' }).programs, 0, 'program');
    const result = verifyProgram(program);
    const d = result.diagnostics.find((x) => x.code === 'null-dereference');
    assert.ok(d, JSON.stringify(result.diagnostics.map((x) => x.message)));
    assert.match(d.message, /^`st` may be NULL here/);
  });

  it('a packet read past the checked range names the C field and advises checking the whole struct (clang 19)', (t) => {
    if (spawnSync('clang-19', ['--version']).status !== 0) return t.skip('clang-19 is not installed');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'names-'));
    try {
      const out = path.join(dir, 'unsafe.o');
      const source = path.join(REPO_ROOT, 'examples', 'unsafe.c');
      const r = spawnSync('clang-19', compileArgs(source, out, 'windows'), { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const program = defined(
        loadObject(new Uint8Array(fs.readFileSync(out)), { platform: 'windows' }).programs.find(
          (p) => p.name === 'read_past_end',
        ),
        'program read_past_end',
      );
      const d = verifyProgram(program).diagnostics.find((x) => x.code === 'packet-out-of-bounds');
      assert.ok(d);
      // clang 19 describes ip as r1 + 14 (DW_OP_breg1 +14, DW_OP_stack_value).
      assert.match(d.message, /^reading `ip->protocol` \(1 bytes at packet offset 23\)/);
      assert.match(d.message, /check `\(void \*\)\(ip \+ 1\) > data_end` first$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an uninitialised byte of a map key is named by its field (`k.pad`)', (t) => {
    const compiled = compileFixture(UNINIT_KEY, { platform: 'windows' });
    if ('skip' in compiled) return t.skip(compiled.skip);
    const program = at(loadObject(compiled.bytes, { platform: 'windows' }).programs, 0, 'program');
    const d = verifyProgram(program).diagnostics.find((x) => x.code === 'uninitialized-stack');
    assert.ok(d);
    assert.match(d.message, /but fp-1 \(`k\.pad`\) is not initialised/);
  });
});
