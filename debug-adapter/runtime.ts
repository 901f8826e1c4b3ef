// The execution engine behind a debug session, free of DAP types (vscode-mock-debug's split): it
// owns the Vm and the current run's Execution, the breakpoints, stepping by C line or by
// instruction (into and out of bpf-to-bpf calls), step back / reverse continue over the recorded
// history, and the sequence of runs (one per packet or pcap frame). The session translates its
// events and answers into the protocol.

import path from 'node:path';
import type { DwarfScope } from '../core/dwarf';
import type { Program, SourceLocation } from '../core/program/types';
import type { CompiledCode } from '../core/vm/compile';
import { BudgetExceeded, VmError, VmFault } from '../core/vm/errors';
import { Execution, Vm, type PrintkEvent, type RunResult } from '../core/vm/vm';
import { isRegIndex } from '../core/vm/registers';
import type { LaunchConfig } from './config';
import { evaluateExpression, ExpressionError, interpolateLogMessage, type ExpressionEnv } from './expression';
import type { PreparedLaunch } from './launch';
import { cFramesAt, cVariable, framePoint } from './locals';
import { hexBytes, readLe } from './values';

export type StopReason =
  'entry' | 'step' | 'breakpoint' | 'function breakpoint' | 'instruction breakpoint' | 'exception' | 'pause' | 'exit';

export interface StopEvent {
  readonly reason: StopReason;
  readonly description?: string;
  readonly text?: string;
  readonly breakpointIds?: number[];
}

export type OutputCategory = 'console' | 'stdout' | 'stderr' | 'important';

export interface RuntimeEvents {
  stopped(e: StopEvent): void;
  output(text: string, category: OutputCategory, source?: SourceLocation): void;
  terminated(): void;
  /** Each printk as it happens (the trace panel); the text also goes to output(). */
  printk?(event: PrintkEvent): void;
}

export interface BreakpointRequest {
  readonly line: number;
  // As the client sent them: undefined when the breakpoint has none.
  readonly condition?: string | undefined;
  readonly hitCondition?: string | undefined;
  readonly logMessage?: string | undefined;
}

export interface BreakpointResult {
  readonly id: number;
  readonly verified: boolean;
  readonly line?: number;
  readonly message?: string;
  /** pc (address) of the first instruction, for instruction breakpoints. */
  readonly pc?: number;
}

interface Breakpoint {
  readonly id: number;
  readonly kind: 'line' | 'function' | 'instruction';
  /** Code address keys (see addressOf). */
  readonly addresses: Set<number>;
  readonly line?: number;
  readonly condition?: string | undefined;
  readonly hitCondition?: string | undefined;
  readonly logMessage?: string | undefined;
  hits: number;
}

/** A code address: program index in the upper bits, pc below (one number, shown as hex). */
export const PROGRAM_SHIFT = 0x100000;
export function addressOf(codeIndex: number, pc: number): number {
  return codeIndex * PROGRAM_SHIFT + pc;
}

/**
 * One hand-over from a program to another by bpf_tail_call, for the call stack: where the caller
 * was when it handed over (the bpf_tail_call on Linux, its exit on Windows, where the target runs
 * after the caller returns).
 */
export interface TailCallLink {
  readonly kind: 'immediate' | 'deferred';
  readonly from: Program;
  /** pc in `from` of the instruction that handed over. */
  readonly pc: number;
  readonly to: Program;
  /** Call depth the target took over (0 unless a Linux subprogram tail-called). */
  readonly depth: number;
  /** machine.executed right after the hand-over: step back below it undoes the link. */
  readonly executed: number;
  /** machine.executed when the target's frame returned to a shallower one (the link is over). */
  endedAt?: number;
}

export type StepGranularity = 'line' | 'instruction';
type StepKind = 'over' | 'in' | 'out';

const CHUNK = 4096;

function lineOf(code: CompiledCode, pc: number): number | undefined {
  const s = code.program.sourceAt(pc);
  return s && s.line > 0 ? s.line : undefined;
}

/** How many inlined calls deep a pc is (DWARF; 0 without it). */
function inlineDepthOf(code: CompiledCode, pc: number): number {
  return Math.max(0, code.program.debugFramesAt(pc).length - 1);
}

