// The checker: evaluates an instruction's assertion records (assertions/types.ts) against its
// pre-state, in order, and throws the Failure of the first that does not hold (or records a
// warning where the platform only warns). It never changes the state; the transfer functions
// (transfer/*.ts) run afterwards and assume every assertion held.

import { JmpOp, type Instruction } from '../isa/instruction';
import { type Num, aluNum, constNum, isConst, low32, S64MIN } from './num';
import type { State } from './state';
import type { Node } from './cfg';
import type { DiagnosticCode } from './types';
import { T, type Value, memMayBeNull, payload, typeSetName } from './value';
import { Failure } from './failure';
import { mapProgIncompatibility } from './mapProgCompat';
import { callbackReturnProblem } from './callbacks';
import type { Semantics } from './transfer';
import {
  arithmeticOnForbiddenPointer,
  divisionByZero,
  globalReturnsPointer,
  legacyPacketLoadNeedsContext,
  legacyPacketLoadProgramType,
  legacyPacketLoadUnsupported,
  notARegister,
  numberRequired,
  pointerArithmetic32,
  pointerComparedWithNumber,
  pointerOffsetOutOfRange,
  pointerSubtractedFromNumber,
  pointerTruncated,
  pointersAdded,
  pointersNotComparable,
  pointersOfDifferentRegions,
  readOnlyFramePointer,
  returnOutOfRange,
  returnOutOfRangeLoads,
  returnsPointerPrivileged,
  uninitializedRegister,
  unknownMap,
  mapUnusableByProgramType,
  unreleasedReference,
  returnsPointer,
  unprivilegedPointerComparison,
} from './messages';
import type { Assertion, Comparable, ValidPointerArithmetic } from './assertions/types';
import { checkAccess } from './checkerMemory';
import { checkGlobalArg, checkGlobalReturnsInteger, checkHelperArg, checkHelperAvailable } from './checkerCall';
import { POINTER_TYPES_CMP, pointerPairSubtractable, rootAddsZeroToMap } from './transfer/values';

/** Check every assertion of `insn` against the pre-state `s` (throws the first Failure). */
export function checkAssertions(
  sem: Semantics,
  insn: Instruction,
  assertions: readonly Assertion[],
  s: State,
  node: Node,
): void {
  for (const a of assertions) checkAssertion(sem, insn, a, s, node);
}

