// Live printk sources: the Linux tracefs trace_pipe (mounted when missing and permitted) and an
// eBPF for Windows ETW real-time session (tracelog + tracefmt from the WDK), always stopped on close.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { TraceLine } from './views';
import type { PrintkMatcher } from './callSites';
import { LineSplitter, parseTracePipeLine } from './tracePipe';
import { EBPF_PROVIDER_GUID, isPrintkRecord, parseTracefmtLine, PRINTK_KEYWORD, PRINTK_LEVEL } from './tracefmt';
import { LiveSourceError, runCommand, type CommandRunner, type TraceSource, type TraceSubscription } from './source';

const TRACEFS_DIRS = ['/sys/kernel/tracing', '/sys/kernel/debug/tracing'] as const;

/** Adds the bpf_printk call site (and its program) to a line when a matcher knows the format. */
export function attribute(line: TraceLine, matcher: PrintkMatcher | undefined): TraceLine {
  const site = matcher?.match(line.message);
  return site ? { ...line, program: site.program, ...(site.source ? { callSite: site.source } : {}) } : line;
}

/** The trace_pipe path, mounting tracefs at /sys/kernel/tracing when no tracefs is mounted. */
export async function findTracePipe(run: CommandRunner = runCommand): Promise<string> {
  for (const dir of TRACEFS_DIRS) if (fs.existsSync(`${dir}/trace_pipe`)) return `${dir}/trace_pipe`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0)
    throw new LiveSourceError(
      'tracefs is not mounted and mounting it needs root: run `sudo mount -t tracefs nodev /sys/kernel/tracing`, or run as root.',
    );
  const r = await run('mount', ['-t', 'tracefs', 'nodev', TRACEFS_DIRS[0]]);
  if (r.code !== 0 || !fs.existsSync(`${TRACEFS_DIRS[0]}/trace_pipe`))
    throw new LiveSourceError(`tracefs is not mounted and mounting it failed: ${(r.stderr || r.stdout).trim()}`);
  return `${TRACEFS_DIRS[0]}/trace_pipe`;
}

/** Reads a child's stdout as lines until it is killed. */
function readLines(child: ChildProcess, onLine: (l: string) => void): void {
  const splitter = new LineSplitter();
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    for (const l of splitter.push(chunk)) onLine(l);
  });
}

export class TracePipeSource implements TraceSource {
  readonly kind = 'linux' as const;
  constructor(private readonly matcher?: PrintkMatcher) {}

  async start(onLines: (lines: TraceLine[]) => void, onError: (m: string) => void): Promise<TraceSubscription> {
    const pipe = await findTracePipe();
    try {
      fs.accessSync(pipe, fs.constants.R_OK);
    } catch {
      throw new LiveSourceError(`${pipe} is not readable: reading printk output needs root.`);
    }
    // A child `cat` rather than a stream in this process: a blocking read of trace_pipe would hold
    // a libuv thread until the next line; killing the child ends it at once.
    const child = spawn('cat', [pipe], { stdio: ['ignore', 'pipe', 'pipe'] });
    let closed = false;
    let batch: TraceLine[] = [];
    let timer: NodeJS.Timeout | undefined;
    const flush = (): void => {
      timer = undefined;
      if (batch.length) onLines(batch);
      batch = [];
    };
    readLines(child, (l) => {
      const r = parseTracePipeLine(l);
      if (!r || r.event !== 'bpf_trace_printk') return;
      const { event: _e, flags: _f, ...line } = r;
      batch.push(attribute(line, this.matcher));
      timer ??= setTimeout(flush, 20);
    });
    child.stderr?.on('data', (b: Buffer) => onError(`trace_pipe: ${b.toString().trim()}`));
    child.on('exit', (code) => {
      if (!closed) onError(`the trace_pipe reader stopped (exit ${code})`);
    });
    return {
      close: async () => {
        if (closed) return;
        closed = true;
        if (timer) clearTimeout(timer);
        flush();
        child.kill();
      },
    };
  }
}

export interface EtwOptions {
  readonly tracelog?: string;
  readonly tracefmt?: string;
  readonly sessionName?: string;
  readonly run?: CommandRunner;
  /** Starts tracefmt (tests pass a fake); default: spawn. */
  readonly spawnTracefmt?: (tool: string, args: string[]) => ChildProcess;
}

/** The tracelog arguments that start a real-time session for printk of the eBPF provider. */
export function tracelogStartArgs(session: string): string[] {
  return [
    '-start',
    session,
    '-guid',
    `#${EBPF_PROVIDER_GUID}`,
    '-flag',
    `0x${PRINTK_KEYWORD.toString(16)}`,
    '-level',
    String(PRINTK_LEVEL),
    '-rt',
  ];
}

export function explainTracelogFailure(
  tool: string,
  stdout: string,
  stderr: string,
  spawnError?: NodeJS.ErrnoException,
): string {
  if (spawnError?.code === 'ENOENT')
    return `${tool} was not found. tracelog and tracefmt come with the Windows Driver Kit (WDK): install it and add its bin\\x64 folder to PATH, or set ebpf.live.tracelogPath / ebpf.live.tracefmtPath.`;
  const text = `${stdout}\n${stderr}`.trim();
  if (/access is denied|error 5\b|0x5\b/i.test(text))
    return `${tool} needs an administrator to start an ETW session ("${text.slice(0, 160)}"). Start VS Code as administrator.`;
  return `${tool} failed: ${text.slice(0, 300)}`;
}

export class EtwTraceSource implements TraceSource {
  readonly kind = 'windows' as const;
  private readonly run: CommandRunner;
  private readonly session: string;

  constructor(
    private readonly matcher?: PrintkMatcher,
    private readonly options: EtwOptions = {},
  ) {
    this.run = options.run ?? runCommand;
    this.session = options.sessionName ?? 'VscodeEbpfPrintk';
  }

  async start(onLines: (lines: TraceLine[]) => void, onError: (m: string) => void): Promise<TraceSubscription> {
    const tracelog = this.options.tracelog ?? 'tracelog';
    const tracefmt = this.options.tracefmt ?? 'tracefmt';
    // A session left behind by a crash has the same name; stopping it first is harmless.
    await this.run(tracelog, ['-stop', this.session]);
    const started = await this.run(tracelog, tracelogStartArgs(this.session));
    if (started.code !== 0 || started.spawnError)
      throw new LiveSourceError(explainTracelogFailure(tracelog, started.stdout, started.stderr, started.spawnError));
    const stop = async (): Promise<void> => {
      await this.run(tracelog, ['-stop', this.session]);
    };
    const args = ['-rt', this.session, '-displayonly', '-jsonMeta', '0'];
    const child = (
      this.options.spawnTracefmt ?? ((t, a) => spawn(t, a, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true }))
    )(tracefmt, args);
    let closed = false;
    child.on('error', (e) => {
      onError(explainTracelogFailure(tracefmt, '', '', e));
      void stop();
    });
    readLines(child, (l) => {
      const r = parseTracefmtLine(l);
      if (!r || !isPrintkRecord(r)) return;
      const { provider: _p, event: _e, ...line } = r;
      onLines([attribute(line, this.matcher)]);
    });
    child.on('exit', (code) => {
      if (!closed) onError(`tracefmt stopped (exit ${code})`);
    });
    return {
      close: async () => {
        if (closed) return;
        closed = true;
        child.kill();
        await stop();
      },
    };
  }
}