/** Whether an inlined call still has code after `pc` (-O2 interleaves it with its caller's). */
function hasCodeAfter(scope: DwarfScope, program: Program, pc: number): boolean {
  const a = program.dwarfAddressOf(pc);
  return a !== undefined && scope.ranges.some((r) => r.section === a.section && r.end > a.offset + 8);
}

/** The program's first instruction of an inlined copy of a function: its lowest address. */
function firstPcOfInlinedCall(program: Program, call: DwarfScope): number | undefined {
  const [lowest, ...others] = call.ranges;
  if (!lowest) return undefined;
  const first = others.reduce((a, r) => (r.begin < a.begin ? r : a), lowest);
  return program.pcOfDwarfAddress({ section: first.section, offset: first.begin });
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string): string => path.resolve(p).replace(/\\/g, '/').toLowerCase();
  return norm(a) === norm(b);
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/** `>= 3`, `== 2`, `% 4`, or a number (stop from that hit on). */
export function hitConditionMet(condition: string, hits: number): boolean {
  const m = /^\s*(==|>=|>|<=|<|%)?\s*(\d+)\s*$/.exec(condition);
  if (!m)
    throw new ExpressionError(
      `hit count condition '${condition}' is not understood (use a number, '== N', '>= N' or '% N')`,
    );
  const n = Number(m[2]);
  switch (m[1]) {
    case '==':
      return hits === n;
    case '>':
      return hits > n;
    case '<':
      return hits < n;
    case '<=':
      return hits <= n;
    case '%':
      return n > 0 && hits % n === 0;
    default:
      return hits >= n;
  }
}

export class EbpfRuntime {
  readonly vm: Vm;
  private exec: Execution;
  private runIndex = 0;
  private readonly results: { label: string; result: RunResult }[] = [];
  private nextBreakpointId = 1;
  private lineBreakpoints = new Map<string, Breakpoint[]>();
  private functionBreakpoints: Breakpoint[] = [];
  private instructionBreakpoints: Breakpoint[] = [];
  private byAddress = new Map<number, Breakpoint[]>();
  private printkShown = 0;
  private pauseRequested = false;
  /** Bumped by every new request that moves execution; a stale async loop notices and quits. */
  private generation = 0;
  private busy = false;
  private ended = false;
  /** Set while the run is stopped at its end (after a step or with stopOnExit). */
  private atExit = false;
  /** A run that has not executed anything yet: a breakpoint on its first instruction must still fire. */
  private freshRun = true;
  /** Tail calls of the current run, oldest first (see tailChain). */
  private tailLinks: TailCallLink[] = [];

  constructor(
    readonly prepared: PreparedLaunch,
    readonly config: LaunchConfig,
    private readonly events: RuntimeEvents,
  ) {
    this.vm = new Vm(prepared.object.programs, {
      ...(config.budget !== undefined && { budget: config.budget }),
      seed: config.seed ?? 1,
    });
    if (prepared.maps !== undefined) {
      try {
        this.vm.loadMaps(prepared.maps);
      } catch (e) {
        throw new VmError(`launch attribute 'maps': ${(e as Error).message}`);
      }
    }
    this.exec = this.startRun(0);
  }

  get program(): Program {
    return this.prepared.program;
  }

  get execution(): Execution {
    return this.exec;
  }

  get runLabel(): string {
    return this.prepared.runs[this.runIndex]?.label ?? '';
  }

  get runCount(): number {
    return this.prepared.runs.length;
  }

  get isBusy(): boolean {
    return this.busy;
  }

  get hasEnded(): boolean {
    return this.ended;
  }

  /** The tail calls that led to the current program, innermost (most recent) first. */
  tailChain(): TailCallLink[] {
    const now = this.exec.machine.executed;
    return this.tailLinks.filter((l) => l.executed <= now && (l.endedAt === undefined || l.endedAt > now)).reverse();
  }

  /** The program a Windows tail call scheduled to run when the current program returns. */
  get pendingTailCall(): Program | undefined {
    return this.vm.deferredTail?.program;
  }

