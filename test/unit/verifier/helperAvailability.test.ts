// Helper availability per program type in the verifier: the Linux profile's kernel-recorded table
// decides, and the helper-unavailable message names the type and the types that may call the helper.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Asm, linuxProfile, windowsProfile } from './builder';
import type { PlatformProfile } from '../../../core/platform/types';

/** Diagnostics of `r0 = 1 (or ret); call id; r0 = ret; exit` in `section`. */
function callIn(platform: PlatformProfile, section: string, id: number, ret = 1) {
  const r = new Asm().mov(1, 0).mov(2, 0).mov(3, 0).call(id).mov(0, ret).exit().verify(platform, section);
  return r.diagnostics.filter((d) => d.severity === 'error');
}

const unavailable = (platform: PlatformProfile, section: string, id: number, ret = 1) =>
  callIn(platform, section, id, ret).find((d) => d.code === 'helper-unavailable');

describe('helper availability per program type', () => {
  it('names the type and the types that may call the helper (Linux, from the kernel probe)', () => {
    const d = unavailable(linuxProfile, 'xdp', 64); // bpf_bind
    assert.ok(d, 'bpf_bind is refused in xdp');
    assert.equal(
      d.message,
      'helper `bpf_bind` (id 64) is not available for xdp programs on Linux; program types that may call it: cgroup_sock_addr (cgroup/connect4, cgroup/connect6)',
    );
  });

  it('follows the attach type: bpf_bind at connect only', () => {
    assert.equal(unavailable(linuxProfile, 'cgroup/connect4', 64), undefined);
    assert.ok(unavailable(linuxProfile, 'cgroup/bind4', 64));
    assert.ok(unavailable(linuxProfile, 'cgroup/recvmsg4', 64));
  });

  it('offers what the kernel offers beyond the old hand lists (bpf_get_current_pid_tgid in tc)', () => {
    assert.equal(unavailable(linuxProfile, 'tc', 14), undefined);
    assert.ok(unavailable(linuxProfile, 'socket', 9), 'bpf_skb_store_bytes stays refused in socket filters');
  });

  it('offers bpf_copy_from_user to sleepable programs only (iter.s, not iter)', () => {
    assert.ok(unavailable(linuxProfile, 'iter/task', 148, 0));
    assert.equal(unavailable(linuxProfile, 'iter.s/task', 148, 0), undefined);
  });

  it('checks the return range of each sock_addr attach type', () => {
    const ret = (section: string, value: number) =>
      callIn(linuxProfile, section, 14, value).find((d) => d.code === 'invalid-return-value');
    assert.ok(ret('cgroup/recvmsg4', 0), 'recvmsg must return 1');
    assert.equal(ret('cgroup/recvmsg4', 1), undefined);
    assert.equal(ret('cgroup/bind4', 3), undefined);
    assert.ok(ret('cgroup/connect4', 3));
  });

  it('models fentry, fexit and lsm on tp_btf with the helpers their attach types add', () => {
    assert.ok(unavailable(linuxProfile, 'tp_btf/sched_switch', 183, 0), 'bpf_get_func_arg: trampolines only');
    assert.equal(unavailable(linuxProfile, 'fentry/do_unlinkat', 183, 0), undefined);
    assert.equal(unavailable(linuxProfile, 'fexit/do_unlinkat', 184, 0), undefined); // bpf_get_func_ret
    assert.ok(unavailable(linuxProfile, 'tp_btf/sched_switch', 184, 0));
    assert.ok(unavailable(linuxProfile, 'fentry/do_unlinkat', 148, 0), 'bpf_copy_from_user: sleepable only');
    assert.equal(unavailable(linuxProfile, 'fentry.s/do_unlinkat', 148, 0), undefined);
    assert.equal(unavailable(linuxProfile, 'lsm/bprm_check_security', 159, 0), undefined); // bpf_bprm_opts_set
    assert.ok(unavailable(linuxProfile, 'fentry/do_unlinkat', 159, 0));
    assert.ok(unavailable(linuxProfile, 'fentry/do_unlinkat', 9, 0), 'bpf_skb_store_bytes: as tp_btf');
  });

  it('checks an LSM verdict on the low 32 bits as an int, fentry must return 0', () => {
    const ret = (section: string, build: (a: Asm) => Asm) =>
      build(new Asm())
        .exit()
        .verify(linuxProfile, section)
        .diagnostics.find((d) => d.code === 'invalid-return-value');
    // -EPERM as clang may leave it in r0: 0x00000000ffffffff, an int of -1.
    assert.equal(
      ret('lsm/file_open', (a) => a.lddw(0, 0xffffffffn)),
      undefined,
    );
    assert.ok(ret('lsm/file_open', (a) => a.mov(0, 1)));
    assert.ok(
      ret('lsm/file_open', (a) => a.lddw(0, 0x80000000n)),
      'INT_MIN is below -MAX_ERRNO',
    );
    assert.ok(ret('fentry/do_unlinkat', (a) => a.mov(0, 1)));
    assert.equal(
      ret('tp_btf/sched_switch', (a) => a.mov(0, 1)),
      undefined,
    );
  });

  it('names the Windows types that have a program-type helper', () => {
    const d = unavailable(windowsProfile, 'bind', 65536);
    assert.ok(d);
    assert.match(d.message, /not available for bind programs on eBPF for Windows; program types that may call it: xdp/);
  });
});
