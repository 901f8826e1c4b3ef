import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { linuxProfile, windowsProfile } from '../../../core/platform/index';

const win = (s: string) => windowsProfile.programTypeForSection(s)?.name;
const lin = (s: string) => linuxProfile.programTypeForSection(s)?.name;

describe('section -> program type', () => {
  it('resolves Windows sections by longest prefix', () => {
    assert.equal(win('xdp'), 'xdp');
    assert.equal(win('xdp/missing_null_check'), 'xdp');
    assert.equal(win('bind'), 'bind');
    assert.equal(win('bind/0'), 'bind');
    assert.equal(win('cgroup/connect4'), 'sock_addr');
    assert.equal(win('cgroup/connect_authorization6'), 'sock_addr');
    assert.equal(win('cgroup/recv_accept4'), 'sock_addr');
    assert.equal(win('cgroup/listen6'), 'sock_addr');
    assert.equal(win('sockops'), 'sockops');
    assert.equal(win('sample_ext'), 'sample');
    assert.equal(win('sample_ext/1'), 'sample');
    assert.equal(win('process'), 'process');
    assert.equal(win('kprobe/sys_bpf'), undefined);
    assert.equal(win('.text'), undefined);
  });

  it('numbers Windows program types as ebpf_structs.h does', () => {
    assert.equal(windowsProfile.programTypeForSection('xdp')?.number, 1);
    assert.equal(windowsProfile.programTypeForSection('bind')?.number, 2);
    assert.equal(windowsProfile.programTypeForSection('cgroup/connect4')?.number, 3);
    assert.equal(windowsProfile.programTypeForSection('sockops')?.number, 4);
    assert.equal(windowsProfile.programTypeForSection('sample_ext')?.number, 999);
  });

  it('resolves Linux sections as libbpf does', () => {
    assert.equal(lin('xdp'), 'xdp');
    assert.equal(lin('xdp/cpumap'), 'xdp');
    assert.equal(lin('xdpfoo'), undefined);
    assert.equal(lin('tc'), 'sched_cls');
    assert.equal(lin('tc/ingress'), 'sched_cls');
    assert.equal(lin('classifier'), 'sched_cls');
    assert.equal(lin('socket'), 'socket_filter');
    assert.equal(lin('socket/filter'), 'socket_filter');
    assert.equal(lin('kprobe/do_sys_open'), 'kprobe');
    assert.equal(lin('kretprobe/do_sys_open'), 'kprobe');
    assert.equal(lin('tracepoint/syscalls/sys_enter_openat'), 'tracepoint');
    assert.equal(lin('tp/sched/sched_switch'), 'tracepoint');
    assert.equal(lin('raw_tp/sched_switch'), 'raw_tracepoint');
    assert.equal(lin('raw_tracepoint/sched_switch'), 'raw_tracepoint');
    assert.equal(lin('cgroup_skb/ingress'), 'cgroup_skb');
    assert.equal(lin('cgroup/connect4'), 'cgroup_sock_addr');
    assert.equal(lin('cgroup/sock_create'), 'cgroup_sock');
    assert.equal(lin('cgroup/sock'), 'cgroup_sock');
    assert.equal(lin('sockops'), 'sockops');
    assert.equal(lin('perf_event'), 'perf_event');
    assert.equal(lin('bind'), undefined);
    // `?` turns autoload off (libbpf); the type comes from the rest of the name.
    assert.equal(lin('?raw_tp'), 'raw_tracepoint');
    assert.equal(lin('?tc'), 'sched_cls');
    assert.equal(lin('?'), undefined);
  });

  it('resolves the Linux sections of socket maps, cgroup hooks, lookups and BTF-typed tracing', () => {
    const expected: Record<string, string> = {
      'sk_skb/stream_parser': 'sk_skb',
      'sk_skb/stream_verdict': 'sk_skb',
      'sk_skb/verdict': 'sk_skb',
      sk_skb: 'sk_skb',
      sk_msg: 'sk_msg',
      flow_dissector: 'flow_dissector',
      'cgroup/dev': 'cgroup_device',
      'cgroup/sysctl': 'cgroup_sysctl',
      'cgroup/getsockopt': 'cgroup_sockopt',
      'cgroup/setsockopt': 'cgroup_sockopt',
      sk_lookup: 'sk_lookup',
      lwt_in: 'lwt_in',
      lwt_out: 'lwt_out',
      lwt_xmit: 'lwt_xmit',
      lwt_seg6local: 'lwt_seg6local',
      sk_reuseport: 'sk_reuseport',
      'sk_reuseport/migrate': 'sk_reuseport',
      netfilter: 'netfilter',
      syscall: 'syscall',
      'tp_btf/sched_switch': 'tp_btf',
      'fentry/do_unlinkat': 'fentry',
      'fentry.s/do_unlinkat': 'fentry',
      'fexit/do_unlinkat': 'fexit',
      'fmod_ret/bpf_modify_return_test': 'fmod_ret',
      'lsm/bpf': 'lsm',
      'lsm.s/bprm_committed_creds': 'lsm',
      'kprobe.multi/vfs_*': 'kprobe',
      'uprobe.s//bin/bash:readline': 'kprobe',
      'raw_tp.w/bpf_test_finish': 'raw_tracepoint_writable',
      'netkit/primary': 'sched_cls',
    };
    for (const [section, type] of Object.entries(expected)) assert.equal(lin(section), type, section);
    assert.equal(lin('fentryx/a'), undefined);
    // fentry and fexit must return 0, LSM hooks 0 or a negative errno; tp_btf is not range-checked.
    assert.deepEqual(linuxProfile.programTypeForSection('fentry/a')?.returnRange, [0, 0]);
    assert.deepEqual(linuxProfile.programTypeForSection('lsm/bpf')?.returnRange, [-4095, 0]);
    assert.equal(linuxProfile.programTypeForSection('tp_btf/a')?.returnRange, undefined);
    assert.match(linuxProfile.programTypeForSection('lsm/bpf')?.verdictCaveat ?? '', /modelled on tp_btf/);
    assert.equal(linuxProfile.programTypeForSection('tp_btf/a')?.verdictCaveat, undefined);
  });

  it('numbers Linux program types as <linux/bpf.h> does', () => {
    const n = (s: string) => linuxProfile.programTypeForSection(s)?.number;
    assert.equal(n('socket'), 1);
    assert.equal(n('kprobe/x'), 2);
    assert.equal(n('tc'), 3);
    assert.equal(n('tracepoint/a/b'), 5);
    assert.equal(n('xdp'), 6);
    assert.equal(n('perf_event'), 7);
    assert.equal(n('cgroup_skb/egress'), 8);
    assert.equal(n('sockops'), 13);
    assert.equal(n('raw_tp/x'), 17);
    assert.equal(n('cgroup/bind4'), 18);
  });

  it('gives XDP its platform return codes', () => {
    assert.deepEqual(windowsProfile.programTypeForSection('xdp')?.returnValues, {
      1: 'XDP_PASS',
      2: 'XDP_DROP',
      3: 'XDP_TX',
    });
    assert.equal(linuxProfile.programTypeForSection('xdp')?.returnValues[2], 'XDP_PASS');
    assert.equal(linuxProfile.programTypeForSection('xdp')?.returnValues[4], 'XDP_REDIRECT');
  });
});