  /** Execute one instruction, noting a tail call's hand-over (the program changed without a call). */
  private stepOne(): ReturnType<Execution['step']> {
    const m = this.exec.machine;
    const from = m.code;
    const pc = m.pc;
    const depth = m.depth;
    const s = this.exec.step();
    if (m.code !== from && s.state === 'paused') {
      // A new future: links recorded beyond this point belonged to a history that was stepped back over.
      this.tailLinks = this.tailLinks.filter((l) => l.executed < m.executed);
      this.tailLinks.push({
        kind: from.insns[pc]?.op === 0x95 ? 'deferred' : 'immediate',
        from: from.program,
        pc,
        to: m.code.program,
        depth: m.depth,
        executed: m.executed,
      });
    } else if (m.depth < depth) {
      for (const l of this.tailLinks)
        if (l.depth > m.depth && l.executed <= m.executed && (l.endedAt === undefined || l.endedAt > m.executed))
          l.endedAt = m.executed;
    }
    return s;
  }

  private startRun(index: number): Execution {
    this.runIndex = index;
    this.printkShown = 0;
    this.atExit = false;
    this.freshRun = true;
    this.tailLinks = [];
    const run = this.prepared.runs[index];
    if (!run) throw new Error(`there is no run ${index + 1} (${this.prepared.runs.length} prepared)`);
    const exec = this.vm.start(run.input, this.prepared.programIndex);
    exec.enableHistory(this.config.historyLimit ?? 100_000);
    return exec;
  }

  /** Begin: stop on entry, or run to the first breakpoint. */
  start(): void {
    const label = this.prepared.runs.length > 1 ? ` (${this.runLabel} of ${this.prepared.runs.length})` : '';
    this.events.output(`running ${this.program.section}/${this.program.name}${label}\n`, 'console');
    if (this.config.stopOnEntry) this.freshRun = false;
    if (this.config.stopOnEntry)
      this.events.stopped({ reason: 'entry', description: `Paused on entry of ${this.program.name}${label}` });
    else void this.resume();
  }

  // ---------------------------------------------------------------- breakpoints

  private rebuildIndex(): void {
    this.byAddress = new Map();
    const all = [
      ...[...this.lineBreakpoints.values()].flat(),
      ...this.functionBreakpoints,
      ...this.instructionBreakpoints,
    ];
    for (const bp of all) {
      for (const a of bp.addresses) {
        const list = this.byAddress.get(a) ?? [];
        list.push(bp);
        this.byAddress.set(a, list);
      }
    }
  }

  /** Line table entries of a source file across the object's programs. */
  /**
   * The lines of `file` with code, and where: line-table rows, and the call sites of inlined
   * functions (with -O2 a line like `if (!validate_ethertype(ctx, &proto))` has no row of its own:
   * its code is the inlined function's, so a breakpoint there stops where that copy starts).
   */
  linesOf(file: string): { codeIndex: number; pc: number; line: number }[] {
    const out: { codeIndex: number; pc: number; line: number }[] = [];
    const programs = this.prepared.object.programs;
    const anyExact = programs.some(
      (p) =>
        p.lineTable.some((l) => samePath(l.location.file, file)) ||
        (p.dwarf?.inlinedCalls ?? []).some((c) => c.callSite?.file !== undefined && samePath(c.callSite.file, file)),
    );
    const matches = (f: string): boolean => (anyExact ? samePath(f, file) : baseName(f) === baseName(file));
    programs.forEach((p, codeIndex) => {
      for (const l of p.lineTable) {
        if (l.location.line > 0 && matches(l.location.file)) out.push({ codeIndex, pc: l.pc, line: l.location.line });
      }
      for (const call of p.dwarf?.inlinedCalls ?? []) {
        const site = call.callSite;
        if (!site?.file || site.line <= 0 || !matches(site.file)) continue;
        const pc = firstPcOfInlinedCall(p, call);
        if (pc !== undefined) out.push({ codeIndex, pc, line: site.line });
      }
    });
    return out;
  }

