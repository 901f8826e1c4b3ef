// The bpf_conformance plugin protocol (../shared/reference/isa-and-runtimes.md §1.5): the program as
// hex, an optional memory buffer; r1 = the buffer (0 when none), r2 = its length, r10 = a 512-byte
// stack; helper 5 = "unwind" (returns its r1; 0 ends the program with r0 = 0); callx calls the
// helper whose id is in the register. The result is r0 as 64 bits.

import { decodeInstructions, hexToBytes } from '../isa/decode';
import type { HelperPrototype, PlatformProfile, ProgramType } from '../platform/types';
import { linuxVerifierPolicy } from '../platform/policy';
import { programFromInstructions } from '../program/fromInstructions';
import type { HelperFn } from './compile';
import { VmError } from './errors';
import { Vm } from './vm';

/** The conformance environment has no OS helpers: only the suite's own helper 5. */
export const conformancePlatform: PlatformProfile = {
  id: 'linux',
  displayName: 'bpf_conformance plugin environment',
  helpers: new Map<number, HelperPrototype>(),
  programTypes: [],
  mapTypes: new Map(),
  contextPointerSize: 8,
  allowsDivisionByZero: true,
  maxTailCalls: 33,
  maxInstructions: 1_000_000,
  resultBits: 64,
  verifierPolicy: linuxVerifierPolicy,
  programTypeForSection: (): ProgramType | undefined => undefined,
  helper: (): HelperPrototype | undefined => undefined,
};

const unwind: HelperFn = (m) => {
  // Returns its argument; a zero result stops the program with r0 = 0.
  m.lo[0] = m.lo[1];
  m.hi[0] = m.hi[1];
  if (m.lo[1] === 0 && m.hi[1] === 0) m.stopRequest = 1;
};

export const CONFORMANCE_HELPERS: ReadonlyMap<number, HelperFn> = new Map([[5, unwind]]);

export interface ConformanceOutcome {
  readonly r0: bigint;
  readonly instructions: number;
}

/** Run one conformance program. Throws VmError (or DecodeError) when it cannot run to the end. */
export function runConformance(programHex: string, memoryHex = '', budget = 1_000_000): ConformanceOutcome {
  const insns = decodeInstructions(hexToBytes(programHex));
  if (insns.length === 0) throw new VmError('empty program');
  const program = programFromInstructions(insns, conformancePlatform);
  const vm = new Vm(program, { helperOverrides: CONFORMANCE_HELPERS, budget, seed: 1 });
  const result = vm.run(memoryHex.trim() ? { memory: hexToBytes(memoryHex) } : {});
  if (result.error) throw result.error;
  return { r0: result.returnValue, instructions: result.instructions };
}
