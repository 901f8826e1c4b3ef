// EXIT: references released and the return value the program type allows.

import type { Instruction } from '../../isa/instruction';
import { low32 } from '../num';
import type { State } from '../state';
import { T, payload } from '../value';
import { Failure, type FailureInit } from '../failure';
import { describeNum, describeType } from '../messages';
import type { Semantics } from '../transfer';
import { readReg } from './operands';

export function exit(sem: Semantics, insn: Instruction, s: State): void {
  const pc = insn.pc;
  if (s.frames.length > 0) return; // a subprogram's r0 is checked where the caller uses it
  const r0 = readReg(s, pc, 0, 'returned');
  const [ref] = s.refs;
  if (ref !== undefined) {
    const helper = sem.helperName(ref);
    const ringbuf = helper.includes('ringbuf');
    throw new Failure(pc, {
      code: 'unreleased-reference',
      message: ringbuf
        ? `the record reserved by \`${helper}\` is neither submitted nor discarded on this path; call bpf_ringbuf_submit or bpf_ringbuf_discard before returning`
        : `the reference returned by \`${helper}\` is not released on this path; call bpf_sk_release on it (when it is not NULL) before returning`,
      condition: 'all references released',
      related: [{ pc: ref, message: ringbuf ? 'the record is reserved here' : 'the reference is acquired here' }],
    });
  }
  if (sem.entryGlobal) {
    if (r0.t !== T.number) {
      throw new Failure(pc, {
        code: 'invalid-return-value',
        message: `the global function \`${sem.entryGlobal.name}\` returns ${describeType(r0)}; global functions must return a number`,
        condition: 'r0.type == number',
        regs: [0],
      });
    }
    return;
  }
  const range = sem.programType?.returnRange;
  if (r0.t !== T.number) {
    const init: FailureInit = {
      code: r0.t & T.number ? 'invalid-return-value' : 'pointer-leak',
      message: `the program returns ${describeType(r0)} in r0; it must return a number`,
      condition: 'r0.type == number',
      regs: [0],
    };
    if (!sem.rootLinux || range) throw new Failure(pc, { ...init, code: 'invalid-return-value' });
    sem.warn(pc, s, {
      ...init,
      message: `${init.message} (the kernel accepts returning a pointer only from privileged tracing programs)`,
    });
    return;
  }
  if (range) {
    const n = payload(r0, 'num');
    const [lo, hi] = [BigInt(range[0]), BigInt(range[1])];
    const view = sem.platform.resultBits === 32 ? low32(n) : n;
    const within =
      sem.platform.resultBits === 32 ? view.umin >= lo && view.umax <= hi && lo >= 0n : n.smin >= lo && n.smax <= hi;
    if (!within) {
      const meanings = Object.entries(sem.programType.returnValues)
        .map(([k, v]) => `${v} (${k})`)
        .join(', ');
      const init: FailureInit = {
        code: 'invalid-return-value',
        message: `the program may return ${describeNum(n)}, but ${sem.programType.name} programs must return a value in [${lo}, ${hi}]${meanings ? `: ${meanings}` : ''}`,
        condition: `r0.value in [${lo}, ${hi}]`,
        regs: [0],
      };
      // PREVAIL checks only that r0 is a number; the hook decides what an unknown value means.
      if (!sem.linux)
        sem.warn(pc, s, {
          ...init,
          message: `${init.message}; eBPF for Windows loads it, but the hook may treat the value as an error`,
        });
      else throw new Failure(pc, init);
    }
  }
}
