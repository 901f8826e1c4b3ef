// The abstract state at a program point: registers, the stack (cells keyed by absolute offset),
// the packet facts (proven ranges), saved caller registers of inlined calls, held references.

import { NUM_TOP, constNum, fromUnsigned, isConst } from './num';
import { known } from './known';
import { effectiveRoom } from './room';
import { T, UNINIT, type Value, eqValue, joinValue, leqValue, narrowValue, numberValue, widenValue } from './value';

const NO_SCARS: ReadonlySet<number> = new Set();

/** Stack frames are 512 bytes; r10 of the entry frame is at absolute offset TOTAL_STACK. */
export const FRAME_SIZE = 512;
export const TOTAL_STACK = 512 * 8;

export interface Cell {
  readonly size: number;
  readonly v: Value;
}

export class State {
  /**
   * The cells, shared copy-on-write between a state and its clones (most blocks write no stack
   * slot, and copying the map at every clone was the largest single cost of the analysis).
   */
  private cells: Map<number, Cell>;
  /** Whether another state may hold `cells`: copy before the first write. */
  private cellsShared = false;

  constructor(
    public regs: Value[],
    stack: Map<number, Cell>,
    /** Proven lower bound of packet_size. */
    public pktSize: number,
    /** sym -> k such that base(sym) + k <= packet_size is proven. */
    public ranges: Map<number, number>,
    /** Proven bytes of metadata: meta + metaRange <= data. */
    public metaRange: number,
    /** Saved r6..r10 of each caller frame (outermost first). */
    public frames: Value[][],
    /** Ids of acquired references (ringbuf records) not yet released. */
    public refs: readonly number[],
    /** `stack` is another state's (from shareCells()). */
    stackShared = false,
    /**
     * Starts of 8-byte slots that hold a spilled pointer on some path joined here and nothing on
     * another: the join keeps no cell there, but the kernel walks the paths apart and refuses a
     * partial read of the slot on the first ("invalid size of register fill").
     */
    public pointerScars: ReadonlySet<number> = NO_SCARS,
  ) {
    this.cells = stack;
    this.cellsShared = stackShared;
  }

  /** Stack cells keyed by absolute offset (read-only: writes go through the methods below). */
  get stack(): ReadonlyMap<number, Cell> {
    return this.cells;
  }

  /** The cells, owned by this state from now on (copied if shared). */
  private ownCells(): Map<number, Cell> {
    if (this.cellsShared) {
      this.cells = new Map(this.cells);
      this.cellsShared = false;
    }
    return this.cells;
  }

  /** The cells, for a new state to hold too (both copy before writing). */
  shareCells(): Map<number, Cell> {
    this.cellsShared = true;
    return this.cells;
  }

  clone(): State {
    return this.withStack([...this.regs], this.frames.length === 0 ? [] : this.frames.map((f) => [...f]));
  }

  /** A state with these registers and caller frames and this state's stack, packet facts and refs. */
  withStack(regs: Value[], frames: Value[][]): State {
    return new State(
      regs,
      this.shareCells(),
      this.pktSize,
      this.ranges.size === 0 ? new Map<number, number>() : new Map(this.ranges),
      this.metaRange,
      frames,
      this.refs,
      true,
      this.pointerScars,
    );
  }

  /** Absolute stack offset of the current frame's r10. */
  get frameTop(): number {
    return TOTAL_STACK - FRAME_SIZE * this.frames.length;
  }

  // ---- stack cells ----

  /** The cell covering byte `off`, with its start. */
  cellAt(off: number): [number, Cell] | undefined {
    return cellIn(this.cells, off);
  }

  /** The start of a pointer scar that [off, off+size) overlaps, if any. */
  scarUnder(off: number, size: number): number | undefined {
    if (this.pointerScars.size === 0) return undefined;
    for (const start of this.pointerScars) if (off < start + 8 && off + size > start) return start;
    return undefined;
  }

  /** Remove cells overlapping [off, off+size); their bytes outside the range stay initialised as numbers. */
  private clear(off: number, size: number): void {
    if (this.pointerScars.size > 0) {
      const left = [...this.pointerScars].filter((s) => s + 8 <= off || s >= off + size);
      if (left.length !== this.pointerScars.size) this.pointerScars = left.length === 0 ? NO_SCARS : new Set(left);
    }
    for (let start = off - 7; start < off + size; start++) {
      const c = this.cells.get(start);
      if (!c || start + c.size <= off) continue;
      const cells = this.ownCells();
      cells.delete(start);
      // Keep the bytes of the old cell outside the written range: they are still initialised.
      // A partially overwritten spilled pointer degrades to an unknown number (the kernel's STACK_MISC).
      for (let b = start; b < start + c.size; b++) {
        if (b < off || b >= off + size) cells.set(b, { size: 1, v: byteOf(c, start, b) });
      }
    }
  }

