// The "kernelDebug" launch mode: a DAP session over kd.exe attached to a Windows target running the
// program's native driver (Convert-BpfToNative's .sys with its PDB). C-line breakpoints become kd
// source-line breakpoints on the driver module, stepping is kd's (by C line in source mode, by
// machine instruction), Registers are r0..r10 read with `dv` from the generated function's locals,
// and the call stack (`kn`) is mapped back to eBPF programs. Where kd or the target is missing the
// launch fails with one message naming what to install and configure (commands.ts kdSetupAdvice).
// kd's process is injected (options.spawn) so recorded transcripts drive the whole session in tests.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  Breakpoint,
  DebugSession,
  InitializedEvent,
  OutputEvent,
  Scope,
  Source,
  StackFrame,
  StoppedEvent,
  TerminatedEvent,
  Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { generateC, NativeError } from '../../core/native/generate';
import { nodeHost } from '../../core/toolchain/compile';
import type { ToolchainHost } from '../../core/toolchain/locate';
import type { AddressResolution } from '../../core/native/addr/resolve';
import { LaunchError, parseLaunchConfig, type LaunchConfig } from '../config';
import { prepareLaunch } from '../launch';
import {
  clearBreakpointsCommand,
  DETACH_COMMANDS,
  driverModule,
  frameCommand,
  kdArguments,
  locateKd,
  LOCALS_COMMAND,
  setupCommands,
  STACK_COMMAND,
  stepCommands,
  type StepKind,
} from './commands';
import { KdConsole, type KdProcess } from './console';
import { parseLocals, parseStack, parseStop, type KdLocal } from './parse';
import {
  ebpfFrames,
  formatRegister,
  lineBreakpoint,
  registersFromLocals,
  translator,
  type Translator,
} from './translate';
import { errorText } from '../errorText';

const THREAD_ID = 1;

export interface KdSessionOptions {
  /** ebpf.windows.kdPath, passed by the client only for trusted workspaces. */
  readonly kdPath?: string;
  readonly host?: ToolchainHost;
  /** Starts kd (tests replay a recorded transcript instead). */
  readonly spawn?: (exe: string, args: readonly string[]) => KdProcess;
  /** Folder with the eBPF for Windows headers for compiling a .c program. */
  readonly windowsIncludeDir?: string;
  /** How long kd may take to connect and break in (default 2 minutes: a target may be rebooting). */
  readonly connectTimeoutMs?: number;
}

export type KernelDebugConfig = NonNullable<LaunchConfig['kernelDebug']>;

