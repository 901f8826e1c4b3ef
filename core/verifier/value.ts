// The abstract value of a register or a spilled stack slot: a finite set of possible types
// (non-convex, like PREVAIL's type domain) with one payload per type that may be present.

import { NUM_TOP, type Num, constNum, numEq, numJoin, numLeq, numNarrow, numToString, numWiden } from './num';

/** Offsets of pointers: plain numbers, ±Infinity when unbounded. */
export interface Iv {
  readonly lo: number;
  readonly hi: number;
}

export const T = {
  uninit: 1 << 0,
  number: 1 << 1,
  ctx: 1 << 2,
  stack: 1 << 3,
  packet: 1 << 4,
  packetEnd: 1 << 5,
  packetMeta: 1 << 6,
  mapFd: 1 << 7,
  mapProgs: 1 << 8,
  shared: 1 << 9,
  alloc: 1 << 10,
  btfId: 1 << 11,
  func: 1 << 12,
  /** A read-only dynptr the kernel owns (bpf_user_ringbuf_drain's callback argument): dynptr helpers only. */
  dynptr: 1 << 13,
  /**
   * Stack slots only: part of a kernel object the program keeps on its stack (an open-coded
   * iterator, a dynptr), which only the functions that take it may read or change (stackObjects.ts).
   */
  stackObj: 1 << 14,
} as const;

export const POINTER_TYPES = T.ctx | T.stack | T.packet | T.packetEnd | T.packetMeta | T.shared | T.alloc | T.btfId;
/** Map handles (`&my_map`, or an inner map a map-of-maps lookup returned). */
export const MAP_TYPES = T.mapFd | T.mapProgs;
/** Types that may be dereferenced. */
export const MEM_TYPES = T.ctx | T.stack | T.packet | T.packetMeta | T.shared | T.alloc;

export const TYPE_NAMES: readonly [number, string][] = [
  [T.uninit, 'uninit'],
  [T.number, 'number'],
  [T.ctx, 'ctx'],
  [T.stack, 'stack'],
  [T.packet, 'packet'],
  [T.packetEnd, 'packet_end'],
  [T.packetMeta, 'packet_meta'],
  [T.mapFd, 'map_fd'],
  [T.mapProgs, 'map_fd_programs'],
  [T.shared, 'shared'],
  [T.alloc, 'alloc_mem'],
  [T.btfId, 'btf_id'],
  [T.func, 'func'],
  [T.dynptr, 'dynptr'],
  [T.stackObj, 'stack_object'],
];

export function typeSetName(t: number): string {
  const names = TYPE_NAMES.filter(([bit]) => (t & bit) !== 0).map(([, n]) => n);
  const [only] = names;
  return names.length === 1 && only !== undefined ? only : `{${names.join(', ')}}`;
}

/**
 * A packet pointer is `base(sym) + k`: sym 0 is the start of the packet (offset = k); any other
 * sym names an unknown offset created by adding a variable (the pc that added it). Checks of
 * `base + k` against data_end prove a range for the sym that every pointer with the same sym shares.
 */
export interface PacketPtr {
  readonly sym: number;
  readonly k: Iv;
  /** The whole offset from the packet start (always sound, used when the sym is lost). */
  readonly off: Iv;
  /**
   * Proven lower bound of `packet_size - offset` for this very pointer (-Infinity: none). A
   * relational fact that survives joins of paths with different checks (like PREVAIL's zone).
   */
  readonly room: number;
}