  /** Replace the breakpoints of one source file; lines without code move to the next line with code. */
  setLineBreakpoints(file: string, requests: readonly BreakpointRequest[]): BreakpointResult[] {
    const table = this.linesOf(file);
    const results: BreakpointResult[] = [];
    const bps: Breakpoint[] = [];
    const lines = [...new Set(table.map((t) => t.line))].sort((a, b) => a - b);
    for (const req of requests) {
      const id = this.nextBreakpointId++;
      if (table.length === 0) {
        results.push({
          id,
          verified: false,
          message: `${baseName(file)} has no code in the program being debugged (or it was compiled without -g)`,
        });
        continue;
      }
      const line = lines.find((l) => l >= req.line);
      if (line === undefined) {
        results.push({
          id,
          verified: false,
          message: `no code at or after line ${req.line} (the last line with code is ${lines[lines.length - 1]})`,
        });
        continue;
      }
      const problem = this.checkExpressions(req.condition);
      if (problem) {
        results.push({ id, verified: false, line, message: `condition: ${problem}` });
        continue;
      }
      // As gdb does: one address per function, the lowest pc of the line. With -O2 a line's code
      // is scattered, and stopping at each piece would stop several times on one pass.
      const addresses = new Set<number>();
      for (const t of table.filter((x) => x.line === line)) {
        const fn = this.prepared.object.programs[t.codeIndex]?.functions.find(
          (f) => t.pc >= f.startPc && t.pc < f.endPc,
        );
        const sameFunction = [...addresses].some(
          (a) =>
            Math.floor(a / PROGRAM_SHIFT) === t.codeIndex &&
            fn !== undefined &&
            a % PROGRAM_SHIFT >= fn.startPc &&
            a % PROGRAM_SHIFT < fn.endPc,
        );
        if (!sameFunction) addresses.add(addressOf(t.codeIndex, t.pc));
      }
      bps.push({
        id,
        kind: 'line',
        addresses,
        line,
        condition: req.condition,
        hitCondition: req.hitCondition,
        logMessage: req.logMessage,
        hits: 0,
      });
      results.push({
        id,
        verified: true,
        line,
        ...(line !== req.line && { message: `moved from line ${req.line}: it has no code` }),
      });
    }
    this.lineBreakpoints.set(path.resolve(file), bps);
    this.rebuildIndex();
    return results;
  }

  private checkExpressions(condition: string | undefined): string | undefined {
    if (!condition) return undefined;
    try {
      // Parse only (evaluation needs a state); evaluation errors are reported when hit.
      evaluateExpression(condition, {
        register: () => 0n,
        pc: 0,
        readMemory: (_a, size) => new Uint8Array(size),
        namedValue: () => 0n,
        mapKeySize: (name) => this.vm.map(name)?.def.keySize,
        mapLookup: () => 0n,
      });
      return undefined;
    } catch (e) {
      return e instanceof ExpressionError ? e.message : String(e);
    }
  }

  setFunctionBreakpoints(
    requests: readonly { name: string; condition?: string; hitCondition?: string }[],
  ): BreakpointResult[] {
    const results: BreakpointResult[] = [];
    this.functionBreakpoints = [];
    for (const req of requests) {
      const id = this.nextBreakpointId++;
      const addresses = new Set<number>();
      this.prepared.object.programs.forEach((p, codeIndex) => {
        for (const f of p.functions) if (f.name === req.name) addresses.add(addressOf(codeIndex, f.startPc));
      });
      if (addresses.size === 0) {
        // A function clang inlined: stop at the first instruction of each inlined copy (DWARF).
        this.prepared.object.programs.forEach((p, codeIndex) => {
          for (const call of p.dwarf?.inlinedCalls ?? []) {
            if (call.name !== req.name) continue;
            const pc = firstPcOfInlinedCall(p, call);
            if (pc !== undefined) addresses.add(addressOf(codeIndex, pc));
          }
        });
      }
      if (addresses.size === 0) {
        const names = [...new Set(this.prepared.object.programs.flatMap((p) => p.functions.map((f) => f.name)))];
        results.push({
          id,
          verified: false,
          message: `no function '${req.name}' (functions: ${names.join(', ')}); an inlined function is found through DWARF, and this object has no inlined copy of it`,
        });
        continue;
      }
      this.functionBreakpoints.push({
        id,
        kind: 'function',
        addresses,
        condition: req.condition,
        hitCondition: req.hitCondition,
        hits: 0,
      });
      const [first = 0] = addresses;
      const codeIndex = Math.floor(first / PROGRAM_SHIFT);
      const line = this.prepared.object.programs[codeIndex]?.sourceAt(first % PROGRAM_SHIFT)?.line;
      results.push({ id, verified: true, ...(line && line > 0 && { line }), pc: first });
    }
    this.rebuildIndex();
    return results;
  }

