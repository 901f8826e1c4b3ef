// Per-type helper availability of the Linux profile against the kernel: the profile's allowed helpers
// for every section it knows equal the recorded probe (plus the listed adjustments), and on the
// kernel the table was recorded on, a live probe (scripts/probe-linux-helpers.mjs, root) equals the
// record for every target, and so the profile. On another kernel the live part skips, naming it.
import { strict as assert } from 'node:assert';
import os from 'node:os';
import { describe, it } from 'node:test';
import { linuxProfile } from '../../../core/platform/index';
import {
  availabilityAdjustments,
  availabilityRow,
  availableHelpers,
  linuxProgramTypesOffering,
  modelFor,
  modelledAvailability,
  sleepableExtras,
} from '../../../core/platform/linuxHelperAvailability';
import {
  linuxHelperAvailability,
  linuxHelperAvailabilityKernel,
  linuxHelperAvailabilityMaxId,
} from '../../../core/platform/linuxHelperAvailability.generated';
import type { ProgramType } from '../../../core/platform/types';
import {
  generatedMaxId,
  hostCompiler,
  probeHelpers,
  TARGETS,
  type ProbeResult,
} from '../../../scripts/probe-linux-helpers.mjs';
import { externalSkip } from '../../support/skip';
import { defined } from '../../support/at';

/** The probe target of each section prefix the profile knows: the attach type libbpf sets for it. */
const SECTION_TARGET: Record<string, string> = {
  socket: 'socket_filter',
  kprobe: 'kprobe',
  kretprobe: 'kprobe',
  uprobe: 'kprobe',
  uretprobe: 'kprobe',
  ksyscall: 'kprobe',
  kretsyscall: 'kprobe',
  usdt: 'kprobe',
  tc: 'sched_cls',
  classifier: 'sched_cls',
  // libbpf sets BPF_TCX_INGRESS/EGRESS; tc_cls_act_func_proto does not look at the attach type.
  'tcx/ingress': 'sched_cls',
  'tcx/egress': 'sched_cls',
  action: 'sched_act',
  tracepoint: 'tracepoint',
  tp: 'tracepoint',
  xdp: 'xdp',
  'xdp.frags': 'xdp',
  perf_event: 'perf_event',
  'cgroup_skb/ingress': 'cgroup_skb/ingress',
  'cgroup/skb': 'cgroup_skb/ingress',
  'cgroup_skb/egress': 'cgroup_skb/egress',
  'cgroup/sock': 'cgroup/sock_create',
  'cgroup/sock_create': 'cgroup/sock_create',
  'cgroup/sock_release': 'cgroup/sock_release',
  'cgroup/post_bind4': 'cgroup/post_bind4',
  'cgroup/post_bind6': 'cgroup/post_bind6',
  sockops: 'sockops',
  raw_tracepoint: 'raw_tracepoint',
  raw_tp: 'raw_tracepoint',
  iter: 'iter',
  // Sleepable iterators: bpf_copy_from_user(_task) too.
  'iter.s': 'iter.s',
  'cgroup/bind4': 'cgroup/bind4',
  'cgroup/bind6': 'cgroup/bind6',
  'cgroup/connect4': 'cgroup/connect4',
  'cgroup/connect6': 'cgroup/connect6',
  'cgroup/sendmsg4': 'cgroup/sendmsg4',
  'cgroup/sendmsg6': 'cgroup/sendmsg6',
  'cgroup/recvmsg4': 'cgroup/recvmsg4',
  'cgroup/recvmsg6': 'cgroup/recvmsg6',
  'cgroup/getpeername4': 'cgroup/getpeername4',
  'cgroup/getpeername6': 'cgroup/getpeername6',
  'cgroup/getsockname4': 'cgroup/getsockname4',
  'cgroup/getsockname6': 'cgroup/getsockname6',
  'netkit/primary': 'sched_cls',
  'netkit/peer': 'sched_cls',
  'kprobe.multi': 'kprobe_multi',
  'kretprobe.multi': 'kprobe_multi',
  'uprobe.s': 'kprobe',
  'uretprobe.s': 'kprobe',
  'usdt.s': 'kprobe',
  'raw_tracepoint.w': 'raw_tracepoint.w',
  'raw_tp.w': 'raw_tracepoint.w',
  lwt_in: 'lwt_in',
  lwt_out: 'lwt_out',
  lwt_xmit: 'lwt_xmit',
  lwt_seg6local: 'lwt_seg6local',
  'sk_skb/stream_parser': 'sk_skb/stream_parser',
  'sk_skb/stream_verdict': 'sk_skb/stream_verdict',
  // libbpf's bare sk_skb sets no attach type; sk_skb_func_proto does not look at it.
  sk_skb: 'sk_skb/stream_verdict',
  'sk_skb/verdict': 'sk_skb/verdict',
  sk_msg: 'sk_msg',
  flow_dissector: 'flow_dissector',
  'cgroup/dev': 'cgroup/dev',
  'cgroup/sysctl': 'cgroup/sysctl',
  'cgroup/getsockopt': 'cgroup/getsockopt',
  'cgroup/setsockopt': 'cgroup/setsockopt',
  sk_lookup: 'sk_lookup',
  sk_reuseport: 'sk_reuseport',
  'sk_reuseport/migrate': 'sk_reuseport/migrate',
  netfilter: 'netfilter',
  syscall: 'syscall',
  tp_btf: 'tp_btf',
  // Modelled (the recording kernel refuses these with EPERM): see modelledAvailability.
  fentry: 'fentry',
  'fentry.s': 'fentry',
  fexit: 'fexit',
  'fexit.s': 'fexit',
  fmod_ret: 'fmod_ret',
  'fmod_ret.s': 'fmod_ret',
  lsm: 'lsm',
  'lsm.s': 'lsm',
};

