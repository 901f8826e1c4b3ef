// Control flow: basic blocks per function, and the graph the analysis iterates over, in which
// every bpf-to-bpf call is inlined per call site (like PREVAIL) so that each calling context
// keeps its own states.

import { CallSource, InsnClass, JmpOp, type Instruction } from '../isa/instruction';
import type { Program } from '../program/types';
import { known } from './known';

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
  /**
   * Loop peeling (precision like the kernel's, which explores each iteration): per call frame,
   * the iteration number of each peeled loop the node is in; -1 = past the peeled iterations.
   */
  readonly iters: readonly (readonly (readonly [number, number])[])[];
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
  /** Natural loops (reducible only): head block index -> blocks of the loop. */
  readonly loops = new Map<number, Set<number>>();
  /** Loops to peel: head block index -> number of iterations analysed one by one. */
  peel = new Map<number, number>();
  maxNodes = MAX_NODES;
  /** Start pcs of functions that are called as summaries (Linux global functions), not inlined. */
  summarised = new Set<number>();

  constructor(readonly program: Program) {
    const insns = program.instructions;
    const entries = new Set<number>(program.functions.map((f) => f.startPc));
    entries.add(0);
    for (const insn of insns) if (isLocalCall(insn)) entries.add(insn.pc + 1 + insn.imm);
    this.functionEntries = [...entries].filter((pc) => program.indexOfPc(pc) >= 0).sort((a, b) => a - b);
    this.buildBlocks();
    this.findLoops();
    if (program.platform.id === 'linux') this.findSplitBlocks();
  }

  private findSplitBlocks(): void {
    const insns = this.program.instructions;
    const preds = new Map<number, number>();
    for (const b of this.blocks) for (const t of this.blockSuccs(b)) preds.set(t.index, (preds.get(t.index) ?? 0) + 1);
    for (const b of this.blocks) {
      if ((preds.get(b.index) ?? 0) < 2 || this.loops.has(b.index)) continue;
      const size = b.last - b.first + 1;
      for (let i = b.first; i <= b.last; i++) {
        const insn = insns[i];
        if (!insn) continue;
        if ((size <= 4 && insn.opcode === 0x85 && insn.src === 0) || (size <= 16 && isShiftByRegister(insn.opcode))) {
          this.splitBlocks.add(b.index);
          break;
        }
      }
      if (size <= 8 && flagTest(insns, b)) this.splitBlocks.add(b.index);
    }
  }

  /** Successor blocks within the same function (a local call continues at its return site). */
  blockSuccs(b: Block): Block[] {
    const insns = this.program.instructions;
    const last = known(insns, b.last, 'instruction');
    const following = insns[b.last + 1];
    const next = following ? this.blockAt(following.pc) : undefined;
    const sameFn = (x: Block | undefined): x is Block => !!x && x.fn === b.fn;
    if (isExit(last)) return [];
    if (isJump(last) && jumpOp(last) !== JmpOp.CALL) {
      const t = this.blockAt(jumpTarget(last));
      if (jumpOp(last) === JmpOp.JA) return sameFn(t) ? [t] : [];
      return [t, next].filter(sameFn);
    }
    return sameFn(next) ? [next] : [];
  }

  private findLoops(): void {
    const preds = new Map<number, number[]>();
    for (const b of this.blocks)
      for (const t of this.blockSuccs(b)) preds.set(t.index, [...(preds.get(t.index) ?? []), b.index]);
    const state = new Uint8Array(this.blocks.length);
    const backEdges: [number, number][] = [];
    for (const entry of this.functionEntries) {
      const eb = this.blockAt(entry);
      if (!eb || state[eb.index]) continue;
      const stack: { b: Block; i: number; succs: Block[] }[] = [{ b: eb, i: 0, succs: this.blockSuccs(eb) }];
      state[eb.index] = 1;
      for (let top = stack.at(-1); top !== undefined; top = stack.at(-1)) {
        const t = top.succs[top.i];
        if (t !== undefined) {
          top.i++;
          if (state[t.index] === 0) {
            state[t.index] = 1;
            stack.push({ b: t, i: 0, succs: this.blockSuccs(t) });
          } else if (state[t.index] === 1) backEdges.push([top.b.index, t.index]);
        } else {
          state[top.b.index] = 2;
          stack.pop();
        }
      }
    }
    for (const [u, h] of backEdges) {
      const body = this.loops.get(h) ?? new Set<number>([h]);
      const work = [u];
      for (let x = work.pop(); x !== undefined; x = work.pop()) {
        if (body.has(x)) continue;
        body.add(x);
        for (const p of preds.get(x) ?? []) work.push(p);
      }
      this.loops.set(h, body);
    }
    // Irreducible loops (entered other than through the head) are not peeled.
    for (const [h, body] of [...this.loops]) {
      for (const b of body) {
        if (b !== h && (preds.get(b) ?? []).some((p) => !body.has(p))) {
          this.loops.delete(h);
          break;
        }
      }
    }
  }

  /** The iteration vector of an edge's target. */
  private nextIters(node: Node, to: Block, kind: EdgeKind): (readonly (readonly [number, number])[])[] {
    if (this.peel.size === 0) return [];
    const frames = node.iters.map((f) => f);
    if (kind === 'call') return [...frames, []];
    if (kind === 'return') frames.pop();
    const cur = frames.at(-1) ?? [];
    const out: [number, number][] = [];
    for (const [h, n] of cur) if (this.loops.get(h)?.has(to.index)) out.push([h, n]);
    const limit = this.peel.get(to.index);
    if (limit !== undefined && kind !== 'return') {
      const i = out.findIndex(([h]) => h === to.index);
      const found = i >= 0 ? out[i] : undefined;
      // Only loops are peeled (peel is set from this.loops), so the head has a loop body.
      const back = this.loops.get(to.index)?.has(node.block.index) === true && node.block.fn === to.fn;
      if (back && found) {
        const n = found[1];
        out[i] = [to.index, n < 0 || n + 1 >= limit ? -1 : n + 1];
      } else if (!found) {
        out.push([to.index, 0]);
      } else {
        out[i] = [to.index, 0];
      }
    }
    out.sort((a, b) => a[0] - b[0]);
    if (frames.length === 0) frames.push(out);
    else frames[frames.length - 1] = out;
    return frames;
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
        const startPc = known(insns, start, 'instruction').pc;
        const block: Block = { index: this.blocks.length, first: start, last: i, fn: this.functionOf(startPc) };
        this.blocks.push(block);
        this.blockAtPc.set(startPc, block);
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
    // Asked for every instruction the checker runs; most graphs have no issue at all.
    if (this.issues.size === 0) return undefined;
    return this.issues.get(`${callStack.join('/')}@${pc}`);
  }

  private node(
    block: Block,
    callStack: readonly number[],
    iters: readonly (readonly (readonly [number, number])[])[] = [],
    from?: Node,
  ): number {
    // A split block gets one node per predecessor block: no join before it (see splitBlocks).
    const via = from && this.splitBlocks.has(block.index) ? `<${from.block.index}` : '';
    const key = `${callStack.join('/')}|${iters.map((f) => f.map(([h, n]) => `${h}=${n}`).join(',')).join(';')}:${block.index}${via}`;
    const existing = this.nodeKey.get(key);
    if (existing !== undefined) return existing;
    if (this.nodes.length >= this.maxNodes) throw new GraphTooLarge();
    const node: Node = { id: this.nodes.length, block, callStack, iters, succs: [], preds: [] };
    this.nodes.push(node);
    this.nodeKey.set(key, node.id);
    this.pending.push(node.id);
    return node.id;
  }

  /**
   * Linux: small blocks that call a helper and are reached from several places. clang merges calls
   * whose arguments differ per branch (a buffer and its size chosen together); the kernel explores
   * each path, so each predecessor gets its own copy and the pair is checked before any join.
   * Likewise small blocks that shift by a register: the kernel knows nothing of a shift by a
   * non-constant amount, but clang merges `len << 2` and `len << 3` into one shift by an amount set
   * per branch (xdp-tools' IPv6 extension-header walk), a constant on each path the kernel explores.
   * And small blocks that only compute and test (register arithmetic, stack loads and spills, then
   * a conditional jump), where paths meet before a test that tells them apart: a flag set to 0 or
   * -EINVAL after a bounds check, then `if (!ret)` (Cilium's xdp_load_bytes); a NULL check made a
   * 0/1 flag ANDed with another; `if (ret < 0)` after a callee that returns 0 only with a valid
   * pointer. Each copy decides the test with its own path's facts, as the kernel, which walks
   * each path, does; the successors join again right after.
   */
  readonly splitBlocks = new Set<number>();

  private pending: number[] = [];
  private entryFn = 0;

  private link(from: number, to: number, kind: EdgeKind): void {
    const e: Edge = { from, to, kind };
    known(this.nodes, from, 'node').succs.push(e);
    known(this.nodes, to, 'node').preds.push(e);
  }

  /** Build the inlined graph from the entry; returns the entry node id. */
  build(entryPc = 0): number {
    const entryBlock = this.blockAt(entryPc);
    if (!entryBlock) throw new Error('verifier: program has no instructions');
    this.entryFn = entryPc;
    const entry = this.node(entryBlock, []);
    for (let id = this.pending.pop(); id !== undefined; id = this.pending.pop()) this.expand(id);
    return entry;
  }

  private expand(id: number): void {
    const node = known(this.nodes, id, 'node');
    const insns = this.program.instructions;
    const last = known(insns, node.block.last, 'instruction');
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
      const callPc = cs.at(-1);
      if (callPc === undefined) return;
      const callerStack = cs.slice(0, -1);
      const retBlock = this.blockAt(callPc + 1);
      if (!retBlock || this.functionOf(callPc + 1) !== this.functionOf(callPc)) {
        this.issue(callerStack, {
          code: 'invalid-jump',
          pc: callPc,
          message: 'a call is the last instruction of its function: nothing to return to',
          condition: 'exit required',
        });
        return;
      }
      this.link(id, this.node(retBlock, callerStack, this.nextIters(node, retBlock, 'return')), 'return');
      return;
    }
    if (isLocalCall(last) && this.summarised.has(last.pc + 1 + last.imm)) {
      // A call checked against the callee's prototype: execution continues after it.
      const nb = nextBlock();
      if (!nb) {
        fallOff();
        return;
      }
      this.link(id, this.node(nb, cs, this.nextIters(node, nb, 'fall'), node), 'fall');
      return;
    }
    if (isLocalCall(last)) {
      const target = last.pc + 1 + last.imm;
      const calleeBlock = this.blockAt(target);
      if (!calleeBlock) {
        this.issue(cs, {
          code: 'invalid-jump',
          pc: last.pc,
          message: `call to pc ${target}, which is not the start of an instruction`,
          condition: `valid call target ${target}`,
        });
        return;
      }
      const chainFns = [
        this.entryFn,
        ...cs.map((c) => {
          const call = known(this.program.instructions, this.program.indexOfPc(c), 'call instruction');
          return call.pc + 1 + call.imm;
        }),
      ];
      if (chainFns.includes(target)) {
        this.issue(cs, {
          code: 'recursion',
          pc: last.pc,
          message: `illegal recursion: the function at pc ${target} calls itself (directly or indirectly)`,
          condition: 'no recursion',
        });
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
      this.link(id, this.node(calleeBlock, [...cs, last.pc], this.nextIters(node, calleeBlock, 'call')), 'call');
      return;
    }
    if (isJump(last) && jumpOp(last) !== JmpOp.CALL) {
      const target = jumpTarget(last);
      const tb = this.blockAt(target);
      if (!tb || this.functionOf(target) !== node.block.fn) {
        this.issue(cs, {
          code: 'invalid-jump',
          pc: last.pc,
          message: tb
            ? `jump from pc ${last.pc} into another function (pc ${target})`
            : `jump to pc ${target}, outside the program or into the middle of an instruction`,
          condition: `valid jump target ${target}`,
        });
        return;
      }
      if (jumpOp(last) === JmpOp.JA) {
        this.link(id, this.node(tb, cs, this.nextIters(node, tb, 'fall'), node), 'fall');
        return;
      }
      const nb = nextBlock();
      if (!nb) {
        fallOff();
        return;
      }
      this.link(id, this.node(tb, cs, this.nextIters(node, tb, 'taken'), node), 'taken');
      this.link(id, this.node(nb, cs, this.nextIters(node, nb, 'not-taken'), node), 'not-taken');
      return;
    }
    const nb = nextBlock();
    if (!nb) {
      fallOff();
      return;
    }
    this.link(id, this.node(nb, cs, this.nextIters(node, nb, 'fall'), node), 'fall');
  }
}

