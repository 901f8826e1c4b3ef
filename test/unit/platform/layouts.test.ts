// Context layouts proven by clang: every field offset and struct size in the profiles becomes a
// _Static_assert compiled against our include/ headers (Windows) or <linux/bpf.h> (Linux).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { linuxProfile, windowsProfile } from '../../../core/platform/index';
import type { ContextLayout } from '../../../core/platform/types';
import { clangMissing, compile, linuxIncludeFlags, windowsFlags } from './clang';

interface CStruct {
  /** The C type to take offsetof in. */
  cType: string;
  /** Maps a profile field name to the C member designator (for nested members). */
  member?: (field: string) => string;
  /** Whether sizeof must equal the layout size (false for flexible or event-dependent structs). */
  checkSize?: boolean;
  /** The member designator names one element (flexible arrays), so its size is the element size. */
  elementMember?: boolean;
}

function assertions(layout: ContextLayout, c: CStruct): string {
  const lines = layout.fields.map(
    (f) =>
      `_Static_assert(__builtin_offsetof(${c.cType}, ${c.member ? c.member(f.name) : f.name}) == ${f.offset}, "${layout.structName}.${f.name} at ${f.offset}");` +
      `\n_Static_assert(sizeof(((${c.cType} *)0)->${c.member ? c.member(f.name) : f.name}) == ${c.elementMember ? f.size : f.size * (f.count ?? 1)}, "${layout.structName}.${f.name} size");`,
  );
  if (c.checkSize !== false)
    lines.push(`_Static_assert(sizeof(${c.cType}) == ${layout.size}, "sizeof ${layout.structName}");`);
  return lines.join('\n');
}

const windowsStructs: Record<string, CStruct> = {
  xdp_md: { cType: 'xdp_md_t' },
  bind_md: { cType: 'bind_md_t' },
  bpf_sock_addr: { cType: 'bpf_sock_addr_t' },
  bpf_sock_ops: { cType: 'bpf_sock_ops_t' },
  process_md: { cType: 'process_md_t' },
  netevent_event_md: { cType: 'netevent_event_md_t' },
};

const linuxStructs: Record<string, CStruct> = {
  __sk_buff: { cType: 'struct __sk_buff' },
  xdp_md: { cType: 'struct xdp_md' },
  bpf_sock_addr: { cType: 'struct bpf_sock_addr' },
  bpf_sock_ops: { cType: 'struct bpf_sock_ops' },
  bpf_sock: { cType: 'struct bpf_sock' },
  pt_regs: { cType: 'struct pt_regs' },
  bpf_perf_event_data: {
    cType: 'struct bpf_perf_event_data',
    member: (f) => (f === 'sample_period' || f === 'addr' ? f : `regs.${f}`),
  },
  sk_msg_md: { cType: 'struct sk_msg_md' },
  bpf_cgroup_dev_ctx: { cType: 'struct bpf_cgroup_dev_ctx' },
  bpf_sysctl: { cType: 'struct bpf_sysctl' },
  bpf_sockopt: { cType: 'struct bpf_sockopt' },
  bpf_sk_lookup: { cType: 'struct bpf_sk_lookup' },
  sk_reuseport_md: { cType: 'struct sk_reuseport_md' },
  // args[] is a flexible array; the real count depends on the tracepoint.
  bpf_raw_tracepoint_args: {
    cType: 'struct bpf_raw_tracepoint_args',
    checkSize: false,
    elementMember: true,
    member: (f) => `${f}[0]`,
  },
};

