// `ebpf run FILE.o [--section S] [--function F] [--platform P] (--packet HEX | --pcap FILE
// [--frames RANGE] | --ctx JSON) [--maps JSON] [--json] [--budget N] [--seed N]`: runs the program
// once per packet / frame / context, prints each run's return value and meaning and its printk
// lines, then a summary (runs per action) and the maps the runs changed.
import { isSelected, noProgramMatches } from '../programSelection';
import { oneFile, parseCommandLine } from '../args';
import { formatHex, HexError, isHexText, parseHex, sameBytes } from '../../core/hex/index';
import { linuxProfile, windowsProfile } from '../../core/platform/index';
import type { PlatformProfile } from '../../core/platform/types';
import type { Program } from '../../core/program/types';
import {
  bytesSource,
  CaptureError,
  FrameSelection,
  LINKTYPE_ETHERNET,
  readFrames,
  type ByteSource,
  type CaptureFrame,
} from '../../core/vm/capture';
import type { CtxDescription } from '../../core/vm/context';
import { VmError } from '../../core/vm/errors';
import { diffMaps } from '../../core/vm/maps';
import { Vm, type RunInput, type RunKeep, type RunResult } from '../../core/vm/vm';
import { CliError, type CliIo } from '../io';
import { loadFile, typeRules } from '../load';
import { runNativeJobs } from './runNative';

export const RUN_USAGE = `  run FILE.o [--section S] [--function F] (--packet HEX | --pcap FILE [--frames RANGE] | --ctx JSON)
             [--maps JSON] [--json | --summary [--distinct N] | --quiet] [--budget N] [--seed N]
             [--engine vm|native]
                                  run the program once per packet / frame / context: return value
                                  and its meaning, printk lines, a summary and the changed maps
                                  (HEX and JSON may also name a file); for large captures
                                  --summary prints only the counts per verdict and the first N
                                  (default 10) distinct outcomes, --quiet only the counts;
                                  --engine native runs the program compiled from its generated C
                                  (see ebpf convert)`;

const OPTIONS = {
  section: { type: 'string' },
  function: { type: 'string' },
  platform: { type: 'string' },
  type: { type: 'string', multiple: true },
  packet: { type: 'string', multiple: true },
  pcap: { type: 'string' },
  frames: { type: 'string' },
  ctx: { type: 'string' },
  maps: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  summary: { type: 'boolean' },
  distinct: { type: 'string' },
  budget: { type: 'string' },
  seed: { type: 'string' },
  engine: { type: 'string' },
  debug: { type: 'boolean' },
} as const;

interface Job {
  /** "frame 7", "packet 2", "ctx"; frames are numbered here and named only when output needs it. */
  readonly label: string | number;
  readonly input: RunInput;
}

/** Jobs one at a time (undefined at the end); a job may be refilled by the next call. */
interface JobReader {
  next(): Job | undefined;
}

function listReader(jobs: readonly Job[]): JobReader {
  let i = 0;
  return { next: () => jobs[i++] };
}

/**
 * Runs per verdict and (summary mode) the first distinct outcomes. A run like the one before it
 * (same verdict, no error, no printk: the usual case over a capture) only bumps two counts.
 */
class Tally {
  /** Runs per verdict, in the order verdicts first appeared. */
  readonly verdicts = new Map<string, { count: number }>();
  /** Outcome text → first input that had it and how many runs had it. */
  readonly outcomes = new Map<string, { first: string; count: number }>();
  private lastVerdict: string | undefined;
  private lastCount: { count: number } | undefined;
  private lastOutcome: { count: number } | undefined;

  constructor(private readonly distinct: number) {}

  /** Count a run of `job` (named only when it has a new outcome to list). */
  add(r: RunResult, verdict: string, job: Job, listOutcomes: boolean): void {
    const plain = r.error === undefined && r.printk.length === 0;
    if (plain && verdict === this.lastVerdict && this.lastCount !== undefined) {
      this.lastCount.count++;
      if (this.lastOutcome !== undefined) this.lastOutcome.count++;
      return;
    }
    let counted = this.verdicts.get(verdict);
    if (counted === undefined) this.verdicts.set(verdict, (counted = { count: 0 }));
    counted.count++;
    let outcome: { first: string; count: number } | undefined;
    if (listOutcomes && this.distinct > 0) {
      const key = outcomeKey(r, verdict);
      outcome = this.outcomes.get(key);
      if (outcome) outcome.count++;
      else if (this.outcomes.size < this.distinct)
        this.outcomes.set(key, (outcome = { first: labelOf(job), count: 1 }));
    }
    // A plain run's outcome key is its verdict, so the next such run is the same outcome.
    this.lastVerdict = plain ? verdict : undefined;
    this.lastCount = counted;
    this.lastOutcome = outcome;
  }

