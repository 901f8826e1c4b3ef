// Soundness against execution: random packet-parsing programs (bounds checks of random lengths,
// constant and variable offsets, stack spills, map lookups with and without NULL checks). Every
// program the verifier accepts is run in the VM on many random packets and must never fault; and
// random instruction soup must never crash or hang the verifier.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Asm, linuxProfile, windowsProfile } from './builder';
import { at } from '../../support/at';
import type { PlatformProfile } from '../../../core/platform/types';
import { verifyProgram } from '../../../core/verifier/index';
import { Vm } from '../../../core/vm/vm';
import { VmFault } from '../../../core/vm/errors';
import { programFromInstructions } from '../../../core/program/fromInstructions';
import type { Instruction } from '../../../core/isa/instruction';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomProgram(r: () => number, p: PlatformProfile): Asm {
  const a = new Asm();
  const m = a.map('m', 4, 16, 'hash', p);
  const ptr = p.contextPointerSize;
  const reload = (): void => {
    a.ldx(ptr, 2, 6, 0).ldx(ptr, 3, 6, ptr);
  };
  const pick = (n: number): number => Math.floor(r() * n);
  a.movr(6, 1);
  reload();
  a.mov(9, 0);
  // Usually initialise the stack slots and check a first length, so that many programs pass.
  if (r() < 0.8) a.st(8, 10, -8, 0).st(8, 10, -16, 0).st(8, 10, -24, 0);
  if (r() < 0.8)
    a.movr(4, 2)
      .alu64('add', 4, 8 + pick(40))
      .jmpr('jgt', 4, 3, 'out');
  const statements = 2 + pick(5);
  for (let i = 0; i < statements; i++) {
    switch (pick(7)) {
      case 0: // check a length
        a.movr(4, 2)
          .alu64('add', 4, pick(40))
          .jmpr(r() < 0.5 ? 'jgt' : 'jge', 4, 3, 'out');
        break;
      case 1: // constant-offset read
        a.ldx(at([1, 2, 4, 8] as const, pick(4)), 5, 2, pick(40)).alu64r('add', 9, 5);
        break;
      case 2: {
        // variable offset (masked), read without its own check
        const mask = at([3, 7, 15, 31], pick(4));
        a.movr(4, 2).alu64('add', 4, pick(8)).jmpr('jgt', 4, 3, 'out');
        a.ldx(1, 7, 2, 0)
          .alu64('and', 7, mask)
          .movr(4, 2)
          .alu64r('add', 4, 7)
          .ldx(1, 5, 4, pick(10))
          .alu64r('add', 9, 5);
        break;
      }
      case 3: {
        // variable offset checked through a derived pointer
        a.movr(4, 2).alu64('add', 4, 1).jmpr('jgt', 4, 3, 'out');
        a.ldx(1, 7, 2, 0)
          .alu64('and', 7, 31)
          .movr(4, 2)
          .alu64r('add', 4, 7)
          .movr(8, 4)
          .alu64('add', 8, 1 + pick(4))
          .jmpr('jgt', 8, 3, 'out');
        a.ldx(at([1, 2, 4] as const, pick(3)), 5, 4, 0).alu64r('add', 9, 5);
        break;
      }
      case 4: // stack spill and fill of a packet pointer, then use it
        a.stx(8, 10, -16, 2).ldx(8, 4, 10, -16).ldx(1, 5, 4, pick(16)).alu64r('add', 9, 5);
        break;
      case 5: {
        // map lookup, sometimes NULL-checked; pointers reloaded after the call
        a.stx(4, 10, -4, 9).ldmap(1, m).movr(2, 10).alu64('add', 2, -4).call(1);
        if (r() < 0.7) a.jmp('jeq', 0, 0, `skip${i}`);
        a.ldx(8, 5, 0, pick(12)).alu64r('add', 9, 5).label(`skip${i}`);
        reload();
        break;
      }
      case 6: // read a stack slot that may never have been written
        a.ldx(8, 5, 10, -8 * (1 + pick(3))).alu64r('add', 9, 5);
        if (r() < 0.5) a.stx(8, 10, -8 * (1 + pick(3)), 9);
        break;
    }
  }
  a.label('out')
    .mov(0, p.id === 'windows' ? 1 : 2)
    .exit();
  return a;
}

