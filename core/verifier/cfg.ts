// Control flow: basic blocks per function, and the graph the analysis iterates over, in which
// every bpf-to-bpf call is inlined per call site (like PREVAIL) so that each calling context
// keeps its own states.

import { CallSource, InsnClass, JmpOp, type Instruction } from '../isa/instruction';
import type { Program } from '../program/types';

export interface Block {
  readonly index: number;
  /** Indices into program.instructions, in order. */
  readonly first: number;
  readonly last: number;
  /** Entry pc of the function the block belongs to. */
  readonly fn: number;
}

export type EdgeKind = 'fall' | 'taken' | 'not-taken' | 'call' | 'return';

export interface Edge {
  readonly from: number;
  readonly to: number;
  readonly kind: EdgeKind;
}

export interface Node {
  readonly id: number;
  readonly block: Block;
  /** Call sites (pcs) from the entry function down to this node's function. */
  readonly callStack: readonly number[];
  readonly succs: Edge[];
  readonly preds: Edge[];
}

/** A structural problem found while building the graph, reported when the analysis reaches it. */
export interface StructuralIssue {
  readonly code: 'recursion' | 'call-depth' | 'invalid-jump' | 'too-complex';
  readonly pc: number;
  readonly message: string;
  readonly condition: string;
}

export const MAX_CALL_FRAMES = 8;
const MAX_NODES = 200_000;

export function isJump(insn: Instruction): boolean {
  const cls = insn.opcode & 7;
  return cls === InsnClass.JMP || cls === InsnClass.JMP32;
}

export function jumpOp(insn: Instruction): number {
  return insn.opcode & 0xf0;
}

export function isLocalCall(insn: Instruction): boolean {
  return insn.opcode === 0x85 && insn.src === CallSource.LOCAL;
}

export function isExit(insn: Instruction): boolean {
  return insn.opcode === 0x95;
}

export function isConditional(insn: Instruction): boolean {
  if (!isJump(insn)) return false;
  const op = jumpOp(insn);
  return op !== JmpOp.JA && op !== JmpOp.CALL && op !== JmpOp.EXIT;
}

/** Target pc of a jump (JA with JMP32 class = gotol uses imm). */
export function jumpTarget(insn: Instruction): number {
  if (jumpOp(insn) === JmpOp.JA && (insn.opcode & 7) === InsnClass.JMP32) return insn.pc + 1 + insn.imm;
  return insn.pc + 1 + insn.offset;
}

export class ControlFlow {
  readonly blocks: Block[] = [];
  readonly nodes: Node[] = [];
  readonly issues = new Map<string, StructuralIssue>();
  /** Function entry pcs, sorted. */
  readonly functionEntries: number[];
  private readonly blockAtPc = new Map<number, Block>();
  private readonly nodeKey = new Map<string, number>();

  constructor(readonly program: Program) {
    const insns = program.instructions;
    const entries = new Set<number>(program.functions.map((f) => f.startPc));
    entries.add(0);
    for (const insn of insns) if (isLocalCall(insn)) entries.add(insn.pc + 1 + insn.imm);
    this.functionEntries = [...entries].filter((pc) => program.indexOfPc(pc) >= 0).sort((a, b) => a - b);
    this.buildBlocks();
  }

  functionOf(pc: number): number {
    let fn = 0;
    for (const e of this.functionEntries) if (e <= pc) fn = e;
    return fn;
  }

  private buildBlocks(): void {
    const insns = this.program.instructions;
    const leaders = new Set<number>(this.functionEntries);
    for (const insn of insns) {
      if (!isJump(insn)) continue;
      const op = jumpOp(insn);
      if (op === JmpOp.CALL) {
        if (isLocalCall(insn)) leaders.add(insn.pc + 1);
        continue;
      }
      if (op === JmpOp.EXIT) {
        leaders.add(insn.pc + 1);
        continue;
      }
      leaders.add(jumpTarget(insn));
      leaders.add(insn.pc + 1);
    }
    let start = 0;
    for (let i = 0; i < insns.length; i++) {
      const next = insns[i + 1];
      if (!next || leaders.has(next.pc)) {
        const block: Block = { index: this.blocks.length, first: start, last: i, fn: this.functionOf(insns[start].pc) };
        this.blocks.push(block);
        this.blockAtPc.set(insns[start].pc, block);
        start = i + 1;
      }
    }
  }

  blockAt(pc: number): Block | undefined {
    return this.blockAtPc.get(pc);
  }

  private issue(callStack: readonly number[], issue: StructuralIssue): void {
    this.issues.set(`${callStack.join('/')}@${issue.pc}`, issue);
  }

  issueAt(callStack: readonly number[], pc: number): StructuralIssue | undefined {
    return this.issues.get(`${callStack.join('/')}@${pc}`);
  }

  private node(block: Block, callStack: readonly number[]): number {
    const key = `${callStack.join('/')}:${block.index}`;
    const existing = this.nodeKey.get(key);
    if (existing !== undefined) return existing;
    if (this.nodes.length >= MAX_NODES) throw new GraphTooLarge();
    const node: Node = { id: this.nodes.length, block, callStack, succs: [], preds: [] };
    this.nodes.push(node);
    this.nodeKey.set(key, node.id);
    this.pending.push(node.id);
    return node.id;
  }