/** Sleepable sections: their target's helpers and what a sleepable iterator adds over a plain one. */
const SLEEPABLE = new Set(['fentry.s', 'fexit.s', 'fmod_ret.s', 'lsm.s', 'uprobe.s', 'uretprobe.s', 'usdt.s']);

function allowedBy(type: ProgramType): Set<number> {
  return new Set([...linuxProfile.helpers.keys()].filter((id) => linuxProfile.helper(id, type) !== undefined));
}

const helperName = (id: number): string => linuxProfile.helpers.get(id)?.name ?? `#${id}`;

/** `key: +a -b` lines for every difference, empty when the sets agree. */
function differences(key: string, ours: ReadonlySet<number>, theirs: ReadonlySet<number>): string[] {
  const extra = [...ours].filter((id) => !theirs.has(id)).map(helperName);
  const missing = [...theirs].filter((id) => !ours.has(id)).map(helperName);
  return extra.length + missing.length === 0
    ? []
    : [
        `${key}: we allow, the kernel refuses: [${extra.join(', ')}]; the kernel allows, we refuse: [${missing.join(', ')}]`,
      ];
}

/** The live probe, or the reason it cannot run here. */
function liveProbe(): { probe: { kernel: string; results: ProbeResult[] } } | { skip: string } {
  const how = 'run the tests as root on Linux with clang (or cc) and bpftool';
  if (process.platform !== 'linux') return { skip: externalSkip(`a Linux kernel (this is ${process.platform})`, how) };
  if (typeof process.getuid === 'function' && process.getuid() !== 0)
    return { skip: externalSkip('root (to load BPF programs)', how) };
  if (!hostCompiler()) return { skip: externalSkip('a host C compiler for the probe', 'apt-get install clang') };
  if (os.release() !== linuxHelperAvailabilityKernel)
    return {
      skip: externalSkip(
        `the kernel the helper table was recorded on (${linuxHelperAvailabilityKernel}; this is ${os.release()})`,
        'run on that kernel, or record this one with node scripts/probe-linux-helpers.mjs and review the diff',
      ),
    };
  try {
    return { probe: probeHelpers(linuxHelperAvailabilityMaxId) };
  } catch (e) {
    return { skip: externalSkip(`a kernel that answers the helper probe (${(e as Error).message})`, how) };
  }
}