  setInstructionBreakpoints(
    requests: readonly { address: number; condition?: string | undefined; hitCondition?: string | undefined }[],
  ): BreakpointResult[] {
    const results: BreakpointResult[] = [];
    this.instructionBreakpoints = [];
    for (const req of requests) {
      const id = this.nextBreakpointId++;
      const codeIndex = Math.floor(req.address / PROGRAM_SHIFT);
      const pc = req.address % PROGRAM_SHIFT;
      const program = this.prepared.object.programs[codeIndex];
      if (!program || program.indexOfPc(pc) < 0) {
        results.push({
          id,
          verified: false,
          message: `0x${req.address.toString(16)} is not the start of an instruction`,
        });
        continue;
      }
      this.instructionBreakpoints.push({
        id,
        kind: 'instruction',
        addresses: new Set([req.address]),
        condition: req.condition,
        hitCondition: req.hitCondition,
        hits: 0,
      });
      results.push({ id, verified: true, pc: req.address });
    }
    this.rebuildIndex();
    return results;
  }

  // ---------------------------------------------------------------- expressions

  /**
   * The expression environment of a frame (registers of the innermost frame; saved r6..r10 below
   * it), with the C variables of its inlined level (0 = the innermost C frame at the pc).
   */
  env(depth = this.exec.machine.depth, level = 0): ExpressionEnv {
    const exec = this.exec;
    const vm = this.vm;
    const m = exec.machine;
    const frame = exec.frames()[depth];
    return {
      register: (i) => {
        if (depth === m.depth || i < 6) return exec.register(i);
        const savedHi = m.savedHi[depth];
        const savedLo = m.savedLo[depth];
        if (savedHi === undefined || savedLo === undefined || !isRegIndex(i))
          throw new Error(`r${i} is not saved for frame ${depth}`);
        const hi = savedHi[i];
        const lo = savedLo[i];
        return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
      },
      pc: frame?.pc ?? exec.pc,
      readMemory: (address, size) => exec.readMemory(address, size),
      namedValue: (name) => this.namedValue(name),
      mapKeySize: (name) => vm.map(name)?.def.keySize,
      mapLookup: (name, key) => {
        const map = vm.map(name);
        if (!map) return 0n;
        const entry = map.get(key);
        if (!entry) return 0n;
        const region = vm.valueRegion(map, entry, vm.cpu);
        return (BigInt(0x100 + region.id) << 32n) | BigInt(region.readStart);
      },
      ...(this.hasDwarfAt(depth)
        ? {
            cVariable: (name: string) => cVariable(this, depth, level, name),
            cType: (name: string, tag?: 'struct' | 'union' | 'enum') =>
              framePoint(this, depth)?.program.dwarf?.typeByName(name, tag),
          }
        : {}),
    };
  }

  private hasDwarfAt(depth: number): boolean {
    return cFramesAt(this, depth).length > 0;
  }

  /** ctx.<field> values (what Context shows). */
  private namedValue(name: string): bigint | undefined {
    const m = /^ctx\.(\w+)$/.exec(name);
    const type = this.vm.programType;
    const ctx = this.vm.ctxRegion;
    if (name === 'ctx' && ctx) return (BigInt(0x100 + ctx.id) << 32n) | 0n;
    if (!m || !type || !ctx) return undefined;
    const f = type.context.fields.find((x) => x.name === m[1]);
    if (!f) return undefined;
    const packet = this.vm.packet;
    if (f.kind === 'packet_start' || f.kind === 'packet_end' || f.kind === 'packet_meta') {
      if (!packet) return 0n;
      const at = f.kind === 'packet_start' ? packet.data : f.kind === 'packet_end' ? packet.dataEnd : packet.meta;
      return (BigInt(0x100 + packet.region.id) << 32n) | BigInt(at);
    }
    if (f.size > 8) return undefined;
    return readLe(ctx.bytes, f.offset, f.size);
  }

  evaluate(text: string, depth?: number, level = 0): ReturnType<typeof evaluateExpression> {
    return evaluateExpression(text, this.env(depth, level));
  }