export class GraphTooLarge extends Error {
  constructor() {
    super('the program is too large to analyse: too many inlined call contexts');
  }
}

/** Reverse post-order and loop heads (targets of DFS back edges), computed iteratively. */
export function orderGraph(
  nodes: readonly Node[],
  entry: number,
): { rpo: number[]; rank: Int32Array; heads: Set<number> } {
  const rank = new Int32Array(nodes.length).fill(-1);
  const state = new Uint8Array(nodes.length); // 0 new, 1 on stack, 2 done
  const post: number[] = [];
  const heads = new Set<number>();
  const stack: { id: number; next: number }[] = [{ id: entry, next: 0 }];
  state[entry] = 1;
  for (let top = stack.at(-1); top !== undefined; top = stack.at(-1)) {
    const edge = known(nodes, top.id, 'node').succs[top.next];
    if (edge !== undefined) {
      top.next++;
      const to = edge.to;
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

/**
 * A block that only computes and tests: register arithmetic, stack loads and spills, then a
 * conditional jump.
 */
function flagTest(insns: readonly Instruction[], block: Block): boolean {
  const test = insns[block.last];
  if (!test) return false;
  const cls = test.opcode & 7;
  const op = test.opcode & 0xf0;
  if ((cls !== 5 && cls !== 6) || op === 0x00 || op === 0x80 || op === 0x90) return false;
  // Register against register only with one side a constant set here (`r3 = 0; if r3 s> r2`):
  // a packet pointer checked against data_end is better checked once on the joined pointer.
  let constantOperand = (test.opcode & 0x08) === 0;
  for (let i = block.first; i < block.last; i++) {
    const insn = insns[i];
    if (!insn) return false;
    if (
      (insn.opcode === 0xb4 || insn.opcode === 0xb7) &&
      insn.offset === 0 &&
      (insn.dst === test.src || insn.dst === test.dst)
    )
      constantOperand = true;
    const c = insn.opcode & 7;
    const stackMem = (insn.opcode & 0xe0) === 0x60 && (c === 1 ? insn.src : insn.dst) === 10;
    if ((c === 1 || c === 2 || c === 3) && stackMem) continue;
    if (c !== 4 && c !== 7) return false;
  }
  return constantOperand;
}

/** `dst <<= src`, `dst >>= src`, `dst s>>= src` (32 or 64 bit). */
function isShiftByRegister(opcode: number): boolean {
  const cls = opcode & 7;
  const op = opcode & 0xf0;
  return (cls === 4 || cls === 7) && (opcode & 0x08) !== 0 && (op === 0x60 || op === 0x70 || op === 0xc0);
}