describe('verifier soundness against the VM', () => {
  for (const platform of [windowsProfile, linuxProfile]) {
    it(`${platform.id}: programs that verify never fault on random packets`, () => {
      const r = rng(platform.id === 'windows' ? 11 : 17);
      let accepted = 0;
      let rejected = 0;
      for (let n = 0; n < 400; n++) {
        const a = randomProgram(r, platform);
        const program = a.program(platform, 'xdp');
        const result = verifyProgram(program);
        if (result.verdict === 'fail') {
          rejected++;
          continue;
        }
        accepted++;
        const vm = new Vm(program);
        for (let k = 0; k < 12; k++) {
          const len = Math.floor(r() * 70);
          const packet = new Uint8Array(len).map(() => Math.floor(r() * 256));
          const run = vm.run({ packet });
          if (run.error instanceof VmFault) {
            assert.fail(
              `accepted program faults on a ${len}-byte packet: ${run.error.message}\n${program.instructions.map((i) => JSON.stringify(i)).join('\n')}`,
            );
          }
        }
      }
      // Both outcomes must occur, or the test proves nothing.
      assert.ok(accepted > 40 && rejected > 40, `accepted ${accepted}, rejected ${rejected}`);
      console.log(`${platform.id}: ${accepted} accepted programs ran without a fault; ${rejected} rejected`);
    });
  }

  it('random instruction soup never crashes or hangs the verifier', () => {
    const r = rng(5);
    const opcodes = [
      0x07, 0x0f, 0x04, 0x0c, 0x17, 0x1f, 0x27, 0x2f, 0x37, 0x3f, 0x47, 0x57, 0x5f, 0x67, 0x77, 0x87, 0x97, 0xa7, 0xaf,
      0xb7, 0xbf, 0xc7, 0xcf, 0x61, 0x69, 0x71, 0x79, 0x62, 0x6a, 0x72, 0x7a, 0x63, 0x6b, 0x73, 0x7b, 0xdb, 0xc3, 0x05,
      0x15, 0x1d, 0x25, 0x2d, 0x35, 0x45, 0x55, 0x5d, 0x65, 0x6d, 0x75, 0xa5, 0xad, 0xb5, 0xc5, 0xd5, 0x16, 0x26, 0xa6,
      0x85, 0x95, 0xdc, 0xd4,
    ];
    for (let n = 0; n < 300; n++) {
      const len = 2 + Math.floor(r() * 40);
      const insns: Instruction[] = [];
      for (let pc = 0; pc < len; pc++) {
        const opcode = pc === len - 1 ? 0x95 : at(opcodes, Math.floor(r() * opcodes.length));
        const isJump = (opcode & 7) === 5 || (opcode & 7) === 6;
        const isCall = opcode === 0x85;
        insns.push({
          pc,
          opcode,
          dst: opcode === 0x95 || opcode === 0x05 || isCall ? 0 : Math.floor(r() * 11),
          src: opcode & 8 && !isCall ? Math.floor(r() * 11) : isCall && r() < 0.3 ? 1 : 0,
          offset:
            isJump && !isCall
              ? Math.floor(r() * 12) - 6
              : [0x61, 0x69, 0x71, 0x79, 0x62, 0x6a, 0x72, 0x7a, 0x63, 0x6b, 0x73, 0x7b, 0xdb, 0xc3].includes(opcode)
                ? -8 * Math.floor(r() * 5)
                : 0,
          imm:
            opcode === 0xdc || opcode === 0xd4
              ? at([16, 32, 64], Math.floor(r() * 3))
              : isCall
                ? Math.floor(r() * 40) - 5
                : opcode & 8
                  ? 0
                  : Math.floor(r() * 64) - 8,
          slots: 1,
        });
      }
      const platform = r() < 0.5 ? windowsProfile : linuxProfile;
      const program = programFromInstructions(insns, platform, platform.programTypeForSection('xdp'));
      const result = verifyProgram(program, { timeBudgetMs: 2000 });
      assert.ok(result.verdict === 'pass' || result.verdict === 'fail');
      for (const d of result.diagnostics) assert.ok(d.message.length > 0 && d.condition.length > 0, JSON.stringify(d));
    }
  });
});