export function checkAssertion(sem: Semantics, insn: Instruction, a: Assertion, s: State, node: Node): void {
  const pc = insn.pc;
  switch (a.kind) {
    case 'valid-instruction':
      throw new Failure(pc, { code: 'invalid-instruction', message: a.message, condition: a.condition });
    case 'structurally-sound': {
      const issue = sem.cfg.issueAt(node.callStack, pc);
      if (issue) throw new Failure(pc, { code: issue.code, message: issue.message, condition: issue.condition });
      return;
    }
    case 'readable-register':
      // A subprogram's r0 is checked where the caller uses it (a callback's own exit lies below its caller's frames).
      if (a.programExitOnly && s.frames.length > sem.entryDepth) return;
      readReg(s, pc, a.reg, a.use);
      return;
    case 'writable-register':
      if (a.reg === 10) {
        throw new Failure(pc, readOnlyFramePointer());
      }
      return;
    case 'type-is':
      requireNumber(s, pc, a.reg, a.why, a.code);
      return;
    case 'no-pointer-leak':
      requireNumber(s, pc, a.reg, a.why, 'pointer-leak');
      return;
    case 'no-pointer-truncation':
      checkNoTruncation(sem, s, pc, a.reg);
      return;
    case 'valid-pointer-arithmetic':
      checkPointerArithmetic(sem, s, pc, a);
      return;
    case 'nonzero-divisor': {
      const b = payload(known(s, a.reg), 'num');
      const bw = a.is64 ? b : low32(b);
      if (bw.umin === 0n && !sem.platform.allowsDivisionByZero) {
        throw new Failure(pc, divisionByZero(a, sem.platform.displayName));
      }
      return;
    }
    case 'valid-access':
      checkAccess(sem, s, pc, a);
      return;
    case 'valid-map-fd': {
      const map = sem.program.maps[a.index];
      if (!map) {
        throw new Failure(pc, unknownMap(a));
      }
      // The kernel refuses some maps to some program types outright (mapProgCompat.ts).
      const refusal = sem.policy.mapProgramTypeCompatibility
        ? mapProgIncompatibility(sem.program.btf, map, sem.programType?.name)
        : undefined;
      if (refusal) throw new Failure(pc, mapUnusableByProgramType(refusal));
      return;
    }
    case 'legacy-packet-load':
      checkLegacyPacketLoad(sem, s, pc);
      return;
    case 'comparable':
      checkComparable(sem, s, pc, a);
      return;
    case 'helper-available':
      checkHelperAvailable(sem, insn, s, a);
      return;
    case 'helper-arg':
      checkHelperArg(sem, s, pc, a);
      return;
    case 'global-returns-integer':
      checkGlobalReturnsInteger(pc, a);
      return;
    case 'global-arg':
      checkGlobalArg(sem, s, pc, a);
      return;
    case 'references-released':
      if (s.frames.length === sem.entryDepth) checkReferencesReleased(sem, s, pc);
      return;
    case 'valid-return': {
      if (s.frames.length !== sem.entryDepth) return;
      if (sem.entryCallback) {
        // A callback returns to its helper, whose range it must respect.
        const problem = callbackReturnProblem(sem.entryCallback, known(s, 0));
        if (problem) throw new Failure(pc, problem);
        return;
      }
      checkReturn(sem, s, pc);
      return;
    }
  }
}

/** A register the records before this one proved readable. */
function known(s: State, r: number): Value {
  const v = s.regs[r];
  if (v === undefined) throw new Error(`verifier: internal error: r${r} read before its readable-register check`);
  return v;
}

export function readReg(s: State, pc: number, r: number, what = 'used'): Value {
  const v = s.regs[r];
  if (v === undefined) throw new Failure(pc, notARegister(r));
  if (v.t & T.uninit) {
    const never = v.t === T.uninit;
    throw new Failure(pc, uninitializedRegister(r, what, never));
  }
  return v;
}

export function requireNumber(
  s: State,
  pc: number,
  r: number,
  why: string,
  code: DiagnosticCode = 'invalid-pointer-arithmetic',
): Num {
  const v = readReg(s, pc, r);
  if (v.t !== T.number) {
    throw new Failure(pc, numberRequired(r, v, why, code));
  }
  return payload(v, 'num');
}

function checkNoTruncation(sem: Semantics, s: State, pc: number, r: number): void {
  const src = known(s, r);
  if (src.t !== T.number && !sem.rootLinux) {
    throw new Failure(pc, pointerTruncated(r, src, sem.policy.privilegedLoaderRelaxations));
  }
}

function checkLegacyPacketLoad(sem: Semantics, s: State, pc: number): void {
  if (!sem.policy.legacyPacketLoads) {
    throw new Failure(pc, legacyPacketLoadUnsupported());
  }
  if (sem.programType && sem.programType.context.structName !== '__sk_buff') {
    throw new Failure(pc, legacyPacketLoadProgramType(sem.programType));
  }
  const r6 = readReg(s, pc, 6);
  if (r6.t !== T.ctx) {
    throw new Failure(pc, legacyPacketLoadNeedsContext());
  }
}

