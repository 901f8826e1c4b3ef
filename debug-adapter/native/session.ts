// The native debug session ("engine": "native"): the program converted to C, built with debug
// info into the native runner and run under lldb-dap, presented as an eBPF session. lldb-dap
// does the debugging (breakpoints on the C lines land through the `#line` directives, line
// steps, machine-instruction steps, expressions); this class translates: one thread, eBPF frames
// with their pc, r0-r10 from the generated function's locals named by region, the 512-byte
// stack, steps by eBPF instruction through the pc map, and the run's result when the runner
// exits. lldb-dap and the runner are killed when the session ends or the adapter exits.

import path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { parseRunnerOutput } from '../../core/native/engine/run';
import type { LaunchConfig } from '../config';
import type { PreparedLaunch } from '../launch';
import { decodePacket, type PacketField } from '../packetDecode';
import { formatValue } from '../../core/btf/format';
import { hexBytes, summarize } from '../values';
import { DapClient } from './dapClient';
import {
  EBPF_STACK_SIZE,
  nativePointerText,
  nativeRegisterText,
  packetBoundedRead,
  parseDebuggerInteger,
  type NativeMapLayout,
  type NativeRegions,
} from './registers';
import { prepareNativeTarget, type NativeTarget } from './target';
import { cFramesOf, localsOf, type CFrameReader } from '../locals';
import type { CNode } from '../cvalue';
import { StopMemory } from './memory';
import { evaluateNative, routeExpression } from './evaluate';
import { errorText } from '../errorText';

/** What the native session needs from the DAP session that hosts it. */
export interface NativeHost {
  sendResponse(response: DebugProtocol.Response): void;
  sendEvent(event: DebugProtocol.Event): void;
  /** Parse, validate and prepare the launch as the interpreter session does (compile, verify, inputs). */
  prepare(raw: Record<string, unknown>): Promise<{ config: LaunchConfig; prepared: PreparedLaunch }>;
  /** The client disconnected: the host may end (a process adapter exits). */
  disconnected(): void;
}

const THREAD_ID = 1;
/** The runner's hook called with r0 once a run ended (core/native/runtime/runner.c). */
const EXIT_HOOK = 'ebpf_rt_run_finished';
/** Ids of the call stack's own frames (tail-call labels and callers), above lldb-dap's. */
const LABEL_FRAME_BASE = 1_900_000_000;
/** Our variable references start here; lldb-dap's (passed through) are below. */
const OWN_REFERENCE_BASE = 1_500_000_000;

type Granularity = 'line' | 'statement' | 'instruction';

interface FrameInfo {
  readonly id: number;
  readonly name: string;
  readonly address: number;
  readonly source?: DebugProtocol.Source;
  readonly line: number;
  readonly column: number;
}

/** One native frame's eBPF view, read once per stop. */
interface FrameState {
  readonly registers: Map<number, bigint>;
  readonly stack: bigint[] | undefined;
  readonly regions: NativeRegions;
}

const liveSessions = new Set<NativeSession>();
process.once('exit', () => {
  for (const s of liveSessions) s.killNow();
});

function event(name: string, body?: unknown): DebugProtocol.Event {
  return { seq: 0, type: 'event', event: name, ...(body !== undefined ? { body } : {}) };
}

/** The runner's main: the program returned to it. */
function isMain(frame: { readonly name: string }): boolean {
  return frame.name === 'main' || frame.name.startsWith('main(') || frame.name.startsWith('main ');
}

export class NativeSession {
  private client: DapClient | undefined;
  private target: NativeTarget | undefined;
  private prepared: PreparedLaunch | undefined;
  private config: LaunchConfig | undefined;
  private nativeThread = 0;
  private runnerPid: number | undefined;
  /** Load bias: runtime address - link-time address (PIE), known after the first stop. */
  private bias: number | undefined;
  private configurationDone: Promise<void>;
  private markConfigurationDone: () => void = () => undefined;
  private entrySeen = new Set<string>();
  /** Internal steps wait here for lldb-dap's next stop (or the end of the run). */
  private stopWaiter: ((e: DebugProtocol.Event | undefined) => void) | undefined;
  private stdout = '';
  /** Stopped in the runner's ebpf_rt_run_finished (stopOnExit): its frame and what the run returned. */
  private atExit: { readonly frameId: number; readonly text: string } | undefined;
  /** The result line already shown at the exit stop. */
  private resultShown = false;
  /** printk lines already shown while the program ran. */
  private livePrintk = 0;
  private finished = false;
  private ownVariables = new Map<number, () => Promise<DebugProtocol.Variable[]>>();
  private nextReference = OWN_REFERENCE_BASE;
  private frameStates = new Map<number, Promise<FrameState>>();
  private frames = new Map<number, FrameInfo>();
  /** The eBPF program and pc of each frame shown in the last stack trace (callers: their call). */
  private framePoints = new Map<number, { program: number; pc: number; top: boolean }>();
  /** The runner's memory at this stop, read through lldb on demand (C values). */
  private memory = this.newMemory();
  /** The runner's map storage: fixed once the runner created its maps, read on first need. */
  private mapLayouts: Promise<NativeMapLayout[]> | undefined;

  constructor(private readonly host: NativeHost) {
    this.configurationDone = new Promise((resolve) => (this.markConfigurationDone = resolve));
    liveSessions.add(this);
  }

