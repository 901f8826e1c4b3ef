// The checker's memory accesses (valid-access records, and the memory a helper argument points
// to): NULL, pointer type, bounds per region, initialised stack, writable context fields and
// read-only maps, and pointers stored where they would leak. Reads the pre-state only.

import { accessExpression, accessVariable, globalExpression } from '../dwarf/names';
import type { ContextField } from '../platform/types';
import { FRAME_SIZE, type State, TOTAL_STACK } from './state';
import { effectiveRoom } from './room';
import { MEM_TYPES, T, type Iv, type MemPtr, type PacketPtr, type Value, memRoom, payload } from './value';
import { Failure } from './failure';
import { progAccessForbidden } from './mapProgAccess';
import { keyWriteProblem } from './callbacks';
import { objectReadProblem, objectWriteProblem } from './stackObjects';
import type { Semantics } from './transfer';
import {
  validAccess,
  contextBeyondField,
  contextOutOfBounds,
  contextPointerFieldPart,
  contextPointerMoved,
  contextReadOnly,
  contextVariableOffset,
  kernelObjectWrite,
  memoryOutOfBounds,
  metaOutOfBounds,
  notDereferenceable,
  nullDereference,
  nullableParameter,
  packetBeforeStart,
  packetOutOfBounds,
  packetReadOnly,
  partialPointerLoad,
  partialPointerStore,
  pointerStored,
  privileged,
  readOnlyMapWrite,
  writeOnlyMapRead,
  stackOutOfBounds,
  stalePacketPointer,
  traceArgumentMisaligned,
  uninitializedStackRead,
  unknownContext,
  unprivilegedContextField,
  unprivilegedMapObjectRead,
} from './messages';
import type { ValidAccess } from './assertions/types';
import { contextFieldAt, mapObjectRead } from './transfer/values';
import { ROOT_ONLY_CONTEXT_FIELDS } from '../platform/linuxUnprivileged';

/** A valid-access record: `base` is the value of `a.reg`, `value` the stored value (writes of a register). */
export function checkAccess(sem: Semantics, s: State, pc: number, a: ValidAccess): void {
  const { reg: r, offset: o, width: w, mode } = a;
  const base = s.regs[r];
  if (base === undefined) return; // readable-register comes first and fails
  const value = a.valueReg >= 0 ? s.regs[a.valueReg] : undefined;
  const valueReg = a.valueReg;
  checkDereferenceable(sem, pc, r, base, o, w, mode);
  if (base.t & T.stack) checkStackAccess(sem, s, pc, r, payload(base, 'stack'), o, w, mode, value, valueReg);
  if (base.t & T.ctx) {
    checkStore(sem, s, pc, mode, value, valueReg, 'the context');
    checkCtxAccess(sem, pc, r, payload(base, 'ctx'), o, w, mode);
  }
  if (base.t & T.packet) {
    checkStore(sem, s, pc, mode, value, valueReg, 'packet data');
    packetAccess(sem, s, pc, r, payload(base, 'packet'), o, w, mode);
  }
  if (base.t & T.packetMeta) {
    checkStore(sem, s, pc, mode, value, valueReg, 'packet metadata');
    const m = payload(base, 'meta');
    if (m.lo + o < 0 || m.hi + o + w > s.metaRange) {
      throw new Failure(pc, metaOutOfBounds(m, o, w, r, mode));
    }
  }
  if (base.t & T.shared) {
    checkStore(sem, s, pc, mode, value, valueReg, 'a map value');
    memAccess(sem, pc, r, payload(base, 'shared'), o, w, mode, 'map');
  }
  if (base.t & T.alloc) {
    checkStore(sem, s, pc, mode, value, valueReg, 'a ring buffer record');
    memAccess(sem, pc, r, payload(base, 'alloc'), o, w, mode, 'alloc');
  }
  if (base.t & T.btfId && mode === 'write') {
    throw new Failure(pc, kernelObjectWrite(r));
  }
}

/** A pointer stored into a region other than the stack leaks a kernel address (a warning for privileged Linux loaders). */
function checkStore(
  sem: Semantics,
  s: State,
  pc: number,
  mode: 'read' | 'write',
  value: Value | undefined,
  valueReg: number,
  region: string,
): void {
  if (mode !== 'write' || !value || value.t === T.number) return;
  const init = pointerStored(valueReg, value, region);
  if (sem.rootLinux) sem.warn(pc, s, privileged(init, 'pointer-store'));
  else throw new Failure(pc, init);
}

