// The public face of the VM: a Vm holds the programs of one object, their maps and the address
// space; `run` executes a program to completion (the fast path, used for many packets) and `start`
// returns an Execution for the debugger (step, continue to breakpoints, registers, memory,
// frames, step-back). Both drive the same Machine, so a faster tier can replace `run` alone.

import { LddwSource, type Instruction } from '../isa/instruction';
import type { PlatformProfile, ProgramType } from '../platform/types';
import type { MapDefinition, Program, SourceLocation } from '../program/types';
import { compileProgram, NO_INSTRUCTION, type CompiledCode, type HelperFn } from './compile';
import { ContextBuilder, readContextFields, type CtxDescription, type PacketState } from './context';
import { VmError } from './errors';
import { HELPER_IMPLEMENTATIONS, HELPERS_RUNNING_CALLBACKS } from './helpers';
import { MAX_CALL_DEPTH, Machine, STACK_SIZE, Stop } from './interpreter';
import { compileTier, TierStop, type DirectHelper, type TierFunction } from './jsTier';
import { AddressSpace, HI_BASE, regionAddress, type Region, type WriteRecord } from './memory';
import { bytesToHex, RuntimeMap, type MapEntry, type MapJson, type MapRecord } from './maps';
import { isRegIndex, regHalves } from './registers';

export const DEFAULT_BUDGET = 1_000_000;

/** The process a helper like get_current_pid_tgid reports. */
export interface ProcessContext {
  readonly pid: number;
  readonly tgid: number;
  readonly uid: number;
  readonly gid: number;
  readonly comm: string;
  readonly logonId: bigint;
  readonly isAdmin: boolean;
  readonly processStartKey: bigint;
  readonly threadCreateTime: bigint;
}

/** A route for the bpf_fib_lookup stub: destination address → egress interface and MACs. */
export interface FibRoute {
  /** IPv4 dotted quad or IPv6 text. */
  readonly dst: string;
  readonly ifindex: number;
  readonly smac: string;
  readonly dmac: string;
  /** Return code for this route (default 0 = BPF_FIB_LKUP_RET_SUCCESS). */
  readonly result?: number;
}

export interface ClockOptions {
  /** Fixed start (ns) of the monotonic clock; with `stepNs`, every read advances it (deterministic). */
  readonly startNs?: bigint;
  readonly stepNs?: bigint;
  /** boot clock = monotonic + this (time spent suspended). */
  readonly suspendedNs?: bigint;
}

export interface VmOptions {
  /** Instructions per run before BudgetExceeded (default 1,000,000). */
  readonly budget?: number;
  /** Number of CPUs (per-CPU maps hold this many values); default 1. */
  readonly cpus?: number;
  /** The CPU the program runs on; default 0. */
  readonly cpu?: number;
  /** Seed of bpf_get_prandom_u32; fixed seeds give repeatable runs. Default: random. */
  readonly seed?: number;
  /** Clock; default: the host's monotonic clock. */
  readonly clock?: ClockOptions;
  readonly process?: Partial<ProcessContext>;
  readonly fibRoutes?: readonly FibRoute[];
  /** Replace helpers by id (the conformance plugin's helper 5 = unwind). */
  readonly helperOverrides?: ReadonlyMap<number, HelperFn>;
  /** Run with the interpreter alone (no JavaScript tier): for comparing the two. */
  readonly interpretOnly?: boolean;
  /** Called for every printk as it happens (the debugger's console, the trace panel). */
  readonly onPrintk?: (event: PrintkEvent) => void;
}

export interface PrintkEvent {
  /** Formatted text, or undefined when the format was rejected (the helper returned an error). */
  readonly text: string | undefined;
  readonly error?: string;
  readonly pc: number;
  readonly source?: SourceLocation;
  readonly program: string;
}

export interface RunInput {
  /** Packet bytes (XDP, socket filter, tc...; for bind: the app id). */
  readonly packet?: Uint8Array;
  readonly meta?: Uint8Array;
  /** Context field values by name. */
  readonly ctx?: CtxDescription;
  /**
   * Raw mode (no program type, as in the conformance suite): r1 = this buffer (or 0 when absent)
   * and r2 = its length.
   */
  readonly memory?: Uint8Array;
}

/**
 * What a run's result carries: everything, or the verdict only (r0, instructions, printk, error).
 * With 'all', the packet, metadata and ctx are read from the Vm's own regions, in place, and only
 * until the Vm's next run or start: take `ownedResult(r)` to keep them longer. A 'verdict' result
 * is one object per Vm, refilled by each verdict-only run (a replay of millions of frames then
 * allocates no result per frame): read it before running again.
 */
export type RunKeep = 'all' | 'verdict';

export interface RunResult {
  /** r0 at exit as an unsigned 64-bit value (Windows: truncated to 32 bits). */
  readonly returnValue: bigint;
  /** Its meaning for the program type (XDP_PASS...). */
  readonly returnName?: string | undefined;
  readonly instructions: number;
  readonly printk: PrintkEvent[];
  /**
   * The packet after the run (data..data_end) and its metadata. From `Vm.run` these (and `ctx`)
   * are views of the Vm's packet, valid until its next run or start: reading them after that throws
   * a VmError, and a view taken before changes with the packet. `ownedResult` copies them.
   */
  readonly packet?: Uint8Array | undefined;
  readonly meta?: Uint8Array | undefined;
  readonly ctx?: Record<string, string | number | bigint> | undefined;
  /** The memory buffer after the run (raw mode). */
  readonly memory?: Uint8Array | undefined;
  /** Programs run, in order (tail calls append). */
  readonly programs: string[];
  /** The error that stopped the run, if any (fault, budget, unknown helper). */
  readonly error?: VmError | undefined;
}

