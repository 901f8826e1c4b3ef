// The Linux kfuncs the profile knows (`extern ... __ksym` functions called by BTF id), with the
// kernel's facts their C prototypes do not carry: flags (BTF_ID_FLAGS in the kernel's source),
// which program types' id sets hold them, and which arguments are objects on the program's stack.
// Only these kfuncs are checked; any other is refused by name, never passed silently.
//
// Availability: the open-coded number iterator, the generic dynptr kfuncs, the RCU read lock and
// bpf_cast_to_kern_ctx
// are in the kernel's common set (kernel/bpf/helpers.c, registered for every program type);
// bpf_dynptr_from_skb is in net/core/filter.c's skb set, bpf_dynptr_from_xdp in its xdp set. The
// skb and xdp answers were checked on the recording kernel (6.18) by loading one program per type
// (bpf_dynptr_from_skb loads in socket, tc, cgroup_skb, sk_skb and lwt_in programs; it is refused
// in kprobe and xdp programs, bpf_dynptr_from_xdp in tc programs). bpf_dynptr_slice_rdwr is not
// in the table: the recording kernel refuses it in tc and XDP programs alike ("bpf_dynptr_slice_rdwr()
// is not allowed"), a rule not modelled here.

import { ANY, CTX, INT, SZ0 } from './build';
import type { HelperPrototype, KernelFunction, StackObjectArg, StackObjectResult } from './types';

/** Kernel program type numbers (enum bpf_prog_type) of the skb kfunc set. */
const SKB_TYPES = [
  1, // socket_filter
  3, // sched_cls
  4, // sched_act
  8, // cgroup_skb
  10, // lwt_in
  11, // lwt_out
  12, // lwt_xmit
  14, // sk_skb
  19, // lwt_seg6local
  32, // netfilter
];
const XDP_TYPES = [6];

function kfunc(
  name: string,
  args: HelperPrototype['args'],
  returns: HelperPrototype['returns'],
  signature: string,
  doc: string,
  facts: {
    flags?: KernelFunction['flags'];
    objects?: readonly StackObjectArg[];
    result?: StackObjectResult;
    programTypes?: KernelFunction['programTypes'];
    rcuSection?: KernelFunction['rcuSection'];
  } = {},
): KernelFunction {
  return {
    // kfuncs have no helper id: -1 keeps them apart from every helper.
    prototype: { id: -1, name, args, returns, signature, doc, effects: {} },
    flags: facts.flags ?? [],
    stackObjects: facts.objects ?? [],
    ...(facts.result ? { result: facts.result } : {}),
    programTypes: facts.programTypes ?? 'any',
    ...(facts.rcuSection ? { rcuSection: facts.rcuSection } : {}),
  };
}

const DYNPTR_SIZE_DOC =
  'The dynptr must be initialised (bpf_dynptr_from_mem, bpf_ringbuf_reserve_dynptr, from_skb, from_xdp).';

