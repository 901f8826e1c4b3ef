// verifyProgram: the verifier's entry point. Builds the graph, runs the fixpoint, checks every
// assertion on the final invariants and turns findings into diagnostics.

import { unprivilegedRefusal } from './unprivileged';
import type { Program } from '../program/types';
import { WAYS_TO_SET_TYPE } from '../program/programTypes';
import { ControlFlow, GraphTooLarge } from './cfg';
import { Analysis, TooComplex, type Budget } from './fixpoint';
import { known } from './known';
import { checkTermination } from './termination';
import { combinedStackOverflow } from './stackDepth';
import { explainLoopWidening } from './loopWidening';
import { Semantics, type Finding } from './transfer';
import { summarise } from './summary';
import { messageInC } from './cNames';
import { T } from './value';
import { globalFunctions, type GlobalFunction } from './globals';
import type { Diagnostic, Severity, StateSummary, VerificationResult, VerifyOptions } from './types';
import { joinState } from './state';
import { CallbackSites } from './callbacks';

export type { Diagnostic, VerificationResult, VerifyOptions, StateSummary } from './types';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Functions per program (entry + subprograms) the Linux kernel accepts (BPF_MAX_SUBPROGS). */
export const MAX_FUNCTIONS = 256;

/**
 * Refuse a program with more functions than the kernel accepts before building its graph, whose
 * cost grows with the square of the function count (100,000 chained subprograms took 21 s).
 */
function tooManyFunctions(program: Program, started: number): VerificationResult | undefined {
  if (program.functions.length <= MAX_FUNCTIONS) return undefined;
  const diagnostic: Diagnostic = {
    severity: 'error',
    code: 'too-complex',
    pc: 0,
    message: `the program has ${program.functions.length} functions (entry and subprograms); at most ${MAX_FUNCTIONS} are accepted (the Linux kernel's BPF_MAX_SUBPROGS)`,
    condition: `functions <= ${MAX_FUNCTIONS}`,
    location: program.sourceAt(0),
    related: [],
    state: undefined,
  };
  return result(program, [diagnostic], undefined, 0, started);
}

/**
 * Large enough that the platforms' work caps decide (a Linux loop replayed to the kernel's 1M
 * instructions takes ~2 s of CPU, several times that on a busy machine), so the same object gets
 * the same verdict on a loaded CI runner; interactive callers pass a shorter one.
 */
export const DEFAULT_TIME_BUDGET_MS = 30_000;