function defaultProcess(p: Partial<ProcessContext> | undefined): ProcessContext {
  return {
    pid: p?.pid ?? 4242,
    tgid: p?.tgid ?? 4242,
    uid: p?.uid ?? 1000,
    gid: p?.gid ?? 1000,
    comm: p?.comm ?? 'ebpf-vm',
    logonId: p?.logonId ?? 0x3e7n,
    isAdmin: p?.isAdmin ?? false,
    processStartKey: p?.processStartKey ?? 1n,
    threadCreateTime: p?.threadCreateTime ?? 0n,
  };
}

/** Map a program's MapDefinition list to runtime maps; all programs of one object share them. */
export class Vm {
  readonly memory = new AddressSpace();
  readonly platform: PlatformProfile;
  readonly programs: readonly Program[];
  readonly maps: RuntimeMap[];
  readonly options: VmOptions;
  readonly process: ProcessContext;
  readonly cpus: number;
  cpu: number;
  budget: number;
  private readonly codes: CompiledCode[];
  private readonly mapRegions: Region[] = [];
  /** Maps by the id of their handle region (a map pointer's upper half minus HI_BASE). */
  private readonly mapByRegion: (RuntimeMap | undefined)[] = [];
  private readonly codeRegions: Region[] = [];
  private readonly contexts = new Map<ProgramType, ContextBuilder>();
  readonly machine: Machine;
  // ---- per-run state, read by helpers ----
  printk: PrintkEvent[] = [];
  packet: PacketState | undefined;
  ctxRegion: Region | undefined;
  programType: ProgramType | undefined;
  /** Windows deferred tail call target, run after the current program returns. */
  deferredTail: CompiledCode | undefined;
  tailCalls = 0;
  /** Helper-returned memory (ringbuf_reserve) alive during the run. */
  readonly scratch: Region[] = [];
  private rng: number;
  private clockNs: bigint;
  private readonly clockStep: bigint | undefined;
  private readonly hostClockOrigin = process.hrtime.bigint();
  /** Set while an Execution records history: map snapshots before helper calls. */
  journal: ((m: RuntimeMap) => void) | undefined;

  constructor(programs: Program | readonly Program[], options: VmOptions = {}) {
    const list = Array.isArray(programs) ? (programs as readonly Program[]) : [programs as Program];
    const first = list[0];
    if (first === undefined) throw new VmError('no program to run');
    this.programs = list;
    this.platform = first.platform;
    this.options = options;
    this.budget = options.budget ?? DEFAULT_BUDGET;
    this.cpus = Math.max(1, options.cpus ?? 1);
    this.cpu = Math.min(options.cpu ?? 0, this.cpus - 1);
    this.process = defaultProcess(options.process);
    this.rng = (options.seed ?? Math.floor(Math.random() * 0xffffffff)) >>> 0 || 0x9e3779b9;
    this.clockNs = options.clock?.startNs ?? 0n;
    this.clockStep = options.clock?.startNs !== undefined ? (options.clock.stepNs ?? 1000n) : undefined;

    this.maps = first.maps.map((def) => this.createMap(def));
    const firstCode = this.compile(first, 0);
    this.codes = [firstCode, ...list.slice(1).map((p, i) => this.compile(p, i + 1))];
    this.entryNames = list.map((p) => [p.name]);
    this.stackInUse = list.some((p) => p.instructions.some((i) => i.dst === 10 || (i.src === 10 && i.opcode !== 0x18)));
    this.programType = first.programType;
    this.machine = new Machine(this.memory, firstCode, this.budget, {
      legacyPacket: () =>
        this.packet ? { region: this.packet.region, start: this.packet.data, end: this.packet.dataEnd } : undefined,
    });
    this.machine.helperById = (id) => this.helperFor(id, this.machine.code.program);
    this.machine.functionPcOf = (hi, lo) => {
      const r = this.memory.regionOfHi(hi);
      return r && r.kind === 'code' && this.codeRegions[this.machine.code.index] === r ? lo : -1;
    };
    this.machine.unknownHelper = (id, pc) => {
      const name = this.platform.helper(id, this.machine.code.program.programType)?.name;
      const what = name ? `helper ${id} (${name}) is not implemented by the VM` : `unknown helper ${id}`;
      return new VmError(`${what} on platform ${this.platform.id}`, this.machine.location(pc));
    };
  }

  private createMap(def: MapDefinition): RuntimeMap {
    const m = new RuntimeMap(def, this.cpus);
    m.onRemove = (e) => {
      // A deleted entry's value memory goes away (a later access faults as freed memory).
      for (const r of (e.regions ?? []) as (Region | undefined)[]) if (r) this.memory.release(r);
      e.regions = undefined;
      e.valueHi = 0;
    };
    const handle = this.memory.allocate('map', `map '${def.name}'`, new Uint8Array(0));
    this.mapRegions[def.index] = handle;
    this.mapByRegion[handle.id] = m;
    return m;
  }

