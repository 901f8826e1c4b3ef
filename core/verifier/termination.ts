// Termination: every loop must be bounded. For each loop head we replay the loop one iteration
// at a time from the state on entry (no widening at the head, so a counter advances by one per
// round) until no path comes back (bounded), a state repeats (no progress: unbounded), or the
// platform's budget is exhausted — the kernel's 1M processed instructions, PREVAIL's loop
// counter limit of 100000.

import type { Analysis } from './fixpoint';
import type { Finding } from './transfer';
import { type State, joinState, leqState, widenState } from './state';
import { known } from './known';
import { WIDENING_DELAY } from './fixpoint';
import { kernelFunction } from './kfuncs';
import { Failure } from './failure';
import { T } from './value';
import { counterBound, loopBody, loopEntryState, PREVAIL_LOOP_LIMIT } from './loopCounter';

const MAX_ROUNDS_WINDOWS = 100_000;
const MAX_INSNS_LINUX = 1_000_000;
/** Linux: rounds a loop head's state may keep shrinking (never repeating) before it counts as no progress. */
const LINUX_SHRINKING_ROUNDS = 64;
/** Rounds replayed on Windows only to tell a loop PREVAIL cannot bound from one that never ends. */
const WINDOWS_REPLAY_ROUNDS = 1_024;

export interface TerminationResult {
  readonly findings: Finding[];
  /** Bounded loops: head block index -> the most iterations seen (over calling contexts). */
  readonly trips: Map<number, number>;
}

/**
 * Whether the loop is an iterator's: it calls a next kfunc (KF_ITER_NEXT) on its way around, not
 * only inside a loop nested in it, on an iterator it does not start itself (KF_ITER_NEW in the
 * body on the same slots). A loop around a bpf_for, which starts the iterator anew every round,
 * must still be bounded; the outer loop of two nested bpf_for loops is the outer iterator's.
 */
function iteratorLoop(a: Analysis, head: number, body: ReadonlySet<number>, heads: readonly number[]): boolean {
  const inner = heads
    .filter((h) => h !== head && body.has(h))
    .map((h) => loopBody(a, h))
    .filter((b) => !b.has(head));
  const nexts: (number | undefined)[] = [];
  const news: (number | undefined)[] = [];
  const nextBlocks = new Set<number>();
  for (const id of body) {
    const nested = inner.some((b) => b.has(id));
    for (const call of iteratorCalls(a, id)) {
      if (call.flag === 'iter_new') news.push(call.slot);
      else if (!nested) {
        nexts.push(call.slot);
        nextBlocks.add(id);
      }
    }
  }
  // A slot we cannot name may be any: then the loop may start the iterator it advances.
  const advances = nexts.some((n) => n !== undefined && !news.some((m) => m === undefined || m === n));
  return advances && !cycleAvoiding(a, head, body, nextBlocks);
}

/** Whether the head comes back to itself inside the body without passing one of `avoid`. */
function cycleAvoiding(a: Analysis, head: number, body: ReadonlySet<number>, avoid: ReadonlySet<number>): boolean {
  if (avoid.has(head)) return false;
  const seen = new Set<number>();
  const stack = [head];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    for (const e of a.node(id).succs) {
      if (e.to === head) return true;
      if (!body.has(e.to) || avoid.has(e.to) || seen.has(e.to)) continue;
      seen.add(e.to);
      stack.push(e.to);
    }
  }
  return false;
}

/** The iterator kfuncs (new, next) a block calls, with the stack slot of their iterator when constant. */
function iteratorCalls(a: Analysis, id: number): { flag: 'iter_new' | 'iter_next'; slot: number | undefined }[] {
  const insns = a.sem.program.instructions;
  const node = a.node(id);
  const { first, last } = node.block;
  const out: { flag: 'iter_new' | 'iter_next'; slot: number | undefined }[] = [];
  for (let i = first; i <= last; i++) {
    const insn = known(insns, i, 'instruction');
    if (insn.opcode !== 0x85 || insn.src !== 2) continue;
    const flags = kernelFunction(a.sem.platform, a.sem.btfFunctionName(insn.imm))?.flags ?? [];
    const flag = flags.includes('iter_new') ? 'iter_new' : flags.includes('iter_next') ? 'iter_next' : undefined;
    if (flag) out.push({ flag, slot: iteratorSlot(a, id, i) });
  }
  return out;
}

/** The constant stack offset r1 holds before instruction `index` of node `id` (undefined: not known). */
function iteratorSlot(a: Analysis, id: number, index: number): number | undefined {
  const node = a.node(id);
  const pre = a.inState[id];
  if (!pre) return undefined;
  const s = pre.clone();
  try {
    if (index > node.block.first) a.sem.execBlock({ ...node, block: { ...node.block, last: index - 1 } }, s);
  } catch (e) {
    if (e instanceof Failure) return undefined;
    throw e;
  }
  const r1 = s.regs[1];
  const off = r1?.t === T.stack ? r1.stack : undefined;
  return off && off.lo === off.hi ? off.lo : undefined;
}

