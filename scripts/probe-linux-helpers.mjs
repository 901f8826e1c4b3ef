#!/usr/bin/env node
// Records which helpers each Linux program type may call, as the running kernel answers it, into
// core/platform/linuxHelperAvailability.generated.ts (the Linux profile reads only that module).
// scripts/lib/probe-linux-helpers.c does the asking (one tiny GPL program per target and helper, as
// bpftool's `feature probe` does); this script builds it with the host C compiler, resolves the
// BTF ids tracing and LSM targets must name, and writes the table with the kernel release it came
// from. test/unit/platform/linuxHelperAvailability.test.ts runs the same probe and compares.
//
// A target is a program type with the expected attach type libbpf sets for its section names:
// several kernel types give different helpers per attach type (cgroup_sock_addr's bpf_bind only
// for connect, cgroup_sockopt's netns cookie, tracing's seq_file writers only for iterators).
//
//   node scripts/probe-linux-helpers.mjs [--check]     (root; needs clang or cc, and bpftool for BTF ids)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = path.join(ROOT, 'core/platform/linuxHelperAvailability.generated.ts');
const PROBE_SOURCE = path.join(ROOT, 'scripts/lib/probe-linux-helpers.c');
const VMLINUX_BTF = '/sys/kernel/btf/vmlinux';
const BPF_F_SLEEPABLE = 16;

/**
 * Every probe target: key, kernel program type (name as bpftool prints it, number), expected attach
 * type (enum bpf_attach_type), and for BTF-attached types the vmlinux BTF object to attach to.
 */
export const TARGETS = [
  { key: 'socket_filter', type: 'socket_filter', progType: 1, attach: 0 },
  { key: 'kprobe', type: 'kprobe', progType: 2, attach: 0 },
  { key: 'kprobe_multi', type: 'kprobe', progType: 2, attach: 42 },
  { key: 'sched_cls', type: 'sched_cls', progType: 3, attach: 0 },
  { key: 'sched_act', type: 'sched_act', progType: 4, attach: 0 },
  { key: 'tracepoint', type: 'tracepoint', progType: 5, attach: 0 },
  { key: 'xdp', type: 'xdp', progType: 6, attach: 37 },
  { key: 'perf_event', type: 'perf_event', progType: 7, attach: 0 },
  { key: 'cgroup_skb/ingress', type: 'cgroup_skb', progType: 8, attach: 0 },
  { key: 'cgroup_skb/egress', type: 'cgroup_skb', progType: 8, attach: 1 },
  { key: 'cgroup/sock_create', type: 'cgroup_sock', progType: 9, attach: 2 },
  { key: 'cgroup/post_bind4', type: 'cgroup_sock', progType: 9, attach: 12 },
  { key: 'cgroup/post_bind6', type: 'cgroup_sock', progType: 9, attach: 13 },
  { key: 'cgroup/sock_release', type: 'cgroup_sock', progType: 9, attach: 34 },
  { key: 'lwt_in', type: 'lwt_in', progType: 10, attach: 0 },
  { key: 'lwt_out', type: 'lwt_out', progType: 11, attach: 0 },
  { key: 'lwt_xmit', type: 'lwt_xmit', progType: 12, attach: 0 },
  { key: 'sockops', type: 'sock_ops', progType: 13, attach: 3 },
  { key: 'sk_skb/stream_parser', type: 'sk_skb', progType: 14, attach: 4 },
  { key: 'sk_skb/stream_verdict', type: 'sk_skb', progType: 14, attach: 5 },
  { key: 'sk_skb/verdict', type: 'sk_skb', progType: 14, attach: 38 },
  { key: 'cgroup/dev', type: 'cgroup_device', progType: 15, attach: 6 },
  { key: 'sk_msg', type: 'sk_msg', progType: 16, attach: 7 },
  { key: 'raw_tracepoint', type: 'raw_tracepoint', progType: 17, attach: 0 },
  { key: 'cgroup/bind4', type: 'cgroup_sock_addr', progType: 18, attach: 8 },
  { key: 'cgroup/bind6', type: 'cgroup_sock_addr', progType: 18, attach: 9 },
  { key: 'cgroup/connect4', type: 'cgroup_sock_addr', progType: 18, attach: 10 },
  { key: 'cgroup/connect6', type: 'cgroup_sock_addr', progType: 18, attach: 11 },
  { key: 'cgroup/sendmsg4', type: 'cgroup_sock_addr', progType: 18, attach: 14 },
  { key: 'cgroup/sendmsg6', type: 'cgroup_sock_addr', progType: 18, attach: 15 },
  { key: 'cgroup/recvmsg4', type: 'cgroup_sock_addr', progType: 18, attach: 19 },
  { key: 'cgroup/recvmsg6', type: 'cgroup_sock_addr', progType: 18, attach: 20 },
  { key: 'cgroup/getpeername4', type: 'cgroup_sock_addr', progType: 18, attach: 29 },
  { key: 'cgroup/getpeername6', type: 'cgroup_sock_addr', progType: 18, attach: 30 },
  { key: 'cgroup/getsockname4', type: 'cgroup_sock_addr', progType: 18, attach: 31 },
  { key: 'cgroup/getsockname6', type: 'cgroup_sock_addr', progType: 18, attach: 32 },
  { key: 'lwt_seg6local', type: 'lwt_seg6local', progType: 19, attach: 0 },
  { key: 'lirc_mode2', type: 'lirc_mode2', progType: 20, attach: 16 },
  { key: 'sk_reuseport', type: 'sk_reuseport', progType: 21, attach: 39 },
  { key: 'sk_reuseport/migrate', type: 'sk_reuseport', progType: 21, attach: 40 },
  { key: 'flow_dissector', type: 'flow_dissector', progType: 22, attach: 17 },
  { key: 'cgroup/sysctl', type: 'cgroup_sysctl', progType: 23, attach: 18 },
  { key: 'raw_tracepoint.w', type: 'raw_tracepoint_writable', progType: 24, attach: 0 },
  { key: 'cgroup/getsockopt', type: 'cgroup_sockopt', progType: 25, attach: 21 },
  { key: 'cgroup/setsockopt', type: 'cgroup_sockopt', progType: 25, attach: 22 },
  { key: 'tp_btf', type: 'tracing', progType: 26, attach: 23, btf: 'TYPEDEF btf_trace_sched_switch' },
  { key: 'fentry', type: 'tracing', progType: 26, attach: 24, btf: 'FUNC bpf_fentry_test1' },
  { key: 'fexit', type: 'tracing', progType: 26, attach: 25, btf: 'FUNC bpf_fentry_test1' },
  { key: 'fmod_ret', type: 'tracing', progType: 26, attach: 26, btf: 'FUNC bpf_modify_return_test' },
  { key: 'iter', type: 'tracing', progType: 26, attach: 28, btf: 'FUNC bpf_iter_task' },
  { key: 'iter.s', type: 'tracing', progType: 26, attach: 28, btf: 'FUNC bpf_iter_task', flags: BPF_F_SLEEPABLE },
  { key: 'lsm', type: 'lsm', progType: 29, attach: 27, btf: 'FUNC bpf_lsm_file_open' },
  { key: 'sk_lookup', type: 'sk_lookup', progType: 30, attach: 36 },
  { key: 'syscall', type: 'syscall', progType: 31, attach: 0, flags: BPF_F_SLEEPABLE },
  { key: 'netfilter', type: 'netfilter', progType: 32, attach: 45 },
];