  private pending: number[] = [];

  private link(from: number, to: number, kind: EdgeKind): void {
    const e: Edge = { from, to, kind };
    this.nodes[from].succs.push(e);
    this.nodes[to].preds.push(e);
  }

  /** Build the inlined graph from the entry; returns the entry node id. */
  build(): number {
    const entryBlock = this.blockAt(0);
    if (!entryBlock) throw new Error('verifier: program has no instructions');
    const entry = this.node(entryBlock, []);
    while (this.pending.length > 0) {
      const id = this.pending.pop()!;
      this.expand(id);
    }
    return entry;
  }

  private expand(id: number): void {
    const node = this.nodes[id];
    const insns = this.program.instructions;
    const last = insns[node.block.last];
    const cs = node.callStack;
    const nextBlock = (): Block | undefined => {
      const next = insns[node.block.last + 1];
      return next && this.functionOf(next.pc) === node.block.fn ? this.blockAt(next.pc) : undefined;
    };
    const fallOff = (): void =>
      this.issue(cs, {
        code: 'invalid-jump',
        pc: last.pc,
        message: 'execution falls off the end of the function without an `exit`',
        condition: 'exit required',
      });
    if (isExit(last)) {
      if (cs.length === 0) return;
      const callPc = cs[cs.length - 1];
      const callerStack = cs.slice(0, -1);
      const retBlock = this.blockAt(callPc + 1);
      if (!retBlock || this.functionOf(callPc + 1) !== this.functionOf(callPc)) {
        this.issue(callerStack, { code: 'invalid-jump', pc: callPc, message: 'a call is the last instruction of its function: nothing to return to', condition: 'exit required' });
        return;
      }
      this.link(id, this.node(retBlock, callerStack), 'return');
      return;
    }
    if (isLocalCall(last)) {
      const target = last.pc + 1 + last.imm;
      const calleeBlock = this.blockAt(target);
      if (!calleeBlock) {
        this.issue(cs, { code: 'invalid-jump', pc: last.pc, message: `call to pc ${target}, which is not the start of an instruction`, condition: `valid call target ${target}` });
        return;
      }
      const chainFns = [0, ...cs.map((c) => this.program.instructions[this.program.indexOfPc(c)].pc + 1 + this.program.instructions[this.program.indexOfPc(c)].imm)];
      if (chainFns.includes(target)) {
        this.issue(cs, { code: 'recursion', pc: last.pc, message: `illegal recursion: the function at pc ${target} calls itself (directly or indirectly)`, condition: 'no recursion' });
        return;
      }
      if (cs.length + 1 >= MAX_CALL_FRAMES) {
        this.issue(cs, {
          code: 'call-depth',
          pc: last.pc,
          message: `too many nested calls: at most ${MAX_CALL_FRAMES} call frames are allowed`,
          condition: `call depth < ${MAX_CALL_FRAMES}`,
        });
        return;
      }
      this.link(id, this.node(calleeBlock, [...cs, last.pc]), 'call');
      return;
    }
    if (isJump(last) && jumpOp(last) !== JmpOp.CALL) {
      const target = jumpTarget(last);
      const tb = this.blockAt(target);
      if (!tb || this.functionOf(target) !== node.block.fn) {
        this.issue(cs, {
          code: 'invalid-jump',
          pc: last.pc,
          message: tb ? `jump from pc ${last.pc} into another function (pc ${target})` : `jump to pc ${target}, outside the program or into the middle of an instruction`,
          condition: `valid jump target ${target}`,
        });
        return;
      }
      if (jumpOp(last) === JmpOp.JA) {
        this.link(id, this.node(tb, cs), 'fall');
        return;
      }
      const nb = nextBlock();
      if (!nb) {
        fallOff();
        return;
      }
      this.link(id, this.node(tb, cs), 'taken');
      this.link(id, this.node(nb, cs), 'not-taken');
      return;
    }
    const nb = nextBlock();
    if (!nb) {
      fallOff();
      return;
    }
    this.link(id, this.node(nb, cs), 'fall');
  }
}

export class GraphTooLarge extends Error {
  constructor() {
    super('the program is too large to analyse: too many inlined call contexts');
  }
}

/** Reverse post-order and loop heads (targets of DFS back edges), computed iteratively. */
export function orderGraph(nodes: readonly Node[], entry: number): { rpo: number[]; rank: Int32Array; heads: Set<number> } {
  const rank = new Int32Array(nodes.length).fill(-1);
  const state = new Uint8Array(nodes.length); // 0 new, 1 on stack, 2 done
  const post: number[] = [];
  const heads = new Set<number>();
  const stack: { id: number; next: number }[] = [{ id: entry, next: 0 }];
  state[entry] = 1;
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const succs = nodes[top.id].succs;
    if (top.next < succs.length) {
      const to = succs[top.next++].to;
      if (state[to] === 0) {
        state[to] = 1;
        stack.push({ id: to, next: 0 });
      } else if (state[to] === 1) {
        heads.add(to);
      }
    } else {
      state[top.id] = 2;
      post.push(top.id);
      stack.pop();
    }
  }
  const rpo = post.reverse();
  rpo.forEach((id, i) => (rank[id] = i));
  return { rpo, rank, heads };
}
