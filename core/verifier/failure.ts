// A failed assertion (thrown by the checks) and a finding collected for reporting.

import type { Severity, DiagnosticCode } from './types';
import type { State } from './state';

export interface FailureInit {
  code: DiagnosticCode;
  message: string;
  condition: string;
  /** Registers whose values explain the finding (for the state summary). */
  regs?: number[];
  /** Stack offsets (absolute) that matter. */
  stack?: number[];
  related?: { pc: number; message: string }[];
  severity?: Severity;
  /** Windows-only rejection: the Linux kernel accepts this for a privileged loader. */
  kernelAccepts?: boolean;
}

/** A failed assertion. */
export class Failure {
  constructor(
    readonly pc: number,
    readonly init: FailureInit,
  ) {}
}

export interface Finding {
  readonly pc: number;
  readonly init: FailureInit;
  readonly state: State;
}