  write(off: number, size: number, v: Value): void {
    this.clear(off, size);
    this.ownCells().set(off, { size, v });
  }

  /** Make [off, off+size) uninitialised again (the slots of a destroyed iterator or released dynptr). */
  forget(off: number, size: number): void {
    this.clear(off, size);
  }

  /** Mark [off, off+size) as holding unknown numbers (helper output, variable-offset writes). */
  writeUnknown(off: number, size: number): void {
    this.clear(off, size);
    const cells = this.ownCells();
    let o = off;
    while (o < off + size) {
      const n = Math.min(8, off + size - o);
      cells.set(o, { size: n, v: numberValue(n === 8 ? NUM_TOP : fromUnsigned(0n, (1n << BigInt(n * 8)) - 1n)) });
      o += n;
    }
  }

  /** Whether every byte of [off, off+size) is initialised. */
  initialised(off: number, size: number): boolean {
    for (let b = off; b < off + size;) {
      const hit = this.cellAt(b);
      if (!hit) return false;
      b = hit[0] + hit[1].size;
    }
    return true;
  }

  /** First uninitialised byte in [off, off+size), if any. */
  firstUninit(off: number, size: number): number | undefined {
    for (let b = off; b < off + size;) {
      const hit = this.cellAt(b);
      if (!hit) return b;
      b = hit[0] + hit[1].size;
    }
    return undefined;
  }

  /** Read [off, off+size): exact cells give their value, numeric bytes give a number; undefined if a byte is uninitialised. */
  read(off: number, size: number): Value | undefined {
    const exact = this.cells.get(off);
    if (exact && exact.size === size) return exact.v;
    // Compose from bytes: constant if every byte is a known constant.
    let constant = true;
    let acc = 0n;
    for (let b = off + size - 1; b >= off; b--) {
      const hit = this.cellAt(b);
      if (!hit) return undefined;
      const byte = byteOf(hit[1], hit[0], b);
      if (byte.t === T.number && byte.num !== undefined && isConst(byte.num)) acc = (acc << 8n) | byte.num.umin;
      else constant = false;
    }
    if (constant) return numberValue(constNum(acc));
    return numberValue(size === 8 ? NUM_TOP : fromUnsigned(0n, (1n << BigInt(size * 8)) - 1n));
  }

  /** Drop the cells of frames below `keepFrom` (a returning callee's frame). */
  dropBelow(keepFrom: number): void {
    if (this.pointerScars.size > 0 && [...this.pointerScars].some((s) => s < keepFrom))
      this.pointerScars = new Set([...this.pointerScars].filter((s) => s >= keepFrom));
    let cells: Map<number, Cell> | undefined;
    for (const off of [...this.cells.keys()]) if (off < keepFrom) (cells ??= this.ownCells()).delete(off);
  }

  /** Apply f to every value (registers, stack cells, saved frames); f returns the same object when unchanged. */
  mapValues(f: (v: Value) => Value): void {
    const regs = this.regs;
    for (let i = 0; i < regs.length; i++) {
      const v = regs[i];
      if (v !== undefined) regs[i] = f(v);
    }
    // Iterates the map it started with: a copy made on the first change gets the changes.
    for (const [off, c] of this.cells) {
      const nv = f(c.v);
      if (nv !== c.v) this.ownCells().set(off, { size: c.size, v: nv });
    }
    for (const fr of this.frames)
      for (let i = 0; i < fr.length; i++) {
        const v = fr[i];
        if (v !== undefined) fr[i] = f(v);
      }
  }
}

/** One byte of a cell as a value (a byte of a constant is a constant; else an unknown byte). */
function byteOf(c: Cell, start: number, b: number): Value {
  const num = c.v.t === T.number ? c.v.num : undefined;
  if (num !== undefined && isConst(num)) return numberValue(constNum((num.umin >> BigInt((b - start) * 8)) & 0xffn));
  return numberValue(fromUnsigned(0n, 255n));
}

export function initialState(regs: Value[]): State {
  return new State(regs, new Map(), 0, new Map(), 0, [], []);
}

type ValueOp = (a: Value, b: Value) => Value;

/** Whether some cell of `m` covers a byte of [off, off+size). */
function anyByteIn(m: ReadonlyMap<number, Cell>, off: number, size: number): boolean {
  for (let b = off; b < off + size; b++) if (cellIn(m, b)) return true;
  return false;
}

function cellIn(m: ReadonlyMap<number, Cell>, off: number): [number, Cell] | undefined {
  for (let start = off; start > off - 8; start--) {
    const c = m.get(start);
    if (c && start + c.size > off) return [start, c];
  }
  return undefined;
}