export function verifyProgram(program: Program, options: VerifyOptions = {}): VerificationResult {
  const started = Date.now();
  const budgetMs = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const diagnostics: Diagnostic[] = [];
  const tooMany = tooManyFunctions(program, started);
  if (tooMany) return tooMany;
  const globals = globalFunctions(program);
  const cfg = new ControlFlow(program);
  const sem = new Semantics(program, cfg, options.privileged ?? true);
  wireGlobals(cfg, sem, globals);
  // Linux verifies each callback passed to a helper as the helper calls it (callbacks.ts).
  const sites = program.platform.verifierPolicy.callbacksVerifiedInContext ? new CallbackSites() : undefined;
  sem.callbackSites = sites;
  const callbackAnalyses: Analysis[] = [];
  const budget: Budget = { deadline: started + budgetMs, maxIterations: options.maxIterations ?? 2_000_000 };
  const diag = (
    severity: Severity,
    f: Omit<Diagnostic, 'severity' | 'location' | 'related' | 'state'> & Partial<Diagnostic>,
  ): Diagnostic => ({
    severity,
    location: program.sourceAt(f.pc),
    related: [],
    state: undefined,
    ...f,
  });

  if (program.instructions.length === 0) {
    diagnostics.push(
      diag('error', {
        code: 'invalid-instruction',
        pc: 0,
        message: 'the program has no instructions',
        condition: 'program is not empty',
      }),
    );
    return result(program, diagnostics, undefined, 0, started);
  }
  if (!program.programType) {
    // Without a type there is no context layout, no helper set and no return range: checking on
    // would pass helper calls no loader accepts. Stop with one error naming the ways to set it.
    const types = [...new Set(program.platform.programTypes.map((t) => t.name))].join(', ');
    diagnostics.push({
      ...diag('error', {
        code: 'unknown-program-type',
        pc: 0,
        message: `the program type of section \`${program.section}\` is unknown on ${program.platform.displayName}: ${WAYS_TO_SET_TYPE}; types: ${types}`,
        condition: 'program type is known',
      }),
      location: program.declaration ?? program.sourceAt(0),
    });
    return result(program, diagnostics, undefined, 0, started);
  }
  // A loader without capabilities: what the kernel refuses before it looks at values.
  const refusal = sem.unprivileged ? unprivilegedRefusal(program, sem.unprivileged) : undefined;
  if (refusal) {
    const at = refusal.pc === undefined ? (program.declaration ?? program.sourceAt(0)) : program.sourceAt(refusal.pc);
    const { code, message, condition } = refusal.failure;
    diagnostics.push({ ...diag('error', { code, message, condition, pc: refusal.pc ?? 0 }), location: at });
    return result(program, diagnostics, undefined, 0, started);
  }
  if (program.slotCount > program.platform.maxInstructions) {
    diagnostics.push(
      diag('error', {
        code: 'too-many-instructions',
        pc: 0,
        message: `the program has ${program.slotCount} instructions; ${program.platform.displayName} accepts at most ${program.platform.maxInstructions}`,
        condition: `instructions <= ${program.platform.maxInstructions}`,
      }),
    );
  }
  if (program.lineTable.length === 0) {
    diagnostics.push(
      diag('warning', {
        code: 'missing-line-info',
        pc: 0,
        message:
          'the object has no BTF line info, so findings cannot point at source lines; compile with -g (clang -target bpf -O2 -g)',
        condition: 'line info present',
      }),
    );
  }

  let ran = false;
  let analysis = new Analysis(cfg, sem, budget);
  try {
    const first = analyse(program, analysis, sem, options, budget);
    ran = true;
    let findings = first.findings;
    // Linux explores loops iteration by iteration; where the joined loop invariant is too coarse
    // for a check inside a bounded loop, analyse again with those loops peeled.
    if (program.platform.id === 'linux' && first.errorsInLoops && first.trips.size > 0) {
      const peeled = peelAgain(program, first.trips, options, budget);
      if (peeled) {
        analysis = peeled.analysis;
        findings = [...peeled.findings, ...first.termination];
      }
    }
    // Windows keeps PREVAIL's errors, and says where a loop is safe but PREVAIL cannot see it.
    if (program.platform.id === 'windows' && first.errorsInLoops) {
      const peel = (trips: Map<number, number>): { findings: Finding[] } | undefined =>
        peelAgain(program, trips, options, budget);
      findings = [...findings, ...explainLoopWidening(analysis, findings, budget, peel)];
    }
    // Global functions (Linux) are verified once each, on their own.
    const perGlobal: [Semantics, Finding[]][] = [];
    // An analysis of its own entered at `startPc`, for a global function or a callback.
    const analyseFrom = (startPc: number, enter: (entrySem: Semantics) => void): Analysis => {
      const ecfg = new ControlFlow(program);
      const esem = new Semantics(program, ecfg, options.privileged ?? true);
      wireGlobals(ecfg, esem, globals);
      esem.callbackSites = sites;
      enter(esem);
      const a = new Analysis(ecfg, esem, budget, startPc);
      perGlobal.push([esem, analyse(program, a, esem, options, budget).findings]);
      return a;
    };
    for (const g of globals.values()) {
      // One the kernel cannot call (a non-integer return) is refused at each call site instead.
      if (g.badReturn) continue;
      analyseFrom(g.startPc, (gsem) => (gsem.entryGlobal = g));
    }
    // Callbacks (Linux): once per distinct argument typing, entered at their first instruction.
    for (let entries = sites?.take() ?? []; entries.length > 0; entries = sites?.take() ?? []) {
      for (const entry of entries)
        callbackAnalyses.push(analyseFrom(entry.startPc, (csem) => (csem.entryCallback = entry)));
    }
    const all: [Semantics, Finding][] = [
      ...findings.map((f): [Semantics, Finding] => [analysis.sem, f]),
      ...perGlobal.flatMap(([gs, fs]) => fs.map((f): [Semantics, Finding] => [gs, f])),
    ];
    for (const [fsem, f] of all) {
      const d = toDiagnostic(program, fsem, f);
      diagnostics.push(d);
      if (f.init.kernelAccepts && d.severity === 'error' && program.platform.id === 'windows') {
        diagnostics.push({
          ...d,
          severity: 'info',
          code: 'platform-difference',
          message:
            'eBPF for Windows (PREVAIL) rejects this, while the Linux kernel would accept it from a privileged loader; the program must be changed to load on Windows',
          related: [],
          state: undefined,
        });
      }
    }
  } catch (e) {
    if (e instanceof TooComplex) {
      diagnostics.push(
        diag('error', {
          code: 'too-complex',
          pc: e.pc,
          message: `the program is too complex to verify within the budget (${e.reason}); simplify loops or split the program`,
          condition: 'analysis within budget',
        }),
      );
    } else if (e instanceof GraphTooLarge) {
      diagnostics.push(
        diag('error', { code: 'too-complex', pc: 0, message: e.message, condition: 'analysis within budget' }),
      );
    } else {
      throw e;
    }
  }

  // The kernel checks the stack of every call chain after the program itself verified.
  const stackLimit = program.platform.combinedStackLimit;
  if (ran && stackLimit !== undefined && !diagnostics.some((d) => d.severity === 'error')) {
    const over = combinedStackOverflow(program, stackLimit);
    if (over)
      diagnostics.push(
        diag('error', {
          code: 'call-depth',
          pc: over.pc,
          message: `this call chain of ${over.calls} functions needs ${over.bytes} bytes of stack (each frame rounded up to 16 bytes), more than the ${stackLimit} ${program.platform.displayName} allows for a chain in all; make local buffers smaller or keep them in a per-CPU array map`,
          condition: `combined stack of a call chain <= ${stackLimit}`,
        }),
      );
  }
  const hasErrors = diagnostics.some((d) => d.severity === 'error');
  if (ran && !hasErrors) diagnostics.push(...unreachable(program, [analysis, ...callbackAnalyses]));
  return result(
    program,
    dedupe(diagnostics),
    ran ? analysis : undefined,
    analysis.iterations,
    started,
    options.keepStates ?? true,
  );
}

