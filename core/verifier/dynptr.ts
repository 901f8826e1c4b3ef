// Dynptrs, minimally: the read-only `struct bpf_dynptr *` that bpf_user_ringbuf_drain passes to its
// callback (T.dynptr). Only the dynptr helpers accept it: it cannot be dereferenced or moved
// (value.ts keeps it out of the memory types), released, or initialised again. Dynptrs the program
// builds on its own stack are not modelled (they stay stack memory).

import type { HelperPrototype } from '../platform/types';
import type { State } from './state';
import type { FailureInit } from './failure';
import { NUMBER_TOP, T, iv, type Value } from './value';

/** Helpers that release the dynptr they are given (it must be one the program owns). */
const RELEASES = new Set(['bpf_ringbuf_submit_dynptr', 'bpf_ringbuf_discard_dynptr']);
/** Helpers that initialise the dynptr they are given (it must be uninitialised stack). */
const INITIALISES = new Set(['bpf_dynptr_from_mem', 'bpf_ringbuf_reserve_dynptr']);

/** Per prototype, its dynptr argument registers: read from the C signature once, not per call. */
const dynptrArgsOf = new WeakMap<HelperPrototype, readonly number[]>();

/** The argument registers where the prototype takes a `struct bpf_dynptr *` (from its C signature). */
function dynptrArgs(proto: HelperPrototype): readonly number[] {
  const cached = dynptrArgsOf.get(proto);
  if (cached) return cached;
  const open = proto.signature.indexOf('(');
  const params = open < 0 ? [] : proto.signature.slice(open + 1, proto.signature.lastIndexOf(')')).split(',');
  const out: number[] = [];
  params.forEach((p, i) => {
    if (/struct\s+bpf_dynptr\s*\*/.test(p)) out.push(i + 1);
  });
  dynptrArgsOf.set(proto, out);
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
    if (proto.args[r - 1] === 'ptr_to_alloc_mem' && v?.alloc?.fromDynptr)
      return {
        code: 'helper-argument',
        message: `argument ${r} of \`${proto.name}\` (r${r}) is the data of a dynptr (bpf_dynptr_data), not a record from bpf_ringbuf_reserve`,
        condition: `r${r}.type == alloc_mem`,
        regs: [r],
      };
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

/**
 * `bpf_dynptr_data(ptr, offset, len)` on the dynptr of a drain callback: NULL, or `len` bytes (a
 * constant). The kernel types them writable memory (PTR_TO_MEM, maybe NULL) and returns NULL at run
 * time for a read-only dynptr such as this one. Undefined for any other call (its table result).
 */
export function dynptrDataResult(pc: number, s: State, proto: HelperPrototype): Value | undefined {
  if (proto.name !== 'bpf_dynptr_data' || s.regs[1]?.t !== T.dynptr) return undefined;
  const len = s.regs[3];
  const n = len?.t === T.number ? len.num : undefined;
  if (!n || n.umin !== n.umax || n.umax > BigInt(MAX_DATA)) return NUMBER_TOP;
  // A pointer this call returned on an earlier round is another pointer now (as helperResult's ids).
  s.mapValues((x) => (x.alloc?.nullId === pc ? { ...x, alloc: { ...x.alloc, nullId: -1 } } : x));
  return {
    t: T.alloc,
    alloc: { maps: [], off: iv(0), size: Number(n.umax), nullable: true, nullId: pc, origin: pc, fromDynptr: true },
  };
}

/** Larger constant lengths are refused by the kernel anyway; the data stays a number then. */
const MAX_DATA = 1 << 29;
