// `ebpf maps` and `ebpf trace`: the running system's programs, maps and printk lines through the
// same sources and parsers as the extension's map explorer and trace panel (core/live).
import type { MapEntryView, TraceLine } from '../../core/live/views';
import { PrintkMatcher, printkCallSites } from '../../core/live/callSites';
import { BpftoolMapSource } from '../../core/live/bpftoolSource';
import { InputError } from '../../core/live/bytes';
import { LiveSourceError, type MapSource, type TraceSource } from '../../core/live/source';
import { EtwTraceSource, TracePipeSource } from '../../core/live/traceSources';
import { WindowsMapSource } from '../../core/live/windowsSource';
import { parseCommandLine } from '../args';
import { CliError, type CliIo } from '../io';
import { loadFile } from '../load';

export const MAPS_USAGE = `  maps [--json] [--map ID [--start N] [--count N]] [--export] [--source linux|windows]
       [--update ID --key HEX --value HEX [--flags any|noexist|exist]] [--delete ID --key HEX]
                                  programs and maps loaded in this system (bpftool; netsh on
                                  Windows), a map's entries decoded, edits; --export prints the
                                  ebpf run --maps JSON`;
export const TRACE_USAGE = `  trace [--json] [--object FILE.o]... [--count N] [--duration S] [--source linux|windows]
                                  bpf_printk lines as they arrive (Linux trace_pipe, Windows ETW);
                                  --object maps each line to its bpf_printk call site`;

const OPTIONS = {
  json: { type: 'boolean' },
  source: { type: 'string' },
  bpftool: { type: 'string' },
  map: { type: 'string' },
  start: { type: 'string' },
  count: { type: 'string' },
  export: { type: 'boolean' },
  update: { type: 'string' },
  delete: { type: 'string' },
  key: { type: 'string' },
  value: { type: 'string', multiple: true },
  flags: { type: 'string' },
  object: { type: 'string', multiple: true },
  duration: { type: 'string' },
  // The extension stops a trace by closing stdin: a kill on Windows gives no chance to stop ETW.
  'stop-on-stdin-close': { type: 'boolean' },
  platform: { type: 'string' },
  debug: { type: 'boolean' },
} as const;

export interface LiveDeps {
  readonly mapSource?: (kind: 'linux' | 'windows', bpftool: string | undefined) => MapSource;
  readonly traceSource?: (kind: 'linux' | 'windows', matcher: PrintkMatcher | undefined) => TraceSource;
  /** Resolves when the user interrupts (Ctrl+C); default: SIGINT/SIGTERM. */
  readonly interrupted?: () => Promise<void>;
}

/** `maps` and `trace` run asynchronously; their help goes through the synchronous CLI like the others. */
export function isLiveCommand(argv: readonly string[]): boolean {
  return (argv[0] === 'maps' || argv[0] === 'trace') && !argv.includes('--help') && !argv.includes('-h');
}

function sourceKind(v: string | undefined): 'linux' | 'windows' {
  if (v === undefined) return process.platform === 'win32' ? 'windows' : 'linux';
  if (v === 'linux' || v === 'windows') return v;
  throw new CliError(`unknown source '${v}' (expected linux or windows)`);
}

function count(v: string | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v)) throw new CliError(`--${name} takes a whole number, not '${v}'`);
  return Number(v);
}

const defaultMapSource = (kind: 'linux' | 'windows', bpftool: string | undefined): MapSource =>
  kind === 'windows'
    ? new WindowsMapSource({ ...(bpftool !== undefined && { bpftool }) })
    : new BpftoolMapSource({ platform: 'linux', ...(bpftool !== undefined && { bpftool }) });
const defaultTraceSource = (kind: 'linux' | 'windows', m: PrintkMatcher | undefined): TraceSource =>
  kind === 'windows' ? new EtwTraceSource(m) : new TracePipeSource(m);

function onSignal(stdinToo: boolean): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
    if (stdinToo) {
      process.stdin.on('data', () => undefined);
      process.stdin.once('end', () => resolve());
      process.stdin.once('close', () => resolve());
    }
  });
}