/** A pointer into a map value, global data or a ringbuf record; possibly NULL. */
export interface MemPtr {
  /** Map indices (shared) it may point into; empty for alloc_mem. */
  readonly maps: readonly number[];
  readonly off: Iv;
  /** Smallest region size among the possibilities. */
  readonly size: number;
  /**
   * Proven lower bound of `region size - offset` on every path, where it beats `size - off.hi`:
   * set where pointers into different regions join (a value of map A at 0 or of map B at 32), so
   * each path's own room survives, as the kernel keeps each path's pointer apart. See memRoom.
   */
  readonly room?: number;
  readonly nullable: boolean;
  /** Identity for NULL-check refinement shared by copies; -1 once copies can no longer be told apart. */
  readonly nullId: number;
  /** pc of the helper call that produced it (-1 when unknown). */
  readonly origin: number;
  /** A pointer argument of a Linux global function: its parameter name. */
  readonly param?: string;
  /** Kernel-object pointers: the pointed-to struct in the object's BTF, when known. */
  readonly btfType?: number;
  /** The bytes of a dynptr (bpf_dynptr_data): memory, but no ring buffer record to submit. */
  readonly fromDynptr?: boolean;
  /** The map key a callback gets (bpf_for_each_map_elem, timers): it may read it, not write it. */
  readonly readOnly?: boolean;
  /** Memory a context field points to, named for findings (`struct bpf_flow_keys`). */
  readonly region?: string;
  /** The kfunc or helper whose result this is, when that decides what it may do (read-only results). */
  readonly from?: string;
  /** The bytes of a ring buffer dynptr: the reference (pc) whose release ends them. */
  readonly dynptrRef?: number;
  /** A slice of a packet dynptr (skb, xdp): like a packet pointer, stale after the packet changes. */
  readonly ofPacket?: boolean;
}

/**
 * A kernel object on the stack, one 8-byte slot of it (`part` 0 is the slot at its address): an
 * open-coded iterator (`struct bpf_iter_num`, 8 bytes) or a dynptr (`struct bpf_dynptr`, 16 bytes).
 * `refs` are the references the program must release (the pcs that may have acquired it: paths
 * that made it at different calls join into one object), empty when it holds none.
 */
export type StackObject =
  | { readonly kind: 'iter'; readonly iter: string; readonly refs: readonly number[]; readonly part: number }
  | {
      readonly kind: 'dynptr';
      /** What it points into: a map value or other memory, a ring buffer record, a packet. */
      readonly dynptr: 'local' | 'ringbuf' | 'skb' | 'xdp';
      readonly refs: readonly number[];
      readonly part: number;
      /** Set by bpf_dynptr_from_skb in a program that may not write packets, for example. */
      readonly rdonly: boolean;
    };

/** The same kind of object in the same slot (its references aside). */
export function sameKindOfObject(a: StackObject, b: StackObject): boolean {
  if (a.kind !== b.kind || a.part !== b.part || (a.refs.length === 0) !== (b.refs.length === 0)) return false;
  if (a.kind === 'iter' && b.kind === 'iter') return a.iter === b.iter;
  return a.kind === 'dynptr' && b.kind === 'dynptr' && a.dynptr === b.dynptr && a.rdonly === b.rdonly;
}

/** a ⊑ b: the same kind of object, every reference of a among b's. */
export function stackObjectLeq(a: StackObject, b: StackObject): boolean {
  return sameKindOfObject(a, b) && a.refs.every((r) => b.refs.includes(r));
}

/** The object made on either path (its references joined), or undefined when they differ in kind. */
function joinStackObject(a: StackObject, b: StackObject): StackObject | undefined {
  if (!sameKindOfObject(a, b)) return undefined;
  const refs = unionSorted(a.refs, b.refs);
  return refs === a.refs ? a : { ...a, refs };
}