export function checkDereferenceable(
  sem: Semantics,
  pc: number,
  r: number,
  base: Value,
  o: number,
  w: number,
  mode: 'read' | 'write',
): void {
  const nullable = base.shared?.nullable
    ? base.shared
    : base.alloc?.nullable
      ? base.alloc
      : base.btf?.nullable
        ? base.btf
        : undefined;
  const zeroNumber = base.t & T.number && payload(base, 'num').umin === 0n && (base.t & ~T.number) !== 0;
  if (nullable?.param !== undefined) {
    throw new Failure(pc, nullableParameter(nullable, sem, r, o, w, mode));
  }
  if (nullable || zeroNumber) {
    const origin = nullable?.origin ?? -1;
    const helper = origin >= 0 ? sem.helperName(origin) : undefined;
    const name = sem.variableFor(origin, r, pc);
    throw new Failure(pc, nullDereference(name, r, o, w, mode, origin, helper));
  }
  const bad = base.t & ~MEM_TYPES & ~T.btfId & ~(mapObjectRead(sem, base, o, mode) ? T.mapFd : 0);
  if (bad && base.stale !== undefined) {
    throw new Failure(pc, stalePacketPointer(r, base.stale, sem));
  }
  // Root may read the kernel object behind a map pointer; a loader without capabilities may not.
  if (bad && sem.unprivileged && base.t === T.mapFd && mode === 'read' && o >= 0)
    throw new Failure(pc, unprivilegedMapObjectRead(r, o, w));
  if (bad) {
    throw new Failure(pc, notDereferenceable(r, base));
  }
}

export function checkStackAccess(
  sem: Semantics,
  s: State,
  pc: number,
  r: number,
  off: Iv,
  o: number,
  w: number,
  mode: 'read' | 'write',
  value?: Value,
  valueReg = -1,
): void {
  const lo = off.lo + o;
  const hi = off.hi + o;
  const top = s.frameTop;
  const bottom = top - FRAME_SIZE;
  if (lo < bottom || hi + w > TOTAL_STACK) {
    const rel = lo - top;
    throw new Failure(pc, stackOutOfBounds(lo, hi, rel, top, w, r, o, mode));
  }
  if (lo === hi) {
    // Iterators and dynptrs on the stack: their slots are the kernel's (stackObjects.ts).
    const objectProblem = mode === 'read' ? objectReadProblem(s, lo, w, r) : objectWriteProblem(s, lo, w, r);
    if (objectProblem) throw new Failure(pc, objectProblem);
  }
  if (mode === 'write') {
    // A stored pointer must be stored whole, by root too ("invalid size of register spill").
    if (lo === hi && value && value.t !== T.number && w !== 8) {
      throw new Failure(pc, partialPointerStore(w, valueReg));
    }
    return;
  }
  // Part of a spilled pointer cannot be read back, by root either ("invalid size of register fill").
  const cell = lo === hi && sem.policy.partialPointerFillRefused ? s.cellAt(lo) : undefined;
  if (cell && cell[1].size === 8 && (cell[1].v.t & ~(T.number | T.uninit)) !== 0 && (w !== 8 || cell[0] !== lo)) {
    throw new Failure(pc, partialPointerLoad(w, cell[0] - top, r));
  }
  // The same where only some joined paths spilled a pointer to the slot (State.pointerScars).
  const scar = lo === hi && sem.policy.partialPointerFillRefused && !cell ? s.scarUnder(lo, w) : undefined;
  if (scar !== undefined && (w !== 8 || scar !== lo)) throw new Failure(pc, partialPointerLoad(w, scar - top, r));
  const uninit = s.firstUninit(lo, hi - lo + w);
  if (uninit !== undefined) {
    const init = uninitializedStackRead(w, lo, hi, top, uninit, sem, pc, r);
    if (!sem.rootLinux) throw new Failure(pc, init);
    sem.warn(pc, s, privileged(init, 'uninitialized-stack-read'));
  }
}