/** Kernel types the probe leaves out, and why (they need a second object to attach to). */
export const NOT_PROBED = {
  struct_ops: 'needs a struct_ops map type and member to attach to (attach_btf_id + member index)',
  ext: 'needs a loaded BPF program whose function it replaces (attach_prog_fd)',
};

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
}

/** The host C compiler: $CC, else clang, cc or gcc. Undefined when none works. */
export function hostCompiler() {
  for (const cc of [process.env.CC, 'clang', 'cc', 'gcc'].filter(Boolean)) {
    const r = run(cc, ['--version']);
    if (!r.error && r.status === 0) return cc;
  }
  return undefined;
}

/** `KIND name` -> BTF id in this kernel's vmlinux BTF, for the names `wanted` lists. */
function vmlinuxBtfIds(wanted) {
  const ids = new Map();
  if (wanted.size === 0 || !fs.existsSync(VMLINUX_BTF)) return ids;
  const r = run('bpftool', ['btf', 'dump', 'file', VMLINUX_BTF]);
  if (r.error || r.status !== 0) return ids;
  for (const m of r.stdout.matchAll(/^\[(\d+)\] (\w+) '([^']+)'/gm)) {
    const key = `${m[2]} ${m[3]}`;
    if (wanted.has(key) && !ids.has(key)) ids.set(key, Number(m[1]));
  }
  return ids;
}

/**
 * Run the probe for `maxHelperId` helpers. Returns `{ kernel, results }` with one result per target:
 * `{ key, type, progType, attach, loads: true, available: number[], refused: {id: message} }` or
 * `{ ..., loads: false, errno, error, log }`. Throws with the reason when the probe cannot run.
 * `wrap(command, args)` may return another command line to run the probe with (as another user).
 */