export interface Value {
  readonly t: number;
  readonly num?: Num;
  readonly ctx?: Iv;
  readonly stack?: Iv;
  readonly packet?: PacketPtr;
  readonly meta?: Iv;
  readonly fds?: readonly number[];
  readonly progFds?: readonly number[];
  readonly shared?: MemPtr;
  readonly alloc?: MemPtr;
  readonly btf?: MemPtr;
  readonly func?: number;
  /** Numbers only: copies made by `mov` share an id so a branch on one refines the others. */
  readonly id?: number;
  /**
   * Numbers only: the value is exactly `data_end - (base(sym) + k)`, the bytes from that packet
   * pointer to the end (PREVAIL's zone proves `size == end - start` the same way), so a helper may
   * read that many bytes from that pointer.
   */
  readonly tillEnd?: { readonly sym: number; readonly k: number };
  /** Numbers only: a former packet pointer invalidated by the helper call at this pc. */
  readonly stale?: number;
  /** map_fd / map_fd_programs only: an inner map from a map-of-maps lookup, NULL until checked. */
  readonly fdMaybeNull?: { readonly nullId: number; readonly origin: number };
  /** stack_object only (a stack slot, never a register): which object and which of its slots. */
  readonly obj?: StackObject;
}

/** The fields of a value under construction. */
type Draft = { -readonly [K in keyof Value]: Value[K] };

/** Sets a payload only when there is one, so a value never holds a key set to undefined. */
function put<K extends keyof Value>(out: Draft, key: K, x: Value[K] | undefined): void {
  if (x !== undefined) out[key] = x;
}

type Payload = 'num' | 'ctx' | 'stack' | 'packet' | 'meta' | 'fds' | 'progFds' | 'shared' | 'alloc' | 'btf' | 'obj';

/**
 * The payload of one of the value's types (`num` of a number, `stack` of a stack pointer, ...). A
 * value carries the payload of every type in its set, so a missing one is a bug in the verifier.
 */
export function payload<K extends Payload>(v: Value, key: K): NonNullable<Value[K]> {
  const x = v[key];
  if (x === undefined) throw new Error(`verifier: internal error: a ${typeSetName(v.t)} value has no ${key} payload`);
  return x;
}

/** Whether a memory pointer the value may be (map value, alloc'd memory, kernel object) may be NULL. */
export function memMayBeNull(v: Value): boolean {
  return [v.shared, v.alloc, v.btf].some((m) => m?.nullable === true);
}

export const UNINIT: Value = { t: T.uninit };
export const NUMBER_TOP: Value = { t: T.number, num: NUM_TOP };

export function numberValue(n: Num): Value {
  return { t: T.number, num: n };
}
export function constValue(v: bigint): Value {
  return numberValue(constNum(v));
}

export function iv(lo: number, hi = lo): Iv {
  return { lo, hi };
}
export const IV_TOP: Iv = { lo: -Infinity, hi: Infinity };

export function ivJoin(a: Iv, b: Iv): Iv {
  return a.lo <= b.lo && a.hi >= b.hi ? a : { lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) };
}
export function ivWiden(a: Iv, b: Iv): Iv {
  return { lo: b.lo < a.lo ? -Infinity : a.lo, hi: b.hi > a.hi ? Infinity : a.hi };
}
export function ivNarrow(a: Iv, b: Iv): Iv {
  return { lo: a.lo === -Infinity ? b.lo : a.lo, hi: a.hi === Infinity ? b.hi : a.hi };
}
export function ivLeq(a: Iv, b: Iv): boolean {
  return a.lo >= b.lo && a.hi <= b.hi;
}
export function ivEq(a: Iv, b: Iv): boolean {
  return a.lo === b.lo && a.hi === b.hi;
}
export function ivAdd(a: Iv, b: Iv): Iv {
  return clampIv({ lo: a.lo + b.lo, hi: a.hi + b.hi });
}
/** Offsets beyond ±2^40 are treated as unbounded: no region is that large. */
export function clampIv(a: Iv): Iv {
  const L = 2 ** 40;
  return {
    lo: a.lo < -L || Number.isNaN(a.lo) ? -Infinity : a.lo,
    hi: a.hi > L || Number.isNaN(a.hi) ? Infinity : a.hi,
  };
}
export function ivFromNum(n: Num): Iv {
  const L = 2n ** 40n;
  return { lo: n.smin < -L ? -Infinity : Number(n.smin), hi: n.smax > L ? Infinity : Number(n.smax) };
}
export function ivToString(a: Iv): string {
  if (a.lo === a.hi) return String(a.lo);
  const f = (v: number): string => (v === Infinity ? '+oo' : v === -Infinity ? '-oo' : String(v));
  return `[${f(a.lo)}, ${f(a.hi)}]`;
}