describe('context layouts against clang', () => {
  it('Windows layouts equal include/ (every field offset, size and sizeof)', (t) => {
    const missing = clangMissing();
    if (missing) return t.skip(missing);
    const parts = ['#include "bpf_helpers.h"', '#include "xdp_hooks.h"', '#include "ebpf_ntos_hooks.h"'];
    const checked = new Set<string>();
    for (const type of windowsProfile.programTypes) {
      const c = windowsStructs[type.context.structName];
      if (!c) {
        // Only the test-only sample type has no header struct in include/; any other gap fails.
        assert.equal(type.name, 'sample', `no C struct to check ${type.context.structName} against`);
        continue;
      }
      // socket_address is u8[16], msg_src_ip6 u32[4]: the element size times count is the member size.
      parts.push(assertions(type.context, c));
      checked.add(type.context.structName);
    }
    assert.deepEqual([...checked].sort(), Object.keys(windowsStructs).sort());
    const r = compile({ text: parts.join('\n') }, windowsFlags);
    assert.ok(r.ok, r.stderr);
  });

  it('Linux layouts equal <linux/bpf.h> (every field offset, size and sizeof)', (t) => {
    const missing = clangMissing();
    if (missing) return t.skip(missing);
    const parts = ['#include <linux/bpf.h>', '#include <linux/ptrace.h>', '#include <linux/bpf_perf_event.h>'];
    const seen = new Set<string>();
    for (const type of linuxProfile.programTypes) {
      const c = linuxStructs[type.context.structName];
      if (!c) {
        // Tracepoint records, iterator and BTF-typed tracing contexts come from the kernel's event
        // formats and BTF, netfilter's bpf_nf_ctx is not UAPI, a syscall program's is the caller's buffer.
        assert.ok(
          ['tracepoint', 'iter', 'tp_btf', 'fentry', 'fexit', 'fmod_ret', 'lsm', 'netfilter', 'syscall'].includes(
            type.name,
          ),
          `no C struct to check ${type.context.structName} against`,
        );
        continue;
      }
      seen.add(type.context.structName);
      parts.push(assertions(type.context, c));
    }
    assert.deepEqual([...seen].sort(), Object.keys(linuxStructs).sort());
    const r = compile({ text: parts.join('\n') }, linuxIncludeFlags);
    assert.ok(r.ok, r.stderr);
  });

  it('would catch a wrong offset (the check itself can fail)', (t) => {
    const missing = clangMissing();
    if (missing) return t.skip(missing);
    const wrong: ContextLayout = {
      structName: 'xdp_md',
      size: 32,
      fields: [{ name: 'data_end', offset: 4, size: 8, kind: 'packet_end', writable: false, cType: 'void *' }],
    };
    const r = compile({ text: `#include "xdp_hooks.h"\n${assertions(wrong, { cType: 'xdp_md_t' })}` }, windowsFlags);
    assert.equal(r.ok, false);
    assert.match(r.stderr, /xdp_md\.data_end at 4/);
  });
});

describe('context layouts: shape', () => {
  it('marks the packet pointers of packet program types', () => {
    for (const profile of [windowsProfile, linuxProfile]) {
      for (const type of profile.programTypes) {
        const kinds = type.context.fields.map((f) => f.kind);
        if (type.hasPacket) {
          assert.ok(kinds.includes('packet_start') && kinds.includes('packet_end'), `${profile.id} ${type.name}`);
        } else {
          assert.ok(!kinds.includes('packet_start'), `${profile.id} ${type.name} has no packet`);
        }
        for (const f of type.context.fields) {
          if (f.kind !== 'scalar') {
            assert.equal(f.writable, false, `${profile.id} ${type.name}.${f.name} is a pointer field`);
            // Linux: __u32 in __sk_buff and xdp_md, 8-byte pointers (__bpf_md_ptr) and u64 slots elsewhere.
            assert.equal(
              f.size,
              profile.id === 'windows' || f.cType.endsWith('*') || f.kind === 'trace_argument' ? 8 : 4,
              `${profile.id} ${type.name}.${f.name}`,
            );
          }
        }
      }
    }
  });

  it('puts Linux __sk_buff data at 76, data_end at 80 and data_meta at 140 for tc', () => {
    const tc = linuxProfile.programTypeForSection('tc');
    const at = (n: string) => tc?.context.fields.find((f) => f.name === n)?.offset;
    assert.equal(at('data'), 76);
    assert.equal(at('data_end'), 80);
    assert.equal(at('data_meta'), 140);
    const socket = linuxProfile.programTypeForSection('socket');
    assert.equal(
      socket?.context.fields.find((f) => f.name === 'data'),
      undefined,
      'socket filters have no direct packet access',
    );
  });
});
