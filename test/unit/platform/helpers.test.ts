import { strict as assert } from 'node:assert';
import { APT, externalSkip } from '../../support/skip';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { linuxProfile, windowsProfile } from '../../../core/platform/index';
import type { PlatformProfile } from '../../../core/platform/types';
import { includeDir } from './clang';

function programType(profile: PlatformProfile, name: string) {
  const t = profile.programTypes.find((p) => p.name === name);
  assert.ok(t, `${profile.id} has program type ${name}`);
  return t;
}

describe('helper tables', () => {
  it('key every helper by its own id, in every scope', () => {
    for (const profile of [windowsProfile, linuxProfile]) {
      for (const [id, h] of profile.helpers) assert.equal(h.id, id, `${profile.id} global ${h.name}`);
      for (const t of profile.programTypes)
        for (const [id, h] of t.helpers) assert.equal(h.id, id, `${profile.id} ${t.name} ${h.name}`);
    }
  });

  it('has exactly the 35 Windows global helpers, ids 1..35', () => {
    assert.deepEqual(
      [...windowsProfile.helpers.keys()].sort((a, b) => a - b),
      Array.from({ length: 35 }, (_, i) => i + 1),
    );
  });

  it('matches the Windows reference table on spot checks', () => {
    const h = (id: number) => windowsProfile.helpers.get(id);
    assert.equal(h(1)?.name, 'bpf_map_lookup_elem');
    assert.equal(h(1)?.returns, 'ptr_to_map_value_or_null');
    assert.deepEqual(h(2)?.args, ['ptr_to_map', 'ptr_to_map_key', 'ptr_to_map_value', 'anything']);
    assert.equal(h(5)?.name, 'bpf_tail_call');
    assert.equal(h(5)?.returns, 'integer_or_no_return_if_succeed');
    assert.equal(h(9)?.name, 'bpf_ktime_get_ns'); // Linux 9 is skb_store_bytes
    assert.deepEqual(h(10)?.args, [
      'ptr_to_readable_mem_or_null',
      'const_size_or_zero',
      'ptr_to_readable_mem_or_null',
      'const_size_or_zero',
      'anything',
    ]);
    for (const [id, values] of [
      [12, 0],
      [13, 1],
      [14, 2],
      [15, 3],
    ] as const) {
      assert.equal(h(id)?.name, `bpf_trace_printk${values + 2}`);
      assert.equal(h(id)?.printk, true);
      assert.equal(h(id)?.args.length, 2 + values);
    }
    assert.equal(h(19)?.name, 'bpf_get_current_pid_tgid');
    assert.equal(h(22)?.name, 'bpf_memcpy_s');
    assert.deepEqual(h(32)?.args, ['ptr_to_ctx', 'ptr_to_map', 'anything', 'ptr_to_readable_mem', 'const_size']);
    assert.equal(h(35)?.name, 'bpf_redirect_map');
  });

  it('declares in include/ exactly the ids the Windows profile gives each helper', () => {
    const text = ['bpf_helpers.h', 'ebpf_nethooks.h', 'xdp_hooks.h', 'ebpf_ntos_hooks.h']
      .map((f) => fs.readFileSync(path.join(includeDir, f), 'utf8'))
      .join('\n');
    const declared = new Map<string, number>();
    for (const [, name = '', id] of text.matchAll(/^EBPF_HELPER\([^,]+,\s*(\w+),[\s\S]*?,\s*(\d+)\);/gm))
      declared.set(name, Number(id));
    assert.ok(declared.size >= 35 + 4, `found ${declared.size} declarations`);
    for (const h of windowsProfile.helpers.values()) assert.equal(declared.get(h.name), h.id, h.name);
    // The test-only sample extension declares its helpers in its own header, not in include/.
    for (const t of windowsProfile.programTypes.filter((x) => x.name !== 'sample')) {
      for (const h of t.helpers.values())
        if (h.id > 0xffff) assert.equal(declared.get(h.name), h.id, `${t.name} ${h.name}`);
    }
  });

  it('resolves program-type helpers per type, shadowing globals', () => {
    const xdp = programType(windowsProfile, 'xdp');
    const sockops = programType(windowsProfile, 'sockops');
    const sockAddr = programType(windowsProfile, 'sock_addr');
    const bind = programType(windowsProfile, 'bind');
    assert.equal(windowsProfile.helper(65536, xdp)?.name, 'bpf_xdp_adjust_head');
    assert.equal(windowsProfile.helper(65536, sockops)?.name, 'bpf_sock_ops_get_flow_id');
    assert.equal(windowsProfile.helper(65536, sockAddr), undefined, 'sock_addr 65536 is not registered');
    assert.equal(windowsProfile.helper(65537, sockAddr)?.name, 'bpf_sock_addr_set_redirect_context');
    assert.equal(windowsProfile.helper(65536, undefined), undefined);
    // sock_addr overrides bpf_get_current_pid_tgid with an implicit-context version.
    assert.notEqual(windowsProfile.helper(19, sockAddr), windowsProfile.helpers.get(19));
    assert.equal(windowsProfile.helper(19, sockAddr)?.name, 'bpf_get_current_pid_tgid');
    assert.equal(windowsProfile.helper(1, bind), windowsProfile.helpers.get(1));
    // PREVAIL verifies bpf_redirect_map everywhere, but the bind extension does not implement it
    // (eBPF for Windows' test_invalid_redirect_map passes verification and fails to load).
    assert.equal(windowsProfile.helper(35, bind)?.name, 'bpf_redirect_map');
    assert.ok(bind.unimplementedHelpers?.has(35));
    assert.ok(!xdp.unimplementedHelpers?.has(35));
    assert.equal(windowsProfile.helper(35, xdp)?.name, 'bpf_redirect_map');
    for (const t of windowsProfile.programTypes)
      for (const id of t.helpers.keys()) assert.ok(id > 0xffff || windowsProfile.helpers.has(id), `${t.name} ${id}`);
  });

  it('restricts Linux helpers per program type', () => {
    const socket = programType(linuxProfile, 'socket_filter');
    const xdp = programType(linuxProfile, 'xdp');
    const tc = programType(linuxProfile, 'sched_cls');
    const kprobe = programType(linuxProfile, 'kprobe');
    assert.equal(linuxProfile.helper(44, socket), undefined, 'bpf_xdp_adjust_head in a socket filter');
    assert.equal(linuxProfile.helper(44, xdp)?.name, 'bpf_xdp_adjust_head');
    assert.equal(linuxProfile.helper(9, tc)?.name, 'bpf_skb_store_bytes');
    assert.equal(linuxProfile.helper(9, xdp), undefined);
    assert.equal(linuxProfile.helper(58, kprobe)?.name, 'bpf_override_return');
    assert.equal(linuxProfile.helper(58, tc), undefined);
    for (const t of linuxProfile.programTypes) {
      assert.equal(linuxProfile.helper(1, t)?.name, 'bpf_map_lookup_elem', t.name);
      assert.equal(linuxProfile.helper(6, t)?.name, 'bpf_trace_printk', t.name);
    }
    assert.equal(linuxProfile.helper(4, kprobe)?.name, 'bpf_probe_read');
    assert.equal(linuxProfile.helper(4, xdp), undefined);
  });

  it('gives Linux helpers the kinds the kernel uses for the common ones', () => {
    const h = (id: number) => linuxProfile.helpers.get(id);
    assert.deepEqual(h(6)?.args.slice(0, 2), ['ptr_to_readable_mem', 'const_size']);
    assert.equal(h(6)?.printk, true);
    assert.equal(h(12)?.name, 'bpf_tail_call');
    assert.deepEqual(h(12)?.args, ['ptr_to_ctx', 'ptr_to_map_of_programs', 'anything']);
    assert.equal(h(131)?.returns, 'ptr_to_alloc_mem_or_null');
    assert.deepEqual(h(132)?.args, ['ptr_to_alloc_mem', 'anything']);
    assert.equal(h(84)?.returns, 'ptr_to_btf_id_or_null');
    assert.ok(linuxProfile.helpers.size >= 70);
    for (let id = 1; id <= 70; id++) assert.ok(linuxProfile.helpers.has(id), `Linux helper ${id} modelled`);
  });

  it('agrees with libbpf bpf_helper_defs.h on every Linux helper id, name and argument count', (t) => {
    const defs = '/usr/include/bpf/bpf_helper_defs.h';
    if (!fs.existsSync(defs)) {
      t.skip(externalSkip(defs, APT.libbpf));
      return;
    }
    const text = fs.readFileSync(defs, 'utf8');
    const byId = new Map<number, { name: string; args: string }>();
    for (const [, name = '', args = '', id] of text.matchAll(
      /^static .*?\(\*\s*(?:const\s+)?(\w+)\)\((.*?)\) = \(void \*\) (\d+);/gm,
    ))
      byId.set(Number(id), { name, args });
    assert.ok(byId.size > 150);
    for (const h of linuxProfile.helpers.values()) {
      const d = byId.get(h.id);
      assert.ok(d, `id ${h.id} in bpf_helper_defs.h`);
      assert.equal(h.name, d.name, `id ${h.id}`);
      const count = d.args.trim() === 'void' ? 0 : d.args.split(',').length;
      if (h.name === 'bpf_trace_printk') assert.equal(h.args.length, 5);
      else assert.equal(h.args.length, count, `${h.name} argument count`);
      assert.ok(h.signature.includes(`${h.name}(`), h.name);
    }
  });

  it('has a doc and signature for every helper', () => {
    for (const profile of [windowsProfile, linuxProfile]) {
      const all = [...profile.helpers.values(), ...profile.programTypes.flatMap((t) => [...t.helpers.values()])];
      for (const h of all) {
        assert.ok(h.doc.length > 10, `${profile.id} ${h.name} doc`);
        assert.match(h.signature, new RegExp(`\\b${h.name}\\(`), `${profile.id} ${h.name} signature`);
      }
    }
  });
});