  // ---------------------------------------------------------------- execution control

  /** Checks the breakpoints at the current pc after an instruction ran; returns the stop, if any. */
  private breakpointStop(reverse: boolean): StopEvent | undefined {
    const m = this.exec.machine;
    const list = this.byAddress.get(addressOf(m.code.index, m.pc));
    if (!list) return undefined;
    const ids: number[] = [];
    let kind: StopReason = 'breakpoint';
    let text: string | undefined;
    for (const bp of list) {
      if (bp.condition) {
        try {
          if (this.evaluate(bp.condition).value === 0n) continue;
        } catch (e) {
          ids.push(bp.id);
          text = `breakpoint condition '${bp.condition}' failed: ${(e as Error).message}`;
          continue;
        }
      }
      if (!reverse) bp.hits++;
      if (bp.hitCondition) {
        try {
          if (!hitConditionMet(bp.hitCondition, bp.hits)) continue;
        } catch (e) {
          text = (e as Error).message;
        }
      }
      if (bp.logMessage !== undefined) {
        if (!reverse) {
          const where = m.code.program.sourceAt(m.pc);
          this.events.output(interpolateLogMessage(bp.logMessage, this.env()) + '\n', 'console', where);
        }
        continue;
      }
      ids.push(bp.id);
      if (bp.kind === 'function') kind = 'function breakpoint';
      else if (bp.kind === 'instruction' && kind === 'breakpoint' && list.every((b) => b.kind !== 'line'))
        kind = 'instruction breakpoint';
    }
    if (ids.length === 0) return undefined;
    return {
      reason: kind,
      breakpointIds: ids,
      ...(text !== undefined && { text }),
      ...(text && { description: 'Breakpoint condition error' }),
    };
  }

  private flushPrintk(): void {
    const printk = this.vm.printk;
    if (printk.length < this.printkShown) this.printkShown = printk.length;
    for (let p = printk[this.printkShown]; p !== undefined; p = printk[++this.printkShown]) {
      this.events.printk?.(p);
      if (p.text !== undefined) this.events.output(p.text.endsWith('\n') ? p.text : p.text + '\n', 'stdout', p.source);
      else this.events.output(`bpf_printk rejected: ${p.error ?? 'bad format'}\n`, 'stderr', p.source);
    }
  }

  private faultStop(error: VmError | undefined): StopEvent {
    const e = error;
    if (e instanceof VmFault) {
      const where =
        e.region !== undefined ? ` in ${e.region}${e.offset !== undefined ? ` at offset ${e.offset}` : ''}` : '';
      return { reason: 'exception', description: `Memory fault${where}`, text: e.message };
    }
    if (e instanceof BudgetExceeded)
      return { reason: 'exception', description: `Instruction budget of ${e.budget} exhausted`, text: e.message };
    return { reason: 'exception', description: 'Run error', text: e?.message ?? 'the run stopped with an error' };
  }

  /** Information about the exception the execution stopped at. */
  exceptionInfo(): { id: string; description: string; details: string; region?: string; offset?: number } | undefined {
    const e = this.exec.error;
    if (!e) return undefined;
    if (e instanceof VmFault)
      return {
        id: 'memory-fault',
        description: e.message,
        details: e.stack ?? e.message,
        ...(e.region !== undefined && { region: e.region }),
        ...(e.offset !== undefined && { offset: e.offset }),
      };
    if (e instanceof BudgetExceeded) return { id: 'budget-exceeded', description: e.message, details: e.message };
    return { id: 'vm-error', description: e.message, details: e.message };
  }

  /** "dispatch", or "dispatch → stage_two" after tail calls. */
  private ranNames(): string {
    return [
      this.program.name,
      ...this.tailChain()
        .reverse()
        .map((l) => l.to.name),
    ].join(' → ');
  }

  private resultText(r: RunResult): string {
    const label = this.prepared.runs.length > 1 ? `${this.runLabel}: ` : '';
    if (r.error)
      return `${label}${this.ranNames()} stopped with an error after ${r.instructions} instructions: ${r.error.message}\n`;
    const name = r.returnName ? `${r.returnName} (${r.returnValue})` : `${r.returnValue}`;
    let text = `${label}${this.ranNames()} returned ${name} after ${r.instructions} instructions\n`;
    const input = this.prepared.runs[this.runIndex]?.input.packet;
    if (r.packet && input && hexBytes(r.packet) !== hexBytes(input))
      text += `  packet rewritten: ${hexBytes(r.packet)}\n`;
    return text;
  }

