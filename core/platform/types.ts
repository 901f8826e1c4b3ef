// The shape of a target platform: what the same ELF bytes mean on eBPF for Windows or on Linux.
// Data only; windows.ts and linux.ts fill it in, every consumer reads it.

import type { UnprivilegedLoad } from './linuxUnprivileged';

export type PlatformId = 'windows' | 'linux';

/**
 * Helper argument kinds in verifier terms (PREVAIL's names, ../reference/ebpf-for-windows.md §1.1),
 * plus the few Linux kinds our Linux profile needs.
 */
export type HelperArgKind =
  | 'anything'
  | 'const_size'
  | 'const_size_or_zero'
  | 'ptr_to_ctx'
  | 'ptr_to_ctx_or_null'
  | 'ptr_to_map'
  | 'ptr_to_map_of_programs'
  | 'ptr_to_map_key'
  | 'ptr_to_map_value'
  | 'ptr_to_readable_mem'
  | 'ptr_to_readable_mem_or_null'
  | 'ptr_to_writable_mem'
  | 'ptr_to_writable_mem_or_null'
  | 'ptr_to_stack'
  | 'ptr_to_stack_or_null'
  /** Linux: a pointer to a zero-terminated constant format string (trace_printk's fmt is readable mem). */
  | 'ptr_to_const_str'
  /** Linux: a pointer to a u64 the helper writes (e.g. the result of bpf_strtol). */
  | 'ptr_to_long'
  /** Linux: a pointer to a ringbuf record obtained from bpf_ringbuf_reserve. */
  | 'ptr_to_alloc_mem'
  /** Linux: a pointer to a struct bpf_spin_lock inside a map value. */
  | 'ptr_to_spin_lock'
  /** Linux: a pointer to a socket / BTF object; our verifier treats these as opaque pointers. */
  | 'ptr_to_btf_id'
  /** Linux: a callback function (lddw src=4). */
  | 'ptr_to_func';

export type HelperReturnKind =
  | 'integer'
  | 'ptr_to_map_value_or_null'
  /** bpf_tail_call: does not return if it succeeds (Linux), or returns and the runtime jumps (Windows). */
  | 'integer_or_no_return_if_succeed'
  /** Linux: bpf_ringbuf_reserve. The size comes from the const_size argument. */
  | 'ptr_to_alloc_mem_or_null'
  /** Linux: helpers returning an opaque kernel object pointer or NULL (sk_lookup, ...). */
  | 'ptr_to_btf_id_or_null'
  /** Linux: a trusted kernel object pointer that is never NULL (bpf_get_current_task_btf). */
  | 'ptr_to_btf_id'
  | 'void';

/**
 * What a helper does beyond its argument and return kinds, as the kernel's verifier knows it
 * (bpf_helper_changes_pkt_data, is_acquire_function, check_map_func_compatibility). Profiles
 * without it (Windows) leave the verifier to its defaults.
 */
export interface HelperEffects {
  /** Moves or resizes packet data: every packet pointer taken before the call is invalid after it. */
  readonly changesPacket?: boolean;
  /** The result is a reference the program must release before it exits. */
  readonly acquires?: boolean;
  /** Releases the reference passed as argument 1. */
  readonly releases?: boolean;
  /** The map-value argument is an output the helper fills (pop, peek). */
  readonly writesMapValue?: boolean;
  /** The map types (MapTypeInfo.name) its map argument may be; absent: any the other rules allow. */
  readonly mapTypes?: readonly string[];
  /** Map types its map argument may not be. */
  readonly mapTypesRefused?: readonly string[];
}

export interface HelperPrototype {
  readonly id: number;
  /** The C name users write (bpf_map_lookup_elem). */
  readonly name: string;
  readonly args: readonly HelperArgKind[];
  readonly returns: HelperReturnKind;
  /** One or two sentences for hover and completion. */
  readonly doc: string;
  /** A C-like signature for hover, e.g. `void *bpf_map_lookup_elem(void *map, const void *key)`. */
  readonly signature: string;
  /** True for the bpf_trace_printk family: the VM formats the string and emits a printk event. */
  readonly printk?: boolean;
  /** Side effects as data (Linux: generated with the helper table from <linux/bpf.h>). */
  readonly effects?: HelperEffects;
}