interface Phase {
  readonly findings: Finding[];
  readonly termination: Finding[];
  readonly trips: Map<number, number>;
  readonly errorsInLoops: boolean;
}

function analyse(program: Program, analysis: Analysis, sem: Semantics, options: VerifyOptions, budget: Budget): Phase {
  analysis.run();
  const findings = analysis.check();
  const term =
    (options.checkTermination ?? true)
      ? checkTermination(analysis, budget)
      : { findings: [], trips: new Map<number, number>() };
  const loopBlocks = new Set<number>();
  for (const body of analysis.cfg.loops.values()) for (const b of body) loopBlocks.add(b);
  const errorsInLoops = findings.some((f) => {
    if ((f.init.severity ?? 'error') !== 'error') return false;
    const block = analysis.cfg.blockAt(blockStartOf(program, analysis, f.pc));
    return block !== undefined && loopBlocks.has(block.index);
  });
  void sem;
  return { findings: [...findings, ...term.findings], termination: term.findings, trips: term.trips, errorsInLoops };
}

function blockStartOf(program: Program, analysis: Analysis, pc: number): number {
  const index = program.indexOfPc(pc);
  const block = analysis.cfg.blocks.find((b) => index >= b.first && index <= b.last);
  return block ? known(program.instructions, block.first, 'instruction').pc : -1;
}

const MAX_PEELED_NODES = 60_000;

function wireGlobals(cfg: ControlFlow, sem: Semantics, globals: Map<number, GlobalFunction>): void {
  cfg.summarised = new Set(globals.keys());
  sem.globals = globals;
}