  /** The run stopped being 'paused' (exited or faulted). */
  private onRunEnded(stepping: boolean): StopEvent | 'next' {
    const exec = this.exec;
    if (exec.state === 'faulted') return this.faultStop(exec.error);
    const r = exec.result;
    if (stepping || this.config.stopOnExit) {
      this.atExit = true;
      const name = r.returnName ? `${r.returnName} (${r.returnValue})` : `${r.returnValue}`;
      this.events.output(this.resultText(r), 'console');
      return { reason: 'exit', description: `${this.ranNames()} returned ${name}`, text: `returned ${name}` };
    }
    return 'next';
  }

  /** Record the finished run and start the next one; false when there is none. */
  private advanceRun(alreadyReported: boolean): boolean {
    const exec = this.exec;
    const r = exec.state === 'paused' ? exec.finish() : exec.result;
    this.flushPrintk();
    if (!alreadyReported) this.events.output(this.resultText(r), 'console');
    this.results.push({ label: this.runLabel, result: r });
    if (this.runIndex + 1 >= this.prepared.runs.length) {
      this.finishSession();
      return false;
    }
    this.exec = this.startRun(this.runIndex + 1);
    this.events.output(`running ${this.runLabel} of ${this.prepared.runs.length}\n`, 'console');
    return true;
  }

  private finishSession(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.results.length > 1) {
      const counts = new Map<string, number>();
      for (const { result } of this.results) {
        const k = result.error ? 'error' : (result.returnName ?? String(result.returnValue));
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      this.events.output(
        `summary: ${this.results.length} runs: ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}\n`,
        'console',
      );
    }
    this.events.terminated();
  }

  /** When stopped at a run's end (exit or fault), moving on means the next run. Returns false at the very end. */
  private leaveFinishedRun(): boolean {
    if (this.exec.state === 'paused' && !this.atExit) return true;
    const reported = this.atExit;
    return this.advanceRun(reported);
  }

  pause(): void {
    if (this.busy) this.pauseRequested = true;
  }

  /** continue */
  async resume(): Promise<void> {
    if (this.ended) return;
    if (!this.leaveFinishedRun()) return;
    await this.drive({ kind: 'continue' });
  }

  async step(kind: StepKind, granularity: StepGranularity): Promise<void> {
    if (this.ended) return;
    if (this.exec.state !== 'paused' || this.atExit) {
      // Stepping past a finished run starts the next one and stops at its entry.
      if (!this.advanceRun(this.atExit)) return;
      this.freshRun = false;
      this.events.stopped({ reason: 'entry', description: `Paused on entry (${this.runLabel})` });
      return;
    }
    await this.drive({ kind, granularity });
  }

  private async drive(mode: { kind: 'continue' } | { kind: StepKind; granularity: StepGranularity }): Promise<void> {
    const generation = ++this.generation;
    this.busy = true;
    this.pauseRequested = false;
    try {
      for (;;) {
        const outcome = await this.runLoop(mode, generation);
        if (outcome === 'stale') return;
        if (outcome === 'next') {
          if (!this.advanceRun(false)) return;
          continue;
        }
        this.events.stopped(outcome);
        return;
      }
    } finally {
      if (generation === this.generation) this.busy = false;
    }
  }

