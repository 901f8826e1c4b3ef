// Which helpers each Linux program type may call: the kernel's own answer, recorded per program type
// and attach type by scripts/probe-linux-helpers.mjs into linuxHelperAvailability.generated.ts (with
// the kernel release), plus the few helpers that recording kernel refuses for reasons of its own
// build or boot configuration, which kernels in general offer. Nothing here is guessed per type.
import { linuxHelperAvailability, type HelperAvailabilityRow } from './linuxHelperAvailability.generated';
import { PlatformTableError } from './build';

/** A helper the recording kernel refuses to some targets that kernels in general offer it to. */
export interface AvailabilityAdjustment {
  readonly helper: number;
  /** Probe target keys (linuxHelperAvailability rows) that get the helper. */
  readonly targets: readonly string[];
  readonly reason: string;
}

// Every target whose helpers come from bpf_tracing_func_proto (kprobe, tracepoints, perf events,
// BTF tracepoints, iterators).
const TRACING_TARGETS = [
  'kprobe',
  'kprobe_multi',
  'tracepoint',
  'perf_event',
  'raw_tracepoint',
  'raw_tracepoint.w',
  'tp_btf',
  'iter',
];

export const availabilityAdjustments: readonly AvailabilityAdjustment[] = [
  {
    helper: 36, // bpf_probe_write_user
    targets: TRACING_TARGETS,
    reason:
      'the recording kernel is locked down (integrity mode, CONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY), and lockdown hides bpf_probe_write_user (LOCKDOWN_BPF_WRITE_USER); kernels without lockdown offer it to tracing programs',
  },
  {
    helper: 58, // bpf_override_return
    targets: ['kprobe', 'kprobe_multi'],
    reason:
      'needs CONFIG_BPF_KPROBE_OVERRIDE, which the recording kernel lacks and distribution kernels usually enable',
  },
  {
    helper: 54, // bpf_xdp_adjust_meta
    targets: ['xdp'],
    reason:
      "mainline's xdp_func_proto offers it to XDP programs; the recording kernel (6.18.44-fc, a hosting provider's build) answers that the program type cannot use it, for a reason not found",
  },
];

/**
 * A target the recording kernel refuses before its verifier runs (fentry, fexit, fmod_ret and lsm
 * answer EPERM there), modelled on a recorded target that the kernel gives the same helper table
 * (tracing_prog_func_proto), plus the helpers the kernel offers only to its attach type. Not
 * checked against a kernel here; `ebpf info` and docs/verifier-agreement.md say so.
 */
export interface ModelledAvailability {
  readonly key: string;
  readonly modelledOn: string;
  readonly plus: readonly number[];
  readonly reason: string;
}

// Every program on a BPF trampoline (bpf_prog_has_trampoline: fentry, fexit, fmod_ret, lsm):
// bpf_get_func_ip (173), bpf_get_func_arg (183), bpf_get_func_ret (184, -EOPNOTSUPP at run time
// where there is no return value yet), bpf_get_func_arg_cnt (185); and bpf_d_path (147), which the
// kernel's `allowed` callback offers only for some targets (functions on its d_path allowlist,
// sleepable LSM hooks) that only vmlinux BTF names, so we offer it to all (tp_btf was recorded on
// sched_switch, where it is refused).
const TRAMPOLINE = [173, 183, 184, 185, 147];
// bpf_lsm_func_proto: inode storage (145, 146), bpf_bprm_opts_set (159), IMA hashes (161, 193).
const LSM_ONLY = [145, 146, 159, 161, 193];

export const modelledAvailability: readonly ModelledAvailability[] = [
  { key: 'fentry', modelledOn: 'tp_btf', plus: TRAMPOLINE, reason: 'trampoline helpers' },
  {
    key: 'fexit',
    modelledOn: 'tp_btf',
    plus: TRAMPOLINE,
    reason: 'trampoline helpers',
  },
  {
    key: 'fmod_ret',
    modelledOn: 'tp_btf',
    plus: TRAMPOLINE,
    reason: 'trampoline helpers',
  },
  {
    key: 'lsm',
    modelledOn: 'tp_btf',
    plus: [...TRAMPOLINE, ...LSM_ONLY],
    reason: 'LSM storage and IMA helpers',
  },
];

const rowsByKey = new Map(linuxHelperAvailability.map((r) => [r.key, r]));

/** The modelled availability of a target the recording kernel refused, if there is one. */
export function modelFor(key: string): ModelledAvailability | undefined {
  const row = rowsByKey.get(key);
  if (row?.available) return undefined;
  return modelledAvailability.find((m) => m.key === key);
}

/**
 * Helpers a sleepable variant (fentry.s, lsm.s) adds to its target: what the kernel offers a
 * sleepable iterator beyond an ordinary one (bpf_copy_from_user and the like), as recorded.
 */
export function sleepableExtras(): readonly number[] {
  const plain = availabilityRow('iter').available ?? [];
  return (availabilityRow('iter.s').available ?? []).filter((id) => !plain.includes(id));
}

/** The recorded row of a probe target; a table error when the key is not in the recorded probe. */
export function availabilityRow(key: string): HelperAvailabilityRow {
  const row = rowsByKey.get(key);
  if (!row) throw new PlatformTableError(`linux helper availability: no probe target '${key}'`);
  return row;
}

/**
 * Helper ids a probe target may call: the recorded list and the adjustments for that target.
 * Undefined when the recording kernel refused the target altogether (its `refusedWith` says why).
 */
export function availableHelpers(key: string): ReadonlySet<number> | undefined {
  const row = availabilityRow(key);
  const model = modelFor(key);
  if (model) {
    const base = availableHelpers(model.modelledOn);
    return base ? new Set([...base, ...model.plus]) : undefined;
  }
  if (!row.available) return undefined;
  const ids = new Set(row.available);
  for (const a of availabilityAdjustments) if (a.targets.includes(key)) ids.add(a.helper);
  return ids;
}

/**
 * The program types (kernel names, every type the probe covered, not only the ones this profile
 * models) that may call a helper, with the attach types when only some of a type's have it:
 * `['sched_cls', 'cgroup_sock_addr (cgroup/connect4, cgroup/connect6)']`.
 */
export function linuxProgramTypesOffering(helper: number): string[] {
  const byType = new Map<string, { have: string[]; judged: number }>();
  for (const row of linuxHelperAvailability) {
    // Recorded answers only: modelled targets are not the kernel's word.
    const ids = modelFor(row.key) ? undefined : availableHelpers(row.key);
    if (!ids) continue;
    const entry = byType.get(row.type) ?? { have: [], judged: 0 };
    entry.judged += 1;
    if (ids.has(helper)) entry.have.push(row.key);
    byType.set(row.type, entry);
  }
  const out: string[] = [];
  for (const [type, { have, judged }] of byType) {
    if (have.length === 0) continue;
    out.push(have.length === judged ? type : `${type} (${have.join(', ')})`);
  }
  return out;
}