  private compile(program: Program, index: number): CompiledCode {
    const code = this.memory.allocate('code', `code of ${program.name}`, new Uint8Array(0));
    this.codeRegions[index] = code;
    const resolver = {
      resolve: (insn: Instruction): [number, number] => {
        switch (insn.src) {
          case LddwSource.MAP_FD:
          case LddwSource.MAP_IDX: {
            const r = this.mapRegions[insn.imm];
            if (!r)
              throw new VmError(`lddw at pc ${insn.pc} refers to map ${insn.imm}, which the program does not have`);
            return [0, HI_BASE + r.id];
          }
          case LddwSource.MAP_VALUE:
          case LddwSource.MAP_IDX_VALUE: {
            const map = this.maps[insn.imm];
            if (!map)
              throw new VmError(`lddw at pc ${insn.pc} refers to map ${insn.imm}, which the program does not have`);
            const entry = map.entries()[0];
            if (!entry) throw new VmError(`lddw at pc ${insn.pc}: map '${map.name}' has no element 0 to point into`);
            const region = this.valueRegion(map, entry, 0);
            const offset = Number(((insn.imm64 ?? 0n) >> 32n) & 0xffffffffn);
            return [offset | 0, HI_BASE + region.id];
          }
          case LddwSource.FUNC: {
            // Code address: the code region of this program, offset = target pc.
            const target = insn.pc + 1 + Number(BigInt.asIntN(32, (insn.imm64 ?? 0n) & 0xffffffffn));
            return [target, HI_BASE + code.id];
          }
          default:
            throw new VmError(
              `lddw with source ${insn.src} (BTF object address) is not supported by the VM (pc ${insn.pc})`,
            );
        }
      },
    };
    return compileProgram(program, index, resolver, (id) => this.helperFor(id, program));
  }

  private helperFor(id: number, program: Program): HelperFn | undefined {
    const override = this.options.helperOverrides?.get(id);
    if (override) return override;
    const proto = this.platform.helper(id, program.programType);
    if (!proto) return undefined;
    const impl = HELPER_IMPLEMENTATIONS[proto.name];
    if (!impl) return undefined;
    return (m) => impl(m, this, proto);
  }

  // ---------------- services for helpers ----------------

  emitPrintk(event: PrintkEvent): void {
    if (this.printk === NO_PRINTK) this.printk = [];
    this.printk.push(event);
    this.options.onPrintk?.(event);
  }

  mapAt(hi: number, lo: number): RuntimeMap | undefined {
    // Handle regions are never released, so the id alone identifies the map.
    return lo === 0 ? this.mapByRegion[(hi - HI_BASE) | 0] : undefined;
  }

  mapHandle(map: RuntimeMap): [number, number] {
    const handle = this.mapRegions[map.def.index];
    if (handle === undefined) throw new VmError(`map '${map.name}' has no handle in this VM`);
    return [0, HI_BASE + handle.id];
  }

  /** The region of one map value (created on first use, so pointers stay stable). */
  valueRegion(map: RuntimeMap, entry: MapEntry, cpu: number): Region {
    const slot = map.perCpu ? cpu : 0;
    const regions = (entry.regions ??= []) as (Region | undefined)[];
    let r = regions[slot];
    const bytes = entry.values[slot];
    if (bytes === undefined) throw new VmError(`map '${map.name}' has no value for CPU ${slot}`);
    if (!r || r.freed || r.bytes !== bytes) {
      const keyText =
        map.kind === 'array' || map.kind === 'percpu_array'
          ? `[${new DataView(entry.key.buffer, entry.key.byteOffset).getUint32(0, true)}]`
          : '';
      r = this.memory.allocate('map_value', `map '${map.name}' value${keyText}`, bytes, {
        readOnly: map.def.readOnly ?? false,
      });
      regions[slot] = r;
    }
    return r;
  }

  /** The upper address half of a value's region (what a lookup returns with offset 0). */
  valueHi(map: RuntimeMap, entry: MapEntry, cpu: number): number {
    const cached = entry.valueHi;
    if (cached !== 0) return cached;
    const hi = HI_BASE + this.valueRegion(map, entry, cpu).id;
    if (!map.perCpu) entry.valueHi = hi;
    return hi;
  }

  codeByName(name: string): CompiledCode | undefined {
    return this.codes.find((c) => c.program.name === name || c.program.section === name);
  }

  codeAt(index: number): CompiledCode | undefined {
    return this.codes[index];
  }

  nextRandom(): number {
    // xorshift32: deterministic for a given seed.
    let x = this.rng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0;
    return this.rng;
  }

  /** Monotonic nanoseconds (ktime_get_ns); boot adds the configured suspended time. */
  nowNs(boot = false): bigint {
    let t: bigint;
    if (this.clockStep !== undefined) {
      t = this.clockNs;
      this.clockNs += this.clockStep;
    } else {
      t = process.hrtime.bigint() - this.hostClockOrigin + 1_000_000_000n;
    }
    return boot ? t + (this.options.clock?.suspendedNs ?? 0n) : t;
  }

  // ---------------- runs ----------------