describe('Linux helper availability per program type', () => {
  it('records every probe target, for every helper of the table', () => {
    assert.equal(linuxHelperAvailabilityMaxId, generatedMaxId(), 'the probe asked about every helper id');
    assert.deepEqual(
      linuxHelperAvailability.map((r) => r.key),
      TARGETS.map((t) => t.key),
    );
    for (const r of linuxHelperAvailability) assert.ok(r.available ?? r.refusedWith, `${r.key} has a list or a reason`);
  });

  it('gives every section of the profile the helpers of its probe target, adjustments included', () => {
    const unmapped: string[] = [];
    const diffs: string[] = [];
    for (const type of linuxProfile.programTypes) {
      const ours = allowedBy(type);
      for (const prefix of type.sectionPrefixes) {
        const key = SECTION_TARGET[prefix];
        if (!key) {
          unmapped.push(`${type.name}: ${prefix}`);
          continue;
        }
        const recorded = availableHelpers(key);
        assert.ok(recorded, `the recording kernel loaded ${key}, or it is modelled`);
        const theirs = SLEEPABLE.has(prefix) ? new Set([...recorded, ...sleepableExtras()]) : recorded;
        diffs.push(...differences(`${prefix} (${type.name})`, ours, theirs));
      }
    }
    assert.deepEqual(unmapped, [], 'every section prefix has a probe target');
    assert.deepEqual(diffs, []);
  });

  it('models exactly the targets the recording kernel refuses before verifying (EPERM), on a recorded one', () => {
    const refused = linuxHelperAvailability.filter((r) => r.refusedWith?.startsWith('Operation not permitted'));
    assert.deepEqual(modelledAvailability.map((m) => m.key).sort(), refused.map((r) => r.key).sort());
    for (const m of modelledAvailability) {
      assert.ok(modelFor(m.key), `${m.key} is modelled`);
      assert.ok(availabilityRow(m.modelledOn).available, `${m.modelledOn} is recorded`);
      const ids = defined(availableHelpers(m.key), m.key);
      for (const id of m.plus) assert.ok(ids.has(id), `${m.key} offers ${helperName(id)}`);
    }
    assert.ok(sleepableExtras().length > 0, 'a sleepable iterator has helpers a plain one lacks');
  });

  it('numbers the type of every section as the kernel type of its probe target', () => {
    for (const type of linuxProfile.programTypes)
      for (const prefix of type.sectionPrefixes) {
        const target = TARGETS.find((t) => t.key === SECTION_TARGET[prefix]);
        if (target) assert.equal(type.number, target.progType, `${prefix} (${type.name})`);
      }
  });

  it('lists only adjustments the recording kernel really refuses', () => {
    for (const a of availabilityAdjustments)
      for (const key of a.targets) {
        const row = linuxHelperAvailability.find((r) => r.key === key);
        assert.ok(row?.available, `${key} is a recorded target`);
        assert.ok(!row.available.includes(a.helper), `${helperName(a.helper)} is already available to ${key}`);
      }
  });

  it('names the types that offer a helper, with attach types where only some do', () => {
    assert.deepEqual(linuxProgramTypesOffering(64), ['cgroup_sock_addr (cgroup/connect4, cgroup/connect6)']);
    assert.ok(linuxProgramTypesOffering(26).includes('sched_cls'));
    assert.ok(!linuxProgramTypesOffering(26).includes('xdp'));
  });

  it('equals a live probe of the kernel, for every target the probe covers', (t) => {
    const live = liveProbe();
    if ('skip' in live) return t.skip(live.skip);
    const diffs: string[] = [];
    const notProbed: string[] = [];
    for (const r of live.probe.results) {
      const recorded = linuxHelperAvailability.find((x) => x.key === r.key);
      if (!r.loads) {
        notProbed.push(`${r.key}: ${r.error}${r.log ? `: ${r.log}` : ''}`);
        assert.ok(recorded?.refusedWith, `${r.key} loaded when recorded but is refused now: ${r.error}`);
        continue;
      }
      assert.ok(recorded?.available, `${r.key} was refused when recorded (${recorded?.refusedWith}) but loads now`);
      diffs.push(...differences(r.key, new Set(recorded.available), new Set(r.available)));
    }
    if (notProbed.length > 0) console.log(`helper probe: targets this kernel refuses:\n  ${notProbed.join('\n  ')}`);
    assert.deepEqual(diffs, [], 'the recorded table is stale: node scripts/probe-linux-helpers.mjs');
    // And the profile against the live answer: only the listed adjustments differ.
    const profileDiffs: string[] = [];
    for (const type of linuxProfile.programTypes)
      for (const prefix of type.sectionPrefixes) {
        const key = SECTION_TARGET[prefix];
        const r = live.probe.results.find((x) => x.key === key);
        if (!r?.loads) continue;
        const expected = new Set(r.available);
        for (const a of availabilityAdjustments) if (key && a.targets.includes(key)) expected.add(a.helper);
        if (SLEEPABLE.has(prefix)) for (const id of sleepableExtras()) expected.add(id);
        profileDiffs.push(...differences(`${prefix} (${type.name})`, allowedBy(type), expected));
      }
    assert.deepEqual(profileDiffs, []);
  });
});
