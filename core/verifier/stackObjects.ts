// Kernel objects the program keeps on its own stack: open-coded iterators (`struct bpf_iter_num`,
// one 8-byte slot) and dynptrs (`struct bpf_dynptr`, two slots). Each slot is a stack cell whose
// value is a T.stackObj with the object's kind, its reference (the pc that acquired it) and which
// slot it is. The calls that take them (kfuncs and the dynptr helpers, by their StackObjectArg
// roles in the profile) check the object's state here and change it; the program itself may
// neither read the slots nor overwrite a dynptr holding a ring buffer record (the kernel's
// STACK_ITER / STACK_DYNPTR slots). An iterator and a ring buffer dynptr are references: the
// program must destroy, submit or discard them before it exits (`refs`).

import type { StackObjectArg, StackObjectResult } from '../platform/types';
import { known } from './known';
import { FRAME_SIZE, type State, TOTAL_STACK } from './state';
import { Failure, type FailureInit } from './failure';
import { NUMBER_TOP, T, type StackObject, type Value, iv, payload, sameKindOfObject } from './value';
import {
  describeStackObjectKind,
  kfuncConstantArgument,
  referencedDynptrOverwrite,
  stackObjectNotOnStack,
  stackObjectRead,
  dynptrNotInitialised,
  dynptrNotReleasable,
  dynptrTargetHoldsRecord,
  dynptrTargetIsCallbacks,
  iteratorAlreadyActive,
  iteratorNotActive,
} from './messages';

const SLOT = 8;
const ITER_SLOTS = 1;
const DYNPTR_SLOTS = 2;

/** The stack object whose slot `part` is the 8-byte cell at `off`, if that cell is one. */
function slotAt(s: State, off: number): StackObject | undefined {
  const c = s.stack.get(off);
  return c && c.size === SLOT && c.v.t === T.stackObj ? c.v.obj : undefined;
}

/** The whole object starting at `off` (every slot present and consistent), if there is one. */
export function objectAt(s: State, off: number): StackObject | undefined {
  const first = slotAt(s, off);
  if (!first || first.part !== 0) return undefined;
  const slots = first.kind === 'iter' ? ITER_SLOTS : DYNPTR_SLOTS;
  for (let p = 1; p < slots; p++) {
    const o = slotAt(s, off + p * SLOT);
    if (!o || !sameKindOfObject(o, { ...first, part: p }) || !sameRefs(o.refs, first.refs)) return undefined;
  }
  return first;
}

function sameRefs(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((r, i) => r === b[i]);
}

/** What the object slots overlapping [off, off+size) are, for messages; undefined when there are none. */
function objectOverlapping(s: State, off: number, size: number): { obj: StackObject; start: number } | undefined {
  for (let start = Math.floor(off / SLOT) * SLOT; start < off + size; start += SLOT) {
    const o = slotAt(s, start);
    if (o && start + SLOT > off) return { obj: o, start };
  }
  return undefined;
}

function describeObject(o: StackObject): string {
  return o.kind === 'iter' ? `an iterator (struct bpf_iter_${o.iter})` : `a dynptr (struct bpf_dynptr)`;
}

/** A slot's offset from the r10 of the frame it is in (a callee may reach its caller's objects). */
function fromItsFrame(off: number): number {
  return off - (TOTAL_STACK - FRAME_SIZE * Math.floor((TOTAL_STACK - 1 - off) / FRAME_SIZE));
}

/** A direct load from an object's slots (the kernel: "invalid read from stack"). */
export function objectReadProblem(s: State, lo: number, size: number, r: number): FailureInit | undefined {
  const hit = objectOverlapping(s, lo, size);
  return hit ? stackObjectRead(describeObject(hit.obj), fromItsFrame(hit.start), r) : undefined;
}

/** A store over a dynptr holding a ring buffer record (the kernel: "cannot overwrite referenced dynptr"). */
export function objectWriteProblem(s: State, lo: number, size: number, r: number): FailureInit | undefined {
  const hit = objectOverlapping(s, lo, size);
  const [ref] = hit?.obj.kind === 'dynptr' ? hit.obj.refs : [];
  if (!hit || ref === undefined) return undefined;
  return referencedDynptrOverwrite(fromItsFrame(hit.start), r, ref);
}