export function probeHelpers(maxHelperId, wrap = (command, args) => [command, args]) {
  const cc = hostCompiler();
  if (!cc) throw new Error('no host C compiler (set CC, or install clang or gcc)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-helpers-'));
  try {
    const exe = path.join(dir, 'probe');
    const built = run(cc, ['-O2', '-o', exe, PROBE_SOURCE]);
    if (built.error || built.status !== 0)
      throw new Error(`${cc} could not build the probe: ${built.error?.message ?? built.stderr.trim()}`);
    const ids = vmlinuxBtfIds(new Set(TARGETS.flatMap((t) => (t.btf ? [t.btf] : []))));
    const specs = [];
    const missingBtf = [];
    for (const t of TARGETS) {
      const btfId = t.btf ? ids.get(t.btf) : 0;
      if (btfId === undefined) missingBtf.push(t);
      else specs.push(`${t.key},${t.progType},${t.attach},${btfId},${t.flags ?? 0}`);
    }
    // Readable by whatever user `wrap` runs it as.
    fs.chmodSync(dir, 0o755);
    const r = run(...wrap(exe, [String(maxHelperId), ...specs]));
    if (r.error || r.status !== 0) throw new Error(`the probe failed: ${r.error?.message ?? r.stderr.trim()}`);
    const byKey = new Map(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .map((o) => [o.target, o]),
    );
    const results = TARGETS.map((t) => {
      const base = { key: t.key, type: t.type, progType: t.progType, attach: t.attach };
      const o = byKey.get(t.key);
      if (!o) return { ...base, loads: false, errno: 0, error: `${t.btf} is not in ${VMLINUX_BTF}`, log: '' };
      return o.loads
        ? { ...base, loads: true, available: o.available, refused: o.refused }
        : { ...base, loads: false, errno: o.errno, error: o.error, log: o.log };
    });
    if (missingBtf.length === TARGETS.length) throw new Error('no target could be probed');
    return { kernel: os.release(), results };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The table rows of a probe result: each target's helpers, or the kernel's refusal. */
export function probeRows(probe) {
  return probe.results.map((r) =>
    r.loads
      ? { key: r.key, type: r.type, progType: r.progType, attach: r.attach, available: r.available }
      : {
          key: r.key,
          type: r.type,
          progType: r.progType,
          attach: r.attach,
          refusedWith: `${r.error}${r.log ? `: ${r.log}` : ''}`,
        },
  );
}

/** The generated module's text for a probe result (prettier formats it afterwards). */
export function moduleText(probe, maxHelperId) {
  const rows = probeRows(probe);
  return `// Generated by scripts/probe-linux-helpers.mjs from the running kernel; do not edit.
// Which helpers (ids 1..${maxHelperId}, the helper table of <linux/bpf.h>) each program type may call, per
// expected attach type, as the kernel's verifier answered one tiny GPL program per helper. Targets
// the kernel refused to load at all carry the refusal instead of a list.

export interface HelperAvailabilityRow {
  /** The target: a program type and the attach type libbpf sets for its section (cgroup/connect4). */
  readonly key: string;
  /** The kernel's program type name, as bpftool prints it. */
  readonly type: string;
  readonly progType: number;
  /** enum bpf_attach_type the probe loaded with. */
  readonly attach: number;
  /** Helper ids the type may call; absent when the kernel refused every program of the target. */
  readonly available?: readonly number[];
  /** Why the kernel refused the target: errno text and the verifier's last log line. */
  readonly refusedWith?: string;
}

/** The kernel release the table was recorded on (uname -r). */
export const linuxHelperAvailabilityKernel = ${JSON.stringify(probe.kernel)};

/** Helper ids the probe asked about: every id of the generated helper table. */
export const linuxHelperAvailabilityMaxId = ${maxHelperId};

export const linuxHelperAvailability: readonly HelperAvailabilityRow[] = ${JSON.stringify(rows, null, 2)};
`;
}

/** The largest helper id of core/platform/linuxHelpers.generated.ts (the table the profile has). */
export function generatedMaxId() {
  const text = fs.readFileSync(path.join(ROOT, 'core/platform/linuxHelpers.generated.ts'), 'utf8');
  return Math.max(...[...text.matchAll(/\bid: (\d+),/g)].map((m) => Number(m[1])));
}

async function main() {
  const maxId = generatedMaxId();
  const probe = probeHelpers(maxId);
  const text = moduleText(probe, maxId);
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(OUTPUT) ? fs.readFileSync(OUTPUT, 'utf8') : '';
    const fmt = run(path.join(ROOT, 'node_modules/.bin/prettier'), ['--stdin-filepath', OUTPUT], { input: text });
    if (fmt.stdout !== current) {
      console.error(`${path.relative(ROOT, OUTPUT)} differs from this kernel (${probe.kernel})`);
      process.exit(1);
    }
    console.log(`${path.relative(ROOT, OUTPUT)} matches this kernel (${probe.kernel})`);
    return;
  }
  fs.writeFileSync(OUTPUT, text);
  const fmt = run(path.join(ROOT, 'node_modules/.bin/prettier'), ['--write', OUTPUT]);
  if (fmt.status !== 0) console.error(`prettier failed: ${fmt.stderr}`);
  for (const r of probe.results)
    console.log(
      `${r.key}: ${r.loads ? `${r.available.length} helpers` : `refused (${r.error}${r.log ? `: ${r.log}` : ''})`}`,
    );
  console.log(`wrote ${path.relative(ROOT, OUTPUT)} (kernel ${probe.kernel})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