const table: readonly KernelFunction[] = [
  kfunc(
    'bpf_iter_num_new',
    [ANY, ANY, ANY],
    INT,
    'int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end)',
    'Starts an open-coded iterator over the integers [start, end) in `it` (stack slots that must not hold an active iterator). Returns 0, or a negative error (the iterator is then empty); it must be destroyed either way.',
    { flags: ['iter_new'], objects: [{ reg: 1, role: 'iter_new', iter: 'num' }] },
  ),
  kfunc(
    'bpf_iter_num_next',
    [ANY],
    'ptr_to_btf_id_or_null',
    'int *bpf_iter_num_next(struct bpf_iter_num *it)',
    'The next integer of an active iterator, as a read-only `int *`, or NULL once the iteration is over.',
    {
      flags: ['iter_next', 'ret_null'],
      objects: [{ reg: 1, role: 'iter', iter: 'num' }],
      result: { kind: 'iter_next', size: 4 },
    },
  ),
  kfunc(
    'bpf_iter_num_destroy',
    [ANY],
    'void',
    'void bpf_iter_num_destroy(struct bpf_iter_num *it)',
    'Ends an iterator started with bpf_iter_num_new; required before the program exits.',
    { flags: ['iter_destroy'], objects: [{ reg: 1, role: 'iter_destroy', iter: 'num' }] },
  ),
  kfunc(
    'bpf_dynptr_from_skb',
    [CTX, ANY, ANY],
    INT,
    'int bpf_dynptr_from_skb(struct __sk_buff *s, u64 flags, struct bpf_dynptr *ptr__uninit)',
    'Initialises a dynptr over the packet of the program context (socket filter, tc, cgroup_skb, sk_skb, lwt programs).',
    { objects: [{ reg: 3, role: 'dynptr_new', dynptr: 'skb' }], programTypes: SKB_TYPES },
  ),
  kfunc(
    'bpf_dynptr_from_xdp',
    [CTX, ANY, ANY],
    INT,
    'int bpf_dynptr_from_xdp(struct xdp_md *x, u64 flags, struct bpf_dynptr *ptr__uninit)',
    'Initialises a dynptr over the packet of an XDP context (XDP programs only).',
    { objects: [{ reg: 3, role: 'dynptr_new', dynptr: 'xdp' }], programTypes: XDP_TYPES },
  ),
  kfunc(
    'bpf_dynptr_slice',
    [ANY, ANY, 'ptr_to_writable_mem_or_null', SZ0],
    'ptr_to_btf_id_or_null',
    'void *bpf_dynptr_slice(const struct bpf_dynptr *p, u32 offset, void *buffer__opt, u32 buffer__szk)',
    `A read-only pointer to buffer__szk bytes of the dynptr at offset (copied into buffer when they are not contiguous), or NULL when they are out of its range. ${DYNPTR_SIZE_DOC}`,
    {
      flags: ['ret_null'],
      objects: [{ reg: 1, role: 'dynptr' }],
      result: { kind: 'dynptr_data', sizeArg: 4, readOnly: true },
    },
  ),
  kfunc(
    'bpf_dynptr_adjust',
    [ANY, ANY, ANY],
    INT,
    'int bpf_dynptr_adjust(const struct bpf_dynptr *p, u32 start, u32 end)',
    `Narrows the dynptr to [start, end) of its current range. ${DYNPTR_SIZE_DOC}`,
    { objects: [{ reg: 1, role: 'dynptr' }] },
  ),
  kfunc(
    'bpf_dynptr_is_null',
    [ANY],
    INT,
    'bool bpf_dynptr_is_null(const struct bpf_dynptr *p)',
    'Whether the dynptr is NULL (its initialisation failed).',
    { objects: [{ reg: 1, role: 'dynptr' }] },
  ),
  kfunc(
    'bpf_dynptr_is_rdonly',
    [ANY],
    INT,
    'bool bpf_dynptr_is_rdonly(const struct bpf_dynptr *p)',
    'Whether the dynptr is read-only.',
    { objects: [{ reg: 1, role: 'dynptr' }] },
  ),
  kfunc(
    'bpf_dynptr_size',
    [ANY],
    INT,
    'u32 bpf_dynptr_size(const struct bpf_dynptr *p)',
    'The number of bytes the dynptr covers.',
    { objects: [{ reg: 1, role: 'dynptr' }] },
  ),
  kfunc(
    'bpf_dynptr_clone',
    [ANY, ANY],
    INT,
    'int bpf_dynptr_clone(const struct bpf_dynptr *p, struct bpf_dynptr *clone__uninit)',
    'Initialises clone__uninit as a copy of p; a clone of a ring buffer dynptr is released with it.',
    {
      objects: [
        { reg: 1, role: 'dynptr' },
        { reg: 2, role: 'dynptr_clone', from: 1 },
      ],
    },
  ),
  kfunc(
    'bpf_rcu_read_lock',
    [],
    'void',
    'void bpf_rcu_read_lock(void)',
    'Opens an RCU read section (not nested); the program must close it with bpf_rcu_read_unlock before it exits.',
    { rcuSection: 'lock' },
  ),
  kfunc(
    'bpf_rcu_read_unlock',
    [],
    'void',
    'void bpf_rcu_read_unlock(void)',
    'Closes the RCU read section bpf_rcu_read_lock opened.',
    { rcuSection: 'unlock' },
  ),
  kfunc(
    'bpf_cast_to_kern_ctx',
    [CTX],
    'ptr_to_btf_id',
    'void *bpf_cast_to_kern_ctx(void *obj)',
    "The kernel's own structure behind the program context (struct sk_buff for an __sk_buff, struct xdp_buff for an xdp_md), as a trusted pointer.",
  ),
];

export const linuxKernelFunctions: ReadonlyMap<string, KernelFunction> = new Map(
  table.map((k) => [k.prototype.name, k]),
);

/**
 * The dynptr helpers (ids 197-203 of <linux/bpf.h>): which of their arguments are dynptrs on the
 * stack, and what bpf_dynptr_data returns.
 */
export const linuxDynptrHelpers: ReadonlyMap<string, Pick<KernelFunction, 'stackObjects' | 'result'>> = new Map<
  string,
  Pick<KernelFunction, 'stackObjects' | 'result'>
>([
  ['bpf_dynptr_from_mem', { stackObjects: [{ reg: 4, role: 'dynptr_new', dynptr: 'local' }] }],
  ['bpf_ringbuf_reserve_dynptr', { stackObjects: [{ reg: 4, role: 'dynptr_new', dynptr: 'ringbuf' }] }],
  ['bpf_ringbuf_submit_dynptr', { stackObjects: [{ reg: 1, role: 'dynptr_release' }] }],
  ['bpf_ringbuf_discard_dynptr', { stackObjects: [{ reg: 1, role: 'dynptr_release' }] }],
  ['bpf_dynptr_read', { stackObjects: [{ reg: 3, role: 'dynptr' }] }],
  ['bpf_dynptr_write', { stackObjects: [{ reg: 1, role: 'dynptr' }] }],
  [
    'bpf_dynptr_data',
    {
      stackObjects: [{ reg: 1, role: 'dynptr' }],
      result: { kind: 'dynptr_data', sizeArg: 3, readOnly: false },
    },
  ],
]);
