// The Linux loader's privilege: the kernel lets root leak and truncate pointers (allow_ptr_leaks),
// with a warning from us, and refuses leaks to an unprivileged loader, which may load only socket
// filters and cgroup_skb programs (the fixtures' expect-unprivileged lines are checked against the
// kernel). Compiled with clang; skips without it.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clangMissingReason } from '../../support/clang';
import { loadObject } from '../../../core/program/loader';
import { linuxProfile } from '../../../core/platform/index';
import { verifyProgram } from '../../../core/verifier/index';
import { processIo, type CliIo } from '../../../cli/io';
import { runCli } from '../../../cli/main';
import type { VerificationResult } from '../../../core/verifier/types';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verifier-privilege-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const HEADER = `#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\nchar LICENSE[] SEC("license") = "GPL";\n`;

function verify(name: string, source: string, privileged: boolean): VerificationResult {
  const src = path.join(dir, `${name}.c`);
  const obj = path.join(dir, `${name}.o`);
  fs.writeFileSync(src, HEADER + source);
  const r = spawnSync(
    process.env.CLANG || 'clang',
    ['-target', 'bpf', '-mcpu=v3', '-O2', '-g', '-I/usr/include/x86_64-linux-gnu', '-c', src, '-o', obj],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  const loaded = loadObject(new Uint8Array(fs.readFileSync(obj)), { platform: linuxProfile, fileName: `${name}.o` });
  const program = loaded.programs.find((p) => p.section !== '.text');
  assert.ok(program, 'one program');
  return verifyProgram(program, { privileged });
}

const codes = (r: VerificationResult, severity: 'error' | 'warning'): string[] =>
  r.diagnostics.filter((d) => d.severity === severity).map((d) => d.code);

describe('Linux loader privilege', () => {
  const missing = clangMissingReason();

  const leak = `struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); } m SEC(".maps");
SEC("socket")
int leak(struct __sk_buff *ctx) {
  __u32 k = 0;
  __u64 *v = bpf_map_lookup_elem(&m, &k);
  if (v) *v = (__u64)ctx;
  return 0;
}
`;

  it('a pointer stored in a map is a warning for root', (t) => {
    if (missing) return t.skip(missing);
    const r = verify('leak-root', leak, true);
    assert.equal(r.verdict, 'pass');
    assert.deepEqual(codes(r, 'warning'), ['pointer-leak']);
  });

  it('ebpf verify: exit 0 for root, 1 with --unprivileged', (t) => {
    if (missing) return t.skip(missing);
    verify('leak-cli', leak, true);
    const obj = path.join(dir, 'leak-cli.o');
    let out = '';
    const io: CliIo = { ...processIo, stdout: (text) => (out += text), stderr: (text) => (out += text) };
    assert.equal(runCli(['verify', '--platform', 'linux', obj], io), 0, out);
    assert.equal(runCli(['verify', '--platform', 'linux', '--unprivileged', obj], io), 1, out);
    assert.match(out, /error\[pointer-leak\]/);
  });

  it('and an error for an unprivileged loader', (t) => {
    if (missing) return t.skip(missing);
    const r = verify('leak-user', leak, false);
    assert.equal(r.verdict, 'fail');
    assert.deepEqual(codes(r, 'error'), ['pointer-leak']);
  });

  // (u32)(data_end - data) compiled as 32-bit moves of both pointers and a 32-bit subtraction.
  const truncate = `SEC("xdp")
int len32(struct xdp_md *ctx) {
  __u32 a, b;
  asm volatile("%0 = *(u32 *)(%2 + 4); %1 = *(u32 *)(%2 + 0); %0 -= %1" : "=&w"(a), "=&w"(b) : "r"(ctx));
  return a > 1500 ? XDP_DROP : XDP_PASS;
}
`;

  it('32-bit arithmetic on packet pointers: root gets a number; XDP is not for an unprivileged loader', (t) => {
    if (missing) return t.skip(missing);
    const root = verify('sub32-root', truncate, true);
    assert.equal(root.verdict, 'pass', JSON.stringify(root.diagnostics.map((d) => d.message)));
    // The kernel refuses the program type before it looks at the arithmetic (EPERM).
    const user = verify('sub32-user', truncate, false);
    assert.equal(user.verdict, 'fail');
    assert.deepEqual(codes(user, 'error'), ['needs-privilege']);
    assert.match(user.diagnostics[0]?.message ?? '', /refuses xdp programs to an unprivileged loader/);
  });
});
