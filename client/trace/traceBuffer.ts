// The trace panel's line store, free of DOM and VS Code: a bounded list (oldest lines dropped past
// the limit), the filtered view (text or /regex/, program) kept incrementally as lines arrive, and
// the window of rows a virtualised list draws. Shared by the webview script and the benchmark.
import type { TraceLine } from '../../common/views';

export interface TraceFilter {
  /** Plain text (case-insensitive) or `/regex/flags`. */
  readonly text: string;
  /** Only this program ('' = all). */
  readonly program: string;
}

export type FilterCheck = { ok: true; test: (l: TraceLine) => boolean } | { ok: false; error: string };

export function compileFilter(f: TraceFilter): FilterCheck {
  let textTest: (s: string) => boolean = () => true;
  const t = f.text.trim();
  const re = /^\/(.*)\/([a-z]*)$/.exec(t);
  if (re) {
    try {
      const r = new RegExp(re[1] ?? '', (re[2] ?? '').replace(/[gy]/g, ''));
      textTest = (s) => r.test(s);
    } catch (e) {
      return { ok: false, error: `bad regular expression: ${(e as Error).message}` };
    }
  } else if (t !== '') {
    const needle = t.toLowerCase();
    textTest = (s) => s.toLowerCase().includes(needle);
  }
  const program = f.program;
  return {
    ok: true,
    test: (l) =>
      (program === '' || l.program === program) && textTest(`${l.message} ${l.comm ?? ''} ${l.program ?? ''}`),
  };
}

export class TraceBuffer {
  private lines: TraceLine[] = [];
  /** Indexes (into `lines`, shifted by `dropped`) of the lines that pass the filter. */
  private visible: number[] = [];
  private dropped = 0;
  private test: (l: TraceLine) => boolean = () => true;
  readonly programs = new Set<string>();

  constructor(readonly limit = 100_000) {}

  get size(): number {
    return this.lines.length;
  }

  get visibleCount(): number {
    return this.visible.length;
  }

  setFilter(f: TraceFilter): FilterCheck {
    const c = compileFilter(f);
    if (!c.ok) return c;
    this.test = c.test;
    this.visible = [];
    this.lines.forEach((l, i) => {
      if (c.test(l)) this.visible.push(i + this.dropped);
    });
    return c;
  }

  append(batch: readonly TraceLine[]): void {
    for (const l of batch) {
      const abs = this.dropped + this.lines.length;
      this.lines.push(l);
      if (l.program) this.programs.add(l.program);
      if (this.test(l)) this.visible.push(abs);
    }
    const over = this.lines.length - this.limit;
    if (over > 0) {
      // Drop in chunks, not per line: splicing the front of a 100,000-entry array is the costly part.
      const chunk = Math.max(over, Math.floor(this.limit / 10));
      const n = Math.min(chunk, this.lines.length);
      this.lines.splice(0, n);
      this.dropped += n;
      let firstKept = 0;
      while ((this.visible[firstKept] ?? this.dropped) < this.dropped) firstKept++;
      if (firstKept > 0) this.visible.splice(0, firstKept);
    }
  }

  clear(): void {
    this.dropped += this.lines.length;
    this.lines = [];
    this.visible = [];
    this.programs.clear();
  }

  /** The i-th visible line. */
  visibleAt(i: number): TraceLine | undefined {
    const abs = this.visible[i];
    return abs === undefined ? undefined : this.lines[abs - this.dropped];
  }

  /** Rows [first, last) to draw for a scroll position (with a few rows of overscan). */
  window(scrollTop: number, viewportHeight: number, rowHeight: number, overscan = 10): { first: number; last: number } {
    const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
    const last = Math.min(this.visible.length, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
    return { first, last: Math.max(first, last) };
  }

  /** All visible lines as text (save / copy). */
  visibleText(format: (l: TraceLine) => string): string {
    let out = '';
    for (let i = 0; i < this.visible.length; i++) out += format(this.visibleAt(i) as TraceLine) + '\n';
    return out;
  }
}

/** A line as saved or copied: time, CPU, process, program, message, call site. */
export function lineText(l: TraceLine): string {
  const who =
    l.comm !== undefined
      ? `${l.comm}${l.pid !== undefined ? `-${l.pid}` : ''}`
      : l.pid !== undefined
        ? String(l.pid)
        : '';
  const cpu = l.cpu !== undefined ? `[${String(l.cpu).padStart(3, '0')}]` : '';
  const at = l.callSite ? `\t${l.callSite.file}:${l.callSite.line}` : '';
  return `${l.timeText}\t${cpu}\t${who}\t${l.program ?? ''}\t${l.message}${at}`;
}
