// End to end: C compiled by clang, loaded by the loader, verified; the finding must point at the
// right C line (from BTF line info) with the right code. Skips when clang is missing.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { at, defined } from '../../support/at';
import { clangMissingReason, REPO_INCLUDE } from '../../support/clang';
import { loadObject } from '../../../core/program/loader';
import { linuxProfile, windowsProfile } from '../../../core/platform/index';
import type { PlatformProfile } from '../../../core/platform/types';
import { verifyProgram } from '../../../core/verifier/index';
import type { Diagnostic, VerificationResult } from '../../../core/verifier/types';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verifier-clang-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function compile(name: string, source: string, platform: PlatformProfile): Uint8Array {
  const src = path.join(dir, `${name}.c`);
  const obj = path.join(dir, `${name}.o`);
  fs.writeFileSync(src, source);
  const args =
    platform.id === 'windows'
      ? ['-target', 'bpf', '-O2', '-g', '-ffreestanding', '-I', REPO_INCLUDE, '-c', src, '-o', obj]
      : ['-target', 'bpf', '-O2', '-g', '-I/usr/include/x86_64-linux-gnu', '-c', src, '-o', obj];
  const r = spawnSync(process.env.CLANG || 'clang', args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return new Uint8Array(fs.readFileSync(obj));
}

function verifyC(name: string, source: string, platform: PlatformProfile): VerificationResult[] {
  const obj = loadObject(compile(name, source, platform), { platform, sourceText: source, fileName: `${name}.o` });
  return obj.programs.filter((p) => p.section !== '.text').map((p) => verifyProgram(p));
}

/** The first error of a result the test expects to fail. */
function firstError(r: VerificationResult): Diagnostic {
  return defined(
    r.diagnostics.find((x) => x.severity === 'error'),
    'an error diagnostic',
  );
}

/** The 1-based line of the first source line containing `marker`. */
function lineOf(source: string, marker: string): number {
  const i = source.split('\n').findIndex((l) => l.includes(marker));
  assert.ok(i >= 0, `marker ${marker} not in source`);
  return i + 1;
}

const WIN_HEADER = `#include "bpf_helpers.h"\n#include "xdp_hooks.h"\n`;
const LINUX_HEADER = `#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\nchar LICENSE[] SEC("license") = "GPL";\n`;

const WIN_MAP = `struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, __u32); __type(value, __u64); __uint(max_entries, 8); } counts SEC(".maps");\n`;
const LINUX_MAP = WIN_MAP;

describe('verifier end to end with clang', () => {
  const missing = clangMissingReason();

  it('a missing NULL check points at the dereference, with the lookup as related location (Windows)', (t) => {
    if (missing) return t.skip(missing);
    const src = `${WIN_HEADER}${WIN_MAP}
SEC("xdp")
int prog(xdp_md_t *ctx)
{
    __u32 key = ctx->ingress_ifindex;
    __u64 *count = bpf_map_lookup_elem(&counts, &key); // LOOKUP
    *count += 1; // DEREF
    return XDP_PASS;
}
`;
    const r = at(verifyC('null_win', src, windowsProfile), 0, 'verified program');
    const d = firstError(r);
    assert.equal(d.code, 'null-dereference');
    assert.equal(d.location?.line, lineOf(src, '// DEREF'));
    assert.ok((d.location?.column ?? 0) > 1, 'column from BTF line info');
    assert.match(d.message, /^`count` may be NULL here: `bpf_map_lookup_elem` returns NULL when the key is missing/);
    assert.equal(d.related[0]?.location?.line, lineOf(src, '// LOOKUP'));
    assert.equal(r.diagnostics.filter((x) => x.severity === 'error').length, 1);
  });

  it('an off-by-one packet read points at the read (Linux) and the fixed program passes', (t) => {
    if (missing) return t.skip(missing);
    const src = (n: number): string => `${LINUX_HEADER}
SEC("xdp")
int prog(struct xdp_md *ctx)
{
    unsigned char *data = (void *)(long)ctx->data;
    unsigned char *data_end = (void *)(long)ctx->data_end;
    if (data + ${n} > data_end)
        return XDP_PASS;
    return data[14] == 0x45 ? XDP_DROP : XDP_PASS; // READ
}
`;
    const bad = at(verifyC('pkt_bad', src(14), linuxProfile), 0, 'verified program');
    const d = firstError(bad);
    assert.equal(d.code, 'packet-out-of-bounds');
    assert.equal(d.location?.line, lineOf(src(14), '// READ'));
    const good = at(verifyC('pkt_good', src(15), linuxProfile), 0, 'verified program');
    assert.equal(good.verdict, 'pass', JSON.stringify(good.diagnostics));
  });

  it('a bounded loop with a subprogram passes; an unbounded one is rejected at the loop', (t) => {
    if (missing) return t.skip(missing);
    const src = (bound: string): string => `${LINUX_HEADER}${LINUX_MAP}
static __attribute__((noinline)) __u64 weight(__u32 i)
{
    return i * 3 + 1;
}
SEC("xdp")
int prog(struct xdp_md *ctx)
{
    __u64 sum = 0;
    __u32 n = ctx->ingress_ifindex;
    for (__u32 i = 0; ${bound}; i++) // LOOP
        sum += weight(i);
    return sum & 1 ? XDP_DROP : XDP_PASS;
}
`;
    const good = at(verifyC('loop_good', src('i < 16 && i < n'), linuxProfile), 0, 'verified program');
    assert.equal(good.verdict, 'pass', JSON.stringify(good.diagnostics.filter((x) => x.severity === 'error')));
    const bad = at(verifyC('loop_bad', src('i != n'), linuxProfile), 0, 'verified program');
    const d = firstError(bad);
    assert.equal(d.code, 'unbounded-loop');
    assert.equal(d.location?.line, lineOf(src('i != n'), '// LOOP'));
  });

  it('a context write to a read-only field points at the store (Windows xdp data pointer)', (t) => {
    if (missing) return t.skip(missing);
    const src = `${WIN_HEADER}
SEC("xdp")
int prog(xdp_md_t *ctx)
{
    ctx->data = 0; // STORE
    return XDP_PASS;
}
`;
    const r = at(verifyC('ctx_ro', src, windowsProfile), 0, 'verified program');
    const d = firstError(r);
    assert.equal(d.code, 'context-read-only');
    assert.equal(d.location?.line, lineOf(src, '// STORE'));
  });

  it('Linux: a loop scanning the packet with a moving pointer passes (iterations analysed one by one)', (t) => {
    if (missing) return t.skip(missing);
    const src = `${LINUX_HEADER}
SEC("xdp")
int prog(struct xdp_md *ctx)
{
    unsigned char *data = (void *)(long)ctx->data;
    unsigned char *data_end = (void *)(long)ctx->data_end;
    unsigned char *p = data;
    int n = 0;
    while (n < 64 && (void *)(p + 1) <= data_end && *p != 0) {
        p++;
        n++;
    }
    return n == 64 ? XDP_DROP : XDP_PASS;
}
`;
    const r = at(verifyC('scan', src, linuxProfile), 0, 'verified program');
    assert.equal(r.verdict, 'pass', JSON.stringify(r.diagnostics.filter((d) => d.severity === 'error')));
  });

  it('Linux: a global function is verified on its own (pointer arguments may be NULL); a static one is inlined', (t) => {
    if (missing) return t.skip(missing);
    const src = (storage: string, check: string): string => `${LINUX_HEADER}
${storage} __attribute__((noinline)) int read_it(int *p)
{
    ${check}
    return *p; // DEREF
}
SEC("xdp")
int prog(struct xdp_md *ctx)
{
    int v = ctx->rx_queue_index;
    return read_it(&v) ? XDP_DROP : XDP_PASS;
}
`;
    const bad = src('', '');
    const r = at(verifyC('global_bad', bad, linuxProfile), 0, 'verified program');
    const d = firstError(r);
    assert.equal(d.code, 'null-dereference');
    assert.equal(d.location?.line, lineOf(bad, '// DEREF'));
    assert.match(d.message, /^`p` may be NULL here: it is a pointer argument of the global function `read_it`/);
    assert.equal(
      at(verifyC('global_ok', src('', 'if (!p) return 0;'), linuxProfile), 0, 'verified program').verdict,
      'pass',
    );
    assert.equal(at(verifyC('static_ok', src('static', ''), linuxProfile), 0, 'verified program').verdict, 'pass');
    // eBPF for Windows (PREVAIL) inlines every call: the caller passes a stack address, so it passes.
    const win = `${WIN_HEADER}
__attribute__((noinline)) int read_it(int *p) { return *p; }
SEC("xdp")
int prog(xdp_md_t *ctx) { int v = ctx->ingress_ifindex; return read_it(&v) ? 2 : 1; }
`;
    assert.equal(at(verifyC('global_win', win, windowsProfile), 0, 'verified program').verdict, 'pass');
  });

  it('Linux: the inner map of a map-of-maps lookup must be NULL-checked before use', (t) => {
    if (missing) return t.skip(missing);
    const src = `${LINUX_HEADER}
struct inner { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, __u64); } inner_map SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS); __uint(max_entries, 4); __type(key, __u32); __array(values, struct inner); } outer SEC(".maps") = { .values = { &inner_map } };
SEC("xdp") int good(struct xdp_md *ctx) {
  __u32 k = 0;
  void *in = bpf_map_lookup_elem(&outer, &k);
  if (!in) return XDP_PASS;
  __u64 *v = bpf_map_lookup_elem(in, &k);
  if (v) *v += 1;
  return XDP_PASS;
}
SEC("xdp") int bad(struct xdp_md *ctx) {
  __u32 k = 0;
  void *in = bpf_map_lookup_elem(&outer, &k);
  __u64 *v = bpf_map_lookup_elem(in, &k); // USE
  if (v) *v += 1;
  return XDP_PASS;
}
`;
    const results = verifyC('map_in_map', src, linuxProfile);
    const good = at(results, 0, 'program good');
    const bad = at(results, 1, 'program bad');
    assert.equal(good.verdict, 'pass', JSON.stringify(good.diagnostics.filter((d) => d.severity === 'error')));
    const d = firstError(bad);
    assert.equal(d.code, 'null-dereference');
    assert.equal(d.location?.line, lineOf(src, '// USE'));
  });
});