export interface BtfResolvedFunction {
  /** The GUID of the extension module that provides it (its `module_id` decl tag). */
  readonly moduleId: string;
  /** Checked like a helper's (the id is not meaningful: the call names the function by BTF id). */
  readonly prototype: HelperPrototype;
}

/**
 * The kernel's facts about a kfunc that its C prototype does not carry (its BTF_ID_FLAGS in the
 * kernel: KF_ACQUIRE, KF_RELEASE, KF_RET_NULL, KF_ITER_NEW/NEXT/DESTROY, KF_TRUSTED_ARGS, KF_RCU,
 * KF_SLEEPABLE, KF_DESTRUCTIVE).
 */
export type KfuncFlag =
  | 'acquire'
  | 'release'
  | 'ret_null'
  | 'iter_new'
  | 'iter_next'
  | 'iter_destroy'
  | 'trusted_args'
  | 'rcu'
  | 'sleepable'
  | 'destructive';

/**
 * A `struct bpf_iter_*` or `struct bpf_dynptr` argument: an object on the program's stack (a
 * pointer to it is the argument) that the call creates, uses or ends.
 */
export type StackObjectArg =
  /** Creates an iterator in uninitialised slots (KF_ITER_NEW). */
  | { readonly reg: number; readonly role: 'iter_new'; readonly iter: string }
  /** Uses an active iterator (KF_ITER_NEXT) or ends it (KF_ITER_DESTROY). */
  | { readonly reg: number; readonly role: 'iter' | 'iter_destroy'; readonly iter: string }
  /** Creates a dynptr of this kind in uninitialised slots (`__uninit`, MEM_UNINIT). */
  | { readonly reg: number; readonly role: 'dynptr_new'; readonly dynptr: 'local' | 'ringbuf' | 'skb' | 'xdp' }
  /** Uses an initialised dynptr (the drain callback's read-only one too). */
  | { readonly reg: number; readonly role: 'dynptr' }
  /** Creates a dynptr that is a copy of the one in `from` (bpf_dynptr_clone). */
  | { readonly reg: number; readonly role: 'dynptr_clone'; readonly from: number }
  /** Submits or discards a ring buffer dynptr (OBJ_RELEASE). */
  | { readonly reg: number; readonly role: 'dynptr_release' };

/** What a kfunc (or dynptr helper) returns, where it is more than its prototype's kind. */
export type StackObjectResult =
  /** bpf_iter_num_next: NULL once the iteration is over, else a read-only int. */
  | { readonly kind: 'iter_next'; readonly size: number }
  /** The bytes of a dynptr, `size` from the constant argument `sizeArg`, or NULL. */
  | { readonly kind: 'dynptr_data'; readonly sizeArg: number; readonly readOnly: boolean };

/** A Linux kfunc the profile knows: checked like a helper, plus the kernel's flags and availability. */
export interface KernelFunction {
  /** Object arguments are `anything` here: stackObjects describes them. */
  readonly prototype: HelperPrototype;
  readonly flags: readonly KfuncFlag[];
  readonly stackObjects: readonly StackObjectArg[];
  readonly result?: StackObjectResult;
  /**
   * The kernel program type numbers whose kfunc id set holds it, or 'any' (the kernel's
   * common_btf_ids, registered for BPF_PROG_TYPE_UNSPEC).
   */
  readonly programTypes: 'any' | readonly number[];
  /** bpf_rcu_read_lock / unlock: opens or closes the program's RCU read section (not nested). */
  readonly rcuSection?: 'lock' | 'unlock';
}

