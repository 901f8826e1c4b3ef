// Verification time and memory for large generated programs (thousands of instructions, loops,
// many branches, subprograms) on both platform profiles. Where the kernel can load the Linux
// objects here (root + bpftool), its own verification time is measured in the same run as a
// reference; PREVAIL's published figures are printed as context only (we cannot run PREVAIL).
// Run: npx tsx bench/verifier.bench.ts (or npm run bench verifier). Budget: no program > 1 s.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadObject } from '../core/program/loader';
import { linuxProfile, windowsProfile } from '../core/platform/index';
import type { PlatformProfile } from '../core/platform/types';
import type { Program } from '../core/program/types';
import { verifyProgram } from '../core/verifier/index';
import { median } from './stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const REPO = path.resolve(__dirname, '..');

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

type Target = 'linux' | 'windows';

function header(t: Target): string[] {
  return t === 'linux'
    ? [
        '#include <linux/bpf.h>',
        '#include <bpf/bpf_helpers.h>',
        'char LICENSE[] SEC("license") = "GPL";',
        '#define CTX struct xdp_md',
        '#define PASS 2',
        '#define DROP 1',
      ]
    : [
        '#include "bpf_helpers.h"',
        '#include "xdp_hooks.h"',
        '#define CTX xdp_md_t',
        '#define PASS 1',
        '#define DROP 2',
      ];
}

const MAPS = [
  'struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 64); __type(key, __u32); __type(value, __u64); } stats SEC(".maps");',
  'struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 1024); __type(key, __u32); __type(value, __u64); } flows SEC(".maps");',
];

/** Straight-line parsing: many bounds checks and branches over packet bytes, unrolled. */
export function parser(t: Target, fields: number): string {
  const p = [
    ...header(t),
    ...MAPS,
    'SEC("xdp") int parser(CTX *ctx) {',
    '  unsigned char *d = (void *)(long)ctx->data, *e = (void *)(long)ctx->data_end;',
    '  __u64 acc = 0;',
  ];
  for (let i = 0; i < fields; i++) {
    p.push(`  if (d + ${i + 2} > e) return PASS;`);
    p.push(
      `  if (d[${i}] == ${i % 251}) acc += d[${i + 1}] * ${i + 3}; else if (d[${i}] > ${(i * 7) % 200}) acc ^= acc >> ${(i % 5) + 1}; else acc = acc * 31 + ${i};`,
    );
    if (i % 16 === 15)
      p.push(`  { __u32 k = acc & 63; __u64 *v = bpf_map_lookup_elem(&stats, &k); if (v) *v += acc; }`);
  }
  p.push('  return acc & 1 ? DROP : PASS; }');
  return p.join('\n');
}

/** Bounded loops (nested), map lookups in the loop body, and bpf-to-bpf calls. */
export function loops(t: Target, outer: number): string {
  const p = [
    ...header(t),
    ...MAPS,
    'static __attribute__((noinline)) __u64 mix(__u64 a, __u64 b) { return (a * 0x9e3779b97f4a7c15ULL) ^ (b >> 3); }',
    'SEC("xdp") int loops(CTX *ctx) {',
    '  unsigned char *d = (void *)(long)ctx->data, *e = (void *)(long)ctx->data_end;',
    '  if (d + 64 > e) return PASS;',
    '  __u64 acc = ctx->ingress_ifindex;',
    `  for (__u32 i = 0; i < ${outer}; i++) {`,
    '    __u32 k = (acc + i) & 1023;',
    '    __u64 *v = bpf_map_lookup_elem(&flows, &k);',
    '    if (v) acc = mix(acc, *v);',
    '    for (__u32 j = 0; j < 8; j++) acc += d[(i + j) & 63] ^ j;',
    '  }',
    '  __u32 z = 0; __u64 *s = bpf_map_lookup_elem(&stats, &z); if (s) *s = acc;',
    '  return acc & 1 ? DROP : PASS; }',
  ];
  return p.join('\n');
}