export function checkCtxAccess(
  sem: Semantics,
  pc: number,
  r: number,
  off: Iv,
  o: number,
  w: number,
  mode: 'read' | 'write',
): void {
  const layout = sem.programType?.context;
  const structName = layout?.structName ?? 'context';
  const size = layout?.size ?? 0;
  if (off.lo !== off.hi) {
    throw new Failure(pc, contextVariableOffset(structName, off, o, r));
  }
  const at = off.lo + o;
  if (sem.policy.exactContextFields && off.lo !== 0) {
    throw new Failure(pc, contextPointerMoved(r, off));
  }
  if (!layout) {
    throw new Failure(pc, unknownContext(sem, r, o, w, mode));
  }
  if (at < 0 || at + w > size) {
    throw new Failure(pc, contextOutOfBounds(structName, at, w, size, r, o, mode));
  }
  const field = contextFieldAt(layout, at);
  const rootOnly = sem.unprivileged && sem.programType ? ROOT_ONLY_CONTEXT_FIELDS[sem.programType.name] : undefined;
  if (field && rootOnly?.[mode].includes(field.name))
    throw new Failure(pc, unprivilegedContextField(structName, field, mode, r, o, w));
  if (field?.kind === 'trace_argument') {
    // btf_ctx_access: reads only, each within one u64 slot that starts at a multiple of 8.
    if (mode === 'write') ctxReadOnly(pc, r, o, w, structName, field);
    if (at !== field.offset) throw new Failure(pc, traceArgumentMisaligned(structName, at, w, r, o));
    return;
  }
  if (field && field.kind !== 'scalar') {
    if (at !== field.offset || w !== field.size) {
      throw new Failure(pc, contextPointerFieldPart(structName, field, r, o, w, mode));
    }
    if (mode === 'write') ctxReadOnly(pc, r, o, w, structName, field);
    return;
  }
  const open = sem.programType?.anyAlignedReadBelow;
  if (open !== undefined && mode === 'read' && at % w === 0 && at + w <= open) return;
  if (sem.policy.exactContextFields) {
    if (!field || at + w > field.offset + field.size * (field.count ?? 1) || w > field.size * (field.count ?? 1)) {
      throw new Failure(pc, contextBeyondField(structName, at, w, field, r, o, mode));
    }
  }
  if (mode === 'write' && (!field || !field.writable)) ctxReadOnly(pc, r, o, w, structName, field);
}

export function ctxReadOnly(
  pc: number,
  r: number,
  o: number,
  w: number,
  structName: string,
  field: ContextField | undefined,
): never {
  throw new Failure(pc, contextReadOnly(structName, field, r, o, w));
}

export function packetAccess(
  sem: Semantics,
  s: State,
  pc: number,
  r: number,
  p: PacketPtr,
  o: number,
  w: number,
  mode: 'read' | 'write',
): void {
  if (p.off.lo + o < 0) {
    throw new Failure(pc, packetBeforeStart(p, o, r, w, mode));
  }
  if (mode === 'write' && sem.programType?.packetReadOnly) {
    throw new Failure(pc, packetReadOnly(sem.programType.name, r, o, w));
  }
  if (o + w <= effectiveRoom(s, p)) return;
  // With DWARF: the C expression read (`ip->protocol`) and a check of the whole struct.
  const frames = sem.program.debugFramesAt(pc);
  const cExpr = accessExpression(frames, r, o);
  const cBase = accessVariable(frames, r, o);
  throw new Failure(pc, packetOutOfBounds(mode, cExpr, cBase, w, p, o, s, r));
}

export function memAccess(
  sem: Semantics,
  pc: number,
  r: number,
  m: MemPtr,
  o: number,
  w: number,
  mode: 'read' | 'write',
  kind: 'map' | 'alloc',
): void {
  const lo = m.off.lo + o;
  const hi = m.off.hi + o;
  // A callback's map key (for_each_map_elem, timers) is read-only.
  const keyWrite = keyWriteProblem(m, mode, r, validAccess(r, o, w, mode));
  if (keyWrite) throw new Failure(pc, keyWrite);
  if (lo < 0 || o + w > memRoom(m)) {
    throw new Failure(pc, memoryOutOfBounds(kind, mode, w, m, o, sem, lo, hi, r));
  }
  if (mode === 'read' && kind === 'map' && sem.policy.mapAccessFlagsEnforced) {
    const wo = m.maps.map((i) => sem.program.maps[i]).find((d) => d && progAccessForbidden(d, 'read'));
    if (wo) throw new Failure(pc, writeOnlyMapRead(wo, r, o, w, mode));
  }
  if (mode === 'write' && kind === 'map') {
    const ro = m.maps.map((i) => sem.program.maps[i]).find((d) => d && progAccessForbidden(d, 'write'));
    if (ro && sem.policy.mapAccessFlagsEnforced) {
      const global = ro.section && sem.program.dwarf ? globalExpression(sem.program.dwarf, ro.section, lo) : undefined;
      throw new Failure(pc, readOnlyMapWrite(global, ro, r, o, w, mode));
    }
  }
}