  /** Prepare a run: fill the context and enter the first program. */
  private prepare(input: RunInput, programIndex: number): void {
    this.runNumber++;
    if (this.scratch.length > 0) this.release();
    this.packet = undefined;
    this.ctxRegion = undefined;
    this.printk = NO_PRINTK;
    this.tailCalls = 0;
    this.deferredTail = undefined;
    const code = this.codes[programIndex];
    if (!code) throw new VmError(`no program with index ${programIndex}`);
    const type = code.program.programType;
    this.programType = type;
    let r1hi = 0;
    let r2: number | undefined;
    if (type && input.memory === undefined) {
      let builder = this.lastContext;
      if (builder === undefined || builder.type !== type) {
        builder = this.contexts.get(type);
        if (!builder) {
          builder = new ContextBuilder(this.memory, type);
          this.contexts.set(type, builder);
        }
        this.lastContext = builder;
      }
      builder.prepare(input.ctx, input.packet, input.meta);
      this.packet = builder.packetState;
      this.ctxRegion = builder.ctxRegion;
      r1hi = HI_BASE + builder.ctxRegion.id;
    } else {
      if (input.ctx && Object.keys(input.ctx).length > 0) {
        throw new VmError(
          `program '${code.program.name}' has no known program type, so a context description cannot be used`,
        );
      }
      const mem = input.memory ?? input.packet;
      if (mem && mem.length > 0) {
        const region = this.memory.allocate('memory', 'memory', mem.slice());
        this.scratch.push(region);
        this.ctxRegion = region;
        r1hi = HI_BASE + region.id;
      }
      r2 = mem?.length ?? 0;
    }
    const m = this.machine;
    m.budgetLeft = this.budget;
    m.budget = this.budget;
    m.executed = 0;
    m.breakpoints = undefined;
    m.enter(code, r1hi, 0);
    if (r2 !== undefined) {
      m.lo[2] = r2;
      m.hi[2] = 0;
    }
    if (this.stackInUse) for (let d = 0; d <= m.deepest; d++) m.stacks[d]?.bytes.fill(0);
    m.deepest = 0;
  }

  /**
   * Whether a run may leave bytes on the stack: some program names r10 (every stack address derives
   * from it), or the debugger wrote memory. Otherwise the stacks stay zero and need no clearing.
   */
  stackInUse: boolean;

  /** The context builder of the previous run (runs of one program reuse it). */
  private lastContext: ContextBuilder | undefined;

  /** Release the previous run's helper memory (ctx and packet regions are kept for the next run). */
  private release(): void {
    for (const r of this.scratch) this.memory.release(r);
    this.scratch.length = 0;
  }

  /** After an exit at depth 0: start a pending Windows tail call. Returns false when the run is over. */
  continueAfterExit(): boolean {
    const next = this.deferredTail;
    if (!next) return false;
    this.deferredTail = undefined;
    const m = this.machine;
    const ctx = this.ctxRegion;
    m.enter(next, ctx ? HI_BASE + ctx.id : 0, 0);
    return true;
  }

  result(error?: VmError, keep: RunKeep = 'all'): RunResult {
    const m = this.machine;
    const ctxRegion = this.ctxRegion;
    const r0hi = this.platform.resultBits === 32 ? 0 : m.hi[0];
    const names = error ? undefined : this.programType?.returnValues;
    if (keep === 'verdict') {
      const r = (this.verdictResult ??= new Result(
        0,
        0,
        undefined,
        0,
        NO_PRINTK,
        [],
        undefined,
        undefined,
        0,
        undefined,
      ));
      r.refill(m.lo[0], r0hi, names, m.executed, this.printk, this.ranPrograms, error);
      return r;
    }
    return new Result(
      m.lo[0],
      r0hi,
      names,
      m.executed,
      this.printk,
      this.ranPrograms,
      error,
      keep === 'all' ? this : undefined,
      this.runNumber,
      // Raw mode's memory is a buffer of this run alone (a fresh copy of the input): no copy out.
      keep === 'all' && ctxRegion !== undefined && ctxRegion.kind === 'memory' ? ctxRegion.bytes : undefined,
    );
  }

  /** The result verdict-only runs refill. */
  private verdictResult: Result | undefined;

  /**
   * Counts runs and starts: a full result reads the packet and ctx in place only while this is the
   * number it was made with.
   */
  runNumber = 0;

  /** The packet of the current run, in place (for its result). */
  packetView(): Uint8Array | undefined {
    return this.packet?.view();
  }

  /** The packet metadata of the current run, in place, when it has any. */
  metaView(): Uint8Array | undefined {
    const p = this.packet;
    return p && p.data > p.meta ? p.metaView() : undefined;
  }

  /** The ctx fields of the current run, decoded from the ctx region. */
  ctxFields(): Record<string, string | number | bigint> | undefined {
    const type = this.programType;
    const region = this.ctxRegion;
    if (type === undefined || region === undefined || region.kind !== 'ctx') return undefined;
    return readContextFields(type, region, this.packet);
  }

  private ranPrograms: string[] = [];
  /** Per program: the one-name list a run without tail calls reports (shared by those results). */
  private readonly entryNames: string[][];

  /** Per program: its JavaScript tier function, null when it has none (built on first run). */
  private readonly tiers: (TierFunction | null | undefined)[] = [];

  /** A built-in helper that runs no callback (an override may do anything, so it is not one). */
  private registerOnlyHelper(id: number, code: CompiledCode): DirectHelper | undefined {
    if (this.options.helperOverrides?.has(id)) return undefined;
    const proto = this.platform.helper(id, code.program.programType);
    if (proto === undefined || HELPERS_RUNNING_CALLBACKS.has(proto.name)) return undefined;
    const impl = HELPER_IMPLEMENTATIONS[proto.name];
    return impl !== undefined ? { impl, proto } : undefined;
  }

  private tierOf(code: CompiledCode): TierFunction | null {
    let t = this.tiers[code.index];
    if (t === undefined) {
      t = this.options.interpretOnly
        ? null
        : (compileTier(code, this, (id) => this.registerOnlyHelper(id, code)) ?? null);
      this.tiers[code.index] = t;
    }
    return t;
  }