  private async runLoop(
    mode: { kind: 'continue' } | { kind: StepKind; granularity: StepGranularity },
    generation: number,
  ): Promise<StopEvent | 'next' | 'stale'> {
    const exec = this.exec;
    const m = exec.machine;
    const startDepth = m.depth;
    const startCode = m.code;
    const startLine = lineOf(m.code, m.pc);
    const startInline = inlineDepthOf(m.code, m.pc);
    // Step Out of an inlined call ends in the C frame that called it.
    const outOf = startInline > 0 ? m.code.program.debugFramesAt(m.pc)[1]?.scope : undefined;
    const stepping = mode.kind !== 'continue';
    if (this.freshRun) {
      this.freshRun = false;
      const bp = this.breakpointStop(false);
      if (bp) return bp;
    }
    for (let n = 1; ; n++) {
      const s = this.stepOne();
      this.flushPrintk();
      if (s.state !== 'paused') return this.onRunEnded(stepping);
      const bp = this.breakpointStop(false);
      if (bp) return bp;
      if (mode.kind !== 'continue') {
        if (mode.granularity === 'instruction') {
          if (mode.kind !== 'out' || m.depth < startDepth || (m.code !== startCode && m.depth <= startDepth))
            return { reason: 'step' };
        } else {
          const line = lineOf(m.code, m.pc);
          // Inlined calls count as frames: entering or leaving one is a new position even on the same line.
          const inline = inlineDepthOf(m.code, m.pc);
          const newLine = line !== undefined && (line !== startLine || m.code !== startCode || inline !== startInline);
          if (mode.kind === 'in' && line !== undefined && (newLine || m.depth !== startDepth))
            return { reason: 'step' };
          if (mode.kind === 'over' && m.depth < startDepth && line !== undefined) return { reason: 'step' };
          if (mode.kind === 'over' && m.depth === startDepth && newLine && inline <= startInline)
            return { reason: 'step' };
          // Out of an inlined call: stop once the caller's own code runs (scheduled code of the
          // caller's caller in between does not count), or once the caller is left too.
          if (
            mode.kind === 'out' &&
            outOf !== undefined &&
            m.depth === startDepth &&
            m.code === startCode &&
            line !== undefined &&
            (m.code.program.debugFramesAt(m.pc)[0]?.scope === outOf ||
              (inline < startInline - 1 && !hasCodeAfter(outOf, m.code.program, m.pc)))
          )
            return { reason: 'step' };
          // A tail call replaces the program: where it continues is "after" the function stepped out of.
          if (
            mode.kind === 'out' &&
            (m.depth < startDepth || (m.code !== startCode && m.depth <= startDepth && line !== undefined))
          )
            return { reason: 'step' };
        }
      }
      if (n % CHUNK === 0) {
        // Let pause and disconnect requests in.
        await new Promise((r) => setImmediate(r));
        if (generation !== this.generation) return 'stale';
        if (this.pauseRequested) {
          this.pauseRequested = false;
          return { reason: 'pause', description: 'Paused' };
        }
      }
    }
  }

  /** The run's result while stopped at its exit (the Result scope), else undefined. */
  get exitResult(): RunResult | undefined {
    return this.atExit && this.exec.state !== 'paused' ? this.exec.result : undefined;
  }

  get canStepBack(): boolean {
    return this.exec.canStepBack;
  }

  /** Step back by one instruction or one C line (same depth); at the start of history, stop there. */
  stepBack(granularity: StepGranularity): void {
    this.generation++;
    const exec = this.exec;
    const m = exec.machine;
    this.atExit = false;
    if (!exec.canStepBack) {
      this.events.stopped({ reason: 'step', description: 'At the start of the recorded history' });
      return;
    }
    const startDepth = m.depth;
    const startLine = exec.state === 'paused' ? lineOf(m.code, m.pc) : undefined;
    const startCode = m.code;
    while (exec.stepBack()) {
      if (granularity === 'instruction') break;
      const line = lineOf(m.code, m.pc);
      if (line === undefined) continue;
      if (m.depth < startDepth || (m.depth === startDepth && (line !== startLine || m.code !== startCode))) break;
      if (m.depth > startDepth) continue;
    }
    this.flushPrintk();
    this.events.stopped({ reason: 'step' });
  }

  /** Run backwards to the previous breakpoint, or to the start of the recorded history. */
  reverseContinue(): void {
    this.generation++;
    const exec = this.exec;
    this.atExit = false;
    while (exec.stepBack()) {
      const bp = this.breakpointStop(true);
      if (bp) {
        this.flushPrintk();
        this.events.stopped(bp);
        return;
      }
    }
    this.flushPrintk();
    this.events.stopped({ reason: 'entry', description: 'At the start of the recorded history' });
  }

  /** The session was asked to end. */
  stop(): void {
    this.generation++;
    this.ended = true;
  }
}