  /** Runs per verdict as JSON / text wants them (the same order as an object filled run by run). */
  summary(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of this.verdicts) out[k] = v.count;
    return out;
  }
}

function labelOf(job: Job): string {
  return typeof job.label === 'number' ? `frame ${job.label}` : job.label;
}

/** Per-run lines, every run in JSON, or counts only (with the first distinct outcomes). */
type OutputMode = 'runs' | 'json' | 'summary' | 'quiet';

/** Collects output and writes it in large pieces, so a million runs make a few hundred writes. */
class Output {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly io: CliIo) {}
  line(text: string): void {
    this.parts.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= 1 << 16) this.flush();
  }
  raw(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 16) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    this.io.stdout(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

function textOrFile(io: CliIo, value: string, what: string): string {
  const trimmed = value.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || /^[0-9a-fA-F\s]+$/.test(trimmed)) return trimmed;
  const text = io.readText(value);
  if (text === undefined) {
    const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
    const inline = what === '--packet' ? 'hex bytes' : 'JSON';
    throw new CliError(`${what}: '${shown}' is neither ${inline} nor an existing file`);
  }
  return text;
}

/** bpf_get_prandom_u32's seed: a 32-bit unsigned integer, default 1. */
function seedOption(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n > 0xffffffff)
    throw new CliError(`--seed must be an integer from 0 to 4294967295, got '${value}'`, 'usage');
  return n;
}

function parseJson(io: CliIo, value: string, what: string): unknown {
  const trimmed = value.trim();
  // Inline JSON, else a file, else (null, 42, "x") inline JSON again, so the message names the real problem.
  const inline = trimmed.startsWith('{') || trimmed.startsWith('[') ? trimmed : undefined;
  const text = inline ?? io.readText(value) ?? trimmed;
  try {
    return JSON.parse(text);
  } catch (e) {
    if (inline === undefined && text === trimmed)
      throw new CliError(`${what}: '${trimmed.slice(0, 40)}' is neither JSON nor an existing file`);
    throw new CliError(`${what}: invalid JSON (${(e as Error).message})`);
  }
}

function platformFor(value: string | undefined): PlatformProfile | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  if (value === 'windows') return windowsProfile;
  if (value === 'linux') return linuxProfile;
  throw new CliError(`--platform: unknown platform '${value}' (expected auto, windows or linux)`, 'usage');
}

function choose(programs: readonly Program[], section: string | undefined, fn: string | undefined): number {
  const selection = { section, function: fn };
  const index = programs.findIndex((p) => isSelected(p, selection));
  if (index < 0) throw noProgramMatches(undefined, selection, programs);
  return index;
}

function hex(b: Uint8Array | undefined): string {
  return b ? formatHex(b) : '';
}

function action(r: RunResult): string {
  if (r.error) return 'error';
  return r.returnName ?? `${r.returnValue}`;
}