  /**
   * Run a program (index into the Vm's programs, default 0) to completion. Faults end up in `error`.
   * `keep: 'verdict'` leaves out the packet, metadata, memory and ctx after the run (copying them
   * is most of the fixed cost of a short program): for replays that only count outcomes.
   */
  run(input: RunInput = {}, programIndex = 0, keep: RunKeep = 'all'): RunResult {
    this.prepare(input, programIndex);
    const names = this.entryNames[programIndex];
    if (names === undefined) throw new VmError(`no program with index ${programIndex}`);
    this.ranPrograms = names;
    const m = this.machine;
    try {
      for (;;) {
        // The JavaScript tier runs from the entry at depth 0; the interpreter takes over where it stops.
        let stop: Stop | undefined;
        const tier = m.pc === 0 && m.depth === 0 ? this.tierOf(m.code) : null;
        if (tier !== null) {
          const t = tier(m);
          if (t === TierStop.Restart) continue;
          if (t === TierStop.Exit) stop = Stop.Exit;
        }
        stop ??= m.execute(Number.MAX_SAFE_INTEGER);
        if (stop === Stop.Exit) {
          if (!this.continueAfterExit()) break;
          this.ranPrograms = [...this.ranPrograms, m.code.program.name];
        }
      }
    } catch (e) {
      return this.result(this.asVmError(e), keep);
    }
    return this.result(undefined, keep);
  }

  /** Any failure during a run becomes a VmError at the current pc, so the host carries on. */
  asVmError(e: unknown): VmError {
    if (e instanceof VmError) return e;
    const message = e instanceof Error ? e.message : String(e);
    return new VmError(`internal error while running the program: ${message}`, this.machine.location());
  }

  /** Start a debuggable execution (see Execution). */
  start(input: RunInput = {}, programIndex = 0): Execution {
    this.prepare(input, programIndex);
    this.ranPrograms = [this.machine.code.program.name];
    return new Execution(this);
  }

  /** Maps by name. */
  map(name: string): RuntimeMap | undefined {
    return this.maps.find((m) => m.name === name);
  }

  saveMaps(): MapJson[] {
    return this.maps.map((m) => m.toJSON());
  }

  /** Load map contents: an array of MapJson, or an object { mapName: entries[] | MapJson }. */
  loadMaps(json: unknown): void {
    const items = mapsJsonItems(json);
    for (const [name, value] of items) {
      const map = this.map(name);
      if (!map)
        throw new VmError(
          `maps JSON names '${name}', which the program does not declare (maps: ${this.maps.map((m) => m.name).join(', ') || 'none'})`,
        );
      // A bare array is the entries; otherwise a MapJson, of which only entries and items load.
      const json: Pick<MapJson, 'entries' | 'items'> = Array.isArray(value)
        ? { entries: value as NonNullable<MapJson['entries']> }
        : (value as MapJson);
      // Program arrays may name programs: { "key": "00000000", "program": "xdp_next" }.
      const entries = json.entries?.map((e) => {
        const program = (e as { program?: string }).program;
        if (program === undefined) return e;
        const index = this.programs.findIndex((p) => p.name === program || p.section === program);
        if (index < 0)
          throw new VmError(
            `map '${name}': no program named '${program}' (programs: ${this.programs.map((p) => p.name).join(', ')})`,
          );
        const v = new Uint8Array(map.def.valueSize);
        new DataView(v.buffer).setUint32(0, index, true);
        return { key: e.key, value: bytesToHex(v) };
      });
      map.load({ ...json, ...(entries ? { entries } : {}) });
    }
  }

  /** Ring buffer / perf records produced so far, by map name (drained). */
  drainRecords(): Record<string, MapRecord[]> {
    const out: Record<string, MapRecord[]> = {};
    for (const m of this.maps) if (m.kind === 'ringbuf' || m.kind === 'perf_event_array') out[m.name] = m.drain();
    return out;
  }
}

/** The fields of one map in maps JSON (saveMaps writes all of them; loading reads entries and items). */
const MAP_JSON_FIELDS = new Set(['name', 'type', 'keySize', 'valueSize', 'maxEntries', 'entries', 'items']);

/** What a value is, for messages about JSON of the wrong shape. */
function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The (name, contents) pairs of a maps JSON document, after checking its shape: an object of
 * `name: [entries]` / `name: {entries, items}`, or an array of `{name, entries, items}`. Entries
 * are `{key: hex, value: hex}`, `{key, values: [hex per CPU]}` or `{key, program: name}`. Anything
 * else is a VmError saying where the document has the wrong shape (deep nesting stops at the
 * first level that is wrong, so it is never walked).
 */
