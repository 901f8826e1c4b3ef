// What must hold before an instruction runs, as data (PREVAIL's assertions): assertionsFor
// (extract.ts) derives the list from the instruction's static facts alone (opcode, registers,
// offsets, the helper's prototype); the checker (checker.ts) evaluates each record against the
// pre-state; the transfer functions (transfer/*.ts) then compute the post-state assuming all held.
// The list is ordered: the first record that fails is the error reported for the instruction.

import type { HelperArgKind, HelperPrototype } from '../../platform/types';
import type { DiagnosticCode } from '../types';
import type { GlobalParam } from '../globals';

/** How an instruction uses a register (the wording of "r2 is dereferenced before ..."). */
export type RecordedUse = 'used' | 'dereferenced' | 'stored' | 'compared' | 'returned';

/** The instruction cannot run at all (unknown opcode, bad width, callx, bad lddw source). */
export interface ValidInstruction {
  readonly kind: 'valid-instruction';
  readonly message: string;
  readonly condition: string;
}

/** No structural problem of the control-flow graph at this pc (jump out of its function, ...). */
export interface StructurallySound {
  readonly kind: 'structurally-sound';
}

/** The register exists and is initialised on every path. */
export interface ReadableRegister {
  readonly kind: 'readable-register';
  readonly reg: number;
  readonly use: RecordedUse;
  /** Only checked where the program (not a subprogram) exits. */
  readonly programExitOnly?: true;
}

/** The instruction may write the register (r10 is read-only). */
export interface WritableRegister {
  readonly kind: 'writable-register';
  readonly reg: number;
}

/** The register holds a number (never a pointer). */
export interface TypeIsNumber {
  readonly kind: 'type-is';
  readonly reg: number;
  readonly allowed: 'number';
  /** Why a number is required (ends the message). */
  readonly why: string;
  readonly code: DiagnosticCode;
}

/** A 32-bit copy of the register does not truncate a pointer (allowed to privileged Linux loaders). */
export interface NoPointerTruncation {
  readonly kind: 'no-pointer-truncation';
  readonly reg: number;
}

/** `dst op= src` where op is add or sub and either side may be a pointer: PREVAIL's and the kernel's pointer arithmetic rules. */
export interface ValidPointerArithmetic {
  readonly kind: 'valid-pointer-arithmetic';
  readonly op: 'add' | 'sub';
  readonly dst: number;
  /** -1 for an immediate operand. */
  readonly src: number;
  readonly imm: number;
  readonly is64: boolean;
}

/** The divisor register is not zero (unless the platform defines division by zero). */
export interface NonzeroDivisor {
  readonly kind: 'nonzero-divisor';
  readonly reg: number;
  readonly is64: boolean;
}

/** A memory access through `reg` at `reg + offset` of `width` bytes; for stores, `valueReg` holds the stored value (-1: an immediate). */
export interface ValidAccess {
  readonly kind: 'valid-access';
  readonly reg: number;
  readonly offset: number;
  readonly width: number;
  readonly mode: 'read' | 'write';
  readonly valueReg: number;
}

/** The value stored by an atomic operation is a number. */
export interface NoPointerLeak {
  readonly kind: 'no-pointer-leak';
  readonly reg: number;
  readonly why: string;
}

/** An lddw of a map refers to a map the object defines. */
export interface ValidMapFd {
  readonly kind: 'valid-map-fd';
  readonly index: number;
}

/** LD_ABS/LD_IND: the platform and program type allow it and r6 is the context. */
export interface LegacyPacketLoad {
  readonly kind: 'legacy-packet-load';
}

/** Two operands of a conditional jump are comparable (numbers, NULL checks, pointers into one region). */
export interface Comparable {
  readonly kind: 'comparable';
  readonly left: number;
  /** undefined: compared with the immediate `imm`. */
  readonly right: number | undefined;
  readonly imm: number;
  readonly is32: boolean;
  /** The jump operation (JmpOp: JEQ, JNE, JGT...). */
  readonly op: number;
}

/** The called helper (or BTF-resolved function) exists for this platform and program type. */
export interface HelperAvailable {
  readonly kind: 'helper-available';
  readonly id: number;
  /** The call is by BTF id (src=2). */
  readonly byBtfId: boolean;
}

/** Argument register `reg` (= index + 1) satisfies the helper prototype's argument kind. */
export interface HelperArg {
  readonly kind: 'helper-arg';
  readonly reg: number;
  readonly index: number;
  readonly arg: HelperArgKind;
  readonly proto: HelperPrototype;
  /** The prototype resolved by BTF name (no program-type restrictions apply). */
  readonly btfResolved: boolean;
}

/** Argument register `reg` of a call of a Linux global function matches its BTF parameter. */
export interface GlobalArg {
  readonly kind: 'global-arg';
  readonly reg: number;
  readonly param: GlobalParam;
  readonly functionName: string;
}

/** A called global function returns an integer (the kernel refuses the call otherwise); present only when it does not. */
export interface GlobalReturnsInteger {
  readonly kind: 'global-returns-integer';
  readonly functionName: string;
  /** Why it does not (`it returns void`). */
  readonly badReturn: string;
}

/** At the program's exit every acquired reference (ring buffer record, socket) was released. */
export interface ReferencesReleased {
  readonly kind: 'references-released';
}

/** At the program's exit r0 is a value the program type (or global function) may return. */
export interface ValidReturn {
  readonly kind: 'valid-return';
}

export type Assertion =
  | ValidInstruction
  | StructurallySound
  | ReadableRegister
  | WritableRegister
  | TypeIsNumber
  | NoPointerTruncation
  | ValidPointerArithmetic
  | NonzeroDivisor
  | ValidAccess
  | NoPointerLeak
  | ValidMapFd
  | LegacyPacketLoad
  | Comparable
  | HelperAvailable
  | HelperArg
  | GlobalArg
  | GlobalReturnsInteger
  | ReferencesReleased
  | ValidReturn;

export type AssertionKind = Assertion['kind'];
