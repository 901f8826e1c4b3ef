// A Debug Adapter Protocol client over a child process's stdio: how the native session drives
// lldb-dap (a real native debugger that speaks DAP). Requests are answered by sequence number;
// events go to the listeners. The process is killed by dispose().

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { DebugProtocol } from '@vscode/debugprotocol';

export type EventListener = (event: DebugProtocol.Event) => void;

export class DapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DapError';
  }
}

interface Pending {
  readonly command: string;
  readonly resolve: (r: DebugProtocol.Response) => void;
  readonly reject: (e: Error) => void;
}

export class DapClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private seq = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners: EventListener[] = [];
  private exited: string | undefined;

  constructor(executable: string, args: readonly string[], onExit: (reason: string) => void) {
    this.child = spawn(executable, [...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', () => undefined);
    const fail = (reason: string): void => {
      if (this.exited !== undefined) return;
      this.exited = reason;
      for (const p of this.pending.values()) p.reject(new DapError(`${p.command}: ${reason}`));
      this.pending.clear();
      onExit(reason);
    };
    this.child.on('error', (e) => fail(`cannot run ${executable}: ${e.message}`));
    this.child.on('exit', (code, signal) => fail(`${executable} exited (${signal ?? `code ${code ?? '?'}`})`));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  onEvent(listener: EventListener): void {
    this.listeners.push(listener);
  }

  /** Send a request; resolves with the response body, rejects with the adapter's message on failure. */
  async request<T = unknown>(command: string, args?: unknown): Promise<T> {
    if (this.exited !== undefined) throw new DapError(`${command}: ${this.exited}`);
    const seq = this.seq++;
    const message = JSON.stringify({ seq, type: 'request', command, arguments: args });
    const response = await new Promise<DebugProtocol.Response>((resolve, reject) => {
      this.pending.set(seq, { command, resolve, reject });
      this.child.stdin.write(`Content-Length: ${Buffer.byteLength(message, 'utf8')}\r\n\r\n${message}`);
    });
    if (!response.success) throw new DapError(`${command}: ${response.message ?? 'failed'}`);
    return response.body as T;
  }

  /** Kill the native debugger (and so its debuggee, which it launched). */
  dispose(): void {
    if (this.exited === undefined && this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length: *(\d+)/i.exec(header);
      if (!m?.[1]) {
        this.buffer = this.buffer.subarray(headerEnd + 4);
        continue;
      }
      const length = Number(m[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as DebugProtocol.ProtocolMessage);
    }
  }

  private dispatch(message: DebugProtocol.ProtocolMessage): void {
    if (message.type === 'response') {
      const r = message as DebugProtocol.Response;
      const p = this.pending.get(r.request_seq);
      if (!p) return;
      this.pending.delete(r.request_seq);
      p.resolve(r);
    } else if (message.type === 'event') {
      for (const l of this.listeners) l(message as DebugProtocol.Event);
    }
  }
}