export type ContextFieldKind =
  /** An ordinary scalar field. */
  | 'scalar'
  /** Loading this field yields a pointer to the start of packet data. */
  | 'packet_start'
  /** Loading this field yields a pointer one past the end of packet data. */
  | 'packet_end'
  /** Loading this field yields a pointer to packet metadata (before data). */
  | 'packet_meta'
  /** Loading this field yields a kernel object pointer, never NULL (an iterator's meta). */
  | 'kernel_object'
  /** Loading this field yields a kernel object pointer that may be NULL (the iterated object). */
  | 'kernel_object_or_null'
  /**
   * Loading this field yields memory of `memorySize` bytes the program may read and write
   * (a flow dissector's struct bpf_flow_keys).
   */
  | 'context_memory'
  /**
   * One u64 argument of a BTF-typed tracing program (tp_btf, fentry, fexit, fmod_ret, lsm): a
   * kernel pointer or a number as the target's prototype says (see core/verifier/tracingArgs.ts).
   */
  | 'trace_argument';

export interface ContextField {
  readonly name: string;
  readonly offset: number;
  /** Size in bytes as the program accesses it (pointers are 8 on Windows, 4 on Linux __sk_buff/xdp_md). */
  readonly size: number;
  readonly kind: ContextFieldKind;
  /** Whether a program may store to this field. */
  readonly writable: boolean;
  /** C type for display (`__u32`, `void *`). */
  readonly cType: string;
  /** Symbolic names of the values, where the field is an enum (operation, family). */
  readonly values?: Readonly<Record<number, string>>;
  /** Number of elements when the field is an array (socket_address[16], user_ip6[4]). */
  readonly count?: number;
  /** `context_memory` fields: the size of the memory a load of the field points to. */
  readonly memorySize?: number;
}

export interface ContextLayout {
  /** The C struct name (xdp_md, bind_md, __sk_buff). */
  readonly structName: string;
  readonly size: number;
  readonly fields: readonly ContextField[];
}

export interface ProgramType {
  /** Stable short name (xdp, bind, sock_addr, sockops, socket_filter, kprobe...). */
  readonly name: string;
  /** The platform's numeric program type. */
  readonly number: number;
  /** Section prefixes that select this type; the longest matching prefix wins. */
  readonly sectionPrefixes: readonly string[];
  readonly context: ContextLayout;
  /** Helper ids beyond the global ones that this type offers (Windows ids > 0xFFFF, Linux per-type). */
  readonly helpers: ReadonlyMap<number, HelperPrototype>;
  /** Ids of global helpers this program type may not call (Linux restricts per type). */
  readonly forbiddenHelpers?: ReadonlySet<number>;
  /**
   * Ids of global helpers the platform's verifier accepts in this type but its extension does not
   * implement, so loading fails after verification (eBPF for Windows' global virtual helpers).
   */
  readonly unimplementedHelpers?: ReadonlySet<number>;
  /** Return value meanings (XDP_PASS...); keys are the numeric values. */
  readonly returnValues: Readonly<Record<number, string>>;
  /** Allowed return range [lo, hi], inclusive, if the platform checks it. */
  readonly returnRange?: readonly [number, number];
  /** The range holds for r0's low 32 bits as a signed int (Linux LSM hooks return int), not all 64. */
  readonly returnRangeOfInt32?: boolean;
  /**
   * Reads at any offset aligned to their size below this bound are valid, whatever the fields
   * (Linux tracepoints: PERF_MAX_TRACE_SIZE; the event's real record size is only checked when the
   * program is attached).
   */
  readonly anyAlignedReadBelow?: number;
  /** Whether the context gives packet access (data/data_end). */
  readonly hasPacket: boolean;
  /**
   * What limits our verdicts for this type, shown by `ebpf info` (Linux fentry: modelled on tp_btf,
   * not checked against a kernel).
   */
  readonly verdictCaveat?: string;
  /** The program may read the packet but not write it (Linux lwt_in, flow_dissector, cgroup_skb...). */
  readonly packetReadOnly?: boolean;
  readonly description: string;
}

export type MapKind =
  | 'hash'
  | 'array'
  | 'prog_array'
  | 'percpu_hash'
  | 'percpu_array'
  | 'hash_of_maps'
  | 'array_of_maps'
  | 'lru_hash'
  | 'lru_percpu_hash'
  | 'lpm_trie'
  | 'queue'
  | 'stack'
  | 'ringbuf'
  | 'perf_event_array'
  | 'other';