function unionSorted(a: readonly number[], b: readonly number[]): readonly number[] {
  if (a === b) return a;
  const s = new Set([...a, ...b]);
  if (s.size === a.length) return a;
  return [...s].sort((x, y) => x - y);
}

type IvOp = (a: Iv, b: Iv) => Iv;
type NumOp = (a: Num, b: Num) => Num;

/** Bytes that may be accessed from the pointer on (offset 0 of an access): a sound lower bound. */
export function memRoom(m: MemPtr): number {
  return Math.max(m.room ?? -Infinity, m.size - m.off.hi);
}

/** The pointer moved by `delta` bytes: its room shrinks by the most it may have moved. */
export function memMoved(m: MemPtr, delta: Iv): MemPtr {
  const { room, ...rest } = m;
  const off = ivAdd(m.off, delta);
  const left = room === undefined ? -Infinity : room - delta.hi;
  return left > m.size - off.hi ? { ...rest, off, room: left } : { ...rest, off };
}

function memCombine(a: MemPtr, b: MemPtr, op: IvOp): MemPtr {
  const off = op(a.off, b.off);
  const size = Math.min(a.size, b.size);
  const ra = memRoom(a);
  const rb = memRoom(b);
  // Like the packet room: join keeps the smaller, widening drops a shrinking one, narrowing the larger.
  const room = op === ivWiden ? (rb < ra ? -Infinity : ra) : op === ivJoin ? Math.min(ra, rb) : Math.max(ra, rb);
  return {
    maps: unionSorted(a.maps, b.maps),
    off,
    size,
    ...(room > size - off.hi ? { room } : {}),
    nullable: a.nullable || b.nullable,
    nullId: a.nullId === b.nullId ? a.nullId : -1,
    origin: a.origin === b.origin ? a.origin : a.origin >= 0 ? a.origin : b.origin,
    ...(a.param !== undefined && a.param === b.param ? { param: a.param } : {}),
    ...(a.btfType !== undefined && a.btfType === b.btfType ? { btfType: a.btfType } : {}),
    ...(a.fromDynptr || b.fromDynptr ? { fromDynptr: true } : {}),
    ...(a.readOnly || b.readOnly ? { readOnly: true } : {}),
    ...(a.region !== undefined && a.region === b.region ? { region: a.region } : {}),
    ...(a.from !== undefined && a.from === b.from ? { from: a.from } : {}),
    ...(a.dynptrRef !== undefined && a.dynptrRef === b.dynptrRef ? { dynptrRef: a.dynptrRef } : {}),
    ...(a.ofPacket || b.ofPacket ? { ofPacket: true } : {}),
  };
}

function packetCombine(a: PacketPtr, b: PacketPtr, op: IvOp): PacketPtr {
  const off = op(a.off, b.off);
  // Room is a lower bound: join takes the minimum; widening drops an unstable one.
  const room =
    op === ivWiden
      ? b.room < a.room
        ? -Infinity
        : a.room
      : op === ivJoin
        ? Math.min(a.room, b.room)
        : Math.max(a.room, b.room);
  if (a.sym === b.sym) return { sym: a.sym, k: op(a.k, b.k), off, room };
  // Different bases: only the absolute offset survives.
  return { sym: 0, k: off, off, room };
}

