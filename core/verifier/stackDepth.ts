// The stack a chain of bpf-to-bpf calls uses in all, as the Linux kernel limits it: each function's
// depth (the lowest r10-relative byte it touches, rounded up to 16 bytes as the kernel does when the
// program is JIT-compiled, which x86-64 and arm64 kernels always do) summed along
// every call chain from a root must stay within the limit. Roots are the program and each
// asynchronous callback (a timer's), which runs on a stack of its own; a synchronous callback
// (bpf_loop, bpf_for_each_map_elem) runs on top of the frame that passes it, like a call.

import { InsnClass, LddwSource } from '../isa/instruction';
import type { Instruction } from '../isa/instruction';
import type { Program } from '../program/types';
import { isLocalCall } from './cfg';

/** Helpers whose callback argument runs later, on a stack of its own. */
const ASYNC_CALLBACK_HELPERS = new Set(['bpf_timer_set_callback']);

const FRAME_GRANULE = 16;
const STACK_POINTER = 10;

export interface StackChainOverflow {
  /** The call (or callback address) whose frame takes the chain over the limit. */
  readonly pc: number;
  /** Frames in the chain, the overflowing one included. */
  readonly calls: number;
  readonly bytes: number;
}

interface FunctionRange {
  readonly start: number;
  /** Index into program.instructions of its first and one past its last instruction. */
  readonly first: number;
  readonly end: number;
}

/** A call edge out of a function: to the callee at `target`, made at `pc`. */
interface Edge {
  readonly pc: number;
  readonly target: number;
}

function isFunctionAddress(insn: Instruction): boolean {
  return insn.opcode === 0x18 && insn.src === LddwSource.FUNC;
}

/** The lowest r10-relative byte a function touches, tracking copies of r10 moved by constants. */
function frameDepth(insns: readonly Instruction[]): number {
  const offsetFromFp = new Map<number, number>([[STACK_POINTER, 0]]);
  let lowest = 0;
  const touch = (reg: number, off: number) => {
    const base = offsetFromFp.get(reg);
    if (base !== undefined) lowest = Math.min(lowest, base + off);
  };
  for (const insn of insns) {
    const cls = insn.opcode & 0x07;
    if (cls === InsnClass.LDX) touch(insn.src, insn.offset);
    else if (cls === InsnClass.ST || cls === InsnClass.STX) touch(insn.dst, insn.offset);
    if (cls !== InsnClass.ALU64 && cls !== InsnClass.ALU && cls !== InsnClass.LDX && cls !== InsnClass.LD) {
      if (cls === InsnClass.JMP && (insn.opcode & 0xf0) === 0x80)
        for (const r of [0, 1, 2, 3, 4, 5]) offsetFromFp.delete(r);
      continue;
    }
    if (insn.dst === STACK_POINTER) continue;
    if (insn.opcode === 0xbf && offsetFromFp.has(insn.src)) {
      // mov dst, src where src points into the frame.
      offsetFromFp.set(insn.dst, offsetFromFp.get(insn.src) ?? 0);
      touch(insn.dst, 0);
    } else if (insn.opcode === 0x07 && offsetFromFp.has(insn.dst)) {
      // add dst, imm: a pointer into the frame, moved.
      offsetFromFp.set(insn.dst, (offsetFromFp.get(insn.dst) ?? 0) + insn.imm);
      touch(insn.dst, 0);
    } else offsetFromFp.delete(insn.dst);
  }
  return Math.ceil(-lowest / FRAME_GRANULE) * FRAME_GRANULE;
}

function functionRanges(program: Program): FunctionRange[] {
  const starts = new Set<number>([0, ...program.functions.map((f) => f.startPc)]);
  for (const insn of program.instructions)
    if (isLocalCall(insn) || isFunctionAddress(insn)) starts.add(insn.pc + 1 + insn.imm);
  const sorted = [...starts].filter((pc) => program.indexOfPc(pc) >= 0).sort((a, b) => a - b);
  return sorted.map((start, n) => {
    const next = sorted[n + 1];
    return {
      start,
      first: program.indexOfPc(start),
      end: next === undefined ? program.instructions.length : program.indexOfPc(next),
    };
  });
}

/** Whether the callback address loaded at `index` is handed to a helper that runs it later. */
function isAsyncCallback(program: Program, index: number, end: number): boolean {
  for (let i = index + 1; i < end; i++) {
    const insn = program.instructions[i];
    if (!insn || (insn.opcode & 0x07) !== InsnClass.JMP || (insn.opcode & 0xf0) !== 0x80) continue;
    if (insn.src !== 0) return false;
    const name = program.platform.helper(insn.imm, program.programType)?.name;
    return name !== undefined && ASYNC_CALLBACK_HELPERS.has(name);
  }
  return false;
}

/** The first call chain whose frames need more than `limit` bytes of stack, if any. */
export function combinedStackOverflow(program: Program, limit: number): StackChainOverflow | undefined {
  const ranges = functionRanges(program);
  const byStart = new Map(ranges.map((r) => [r.start, r]));
  const depth = new Map<number, number>();
  const calls = new Map<number, Edge[]>();
  const roots: Edge[] = [{ pc: 0, target: 0 }];
  for (const r of ranges) {
    const insns = program.instructions.slice(r.first, r.end);
    depth.set(r.start, frameDepth(insns));
    const edges: Edge[] = [];
    for (let i = r.first; i < r.end; i++) {
      const insn = program.instructions[i];
      if (!insn) continue;
      const target = insn.pc + 1 + insn.imm;
      if (isLocalCall(insn)) edges.push({ pc: insn.pc, target });
      else if (isFunctionAddress(insn)) {
        if (isAsyncCallback(program, i, r.end)) roots.push({ pc: insn.pc, target });
        else edges.push({ pc: insn.pc, target });
      }
    }
    calls.set(r.start, edges);
  }
  const walk = (edge: Edge, chain: readonly number[], used: number): StackChainOverflow | undefined => {
    if (chain.includes(edge.target) || !byStart.has(edge.target)) return undefined; // recursion is its own error
    const bytes = used + (depth.get(edge.target) ?? 0);
    const frames = chain.length + 1;
    if (bytes > limit) return { pc: edge.pc, calls: frames, bytes };
    for (const next of calls.get(edge.target) ?? []) {
      const over = walk(next, [...chain, edge.target], bytes);
      if (over) return over;
    }
    return undefined;
  };
  for (const root of roots) {
    const over = walk(root, [], 0);
    if (over) return over;
  }
  return undefined;
}