function mapsJsonItems(json: unknown): [string, unknown][] {
  const expected = 'expected { "mapName": [{ "key": "hex", "value": "hex" }] } or [{ "name": ..., "entries": [...] }]';
  let items: [string, unknown][];
  if (Array.isArray(json)) {
    items = json.map((m, i) => {
      if (!isObject(m) || typeof m.name !== 'string')
        throw new VmError(`maps JSON: item ${i} is ${jsonKind(m)}, not a map with a "name" (${expected})`);
      return [m.name, m];
    });
  } else if (isObject(json)) items = Object.entries(json);
  else throw new VmError(`maps JSON is ${jsonKind(json)} (${expected})`);
  for (const [name, value] of items) {
    const where = `maps JSON: map '${name}'`;
    if (!Array.isArray(value) && !isObject(value))
      throw new VmError(`${where} is ${jsonKind(value)}, not a list of entries`);
    if (isObject(value)) {
      const unknown = Object.keys(value).find((k) => !MAP_JSON_FIELDS.has(k));
      if (unknown !== undefined)
        throw new VmError(`${where}: unknown field '${unknown}' (expected "entries" or "items")`);
    }
    const entries = Array.isArray(value) ? value : value.entries;
    if (entries !== undefined && !Array.isArray(entries))
      throw new VmError(`${where}: "entries" is ${jsonKind(entries)}, not an array`);
    (entries ?? []).forEach((e: unknown, i: number) => {
      if (!isObject(e)) throw new VmError(`${where}: entry ${i} is ${jsonKind(e)}, not { "key": ..., "value": ... }`);
      if (typeof e.key !== 'string') throw new VmError(`${where}: entry ${i} has no "key" hex string`);
      const hasValue = typeof e.value === 'string';
      const hasValues = Array.isArray(e.values) && e.values.every((v) => typeof v === 'string');
      const hasProgram = typeof e.program === 'string';
      if (!hasValue && !hasValues && !hasProgram)
        throw new VmError(
          `${where}: entry ${i} needs "value" (hex), "values" (hex per CPU) or "program" (a program name)`,
        );
    });
    const list = isObject(value) ? value.items : undefined;
    if (list !== undefined && !(Array.isArray(list) && list.every((v) => typeof v === 'string')))
      throw new VmError(`${where}: "items" must be an array of hex strings`);
  }
  return items;
}

/** A printk list shared by every run that printed nothing (replaced on the first printk). */
const NO_PRINTK: PrintkEvent[] = [];

/** A run's result (readonly through RunResult; a verdict-only one is refilled run after run). */
class Result implements RunResult {
  private decoded: Record<string, string | number | bigint> | undefined;
  private value: bigint | undefined;
  constructor(
    private r0lo: number,
    private r0hi: number,
    private names: Readonly<Record<number, string>> | undefined,
    public instructions: number,
    public printk: PrintkEvent[],
    public programs: string[],
    public error: VmError | undefined,
    /** The Vm whose regions hold the packet and ctx (undefined for a verdict-only result). */
    private readonly vm: Vm | undefined,
    private readonly run: number,
    readonly memory: Uint8Array | undefined,
  ) {}

  /** Make this verdict-only result that of the run just ended. */
  refill(
    r0lo: number,
    r0hi: number,
    names: Readonly<Record<number, string>> | undefined,
    instructions: number,
    printk: PrintkEvent[],
    programs: string[],
    error: VmError | undefined,
  ): void {
    this.r0lo = r0lo;
    this.r0hi = r0hi;
    this.names = names;
    this.instructions = instructions;
    this.printk = printk;
    this.programs = programs;
    this.error = error;
    this.value = undefined;
  }

  /** The Vm, while its regions still hold this run's packet and ctx. */
  private live(what: string): Vm | undefined {
    const vm = this.vm;
    if (vm !== undefined && vm.runNumber !== this.run)
      throw new VmError(
        `the ${what} of a run is read from the VM's memory until its next run; keep it with ownedResult() before running again`,
      );
    return vm;
  }

  get packet(): Uint8Array | undefined {
    return this.live('packet')?.packetView();
  }

  get meta(): Uint8Array | undefined {
    return this.live('packet metadata')?.metaView();
  }

  /** r0 as an unsigned 64-bit value (made on first use: a BigInt per run costs). */
  get returnValue(): bigint {
    if (this.value === undefined) {
      const lo = this.r0lo >>> 0;
      const hi = this.r0hi >>> 0;
      this.value = hi === 0 ? BigInt(lo) : (BigInt(hi) << 32n) | BigInt(lo);
    }
    return this.value;
  }

  get returnName(): string | undefined {
    return this.names?.[this.r0lo | 0];
  }

  /** The ctx fields after the run, decoded on first use (runs over many packets rarely need them). */
  get ctx(): Record<string, string | number | bigint> | undefined {
    if (this.decoded === undefined) this.decoded = this.live('ctx')?.ctxFields();
    return this.decoded;
  }
}

/**
 * A result that owns its packet, metadata, memory and ctx (copies), so it stays as it is whatever
 * the Vm runs next: for callers that keep results (the debugger, comparisons across runs).
 */
export function ownedResult(r: RunResult): RunResult {
  return {
    returnValue: r.returnValue,
    returnName: r.returnName,
    instructions: r.instructions,
    printk: r.printk.slice(),
    packet: r.packet?.slice(),
    meta: r.meta?.slice(),
    ctx: r.ctx && { ...r.ctx },
    memory: r.memory?.slice(),
    programs: r.programs.slice(),
    error: r.error,
  };
}

/** One register file snapshot for step-back. */
interface HistoryEntry {
  readonly pc: number;
  readonly depth: number;
  readonly code: CompiledCode;
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  readonly savedLo: readonly Int32Array[];
  readonly savedHi: readonly Int32Array[];
  readonly retPc: Int32Array;
  readonly frameCode: CompiledCode[];
  readonly executed: number;
  readonly budgetLeft: number;
  readonly writes: WriteRecord[];
  readonly maps: { map: RuntimeMap; json: MapJson }[];
  readonly printkCount: number;
  /** Tail-call state: a Windows tail call scheduled by the step is undone with it. */
  readonly deferredTail: CompiledCode | undefined;
  readonly tailCalls: number;
}

export type ExecutionState = 'paused' | 'exited' | 'faulted';

export interface StopInfo {
  readonly state: ExecutionState;
  readonly reason: 'step' | 'breakpoint' | 'exit' | 'error' | 'predicate';
  readonly pc: number;
  readonly error?: VmError;
}

