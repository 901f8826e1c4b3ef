// VM throughput: instructions per second of Vm.run on three workloads (arithmetic loop, maps,
// packet parsing), next to the same work in native C (system cc -O2) and, where allowed, the
// kernel's BPF_PROG_TEST_RUN (bpftool prog run ... repeat N), all measured in this run.
//   npx tsx bench/vm.bench.ts
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { linuxProfile } from '../core/platform/index';
import { loadObject } from '../core/program/loader';
import { Vm } from '../core/vm/vm';
import { UDP_FRAME, WORKLOADS, type Workload } from './vm/programs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-vm-bench-'));
const pins: string[] = [];

function sh(cmd: string, args: string[], input?: string): { ok: boolean; out: string; err: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input });
  return { ok: !r.error && r.status === 0, out: r.stdout ?? '', err: (r.error?.message ?? '') + (r.stderr ?? '') };
}

function best(n: number, f: () => number): number {
  let b = Infinity;
  for (let i = 0; i < n; i++) b = Math.min(b, f());
  return b;
}

interface Row {
  name: string;
  insns: number;
  vmNs: number;
  /** Undefined when the native or kernel run was not possible (the reason is in note). */
  nativeNs: number | undefined;
  kernelNs: number | undefined;
  note: string[];
}

function measureVm(w: Workload, obj: string): { insns: number; ns: number } {
  const loaded = loadObject(new Uint8Array(fs.readFileSync(obj)), { platform: linuxProfile, fileName: obj });
  const vm = new Vm(loaded.programs, { budget: 10_000_000, seed: 1 });
  const first = vm.run({ packet: UDP_FRAME });
  if (first.error) throw first.error;
  const insns = first.instructions;
  for (let i = 0; i < Math.min(w.runs, 1000); i++) vm.run({ packet: UDP_FRAME }); // warm up
  const ns = best(5, () => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < w.runs; i++) vm.run({ packet: UDP_FRAME });
    return Number(process.hrtime.bigint() - t) / w.runs;
  });
  return { insns, ns };
}

function measureNative(w: Workload): number | string {
  const src = path.join(dir, `${w.name}.c`);
  const exe = path.join(dir, `${w.name}-native`);
  const frame = [...UDP_FRAME].join(',');
  fs.writeFileSync(
    src,
    `#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
${w.native}
int main(void) {
  static const uint8_t frame[] = {${frame}};
  uint8_t pkt[sizeof frame];
  volatile uint64_t sink = 0;
  double bestNs = 1e30;
  for (int rep = 0; rep < 5; rep++) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < ${w.runs}; i++) { memcpy(pkt, frame, sizeof frame); sink += work(pkt, sizeof frame); __asm__ volatile("" ::: "memory"); }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double ns = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / ${w.runs};
    if (ns < bestNs) bestNs = ns;
  }
  printf("%f %llu\\n", bestNs, (unsigned long long)sink);
  return 0;
}
`,
  );
  const cc = sh('cc', ['-O2', '-o', exe, src]);
  if (!cc.ok) return `cc failed: ${cc.err.split('\n')[0]}`;
  const r = sh(exe, []);
  if (!r.ok) return `native run failed: ${r.err}`;
  return Number(r.out.split(' ')[0]);
}

function measureKernel(w: Workload, obj: string): number | string {
  if (process.getuid?.() !== 0) return 'kernel: not root';
  const pin = `/sys/fs/bpf/ebpf_vm_bench_${w.name}_${process.pid}`;
  pins.push(pin);
  const load = sh('bpftool', ['prog', 'load', obj, pin]);
  if (!load.ok) return `kernel refused the program: ${load.err.trim().split('\n').pop()}`;
  const input = path.join(dir, 'frame.bin');
  fs.writeFileSync(input, UDP_FRAME);
  const repeat = w.runs >= 1000 ? 100000 : 200;
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = sh('bpftool', ['prog', 'run', 'pinned', pin, 'data_in', input, 'repeat', String(repeat)]);
    const m = /duration(?: \(average\))?: (\d+)ns/.exec(r.out);
    if (!r.ok || !m) return `bpftool prog run failed: ${r.err || r.out}`;
    times.push(Number(m[1]));
  }
  return Math.min(...times);
}

function fmt(ns: number | undefined): string {
  if (ns === undefined) return '-';
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`;
}

const rows: Row[] = [];
try {
  for (const w of WORKLOADS) {
    const src = path.join(dir, `${w.name}.bpf.c`);
    const obj = path.join(dir, `${w.name}.o`);
    fs.writeFileSync(src, w.bpf);
    const cc = sh('clang', ['-target', 'bpf', '-O2', '-g', '-I/usr/include/x86_64-linux-gnu', '-c', src, '-o', obj]);
    if (!cc.ok) throw new Error(`clang failed for ${w.name}: ${cc.err}`);
    const vm = measureVm(w, obj);
    const native = measureNative(w);
    const kernel = measureKernel(w, obj);
    const note: string[] = [];
    if (typeof native === 'string') note.push(native);
    if (typeof kernel === 'string') note.push(kernel);
    rows.push({
      name: w.name,
      insns: vm.insns,
      vmNs: vm.ns,
      nativeNs: typeof native === 'number' ? native : undefined,
      kernelNs: typeof kernel === 'number' ? kernel : undefined,
      note,
    });
    console.log(`${w.name}: ${w.what}`);
  }
} finally {
  for (const p of pins) fs.rmSync(p, { force: true });
  fs.rmSync(dir, { recursive: true, force: true });
}

console.log('');
console.log(
  '| workload | BPF insns/run | VM time/run | VM M insn/s | native C time/run | kernel (JIT) time/run | VM / native | VM / kernel |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const mips = (r.insns / r.vmNs) * 1e3;
  console.log(
    `| ${r.name} | ${r.insns} | ${fmt(r.vmNs)} | ${mips.toFixed(1)} | ${fmt(r.nativeNs)} | ${fmt(r.kernelNs)} | ${r.nativeNs ? (r.vmNs / r.nativeNs).toFixed(1) + '×' : '-'} | ${r.kernelNs ? (r.vmNs / r.kernelNs).toFixed(1) + '×' : '-'} |`,
  );
  for (const n of r.note) console.log(`  note (${r.name}): ${n}`);
}
const lcg = rows.find((r) => r.name === 'lcg');
if (lcg)
  console.log(
    `\narithmetic loop: ${((lcg.insns / lcg.vmNs) * 1e3).toFixed(1)} M insn/s (target ≥ 30; uBPF's C interpreter does 100–160 here)`,
  );
