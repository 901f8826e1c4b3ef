// Dynptrs, minimally: the read-only `struct bpf_dynptr *` that bpf_user_ringbuf_drain passes to its
// callback (T.dynptr). Only the dynptr helpers accept it: it cannot be dereferenced or moved
// (value.ts keeps it out of the memory types), released, or initialised again. Dynptrs the program
// builds on its own stack are not modelled (they stay stack memory).

import type { HelperPrototype } from '../platform/types';
import type { State } from './state';
import type { FailureInit } from './transfer';
import { T } from './value';

/** Helpers that release the dynptr they are given (it must be one the program owns). */
const RELEASES = new Set(['bpf_ringbuf_submit_dynptr', 'bpf_ringbuf_discard_dynptr']);
/** Helpers that initialise the dynptr they are given (it must be uninitialised stack). */
const INITIALISES = new Set(['bpf_dynptr_from_mem', 'bpf_ringbuf_reserve_dynptr']);

/** The argument registers where the prototype takes a `struct bpf_dynptr *` (from its C signature). */
function dynptrArgs(proto: HelperPrototype): number[] {
  const open = proto.signature.indexOf('(');
  if (open < 0) return [];
  const params = proto.signature.slice(open + 1, proto.signature.lastIndexOf(')')).split(',');
  const out: number[] = [];
  params.forEach((p, i) => {
    if (/struct\s+bpf_dynptr\s*\*/.test(p)) out.push(i + 1);
  });
  return out;
}

/** A misuse of a kernel-owned dynptr at a helper call, or a dynptr where the helper wants none. */
export function dynptrArgProblem(s: State, proto: HelperPrototype): FailureInit | undefined {
  const dynArgs = dynptrArgs(proto);
  for (const r of dynArgs) {
    const v = s.regs[r];
    if (!v || !(v.t & T.dynptr)) continue;
    const base = `argument ${r} of \`${proto.name}\` (r${r}) is the read-only dynptr \`bpf_user_ringbuf_drain\` passes to its callback`;
    if (RELEASES.has(proto.name))
      return {
        code: 'helper-argument',
        message: `${base}; the kernel owns it, so the callback cannot submit or discard it (only a dynptr from bpf_ringbuf_reserve_dynptr can be released)`,
        condition: `r${r}: dynptr owned by the program`,
        regs: [r],
      };
    if (INITIALISES.has(proto.name))
      return {
        code: 'helper-argument',
        message: `${base}; \`${proto.name}\` initialises a dynptr and needs an uninitialised one on the stack (a local \`struct bpf_dynptr\`)`,
        condition: `r${r}: uninitialised dynptr on the stack`,
        regs: [r],
      };
  }
  for (let r = 1; r <= 5 && r <= proto.args.length; r++) {
    const v = s.regs[r];
    if (!v || !(v.t & T.dynptr) || dynArgs.includes(r)) continue;
    const kind = proto.args[r - 1];
    if (kind === 'anything') continue; // the kernel passes any value there (bpf_printk's %lx)
    return {
      code: 'helper-argument',
      message: `argument ${r} of \`${proto.name}\` (r${r}) is a dynptr, which only the bpf_dynptr_* helpers accept; read its data with bpf_dynptr_read or bpf_dynptr_data first`,
      condition: `r${r}.type != dynptr`,
      regs: [r],
    };
  }
  return undefined;
}