const UNKNOWN_BYTE: Cell = { size: 1, v: numberValue(fromUnsigned(0n, 255n)) };

function combineStack(a: ReadonlyMap<number, Cell>, b: ReadonlyMap<number, Cell>, op: ValueOp): Map<number, Cell> {
  const out = new Map<number, Cell>();
  const mismatched: [number, Cell][] = [];
  for (const [off, ca] of a) {
    const cb = b.get(off);
    if (cb && cb.size === ca.size) {
      const v = op(ca.v, cb.v);
      if (!(v.t & T.uninit)) out.set(off, { size: ca.size, v });
    } else if (ca.v.t === T.number) {
      mismatched.push([off, ca]);
    }
  }
  // Boundaries differ: bytes that are numbers on both sides stay initialised, as unknown bytes.
  for (const [off, ca] of mismatched) {
    for (let byte = off; byte < off + ca.size; byte++) {
      const hb = cellIn(b, byte);
      if (hb && hb[1].v.t === T.number && !cellIn(out, byte)) out.set(byte, UNKNOWN_BYTE);
    }
  }
  return out;
}

function combineRanges(a: Map<number, number>, b: Map<number, number>): Map<number, number> {
  const out = new Map<number, number>();
  if (a.size === 0 || b.size === 0) return out;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w !== undefined) out.set(k, Math.min(v, w));
  }
  return out;
}

function someCell(cells: ReadonlyMap<number, Cell>, p: (v: Value) => boolean): boolean {
  for (const c of cells.values()) if (p(c.v)) return true;
  return false;
}

/** Make each packet pointer carry the room its state proves, before the state facts are joined away. */
function materialiseRoom(s: State): State {
  let copy: State | undefined;
  const fix = (v: Value): Value => {
    if (!v.packet) return v;
    const room = effectiveRoom(s, v.packet);
    return room === v.packet.room ? v : { ...v, packet: { ...v.packet, room } };
  };
  const needs = (v: Value): boolean => !!v.packet && effectiveRoom(s, v.packet) !== v.packet.room;
  if (s.regs.some(needs) || someCell(s.stack, needs) || s.frames.some((f) => f.some(needs))) {
    copy = s.clone();
    copy.mapValues(fix);
  }
  return copy ?? s;
}

function combine(a0: State, b0: State, op: ValueOp, widen: boolean): State {
  const a = materialiseRoom(a0);
  const b = materialiseRoom(b0);
  const regs = a.regs.map((v, i) => op(v, known(b.regs, i, 'register')));
  // One map on both sides (clones that wrote no slot): each cell combines with itself, which
  // keeps it, except cells that may be uninitialised, which a combination drops.
  const same = a.stack === b.stack && !someCell(a.stack, (v) => (v.t & T.uninit) !== 0);
  const stack = same ? a.shareCells() : combineStack(a.stack, b.stack, op);
  const frames = a.frames.map((f, i) => f.map((v, j) => op(v, b.frames[i]?.[j] ?? UNINIT)));
  const refs =
    a.refs === b.refs || b.refs.length === 0
      ? a.refs
      : a.refs.length === 0
        ? b.refs
        : [...new Set([...a.refs, ...b.refs])].sort((x, y) => x - y);
  let pktSize = Math.min(a.pktSize, b.pktSize);
  let metaRange = Math.min(a.metaRange, b.metaRange);
  let ranges = combineRanges(a.ranges, b.ranges);
  if (widen) {
    if (b.pktSize < a.pktSize) pktSize = 0;
    if (b.metaRange < a.metaRange) metaRange = 0;
    for (const k of ranges.keys()) if ((b.ranges.get(k) ?? 0) < (a.ranges.get(k) ?? 0)) ranges.set(k, 0);
    ranges = new Map([...ranges].filter(([, v]) => v > 0));
  }
  return new State(regs, stack, pktSize, ranges, metaRange, frames, refs, same, joinScars(a, b, stack));
}

/** A spilled pointer (an 8-byte cell holding one) at `off`. */
function pointerSpill(c: Cell | undefined): boolean {
  return c !== undefined && c.size === 8 && (c.v.t & ~(T.number | T.uninit)) !== 0;
}

/** Scars after a join: both sides' scars and every pointer spill the other side has no byte of. */
function joinScars(a: State, b: State, out: ReadonlyMap<number, Cell>): ReadonlySet<number> {
  if (a.stack === b.stack && a.pointerScars === b.pointerScars) return a.pointerScars;
  const scars = new Set([...a.pointerScars, ...b.pointerScars]);
  const oneSided = (x: State, y: State): void => {
    for (const [off, c] of x.stack) if (pointerSpill(c) && !out.has(off) && !anyByteIn(y.stack, off, 8)) scars.add(off);
  };
  oneSided(a, b);
  oneSided(b, a);
  for (const off of scars) if (out.has(off)) scars.delete(off);
  return scars.size === 0 ? NO_SCARS : scars;
}

