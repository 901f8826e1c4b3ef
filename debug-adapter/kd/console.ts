// kd.exe / cdb.exe driven through their console: a command goes in as one line on stdin, the
// debugger answers on stdout and prints its prompt (`kd> `, `0: kd> ` with the processor number on
// a multiprocessor target, `0:000> ` for cdb) without a newline when it waits for the next command.
// While the target runs there is no prompt: the answer to `g` is whatever comes before the next one.
// The process is injected (KdProcess), so recorded transcripts drive the same code in tests.

export interface KdProcess {
  write(text: string): void;
  onOutput(listener: (chunk: string) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

/** The prompt at the end of the output: kd's `[N: ]kd> ` or cdb's `N:NNN[:x86]> `. */
export const PROMPT = /(?:^|\n)((?:\d+: )?kd|\d+:\d+(?::x86)?)> $/;

export class KdExitedError extends Error {
  override readonly name = 'KdExitedError';
}

/** Removes the echo of `command` (kd repeats a piped command after its prompt on some builds). */
export function stripEcho(output: string, command: string): string {
  const nl = output.indexOf('\n');
  const first = (nl < 0 ? output : output.slice(0, nl)).trim();
  if (first === command.trim()) return nl < 0 ? '' : output.slice(nl + 1);
  return output;
}

export class KdConsole {
  private buffer = '';
  private waiter: { resolve: (text: string) => void; reject: (e: Error) => void } | undefined;
  /** Output that ended at a prompt nobody was waiting for. */
  private unclaimed: string[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private exitCode: number | null | undefined;
  private exitMessage = 'the debugger is not running';

  constructor(
    private readonly process: KdProcess,
    /** Every chunk as it arrives (the debug console shows kd's own words). */
    private readonly echo: (text: string) => void = () => undefined,
  ) {
    process.onOutput((chunk) => this.receive(chunk));
    process.onExit((code) => {
      this.exitCode = code;
      this.exitMessage = `the debugger exited (code ${code ?? 'none'})${this.buffer.trim() ? `: ${lastLines(this.buffer)}` : ''}`;
      const w = this.waiter;
      this.waiter = undefined;
      w?.reject(new KdExitedError(this.exitMessage));
    });
  }

  get exited(): boolean {
    return this.exitCode !== undefined;
  }

  private receive(chunk: string): void {
    this.echo(chunk);
    this.buffer += chunk.replace(/\r\n/g, '\n');
    const m = PROMPT.exec(this.buffer);
    if (!m) return;
    const text = this.buffer.slice(0, m.index + (m[0].startsWith('\n') ? 1 : 0));
    this.buffer = '';
    const w = this.waiter;
    this.waiter = undefined;
    if (w) w.resolve(text);
    else this.unclaimed.push(text);
  }

  /** The output up to the next prompt (or one that already came). */
  private nextPrompt(): Promise<string> {
    const ready = this.unclaimed.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.exitCode !== undefined) return Promise.reject(new KdExitedError(this.exitMessage));
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** Everything kd printed before its first prompt (the banner and the connection). */
  ready(): Promise<string> {
    return this.enqueue(() => this.nextPrompt());
  }

  /** Sends one command and resolves with its output (echo removed) when the prompt returns. */
  command(command: string): Promise<string> {
    if (command.includes('\n')) return Promise.reject(new Error('one kd command per line'));
    return this.enqueue(async () => {
      this.process.write(command + '\n');
      return stripEcho(await this.nextPrompt(), command);
    });
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  kill(): void {
    if (this.exitCode === undefined) this.process.kill();
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ');
}