  /** Answer one request of the client. */
  handle(request: DebugProtocol.Request): void {
    const response: DebugProtocol.Response = {
      seq: 0,
      type: 'response',
      request_seq: request.seq,
      command: request.command,
      success: true,
    };
    this.answer(request, response).then(
      () => {
        this.host.sendResponse(response);
        if (request.command === 'disconnect') this.host.disconnected();
      },
      (e: unknown) => {
        // A launch that failed half-way must not leave lldb-dap or the runner behind.
        if (request.command === 'launch') this.killNow();
        response.success = false;
        // An expression's error reads as in the interpreter session: what was not understood.
        const evaluate = request.command === 'evaluate';
        response.message = evaluate ? errorText(e) : `'${request.command}' failed: ${errorText(e)}`;
        const body: DebugProtocol.ErrorResponse['body'] = {
          error: { id: evaluate ? 1009 : 4001, format: response.message, showUser: request.command === 'launch' },
        };
        response.body = body;
        this.host.sendResponse(response);
      },
    );
  }

  private async answer(request: DebugProtocol.Request, response: DebugProtocol.Response): Promise<void> {
    const args = (request.arguments ?? {}) as Record<string, unknown>;
    switch (request.command) {
      case 'launch':
        return this.launch(args);
      case 'configurationDone':
        this.markConfigurationDone();
        return;
      case 'setBreakpoints':
        response.body = await this.lldb().request('setBreakpoints', args);
        return;
      case 'setFunctionBreakpoints':
        response.body = await this.lldb().request('setFunctionBreakpoints', args);
        return;
      case 'setInstructionBreakpoints': {
        const list = (args.breakpoints as unknown[] | undefined) ?? [];
        response.body = {
          breakpoints: list.map(() => ({ verified: false, message: 'lldb-dap 19 has no instruction breakpoints' })),
        };
        return;
      }
      case 'breakpointLocations':
        // lldb-dap 19 does not answer it; VS Code then places breakpoints where the user clicked.
        response.body = { breakpoints: [] };
        return;
      case 'setExceptionBreakpoints':
        response.body = { breakpoints: [] };
        return;
      case 'threads':
        response.body = { threads: [{ id: THREAD_ID, name: this.prepared?.program.name ?? 'eBPF program' }] };
        return;
      case 'stackTrace':
        response.body = await this.stackTrace();
        return;
      case 'scopes':
        response.body = { scopes: await this.scopes(Number(args.frameId)) };
        return;
      case 'variables':
        response.body = { variables: await this.variables(Number(args.variablesReference)) };
        return;
      case 'evaluate':
        response.body = await this.evaluate(args as unknown as DebugProtocol.EvaluateArguments);
        return;
      case 'disassemble':
        response.body = await this.lldb().request('disassemble', args);
        return;
      case 'continue':
        this.invalidate();
        this.atExit = undefined;
        await this.lldb().request('continue', { threadId: this.nativeThread });
        response.body = { allThreadsContinued: true };
        return;
      case 'pause':
        await this.lldb().request('pause', { threadId: this.nativeThread });
        return;
      case 'next':
      case 'stepIn':
      case 'stepOut':
        this.step(request.command, (args.granularity as Granularity | undefined) ?? 'line');
        return;
      case 'terminate':
      case 'disconnect':
        await this.shutdown();
        return;
      default:
        throw new Error(`not available in a native session (engine "native")`);
    }
  }

  private lldb(): DapClient {
    if (!this.client) throw new Error('the native debugger is not running');
    return this.client;
  }

  private console(text: string, category = 'console'): void {
    this.host.sendEvent(event('output', { category, output: text.endsWith('\n') ? text : text + '\n' }));
  }

  private async launch(raw: Record<string, unknown>): Promise<void> {
    const { config, prepared } = await this.host.prepare(raw);
    this.config = config;
    this.prepared = prepared;
    let target: NativeTarget;
    try {
      target = prepareNativeTarget(prepared);
    } catch (e) {
      this.console(`native engine: ${errorText(e)}`, 'stderr');
      throw e;
    }
    this.target = target;
    this.console(`native engine: runner ${target.build.runner} (built with ${'-O0 -Dregister= -g'})`);
    this.console(`native engine: debugging under ${target.lldbDap}`);
    if (target.pcMapProblem)
      this.console(`native engine: stepping by eBPF instruction is off: ${target.pcMapProblem}`, 'stderr');
    if (prepared.runs.length > 1)
      this.console(
        `native engine: runs the first input only (${prepared.runs[0]?.label ?? ''}) of ${prepared.runs.length}`,
      );

    const client = new DapClient(target.lldbDap, [], (reason) => this.onDebuggerExit(reason));
    this.client = client;
    client.onEvent((e) => this.onDebuggerEvent(e));
    await client.request('initialize', {
      clientID: 'vscode-ebpf',
      adapterID: 'lldb-dap',
      linesStartAt1: true,
      columnsStartAt1: true,
      pathFormat: 'path',
    });
    const initialized = new Promise<void>((resolve) =>
      client.onEvent((e) => {
        if (e.event === 'initialized') resolve();
      }),
    );
    const launched = client.request('launch', {
      program: target.build.runner,
      args: [target.inputFile],
      cwd: path.dirname(target.inputFile),
      stopOnEntry: false,
      // Stop before the program runs, at each program's entry: user breakpoints then apply.
      // The runtime then writes each printk line as it happens (core/native/runtime/runtime.c).
      env: ['EBPF_RT_LIVE_PRINTK=1'],
      preRunCommands: [
        ...target.entries.map((name) => `breakpoint set --name ${name}`),
        // stopOnExit: the runner calls this hook once the program and its tail calls returned.
        ...(config.stopOnExit ? [`breakpoint set --name ${EXIT_HOOK}`] : []),
      ],
    });
    await initialized;
    this.host.sendEvent(event('initialized'));
    await this.configurationDone;
    await client.request('configurationDone');
    await launched;
  }