function spawnKd(exe: string, args: readonly string[]): KdProcess {
  const child = spawn(exe, [...args], { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  return {
    write: (text) => child.stdin.write(text),
    onOutput: (listener) => {
      child.stdout.setEncoding('utf8').on('data', listener);
      child.stderr.setEncoding('utf8').on('data', listener);
    },
    onExit: (listener) => {
      child.on('exit', (code) => listener(code));
      child.on('error', () => listener(null));
    },
    kill: () => child.kill(),
  };
}

type VariableRef = { kind: 'registers' | 'locals'; frame: number };

export class KdDebugSession extends DebugSession {
  private kd: KdConsole | undefined;
  private t: Translator | undefined;
  private frames: AddressResolution[] | undefined;
  private localsCache = new Map<number, KdLocal[]>();
  private refs = new Map<number, VariableRef>();
  private breakpointIds = new Map<string, number[]>();
  private nextBreakpointId = 1;
  private sourceFile: string | undefined;
  private configurationDone: (() => void) | undefined;

  constructor(private readonly options: KdSessionOptions = {}) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  private console(text: string, category = 'console'): void {
    this.sendEvent(new OutputEvent(text.endsWith('\n') ? text : text + '\n', category));
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsSteppingGranularity: true,
      supportsEvaluateForHovers: false,
    };
    this.sendResponse(response);
  }

  private fail(response: DebugProtocol.Response, e: unknown): void {
    this.sendErrorResponse(response, {
      id: 3001,
      format: `'${response.command}' failed: ${errorText(e)}`,
      showUser: true,
    });
  }

  protected override launchRequest(
    response: DebugProtocol.LaunchResponse,
    args: DebugProtocol.LaunchRequestArguments,
  ): void {
    this.launch(response, args as unknown as Record<string, unknown>).catch((e: unknown) => this.fail(response, e));
  }

  private async launch(response: DebugProtocol.LaunchResponse, raw: Record<string, unknown>): Promise<void> {
    const config = parseLaunchConfig(raw);
    const kernel = config.kernelDebug;
    if (!kernel) throw new LaunchError('this adapter runs "kernelDebug" configurations only');
    // The tools first: on a machine without kd, nothing else matters.
    const kdPath = locateKd(this.options.host ?? nodeHost(), this.options.kdPath);
    if (kdPath.kind === 'missing') throw new LaunchError(kdPath.message);
    const base = config.cwd ?? process.cwd();
    const driver = path.resolve(base, kernel.driver);
    if (!fs.existsSync(driver))
      throw new LaunchError(
        `the driver ${driver} does not exist: build it with "eBPF: Build Windows Driver" (Convert-BpfToNative.ps1 -Configuration Debug)`,
      );
    const pdb = driver.replace(/\.sys$/i, '.pdb');
    if (!fs.existsSync(pdb))
      throw new LaunchError(
        `${pdb} does not exist: kd needs the driver's PDB for C lines (build with -Configuration Debug)`,
      );
    // The driver runs on the target's own traffic: no packet, capture or frame selection here.
    const { packet: _packet, pcap: _pcap, frames: _frames, ...rest } = config;
    const prepared = await prepareLaunch(
      { ...rest, ctx: config.ctx ?? {} },
      this.options.windowsIncludeDir !== undefined ? { windowsIncludeDir: this.options.windowsIncludeDir } : {},
    );
    for (const note of prepared.notes) this.console(note);
    const programs = prepared.object.programs;
    let output;
    try {
      output = generateC(programs, { fileName: path.basename(config.program).replace(/\.c$/i, '.o') });
    } catch (e) {
      if (e instanceof NativeError) throw new LaunchError(e.message);
      throw e;
    }
    this.t = translator(programs, output, driverModule(driver));
    this.sourceFile = prepared.sourceFile;
    const sources = [
      ...new Set([...(kernel.sourcePaths ?? []), ...(prepared.sourceFile ? [path.dirname(prepared.sourceFile)] : [])]),
    ];
    const args = kdArguments({ connection: kernel.connection });
    this.console(`starting ${kdPath.path} ${args.join(' ')}`);
    const proc = (this.options.spawn ?? spawnKd)(kdPath.path, args);
    this.kd = new KdConsole(proc, (text) => this.console(text, 'stdout'));
    proc.onExit(() => this.sendEvent(new TerminatedEvent()));
    // A prompt means kd connected and broke in; without one the target is not reachable.
    const timeout = this.options.connectTimeoutMs ?? 120_000;
    let timer: NodeJS.Timeout | undefined;
    const kd = this.kd;
    await Promise.race([
      kd.ready(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          kd.kill();
          reject(
            new LaunchError(
              `kd did not connect to the target within ${Math.round(timeout / 1000)} s (${kernel.connection}). ` +
                'On the target: `bcdedit /debug on` and `bcdedit /dbgsettings net hostip:<this host> port:<port> key:<key>` with the same port and key, then reboot; allow kd.exe through the firewall of this host.',
            ),
          );
        }, timeout);
      }),
    ]).finally(() => clearTimeout(timer));
    for (const c of setupCommands(path.dirname(pdb), sources)) await this.kd.command(c);
    this.sendEvent(new InitializedEvent());
    await new Promise<void>((resolve) => (this.configurationDone = resolve));
    this.sendResponse(response);
    await this.run(['g']);
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    this.configurationDone?.();
  }

  protected override setBreakPointsRequest(
    response: DebugProtocol.SetBreakpointsResponse,
    args: DebugProtocol.SetBreakpointsArguments,
  ): void {
    this.setBreakpoints(response, args).catch((e: unknown) => this.fail(response, e));
  }

  private async setBreakpoints(
    response: DebugProtocol.SetBreakpointsResponse,
    args: DebugProtocol.SetBreakpointsArguments,
  ): Promise<void> {
    const kd = this.kd;
    const t = this.t;
    if (!kd || !t) throw new Error('breakpoints before launch');
    const file = args.source.path ?? args.source.name ?? '';
    const clear = clearBreakpointsCommand(this.breakpointIds.get(file) ?? []);
    if (clear) await kd.command(clear);
    const ids: number[] = [];
    const breakpoints: DebugProtocol.Breakpoint[] = [];
    for (const requested of args.breakpoints ?? []) {
      const id = this.nextBreakpointId++;
      const b = lineBreakpoint(t, id, file, requested.line);
      if (!b.verified) {
        const bp = new Breakpoint(false, requested.line) as DebugProtocol.Breakpoint;
        bp.message = b.message;
        breakpoints.push(bp);
        continue;
      }
      const answer = await kd.command(b.command);
      const bp = new Breakpoint(
        true,
        requested.line,
        undefined,
        new Source(path.basename(file), file),
      ) as DebugProtocol.Breakpoint;
      bp.id = id;
      // kd accepts a deferred breakpoint it cannot bind yet; it says so in its answer.
      if (/Couldn't resolve|Unable to|error/i.test(answer)) {
        bp.verified = false;
        bp.message = answer.trim().split('\n')[0] ?? 'kd could not set the breakpoint';
      } else {
        bp.message = `${b.programs.join(', ')}: pc ${b.pcs.join(', ')}`;
        ids.push(id);
      }
      breakpoints.push(bp);
    }
    this.breakpointIds.set(file, ids);
    response.body = { breakpoints };
    this.sendResponse(response);
  }

  /** Runs the target (g, p, t, gu) and reports the stop that ends it. */
  private async run(commands: readonly string[]): Promise<void> {
    const kd = this.kd;
    if (!kd) return;
    this.frames = undefined;
    this.localsCache.clear();
    this.refs.clear();
    let last = '';
    for (const c of commands) last = (await kd.command(c)) || last;
    const stop = parseStop(last);
    const event: DebugProtocol.StoppedEvent = new StoppedEvent(stop.reason, THREAD_ID, stop.text);
    if (stop.breakpoint !== undefined) event.body.hitBreakpointIds = [stop.breakpoint];
    event.body.allThreadsStopped = true;
    this.sendEvent(event);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD_ID, `target (${this.t?.module ?? 'driver'})`)] };
    this.sendResponse(response);
  }

  private async stack(): Promise<AddressResolution[]> {
    if (this.frames) return this.frames;
    const kd = this.kd;
    const t = this.t;
    if (!kd || !t) return [];
    this.frames = ebpfFrames(t, parseStack(await kd.command(STACK_COMMAND), t.module));
    return this.frames;
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse): void {
    this.stack()
      .then((frames) => {
        response.body = {
          stackFrames: frames.map((f, i) => {
            const name = f.program
              ? `${f.program.section}/${f.program.name}${f.program.function !== f.program.name ? ` › ${f.program.function}` : ''}`
              : (f.native[0]?.function ?? f.input.replace(/^[0-9a-f]{2}\s+\S+\s+\S+\s+/i, ''));
            const src = f.source ? this.source(f.source.file) : undefined;
            const frame = new StackFrame(i, name, src, f.source?.line ?? 0, 1);
            if (!f.program) frame.presentationHint = 'subtle';
            return frame;
          }),
          totalFrames: frames.length,
        };
        this.sendResponse(response);
      })
      .catch((e: unknown) => this.fail(response, e));
  }

  /** A C file named by the PDB, as a file of this machine when it is the launched source. */
  private source(file: string): Source {
    const local = this.sourceFile;
    const same = local && path.basename(local).toLowerCase() === (file.split(/[\\/]/).pop() ?? '').toLowerCase();
    const p = fs.existsSync(file) ? file : same && local ? local : file;
    return new Source(path.basename(p), p);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const registers = 1000 + args.frameId * 2;
    this.refs.set(registers, { kind: 'registers', frame: args.frameId });
    this.refs.set(registers + 1, { kind: 'locals', frame: args.frameId });
    response.body = {
      scopes: [new Scope('Registers', registers, false), new Scope('Locals (kd dv)', registers + 1, false)],
    };
    this.sendResponse(response);
  }

  private async locals(frame: number): Promise<KdLocal[]> {
    const cached = this.localsCache.get(frame);
    if (cached) return cached;
    const kd = this.kd;
    if (!kd) return [];
    await kd.command(frameCommand(frame));
    const locals = parseLocals(await kd.command(LOCALS_COMMAND));
    this.localsCache.set(frame, locals);
    return locals;
  }

  protected override variablesRequest(
    response: DebugProtocol.VariablesResponse,
    args: DebugProtocol.VariablesArguments,
  ): void {
    const ref = this.refs.get(args.variablesReference);
    if (!ref) {
      response.body = { variables: [] };
      this.sendResponse(response);
      return;
    }
    this.locals(ref.frame)
      .then((locals) => {
        const variables =
          ref.kind === 'registers'
            ? registersFromLocals(locals).map((r) => ({
                name: r.name,
                value: formatRegister(r),
                variablesReference: 0,
              }))
            : locals
                .filter((l) => !/^r(10|[0-9])$/.test(l.name))
                .map((l) => ({ name: l.name, value: l.text, variablesReference: 0 }));
        response.body = { variables };
        this.sendResponse(response);
      })
      .catch((e: unknown) => this.fail(response, e));
  }

  private step(response: DebugProtocol.Response, kind: StepKind, granularity: string | undefined): void {
    this.sendResponse(response);
    void this.run(stepCommands(kind, granularity === 'instruction' ? 'instruction' : 'line')).catch((e: unknown) =>
      this.console(`kd: ${e instanceof Error ? e.message : String(e)}`, 'stderr'),
    );
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.step(response, 'next', args.granularity);
  }
  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.step(response, 'stepIn', args.granularity);
  }
  protected override stepOutRequest(
    response: DebugProtocol.StepOutResponse,
    args: DebugProtocol.StepOutArguments,
  ): void {
    this.step(response, 'stepOut', args.granularity);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    void this.run(['g']).catch((e: unknown) =>
      this.console(`kd: ${e instanceof Error ? e.message : String(e)}`, 'stderr'),
    );
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    // Breaking in needs Ctrl+C on kd's own console; a piped kd has none.
    this.fail(
      response,
      new Error(
        'kd cannot be interrupted through its piped console: set a breakpoint, or break in from the target (e.g. a bug check)',
      ),
    );
  }

  /** The debug console passes commands to kd as they are (`lm`, `r`, `dq`, ...). */
  protected override evaluateRequest(
    response: DebugProtocol.EvaluateResponse,
    args: DebugProtocol.EvaluateArguments,
  ): void {
    const kd = this.kd;
    if (!kd || args.context !== 'repl') {
      this.fail(response, new Error('only debug console commands are passed to kd'));
      return;
    }
    kd.command(args.expression)
      .then((out) => {
        response.body = { result: out.trimEnd(), variablesReference: 0 };
        this.sendResponse(response);
      })
      .catch((e: unknown) => this.fail(response, e));
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    const kd = this.kd;
    const finish = () => {
      kd?.kill();
      this.sendResponse(response);
    };
    if (!kd || kd.exited) {
      finish();
      return;
    }
    // Remove our breakpoints and detach, leaving the target running.
    void kd
      .command(DETACH_COMMANDS[0])
      .then(() => {
        kd.command(DETACH_COMMANDS[1]).catch(() => undefined);
        setTimeout(finish, 200);
      })
      .catch(finish);
  }
}