/** Runs `maps` or `trace`; returns the exit code. Errors: one line on stderr (and {"error"} with --json), exit 2. */
export async function runLiveCommand(argv: readonly string[], io: CliIo, deps: LiveDeps = {}): Promise<number> {
  const json = argv.includes('--json');
  try {
    const { values, positionals } = parseCommandLine(argv.slice(1), OPTIONS);
    if (positionals.length > 0) throw new CliError(`${argv[0]} takes no file arguments (see ebpf --help)`);
    const kind = sourceKind(values.source);
    if (argv[0] === 'maps') return await maps(values, kind, io, deps);
    return await trace(values, kind, io, deps);
  } catch (e) {
    if (e instanceof CliError || e instanceof LiveSourceError || e instanceof InputError) {
      if (json) io.stdout(JSON.stringify({ error: e.message }) + '\n');
      io.stderr(`ebpf: ${e.message}\n`);
      return 2;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr(`ebpf: internal error: ${err.message.split('\n')[0]}\n`);
    return 2;
  }
}

type Values = ReturnType<typeof parseCommandLine<typeof OPTIONS>>['values'];

async function maps(values: Values, kind: 'linux' | 'windows', io: CliIo, deps: LiveDeps): Promise<number> {
  const src = (deps.mapSource ?? defaultMapSource)(kind, values.bpftool);
  const print = (v: unknown): void => io.stdout(JSON.stringify(v, null, 2) + '\n');
  if (values.update !== undefined || values.delete !== undefined) {
    if (values.key === undefined) throw new CliError('--update and --delete need --key HEX');
    if (values.delete !== undefined) {
      await src.remove(values.delete, values.key);
    } else {
      const v = values.value ?? [];
      if (v.length === 0)
        throw new CliError('--update needs --value HEX (one per CPU for per-CPU maps, or one for all)');
      const flags = { any: 0, noexist: 1, exist: 2 }[values.flags ?? 'any'];
      if (flags === undefined) throw new CliError(`--flags is any, noexist or exist, not '${values.flags}'`);
      await src.update(values.update as string, values.key, v.length === 1 && v[0] !== undefined ? v[0] : v, flags);
    }
    if (values.json) print({ ok: true });
    return 0;
  }
  if (values.export) {
    print(await src.exportJson(values.map !== undefined ? [values.map] : undefined));
    return 0;
  }
  if (values.map !== undefined) {
    const page = await src.entries(values.map, count(values.start, 'start', 0), count(values.count, 'count', 200));
    if (values.json) print(page);
    else io.stdout(entriesText(page.entries, page.total, page.next));
    return 0;
  }
  const list = await src.list();
  if (values.json) print(list);
  else {
    const lines = ['Programs:'];
    for (const p of list.programs)
      lines.push(`  ${p.id.padStart(6)}  ${p.type.padEnd(14)} ${p.name}  maps: ${p.mapIds.join(', ') || '-'}`);
    lines.push('Maps:');
    for (const m of list.maps)
      lines.push(
        `  ${m.id.padStart(6)}  ${m.type.padEnd(16)} ${m.name.padEnd(20)} key ${m.keySize}B  value ${m.valueSize}B  max ${m.maxEntries}`,
      );
    io.stdout(lines.join('\n') + '\n');
  }
  return 0;
}

function entriesText(entries: readonly MapEntryView[], total: number, next: number | undefined): string {
  const lines = entries.map((e) => {
    const value = e.values ? e.values.map((v, cpu) => `cpu${cpu}: ${v.text}`).join('; ') : (e.value?.text ?? '');
    return `${e.key.text} => ${value}`;
  });
  lines.push(next !== undefined ? `(${entries.length} of ${total}; --start ${next} for more)` : `(${total} entries)`);
  return lines.join('\n') + '\n';
}

export function traceText(l: TraceLine): string {
  const who =
    l.comm !== undefined
      ? `${l.comm}${l.pid !== undefined ? `-${l.pid}` : ''}`
      : l.pid !== undefined
        ? `pid ${l.pid}`
        : '';
  const where = l.callSite ? `  (${l.callSite.file}:${l.callSite.line})` : '';
  const cpu = l.cpu !== undefined ? `[${String(l.cpu).padStart(3, '0')}]` : '';
  return `${l.timeText} ${cpu} ${who} ${l.program ?? ''}: ${l.message}${where}`.replace(/ {2,}(?=\S)/g, ' ');
}

async function trace(values: Values, kind: 'linux' | 'windows', io: CliIo, deps: LiveDeps): Promise<number> {
  const objects = values.object ?? [];
  const sites = objects.flatMap((file) => {
    if (!file.endsWith('.o')) throw new CliError(`--object takes a compiled object (.o), not '${file}'`);
    try {
      return loadFile(io, file, 'auto').programs.flatMap(printkCallSites);
    } catch (e) {
      // One unreadable object costs its call sites, not the trace.
      io.stderr(`ebpf: ${(e as Error).message} (its printk lines will show without a call site)\n`);
      return [];
    }
  });
  const matcher = sites.length > 0 ? new PrintkMatcher(sites) : undefined;
  const limit = values.count !== undefined ? count(values.count, 'count', 0) : Infinity;
  const seconds = values.duration !== undefined ? Number(values.duration) : undefined;
  if (seconds !== undefined && !(seconds > 0))
    throw new CliError(`--duration takes seconds > 0, not '${values.duration}'`);
  const src = (deps.traceSource ?? defaultTraceSource)(kind, matcher);
  let seen = 0;
  let failure: string | undefined;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const sub = await src.start(
    (lines) => {
      for (const l of lines) {
        if (seen >= limit) break;
        seen++;
        io.stdout(values.json ? JSON.stringify(l) + '\n' : traceText(l) + '\n');
      }
      if (seen >= limit) finish();
    },
    (message) => {
      failure = message;
      finish();
    },
  );
  const timer = seconds !== undefined ? setTimeout(finish, seconds * 1000) : undefined;
  void (deps.interrupted ?? (() => onSignal(values['stop-on-stdin-close'] === true)))().then(finish);
  try {
    await done;
  } finally {
    if (timer) clearTimeout(timer);
    // Always stop the producer: a Windows ETW session outlives this process otherwise.
    await sub.close();
    if (values['stop-on-stdin-close']) process.stdin.destroy();
  }
  if (failure !== undefined) throw new LiveSourceError(failure);
  return 0;
}