function combine(a: Value, b: Value, ivOp: IvOp, numOp: NumOp): Value {
  if (a === b) return a;
  const t = a.t | b.t;
  const out: Draft = { t };
  // Written out (no closures per call): joins run for every register and slot at every merge.
  if (t & T.number) put(out, 'num', a.num && b.num ? numOp(a.num, b.num) : (a.num ?? b.num));
  if (t & T.ctx) put(out, 'ctx', a.ctx && b.ctx ? ivOp(a.ctx, b.ctx) : (a.ctx ?? b.ctx));
  if (t & T.stack) put(out, 'stack', a.stack && b.stack ? ivOp(a.stack, b.stack) : (a.stack ?? b.stack));
  if (t & T.packet)
    put(out, 'packet', a.packet && b.packet ? packetCombine(a.packet, b.packet, ivOp) : (a.packet ?? b.packet));
  if (t & T.packetMeta) put(out, 'meta', a.meta && b.meta ? ivOp(a.meta, b.meta) : (a.meta ?? b.meta));
  if (t & T.mapFd) put(out, 'fds', a.fds && b.fds ? unionSorted(a.fds, b.fds) : (a.fds ?? b.fds));
  if (t & T.mapProgs)
    put(out, 'progFds', a.progFds && b.progFds ? unionSorted(a.progFds, b.progFds) : (a.progFds ?? b.progFds));
  if (t & MAP_TYPES) {
    const fa = a.fdMaybeNull;
    const fb = b.fdMaybeNull;
    put(out, 'fdMaybeNull', fa && fb ? (fa.nullId === fb.nullId ? fa : { nullId: -1, origin: fa.origin }) : (fa ?? fb));
  }
  if (t & T.shared)
    put(out, 'shared', a.shared && b.shared ? memCombine(a.shared, b.shared, ivOp) : (a.shared ?? b.shared));
  if (t & T.alloc) put(out, 'alloc', a.alloc && b.alloc ? memCombine(a.alloc, b.alloc, ivOp) : (a.alloc ?? b.alloc));
  if (t & T.btfId) put(out, 'btf', a.btf && b.btf ? memCombine(a.btf, b.btf, ivOp) : (a.btf ?? b.btf));
  if (t & T.func)
    put(out, 'func', a.func === b.func || b.func === undefined ? a.func : a.func === undefined ? b.func : -1);
  if (t & T.stackObj) {
    // Two kinds of object in a slot: neither may be used.
    const obj = a.obj && b.obj ? joinStackObject(a.obj, b.obj) : (a.obj ?? b.obj);
    if (!obj) return UNINIT;
    put(out, 'obj', obj);
  }
  if (a.id !== undefined && a.id === b.id) out.id = a.id;
  if (t === T.number && a.tillEnd && b.tillEnd && a.tillEnd.sym === b.tillEnd.sym && a.tillEnd.k === b.tillEnd.k)
    out.tillEnd = a.tillEnd;
  const stale = a.stale ?? b.stale;
  if (stale !== undefined && t === T.number) out.stale = stale;
  return out;
}

export function joinValue(a: Value, b: Value): Value {
  return combine(a, b, ivJoin, numJoin);
}
export function widenValue(a: Value, b: Value): Value {
  return combine(a, b, ivWiden, numWiden);
}
export function narrowValue(a: Value, b: Value): Value {
  // Narrowing only tightens payloads present in both; the type set is taken from the newer value.
  if ((b.t & ~a.t) !== 0) return b;
  return (
    restrict(
      combine(
        b,
        a,
        (x, y) => ivNarrow(y, x),
        (x, y) => numNarrow(y, x),
      ),
      b.t,
    ) ?? b
  );
}

function memLeq(a: MemPtr, b: MemPtr): boolean {
  return (
    a.maps.every((m) => b.maps.includes(m)) &&
    ivLeq(a.off, b.off) &&
    a.size >= b.size &&
    memRoom(a) >= memRoom(b) &&
    (!a.nullable || b.nullable) &&
    (a.nullId === b.nullId || b.nullId === -1) &&
    (b.btfType === undefined || a.btfType === b.btfType) &&
    (!a.fromDynptr || b.fromDynptr === true) &&
    (!a.readOnly || b.readOnly === true) &&
    (b.region === undefined || a.region === b.region) &&
    (b.from === undefined || a.from === b.from) &&
    (b.dynptrRef === undefined || a.dynptrRef === b.dynptrRef) &&
    (!a.ofPacket || b.ofPacket === true)
  );
}