function peelAgain(
  program: Program,
  trips: Map<number, number>,
  options: VerifyOptions,
  budget: Budget,
): { analysis: Analysis; findings: Finding[] } | undefined {
  const cfg = new ControlFlow(program);
  // A loop is peeled when its iterations fit in the node budget (the kernel walks each of them up
  // to its 1M-instruction limit): a 1024-round scan of a port list is peeled, not joined, since
  // joining widens its index past the array, and the post-fixpoint keeps that failure.
  for (const [head, n] of trips) {
    const body = cfg.loops.get(head);
    if (body && (n + 1) * body.size <= MAX_PEELED_NODES) cfg.peel.set(head, n + 1);
  }
  if (cfg.peel.size === 0) return undefined;
  cfg.maxNodes = MAX_PEELED_NODES;
  const sem = new Semantics(program, cfg, options.privileged ?? true);
  wireGlobals(cfg, sem, globalFunctions(program));
  const analysis = new Analysis(cfg, sem, budget);
  try {
    analysis.run();
  } catch (e) {
    // Too big or too slow to peel: keep the first analysis.
    if (e instanceof GraphTooLarge || e instanceof TooComplex) return undefined;
    throw e;
  }
  void options;
  return { analysis, findings: analysis.check() };
}

function toDiagnostic(program: Program, sem: Semantics, f: Finding): Diagnostic {
  // Registers and stack offsets named in C where DWARF knows the variable (cNames.ts).
  // A packet pointer made stale by a helper is still the variable it was.
  const types = (r: number): number | undefined => {
    const v = f.state.regs[r];
    return v && v.stale !== undefined ? v.t | T.packet : v?.t;
  };
  const inC = messageInC(program, f.pc, f.init.code, f.init.message, types);
  return {
    severity: f.init.severity ?? 'error',
    code: f.init.code,
    pc: f.pc,
    location: program.sourceAt(f.pc),
    message: inC.message,
    ...(inC.expression !== undefined ? { expression: inC.expression } : {}),
    condition: f.init.condition,
    related: (f.init.related ?? []).map((r) => ({
      pc: r.pc,
      location: program.sourceAt(r.pc),
      message: messageInC(program, r.pc, f.init.code, r.message).message,
    })),
    state: summarise(f.state, sem, f.init.regs ?? [], f.init.stack ?? []),
  };
}

/** One diagnostic per (pc, code): the same root cause seen from several calling contexts counts once. */
function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of ds) {
    const key = `${d.severity}:${d.pc}:${d.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.pc - b.pc);
}

function unreachable(program: Program, analyses: readonly Analysis[]): Diagnostic[] {
  const reached = new Uint8Array(program.instructions.length);
  for (const analysis of analyses)
    for (const node of analysis.nodes) {
      if (!analysis.inState[node.id]) continue;
      for (let i = node.block.first; i <= node.block.last; i++) reached[i] = 1;
    }
  const out: Diagnostic[] = [];
  let i = 0;
  while (i < reached.length) {
    if (reached[i]) {
      i++;
      continue;
    }
    const start = i;
    while (i < reached.length && !reached[i]) i++;
    const first = known(program.instructions, start, 'instruction');
    const last = known(program.instructions, i - 1, 'instruction');
    out.push({
      severity: 'info',
      code: 'unreachable-code',
      pc: first.pc,
      location: program.sourceAt(first.pc),
      message:
        start === i - 1
          ? `instruction ${first.pc} is never executed`
          : `instructions ${first.pc}-${last.pc} are never executed`,
      condition: 'reachable',
      related: [],
      state: undefined,
    });
  }
  return out;
}

function result(
  program: Program,
  diagnostics: Diagnostic[],
  analysis: Analysis | undefined,
  iterations: number,
  started: number,
  keepStates = true,
): VerificationResult {
  const cache = new Map<number, StateSummary | undefined>();
  return {
    verdict: diagnostics.some((d) => d.severity === 'error') ? 'fail' : 'pass',
    diagnostics,
    stateAt(pc: number): StateSummary | undefined {
      if (!analysis || !keepStates) return undefined;
      if (cache.has(pc)) return cache.get(pc);
      const states = analysis.statesAt(pc);
      const summary = states.length === 0 ? undefined : summarise(states.reduce(joinState), analysis.sem, 'all', 'all');
      cache.set(pc, summary);
      return summary;
    },
    stats: { instructions: program.instructions.length, iterations, milliseconds: Date.now() - started },
  };
}