/**
 * The loop cliff (issue 19): one bounded loop of up to `n` iterations. Verifying it must not cost
 * one replay per iteration: target at most 50 ms for n = 99,999 (PREVAIL's counter limit is 100,000).
 */
export function loopCliff(t: Target, n: number): string {
  return [
    ...header(t),
    'SEC("xdp") int cliff(CTX *ctx) {',
    '  __u64 n = ctx->ingress_ifindex, acc = n * 7;',
    `  if (n > ${n}) n = ${n};`,
    '  for (__u64 i = 0; i < n; i++) acc = acc * 31 + (i ^ n);',
    '  return acc & 1 ? DROP : PASS; }',
  ].join('\n');
}

/** PREVAIL's own time on a Windows object (prevail-windows from shared/oracles), when present. */
function prevailResult(obj: string): string | undefined {
  const shared = [process.env.EBPF_SHARED_DIR, path.resolve(REPO, '../shared')].find(
    (d): d is string => !!d && fs.existsSync(path.join(d, 'oracles', 'prevail-windows')),
  );
  if (!shared) return undefined;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(path.join(shared, 'oracles', 'prevail-windows'), [obj], { encoding: 'utf8', timeout: 60_000 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const verdict = r.stdout.split('\t')[1] ?? '?';
  return `prevail-windows ${ms.toFixed(1)} ms (process) ${verdict}`;
}

/** A wide switch-like decision tree: many branches joining back. */
export function branches(t: Target, n: number): string {
  const p = [
    ...header(t),
    ...MAPS,
    'SEC("xdp") int branches(CTX *ctx) {',
    '  unsigned char *d = (void *)(long)ctx->data, *e = (void *)(long)ctx->data_end;',
    '  if (d + 32 > e) return PASS;',
    '  __u64 r = 0;',
  ];
  for (let i = 0; i < n; i++) {
    p.push(
      `  if ((d[${i % 32}] & ${(i % 7) + 1}) == ${i % 3}) { r += ${i}; if (d[${(i * 3) % 32}] > ${i % 200}) r ^= d[${(i * 5) % 32}]; } else { r = r * 3 + d[${(i * 11) % 32}]; }`,
    );
  }
  p.push('  __u32 k = r & 63; __u64 *v = bpf_map_lookup_elem(&stats, &k); if (v) __sync_fetch_and_add(v, 1);');
  p.push('  return r & 1 ? DROP : PASS; }');
  return p.join('\n');
}

function compile(dir: string, name: string, source: string, t: Target): string | undefined {
  const src = path.join(dir, `${name}.c`);
  const obj = path.join(dir, `${name}.o`);
  fs.writeFileSync(src, source);
  const flags =
    t === 'linux' ? ['-I/usr/include/x86_64-linux-gnu'] : ['-ffreestanding', '-I', path.join(REPO, 'include')];
  const r = spawnSync(process.env.CLANG || 'clang', ['-target', 'bpf', '-O2', '-g', ...flags, '-c', src, '-o', obj], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.log(`  ${name}: clang failed: ${r.stderr.split('\n')[0]}`);
    return undefined;
  }
  return obj;
}

/** The kernel's own verification time (bpftool -d prints "verification time N usec"), if loadable here. */
function kernelResult(obj: string): string | undefined {
  if (process.getuid?.() !== 0 || spawnSync('bpftool', ['version']).status !== 0) return undefined;
  const pin = `/sys/fs/bpf/ebpf_bench_${process.pid}`;
  // The debug log can be huge (path explosion): keep only the summary lines, and bound the time.
  const r = spawnSync(
    'sh',
    [
      '-c',
      `timeout 20 bpftool -d prog load '${obj}' '${pin}' 2>&1 | grep -E 'verification time|processed [0-9]+ insns|too large|too complex' | tail -3`,
    ],
    { encoding: 'utf8' },
  );
  spawnSync('rm', ['-f', pin]);
  const out = r.stdout;
  const time = /verification time (\d+) usec/.exec(out);
  const processed = /processed (\d+) insns/.exec(out);
  if (/too large|too complex/.test(out)) return `kernel: rejected (too complex after ${processed?.[1] ?? '?'} insns)`;
  if (!time) return 'kernel: no result within 20 s';
  return `kernel ${(Number(time[1]) / 1000).toFixed(1)} ms (${processed?.[1] ?? '?'} insns processed)`;
}

function measure(program: Program): {
  ms: number;
  verdict: string;
  iterations: number;
  heapMb: number;
  firstError: string | undefined;
} {
  const times: number[] = [];
  let verdict = '';
  let iterations = 0;
  let heapMb = 0;
  let firstError: string | undefined;
  for (let i = 0; i < ROUNDS; i++) {
    gc();
    const before = process.memoryUsage().heapUsed;
    const t0 = process.hrtime.bigint();
    const r = verifyProgram(program, { keepStates: true, timeBudgetMs: 10_000 });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    // Live heap right after the run (states kept): an upper bound of what the analysis holds.
    heapMb = Math.max(heapMb, (process.memoryUsage().heapUsed - before) / 2 ** 20);
    verdict = r.verdict;
    iterations = r.stats.iterations;
    const e = r.diagnostics.find((d) => d.severity === 'error');
    firstError = e ? `${e.code}@${e.location?.line ?? e.pc}: ${e.message.slice(0, 100)}` : undefined;
  }
  return { ms: median(times), verdict, iterations, heapMb, firstError };
}

function main(): void {
  const probe = spawnSync(process.env.CLANG || 'clang', ['--version']);
  if (probe.status !== 0) {
    console.log('verifier bench skipped: clang is not available');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verifier-bench-'));
  const profiles: Record<Target, PlatformProfile> = { linux: linuxProfile, windows: windowsProfile };
  const rows: string[] = [];
  let worst = 0;
  let over = 0;
  try {
    for (const t of ['linux', 'windows'] as const) {
      const programs: [string, string][] = [
        [`parser_${t}`, parser(t, 400)],
        [`branches_${t}`, branches(t, 300)],
        [`loops_${t}`, loops(t, 32)],
        [`loop_cliff_${t}`, loopCliff(t, 99_999)],
      ];
      for (const [name, source] of programs) {
        const obj = compile(dir, name, source, t);
        if (!obj) continue;
        const loaded = loadObject(new Uint8Array(fs.readFileSync(obj)), { platform: profiles[t], fileName: name });
        for (const program of loaded.programs.filter((p) => p.section !== '.text')) {
          const m = measure(program);
          const kernel = t === 'linux' ? kernelResult(obj) : prevailResult(obj);
          worst = Math.max(worst, m.ms);
          if (m.ms > 1000) over++;
          rows.push(
            `${name.padEnd(18)} ${String(program.slotCount).padStart(6)} insns  ${m.ms.toFixed(1).padStart(8)} ms  ${String(m.iterations).padStart(7)} iters  ${m.heapMb.toFixed(1).padStart(6)} MB  ${m.verdict.padEnd(4)}` +
              (kernel !== undefined ? `  ${kernel}` : '') +
              (m.firstError ? `\n${''.padEnd(20)}first error: ${m.firstError}` : ''),
          );
        }
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`program            slots        median (${ROUNDS} runs)   iterations   live heap  verdict`);
  for (const r of rows) console.log(r);
  console.log(`worst ${worst.toFixed(1)} ms; programs over the 1 s budget: ${over}`);
  console.log('loop_cliff_*: target <= 50 ms (issue 19: no replay per iteration)');
  console.log(
    'context only: PREVAIL per-program time on a 2-core machine is about 0.02 s median, 3 s worst, ~270 MB peak per process (../shared/reference/prevail.md)',
  );
  if (over > 0) process.exitCode = 1;
}

if (require.main === module) {
  if (typeof (globalThis as { gc?: () => void }).gc !== 'function') {
    // Re-run with --expose-gc so heap figures are not blurred by earlier garbage.
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
  main();
}