export interface MapTypeInfo {
  readonly number: number;
  /** Display name as netsh / bpftool print it (hash, array, lru_hash...). */
  readonly name: string;
  readonly kind: MapKind;
  readonly perCpu: boolean;
  /** Whether lookups return a value pointer the program can use (false for queue/stack/ringbuf/perf). */
  readonly lookupReturnsValue: boolean;
  /** Whether the platform's core implements this type (else it is an extension's custom map). */
  readonly supported: boolean;
}

/**
 * Where the platform's verifier judges programs differently (the Linux kernel vs PREVAIL as eBPF
 * for Windows configures it), as named flags the verifier (core/verifier) reads instead of
 * branching on the platform id.
 */
export interface VerifierPolicy {
  /**
   * The kernel's rules for a privileged loader (allow_ptr_leaks, CAP_PERFMON/CAP_SYS_ADMIN): pointer
   * leaks, truncated pointers, pointer subtraction across regions and uninitialised stack reads are
   * warnings when the loader is privileged. PREVAIL has no privilege.
   */
  readonly privilegedLoaderRelaxations: boolean;
  /** LD_ABS/LD_IND (legacy packet loads) exist (socket filter and tc programs). */
  readonly legacyPacketLoads: boolean;
  /** PREVAIL's comparison rules: a pointer is compared only with 0 or with a pointer into its own region. */
  readonly pointerComparisonRules: boolean;
  /** The context is accessed through the unmodified pointer and within one field (the kernel's context access conversion). */
  readonly exactContextFields: boolean;
  /** Maps' access flags hold for programs: writes to read-only maps (.rodata, BPF_F_RDONLY_PROG) and reads of write-only ones (BPF_F_WRONLY_PROG) are refused at load time. */
  readonly mapAccessFlagsEnforced: boolean;
  /** The kernel's pointer arithmetic: offsets stay within ±2^29 (check_reg_sane_offset); constants move kernel-object pointers. */
  readonly kernelPointerArithmetic: boolean;
  /** A return value outside the program type's range: an error (the kernel), or a warning (PREVAIL checks only that r0 is a number). */
  readonly returnRange: 'error' | 'warning';
  /** Helper arguments of kind `anything` must be numbers (PREVAIL). */
  readonly anythingArgumentIsNumber: boolean;
  /** bpf_printk's unused value arguments may be uninitialised (the Linux prototype leaves them unchecked). */
  readonly printkArgumentsOptional: boolean;
  /** Map keys and values passed on the stack hold numbers only, never spilled pointers (PREVAIL's ValidMapKeyValue). */
  readonly numericMapKeysAndValues: boolean;
  /** A maybe-NULL inner map passed to a helper: an error (the kernel) or a warning (PREVAIL checks only that it is a map). */
  readonly nullInnerMapArgument: 'error' | 'warning';
  /** bpf_redirect_map only through device, CPU and AF_XDP socket maps. */
  readonly redirectMapTypesChecked: boolean;
  /**
   * Uninitialised stack bytes passed as a helper's readable memory: refused unless the loader is
   * privileged ('privilege', the kernel), or refused for map keys and values only and a warning
   * otherwise ('map-keys-and-values', PREVAIL).
   */
  readonly uninitialisedHelperMemory: 'privilege' | 'map-keys-and-values';
  /** Signed comparisons of a packet pointer with data_end prove packet bounds too (PREVAIL). */
  readonly signedPacketBounds: boolean;
  /** A NULL inner map stays typed as a map after its NULL check (PREVAIL); the kernel makes it the number 0. */
  readonly nullInnerMapStaysMap: boolean;
  /** Some maps are refused to some program types outright (the kernel's check_map_prog_compatibility; see mapProgCompat.ts). */
  readonly mapProgramTypeCompatibility: boolean;
  /** A `ptr_to_const_str` argument must point into a read-only map at a NUL-terminated constant (see constStr.ts). */
  readonly constStringArguments: boolean;
  /**
   * Callbacks passed to helpers (bpf_loop, for_each_map_elem, user_ringbuf_drain, timers) are
   * verified as the helper calls them, with its return range, and the dynptr a drain callback gets
   * is only for the dynptr helpers (see callbacks.ts, dynptr.ts).
   */
  readonly callbacksVerifiedInContext: boolean;
  /** Reading part of a spilled pointer back from the stack is refused ("invalid size of register fill"). */
  readonly partialPointerFillRefused: boolean;
}

