// Windows: an error inside a bounded loop may come only from PREVAIL joining the iterations (an
// index widened past a buffer, its `i != N` exit unable to bound it again). Replaying the loops
// that hold errors and analysing again with them peeled tells which errors no single iteration
// makes: there the program is safe, the Linux kernel (which follows each iteration) would accept
// it, and the user needs to know how to rewrite the loop for PREVAIL. The verdict stays PREVAIL's.

import type { Analysis } from './fixpoint';
import type { Finding } from './transfer';
import { replayTrips } from './termination';

/** Second analysis with the given loops (head block index -> iterations) peeled. */
export type Peel = (trips: Map<number, number>) => { findings: Finding[] } | undefined;

const isError = (f: Finding): boolean => (f.init.severity ?? 'error') === 'error';

export function explainLoopWidening(
  a: Analysis,
  findings: readonly Finding[],
  budget: { deadline: number },
  peel: Peel,
): Finding[] {
  const program = a.sem.program;
  // Loops (by head block index) holding an error that is not the loop's own termination.
  const loopOf = new Map<number, number>();
  for (const f of findings) {
    if (!isError(f) || f.init.code === 'unbounded-loop' || f.init.code === 'too-complex') continue;
    const index = program.indexOfPc(f.pc);
    const block = a.cfg.blocks.find((b) => index >= b.first && index <= b.last);
    if (!block) continue;
    for (const [head, body] of a.cfg.loops) if (body.has(block.index)) loopOf.set(f.pc, head);
  }
  if (loopOf.size === 0) return [];
  const trips = replayTrips(a, new Set(loopOf.values()), budget);
  if (trips.size === 0) return [];
  const peeled = peel(trips);
  if (!peeled) return [];
  const stillFailing = new Set(peeled.findings.filter(isError).map((f) => f.pc));
  const out: Finding[] = [];
  for (const f of findings) {
    const head = loopOf.get(f.pc);
    if (head === undefined || !trips.has(head) || stillFailing.has(f.pc)) continue;
    out.push({
      pc: f.pc,
      state: f.state,
      init: {
        code: 'platform-difference',
        severity: 'info',
        message: `no single iteration of this loop (at most ${trips.get(head)}) fails here: the program is safe and the Linux kernel, which follows each iteration, would accept it. eBPF for Windows (PREVAIL) joins the iterations and widens the index, and an exit test \`i != N\` (clang's form of \`i < N\`) does not bound it again, so the load fails. Bound the index where it is used: \`if (i >= LEN) break;\` before the access, or mask it (\`i & (LEN - 1)\` for a power-of-two LEN)`,
        condition: f.init.condition,
      },
    });
  }
  return out;
}