/** The absolute stack offset an object argument points to, or a Failure. */
function objectOffset(s: State, pc: number, fn: string, r: number, kind: 'iter' | 'dynptr', iter?: string): number {
  const what = describeStackObjectKind(kind, iter);
  const v = known(s.regs, r, 'register');
  const off = v.t === T.stack ? payload(v, 'stack') : undefined;
  if (!off || off.lo !== off.hi) throw new Failure(pc, stackObjectNotOnStack(fn, r, what, v));
  const slots = kind === 'dynptr' ? DYNPTR_SLOTS : ITER_SLOTS;
  // In this frame or a caller's (a subprogram or callback given a pointer to its caller's object).
  const bottom = s.frameTop - FRAME_SIZE;
  if (off.lo % SLOT !== 0 || off.lo < bottom || off.lo + slots * SLOT > TOTAL_STACK)
    throw new Failure(pc, stackObjectNotOnStack(fn, r, `${what} (8-byte aligned, inside the stack)`, v));
  return off.lo;
}

/** The kernel's read-only dynptr of a drain callback, passed on in a register. */
function isConstDynptr(v: Value | undefined): boolean {
  return v !== undefined && v.t === T.dynptr;
}

/** Check the object arguments of a call against the objects on the stack. Throws Failure. */
export function checkStackObjectArgs(s: State, pc: number, fn: string, args: readonly StackObjectArg[]): void {
  for (const a of args) {
    const r = a.reg;
    switch (a.role) {
      case 'iter_new': {
        const off = objectOffset(s, pc, fn, r, 'iter', a.iter);
        const o = objectAt(s, off);
        if (o?.kind === 'iter') throw new Failure(pc, iteratorAlreadyActive(fn, r, a.iter, off, o.refs[0]));
        break;
      }
      case 'iter':
      case 'iter_destroy': {
        const off = objectOffset(s, pc, fn, r, 'iter', a.iter);
        const o = objectAt(s, off);
        if (o?.kind !== 'iter' || o.iter !== a.iter) throw new Failure(pc, iteratorNotActive(fn, r, a.iter, off));
        break;
      }
      case 'dynptr_new':
      case 'dynptr_clone': {
        if (isConstDynptr(s.regs[r])) throw new Failure(pc, dynptrTargetIsCallbacks(fn, r));
        const off = objectOffset(s, pc, fn, r, 'dynptr');
        const o = objectAt(s, off);
        if (o?.kind === 'dynptr' && o.refs.length > 0)
          throw new Failure(pc, dynptrTargetHoldsRecord(fn, r, off, o.refs[0]));
        if (a.role === 'dynptr_clone') checkDynptr(s, pc, fn, a.from);
        break;
      }
      case 'dynptr':
        if (isConstDynptr(s.regs[r])) break;
        checkDynptr(s, pc, fn, r);
        break;
      case 'dynptr_release': {
        if (isConstDynptr(s.regs[r])) break; // dynptr.ts explains that one
        const { obj, off } = checkDynptr(s, pc, fn, r);
        if (obj.kind !== 'dynptr' || obj.dynptr !== 'ringbuf' || obj.refs.length === 0)
          throw new Failure(pc, dynptrNotReleasable(fn, r, off));
        break;
      }
    }
  }
}

function checkDynptr(s: State, pc: number, fn: string, r: number): { obj: StackObject; off: number } {
  const off = objectOffset(s, pc, fn, r, 'dynptr');
  const obj = objectAt(s, off);
  if (obj?.kind !== 'dynptr') throw new Failure(pc, dynptrNotInitialised(fn, r, off));
  return { obj, off };
}

/** The constant size a data result needs (a slice's `__szk`, bpf_dynptr_data's len). Throws Failure. */
export function checkConstantSize(s: State, pc: number, fn: string, result: StackObjectResult | undefined): void {
  if (result?.kind !== 'dynptr_data') return;
  const v = known(s.regs, result.sizeArg, 'register');
  const n = v.t === T.number ? payload(v, 'num') : undefined;
  if (!n || n.umin !== n.umax) throw new Failure(pc, kfuncConstantArgument(fn, result.sizeArg, v));
}

function addRef(s: State, id: number): void {
  s.refs = [...new Set([...s.refs, id])].sort((a, b) => a - b);
}

