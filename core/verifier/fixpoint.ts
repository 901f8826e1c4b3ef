// Fixpoint iteration over the inlined graph: a worklist ordered by reverse post-order, joins
// everywhere, widening at loop heads after a delay, then a few descending (narrowing) passes.
// Failed assertions make a path bottom, so what follows a failure on that path is not analysed.

import { ControlFlow, orderGraph, type Node } from './cfg';
import { known } from './known';
import { Failure, Semantics, type Finding } from './transfer';
import { State, eqState, initialState, joinState, leqState, narrowState, widenState } from './state';
import { headBounds } from './loopCounter';
import { fromSigned, numEq, numMeet } from './num';
import { T, type Iv } from './value';

export const WIDENING_DELAY = 2;
const NARROWING_PASSES = 2;

export class TooComplex extends Error {
  constructor(
    readonly pc: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export interface Budget {
  readonly deadline: number;
  readonly maxIterations: number;
}

export class Analysis {
  readonly cfg: ControlFlow;
  readonly sem: Semantics;
  entry = 0;
  nodes: readonly Node[] = [];
  inState: (State | undefined)[] = [];
  outState: (State | undefined)[] = [];
  heads = new Set<number>();
  rpo: number[] = [];
  iterations = 0;
  private rank = new Int32Array(0);
  /** 1 for the nodes a loop head reaches (heads included): the only ones narrowing can change. */
  private afterHead = new Uint8Array(0);
  private initial!: State;
  private bounds = new Map<number, readonly (Iv | undefined)[]>();

  constructor(
    cfg: ControlFlow,
    sem: Semantics,
    private readonly budget: Budget,
    private readonly entryPc = 0,
  ) {
    this.cfg = cfg;
    this.sem = sem;
  }

  run(): void {
    this.entry = this.cfg.build(this.entryPc);
    this.nodes = this.cfg.nodes;
    const order = orderGraph(this.nodes, this.entry);
    this.rpo = order.rpo;
    this.rank = order.rank;
    this.heads = order.heads;
    this.afterHead = reachedFrom(this.nodes, this.heads);
    // A helper's callback starts from the state the helper calls it with (callbacks.ts).
    this.initial = this.sem.entryCallback?.state.clone() ?? initialState(this.sem.entryRegs());
    this.inState = new Array<State | undefined>(this.nodes.length).fill(undefined);
    this.outState = new Array<State | undefined>(this.nodes.length).fill(undefined);
    this.ascend([this.entry]);
    // PREVAIL's loop counters bound what moves with them (an index widened to +oo comes back to
    // the loop's real range); applied at each head from now on.
    const derived = headBounds(this);
    this.bounds = derived.bounds;
    this.settle();
    // The bounds were derived from the first ascent's states; a path that failed there may pass
    // now and widen what the counter read. Then they may be too tight: start over without them.
    const held = derived.premises.every((p) => {
      const now = p.side === 'in' ? this.inState[p.node] : this.outState[p.node];
      return !now || leqState(now, p.state);
    });
    if (!held) {
      this.bounds = new Map();
      this.inState.fill(undefined);
      this.outState.fill(undefined);
      this.ascend([this.entry]);
      this.settle();
    }
  }

  /** Narrow, then ascend again from every node if anything narrowed. */
  private settle(): void {
    let narrowed = false;
    for (let i = 0; i < NARROWING_PASSES; i++) {
      if (!this.descend()) break;
      narrowed = true;
    }
    // A failed assertion ends its path (bottom), so the transfer is not monotone: narrowing can
    // shrink a loop head until the failing block passes, and the path it then lets through is not
    // in the narrowed head. Ascend again from every node so the result is a post-fixpoint and
    // check() sees every failure (e.g. an index widened past a buffer whose bound PREVAIL loses).
    if (narrowed) this.ascend(this.rpo.filter((id) => this.afterHead[id] === 1));
  }

  /** Meet a loop head's state with the ranges its loop counter proves. */
  private bounded(id: number, s: State): State | undefined {
    const regs = this.bounds.get(id);
    if (!regs) return s;
    let out: State | undefined;
    for (let r = 0; r < regs.length; r++) {
      const b = regs[r];
      const v = s.regs[r];
      if (!b || !v || v.t !== T.number || !v.num) continue;
      const m = numMeet(v.num, fromSigned(BigInt(b.lo), BigInt(b.hi)));
      if (!m) return undefined;
      if (numEq(m, v.num)) continue;
      out ??= s.clone();
      out.regs[r] = { ...v, num: m };
    }
    return out ?? s;
  }

  /** The graph node with this id (ids come from the graph itself). */
  node(id: number): Node {
    return known(this.nodes, id, 'node');
  }

  /** The pc a node starts at, where a budget overrun is reported. */
  private startPc(node: Node): number {
    return known(this.sem.program.instructions, node.block.first, 'instruction').pc;
  }

  private tick(node: Node): void {
    this.iterations++;
    if ((this.iterations & 63) === 0 && Date.now() > this.budget.deadline) {
      throw new TooComplex(this.startPc(node), 'the analysis exceeded its time budget');
    }
    if (this.iterations > this.budget.maxIterations) {
      throw new TooComplex(this.startPc(node), `the analysis exceeded ${this.budget.maxIterations} iterations`);
    }
  }

  /** Join of what flows into a node along its incoming edges. */
  incoming(id: number): State | undefined {
    const node = this.node(id);
    let acc: State | undefined = id === this.entry ? this.initial : undefined;
    for (const e of node.preds) {
      const out = this.outState[e.from];
      if (!out) continue;
      const s = this.sem.edge(e, this.node(e.from), out);
      if (!s) continue;
      acc = acc ? joinState(acc, s) : s;
    }
    return acc && this.bounds.size > 0 ? this.bounded(id, acc) : acc;
  }

  /** Run a block on a copy of its pre-state; bottom when an assertion fails. */
  execute(id: number, pre: State): State | undefined {
    try {
      return this.sem.execBlock(this.node(id), pre.clone());
    } catch (e) {
      if (e instanceof Failure) return undefined;
      throw e;
    }
  }

  private ascend(from: readonly number[]): void {
    const visits = new Int32Array(this.nodes.length);
    const queued = new Uint8Array(this.nodes.length);
    const heap = new MinHeap();
    const push = (id: number): void => {
      const rank = this.rank[id];
      if (queued[id] || rank === undefined || rank < 0) return;
      queued[id] = 1;
      heap.push(rank, id);
    };
    for (const id of from) push(id);
    for (let id = heap.pop(); id !== undefined; id = heap.pop()) {
      queued[id] = 0;
      const node = this.node(id);
      this.tick(node);
      let next = this.incoming(id);
      if (!next) continue;
      const old = this.inState[id];
      if (old) {
        if (leqState(next, old)) continue;
        if (this.heads.has(id)) {
          const seen = (visits[id] ?? 0) + 1;
          visits[id] = seen;
          next = seen > WIDENING_DELAY ? widenState(old, joinState(old, next)) : joinState(old, next);
        }
      }
      this.inState[id] = next;
      this.outState[id] = this.execute(id, next);
      for (const e of node.succs) push(e.to);
    }
  }

  /**
   * One descending pass in reverse post-order; returns whether anything changed. Nodes no loop
   * head reaches are skipped: the ascent visited them once, after all their predecessors (the
   * graph before and beside the loops is acyclic), so recomputing them gives the same states.
   */
  private descend(): boolean {
    let changed = false;
    for (const id of this.rpo) {
      if (this.afterHead[id] !== 1) continue;
      this.tick(this.node(id));
      const next = this.incoming(id);
      const old = this.inState[id];
      let pre: State | undefined;
      if (!next) pre = undefined;
      else if (old && this.heads.has(id)) pre = narrowState(old, next);
      else pre = next;
      if ((pre === undefined) !== (old === undefined) || (pre && old && !eqState(pre, old))) changed = true;
      this.inState[id] = pre;
      this.outState[id] = pre ? this.execute(id, pre) : undefined;
    }
    return changed;
  }

  /** Re-run every reachable block on its final pre-state and collect the findings. */
  check(): Finding[] {
    const findings: Finding[] = [];
    for (const id of this.rpo) {
      const pre = this.inState[id];
      if (!pre) continue;
      const node = this.node(id);
      const warnings: Finding[] = [];
      this.sem.warnings = warnings;
      let failed: { index: number; failure: Failure } | undefined;
      try {
        failed =
          this.cfg.issues.size === 0
            ? this.runBlock(node, pre.clone())
            : this.runInstructions(node, pre.clone(), node.block.last + 1);
      } finally {
        this.sem.warnings = undefined;
      }
      if (failed) {
        // The state before the failing instruction, rebuilt only now: copying it before every
        // instruction was most of check()'s time. The transfer is deterministic (fresh ids are
        // pcs), so the replay reaches the same state; its warnings were collected above.
        this.sem.warnings = [];
        try {
          // Which instruction failed (a block run whole does not say): the same failure, replayed.
          if (failed.index < 0) failed = this.runInstructions(node, pre.clone(), node.block.last + 1) ?? failed;
          const before = pre.clone();
          this.runInstructions(node, before, failed.index);
          findings.push({ pc: failed.failure.pc, init: failed.failure.init, state: before });
        } finally {
          this.sem.warnings = undefined;
        }
      }
      findings.push(...warnings);
    }
    return findings;
  }

  /**
   * Without structural issues in the graph, a block run whole is the same as one instruction at a
   * time; the failure's index is unknown (-1) then, and found by a replay only when one fails.
   */
  private runBlock(node: Node, s: State): { index: number; failure: Failure } | undefined {
    try {
      this.sem.execBlock(node, s);
      return undefined;
    } catch (e) {
      if (e instanceof Failure) return { index: -1, failure: e };
      throw e;
    }
  }

  /**
   * Run the block's instructions before index `end` one at a time on s (each checked as the last
   * of a block, so structural issues surface at every pc); the first failure and its index.
   */
  private runInstructions(node: Node, s: State, end: number): { index: number; failure: Failure } | undefined {
    for (let i = node.block.first; i < end && i <= node.block.last; i++) {
      try {
        this.sem.execBlock({ ...node, block: { ...node.block, first: i, last: i } }, s);
      } catch (e) {
        if (e instanceof Failure) return { index: i, failure: e };
        throw e;
      }
    }
    return undefined;
  }

  /** Pre-states of the instruction at pc, one per calling context that reaches it. */
  statesAt(pc: number): State[] {
    const index = this.sem.program.indexOfPc(pc);
    const out: State[] = [];
    if (index < 0) return out;
    for (const node of this.nodes) {
      if (index < node.block.first || index > node.block.last) continue;
      const pre = this.inState[node.id];
      if (!pre) continue;
      const s = pre.clone();
      try {
        if (index > node.block.first) this.sem.execBlock({ ...node, block: { ...node.block, last: index - 1 } }, s);
        out.push(s);
      } catch (e) {
        if (!(e instanceof Failure)) throw e;
      }
    }
    return out;
  }
}

/** 1 for every node reachable from one of `from` (those included), else 0. */
function reachedFrom(nodes: readonly Node[], from: ReadonlySet<number>): Uint8Array {
  const seen = new Uint8Array(nodes.length);
  const stack = [...from];
  for (const id of stack) seen[id] = 1;
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    for (const e of known(nodes, id, 'node').succs) {
      if (seen[e.to]) continue;
      seen[e.to] = 1;
      stack.push(e.to);
    }
  }
  return seen;
}

/** A binary min-heap of (priority, id). */
class MinHeap {
  private items: (readonly [key: number, id: number])[] = [];
  get size(): number {
    return this.items.length;
  }
  push(key: number, id: number): void {
    const h = this.items;
    let i = h.length;
    h.push([key, id]);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p];
      if (parent === undefined || parent[0] <= key) break;
      h[i] = parent;
      i = p;
    }
    h[i] = [key, id];
  }
  /** The id of least priority, removed; undefined when the heap is empty. */
  pop(): number | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined) return undefined;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const left = h[l];
        if (left === undefined) break;
        const right = h[l + 1];
        const c = right !== undefined && right[0] < left[0] ? l + 1 : l;
        const child = c === l ? left : right;
        if (child === undefined || child[0] >= last[0]) break;
        h[i] = child;
        i = c;
      }
      h[i] = last;
    }
    return top[1];
  }
}
