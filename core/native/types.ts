// The native converter's inputs and outputs.

import type { SourceLocation } from '../program/types';

/** bpf2c's three output flavours: bare C, a user-mode DLL wrapper, a kernel driver wrapper. */
export type NativeFlavour = 'raw' | 'dll' | 'sys';

export interface NativeOptions {
  readonly flavour?: NativeFlavour;
  /** The object's file name as given (bpf2c names the metadata table after it, up to the first '.'). */
  readonly fileName: string;
  /** SHA-256 of the ELF bytes for `_get_hash` (bpf2c's default); undefined = `--hash none`. */
  readonly elfHash?: Uint8Array;
  /**
   * Native engine only (not bpf2c): programs without a program type (the conformance suite's raw
   * mode) receive the memory buffer's length in r2, as the suite's plugins pass it.
   */
  readonly memoryLengthInR2?: boolean;
}

/** One generated C line with where it came from. */
export interface GeneratedLine {
  readonly text: string;
  /** The instruction this line implements (undefined for tables, prologues and directives). */
  readonly pc?: number;
  /** Index of the program (in the list given to the generator) the line belongs to. */
  readonly program?: number;
  /** The source location given by a `#line` directive to this line, if any. */
  readonly location?: SourceLocation;
}

export interface NativeOutput {
  /** The C text. */
  readonly code: string;
  /** Every line of `code` in order (1-based C line n is lines[n - 1]). */
  readonly lines: readonly GeneratedLine[];
  /** Name prefix of the tables: `<prefix>_metadata_table`. */
  readonly prefix: string;
  /** Every C function written for a program's eBPF function (entries and callees), in order. */
  readonly functions: readonly GeneratedFunctionRecord[];
}

/** One C function the generator wrote, recorded as it was written. */
export interface GeneratedFunctionRecord {
  /** The C name: the program's C name, or `<program>__<callee>` for a bpf-to-bpf callee. */
  readonly cName: string;
  /** Index of the program (in the list given to the generator). */
  readonly program: number;
  /** The eBPF function it implements (the entry's name, or the callee's). */
  readonly ebpfFunction: string;
  /** The eBPF instructions [startPc, endPc) it implements. */
  readonly startPc: number;
  readonly endPc: number;
  /** 0-based indices into `lines` of its head (the line holding the name) and of its closing brace. */
  readonly headLine: number;
  readonly lastLine: number;
}