export function checkTermination(a: Analysis, budget: { deadline: number }): TerminationResult {
  const findings: Finding[] = [];
  const trips = new Map<number, number>();
  const linux = a.sem.linux;
  const rank = new Map<number, number>(a.rpo.map((id, i) => [id, i]));
  const heads = [...a.heads].filter((h) => a.inState[h]).sort((x, y) => (rank.get(x) ?? 0) - (rank.get(y) ?? 0));
  const insns = a.sem.program.instructions;
  const reported = new Set<number>();
  for (const head of heads) {
    const body = loopBody(a, head);
    const entry = loopEntryState(a, head, body);
    if (!entry) continue;
    // An open-coded iterator's loop ends because the kernel trusts its next() to return NULL in
    // the end; it verifies the body until the states at next() converge, as our fixpoint did.
    if (linux && iteratorLoop(a, head, body, heads)) continue;
    const bodyInsns = [...body].reduce((n, id) => n + a.node(id).block.last - a.node(id).block.first + 1, 0);
    // PREVAIL's way first: a counter per loop head, bounded through the loop's comparisons. On
    // Windows this is the verdict; on Linux a bound that keeps the kernel's 1M processed
    // instructions spares the replay below.
    const counter = counterBound(a, head, body, entry);
    // Calibrated on prevail-windows: a loop whose index may reach 100001 still passes, 100002 not
    // (our counter counts arrivals at the head from 1; PREVAIL's assertion reads it 2 lower).
    const counterOk = linux ? counter.max * bodyInsns <= MAX_INSNS_LINUX : counter.max - 2 < PREVAIL_LOOP_LIMIT;
    if (counterOk) {
      const b = a.node(head).block.index;
      trips.set(b, Math.max(trips.get(b) ?? 0, counter.max));
      continue;
    }
    const { verdict, rounds, backPc, cur } = replayLoop(a, head, body, entry, budget);
    const headPc = known(insns, a.node(head).block.first, 'instruction').pc;
    if (verdict === 'bounded' && linux) {
      const b = a.node(head).block.index;
      trips.set(b, Math.max(trips.get(b) ?? 0, rounds));
      continue;
    }
    // PREVAIL reports the counter at the loop head; the kernel at the jump back.
    const at = linux ? backPc : headPc;
    if (reported.has(at)) continue;
    reported.add(at);
    const platformNote = linux
      ? 'the Linux verifier rejects loops it cannot prove bounded'
      : 'eBPF for Windows verifies with PREVAIL, which requires every loop to finish within 100000 iterations';
    const timedOut = Date.now() > budget.deadline;
    if (!linux && verdict === 'bounded') {
      // The loop does end, but PREVAIL's zone cannot relate its exit test to the counter.
      findings.push({
        pc: headPc,
        state: cur,
        init: {
          code: 'unbounded-loop',
          kernelAccepts: true,
          message: `eBPF for Windows (PREVAIL) cannot bound this loop, although it ends after ${rounds} iterations: clang turned its exit test into an equality (\`i != N\`) or a compare on a 32-bit copy of the index, which PREVAIL cannot relate to its loop counter ("Loop counter is too large"). Keep a \`<\` test on a 64-bit index PREVAIL can see: declare the index \`volatile\` (\`for (volatile int i = 0; i < N; i++)\`), bound it by a value PREVAIL does not know as a constant, or unroll the loop (\`#pragma unroll\`)`,
          condition: `pc[${headPc}] < ${PREVAIL_LOOP_LIMIT}`,
          related: [{ pc: backPc, message: 'the loop jumps back here' }],
        },
      });
      continue;
    }
    findings.push({
      pc: at,
      state: cur,
      init: {
        code: timedOut ? 'too-complex' : 'unbounded-loop',
        message:
          verdict === 'no-progress'
            ? `this loop may never end: an iteration can come back to pc ${headPc} without any progress towards an exit; ${platformNote}. Give it a constant bound (e.g. \`for (int i = 0; i < 64 && ...; i++)\`)`
            : `this loop could not be proven to end within ${linux ? `${MAX_INSNS_LINUX} processed instructions` : `${MAX_ROUNDS_WINDOWS} iterations`}; ${platformNote}. Use a smaller constant bound`,
        condition: `pc[${headPc}] < 100000`,
        related: [
          { pc: linux ? headPc : backPc, message: linux ? 'the loop starts here' : 'the loop jumps back here' },
        ],
      },
    });
  }
  return { findings, trips };
}

