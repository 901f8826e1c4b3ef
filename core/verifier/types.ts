// The verifier's public contract: what the CLI, the language server and the debugger consume.
// The engine behind it (CFG, domains, transfer functions, checks) lives beside this file.

import type { SourceLocation } from '../program/types';

export type Severity = 'error' | 'warning' | 'info';

/**
 * Stable diagnostic codes. Documented in docs/verifier-codes.md; the language server links to them.
 * Add codes here (never rename one users may have seen).
 */
export type DiagnosticCode =
  | 'uninitialized-register'
  | 'uninitialized-stack'
  | 'null-dereference'
  | 'packet-out-of-bounds'
  | 'stack-out-of-bounds'
  | 'context-out-of-bounds'
  | 'context-read-only'
  | 'map-value-out-of-bounds'
  | 'memory-out-of-bounds'
  | 'invalid-pointer-type'
  | 'invalid-pointer-arithmetic'
  | 'invalid-pointer-comparison'
  | 'pointer-leak'
  | 'helper-argument'
  | 'helper-unavailable'
  | 'map-type-mismatch'
  | 'invalid-size'
  | 'division-by-zero'
  | 'invalid-return-value'
  | 'unbounded-loop'
  | 'too-complex'
  | 'too-many-instructions'
  | 'call-depth'
  | 'recursion'
  | 'invalid-instruction'
  | 'invalid-jump'
  | 'unreachable-code'
  | 'missing-line-info'
  | 'platform-difference'
  /** A write to read-only memory (a `.rodata` global on Linux). */
  | 'read-only-memory'
  /** A ring buffer record (or other acquired reference) not released before exit. */
  | 'unreleased-reference'
  /** An iterator or dynptr on the stack in the wrong state, or its slots read or overwritten. */
  | 'stack-object'
  /** Neither the user, the section name nor a tail call says the program's type. */
  | 'unknown-program-type'
  /** Linux: the kernel allows this to privileged loaders only, and the loader is not one. */
  | 'needs-privilege';

/** A related location, e.g. the lookup whose result may be NULL. */
export interface RelatedLocation {
  readonly pc: number;
  readonly location: SourceLocation | undefined;
  readonly message: string;
}

/** Abstract value of one register or stack slot, rendered for people. */
export interface ValueSummary {
  /** `r0`, `r1`, or a stack slot `fp-8` (8 bytes at r10-8). */
  readonly name: string;
  /** `number`, `packet`, `map_value(stats)`, `map_value_or_null(stats)`, `ctx`, `stack`, `uninit`... */
  readonly type: string;
  /** Compact value text: `[0, 255]`, `offset 14`, `offset [14, 54], packet range 54`, `=7`. */
  readonly value: string;
}

export interface StateSummary {
  readonly registers: readonly ValueSummary[];
  readonly stack: readonly ValueSummary[];
  /** Facts not tied to one register: `packet_size >= 54`, `meta_offset in [-4098, 0]`. */
  readonly facts: readonly string[];
}

export interface Diagnostic {
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  /** Instruction slot the finding is about (for edge findings: the jump's pc). */
  readonly pc: number;
  readonly location: SourceLocation | undefined;
  /** Plain words for a newcomer, naming the C variable or expression where known. */
  readonly message: string;
  /** The C expression the finding is about (`st`, `ip->protocol`), from DWARF or the message; where the squiggle goes. */
  readonly expression?: string;
  /** The PREVAIL-style assertion, e.g. `valid_access(r1.offset, width=4) for read`. */
  readonly condition: string;
  readonly related: readonly RelatedLocation[];
  /** The abstract state before the instruction, restricted to what matters for this finding. */
  readonly state: StateSummary | undefined;
}

export interface VerifyOptions {
  /**
   * Wall-clock safety net: stop after this many milliseconds and report `too-complex` (default
   * DEFAULT_TIME_BUDGET_MS). Verdicts come from the work caps that mirror the platforms (the
   * kernel's 1M processed instructions, PREVAIL's loop counter), which do not depend on how busy
   * the machine is; this only bounds the wait where they are far away.
   */
  readonly timeBudgetMs?: number;
  /** Upper bound on fixpoint iterations before `too-complex` (default large). */
  readonly maxIterations?: number;
  /** Keep per-pc states so hover/debugger can ask for them (default true). */
  readonly keepStates?: boolean;
  /** Check termination (PREVAIL's --termination; the Linux kernel always does). */
  readonly checkTermination?: boolean;
  /**
   * Linux: whether the loader is privileged (root, or CAP_BPF with CAP_PERFMON), as the kernel's
   * allow_ptr_leaks / bpf_capable. Default true. Unprivileged, pointer leaks and pointer truncation
   * are errors instead of warnings, and pointer subtraction across regions is refused.
   */
  readonly privileged?: boolean;
}

export interface VerificationResult {
  readonly verdict: 'pass' | 'fail';
  /** Errors first (one per root cause), then warnings and infos. */
  readonly diagnostics: readonly Diagnostic[];
  /** Abstract state before the instruction at pc; undefined where unreachable or not kept. */
  stateAt(pc: number): StateSummary | undefined;
  readonly stats: {
    readonly instructions: number;
    readonly iterations: number;
    readonly milliseconds: number;
  };
}