/** add/sub with a pointer: the rules of addSub and pointerDifference (transfer/alu.ts) before they compute. */
function checkPointerArithmetic(sem: Semantics, s: State, pc: number, a: ValidPointerArithmetic): void {
  const kind = a.op;
  const d = a.dst;
  const sr = a.src;
  const dv = known(s, d);
  const srcValue = sr >= 0 ? known(s, sr) : undefined;
  const dPtr = (dv.t & ~T.number) !== 0;
  const sPtr = srcValue !== undefined && (srcValue.t & ~T.number) !== 0;
  if (!dPtr && !sPtr) return; // numbers only: nothing to check (the common case)
  const sv: Value = srcValue ?? { t: T.number, num: a.is64 ? constNum(BigInt(a.imm)) : constNum(BigInt(a.imm >>> 0)) };
  const w = a.is64 ? 64 : 32;
  if (w === 32 && kind === 'sub' && sem.rootLinux) return;
  if (w === 32) {
    throw new Failure(pc, pointerArithmetic32(d, sr, dPtr, dv, sv));
  }
  if (kind === 'sub' && dPtr && sPtr) {
    checkPointerDifference(sem, pc, dv, sv, d, sr);
    return;
  }
  if (dPtr && sPtr) {
    throw new Failure(pc, pointersAdded(d, sr));
  }
  if (kind === 'sub' && sPtr) {
    throw new Failure(pc, pointerSubtractedFromNumber(d, sr));
  }
  const ptr = dPtr ? dv : sv;
  let n: Num = dPtr ? payload(sv, 'num') : payload(dv, 'num');
  const ptrReg = dPtr ? d : sr;
  if (kind === 'sub') n = aluNum('sub', constNum(0n), n, 64);
  if (rootAddsZeroToMap(sem, kind, ptr, n)) return;
  // The kernel lets a constant offset move a kernel-object pointer (&task->comm); loads through
  // it are checked against the object's BTF, which we do not model (they yield numbers).
  const btfMoves = sem.policy.kernelPointerArithmetic && isConst(n);
  const forbidden = ptr.t & (T.mapFd | T.mapProgs | T.packetEnd | T.func | T.dynptr | (btfMoves ? 0 : T.btfId));
  if (forbidden) {
    const what = typeSetName(forbidden);
    throw new Failure(pc, arithmeticOnForbiddenPointer(what, ptrReg));
  }
  // The kernel's check_reg_sane_offset: no unbounded minimum, no offsets beyond ±2^29.
  const LIM = 1n << 29n;
  if (
    sem.policy.kernelPointerArithmetic &&
    (n.smin === S64MIN || n.smin <= -LIM || n.smin >= LIM || (isConst(n) && (n.smax >= LIM || n.smax <= -LIM)))
  ) {
    throw new Failure(pc, pointerOffsetOutOfRange(n, ptrReg, dPtr, d, sr));
  }
}

function checkPointerDifference(sem: Semantics, pc: number, dv: Value, sv: Value, d: number, sr: number): void {
  if (pointerPairSubtractable(dv, sv) || sem.rootLinux) return;
  throw new Failure(pc, pointersOfDifferentRegions(d, sr, dv, sv));
}

/** PREVAIL's comparison rules (Windows): a pointer is compared with 0 or with a pointer into its own region. */
function checkComparable(sem: Semantics, s: State, pc: number, c: Comparable): void {
  const a = known(s, c.left);
  const b = c.right !== undefined ? known(s, c.right) : undefined;
  const is32 = c.is32;
  if (sem.unprivileged) checkUnprivilegedComparison(pc, c, a, b);
  if (!sem.policy.pointerComparisonRules) return;
  const aPtr = (a.t & POINTER_TYPES_CMP) !== 0;
  if (!b) {
    if (aPtr && (c.imm !== 0 || is32)) {
      throw new Failure(pc, pointerComparedWithNumber(c, a));
    }
    return;
  }
  const bPtr = (b.t & POINTER_TYPES_CMP) !== 0;
  if (!aPtr && !bPtr) return;
  if (nullCheckOf(a, b) || nullCheckOf(b, a)) return;
  const ra = region(a);
  const ok =
    ra === region(b) && (ra & (ra - 1)) === 0 && (ra & (T.ctx | T.stack | T.packet | T.shared | T.packetMeta)) !== 0;
  const metaPacket =
    (a.t === T.packetMeta && (b.t === T.packet || b.t === T.packetEnd)) ||
    (b.t === T.packetMeta && (a.t === T.packet || a.t === T.packetEnd));
  if (!ok && !metaPacket) {
    throw new Failure(pc, pointersNotComparable(c, a, b));
  }
}