export interface FrameInfo {
  readonly depth: number;
  readonly pc: number;
  readonly returnPc: number | undefined;
  readonly function: string;
  readonly program: string;
  readonly source: SourceLocation | undefined;
  /** r10 of this frame (top of its 512-byte stack). */
  readonly frameTop: bigint;
}

/** A debuggable run: step, continue, inspect and modify state, step back. */
export class Execution {
  state: ExecutionState = 'paused';
  error: VmError | undefined;
  private readonly history: HistoryEntry[] = [];
  historyLimit = 0;
  private runResult: RunResult | undefined;

  constructor(readonly vm: Vm) {}

  get machine(): Machine {
    return this.vm.machine;
  }

  get pc(): number {
    return this.machine.pc;
  }

  get program(): Program {
    return this.machine.code.program;
  }

  /** Record up to `limit` steps so that stepBack can undo them (0 turns it off). */
  enableHistory(limit = 10_000): void {
    this.historyLimit = limit;
  }

  get canStepBack(): boolean {
    return this.history.length > 0;
  }

  register(i: number): bigint {
    if (!isRegIndex(i)) throw new VmError(`no register r${i}`);
    return (BigInt(this.machine.hi[i] >>> 0) << 32n) | BigInt(this.machine.lo[i] >>> 0);
  }

  registers(): bigint[] {
    return Array.from({ length: 11 }, (_, i) => this.register(i));
  }

  setRegister(i: number, value: bigint): void {
    if (i < 0 || i > 10) throw new VmError(`no register r${i}`);
    this.vm.stackInUse = true; // the new value may point into a stack
    const v = BigInt.asUintN(64, value);
    this.machine.lo[i] = Number(v & 0xffffffffn) | 0;
    this.machine.hi[i] = Number(v >> 32n) | 0;
  }

  readMemory(address: bigint, length: number): Uint8Array {
    const a = BigInt.asUintN(64, address);
    try {
      return this.vm.memory.bytesAt(Number(a >> 32n) | 0, Number(a & 0xffffffffn) | 0, length, false).slice();
    } catch (reason) {
      throw new VmError(`cannot read ${length} bytes at 0x${a.toString(16)}: ${String(reason)}`);
    }
  }

  writeMemory(address: bigint, data: Uint8Array): void {
    const a = BigInt.asUintN(64, address);
    this.vm.stackInUse = true;
    try {
      this.vm.memory.writeBytes(Number(a >> 32n) | 0, Number(a & 0xffffffffn) | 0, data);
    } catch (reason) {
      throw new VmError(`cannot write ${data.length} bytes at 0x${a.toString(16)}: ${String(reason)}`);
    }
  }

  /** The 512 bytes of a frame's stack (depth 0 = entry function). */
  stack(depth = this.machine.depth): Uint8Array {
    const stack = this.machine.stacks[depth];
    if (stack === undefined) throw new VmError(`no stack frame at depth ${depth}`);
    return stack.bytes.slice();
  }

  /** Regions currently mapped, for a memory view. */
  regions(): { name: string; kind: string; address: bigint; size: number }[] {
    return this.vm.memory.regions
      .filter((r): r is Region => r !== undefined && !r.freed && r.kind !== 'code' && r.kind !== 'map')
      .map((r) => ({
        name: r.name,
        kind: r.kind,
        address: regionAddress(r, r.readStart),
        size: r.readEnd - r.readStart,
      }));
  }

  /** Call stack, innermost last. */
  frames(): FrameInfo[] {
    return this.machine.frames().map((f) => {
      const fn = f.code.program.functions.find((x) => f.pc >= x.startPc && f.pc < x.endPc);
      return {
        depth: f.depth,
        pc: f.pc,
        returnPc: f.returnPc,
        function: fn?.name ?? f.code.program.name,
        program: f.code.program.name,
        source: f.code.program.sourceAt(f.pc),
        frameTop: regionAddress(f.stack, STACK_SIZE),
      };
    });
  }

  private snapshot(): HistoryEntry {
    const m = this.machine;
    const code = m.code;
    const pc = m.pc;
    const writes: WriteRecord[] = [];
    const insn = code.insns[pc] ?? NO_INSTRUCTION;
    const op = insn.op;
    const cls = op & 7;
    const maps: { map: RuntimeMap; json: MapJson }[] = [];
    if (cls === 2 || cls === 3) {
      // A store or atomic: remember the bytes it will overwrite.
      const d = insn.dst;
      const o = insn.off;
      const lo = (m.lo[d] + o) | 0;
      const hi = (m.hi[d] + (o >> 31) + (lo >>> 0 < m.lo[d] >>> 0 ? 1 : 0)) | 0;
      const sz = op & 0x18;
      const size = sz === 0x18 ? 8 : sz === 0 ? 4 : sz === 8 ? 2 : 1;
      this.vm.memory.writeLog = writes;
      this.vm.memory.recordWrite(hi, lo, size);
      this.vm.memory.writeLog = undefined;
    } else if (op === 0x85 || op === 0x8d) {
      // Helpers may change any map: keep small maps' contents.
      for (const map of this.vm.maps) if (map.size <= 4096) maps.push({ map, json: map.toJSON() });
    }
    return {
      pc,
      depth: m.depth,
      code,
      lo: m.lo.slice(),
      hi: m.hi.slice(),
      savedLo: m.savedLo.map((r) => regHalves(r)),
      savedHi: m.savedHi.map((r) => regHalves(r)),
      retPc: m.retPc.slice(),
      frameCode: m.frameCode.slice(),
      executed: m.executed,
      budgetLeft: m.budgetLeft,
      writes,
      maps,
      printkCount: this.vm.printk.length,
      deferredTail: this.vm.deferredTail,
      tailCalls: this.vm.tailCalls,
    };
  }

