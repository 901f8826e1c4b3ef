// Errors a run can end with. Every one names the instruction (pc) and, where line info exists,
// the source line, so the CLI, the debugger and tests can point at the cause.

import type { SourceLocation } from '../program/types';

/** Where in the program an error happened. */
export interface VmLocation {
  readonly pc: number;
  readonly source?: SourceLocation;
  /** Name of the program (entry function) that was running. */
  readonly program?: string;
}

function where(loc: VmLocation): string {
  const src = loc.source ? ` (${loc.source.file}:${loc.source.line})` : '';
  return `at pc ${loc.pc}${src}`;
}

/** Any error that stops a run: bad setup, unknown helper, unsupported instruction. */
export class VmError extends Error {
  constructor(
    readonly reason: string,
    readonly location?: VmLocation,
  ) {
    super(location ? `${reason} ${where(location)}` : reason);
    this.name = 'VmError';
  }
}

/** A memory access that does not fall inside a region the program may access that way. */
export class VmFault extends VmError {
  constructor(
    reason: string,
    location: VmLocation,
    /** The region the address is in or nearest to (undefined when it is in no region at all). */
    readonly region: string | undefined,
    /** Offset of the access from the region's start (may be negative or beyond the end). */
    readonly offset: number | undefined,
    readonly address: bigint,
    readonly size: number,
    readonly write: boolean,
  ) {
    super(reason, location);
    this.name = 'VmFault';
  }
}

/** The instruction budget ran out: the program ran too long (or loops forever). */
export class BudgetExceeded extends VmError {
  constructor(
    readonly budget: number,
    location: VmLocation,
  ) {
    super(`instruction budget of ${budget} exhausted (the program runs too long or loops forever)`, location);
    this.name = 'BudgetExceeded';
  }
}