export function joinState(a: State, b: State): State {
  return combine(a, b, joinValue, false);
}
export function widenState(a: State, b: State): State {
  return combine(a, b, widenValue, true);
}
/** Narrowing: tighten `a` (a post-fixpoint) with `b` = F(a) ⊑ a. */
export function narrowState(a: State, b: State): State {
  const regs = a.regs.map((v, i) => narrowValue(v, known(b.regs, i, 'register')));
  const frames = a.frames.map((f, i) => f.map((v, j) => narrowValue(v, b.frames[i]?.[j] ?? UNINIT)));
  return new State(
    regs,
    b.shareCells(),
    b.pktSize,
    new Map(b.ranges),
    b.metaRange,
    frames,
    b.refs,
    true,
    b.pointerScars,
  );
}

/** a ⊑ b */
export function leqState(a: State, b: State): boolean {
  if (a.frames.length !== b.frames.length) return false;
  for (let i = 0; i < a.regs.length; i++)
    if (!leqValue(known(a.regs, i, 'register'), known(b.regs, i, 'register'))) return false;
  for (let i = 0; i < a.frames.length; i++) {
    const fa = known(a.frames, i, 'caller frame');
    const fb = known(b.frames, i, 'caller frame');
    for (let j = 0; j < fa.length; j++)
      if (!leqValue(known(fa, j, 'saved register'), known(fb, j, 'saved register'))) return false;
  }
  if (a.pktSize < b.pktSize || a.metaRange < b.metaRange) return false;
  for (const [k, v] of b.ranges) if ((a.ranges.get(k) ?? -1) < v) return false;
  if (a.refs !== b.refs && !a.refs.every((r) => b.refs.includes(r))) return false;
  for (const s of a.pointerScars) if (!b.pointerScars.has(s) && !pointerSpill(b.stack.get(s))) return false;
  // A pointer spill where b has neither a byte nor a scar: joining them would make a scar.
  if (a.stack !== b.stack)
    for (const [off, c] of a.stack)
      if (pointerSpill(c) && !b.pointerScars.has(off) && !anyByteIn(b.stack, off, 8)) return false;
  // The same cells on both sides: each is below itself.
  if (a.stack === b.stack) return true;
  for (const [off, cb] of b.stack) {
    const ca = a.stack.get(off);
    if (ca && ca.size === cb.size) {
      if (!leqValue(ca.v, cb.v)) return false;
      continue;
    }
    // b only says "numeric bytes here": a must have numbers covering them.
    if (cb.v.t !== T.number) return false;
    for (let byte = off; byte < off + cb.size; byte++) {
      const ha = a.cellAt(byte);
      if (!ha || ha[1].v.t !== T.number) return false;
      if (cb.size !== 1 || cb.v.num === undefined || cb.v.num.umax < 255n) return false;
    }
  }
  return true;
}

export function eqState(a: State, b: State): boolean {
  for (let i = 0; i < a.regs.length; i++)
    if (!eqValue(known(a.regs, i, 'register'), known(b.regs, i, 'register'))) return false;
  // Equal cell by cell (the common case once a fixpoint is reached) is equal; else compare as
  // lattice elements, where differently split cells may still describe the same bytes.
  return sameRest(a, b) || (leqState(a, b) && leqState(b, a));
}

/** Everything but the registers is the same, cell for cell and fact for fact. */
function sameRest(a: State, b: State): boolean {
  if (a.pktSize !== b.pktSize || a.metaRange !== b.metaRange || a.frames.length !== b.frames.length) return false;
  if (a.ranges.size !== b.ranges.size) return false;
  for (const [k, v] of a.ranges) if (b.ranges.get(k) !== v) return false;
  if (a.pointerScars.size !== b.pointerScars.size || [...a.pointerScars].some((s) => !b.pointerScars.has(s)))
    return false;
  if (a.refs !== b.refs && (a.refs.length !== b.refs.length || !a.refs.every((r) => b.refs.includes(r)))) return false;
  for (let i = 0; i < a.frames.length; i++) {
    const fa = known(a.frames, i, 'caller frame');
    const fb = known(b.frames, i, 'caller frame');
    if (fa.length !== fb.length) return false;
    for (let j = 0; j < fa.length; j++)
      if (!eqValue(known(fa, j, 'saved register'), known(fb, j, 'saved register'))) return false;
  }
  if (a.stack === b.stack) return true;
  if (a.stack.size !== b.stack.size) return false;
  for (const [off, ca] of a.stack) {
    const cb = b.stack.get(off);
    if (!cb || cb.size !== ca.size || !eqValue(ca.v, cb.v)) return false;
  }
  return true;
}