  /** Execute one instruction (a helper call counts as one). */
  step(): StopInfo {
    return this.advance(1, undefined);
  }

  /**
   * Run until a breakpoint, the predicate holds (checked before each instruction), or the end.
   * `breakpoints` are pcs of the current program; `programBreakpoints` names pcs per program
   * (for tail calls into other programs of the object).
   */
  continue(
    options: {
      breakpoints?: Iterable<number>;
      programBreakpoints?: ReadonlyMap<Program, Iterable<number>>;
      until?: (e: Execution) => boolean;
    } = {},
  ): StopInfo {
    const table: (Uint8Array | undefined)[] = [];
    const add = (program: Program, pcs: Iterable<number>): void => {
      const index = this.vm.programs.indexOf(program);
      if (index < 0) return;
      const bp = (table[index] ??= new Uint8Array(program.slotCount + 1));
      for (const pc of pcs) if (pc >= 0 && pc < bp.length) bp[pc] = 1;
    };
    if (options.breakpoints) add(this.program, options.breakpoints);
    for (const [program, pcs] of options.programBreakpoints ?? []) add(program, pcs);
    if (options.until) {
      const hit = (): boolean => table[this.vm.programs.indexOf(this.program)]?.[this.pc] === 1;
      let first = true;
      for (;;) {
        if (!first && (hit() || options.until(this)))
          return { state: this.state, reason: hit() ? 'breakpoint' : 'predicate', pc: this.pc };
        first = false;
        const s = this.step();
        if (s.state !== 'paused') return s;
      }
    }
    return this.advance(Number.MAX_SAFE_INTEGER, table);
  }

  private advance(limit: number, bp: (Uint8Array | undefined)[] | undefined): StopInfo {
    if (this.state !== 'paused')
      return {
        state: this.state,
        reason: this.state === 'exited' ? 'exit' : 'error',
        pc: this.pc,
        ...(this.error ? { error: this.error } : {}),
      };
    const m = this.machine;
    const recording = this.historyLimit > 0 && limit === 1;
    const entry = recording ? this.snapshot() : undefined;
    const op = m.code.insns[m.pc]?.op;
    if (recording && entry && (op === 0x85 || op === 0x8d)) this.vm.memory.writeLog = entry.writes;
    m.breakpoints = bp;
    try {
      for (;;) {
        const stop = m.execute(limit);
        if (stop === Stop.Exit) {
          if (this.vm.continueAfterExit()) {
            if (limit === 1) return { state: 'paused', reason: 'step', pc: m.pc };
            continue;
          }
          this.state = 'exited';
          // Owned: the debugger keeps it while it steps back, writes memory or starts the next run.
          this.runResult = ownedResult(this.vm.result());
          return { state: 'exited', reason: 'exit', pc: m.pc };
        }
        return { state: 'paused', reason: stop === Stop.Breakpoint ? 'breakpoint' : 'step', pc: m.pc };
      }
    } catch (thrown) {
      const e = this.vm.asVmError(thrown);
      this.state = 'faulted';
      this.error = e;
      this.runResult = ownedResult(this.vm.result(e));
      return { state: 'faulted', reason: 'error', pc: m.pc, error: e };
    } finally {
      m.breakpoints = undefined;
      this.vm.memory.writeLog = undefined;
      if (entry) {
        this.history.push(entry);
        if (this.history.length > this.historyLimit) this.history.shift();
      }
    }
  }

  /** Undo the last recorded step. Returns false when there is no history. */
  stepBack(): boolean {
    const h = this.history.pop();
    if (!h) return false;
    const m = this.machine;
    for (const w of h.writes.slice().reverse()) w.region.bytes.set(w.before, w.offset);
    for (const { map, json } of h.maps) map.load(json);
    m.lo.set(h.lo);
    m.hi.set(h.hi);
    h.savedLo.forEach((r, d) => m.savedLo[d]?.set(r));
    h.savedHi.forEach((r, d) => m.savedHi[d]?.set(r));
    m.retPc.set(h.retPc);
    m.frameCode.splice(0, m.frameCode.length, ...h.frameCode);
    m.code = h.code;
    m.pc = h.pc;
    m.depth = h.depth;
    m.executed = h.executed;
    m.budgetLeft = h.budgetLeft;
    this.vm.printk.splice(h.printkCount);
    this.vm.deferredTail = h.deferredTail;
    this.vm.tailCalls = h.tailCalls;
    this.state = 'paused';
    this.error = undefined;
    this.runResult = undefined;
    return true;
  }

  /** Run to the end (no breakpoints) and return the result. */
  finish(): RunResult {
    if (this.state === 'paused') this.continue();
    return this.result;
  }

  get result(): RunResult {
    if (!this.runResult) throw new VmError('the execution has not finished');
    return this.runResult;
  }

  /** pcs whose source line is `line` in `file` (basename match), for "run to line". */
  pcsForLine(file: string, line: number): number[] {
    const base = file.split(/[\\/]/).pop();
    return this.program.lineTable
      .filter((l) => l.location.line === line && l.location.file.split(/[\\/]/).pop() === base)
      .map((l) => l.pc);
  }
}

export { MAX_CALL_DEPTH, STACK_SIZE };
