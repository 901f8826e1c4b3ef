// Reading operands: a register that must exist and be initialised, a number where one is required.

import type { Instruction } from '../../isa/instruction';
import type { DiagnosticCode } from '../types';
import type { Num } from '../num';
import type { State } from '../state';
import { T, type Value, payload } from '../value';
import { Failure } from '../failure';
import { describeType } from '../messages';

export function readReg(s: State, pc: number, r: number, what = 'used'): Value {
  const v = s.regs[r];
  if (v === undefined)
    throw new Failure(pc, {
      code: 'invalid-instruction',
      message: `r${r} is not a register: eBPF has r0-r10`,
      condition: `r${r} in r0..r10`,
    });
  if (v.t & T.uninit) {
    const never = v.t === T.uninit;
    throw new Failure(pc, {
      code: 'uninitialized-register',
      message: never
        ? `r${r} is ${what} before anything was assigned to it${r >= 1 && r <= 5 ? ' (r1-r5 are cleared by every call)' : ''}`
        : `r${r} is ${what} but it is not initialised on every path that reaches here${r >= 1 && r <= 5 ? ' (r1-r5 are cleared by every call)' : ''}`,
      condition: `r${r}.type != uninit`,
      regs: [r],
    });
  }
  return v;
}

export function requireNumber(
  s: State,
  pc: number,
  r: number,
  why: string,
  code: DiagnosticCode = 'invalid-pointer-arithmetic',
): Num {
  const v = readReg(s, pc, r);
  if (v.t !== T.number) {
    throw new Failure(pc, {
      code,
      message: `r${r} holds ${describeType(v)} where a number is required: ${why}`,
      condition: `r${r}.type == number`,
      regs: [r],
    });
  }
  return payload(v, 'num');
}

// ---- instructions ----

export function noR10(insn: Instruction, r: number): void {
  if (r === 10) {
    throw new Failure(insn.pc, {
      code: 'invalid-instruction',
      message: 'r10 (the frame pointer) is read-only; copy it to another register first',
      condition: 'r10 is read-only',
    });
  }
}

export function freshId(s: State, pc: number): number {
  // The id is the pc of the copy; older values carrying it (a previous loop iteration) lose it.
  s.mapValues((v) => {
    if (v.id !== pc) return v;
    const { id: _stale, ...rest } = v;
    return rest;
  });
  return pc;
}
