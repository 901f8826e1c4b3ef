// The Debug Adapter Protocol side: EbpfDebugSession translates requests into calls on the
// runtime (runtime.ts) and its events into protocol events. It runs as its own process (main.ts)
// or inline in the extension host / tests.

import fs from 'node:fs';
import path from 'node:path';
import {
  Breakpoint,
  Event,
  InitializedEvent,
  InvalidatedEvent,
  LoggingDebugSession,
  OutputEvent,
  Scope,
  Source,
  StackFrame,
  StoppedEvent,
  TerminatedEvent,
  Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { disassembleInstruction } from '../core/isa/disassemble';
import { encodeInstruction } from '../core/isa/encode';
import { CallSource, LddwSource, type Instruction } from '../core/isa/instruction';
import type { Program, SourceLocation } from '../core/program/types';
import { verifyProgram } from '../core/verifier/index';
import { LaunchError, parseLaunchConfig, unknownAttributes, type LaunchConfig } from './config';
import { prepareLaunch, type PreparedLaunch, type Verifier } from './launch';
import { addressOf, EbpfRuntime, PROGRAM_SHIFT, type StopEvent } from './runtime';
import { hexBytes, scalarText } from './values';
import { lookupNode, registerText, scopesFor, type VarNode } from './variables';
import { answerViewRequest, finalSnapshot, isViewRequest, printkLine } from './viewRequests';
import { MapsSnapshotEventName, PrintkEventName, ViewRequests } from '../core/live/views';
import { showContext } from './locals';
import { cLeafName, valueNode } from './cvalue';
import { NativeSession } from './native/session';
import { errorText } from './errorText';

const THREAD_ID = 1;
/** Frame ids from here on are not live frames (tail-call labels and callers); ids below are call depths. */
const ENDED_FRAME_BASE = 1_000_000;
/**
 * A live frame id is depth + INLINE_LEVEL * level: level 0 is the innermost C frame at the pc
 * (id = depth, as without DWARF), level k the k-th inlined caller out from it.
 */
const INLINE_LEVEL = 100;

export interface SessionOptions {
  /** The folder with bpf_helpers.h & co. for eBPF for Windows programs. */
  readonly windowsIncludeDir?: string;
  /** Replaces the verifier (default: core/verifier's verifyProgram). */
  readonly verify?: Verifier;
}

/** The extension's include/ folder: the nearest ancestor of `from` holding include/bpf_helpers.h. */
export function findIncludeDir(from: string): string | undefined {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'include');
    if (fs.existsSync(path.join(candidate, 'bpf_helpers.h'))) return candidate;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

type Container = { kind: 'nodes'; get: () => VarNode[]; cache?: VarNode[] };

/** The call site of an inlined call as a source position (the file as BTF names it when it is the same file). */
function callSiteSource(
  site: { file: string | undefined; line: number; column: number } | undefined,
  current: SourceLocation | undefined,
): SourceLocation | undefined {
  if (!site || site.line <= 0) return current;
  const base = (p: string): string => p.split(/[\\/]/).pop() ?? p;
  const file = current && (!site.file || base(site.file) === base(current.file)) ? current.file : (site.file ?? '');
  return { file, line: site.line, column: site.column, text: '' };
}

export class EbpfDebugSession extends LoggingDebugSession {
  private runtime: EbpfRuntime | undefined;
  private config: LaunchConfig | undefined;
  private rawArgs: Record<string, unknown> | undefined;
  private configurationDone!: Promise<void>;
  private markConfigurationDone!: () => void;
  private handles = new Map<number, Container>();
  private nextHandle = 1;
  /** Breakpoint requests, kept so a restart can apply them to the new program. */
  private sourceBreakpoints = new Map<string, DebugProtocol.SetBreakpointsArguments>();
  private functionBreakpointArgs: DebugProtocol.SetFunctionBreakpointsArguments | undefined;
  private instructionBreakpointArgs: DebugProtocol.SetInstructionBreakpointsArguments | undefined;
  private terminatedSent = false;
  /** A launch request is being prepared (rawArgs is set once it succeeded). */
  private launching = false;

  /** Set by a launch with "engine": "native": every later request goes to it (debug-adapter/native). */
  private native: NativeSession | undefined;

  constructor(private readonly options: SessionOptions = {}) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    this.resetConfigurationDone();
  }

  /**
   * Every failure answers with one line: the base class turns an exception thrown by a request
   * handler into an error response whose text is the JS stack trace ('{_stack}'); replace that with
   * the request's name and the exception's message.
   */
  protected override sendErrorResponse(
    response: DebugProtocol.Response,
    codeOrMessage: number | DebugProtocol.Message,
    format?: string,
    variables?: Record<string, unknown>,
    dest?: number,
  ): void {
    if (typeof codeOrMessage === 'number' && variables !== undefined && '_stack' in variables) {
      super.sendErrorResponse(response, {
        id: codeOrMessage,
        format: `'${response.command}' failed: ${errorText(variables._exception)}`,
        showUser: false,
      });
      return;
    }
    super.sendErrorResponse(response, codeOrMessage, format, variables, dest);
  }

  protected override dispatchRequest(request: DebugProtocol.Request): void {
    const engine = (request.arguments as { engine?: unknown } | undefined)?.engine;
    if (!this.native && !this.launching && request.command === 'launch' && engine === 'native')
      this.native = new NativeSession({
        sendResponse: (r) => this.sendResponse(r),
        sendEvent: (e) => this.sendEvent(e),
        prepare: (raw) => this.prepare(raw),
        disconnected: () => this.shutdown(),
      });
    if (this.native && request.command !== 'initialize') this.native.handle(request);
    else super.dispatchRequest(request);
  }

  private resetConfigurationDone(): void {
    this.configurationDone = new Promise((resolve) => (this.markConfigurationDone = resolve));
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsFunctionBreakpoints: true,
      supportsInstructionBreakpoints: true,
      supportsDisassembleRequest: true,
      supportsSteppingGranularity: true,
      supportsStepBack: true,
      supportsRestartRequest: true,
      supportsSetVariable: true,
      supportsEvaluateForHovers: true,
      supportsReadMemoryRequest: true,
      supportsWriteMemoryRequest: true,
      supportsExceptionInfoRequest: true,
      supportsTerminateRequest: true,
      supportsValueFormattingOptions: false,
      supportsDelayedStackTraceLoading: false,
      supportsBreakpointLocationsRequest: true,
    };
    this.sendResponse(response);
  }

  private output(text: string, category: string, source?: SourceLocation): void {
    const e = new OutputEvent(text, category) as DebugProtocol.OutputEvent;
    if (source && source.line > 0) {
      e.body.source = this.sourceOf(source.file);
      e.body.line = this.convertDebuggerLineToClient(source.line);
      if (source.column > 0) e.body.column = this.convertDebuggerColumnToClient(source.column);
    }
    this.sendEvent(e);
  }

  private sourceOf(file: string): Source {
    let full = file;
    const prepared = this.runtime?.prepared;
    if (!path.isAbsolute(full))
      full = path.resolve(
        this.config?.cwd ?? (prepared?.sourceFile ? path.dirname(prepared.sourceFile) : process.cwd()),
        file,
      );
    if (!fs.existsSync(full) && prepared?.sourceFile && path.basename(prepared.sourceFile) === path.basename(file))
      full = prepared.sourceFile;
    return new Source(path.basename(full), this.convertDebuggerPathToClient(full));
  }

  private async prepare(raw: Record<string, unknown>): Promise<{ config: LaunchConfig; prepared: PreparedLaunch }> {
    const config = parseLaunchConfig(raw);
    if (config.kernelDebug)
      throw new LaunchError(
        '"kernelDebug" configurations run in the kernel-debug adapter (main.js --kernel-debug), which VS Code starts for them',
      );
    const unknown = unknownAttributes(raw);
    if (unknown.length > 0) this.output(`ignoring unknown launch attributes: ${unknown.join(', ')}\n`, 'console');
    const windowsIncludeDir = this.options.windowsIncludeDir ?? findIncludeDir(__dirname);
    const prepared = await prepareLaunch(config, {
      ...(windowsIncludeDir !== undefined && { windowsIncludeDir }),
      verify: this.options.verify ?? ((program, o) => verifyProgram(program, o ?? {})),
    });
    for (const note of prepared.notes) this.output(note + '\n', 'console');
    const v = prepared.verification;
    if (v) {
      if (v.verdict === 'pass') {
        this.output(`verifier: ${prepared.program.name} passes\n`, 'console');
      } else {
        const errors = v.diagnostics.filter((d) => d.severity === 'error');
        for (const d of errors.slice(0, 5)) {
          const where =
            d.location && d.location.line > 0 ? `${path.basename(d.location.file)}:${d.location.line}` : `pc ${d.pc}`;
          this.output(`verifier: ${where}: ${d.message}\n`, 'stderr', d.location);
        }
        const first = errors[0];
        const where =
          first?.location && first.location.line > 0
            ? ` at ${path.basename(first.location.file)}:${first.location.line}`
            : '';
        if (!config.runAnyway) {
          throw new LaunchError(
            `The verifier rejects ${prepared.program.name}${where}: ${first?.message ?? 'unsafe program'}. ` +
              `Fix the program, or add "runAnyway": true to the launch configuration to run it and see where it goes wrong.`,
          );
        }
        this.output(`running anyway ("runAnyway": true): the verifier rejects this program\n`, 'important');
      }
    }
    return { config, prepared };
  }

  private createRuntime(config: LaunchConfig, prepared: PreparedLaunch): EbpfRuntime {
    const runtime = new EbpfRuntime(prepared, config, {
      stopped: (e) => this.onStopped(runtime, e),
      output: (text, category, source) => {
        if (runtime === this.runtime) this.output(text, category, source);
      },
      terminated: () => {
        if (runtime !== this.runtime || this.terminatedSent) return;
        this.terminatedSent = true;
        // The map explorer keeps showing the final state after the session is gone.
        void finalSnapshot(runtime)
          .then((body) => this.sendEvent(new Event(MapsSnapshotEventName, body)))
          .catch(() => undefined)
          .finally(() => this.sendEvent(new TerminatedEvent()));
      },
      printk: (p) => {
        if (runtime !== this.runtime) return;
        const line = printkLine(p, runtime, (loc) => ({
          file: this.sourceOf(loc.file).path ?? loc.file,
          line: loc.line,
          ...(loc.column && { column: loc.column }),
        }));
        this.sendEvent(new Event(PrintkEventName, line));
      },
    });
    return runtime;
  }

  private onStopped(runtime: EbpfRuntime, e: StopEvent): void {
    if (runtime !== this.runtime) return;
    this.handles.clear();
    const ev: DebugProtocol.StoppedEvent = new StoppedEvent(e.reason, THREAD_ID, e.text);
    if (e.description) ev.body.description = e.description;
    if (e.breakpointIds) ev.body.hitBreakpointIds = e.breakpointIds;
    ev.body.allThreadsStopped = true;
    this.sendEvent(ev);
  }

  protected override launchRequest(
    response: DebugProtocol.LaunchResponse,
    args: DebugProtocol.LaunchRequestArguments,
  ): void {
    this.answerLater(response, () => this.launch(response, args));
  }

  protected override restartRequest(
    response: DebugProtocol.RestartResponse,
    args: DebugProtocol.RestartArguments,
  ): void {
    this.answerLater(response, () => this.restart(response, args));
  }

  /** Runs an asynchronous handler; whatever it throws is answered as one line, never lost. */
  private answerLater(response: DebugProtocol.Response, work: () => Promise<void>): void {
    work().catch((e: unknown) => {
      this.sendErrorResponse(response, {
        id: 1014,
        format: `'${response.command}' failed: ${errorText(e)}`,
        showUser: true,
      });
    });
  }

  private async launch(
    response: DebugProtocol.LaunchResponse,
    args: DebugProtocol.LaunchRequestArguments,
  ): Promise<void> {
    const raw = args as unknown as Record<string, unknown>;
    if (this.rawArgs !== undefined || this.launching) {
      // One program per session: a second launch would wait forever for a configurationDone the
      // client already sent.
      this.sendErrorResponse(response, {
        id: 1013,
        format: 'this session already launched a program: restart it, or start a new debug session',
        showUser: true,
      });
      return;
    }
    this.launching = true;
    this.runtime?.stop();
    this.terminatedSent = false;
    try {
      const { config, prepared } = await this.prepare(raw);
      this.config = config;
      this.rawArgs = raw;
      this.runtime = this.createRuntime(config, prepared);
    } catch (e) {
      this.launching = false;
      this.sendErrorResponse(response, { id: 1001, format: errorText(e), showUser: true });
      return;
    }
    this.sendEvent(new InitializedEvent());
    await this.configurationDone;
    this.resetConfigurationDone();
    this.sendResponse(response);
    this.runtime.start();
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    this.markConfigurationDone();
  }

  private async restart(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): Promise<void> {
    const raw = (args.arguments as Record<string, unknown> | undefined) ?? this.rawArgs;
    if (!raw) {
      this.sendErrorResponse(response, {
        id: 1002,
        format: 'nothing to restart: the session was never launched',
        showUser: true,
      });
      return;
    }
    this.runtime?.stop();
    try {
      const { config, prepared } = await this.prepare(raw);
      this.config = config;
      this.rawArgs = raw;
      this.runtime = this.createRuntime(config, prepared);
      this.terminatedSent = false;
      this.handles.clear();
      this.reapplyBreakpoints();
    } catch (e) {
      this.sendErrorResponse(response, { id: 1001, format: errorText(e), showUser: true });
      return;
    }
    this.sendResponse(response);
    this.runtime.start();
  }

  private reapplyBreakpoints(): void {
    const rt = this.runtime;
    if (!rt) return;
    for (const args of this.sourceBreakpoints.values()) this.applySourceBreakpoints(rt, args, true);
    if (this.functionBreakpointArgs) rt.setFunctionBreakpoints(this.functionBreakpointArgs.breakpoints);
    if (this.instructionBreakpointArgs)
      rt.setInstructionBreakpoints(
        this.instructionBreakpointArgs.breakpoints.map((b) => ({
          address: parseAddress(b.instructionReference) + (b.offset ?? 0),
          condition: b.condition,
          hitCondition: b.hitCondition,
        })),
      );
  }

  private applySourceBreakpoints(
    rt: EbpfRuntime,
    args: DebugProtocol.SetBreakpointsArguments,
    notify: boolean,
  ): DebugProtocol.Breakpoint[] {
    const file = this.convertClientPathToDebugger(args.source.path ?? '');
    const requests = (args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }))).map((b) => ({
      line: this.convertClientLineToDebugger(b.line),
      condition: (b as DebugProtocol.SourceBreakpoint).condition,
      hitCondition: (b as DebugProtocol.SourceBreakpoint).hitCondition,
      logMessage: (b as DebugProtocol.SourceBreakpoint).logMessage,
    }));
    const results = rt.setLineBreakpoints(file, requests);
    const out = results.map((r) => {
      const bp = new Breakpoint(
        r.verified,
        r.line !== undefined ? this.convertDebuggerLineToClient(r.line) : undefined,
        undefined,
        new Source(path.basename(file), args.source.path),
      ) as DebugProtocol.Breakpoint;
      bp.id = r.id;
      if (r.message) bp.message = r.message;
      return bp;
    });
    if (notify)
      for (const bp of out) {
        const changed: DebugProtocol.BreakpointEvent = {
          seq: 0,
          type: 'event',
          event: 'breakpoint',
          body: { reason: 'changed', breakpoint: bp },
        };
        this.sendEvent(changed);
      }
    return out;
  }

  protected override setBreakPointsRequest(
    response: DebugProtocol.SetBreakpointsResponse,
    args: DebugProtocol.SetBreakpointsArguments,
  ): void {
    if (typeof args?.source !== 'object' || args.source === null) {
      this.sendErrorResponse(response, { id: 1014, format: "setBreakpoints needs a 'source'", showUser: false });
      return;
    }
    const key = args.source.path ?? args.source.name ?? '';
    this.sourceBreakpoints.set(key, args);
    const rt = this.runtime;
    if (!rt) {
      response.body = {
        breakpoints: (args.breakpoints ?? []).map(() => ({
          verified: false,
          message: 'the program is not loaded yet',
        })),
      };
    } else {
      response.body = { breakpoints: this.applySourceBreakpoints(rt, args, false) };
    }
    this.sendResponse(response);
  }

  protected override breakpointLocationsRequest(
    response: DebugProtocol.BreakpointLocationsResponse,
    args: DebugProtocol.BreakpointLocationsArguments,
  ): void {
    const rt = this.runtime;
    const file = this.convertClientPathToDebugger(args.source.path ?? '');
    const from = this.convertClientLineToDebugger(args.line);
    const to = this.convertClientLineToDebugger(args.endLine ?? args.line);
    const lines = new Set<number>();
    for (const l of rt?.linesOf(file) ?? []) if (l.line >= from && l.line <= to) lines.add(l.line);
    response.body = {
      breakpoints: [...lines].sort((a, b) => a - b).map((line) => ({ line: this.convertDebuggerLineToClient(line) })),
    };
    this.sendResponse(response);
  }

  protected override setFunctionBreakPointsRequest(
    response: DebugProtocol.SetFunctionBreakpointsResponse,
    args: DebugProtocol.SetFunctionBreakpointsArguments,
  ): void {
    this.functionBreakpointArgs = args;
    const rt = this.runtime;
    const results = rt ? rt.setFunctionBreakpoints(args.breakpoints) : [];
    response.body = {
      breakpoints: results.map((r) => ({
        id: r.id,
        verified: r.verified,
        ...(r.message !== undefined && { message: r.message }),
        ...(r.line !== undefined && { line: r.line }),
        ...(r.pc !== undefined && { instructionReference: `0x${r.pc.toString(16)}` }),
      })),
    };
    this.sendResponse(response);
  }

  protected override setInstructionBreakpointsRequest(
    response: DebugProtocol.SetInstructionBreakpointsResponse,
    args: DebugProtocol.SetInstructionBreakpointsArguments,
  ): void {
    this.instructionBreakpointArgs = args;
    const rt = this.runtime;
    const results = rt
      ? rt.setInstructionBreakpoints(
          args.breakpoints.map((b) => ({
            address: parseAddress(b.instructionReference) + (b.offset ?? 0),
            condition: b.condition,
            hitCondition: b.hitCondition,
          })),
        )
      : [];
    response.body = {
      breakpoints: results.map((r) => ({
        id: r.id,
        verified: r.verified,
        ...(r.message !== undefined && { message: r.message }),
        ...(r.pc !== undefined && { instructionReference: `0x${r.pc.toString(16)}` }),
      })),
    };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse): void {
    // Faults always stop (there is nothing else a run can do after one).
    response.body = { breakpoints: [] };
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const rt = this.runtime;
    const label = rt ? `${rt.program.name}${rt.runCount > 1 ? ` (${rt.runLabel})` : ''}` : 'eBPF program';
    response.body = { threads: [new Thread(THREAD_ID, label)] };
    this.sendResponse(response);
  }

  private requireStopped(response: DebugProtocol.Response): EbpfRuntime | undefined {
    const rt = this.runtime;
    if (!rt || rt.hasEnded) {
      this.sendErrorResponse(response, { id: 1003, format: 'the program is not running', showUser: false });
      return undefined;
    }
    if (rt.isBusy) {
      this.sendErrorResponse(response, { id: 1004, format: 'the program is running; pause it first', showUser: false });
      return undefined;
    }
    return rt;
  }

  protected override stackTraceRequest(
    response: DebugProtocol.StackTraceResponse,
    args: DebugProtocol.StackTraceArguments,
  ): void {
    const rt = this.requireStopped(response);
    if (!rt) return;
    const frames = this.callStack(rt);
    const start = args.startFrame ?? 0;
    const count = args.levels && args.levels > 0 ? args.levels : frames.length;
    response.body = { stackFrames: frames.slice(start, start + count), totalFrames: frames.length };
    this.sendResponse(response);
  }

  /**
   * Innermost first: the live frames (bpf-to-bpf calls; id = depth), and below the frame a tail
   * call took over, a label frame "‹tail call› target" and the caller as it was when it handed
   * over (its bpf_tail_call, or on Windows its return), deemphasised: its registers are gone.
   * A Windows tail call that is scheduled but not started yet is a label frame on top.
   */
  private callStack(rt: EbpfRuntime): DebugProtocol.StackFrame[] {
    const live = rt.execution.frames().reverse();
    const codes = rt.execution.machine.frames().reverse();
    const chain = rt.tailChain();
    const out: DebugProtocol.StackFrame[] = [];
    let ended = 0;
    const label = (name: string): void => {
      const frame: DebugProtocol.StackFrame = new StackFrame(ENDED_FRAME_BASE + ended++, name);
      frame.line = 0;
      frame.column = 0;
      frame.presentationHint = 'label';
      out.push(frame);
    };
    const pending = rt.pendingTailCall;
    if (pending) label(`‹tail call pending› ${pending.name} (runs when ${rt.execution.program.name} returns)`);
    live.forEach((f, i) => {
      const suffix = f.depth === 0 && rt.runCount > 1 ? ` [${rt.runLabel}]` : '';
      // One frame per inlined call (DWARF): the helper at the pc's line, each caller at its call site.
      const code = codes[i]?.code;
      if (!code) throw new Error(`frame ${f.depth} has no code`);
      const cFrames = code.program.debugFramesAt(f.pc);
      cFrames.slice(0, -1).forEach((cFrame, level) => {
        const source = level === 0 ? f.source : callSiteSource(cFrames[level - 1]?.callSite, f.source);
        out.push(this.frameAt(f.depth + INLINE_LEVEL * level, cFrame.function, code.index, f.pc, source));
      });
      const outer = cFrames.length > 1 ? callSiteSource(cFrames[cFrames.length - 2]?.callSite, f.source) : f.source;
      out.push(
        this.frameAt(
          f.depth + INLINE_LEVEL * Math.max(0, cFrames.length - 1),
          `${f.function}${suffix}`,
          code.index,
          f.pc,
          outer,
        ),
      );
      for (const link of chain.filter((l) => l.depth === f.depth)) {
        label(`${link.kind === 'deferred' ? '‹tail call after return›' : '‹tail call›'} ${link.to.name}`);
        const fn = link.from.functions.find((x) => link.pc >= x.startPc && link.pc < x.endPc)?.name ?? link.from.name;
        const caller = this.frameAt(
          ENDED_FRAME_BASE + ended++,
          fn,
          rt.prepared.object.programs.indexOf(link.from),
          link.pc,
          link.from.sourceAt(link.pc),
        );
        caller.presentationHint = 'subtle';
        out.push(caller);
      }
    });
    return out;
  }

  private frameAt(
    id: number,
    name: string,
    codeIndex: number,
    pc: number,
    source: SourceLocation | undefined,
  ): DebugProtocol.StackFrame {
    const frame: DebugProtocol.StackFrame = new StackFrame(id, name);
    if (source && source.line > 0) {
      frame.source = this.sourceOf(source.file);
      frame.line = this.convertDebuggerLineToClient(source.line);
      frame.column = source.column > 0 ? this.convertDebuggerColumnToClient(source.column) : 1;
    } else {
      frame.line = 0;
      frame.column = 0;
      frame.presentationHint = 'subtle';
    }
    frame.instructionPointerReference = `0x${addressOf(Math.max(0, codeIndex), pc).toString(16)}`;
    return frame;
  }

  /** The call depth of a frame id, or an error text for the frames of programs that tail-called. */
  private depthOf(rt: EbpfRuntime, frameId: number): number | string {
    if (frameId >= ENDED_FRAME_BASE)
      return 'this frame ended when its program tail-called another: its registers and stack are gone (step back to see them)';
    return Math.max(0, Math.min(frameId % INLINE_LEVEL, rt.execution.machine.depth));
  }

  /** The inlined level of a live frame id (0 = the innermost C frame at its pc). */
  private levelOf(frameId: number | undefined): number {
    return frameId === undefined || frameId >= ENDED_FRAME_BASE ? 0 : Math.floor(frameId / INLINE_LEVEL);
  }

  private handle(get: () => VarNode[]): number {
    const id = this.nextHandle++;
    this.handles.set(id, { kind: 'nodes', get });
    return id;
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const rt = this.requireStopped(response);
    if (!rt) return;
    const depth = this.depthOf(rt, args.frameId);
    if (typeof depth === 'string') {
      response.body = { scopes: [] };
      this.sendResponse(response);
      return;
    }
    response.body = {
      scopes: scopesFor(rt, depth, this.levelOf(args.frameId)).map((s) => {
        const scope = new Scope(s.name, this.handle(s.children), s.expensive) as DebugProtocol.Scope;
        if (s.presentationHint) scope.presentationHint = s.presentationHint;
        return scope;
      }),
    };
    this.sendResponse(response);
  }

  private toVariable(n: VarNode): DebugProtocol.Variable {
    const v: DebugProtocol.Variable = {
      name: n.name,
      value: n.value,
      variablesReference: n.children ? this.handle(n.children) : 0,
    };
    if (n.type) v.type = n.type;
    if (n.memoryReference) v.memoryReference = n.memoryReference;
    if (n.evaluateName) v.evaluateName = n.evaluateName;
    if (!n.set) v.presentationHint = { attributes: ['readOnly'] };
    return v;
  }

  protected override variablesRequest(
    response: DebugProtocol.VariablesResponse,
    args: DebugProtocol.VariablesArguments,
  ): void {
    const container = this.handles.get(args.variablesReference);
    if (!container || !this.runtime) {
      response.body = { variables: [] };
      this.sendResponse(response);
      return;
    }
    try {
      container.cache = container.get();
      let nodes = container.cache;
      if (args.start !== undefined || args.count !== undefined)
        nodes = nodes.slice(args.start ?? 0, (args.start ?? 0) + (args.count ?? nodes.length));
      response.body = { variables: nodes.map((n) => this.toVariable(n)) };
      this.sendResponse(response);
    } catch (e) {
      this.sendErrorResponse(response, { id: 1005, format: errorText(e), showUser: false });
    }
  }

  protected override setVariableRequest(
    response: DebugProtocol.SetVariableResponse,
    args: DebugProtocol.SetVariableArguments,
  ): void {
    const container = this.handles.get(args.variablesReference);
    const node = (container?.cache ?? container?.get())?.find((n) => n.name === args.name);
    if (!node) {
      this.sendErrorResponse(response, {
        id: 1006,
        format: `'${args.name}' is not a variable here (it may be out of date; expand the scope again)`,
        showUser: true,
      });
      return;
    }
    if (!node.set) {
      this.sendErrorResponse(response, { id: 1007, format: `'${args.name}' cannot be changed`, showUser: true });
      return;
    }
    try {
      const fresh = node.set(args.value);
      const v = this.toVariable(fresh);
      response.body = {
        value: v.value,
        ...(v.type !== undefined && { type: v.type }),
        variablesReference: v.variablesReference,
        ...(v.memoryReference !== undefined && { memoryReference: v.memoryReference }),
      };
      this.sendResponse(response);
      // Other views (a map's summary, the same bytes in the memory view) may show what changed.
      this.sendEvent(new InvalidatedEvent(['variables']));
    } catch (e) {
      this.sendErrorResponse(response, {
        id: 1008,
        format: `cannot set '${args.name}': ${errorText(e)}`,
        showUser: true,
      });
    }
  }

  protected override evaluateRequest(
    response: DebugProtocol.EvaluateResponse,
    args: DebugProtocol.EvaluateArguments,
  ): void {
    const rt = this.requireStopped(response);
    if (!rt) return;
    const depth = args.frameId !== undefined ? this.depthOf(rt, args.frameId) : undefined;
    if (typeof depth === 'string') {
      this.sendErrorResponse(response, { id: 1012, format: depth, showUser: false });
      return;
    }
    try {
      const result = rt.evaluate(args.expression, depth, this.levelOf(args.frameId));
      if (result.c) {
        // A C value: shown typed (network forms, struct summaries), expandable like Locals.
        const node = valueNode(result.c, cLeafName(args.expression), args.expression, showContext(rt));
        response.body = {
          result: node.value,
          type: node.type,
          variablesReference: node.children ? this.handle(node.children) : 0,
          ...(node.memoryReference !== undefined && { memoryReference: node.memoryReference }),
        };
      } else if (result.lookup) {
        const node = lookupNode(rt, result.lookup.map, result.lookup.key, args.expression);
        if (!node) {
          response.body = { result: `NULL (no entry in ${result.lookup.map})`, variablesReference: 0 };
        } else {
          const v = this.toVariable(node);
          response.body = {
            result: `${registerText(rt, result.value).text.split(' (')[0]} → ${v.value}`,
            variablesReference: v.variablesReference,
            ...(registerText(rt, result.value).pointer && { memoryReference: `0x${result.value.toString(16)}` }),
          };
        }
      } else {
        const shown = registerText(rt, result.value);
        response.body = {
          result: shown.pointer ? shown.text : scalarText(result.value),
          variablesReference: 0,
          ...(shown.pointer && { memoryReference: `0x${result.value.toString(16)}` }),
        };
      }
      this.sendResponse(response);
    } catch (e) {
      this.sendErrorResponse(response, { id: 1009, format: errorText(e), showUser: false });
    }
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    const rt = this.runtime;
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    this.handles.clear();
    void rt?.resume();
  }

  private stepRequest(
    response: DebugProtocol.Response,
    kind: 'over' | 'in' | 'out',
    granularity: DebugProtocol.SteppingGranularity | undefined,
  ): void {
    const rt = this.requireStopped(response);
    if (!rt) return;
    this.sendResponse(response);
    this.handles.clear();
    void rt.step(kind, granularity === 'instruction' ? 'instruction' : 'line');
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.stepRequest(response, 'over', args.granularity);
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.stepRequest(response, 'in', args.granularity);
  }

  protected override stepOutRequest(
    response: DebugProtocol.StepOutResponse,
    args: DebugProtocol.StepOutArguments,
  ): void {
    this.stepRequest(response, 'out', args.granularity);
  }

  protected override stepBackRequest(
    response: DebugProtocol.StepBackResponse,
    args: DebugProtocol.StepBackArguments,
  ): void {
    const rt = this.requireStopped(response);
    if (!rt) return;
    this.sendResponse(response);
    this.handles.clear();
    rt.stepBack(args.granularity === 'instruction' ? 'instruction' : 'line');
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    const rt = this.requireStopped(response);
    if (!rt) return;
    this.sendResponse(response);
    this.handles.clear();
    rt.reverseContinue();
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.runtime?.pause();
    this.sendResponse(response);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const info = this.runtime?.exceptionInfo();
    if (!info) {
      this.sendErrorResponse(response, {
        id: 1010,
        format: 'the program did not stop on an exception',
        showUser: false,
      });
      return;
    }
    response.body = {
      exceptionId: info.id,
      description: info.description,
      breakMode: 'always',
      details: {
        message: info.description,
        typeName: info.id,
        ...(info.region !== undefined && { stackTrace: `region: ${info.region}, offset: ${info.offset}` }),
      },
    };
    this.sendResponse(response);
  }

  protected override disassembleRequest(
    response: DebugProtocol.DisassembleResponse,
    args: DebugProtocol.DisassembleArguments,
  ): void {
    const rt = this.runtime;
    if (!rt) {
      this.sendErrorResponse(response, { id: 1003, format: 'the program is not loaded', showUser: false });
      return;
    }
    const base = parseAddress(args.memoryReference) + (args.offset ?? 0);
    const codeIndex = Math.floor(base / PROGRAM_SHIFT);
    const program = rt.prepared.object.programs[codeIndex] ?? rt.program;
    const insns = program.instructions;
    let baseIndex = program.indexOfPc(base % PROGRAM_SHIFT);
    if (baseIndex < 0) baseIndex = insns.findIndex((i) => i.pc >= base % PROGRAM_SHIFT);
    if (baseIndex < 0) baseIndex = insns.length;
    const first = baseIndex + (args.instructionOffset ?? 0);
    const out: DebugProtocol.DisassembledInstruction[] = [];
    let lastLine: number | undefined;
    for (let k = 0; k < args.instructionCount; k++) {
      const i = first + k;
      if (i < 0) continue;
      if (i >= insns.length) {
        const pc = program.slotCount + (i - insns.length);
        out.push({
          address: `0x${addressOf(codeIndex, pc).toString(16)}`,
          instruction: '',
          presentationHint: 'invalid',
        });
        continue;
      }
      const insn = insns[i];
      if (!insn) continue;
      const d: DebugProtocol.DisassembledInstruction = {
        address: `0x${addressOf(codeIndex, insn.pc).toString(16)}`,
        instructionBytes: hexBytes(encodeInstruction(insn)).replace(/(..)(?!$)/g, '$1 '),
        instruction: instructionText(program, insn),
      };
      const fn = program.functions.find((f) => f.startPc === insn.pc);
      if (fn) d.symbol = fn.name;
      const src = program.sourceAt(insn.pc);
      if (src && src.line > 0) {
        d.location = this.sourceOf(src.file);
        d.line = this.convertDebuggerLineToClient(src.line);
        if (src.line !== lastLine && src.column > 0) d.column = src.column;
        lastLine = src.line;
      }
      out.push(d);
    }
    response.body = { instructions: out };
    this.sendResponse(response);
  }

  protected override readMemoryRequest(
    response: DebugProtocol.ReadMemoryResponse,
    args: DebugProtocol.ReadMemoryArguments,
  ): void {
    const rt = this.runtime;
    if (!rt) {
      this.sendErrorResponse(response, { id: 1003, format: 'the program is not running', showUser: false });
      return;
    }
    const base = memoryAddress(args.memoryReference);
    const count = args.count;
    if (base === undefined || !Number.isSafeInteger(args.offset ?? 0) || !Number.isSafeInteger(count) || count < 0) {
      this.sendErrorResponse(response, {
        id: 1015,
        format: `readMemory: '${String(args.memoryReference).slice(0, 40).replace(/[{}]/g, '')}' (offset ${String(args.offset ?? 0)}, count ${String(count)}) is not a memory address and byte count`,
        showUser: false,
      });
      return;
    }
    const start = BigInt.asUintN(64, base + BigInt(args.offset ?? 0));
    const region = rt.vm.memory.regionOfHi(Number(start >> 32n));
    const lo = Number(start & 0xffffffffn);
    let readable = 0;
    let data = new Uint8Array(0);
    if (region && lo >= region.readStart && lo < region.readEnd) {
      readable = Math.min(args.count, region.readEnd - lo);
      data = region.bytes.slice(lo, lo + readable);
    }
    response.body = {
      address: `0x${start.toString(16)}`,
      data: Buffer.from(data).toString('base64'),
      unreadableBytes: args.count - readable,
    };
    this.sendResponse(response);
  }

  protected override writeMemoryRequest(
    response: DebugProtocol.WriteMemoryResponse,
    args: DebugProtocol.WriteMemoryArguments,
  ): void {
    const rt = this.requireStopped(response);
    if (!rt) return;
    try {
      const data = new Uint8Array(Buffer.from(args.data, 'base64'));
      rt.execution.writeMemory(BigInt(args.memoryReference) + BigInt(args.offset ?? 0), data);
      response.body = { bytesWritten: data.length };
      this.sendResponse(response);
      this.sendEvent(new InvalidatedEvent(['variables']));
    } catch (e) {
      this.sendErrorResponse(response, { id: 1011, format: errorText(e), showUser: true });
    }
  }

  /** The map explorer's requests (see viewRequests.ts); other custom requests keep the default answer. */
  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    if (!isViewRequest(command)) return super.customRequest(command, response, args);
    answerViewRequest(this.runtime, command, args).then(
      (body) => {
        response.body = body;
        this.sendResponse(response);
        // An edited map changes what the Variables view shows.
        if (command === ViewRequests.update || command === ViewRequests.remove)
          this.sendEvent(new InvalidatedEvent(['variables']));
      },
      (e: Error) => this.sendErrorResponse(response, { id: 3001, format: e.message, showUser: false }),
    );
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.runtime?.stop();
    this.sendResponse(response);
    if (!this.terminatedSent) {
      this.terminatedSent = true;
      this.sendEvent(new TerminatedEvent());
    }
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.runtime?.stop();
    this.sendResponse(response);
  }
}

/** A DAP memoryReference ("0x…" or decimal) as an address, or undefined when it is not one. */
function memoryAddress(reference: unknown): bigint | undefined {
  if (typeof reference !== 'string' || !/^\s*(0x[0-9a-f]+|\d+)\s*$/i.test(reference)) return undefined;
  return BigInt(reference.trim());
}

function parseAddress(text: string): number {
  const n = Number(BigInt(text.trim()));
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`'${text}' is not an instruction address`);
  return n;
}

function instructionText(program: Program, insn: Instruction): string {
  return disassembleInstruction(insn, {
    lddwName: (i) =>
      i.src === LddwSource.MAP_FD ||
      i.src === LddwSource.MAP_IDX ||
      i.src === LddwSource.MAP_VALUE ||
      i.src === LddwSource.MAP_IDX_VALUE
        ? program.maps[i.imm]?.name
        : undefined,
    callName: (i) =>
      i.src === CallSource.LOCAL ? program.functions.find((f) => f.startPc === i.pc + 1 + i.imm)?.name : undefined,
  });
}