/**
 * The kernel without allow_ptr_leaks: a pointer may meet only the immediate 0 in a 64-bit `==` or
 * `!=`, and only while it may still be NULL (the check that makes it a pointer).
 */
function checkUnprivilegedComparison(pc: number, c: Comparable, a: Value, b: Value | undefined): void {
  if (b && c.right !== undefined && (b.t & POINTER_TYPES_CMP) !== 0)
    throw new Failure(pc, unprivilegedPointerComparison(c, c.right, b));
  if ((a.t & POINTER_TYPES_CMP) === 0) return;
  const mayBeNull = memMayBeNull(a) || a.fdMaybeNull !== undefined;
  const nullCheck = !b && c.imm === 0 && !c.is32 && (c.op === JmpOp.JEQ || c.op === JmpOp.JNE) && mayBeNull;
  if (!nullCheck) throw new Failure(pc, unprivilegedPointerComparison(c, c.left, a));
}

/** `v` is the constant 0 compared with a pointer `w`: a NULL check. */
function nullCheckOf(v: Value, w: Value): boolean {
  return v.t === T.number && isConst(payload(v, 'num')) && payload(v, 'num').umin === 0n && (w.t & ~T.number) !== 0;
}

/** The region a pointer type set compares in (data_end compares with packet pointers). */
function region(v: Value): number {
  return v.t & T.packetEnd ? (v.t & ~T.packetEnd) | T.packet : v.t;
}

function checkReferencesReleased(sem: Semantics, s: State, pc: number): void {
  const [ref] = s.refs;
  if (ref !== undefined) {
    const helper = sem.helperName(ref);
    const kind = /^bpf_iter_\w+_new$/.test(helper)
      ? 'iterator'
      : helper === 'bpf_rcu_read_lock'
        ? 'rcu'
        : helper.endsWith('_dynptr')
          ? 'ringbuf-dynptr'
          : helper.includes('ringbuf')
            ? 'ringbuf'
            : 'socket';
    throw new Failure(pc, unreleasedReference(helper, kind, ref));
  }
}

function checkReturn(sem: Semantics, s: State, pc: number): void {
  const r0 = known(s, 0);
  if (sem.entryGlobal) {
    if (r0.t !== T.number) {
      throw new Failure(pc, globalReturnsPointer(sem.entryGlobal.name, r0));
    }
    return;
  }
  const range = sem.programType?.returnRange;
  if (r0.t !== T.number) {
    if (!sem.rootLinux || range) throw new Failure(pc, { ...returnsPointer(r0), code: 'invalid-return-value' });
    sem.warn(pc, s, returnsPointerPrivileged(r0));
    return;
  }
  if (range) {
    const n = payload(r0, 'num');
    const [lo, hi] = [BigInt(range[0]), BigInt(range[1])];
    const view = sem.platform.resultBits === 32 ? low32(n) : n;
    const int32 = sem.programType?.returnRangeOfInt32 === true ? low32(n) : undefined;
    const within = int32
      ? int32.smin >= lo && int32.smax <= hi
      : sem.platform.resultBits === 32
        ? view.umin >= lo && view.umax <= hi && lo >= 0n
        : n.smin >= lo && n.smax <= hi;
    if (!within) {
      const init = returnOutOfRange(sem.programType, n, lo, hi);
      // PREVAIL checks only that r0 is a number; the hook decides what an unknown value means.
      if (sem.policy.returnRange === 'warning') sem.warn(pc, s, returnOutOfRangeLoads(init));
      else throw new Failure(pc, init);
    }
  }
}
