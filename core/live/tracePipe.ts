// Lines of the Linux tracefs `trace_pipe`: `<comm>-<pid> [<cpu>] <flags> <seconds>: <event>: <msg>`.
// comm may hold spaces and dashes (the pid is the last `-<digits>` before the CPU); older kernels
// print no flags column and some print a `(tgid)` column. Only bpf_trace_printk lines are printk.

import type { TraceLine } from './views';

const LINE =
  /^\s*(.*)-(\d+)\s+(?:\(\s*(?:\d+|-+)\)\s+)?\[(\d+)\]\s+(?:([.a-zA-Z0-9]{4,6})\s+)?(\d+\.\d+):\s+([\w:]+):\s?(.*)$/;

export interface TracePipeRecord extends TraceLine {
  /** The trace event (bpf_trace_printk for bpf_printk). */
  readonly event: string;
  readonly flags?: string;
}

/** One trace_pipe line, or undefined for a line in another shape (e.g. a lost-events notice). */
export function parseTracePipeLine(line: string): TracePipeRecord | undefined {
  const m = LINE.exec(line.replace(/[\r\n]+$/, ''));
  if (!m) return undefined;
  const [, comm = '', pid, cpu, flags, time = '', event = '', message = ''] = m;
  return {
    comm: comm.trim(),
    pid: Number(pid),
    cpu: Number(cpu),
    ...(flags !== undefined ? { flags } : {}),
    time: Number(time),
    timeText: time,
    event,
    message,
    source: 'linux',
  };
}

/** Splits a stream into lines, keeping the unfinished tail for the next chunk. */
export class LineSplitter {
  private rest = '';
  push(chunk: string): string[] {
    const text = this.rest + chunk;
    const parts = text.split('\n');
    this.rest = parts.pop() ?? '';
    return parts.map((p) => p.replace(/\r$/, ''));
  }
  flush(): string[] {
    const r = this.rest;
    this.rest = '';
    return r ? [r] : [];
  }
}
