// Linux callbacks passed to helpers (bpf_loop, bpf_for_each_map_elem, bpf_user_ringbuf_drain,
// bpf_find_vma, bpf_timer_set_callback). The kernel verifies a callback as a call the helper makes:
// entered at its first instruction with r1-r5 as the helper passes them (the callback context is
// exactly what the caller gave), and its return value checked against the helper's range. Here each
// distinct (callback, helper, argument typing) seen in the caller's final states is one analysis.
// The callback runs in a frame below its caller's, so a context pointer into the caller's stack
// sees what the caller stored there (a map value pointer, a packet pointer), as in the kernel.

import type { MapDefinition } from '../program/types';
import type { HelperPrototype } from '../platform/types';
import { FRAME_SIZE, type State, TOTAL_STACK, initialState, leqState } from './state';
import type { FailureInit } from './failure';
import { describeNum } from './messages';
import { NUMBER_TOP, T, UNINIT, iv, payload, type MemPtr, type Value } from './value';

/** What the helper passes to the callback, and what the callback may return. */
interface CallbackSignature {
  /** Which helper argument (1-based register) holds the callback, and which its context. */
  readonly fnArg: number;
  readonly ctxArg?: number;
  /** r1.. of the callback, from the caller's registers at the call. */
  readonly regs: (caller: State, maps: readonly MapDefinition[], ctx: ContextArg) => Value[] | undefined;
  readonly returns: readonly [number, number];
  /** Async callbacks (timers) run later, on their own: the kernel's "At async callback return". */
  readonly async?: boolean;
}

/** A callback to verify: its first instruction and the registers it starts with. */
export interface CallbackEntry {
  readonly startPc: number;
  readonly helper: string;
  /** The call site (the first one seen with this typing). */
  readonly callPc: number;
  /** The state at its first instruction: r1-r5 as the helper passes them, the caller's stack above. */
  readonly state: State;
  /** Caller frames below which the callback's own exit is (its `exit` is the callback's return). */
  readonly depth: number;
  readonly returns: readonly [number, number];
  readonly async: boolean;
}

/** The read-only dynptr bpf_user_ringbuf_drain passes (the kernel's CONST_PTR_TO_DYNPTR). */
export const CONST_DYNPTR: Value = { t: T.dynptr };

/** Memory of a known size the callback may read and write (a map key, a slice of the caller's stack). */
function memory(size: number, nullable: boolean, r: number, param: string, readOnly = false): Value {
  return {
    t: T.alloc,
    alloc: {
      maps: [],
      off: iv(0),
      size,
      nullable,
      nullId: nullable ? -200 - r : -1,
      origin: -1,
      param,
      ...(readOnly ? { readOnly } : {}),
    },
  };
}

/** How a callback context pointer into the caller's stack is passed. */
type ContextArg = (v: Value | undefined, r: number) => Value;

/** The caller's value as it is: the callback's state holds the caller's frames and stack. */
const sameValue: ContextArg = (v) => (!v || v.t & T.uninit ? NUMBER_TOP : v);

/**
 * Without room for the caller's frames below the callback (a deep call chain), a pointer into the
 * caller's stack becomes memory reaching to the top of the caller's frames, whose contents read
 * as numbers (what the callback writes there is not carried back into the caller).
 */
const stackAsMemory: ContextArg = (v, r) => {
  if (!v || v.t & T.uninit) return NUMBER_TOP;
  if (!(v.t & T.stack)) return v;
  const st = payload(v, 'stack');
  const size = Number.isFinite(st.hi) ? TOTAL_STACK - st.hi : 0;
  const nullable = (v.t & T.number) !== 0;
  if (size <= 0 || (v.t & ~(T.stack | T.number)) !== 0) return NUMBER_TOP;
  return memory(size, nullable, r, 'callback_ctx');
};

/** The map when `indices` names exactly one. */
function onlyMap(indices: readonly number[] | undefined, maps: readonly MapDefinition[]): MapDefinition | undefined {
  const [only, ...more] = indices ?? [];
  return only !== undefined && more.length === 0 ? maps[only] : undefined;
}