  private onDebuggerEvent(e: DebugProtocol.Event): void {
    const body = (e.body ?? {}) as Record<string, unknown>;
    switch (e.event) {
      case 'process':
        if (typeof body.systemProcessId === 'number') this.runnerPid = body.systemProcessId;
        return;
      case 'stopped':
        if (typeof body.threadId === 'number') this.nativeThread = body.threadId;
        if (this.stopWaiter) {
          const w = this.stopWaiter;
          this.stopWaiter = undefined;
          w(e);
          return;
        }
        void this.onStopped(body).catch((err: unknown) => this.console(`native engine: ${errorText(err)}`, 'stderr'));
        return;
      case 'output': {
        const text = typeof body.output === 'string' ? body.output : '';
        if (body.category === 'stdout') this.onRunnerOutput(text.replace(/\r/g, ''));
        else if (body.category === 'stderr') this.console(text, 'stderr');
        return;
      }
      case 'exited':
      case 'terminated':
        this.finish();
        return;
      default:
        return;
    }
  }

  /** The runner's stdout as it arrives: printk lines go to the Debug Console at once. */
  private onRunnerOutput(text: string): void {
    const start = this.stdout.length;
    this.stdout += text;
    // Complete lines only: lldb-dap may split the output anywhere.
    const lineStart = this.stdout.lastIndexOf('\n', start - 1) + 1;
    const complete = this.stdout.slice(lineStart, this.stdout.lastIndexOf('\n') + 1);
    for (const line of complete.split('\n')) {
      const m = /^printk-live ([0-9a-f]*)$/.exec(line.trim());
      if (!m || line.length === 0) continue;
      this.livePrintk++;
      this.console(Buffer.from(m[1] ?? '', 'hex').toString('utf8'), 'stdout');
    }
  }