function putObject(s: State, off: number, obj: StackObject, slots: number): void {
  for (let p = 0; p < slots; p++) s.write(off + p * SLOT, SLOT, { t: T.stackObj, obj: { ...obj, part: p } });
}

/**
 * The effects of a call on the objects it takes (its checks held), and its result where the
 * objects decide it (undefined: the prototype's). Runs before the call clears r1-r5.
 */
export function applyStackObjects(
  s: State,
  pc: number,
  fn: string,
  args: readonly StackObjectArg[],
  result: StackObjectResult | undefined,
): Value | undefined {
  // The data of a dynptr is read before a release in the same call could end it (none does both).
  const data = result ? resultValue(s, pc, fn, args, result) : undefined;
  for (const a of args) {
    const v = known(s.regs, a.reg, 'register');
    if (v.t !== T.stack) continue; // a drain callback's dynptr: nothing on this stack changes
    const off = payload(v, 'stack').lo;
    switch (a.role) {
      case 'iter_new':
        addRef(s, pc);
        putObject(s, off, { kind: 'iter', iter: a.iter, refs: [pc], part: 0 }, ITER_SLOTS);
        break;
      case 'iter':
        break;
      case 'iter_destroy': {
        const o = objectAt(s, off);
        if (o) s.refs = s.refs.filter((x) => !o.refs.includes(x));
        s.forget(off, ITER_SLOTS * SLOT);
        break;
      }
      case 'dynptr_new': {
        const refs = a.dynptr === 'ringbuf' ? [pc] : [];
        if (refs.length > 0) addRef(s, pc);
        putObject(s, off, { kind: 'dynptr', dynptr: a.dynptr, refs, part: 0, rdonly: false }, DYNPTR_SLOTS);
        break;
      }
      case 'dynptr_clone': {
        const from = known(s.regs, a.from, 'register');
        const src = from.t === T.stack ? objectAt(s, payload(from, 'stack').lo) : undefined;
        // A clone of the drain callback's dynptr stays read-only local memory for our purposes.
        const obj: StackObject = src ?? { kind: 'dynptr', dynptr: 'local', refs: [], part: 0, rdonly: true };
        putObject(s, off, obj, DYNPTR_SLOTS);
        break;
      }
      case 'dynptr':
        break;
      case 'dynptr_release': {
        const o = objectAt(s, off);
        if (!o) break;
        // The record is gone: every clone of the dynptr and every slice of it with it.
        const gone = (r: number | undefined): boolean => r !== undefined && o.refs.includes(r);
        s.refs = s.refs.filter((x) => !gone(x));
        for (const [start, c] of [...s.stack])
          if (c.v.t === T.stackObj && c.v.obj?.refs.some(gone)) s.forget(start, c.size);
        s.mapValues((x) => (gone(x.alloc?.dynptrRef) ? { ...NUMBER_TOP, stale: pc } : x));
        break;
      }
    }
  }
  return data;
}

function resultValue(
  s: State,
  pc: number,
  fn: string,
  args: readonly StackObjectArg[],
  result: StackObjectResult,
): Value | undefined {
  // A pointer this call returned on an earlier round is another pointer now.
  s.mapValues((x) => (x.alloc?.nullId === pc ? { ...x, alloc: { ...x.alloc, nullId: -1 } } : x));
  const base = { maps: [], off: iv(0), nullable: true, nullId: pc, origin: pc } as const;
  if (result.kind === 'iter_next')
    return { t: T.alloc, alloc: { ...base, size: result.size, readOnly: true, from: fn } };
  const n = payload(known(s.regs, result.sizeArg, 'register'), 'num');
  const source = args.find((a) => a.role === 'dynptr');
  const v = source ? known(s.regs, source.reg, 'register') : undefined;
  const obj = v?.t === T.stack ? objectAt(s, payload(v, 'stack').lo) : undefined;
  // The drain callback's dynptr: dynptr.ts gives its data.
  if (!obj) return undefined;
  return {
    t: T.alloc,
    alloc: {
      ...base,
      size: Number(n.umax),
      fromDynptr: true,
      ...(result.readOnly ? { readOnly: true, from: fn } : {}),
      ...(obj.refs[0] !== undefined ? { dynptrRef: obj.refs[0] } : {}),
      ...(obj.kind === 'dynptr' && (obj.dynptr === 'skb' || obj.dynptr === 'xdp') ? { ofPacket: true } : {}),
    },
  };
}