function mapEntryRegs(m: MapDefinition, ctx: Value | undefined): Value[] {
  return [
    { t: T.mapFd, fds: [m.index] },
    memory(m.keySize, false, 2, 'key', true),
    {
      t: T.shared,
      shared: { maps: [m.index], off: iv(0), size: m.valueSize, nullable: false, nullId: -1, origin: -1 },
    },
    ...(ctx ? [ctx] : []),
  ];
}

const KERNEL_OBJECT: Value = {
  t: T.btfId,
  btf: { maps: [], off: iv(0), size: 0, nullable: false, nullId: -1, origin: -1 },
};

const SIGNATURES: ReadonlyMap<string, CallbackSignature> = new Map<string, CallbackSignature>([
  // long (*)(u64 index, void *ctx)
  ['bpf_loop', { fnArg: 2, ctxArg: 3, regs: (s, _maps, ctx) => [NUMBER_TOP, ctx(s.regs[3], 2)], returns: [0, 1] }],
  // long (*)(struct bpf_map *map, const void *key, void *value, void *ctx)
  [
    'bpf_for_each_map_elem',
    {
      fnArg: 2,
      ctxArg: 3,
      regs: (s, maps, ctx) => {
        const map = s.regs[1];
        const m = map?.t === T.mapFd ? onlyMap(map.fds, maps) : undefined;
        return m ? mapEntryRegs(m, ctx(s.regs[3], 4)) : undefined;
      },
      returns: [0, 1],
    },
  ],
  // long (*)(const struct bpf_dynptr *dynptr, void *ctx)
  [
    'bpf_user_ringbuf_drain',
    { fnArg: 2, ctxArg: 3, regs: (s, _maps, ctx) => [CONST_DYNPTR, ctx(s.regs[3], 2)], returns: [0, 1] },
  ],
  // long (*)(struct task_struct *task, struct vm_area_struct *vma, void *ctx)
  [
    'bpf_find_vma',
    {
      fnArg: 3,
      ctxArg: 4,
      regs: (s, _maps, ctx) => [KERNEL_OBJECT, KERNEL_OBJECT, ctx(s.regs[4], 3)],
      returns: [0, 1],
    },
  ],
  // int (*)(void *map, int *key, void *value): the map that holds the timer; must return 0
  [
    'bpf_timer_set_callback',
    {
      fnArg: 2,
      regs: (s, maps) => {
        const timer = s.regs[1];
        const m = timer?.t === T.shared ? onlyMap(payload(timer, 'shared').maps, maps) : undefined;
        return m ? mapEntryRegs(m, undefined) : undefined;
      },
      returns: [0, 0],
      async: true,
    },
  ],
]);

/** The callbacks a program's analyses met, one per distinct (callback, helper, typing). */
export class CallbackSites {
  private readonly seen = new Map<string, CallbackEntry[]>();
  private readonly pending: CallbackEntry[] = [];

  /** Called at a helper call on a final state: note the callback it is given, if any. */
  record(pc: number, s: State, proto: HelperPrototype, maps: readonly MapDefinition[]): void {
    const sig = SIGNATURES.get(proto.name);
    const fn = sig ? s.regs[sig.fnArg] : undefined;
    if (!sig || fn?.t !== T.func || fn.func === undefined) return;
    // Timer callbacks run later, on their own: nothing of the caller's stack is theirs.
    const below = !sig.async && s.frames.length < MAX_CALLER_FRAMES;
    const regs = sig.regs(s, maps, below ? sameValue : stackAsMemory);
    if (!regs) return;
    const state = below ? s.clone() : initialState(new Array<Value>(11).fill(UNINIT));
    if (below) state.frames.push(state.regs.slice(6, 11));
    state.regs.fill(UNINIT);
    regs.slice(0, 5).forEach((v, i) => (state.regs[i + 1] = v));
    state.regs[10] = { t: T.stack, stack: iv(state.frameTop) };
    // References the caller holds stay the caller's to release (the kernel checks the callback's own).
    state.refs = [];
    const entry: CallbackEntry = {
      startPc: fn.func,
      helper: proto.name,
      callPc: pc,
      state,
      depth: state.frames.length,
      returns: sig.returns,
      async: sig.async ?? false,
    };
    const key = `${entry.startPc}:${proto.name}`;
    const same = this.seen.get(key) ?? [];
    // One analysis per distinct entry: a state another entry already covers adds nothing.
    if (same.some((e) => e.depth === entry.depth && leqState(state, e.state))) return;
    this.seen.set(key, [...same, entry]);
    this.pending.push(entry);
  }

