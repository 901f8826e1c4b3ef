// What the kernel lets a loader WITHOUT capabilities load (no CAP_BPF, CAP_PERFMON, CAP_NET_ADMIN
// or CAP_SYS_ADMIN; unprivileged BPF enabled): which program types at all, which helpers each may
// call (recorded from the kernel by scripts/probe-linux-unprivileged.mjs), which context fields
// stay root's, and the smaller instruction limit. The verifier's unprivileged checks read this.
import { PlatformTableError } from './build';
import { linuxUnprivilegedAvailability } from './linuxUnprivileged.generated';
import type { ProgramType } from './types';

export type UnprivilegedLoad =
  /** The kernel loads the type for such a loader; these helpers it refuses (root may call them). */
  | { readonly kind: 'loads'; readonly available: ReadonlySet<number> }
  /** The kernel refuses every program of the type (EPERM before its verifier runs). */
  | { readonly kind: 'refused'; readonly reason: string };

/** BPF_MAXINSNS: the instruction count an unprivileged loader may not exceed (root: 1,000,000). */
export const UNPRIVILEGED_MAX_INSTRUCTIONS = 4096;

/**
 * Context fields an unprivileged program may not access although the type has them: cgroup_skb's
 * direct packet access and its timestamp write need CAP_BPF (cg_skb_is_valid_access).
 */
export const ROOT_ONLY_CONTEXT_FIELDS: Readonly<
  Record<string, { readonly read: readonly string[]; readonly write: readonly string[] }>
> = {
  cgroup_skb: { read: ['data', 'data_end'], write: ['tstamp'] },
};

/** What the kernel does with a program of `type` from an unprivileged loader. */
export function linuxUnprivilegedLoad(type: ProgramType): UnprivilegedLoad {
  const rows = linuxUnprivilegedAvailability.filter((r) => r.progType === type.number);
  if (rows.length === 0)
    throw new PlatformTableError(`linux unprivileged loads: program type ${type.number} (${type.name}) was not probed`);
  const refused = rows.find((r) => r.available === undefined);
  if (refused) return { kind: 'refused', reason: refused.refusedWith ?? 'refused' };
  // Attach types of one program type may differ: keep only what every one of them allows.
  const [first, ...rest] = rows.map((r) => new Set(r.available));
  const available = new Set([...(first ?? [])].filter((id) => rest.every((s) => s.has(id))));
  return { kind: 'loads', available };
}