export interface PlatformProfile {
  readonly id: PlatformId;
  readonly displayName: string;
  /** Global helpers by id. Program-type helpers live on the ProgramType. */
  readonly helpers: ReadonlyMap<number, HelperPrototype>;
  readonly programTypes: readonly ProgramType[];
  readonly mapTypes: ReadonlyMap<number, MapTypeInfo>;
  /** Pointers stored in the context (data, data_end) are 8 bytes on Windows, 4 on Linux xdp_md. */
  readonly contextPointerSize: 4 | 8;
  /** Whether the verifier accepts division by a possibly-zero register (Windows: yes; Linux: yes at runtime, 0 result). */
  readonly allowsDivisionByZero: boolean;
  /** Maximum number of tail calls in a chain (Windows 33, Linux 33). */
  readonly maxTailCalls: number;
  /** Maximum instructions the target loader accepts per program. */
  readonly maxInstructions: number;
  /**
   * Bytes of stack one call chain may use in all (the frames' depths, each rounded up to 32 bytes),
   * checked when set: the Linux kernel's 512 (check_max_stack_depth). PREVAIL gives every frame its own.
   */
  readonly combinedStackLimit?: number;
  /** Program results are truncated to 32 bits on Windows. */
  readonly resultBits: 32 | 64;
  /**
   * Helpers whose map argument's type the platform's verifier does not check at load time (the call
   * fails at run time instead): eBPF for Windows' PREVAIL accepts push/pop/peek on any map.
   */
  readonly mapTypeCheckedAtRunTime?: ReadonlySet<string>;
  /**
   * Functions called by BTF id (`.ksyms` externs, call src=2) that the platform knows a prototype
   * for, by name: eBPF for Windows' BTF-resolved functions, registered by an extension module.
   */
  readonly btfResolvedFunctions?: ReadonlyMap<string, BtfResolvedFunction>;
  /** Linux kfuncs (`.ksyms` externs called by BTF id) the profile knows, by name. */
  readonly kernelFunctions?: ReadonlyMap<string, KernelFunction>;
  /** Helpers whose `struct bpf_dynptr *` arguments are stack objects (Linux), by helper name. */
  readonly dynptrHelpers?: ReadonlyMap<string, Pick<KernelFunction, 'stackObjects' | 'result'>>;
  /** Verdict rules that differ between the platforms' verifiers. */
  readonly verifierPolicy: VerifierPolicy;
  /**
   * Global constants a platform's agent loader inlines: every lddw of a variable named `prefix…` in
   * ELF section `section` becomes an immediate load of the variable's value (Cilium's CONFIG()
   * macro, which its loader rewrites before the kernel sees the program), not a map value pointer.
   */
  readonly loaderInlinedConstants?: { readonly section: string; readonly prefix: string };
  /**
   * The program types that may call a helper, by the platform's type names (Linux: every kernel
   * type its recorded probe covered, with the attach types where only some have it). Absent: the
   * profile's own program types that resolve it (programTypesOffering in build.ts).
   */
  readonly programTypesOffering?: (helperId: number) => readonly string[];
  /** Linux: what the kernel loads of a program type for a loader without capabilities. */
  readonly unprivilegedLoad?: (programType: ProgramType) => UnprivilegedLoad;
  /** Resolve the program type for an ELF section name (longest prefix), or undefined. */
  programTypeForSection(section: string): ProgramType | undefined;
  /** Resolve a helper for a given program type (program-type helpers shadow global ones). */
  helper(id: number, programType: ProgramType | undefined): HelperPrototype | undefined;
}