  /** A stop lldb-dap reports on its own (breakpoint, pause, end of a line step). */
  private async onStopped(body: Record<string, unknown>): Promise<void> {
    this.invalidate();
    this.atExit = undefined;
    const top = await this.topFrame();
    if (top && top.name.replace(/\(.*$/, '').trim() === EXIT_HOOK) {
      await this.stopAtExit(top);
      return;
    }
    const fn = top ? this.functionOf(top) : undefined;
    if (top && fn && this.target?.entries.includes(fn) && this.isEntryStop(top)) {
      // The internal entry breakpoint: run the prologue up to pc 0, then stop (stopOnEntry) or go on.
      const first = !this.entrySeen.has(fn) && this.entrySeen.size === 0;
      this.entrySeen.add(fn);
      await this.runToPc0(fn);
      if (first && this.config?.stopOnEntry) this.reportStop('entry', 'entry');
      else await this.lldb().request('continue', { threadId: this.nativeThread });
      return;
    }
    if (!top || !fn) {
      // Outside the program (the runner's main after a return, a runtime helper): go on.
      await this.leaveRuntime(top);
      return;
    }
    const reason = typeof body.reason === 'string' ? body.reason : 'pause';
    const hit = Array.isArray(body.hitBreakpointIds) ? (body.hitBreakpointIds as number[]) : undefined;
    this.reportStop(reason, typeof body.description === 'string' ? body.description : reason, hit);
  }

  /** The run returned (stopOnExit): show the result as the interpreter does and stop. */
  private async stopAtExit(top: FrameInfo): Promise<void> {
    const r = await this.lldb().request<{ result?: string }>('evaluate', {
      expression: 'r0',
      frameId: top.id,
      context: 'watch',
    });
    const r0 = parseDebuggerInteger(r.result) ?? 0n;
    const text = this.resultText(r0);
    this.console(text, 'console');
    this.resultShown = true;
    this.reportStop('exit', text);
    this.atExit = { frameId: top.id, text };
  }

  /** `xdp_load_balancer returned XDP_TX (3)`, as the interpreter words it. */
  private resultText(r0: bigint, chain?: string): string {
    const program = this.prepared?.program;
    const meaning = program?.programType?.returnValues[Number(BigInt.asIntN(32, r0))];
    return `${chain || program?.name || 'the program'} returned ${meaning ? `${meaning} (${r0})` : `${r0}`}`;
  }

  private reportStop(reason: string, description: string, hitBreakpointIds?: number[]): void {
    this.invalidate();
    this.host.sendEvent(
      event('stopped', {
        reason,
        description,
        threadId: THREAD_ID,
        allThreadsStopped: true,
        ...(hitBreakpointIds ? { hitBreakpointIds } : {}),
      }),
    );
  }

  private newMemory(): StopMemory {
    return new StopMemory((address, length) => this.readBytes(address, length, this.memoryFrame()));
  }

  /** Any frame of this stop: memory reads do not depend on the frame. */
  private memoryFrame(): number {
    return this.frames.keys().next().value ?? 0;
  }

  private invalidate(): void {
    this.frameStates.clear();
    this.frames.clear();
    this.framePoints.clear();
    this.memory = this.newMemory();
    this.ownVariables.clear();
    this.nextReference = OWN_REFERENCE_BASE;
  }

  private isEntryStop(top: FrameInfo): boolean {
    const map = this.target?.pcMap;
    if (this.bias === undefined || !map) return top.line > 0 && this.entryPc(top) === undefined;
    return map.pcAt(top.address - this.bias) === undefined;
  }

  private entryPc(top: FrameInfo): number | undefined {
    const map = this.target?.pcMap;
    if (!map || this.bias === undefined) return undefined;
    return map.pcAt(top.address - this.bias)?.pc;
  }

  /** Learn the load bias from a function's runtime address, then step machine instructions to pc 0. */
  private async runToPc0(fn: string): Promise<void> {
    const map = this.target?.pcMap;
    if (!map) return;
    if (this.bias === undefined) {
      const top = await this.topFrame();
      const r = await this.lldb().request<{ result?: string }>('evaluate', {
        expression: `(unsigned long long)&${fn}`,
        frameId: top?.id,
        context: 'watch',
      });
      const runtime = parseDebuggerInteger(r.result);
      const link = map.functionNamed(fn)?.address;
      if (runtime === undefined || link === undefined) return;
      this.bias = Number(runtime) - link;
    }
    for (let i = 0; i < 10_000; i++) {
      const top = await this.topFrame();
      if (!top) return;
      const range = map.pcAt(top.address - this.bias);
      if (range && range.start === top.address - this.bias) return;
      if (!(await this.machineStep('next'))) return;
    }
  }

  /**
   * One machine instruction (over calls with 'next', into them with 'stepIn'), or out of the
   * frame; false when the run ended. lldb-dap 19 ignores DAP's `granularity` (its `next` is always
   * a line step), so these are lldb's own commands through its REPL; the stop arrives as an event.
   */
  private async machineStep(kind: 'next' | 'stepIn' | 'stepOut'): Promise<boolean> {
    this.invalidate();
    const command =
      kind === 'next' ? 'thread step-inst-over' : kind === 'stepIn' ? 'thread step-inst' : 'thread step-out';
    const stopped = new Promise<DebugProtocol.Event | undefined>((resolve) => (this.stopWaiter = resolve));
    await this.lldb().request('evaluate', { expression: `\`${command}`, context: 'repl' });
    const e = await stopped;
    return e !== undefined && !this.finished;
  }

  private step(kind: 'next' | 'stepIn' | 'stepOut', granularity: Granularity): void {
    if (this.atExit) {
      // Nothing left to step at the exit: the runner finishes and the session ends, as in the interpreter.
      this.atExit = undefined;
      this.invalidate();
      void this.lldb()
        .request('continue', { threadId: this.nativeThread })
        .catch(() => undefined);
      return;
    }
    void this.stepAsync(kind, granularity).catch((e: unknown) => {
      this.console(`native engine: step failed: ${errorText(e)}`, 'stderr');
    });
  }

  private async stepAsync(kind: 'next' | 'stepIn' | 'stepOut', granularity: Granularity): Promise<void> {
    this.invalidate();
    if (granularity === 'statement' && kind !== 'stepOut') {
      await this.stepEbpfInstruction(kind);
      return;
    }
    if (granularity === 'instruction') {
      if (await this.machineStep(kind)) await this.afterOwnStep();
      return;
    }
    // Line steps are lldb-dap's own; the stop comes back through onStopped.
    await this.lldb().request(kind, { threadId: this.nativeThread });
  }

  /**
   * Step machine instructions until the first machine instruction of another eBPF instruction.
   * As in the interpreter, one instruction step enters a bpf-to-bpf callee (a generated function);
   * runtime code (helpers) is stepped out of, and a return to the runner's main ends the run.
   */
  private async stepEbpfInstruction(kind: 'next' | 'stepIn'): Promise<void> {
    const map = this.target?.pcMap;
    if (!map || this.bias === undefined) {
      this.console(
        `native engine: no pc map (${this.target?.pcMapProblem ?? 'not known yet'}): stepping one line instead`,
        'stderr',
      );
      await this.lldb().request(kind, { threadId: this.nativeThread });
      return;
    }
    const start = await this.topFrame();
    const from = start ? map.pcAt(start.address - this.bias) : undefined;
    for (let i = 0; i < 100_000; i++) {
      if (!(await this.machineStep('stepIn'))) return;
      let top = await this.topFrame();
      while (top && !this.functionOf(top)) {
        if (isMain(top)) {
          await this.lldb().request('continue', { threadId: this.nativeThread });
          return;
        }
        if (!(await this.machineStep('stepOut'))) return;
        top = await this.topFrame();
      }
      if (!top) return;
      const link = top.address - this.bias;
      const range = map.pcAt(link);
      // gcc may give a stretch of the same instruction's code a row of its own (the closing brace
      // of a branch at its jump target): a new eBPF instruction means a new pc.
      if (range && range.start === link && range.pc !== from?.pc) {
        this.reportStop('step', `pc ${range.pc}`);
        return;
      }
    }
  }

  /** After a step we drove: report it, unless it left the program (then leave the runtime too). */
  private async afterOwnStep(): Promise<void> {
    const top = await this.topFrame();
    if (top && this.functionOf(top)) this.reportStop('step', 'machine instruction');
    else await this.leaveRuntime(top);
  }

  /** Out of runtime code: step out of a helper, or let the runner finish after the program returned. */
  private async leaveRuntime(top: FrameInfo | undefined): Promise<void> {
    if (top && !isMain(top)) {
      if (!(await this.machineStep('stepOut'))) return;
      const again = await this.topFrame();
      if (again && this.functionOf(again)) {
        this.reportStop('step', 'step');
        return;
      }
    }
    await this.lldb().request('continue', { threadId: this.nativeThread });
  }

  private async rawFrames(): Promise<FrameInfo[]> {
    const body = await this.lldb().request<{ stackFrames: DebugProtocol.StackFrame[] }>('stackTrace', {
      threadId: this.nativeThread,
      startFrame: 0,
      levels: 32,
    });
    return body.stackFrames.map((f) => ({
      id: f.id,
      name: f.name,
      address: Number(f.instructionPointerReference ?? 0),
      ...(f.source ? { source: f.source } : {}),
      line: f.line,
      column: f.column,
    }));
  }

  private async topFrame(): Promise<FrameInfo | undefined> {
    const body = await this.lldb().request<{ stackFrames: DebugProtocol.StackFrame[] }>('stackTrace', {
      threadId: this.nativeThread,
      startFrame: 0,
      levels: 1,
    });
    const f = body.stackFrames[0];
    if (!f) return undefined;
    return {
      id: f.id,
      name: f.name,
      address: Number(f.instructionPointerReference ?? 0),
      line: f.line,
      column: f.column,
    };
  }

  /** The generated function (eBPF program or callee) a native frame is in, if any. */
  private functionOf(frame: FrameInfo): string | undefined {
    const name = frame.name.replace(/\(.*$/, '').trim();
    return this.target?.functions.includes(name) ? name : undefined;
  }

  private async stackTrace(): Promise<DebugProtocol.StackTraceResponse['body']> {
    const exit = this.atExit;
    if (exit) {
      // The program's frames are gone: one frame stands for the finished run.
      const frame = { id: exit.frameId, name: exit.text, line: 0, column: 0, presentationHint: 'label' as const };
      return { stackFrames: [frame], totalFrames: 1 };
    }
    const frames = await this.rawFrames();
    const out: DebugProtocol.StackFrame[] = [];
    frames.forEach((f, level) => {
      const fn = this.functionOf(f);
      if (!fn) return;
      this.frames.set(f.id, f);
      const map = this.target?.pcMap;
      // A caller's address is its return address: the call is the instruction before it.
      const link = this.bias !== undefined ? f.address - this.bias - (level > 0 ? 1 : 0) : undefined;
      const range = map && link !== undefined ? map.pcAt(link) : undefined;
      const pc = range?.pc;
      if (range) this.framePoints.set(f.id, { program: range.program, pc: range.pc, top: out.length === 0 });
      const isEntry = this.target?.entries.includes(fn) ?? false;
      out.push({
        id: f.id,
        name: `${fn}${isEntry ? '' : ' (bpf-to-bpf call)'}${pc !== undefined ? ` pc ${pc}` : ''}`,
        line: f.line,
        column: f.column,
        ...(f.source ? { source: f.source } : {}),
        instructionPointerReference: `0x${f.address.toString(16)}`,
      });
    });
    if (out.length > 0 && (this.prepared?.object.programs.length ?? 0) > 1)
      out.push(...(await this.tailCallFrames(out)));
    return { stackFrames: out, totalFrames: out.length };
  }

  /**
   * The tail calls that led to the running program, as the interpreter shows them below its frame:
   * a label frame "‹tail call› target" (Windows: "‹tail call after return›", the target ran once
   * the caller returned) and the caller where it handed over, deemphasised. A Windows tail call
   * scheduled but not started yet is a "‹tail call pending›" label on top. Read from the runtime's
   * record of each tail call (core/native/runtime: the call's return address and the target).
   */
  private async tailCallFrames(out: DebugProtocol.StackFrame[]): Promise<DebugProtocol.StackFrame[]> {
    const prepared = this.prepared;
    const map = this.target?.pcMap;
    const frameId = out[0]?.id;
    if (!prepared || !map || this.bias === undefined || frameId === undefined) return [];
    const value = async (expression: string): Promise<bigint | undefined> => {
      const r = await this.lldb().request<{ result?: string }>('evaluate', { expression, frameId, context: 'watch' });
      return parseDebuggerInteger(r.result);
    };
    const count = Number((await value('ebpf_rt.tail_calls')) ?? 0n);
    const pending = Number(BigInt.asIntN(32, (await value('ebpf_rt.pending_tail_call')) ?? 0xffffffffn));
    if (count <= 0) return [];
    const programs = prepared.object.programs;
    const windows = prepared.program.platform.id === 'windows';
    let labels = 0;
    const label = (name: string): DebugProtocol.StackFrame => ({
      id: LABEL_FRAME_BASE + labels++,
      name,
      line: 0,
      column: 0,
      presentationHint: 'label',
    });
    // Program indices in the order they ran; a pending call's target has not started.
    const chain = [prepared.programIndex];
    const sites: number[] = [];
    for (let i = 0; i < count && i < 34; i++) {
      const target = await value(`ebpf_rt.tail_call_targets[${i}]`);
      const site = await value(`(unsigned long long)ebpf_rt.tail_call_sites[${i}]`);
      if (target === undefined || site === undefined) return [];
      chain.push(Number(target));
      sites.push(Number(site));
    }
    const started = pending >= 0 ? count - 1 : count;
    const top: DebugProtocol.StackFrame[] = [];
    const below: DebugProtocol.StackFrame[] = [];
    if (pending >= 0) {
      const target = programs[pending]?.name ?? `program ${pending}`;
      const from = programs[chain[count - 1] ?? -1]?.name ?? 'the caller';
      top.push(label(`‹tail call pending› ${target} (runs when ${from} returns)`));
    }
    for (let i = started - 1; i >= 0; i--) {
      const from = programs[chain[i] ?? -1];
      const to = programs[chain[i + 1] ?? -1];
      const site = sites[i];
      if (!from || !to || site === undefined) continue;
      below.push(label(`${windows ? '‹tail call after return›' : '‹tail call›'} ${to.name}`));
      // Linux: the caller handed over at its bpf_tail_call. Windows: when it returned, at its exit
      // instruction (named when the function has only one; the native code does not say which).
      const callPc = map.pcAt(site - this.bias - 1)?.pc;
      const entry = from.functions.find((f) => f.startPc === 0);
      const exits = from.instructions.filter((x) => x.opcode === 0x95 && x.pc < (entry?.endPc ?? Infinity));
      const pc = windows ? (exits.length === 1 ? exits[0]?.pc : undefined) : callPc;
      const where = pc !== undefined ? from.sourceAt(pc) : undefined;
      below.push({
        id: LABEL_FRAME_BASE + labels++,
        name: `${from.name}${pc !== undefined ? ` pc ${pc}` : ''}`,
        line: where && where.line > 0 ? where.line : 0,
        column: where && where.column > 0 ? where.column : 0,
        ...(where && where.line > 0 ? { source: { name: path.basename(where.file), path: where.file } } : {}),
        presentationHint: 'subtle',
      });
    }
    out.unshift(...top);
    return below;
  }

  private own(get: () => Promise<DebugProtocol.Variable[]>): number {
    const ref = this.nextReference++;
    this.ownVariables.set(ref, get);
    return ref;
  }

  private async scopes(frameId: number): Promise<DebugProtocol.Scope[]> {
    // A tail call's label or ended caller: its registers are gone, as in the interpreter.
    if (frameId >= LABEL_FRAME_BASE) return [];
    const exit = this.atExit;
    if (exit && exit.frameId === frameId)
      return [
        {
          name: 'Result',
          expensive: false,
          variablesReference: this.own(async () => [
            { name: 'return value', value: exit.text.replace(/^.* returned /, ''), type: 'int', variablesReference: 0 },
          ]),
        },
        { name: 'Packet', expensive: false, variablesReference: this.own(() => this.packetVariables(frameId)) },
        { name: 'Maps', expensive: false, variablesReference: this.own(() => this.mapVariables(frameId)) },
      ];
    const native = await this.lldb().request<{ scopes: DebugProtocol.Scope[] }>('scopes', { frameId });
    const locals = native.scopes.find((s) => s.presentationHint === 'locals' || s.name === 'Locals');
    const reader = await this.cReader(frameId);
    const cLocals: DebugProtocol.Scope[] =
      reader && cFramesOf(reader).length > 0
        ? [
            {
              name: 'Locals',
              presentationHint: 'locals',
              expensive: false,
              variablesReference: this.own(() => this.cVariables(() => localsOf(reader, 0))),
            },
          ]
        : [];
    return [
      ...cLocals,
      {
        name: 'Registers',
        presentationHint: 'registers',
        expensive: false,
        variablesReference: this.own(() => this.registerVariables(frameId)),
      },
      {
        name: 'Stack',
        expensive: false,
        variablesReference: this.own(() => this.stackVariables(frameId)),
      },
      {
        name: 'Maps',
        expensive: false,
        variablesReference: this.own(() => this.mapVariables(frameId)),
      },
      {
        name: 'Packet',
        expensive: false,
        variablesReference: this.own(() => this.packetVariables(frameId)),
      },
      ...(locals ? [{ ...locals, name: 'Native locals (generated C)', presentationHint: 'locals' as const }] : []),
    ];
  }

  private async variables(reference: number): Promise<DebugProtocol.Variable[]> {
    const own = this.ownVariables.get(reference);
    if (own) return own();
    const body = await this.lldb().request<{ variables: DebugProtocol.Variable[] }>('variables', {
      variablesReference: reference,
    });
    return body.variables;
  }

  /** The program's C view of a frame (its DWARF over the runner's registers and memory). */
  private async cReader(frameId: number): Promise<CFrameReader | undefined> {
    const point = this.framePoints.get(frameId);
    const program = point ? this.prepared?.object.programs[point.program] : undefined;
    if (!point || !program) return undefined;
    const state = await this.frameState(frameId);
    const memory = this.memory;
    return {
      program,
      pc: point.pc,
      top: point.top,
      register: (n) => state.registers.get(n),
      read: packetBoundedRead(memory.read, state.regions),
      // Globals (.data/.bss/.rodata) live in the runtime's global-data maps, not located here.
      globalAddress: () => undefined,
      describePointer: (v) => nativePointerText(v, state.regions),
    };
  }

  /**
   * The Debug Console, watches and hovers: the program's C (the interpreter's expression language)
   * over the frame's reader; `lldb EXPR` and backtick commands go to lldb over the generated C, as
   * does anything typed where no eBPF frame is (the exit stop, a tail-call label).
   */
  private async evaluate(args: DebugProtocol.EvaluateArguments): Promise<DebugProtocol.EvaluateResponse['body']> {
    const route = routeExpression(args.expression);
    if (route.kind === 'lldb')
      return this.lldb().request('evaluate', { ...args, expression: route.expression, context: route.context });
    if (args.frameId === undefined && this.framePoints.size === 0) await this.stackTrace();
    const frameId = args.frameId ?? [...this.framePoints].find(([, p]) => p.top)?.[0];
    const reader = frameId !== undefined ? await this.cReader(frameId) : undefined;
    if (frameId === undefined || !reader) return this.lldb().request('evaluate', args);
    const regions = (await this.frameState(frameId)).regions;
    const shown = await this.memory.resolve(() => evaluateNative(args.expression, reader, regions));
    const children = shown.children;
    return {
      result: shown.result,
      ...(shown.type !== undefined && { type: shown.type }),
      variablesReference: children ? this.own(() => this.cVariables(children)) : 0,
    };
  }

  /** C value nodes as DAP variables, their memory fetched first; children on demand. */
  private async cVariables(nodes: () => CNode[]): Promise<DebugProtocol.Variable[]> {
    const memory = this.memory;
    const list = await memory.resolve(nodes);
    return list.map((n) => ({
      name: n.name,
      value: n.value,
      type: n.type,
      // The C path (`ip->daddr`): "Add to Watch" evaluates it as C here. No memoryReference:
      // lldb-dap 19 has no readMemory.
      ...(n.evaluateName !== undefined && { evaluateName: n.evaluateName }),
      variablesReference: n.children ? this.own(() => this.cVariables(n.children ?? (() => []))) : 0,
    }));
  }

  private frameState(frameId: number): Promise<FrameState> {
    let state = this.frameStates.get(frameId);
    if (!state) {
      state = this.readFrameState(frameId);
      this.frameStates.set(frameId, state);
    }
    return state;
  }

  private async readFrameState(frameId: number): Promise<FrameState> {
    const scopes = await this.lldb().request<{ scopes: DebugProtocol.Scope[] }>('scopes', { frameId });
    const locals = scopes.scopes.find((s) => s.presentationHint === 'locals' || s.name === 'Locals');
    const registers = new Map<number, bigint>();
    let stack: bigint[] | undefined;
    let context: bigint | undefined;
    if (locals) {
      const vars = await this.variables(locals.variablesReference);
      for (const v of vars) {
        const m = /^r(\d+)$/.exec(v.name);
        const value = parseDebuggerInteger(v.value);
        if (m?.[1] && value !== undefined) registers.set(Number(m[1]), value);
        if (v.name === 'context') context = parseDebuggerInteger(v.value);
        if (v.name === 'stack' && v.variablesReference > 0) {
          const slots = await this.variables(v.variablesReference);
          stack = slots.map((s) => parseDebuggerInteger(s.value) ?? 0n);
        }
      }
    }
    const top = registers.get(10) ?? 0n;
    const layout = this.prepared?.program.programType?.context;
    let packet: NativeRegions['packet'];
    if (context !== undefined && layout) {
      const read = async (kind: string): Promise<bigint | undefined> => {
        const f = layout.fields.find((x) => x.kind === kind);
        if (!f) return undefined;
        const type = f.size === 8 ? 'unsigned long long' : 'unsigned int';
        const r = await this.lldb().request<{ result?: string }>('evaluate', {
          expression: `*(${type}*)(0x${context.toString(16)}ULL + ${f.offset})`,
          frameId,
          context: 'watch',
        });
        return parseDebuggerInteger(r.result);
      };
      const data = await read('packet_start');
      const dataEnd = await read('packet_end');
      if (data !== undefined && dataEnd !== undefined) packet = { data, dataEnd };
    }
    this.mapLayouts ??= this.readMapLayouts(frameId).catch(() => []);
    const maps = await this.mapLayouts;
    return {
      registers,
      stack,
      regions: {
        maps,
        stackTop: top,
        ...(context !== undefined && layout ? { ctx: { start: context, size: layout.size } } : {}),
        ...(packet ? { packet } : {}),
      },
    };
  }

  private async readMapLayouts(frameId: number): Promise<NativeMapLayout[]> {
    const out: NativeMapLayout[] = [];
    const maps = this.prepared?.object.programs[0]?.maps ?? [];
    for (let i = 0; i < maps.length; i++) {
      const def = maps[i];
      if (!def) continue;
      const fields = new Map<string, bigint>();
      const r = await this.lldb().request<{ result?: string; variablesReference?: number }>('evaluate', {
        expression: `ebpf_rt.maps[${i}]`,
        frameId,
        context: 'watch',
      });
      if (!r.variablesReference) continue;
      for (const v of await this.variables(r.variablesReference)) {
        const n = parseDebuggerInteger(v.value);
        if (n !== undefined) fields.set(v.name, n);
      }
      const handle = await this.lldb().request<{ result?: string }>('evaluate', {
        expression: `(unsigned long long)&ebpf_rt.maps[${i}]`,
        frameId,
        context: 'watch',
      });
      const kind = Number(fields.get('kind') ?? -1n);
      const address = parseDebuggerInteger(handle.result);
      const data = fields.get('data');
      if (address === undefined || data === undefined) continue;
      // ebpf_runtime.h: RT_MAP_ARRAY = 0, RT_MAP_HASH = 1, RT_MAP_LRU_HASH = 2.
      out.push({
        name: def.name,
        handle: address,
        kind: kind === 0 ? 'array' : kind === 1 || kind === 2 ? 'hash' : 'other',
        data,
        keySize: Number(fields.get('key_size') ?? 0n),
        valueSize: Number(fields.get('value_size') ?? 0n),
        slots: Number(fields.get('capacity') ?? 0n),
        used: fields.get('used'),
      });
    }
    return out;
  }

  private async registerVariables(frameId: number): Promise<DebugProtocol.Variable[]> {
    const state = await this.frameState(frameId);
    const out: DebugProtocol.Variable[] = [];
    for (let i = 0; i <= 10; i++) {
      const v = state.registers.get(i);
      if (v === undefined) {
        // The generator declares only the registers a function uses: nothing to read.
        out.push({ name: `r${i}`, value: '<not used by this function>', variablesReference: 0 });
        continue;
      }
      const shown = nativeRegisterText(v, state.regions);
      out.push({
        name: `r${i}`,
        value: shown.text,
        type: shown.pointer ? 'pointer' : 'u64',
        evaluateName: `r${i}`,
        variablesReference: 0,
      });
    }
    return out;
  }

  /** Bytes of the runner's memory, read as 8-byte words through lldb's expression evaluator. */
  private async readBytes(address: bigint, length: number, frameId: number): Promise<Uint8Array | undefined> {
    if (length <= 0) return new Uint8Array(0);
    const words = Math.ceil(length / 8);
    const r = await this.lldb().request<{ variablesReference?: number }>('evaluate', {
      expression: `*(unsigned long long (*)[${words}])0x${address.toString(16)}ULL`,
      frameId,
      context: 'watch',
    });
    if (!r.variablesReference) return undefined;
    const values = await this.variables(r.variablesReference);
    if (values.length !== words) return undefined;
    const out = new Uint8Array(words * 8);
    const view = new DataView(out.buffer);
    for (let i = 0; i < words; i++) {
      const v = parseDebuggerInteger(values[i]?.value);
      if (v === undefined) return undefined;
      view.setBigUint64(i * 8, v, true);
    }
    return out.subarray(0, length);
  }

  /** The packet [data, data_end) decoded as the interpreter's Packet scope decodes it. */
  private async packetVariables(frameId: number): Promise<DebugProtocol.Variable[]> {
    const state = await this.frameState(frameId);
    const p = state.regions.packet;
    if (!p) return [{ name: '(none)', value: 'this program type has no packet', variablesReference: 0 }];
    const bytes = await this.readBytes(p.data, Number(p.dataEnd - p.data), frameId);
    if (!bytes) return [{ name: '(unreadable)', value: 'lldb could not read the packet', variablesReference: 0 }];
    const node = (f: PacketField): DebugProtocol.Variable => ({
      name: f.name,
      value: f.value,
      variablesReference: f.children && f.children.length > 0 ? this.own(async () => (f.children ?? []).map(node)) : 0,
    });
    return decodePacket(bytes).map(node);
  }

  /** Every map's entries read from the runner's storage: key → value, BTF-decoded when typed. */
  private async mapVariables(frameId: number): Promise<DebugProtocol.Variable[]> {
    await this.frameState(frameId);
    const layouts = (await this.mapLayouts) ?? [];
    const program = this.prepared?.object.programs[0];
    const out: DebugProtocol.Variable[] = [];
    for (const m of layouts) {
      const def = program?.maps.find((d) => d.name === m.name);
      const show = (bytes: Uint8Array): string => {
        if (program?.btf && def && def.valueTypeId !== 0)
          try {
            return summarize(formatValue(program.btf, def.valueTypeId, bytes, 'value'));
          } catch {
            // fall back to hex
          }
        return hexBytes(bytes);
      };
      const entries = async (): Promise<DebugProtocol.Variable[]> => {
        if (m.kind === 'array') {
          const bytes = await this.readBytes(m.data, m.slots * m.valueSize, frameId);
          if (!bytes) return [{ name: '(unreadable)', value: 'lldb could not read the map', variablesReference: 0 }];
          return Array.from({ length: m.slots }, (_, i) => ({
            name: `[${i}]`,
            value: show(bytes.subarray(i * m.valueSize, (i + 1) * m.valueSize)),
            variablesReference: 0,
          }));
        }
        if (m.kind === 'hash' && m.used !== undefined) {
          const slot = m.keySize + m.valueSize;
          const used = await this.readBytes(m.used, m.slots, frameId);
          const bytes = await this.readBytes(m.data, m.slots * slot, frameId);
          if (!used || !bytes)
            return [{ name: '(unreadable)', value: 'lldb could not read the map', variablesReference: 0 }];
          const list: DebugProtocol.Variable[] = [];
          for (let i = 0; i < m.slots; i++)
            if (used[i] === 1)
              list.push({
                name: hexBytes(bytes.subarray(i * slot, i * slot + m.keySize)),
                value: show(bytes.subarray(i * slot + m.keySize, (i + 1) * slot)),
                variablesReference: 0,
              });
          return list;
        }
        return [{ name: '(not shown)', value: 'this map kind is not read in a native session', variablesReference: 0 }];
      };
      out.push({ name: m.name, value: m.kind, variablesReference: this.own(entries) });
    }
    return out;
  }

  /** The frame's 8-byte slots [r10-8], [r10-16], … down to the deepest non-zero one. */
  private async stackVariables(frameId: number): Promise<DebugProtocol.Variable[]> {
    const state = await this.frameState(frameId);
    const slots = state.stack;
    if (!slots) return [];
    const count = EBPF_STACK_SIZE / 8;
    let deepest = 0;
    for (let k = 1; k <= count; k++) if ((slots[count - k] ?? 0n) !== 0n) deepest = k;
    const out: DebugProtocol.Variable[] = [];
    for (let k = 1; k <= Math.max(deepest, 1); k++) {
      const v = slots[count - k] ?? 0n;
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setBigUint64(0, v, true);
      out.push({
        name: `[r10-${k * 8}]`,
        value: `${hexBytes(bytes)}  (${nativeRegisterText(v, state.regions).text})`,
        variablesReference: 0,
      });
    }
    return out;
  }

  /** The runner exited: print its result as the interpreter session does, then end the session. */
  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.stopWaiter) {
      const w = this.stopWaiter;
      this.stopWaiter = undefined;
      w(undefined);
    }
    const prepared = this.prepared;
    if (prepared && this.stdout.includes('r0 ')) {
      const result = parseRunnerOutput(this.stdout);
      for (const line of result.printk.slice(this.livePrintk)) this.console(line, 'stdout');
      if (result.error) this.console(`native runner: ${result.error}`, 'stderr');
      const chain = result.programs.filter(Boolean).join(' → ');
      // Shown already at the exit stop, unless tail calls make the chain worth naming.
      if (!this.resultShown || result.programs.length > 1)
        this.console(this.resultText(result.returnValue, chain), 'console');
      if (result.packet) this.console(`packet after the run: ${hexBytes(result.packet)}`);
    }
    this.host.sendEvent(event('terminated'));
    void this.shutdown();
  }

  private onDebuggerExit(reason: string): void {
    if (!this.finished) this.console(`native engine: ${reason}`, 'stderr');
    this.finish();
  }

  private async shutdown(): Promise<void> {
    const client = this.client;
    if (client) {
      await Promise.race([
        client.request('disconnect', { terminateDebuggee: true }).catch(() => undefined),
        new Promise((r) => setTimeout(r, 1000)),
      ]);
    }
    this.killNow();
  }

  /** Kill lldb-dap and the runner (synchronous: also used when the adapter process exits). */
  killNow(): void {
    this.client?.dispose();
    this.client = undefined;
    if (this.runnerPid !== undefined) {
      try {
        process.kill(this.runnerPid, 'SIGKILL');
      } catch {
        // already gone
      }
      this.runnerPid = undefined;
    }
    this.target?.dispose();
    liveSessions.delete(this);
  }
}