describe('map types', () => {
  it('numbers Windows map types 1..16 with the reference kinds', () => {
    assert.deepEqual(
      [...windowsProfile.mapTypes.keys()].sort((a, b) => a - b),
      Array.from({ length: 16 }, (_, i) => i + 1),
    );
    assert.equal(windowsProfile.mapTypes.get(8)?.name, 'lru_hash');
    assert.equal(windowsProfile.mapTypes.get(13)?.kind, 'ringbuf');
    const perCpu = [...windowsProfile.mapTypes.values()]
      .filter((m) => m.perCpu)
      .map((m) => m.number)
      .sort((a, b) => a - b);
    assert.deepEqual(perCpu, [4, 5, 11, 14]);
  });

  it('numbers Linux map types as the UAPI does', () => {
    assert.equal(linuxProfile.mapTypes.get(9)?.name, 'lru_hash');
    assert.equal(linuxProfile.mapTypes.get(27)?.kind, 'ringbuf');
    assert.equal(linuxProfile.mapTypes.get(6)?.kind, 'percpu_array');
    assert.equal(linuxProfile.mapTypes.get(6)?.perCpu, true);
  });
});

describe('profile constants', () => {
  it('match the platforms', () => {
    assert.equal(windowsProfile.contextPointerSize, 8);
    assert.equal(windowsProfile.resultBits, 32);
    assert.equal(windowsProfile.maxTailCalls, 33);
    assert.equal(windowsProfile.allowsDivisionByZero, true);
    assert.equal(linuxProfile.contextPointerSize, 4);
    assert.equal(linuxProfile.maxInstructions, 1_000_000);
    assert.equal(linuxProfile.resultBits, 64);
  });
});