/** a ⊑ b */
export function leqValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if ((a.t & ~b.t) !== 0) return false;
  if (a.t & T.number && !numLeq(payload(a, 'num'), payload(b, 'num'))) return false;
  if (a.t & T.ctx && !ivLeq(payload(a, 'ctx'), payload(b, 'ctx'))) return false;
  if (a.t & T.stack && !ivLeq(payload(a, 'stack'), payload(b, 'stack'))) return false;
  if (a.t & T.packet) {
    const x = payload(a, 'packet');
    const y = payload(b, 'packet');
    if (!ivLeq(x.off, y.off) || x.room < y.room) return false;
    if (y.sym !== 0 && (x.sym !== y.sym || !ivLeq(x.k, y.k))) return false;
  }
  if (a.t & T.packetMeta && !ivLeq(payload(a, 'meta'), payload(b, 'meta'))) return false;
  if (a.t & T.mapFd && !payload(a, 'fds').every((m) => payload(b, 'fds').includes(m))) return false;
  if (
    a.t & MAP_TYPES &&
    a.fdMaybeNull &&
    (!b.fdMaybeNull || (b.fdMaybeNull.nullId !== -1 && b.fdMaybeNull.nullId !== a.fdMaybeNull.nullId))
  )
    return false;
  if (a.t & T.mapProgs && !payload(a, 'progFds').every((m) => payload(b, 'progFds').includes(m))) return false;
  if (a.t & T.shared && !memLeq(payload(a, 'shared'), payload(b, 'shared'))) return false;
  if (a.t & T.alloc && !memLeq(payload(a, 'alloc'), payload(b, 'alloc'))) return false;
  if (a.t & T.btfId && !memLeq(payload(a, 'btf'), payload(b, 'btf'))) return false;
  if (a.t & T.func && a.func !== b.func && b.func !== -1) return false;
  if (a.t & T.stackObj && !stackObjectLeq(payload(a, 'obj'), payload(b, 'obj'))) return false;
  if (b.id !== undefined && a.id !== b.id) return false;
  if (b.tillEnd && (a.tillEnd?.sym !== b.tillEnd.sym || a.tillEnd?.k !== b.tillEnd.k)) return false;
  return true;
}

export function eqValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a.t !== b.t) return false;
  if (a.t === T.number)
    return (
      numEq(payload(a, 'num'), payload(b, 'num')) &&
      a.id === b.id &&
      a.tillEnd?.sym === b.tillEnd?.sym &&
      a.tillEnd?.k === b.tillEnd?.k
    );
  return leqValue(a, b) && leqValue(b, a);
}

export function isOnly(v: Value, t: number): boolean {
  return v.t !== 0 && (v.t & ~t) === 0;
}
export function mayBe(v: Value, t: number): boolean {
  return (v.t & t) !== 0;
}

/** Restrict a value to the types in mask (dropping payloads of the others); undefined if none remain. */
export function restrict(v: Value, mask: number): Value | undefined {
  const t = v.t & mask;
  if (t === 0) return undefined;
  if (t === v.t) return v;
  const out: Draft = { t };
  if (t & T.number) put(out, 'num', v.num);
  if (t & T.ctx) put(out, 'ctx', v.ctx);
  if (t & T.stack) put(out, 'stack', v.stack);
  if (t & T.packet) put(out, 'packet', v.packet);
  if (t & T.packetMeta) put(out, 'meta', v.meta);
  if (t & T.mapFd) put(out, 'fds', v.fds);
  if (t & MAP_TYPES && v.fdMaybeNull) put(out, 'fdMaybeNull', v.fdMaybeNull);
  if (t & T.mapProgs) put(out, 'progFds', v.progFds);
  if (t & T.shared) put(out, 'shared', v.shared);
  if (t & T.alloc) put(out, 'alloc', v.alloc);
  if (t & T.btfId) put(out, 'btf', v.btf);
  if (t & T.func) put(out, 'func', v.func);
  if (t & T.stackObj) put(out, 'obj', v.obj);
  if (v.id !== undefined && t === T.number) out.id = v.id;
  if (v.stale !== undefined && t === T.number) out.stale = v.stale;
  return out;
}