  /** The entries not handed out yet (a callback may itself pass callbacks). */
  take(): CallbackEntry[] {
    return this.pending.splice(0);
  }
}

/** Callers deeper than this pass stack contexts as plain memory (room for the callback's own calls). */
const MAX_CALLER_FRAMES = 4;

/** The kernel's check at a callback's exit: r0 a number within the helper's range. */
export function callbackReturnProblem(entry: CallbackEntry, r0: Value): FailureInit | undefined {
  const [lo, hi] = entry.returns;
  const range = `[${lo}, ${hi}]`;
  const who = entry.async
    ? `callbacks of \`${entry.helper}\` (run later, on their own) must return ${lo}`
    : `callbacks of \`${entry.helper}\` must return a value in ${range} (1 stops the iteration)`;
  if (r0.t !== T.number)
    return {
      code: 'invalid-return-value',
      message: `the callback returns something that is not a number; ${who}`,
      condition: 'r0.type == number',
      regs: [0],
    };
  const n = payload(r0, 'num');
  const within = n.smin >= BigInt(lo) && n.smax <= BigInt(hi);
  if (within) return undefined;
  return {
    code: 'invalid-return-value',
    message: `the callback may return ${describeNum(n)}, but ${who}`,
    condition: `r0.value in ${range}`,
    regs: [0],
    related: [{ pc: entry.callPc, message: `the callback is passed to \`${entry.helper}\` here` }],
  };
}

/** The stack frame (its lowest and one-past-highest absolute offsets) holding stack offset `p`. */
function frameOf(p: number): [number, number] {
  const above = Math.max(0, Math.floor((TOTAL_STACK - p - 1) / FRAME_SIZE));
  const top = TOTAL_STACK - FRAME_SIZE * above;
  return [top - FRAME_SIZE, top];
}

/**
 * After the helper ran its callback: the numbers the caller keeps in the frame its context
 * pointer points into may have been rewritten by the callback, so they become unknown numbers
 * (pointers stored there stay as they were: the callbacks' writes are not carried back here).
 */
export function forgetCallbackWrites(s: State, proto: HelperPrototype): void {
  const sig = SIGNATURES.get(proto.name);
  const v = sig?.ctxArg !== undefined ? s.regs[sig.ctxArg] : undefined;
  if (!v || !(v.t & T.stack)) return;
  const st = payload(v, 'stack');
  if (!Number.isFinite(st.lo) || !Number.isFinite(st.hi)) return;
  const [bottom] = frameOf(st.lo);
  const [, top] = frameOf(st.hi);
  for (let b = bottom; b < top;) {
    const hit = s.cellAt(b);
    if (!hit) {
      b++;
      continue;
    }
    const [start, cell] = hit;
    if (cell.v.t === T.number) s.writeUnknown(start, cell.size);
    b = start + cell.size;
  }
}

/** A write into the map key a callback gets (the kernel: "write to change key ... not allowed"). */
export function keyWriteProblem(
  m: MemPtr,
  mode: 'read' | 'write',
  r: number,
  condition: string,
): FailureInit | undefined {
  if (mode !== 'write' || !m.readOnly) return undefined;
  if (m.from !== undefined)
    return {
      code: 'read-only-memory',
      message: `r${r} points to the read-only memory \`${m.from}\` returned; it may be read, not written`,
      condition,
      regs: [r],
    };
  return {
    code: 'read-only-memory',
    message: `r${r} points to the map key the helper passes to its callback; the callback may read the key, not change it`,
    condition,
    regs: [r],
  };
}
