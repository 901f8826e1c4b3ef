// The legacy-object kernel loader (test/support/kernel-load-legacy.c) on a small object shaped
// like Cilium's: an iproute2 `maps` program array next to BTF `.maps` (one of them a map of maps),
// tail-call sections `2/N` typed by -t, two entry programs in one section, a `.text` global
// function (func_info), globals in `.data`, and a constant in `.rodata.config` read the way
// Cilium's C reads it (the variable's address used as its value), which only -i makes loadable.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, before, after } from 'node:test';
import { defined } from '../../support/at';
import { clangMissingReason } from '../../support/clang';
import type { KernelProgramVerdict } from '../../support/kernelEach';
import { kernelLegacyLoader, loadEachLegacy } from '../../support/kernelLegacy';

const SOURCE = `
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct bpf_elf_map {
	__u32 type, size_key, size_value, max_elem, flags, id, pinning, inner_id, inner_idx;
};
struct bpf_elf_map __attribute__((section("maps"), used)) calls = {
	.type = BPF_MAP_TYPE_PROG_ARRAY, .size_key = 4, .size_value = 4, .max_elem = 8, .id = 2,
};

struct inner { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, __u32); __type(value, __u64); __uint(max_entries, 4); };
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__type(key, __u32);
	__uint(max_entries, 2);
	__array(values, struct inner);
} outer SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64[2]);
	__uint(max_entries, 16);
} counts SEC(".maps");

volatile __u32 hits;
volatile const __u32 threshold __attribute__((section(".rodata.config"))) = 7;

/* The variable's address as its value, as Cilium's CONFIG() reads a constant. */
static __always_inline __u32 config_threshold(void)
{
	__u64 v;
	asm volatile("%0 = threshold ll" : "=r"(v));
	return (__u32)v;
}

__attribute__((noinline)) int bump(__u32 key)
{
	__u64 *v = bpf_map_lookup_elem(&counts, &key);
	if (!v)
		return 0;
	return (int)*v;
}

SEC("2/1") int tail_ok(struct __sk_buff *skb)
{
	__u32 k = 0;
	void *in = bpf_map_lookup_elem(&outer, &k);
	hits++;
	return bump(skb->len) + (in != 0);
}

SEC("2/2") int tail_bad(struct __sk_buff *skb)
{
	__u32 k = skb->len;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	if (!v)
		return 0;
	return (int)v[skb->mark];
}

SEC("tc") int entry(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &calls, 1);
	return 0;
}

SEC("tc") int entry_config(struct __sk_buff *skb)
{
	__u32 t = config_threshold();
	__u32 local[2] = { t, skb->len };
	return local[skb->len & 1] > 3;
}

char LICENSE[] SEC("license") = "GPL";
`;

const reason = clangMissingReason();
const loader = kernelLegacyLoader();
const skip = reason ?? ('skip' in loader ? loader.skip : undefined);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kernel-legacy-'));
const object = path.join(dir, 'legacy.o');

function byName(verdicts: readonly KernelProgramVerdict[], name: string): KernelProgramVerdict {
  return defined(
    verdicts.find((v) => v.name === name),
    name,
  );
}

describe('kernel-load-legacy: each program of a legacy-map object, alone, judged by the kernel', () => {
  let inlined: KernelProgramVerdict[] = [];
  let plain: KernelProgramVerdict[] = [];
  before(() => {
    if (skip || 'skip' in loader) return;
    const source = path.join(dir, 'legacy.c');
    fs.writeFileSync(source, SOURCE);
    const arch = ['/usr/include/x86_64-linux-gnu', '/usr/include/aarch64-linux-gnu'].filter((d) => fs.existsSync(d));
    const r = spawnSync(
      process.env.CLANG || 'clang',
      ['-O2', '-g', '--target=bpf', '-mcpu=v3', ...arch.flatMap((d) => ['-I', d]), '-c', source, '-o', object],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    inlined = loadEachLegacy(loader.loader, object, { programType: 'sched_cls', inlineGlobals: '.rodata.config' });
    plain = loadEachLegacy(loader.loader, object, { programType: 'sched_cls' });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds every program, two of them in one section', (t) => {
    if (skip) return t.skip(skip);
    assert.deepEqual(inlined.map((v) => `${v.section} ${v.name}`).sort(), [
      '2/1 tail_ok',
      '2/2 tail_bad',
      'tc entry',
      'tc entry_config',
    ]);
  });

  it('accepts what the kernel accepts: legacy and BTF maps, a map of maps, globals, a .text global function', (t) => {
    if (skip) return t.skip(skip);
    for (const name of ['tail_ok', 'entry', 'entry_config']) {
      const v = byName(inlined, name);
      assert.ok(v.accepted, `${name}: ${v.notes.join('; ')} ${v.log.slice(-400)}`);
      assert.ok(
        v.stats.some((s) => /^processed \d+ insns/.test(s)),
        `${name}: the kernel's statistics (${v.stats.join('; ')})`,
      );
    }
  });

  it("rejects what the kernel rejects, with the kernel's log naming the C line (line_info passed)", (t) => {
    if (skip) return t.skip(skip);
    const bad = byName(inlined, 'tail_bad');
    assert.equal(bad.accepted, false);
    assert.match(bad.log, /R0 unbounded memory access/);
    assert.match(bad.log, /return \(int\)v\[skb->mark\];/);
  });

  it('inlines .rodata.config only when asked: without it the kernel sees the address used as a number', (t) => {
    if (skip) return t.skip(skip);
    const v = byName(plain, 'entry_config');
    assert.equal(v.accepted, false);
    assert.match(v.log, /invalid size of register spill|pointer arithmetic|leaks addr/);
    assert.ok(byName(plain, 'tail_ok').accepted, 'the other programs do not depend on it');
  });
});