function describeStackObject(o: StackObject): { type: string; value: string } {
  const ref = o.refs.length > 0 ? `, reference from pc ${o.refs.join(' or ')}` : '';
  if (o.kind === 'iter') return { type: `iter_${o.iter}`, value: `active${ref}` };
  return {
    type: `dynptr_${o.dynptr}`,
    value: `${o.rdonly ? 'read-only' : 'initialised'}${ref}, slot ${o.part + 1} of 2`,
  };
}

export interface Naming {
  mapName(index: number): string;
}

/** Human-readable value text for state summaries. */
export function describeValue(v: Value, naming: Naming): { type: string; value: string } {
  const parts: { type: string; value: string }[] = [];
  const maps = (ms: readonly number[]): string => ms.map((m) => naming.mapName(m)).join('|');
  for (const [bit, name] of TYPE_NAMES) {
    if (!(v.t & bit)) continue;
    switch (bit) {
      case T.number:
        parts.push({ type: name, value: numToString(payload(v, 'num')) });
        break;
      case T.ctx:
        parts.push({ type: name, value: `offset ${ivToString(payload(v, 'ctx'))}` });
        break;
      case T.stack:
        parts.push({ type: name, value: `offset ${ivToString(payload(v, 'stack'))}` });
        break;
      case T.packet:
        parts.push({ type: name, value: `offset ${ivToString(payload(v, 'packet').off)}` });
        break;
      case T.packetMeta:
        parts.push({ type: name, value: `offset ${ivToString(payload(v, 'meta'))}` });
        break;
      case T.mapFd:
        parts.push({ type: `${v.fdMaybeNull ? 'map_fd_or_null' : 'map_fd'}(${maps(payload(v, 'fds'))})`, value: '' });
        break;
      case T.mapProgs:
        parts.push({
          type: `${v.fdMaybeNull ? 'map_fd_programs_or_null' : 'map_fd_programs'}(${maps(payload(v, 'progFds'))})`,
          value: '',
        });
        break;
      case T.shared: {
        const s = payload(v, 'shared');
        const base = s.maps.length ? `map_value(${maps(s.maps)})` : 'shared';
        parts.push({
          type: s.nullable ? base.replace('map_value', 'map_value_or_null') : base,
          value: `offset ${ivToString(s.off)}, size ${s.size}`,
        });
        break;
      }
      case T.alloc: {
        const s = payload(v, 'alloc');
        parts.push({
          type: s.nullable ? 'alloc_mem_or_null' : 'alloc_mem',
          value: `offset ${ivToString(s.off)}, size ${s.size}`,
        });
        break;
      }
      case T.btfId:
        parts.push({ type: payload(v, 'btf').nullable ? 'btf_id_or_null' : 'btf_id', value: '' });
        break;
      case T.func:
        parts.push({ type: name, value: v.func !== undefined && v.func >= 0 ? `pc ${v.func}` : '' });
        break;
      case T.stackObj:
        parts.push(describeStackObject(payload(v, 'obj')));
        break;
      default:
        parts.push({ type: name, value: '' });
    }
  }
  const [only] = parts;
  if (parts.length === 1 && only !== undefined) return only;
  return {
    type: `{${parts.map((p) => p.type).join(', ')}}`,
    value: parts
      .map((p) => p.value)
      .filter(Boolean)
      .join('; '),
  };
}
