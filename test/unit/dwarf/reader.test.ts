// core/dwarf on the load balancer: relocated addresses, inlined frames at an address, the
// variables visible there, and location evaluation (registers, stack, pieces, values).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { evaluateLocation, formatExpression, parseDwarf, DwarfError, type MachineState } from '../../../core/dwarf';
import { parseElf } from '../../../core/elf';
import { at, defined } from '../../support/at';
import { compileFixture, REPO_ROOT } from '../../support/clang';

const LB = path.join(REPO_ROOT, 'examples', 'xdp_load_balancer.c');

function machine(regs: Record<number, bigint>, memory: Map<bigint, number> = new Map()): MachineState {
  return {
    register: (n) => regs[n],
    frameBase: () => regs[10],
    readMemory: (address, size) => {
      let v = 0n;
      for (let i = size - 1; i >= 0; i--) {
        const b = memory.get(address + BigInt(i));
        if (b === undefined) return undefined;
        v = (v << 8n) | BigInt(b);
      }
      return v;
    },
    address: (a) => BigInt(a.offset),
    addrx: () => undefined,
  };
}

describe('core/dwarf reader', () => {
  for (const dwarf4 of [false, true]) {
    it(`load balancer (${dwarf4 ? 'DWARF 4' : 'DWARF 5'}): inlined frames, visible variables, relocated globals`, (t) => {
      const compiled = compileFixture(LB, { platform: 'windows', extraArgs: dwarf4 ? ['-gdwarf-4'] : [] });
      if ('skip' in compiled) return t.skip(compiled.skip);
      const elf = parseElf(compiled.bytes);
      const info = defined(parseDwarf(elf), 'DWARF');
      const xdp = defined(elf.sectionByName('xdp'), 'section xdp').index;
      assert.equal(info.version, dwarf4 ? 4 : 5);
      assert.deepEqual(
        info.functions.map((f) => [f.name, f.ranges[0]?.section]),
        [['xdp_load_balancer', xdp]],
      );
      // Globals: `backends` is the second map of .maps (32 bytes each): its address is relocated.
      const maps = defined(elf.sectionByName('.maps'), 'section .maps').index;
      const backends = defined(
        info.globals.find((g) => g.name === 'backends'),
        'global backends',
      );
      assert.equal(backends.location.kind, 'expression');
      if (backends.location.kind === 'expression') {
        const op = at(backends.location.ops, 0, 'the first op of backends');
        const where = op.address ?? info.addrx(0, Number(op.a));
        assert.deepEqual(where, { section: maps, offset: 32 });
      }
      // Inside each inlined call: two frames, the helper's first, with the call site.
      for (const call of info.inlinedCalls) {
        const r = at(call.ranges, 0, `${call.name} range`);
        const frames = info.framesAt({ section: r.section, offset: r.begin });
        assert.deepEqual(
          frames.map((f) => [f.function, f.inlined]),
          [
            [call.name, true],
            ['xdp_load_balancer', false],
          ],
        );
        const inner = at(frames, 0, 'the inlined frame');
        const callSite = defined(inner.callSite, `${call.name} call site`);
        assert.ok(callSite.line > 0 && callSite.file?.endsWith('xdp_load_balancer.c'));
        // csum_replace4's parameters are listed even where optimized out.
        if (call.name === 'csum_replace4')
          assert.deepEqual(inner.variables.map((v) => v.variable.name).sort(), ['from', 's', 'sum', 'to']);
      }
      assert.deepEqual(
        info.inlinedCalls.map((c) => c.name),
        ['get_stats', 'csum_replace4', 'csum_replace4'],
      );
      // Outside the function: nothing.
      assert.deepEqual(info.framesAt({ section: xdp, offset: 1 << 20 }), []);
      assert.deepEqual(info.framesAt({ section: -5, offset: 0 }), []);
      // `key` is in the stack at r10-48 (a fbreg/breg10 expression) everywhere.
      const outer = at(info.framesAt({ section: xdp, offset: 0 }), 0, 'the frame at 0');
      const key = defined(
        outer.variables.find((v) => v.variable.name === 'key'),
        'variable key',
      );
      assert.match(formatExpression(defined(key.ops, 'the location of key')), /W10\+48|DW_OP_fbreg/);
    });
  }

  it('evaluates registers, stack addresses, pieces and stack values', () => {
    const m = machine({ 1: 0x1000n, 10: 0x8000n }, new Map([[0x7ff8n, 0x2a]]));
    // DW_OP_reg1
    assert.deepEqual(evaluateLocation([{ code: 0x51 }], m), [
      { location: { kind: 'register', register: 1 }, size: undefined },
    ]);
    // DW_OP_fbreg -8
    assert.deepEqual(evaluateLocation([{ code: 0x91, a: -8n }], m), [
      { location: { kind: 'memory', address: 0x7ff8n }, size: undefined },
    ]);
    // DW_OP_breg1 +24, DW_OP_stack_value
    assert.deepEqual(evaluateLocation([{ code: 0x71, a: 24n }, { code: 0x9f }], m), [
      { location: { kind: 'value', value: 0x1018n }, size: undefined },
    ]);
    // DW_OP_breg10 -8, DW_OP_deref_size 1, DW_OP_stack_value
    assert.deepEqual(evaluateLocation([{ code: 0x7a, a: -8n }, { code: 0x94, a: 1n }, { code: 0x9f }], m), [
      { location: { kind: 'value', value: 0x2an }, size: undefined },
    ]);
    // DW_OP_reg1, DW_OP_piece 4, DW_OP_lit0, DW_OP_stack_value, DW_OP_piece 2, DW_OP_piece 2
    assert.deepEqual(
      evaluateLocation(
        [
          { code: 0x51 },
          { code: 0x93, a: 4n },
          { code: 0x30 },
          { code: 0x9f },
          { code: 0x93, a: 2n },
          { code: 0x93, a: 2n },
        ],
        m,
      ),
      [
        { location: { kind: 'register', register: 1 }, size: 4 },
        { location: { kind: 'value', value: 0n }, size: 2 },
        { location: { kind: 'optimized-out' }, size: 2 },
      ],
    );
    // An unknown register or an empty stack is an error, not a crash.
    assert.throws(() => evaluateLocation([{ code: 0x73, a: 0n }], m), DwarfError);
    assert.throws(() => evaluateLocation([{ code: 0x22 }], m), DwarfError);
  });
});