export function runCommand(argv: readonly string[], io: CliIo): number {
  const { values, positionals } = parseCommandLine(argv, OPTIONS, 'run');
  const file = oneFile('run', positionals);
  const sources = [
    values.packet !== undefined,
    values.pcap !== undefined,
    values.ctx !== undefined && values.packet === undefined && values.pcap === undefined,
  ];
  if (!sources.some(Boolean))
    throw new CliError('run needs an input: --packet HEX, --pcap FILE or --ctx JSON', 'usage');
  if (values.packet !== undefined && values.pcap !== undefined)
    throw new CliError('give either --packet or --pcap, not both', 'usage');
  if (values.frames !== undefined && values.pcap === undefined) throw new CliError('--frames needs --pcap', 'usage');
  const budget = values.budget !== undefined ? Number(values.budget) : undefined;
  if (budget !== undefined && !(/^\d+$/.test(values.budget ?? '') && Number.isSafeInteger(budget) && budget > 0))
    throw new CliError(`--budget must be a positive integer, got '${values.budget}'`, 'usage');
  const seed = seedOption(values.seed);
  const engine = values.engine ?? 'vm';
  if (engine !== 'vm' && engine !== 'native')
    throw new CliError(`--engine: unknown engine '${engine}' (expected vm or native)`, 'usage');

  const obj = loadFile(io, file, platformFor(values.platform), typeRules(values.type));
  const index = choose(obj.programs, values.section, values.function);
  const program = obj.programs[index];
  if (!program) throw new Error(`${file}: no program at index ${index}`);

  const ctx = values.ctx !== undefined ? (parseJson(io, values.ctx, '--ctx') as CtxDescription) : undefined;
  if (ctx !== undefined && (typeof ctx !== 'object' || ctx === null || Array.isArray(ctx)))
    throw new CliError('--ctx must be a JSON object of field values');

  const mode: OutputMode = values.json ? 'json' : values.summary ? 'summary' : values.quiet ? 'quiet' : 'runs';
  if ([values.json, values.summary, values.quiet].filter(Boolean).length > 1)
    throw new CliError('give at most one of --json, --summary and --quiet', 'usage');
  const distinct = values.distinct !== undefined ? Number(values.distinct) : 10;
  if (!(Number.isInteger(distinct) && distinct >= 0))
    throw new CliError(`--distinct must be a whole number, got '${values.distinct}'`, 'usage');
  if (values.distinct !== undefined && mode !== 'summary') throw new CliError('--distinct needs --summary', 'usage');

  // Output that streams (a line or JSON entry per run) must not start before a damaged capture is
  // found, so those modes check the capture first; counts are printed only at the end anyway.
  const jobs =
    values.pcap !== undefined
      ? pcapJobs(io, values.pcap, values.frames, ctx, mode === 'runs' || mode === 'json')
      : listReader(listedJobs(io, values, ctx));

  let vm: Vm;
  try {
    vm = new Vm(obj.programs, { ...(budget !== undefined && { budget }), seed });
  } catch (e) {
    if (e instanceof Error) throw new CliError(`${file}: ${e.message}`);
    throw e;
  }
  if (values.maps !== undefined) {
    const maps = parseJson(io, values.maps, '--maps');
    try {
      vm.loadMaps(maps);
    } catch (e) {
      if (e instanceof Error) throw new CliError(`--maps: ${e.message}`);
      throw e;
    }
  }
  const before = vm.saveMaps();
  const out = new Output(io);
  const tally = new Tally(distinct);
  let runs = 0;
  let failed = false;
  // Counts and summaries need no output packet or ctx: the VM then copies nothing out per run.
  const keep: RunKeep = mode === 'summary' || mode === 'quiet' ? 'verdict' : 'all';

  if (mode === 'json') {
    out.raw(
      `{\n  "program": ${JSON.stringify({
        section: program.section,
        function: program.name,
        type: program.programType?.name ?? null,
        platform: obj.platform.id,
      })},\n  "runs": [`,
    );
  } else {
    out.line(
      `${file}: ${program.section}/${program.name} (${program.programType?.name ?? 'unknown type'}, ${obj.platform.displayName})`,
    );
    if (values.platform === undefined || values.platform === 'auto')
      out.line(`  platform: ${obj.platformReason} (override with --platform)`);
  }

  const listOutcomes = mode === 'summary';
  const record = (job: Job, r: RunResult): void => {
    runs++;
    const verdict = action(r);
    if (r.error) failed = true;
    tally.add(r, verdict, job, listOutcomes);
    if (mode === 'json') {
      out.raw(`${runs > 1 ? ',' : ''}\n    ${JSON.stringify(runJson(labelOf(job), r))}`);
    } else if (mode === 'runs') {
      for (const l of runLines(labelOf(job), r, job.input.packet, engine)) out.line(l);
    }
  };

  if (engine === 'native') {
    for (const { job, r } of nativeRuns(file, obj.programs, index, jobs, vm)) record(job, r);
  } else {
    runJobs(vm, jobs, index, keep, record);
  }

  const after = vm.saveMaps();
  const changed = diffMaps(before, after);
  const summary = tally.summary();
  const outcomes = tally.outcomes;
  if (mode === 'json') {
    out.raw(
      `\n  ],\n  "summary": ${JSON.stringify(summary)},\n  "changedMaps": ${JSON.stringify(changed)},\n  "maps": ${JSON.stringify(after, null, 2).replace(/\n/g, '\n  ')}\n}\n`,
    );
    out.flush();
    return failed ? 1 : 0;
  }
  out.line('');
  out.line(
    `summary: ${runs} run${runs === 1 ? '' : 's'}: ${Object.entries(summary)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  if (mode === 'summary' && outcomes.size > 0) {
    out.line(`first ${outcomes.size} distinct outcome${outcomes.size === 1 ? '' : 's'} (first input, runs with it):`);
    for (const [key, o] of outcomes) out.line(`  ${o.first} (${o.count}): ${key.replace(/\n/g, '\n    ')}`);
    if (outcomes.size === distinct && distinct > 0) out.line(`  (later outcomes not listed; --distinct N shows more)`);
  }
  if (changed.length === 0) out.line('maps: unchanged');
  for (const c of changed) {
    out.line(`map ${c.name}:`);
    for (const l of c.lines) out.line(`  ${l}`);
  }
  out.flush();
  return failed ? 1 : 0;
}

/**
 * Run every job and record its result: a plain loop (no iterator objects between the frames and
 * the VM) in a function of its own, which V8 optimizes as a whole (replays run millions of frames).
 */
function runJobs(
  vm: Vm,
  jobs: JobReader,
  index: number,
  keep: RunKeep,
  record: (job: Job, r: RunResult) => void,
): void {
  for (let job = jobs.next(); job !== undefined; job = jobs.next()) {
    let r: RunResult;
    try {
      r = vm.run(job.input, index, keep);
    } catch (e) {
      if (e instanceof VmError) throw new CliError(`${labelOf(job)}: ${e.message}`);
      throw e;
    }
    record(job, r);
  }
}

/**
 * The frames of a capture as jobs, streamed. With `checkFirst`, a first pass checks structure, link
 * types and the frame range before any frame runs; otherwise those errors come when reached.
 */
function pcapJobs(
  io: CliIo,
  file: string,
  frames: string | undefined,
  ctx: CtxDescription | undefined,
  checkFirst: boolean,
): JobReader {
  const source = openSource(io, file);
  let selection: FrameSelection;
  try {
    selection = new FrameSelection(frames);
  } catch (e) {
    if (e instanceof CaptureError) throw new CliError(`--frames: ${e.message}`, 'usage');
    throw e;
  }
  const linkCheck = (f: CaptureFrame): void => {
    if (f.linkType !== LINKTYPE_ETHERNET)
      throw new CliError(`${file}: frame ${f.number} has link type ${f.linkType}; only Ethernet (1) frames can be run`);
  };
  if (checkFirst)
    captureErrors(() => {
      const scan = readFrames(source, file, false);
      let count = 0;
      for (let f = scan.read(); f !== undefined; f = scan.read()) {
        count = f.number;
        if (selection.has(f.number)) linkCheck(f);
      }
      selection.check(count);
    });
  const reader = captureErrors(() => readFrames(source, file));
  let count = 0;
  // One job refilled per frame (a frame's bytes are valid only until the next one anyway).
  const input: { packet: Uint8Array; ctx?: CtxDescription } = { packet: new Uint8Array(0), ...(ctx && { ctx }) };
  const job: { label: number; input: RunInput } = { label: 0, input };
  const everyFrame = selection.all;
  return {
    next(): Job | undefined {
      for (;;) {
        let f: CaptureFrame | undefined;
        try {
          f = reader.read();
        } catch (e) {
          throw e instanceof CaptureError ? new CliError(e.message) : e;
        }
        if (f === undefined || f.number > selection.last) {
          if (f === undefined) captureErrors(() => selection.check(count));
          return undefined;
        }
        count = f.number;
        if (!everyFrame && !selection.has(f.number)) continue;
        linkCheck(f);
        // The frame's bytes are a view into the reader's window: the VM copies them in.
        input.packet = f.data;
        job.label = f.number;
        return job;
      }
    },
  };
}

/** CaptureErrors become CLI errors (one line, exit 2). */
function captureErrors<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof CaptureError) throw new CliError(e.message);
    throw e;
  }
}

/** The jobs run by the native engine (one process for all of them), paired with their results. */
function nativeRuns(
  file: string,
  programs: readonly Program[],
  index: number,
  jobs: JobReader,
  vm: Vm,
): { job: Job; r: RunResult }[] {
  // A frame's bytes are a view into the capture reader's window: copy them before the next frame.
  const list: { job: Job; label: string; input: RunInput }[] = [];
  for (let job = jobs.next(); job !== undefined; job = jobs.next())
    list.push({
      job,
      label: labelOf(job),
      input: job.input.packet ? { ...job.input, packet: job.input.packet.slice() } : job.input,
    });
  const results = runNativeJobs(file, programs, index, list, vm);
  return results.map((res, i) => ({
    job: { label: list[i]?.label ?? res.label, input: list[i]?.input ?? {} },
    r: res.result,
  }));
}

function openSource(io: CliIo, file: string): ByteSource {
  return io.openFile?.(file) ?? bytesSource(io.readFile(file));
}

function listedJobs(io: CliIo, values: { packet?: string[]; ctx?: string }, ctx: CtxDescription | undefined): Job[] {
  const jobs: Job[] = [];
  if (values.packet !== undefined) {
    const packets = values.packet;
    packets.forEach((p, i) => {
      const text = isHexText(p) ? p : textOrFile(io, p, '--packet');
      let bytes: Uint8Array;
      try {
        bytes = parseHex(text, { what: '--packet' });
      } catch (e) {
        throw new CliError(e instanceof HexError ? e.message : `--packet: ${(e as Error).message}`);
      }
      jobs.push({
        label: packets.length > 1 ? `packet ${i + 1}` : 'packet',
        input: { packet: bytes, ...(ctx && { ctx }) },
      });
    });
  } else {
    jobs.push({ label: 'ctx', input: { ...(ctx && { ctx }) } });
  }
  return jobs;
}

function runJson(label: string, r: RunResult): unknown {
  return {
    input: label,
    returnValue: Number(r.returnValue) <= Number.MAX_SAFE_INTEGER ? Number(r.returnValue) : r.returnValue.toString(),
    action: r.returnName ?? null,
    instructions: r.instructions,
    printk: r.printk.map((p) => ({
      text: p.text ?? null,
      error: p.error,
      pc: p.pc,
      line: p.source ? `${p.source.file}:${p.source.line}` : null,
    })),
    packet: r.packet ? hex(r.packet) : undefined,
    error: r.error ? { message: r.error.message, pc: r.error.location?.pc } : undefined,
  };
}

function printkLine(p: RunResult['printk'][number]): string {
  // The native engine knows no pc (-1): its lines carry no place.
  const where = p.source
    ? ` (${p.source.file.split(/[\\/]/).pop()}:${p.source.line})`
    : p.pc >= 0
      ? ` (pc ${p.pc})`
      : '';
  return p.text !== undefined ? `  printk: ${p.text}${where}` : `  printk rejected: ${p.error}${where}`;
}

function runLines(label: string, r: RunResult, input: Uint8Array | undefined, engine: 'vm' | 'native'): string[] {
  const lines: string[] = [];
  // The native engine counts no instructions.
  const cost = engine === 'native' ? '[native]' : `[${r.instructions} instructions]`;
  if (r.error) {
    lines.push(`${label}: error: ${r.error.message} ${cost}`);
  } else {
    const name = r.returnName ? `${r.returnName} (${r.returnValue})` : `${r.returnValue}`;
    lines.push(`${label}: ${name} ${cost}`);
  }
  for (const p of r.printk) lines.push(printkLine(p));
  if (r.packet && input && !sameBytes(r.packet, input)) lines.push(`  packet rewritten: ${hex(r.packet)}`);
  return lines;
}

/** What makes two runs' outcomes the same in a summary: verdict, error and printk lines. */
function outcomeKey(r: RunResult, verdict: string): string {
  // The common case (a named verdict, nothing printed) needs no string building per run.
  if (!r.error && r.printk.length === 0 && r.returnName !== undefined) return verdict;
  const head = r.error ? `error: ${r.error.message}` : `${r.returnValue}`;
  return r.printk.length === 0 ? head : [head, ...r.printk.map(printkLine)].join('\n');
}
