// What the Linux kernel refuses a loader without capabilities before its verifier looks at values:
// the program type itself, more than BPF_MAXINSNS instructions, calls of other BPF or kernel
// functions (check_subprogs), and any jump backwards (check_cfg's back-edge test). In the
// kernel's order, so the first refusal is the one the kernel reports.
import { CallSource, JmpOp, LddwSource, type Instruction } from '../isa/instruction';
import { isExit, isJump, jumpOp, jumpTarget } from './cfg';
import { UNPRIVILEGED_MAX_INSTRUCTIONS, type UnprivilegedLoad } from '../platform/linuxUnprivileged';
import type { Program } from '../program/types';
import type { FailureInit } from './failure';
import {
  unprivilegedBackEdge,
  unprivilegedCall,
  unprivilegedTooManyInstructions,
  unprivilegedTypeRefused,
} from './messages';

export interface UnprivilegedRefusal {
  /** The instruction the kernel names, or undefined for the program as a whole (its SEC line). */
  readonly pc: number | undefined;
  readonly failure: FailureInit;
}

export function unprivilegedRefusal(program: Program, load: UnprivilegedLoad): UnprivilegedRefusal | undefined {
  const type = program.programType?.name ?? 'this';
  if (program.slotCount > UNPRIVILEGED_MAX_INSTRUCTIONS)
    return {
      pc: undefined,
      failure: unprivilegedTooManyInstructions(program.slotCount, UNPRIVILEGED_MAX_INSTRUCTIONS),
    };
  if (load.kind === 'refused') return { pc: undefined, failure: unprivilegedTypeRefused(type, load.reason) };
  const call = program.instructions.find(callsAnotherFunction);
  if (call) return { pc: call.pc, failure: unprivilegedCall(call.src === CallSource.KFUNC) };
  const edge = firstBackEdge(program);
  if (edge) return { pc: edge.from, failure: unprivilegedBackEdge(edge.from, edge.to) };
  return undefined;
}

/** A bpf-to-bpf or kfunc call, or a callback's address taken (it is a function of its own). */
function callsAnotherFunction(i: Instruction): boolean {
  if (i.opcode === 0x85) return i.src === CallSource.LOCAL || i.src === CallSource.KFUNC;
  return i.opcode === 0x18 && i.src === LddwSource.FUNC;
}

/** Successors as the kernel's check_cfg visits them: the fall-through first, then the jump target. */
function successors(i: Instruction): number[] {
  const next = i.pc + i.slots;
  if (isExit(i)) return [];
  if (!isJump(i) || jumpOp(i) === JmpOp.CALL) return [next];
  return jumpOp(i) === JmpOp.JA ? [jumpTarget(i)] : [next, jumpTarget(i)];
}

/** The first jump to an instruction still being explored, depth first from pc 0. */
function firstBackEdge(program: Program): { from: number; to: number } | undefined {
  const byPc = new Map(program.instructions.map((i) => [i.pc, i]));
  const state = new Map<number, 1 | 2>();
  const first = byPc.get(0);
  if (!first) return undefined;
  const stack: { insn: Instruction; succ: number[]; at: number }[] = [{ insn: first, succ: successors(first), at: 0 }];
  state.set(0, 1);
  for (let top = stack.at(-1); top; top = stack.at(-1)) {
    const to = top.succ[top.at++];
    if (to === undefined) {
      state.set(top.insn.pc, 2);
      stack.pop();
      continue;
    }
    const seen = state.get(to);
    if (seen === 1) return { from: top.insn.pc, to };
    const insn = byPc.get(to);
    if (seen === undefined && insn) {
      state.set(to, 1);
      stack.push({ insn, succ: successors(insn), at: 0 });
    }
  }
  return undefined;
}