interface Replay {
  readonly verdict: 'bounded' | 'no-progress' | 'budget';
  /** Rounds replayed (for 'bounded': the most iterations any path makes). */
  readonly rounds: number;
  /** pc of the last jump back to the head seen. */
  readonly backPc: number;
  /** The head's state in the last round. */
  readonly cur: State;
}

/**
 * Replay a loop one iteration at a time from its entry state (no widening at the head) until no
 * path comes back (bounded), a state repeats (no progress) or the platform's budget runs out.
 */
function replayLoop(
  a: Analysis,
  head: number,
  body: ReadonlySet<number>,
  entry: State,
  budget: { deadline: number },
): Replay {
  const linux = a.sem.linux;
  const insns = a.sem.program.instructions;
  const rank = new Map<number, number>(a.rpo.map((id, i) => [id, i]));
  const order = [...body].filter((n) => n !== head).sort((x, y) => (rank.get(x) ?? 0) - (rank.get(y) ?? 0));
  let cur: State = entry;
  let rounds = 0;
  let executed = 0;
  let verdict: 'bounded' | 'no-progress' | 'budget' = 'budget';
  let shrinking = 0;
  let backPc = known(insns, a.node(head).block.last, 'instruction').pc;
  for (;;) {
    rounds++;
    if (
      (!linux && rounds > WINDOWS_REPLAY_ROUNDS) ||
      (linux && executed > MAX_INSNS_LINUX) ||
      Date.now() > budget.deadline
    )
      break;
    // One round: the head on `cur`, then the rest of the body to a local fixpoint.
    const local = new Map<number, State>();
    const out = new Map<number, State | undefined>();
    const visits = new Map<number, number>();
    out.set(head, a.execute(head, cur));
    executed += a.node(head).block.last - a.node(head).block.first + 1;
    let changed = true;
    let guard = 0;
    while (changed && guard++ < 64) {
      changed = false;
      for (const n of order) {
        let acc: State | undefined;
        for (const e of a.node(n).preds) {
          const src = body.has(e.from) ? out.get(e.from) : a.outState[e.from];
          if (!src) continue;
          const s = a.sem.edge(e, a.node(e.from), src);
          if (s) acc = acc ? joinState(acc, s) : s;
        }
        if (!acc) continue;
        const old = local.get(n);
        if (old && leqState(acc, old)) continue;
        if (old && a.heads.has(n)) {
          const v = (visits.get(n) ?? 0) + 1;
          visits.set(n, v);
          acc = v > WIDENING_DELAY ? widenState(old, joinState(old, acc)) : joinState(old, acc);
        }
        local.set(n, acc);
        out.set(n, a.execute(n, acc));
        executed += a.node(n).block.last - a.node(n).block.first + 1;
        changed = true;
      }
    }
    let back: State | undefined;
    for (const e of a.node(head).preds) {
      if (!body.has(e.from)) continue;
      const src = out.get(e.from);
      const s = src ? a.sem.edge(e, a.node(e.from), src) : undefined;
      if (!s) continue;
      backPc = known(insns, a.node(e.from).block.last, 'instruction').pc;
      back = back ? joinState(back, s) : s;
    }
    if (!back) {
      verdict = 'bounded';
      break;
    }
    // A state that repeats is no progress. The kernel reports a loop only on an exact repeat and
    // explores a strictly smaller state again (a checksum fold `while (sum >> 16) sum = ...`
    // shrinks to one value in three rounds), so on Linux a shrinking state gets a few more rounds.
    if (leqState(back, cur) && (!linux || leqState(cur, back) || ++shrinking > LINUX_SHRINKING_ROUNDS)) {
      verdict = 'no-progress';
      break;
    }
    cur = back;
  }
  return { verdict, rounds, backPc, cur };
}

/**
 * Windows: iterations of the loops holding an error, found by replaying them (the counter's bound
 * is PREVAIL's and may be far above the real count), for a second analysis with those loops peeled.
 */
export function replayTrips(
  a: Analysis,
  loopsWithErrors: ReadonlySet<number>,
  budget: { deadline: number },
): Map<number, number> {
  const trips = new Map<number, number>();
  for (const head of a.heads) {
    const b = a.nodes[head]?.block.index;
    if (b === undefined || !loopsWithErrors.has(b) || !a.inState[head]) continue;
    const body = loopBody(a, head);
    const entry = loopEntryState(a, head, body);
    if (!entry) continue;
    const r = replayLoop(a, head, body, entry, budget);
    if (r.verdict === 'bounded') trips.set(b, Math.max(trips.get(b) ?? 0, r.rounds));
  }
  return trips;
}
