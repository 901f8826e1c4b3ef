// Native engine speed: the three workloads of bench/vm.bench.ts (arithmetic loop, map-heavy,
// packet parsing) as generated C built by core/native/engine (cc -O2), next to our interpreter
// and the kernel's JIT (BPF_PROG_TEST_RUN via bpftool, root only), all measured in this run.
// Target: native within 2× of the kernel JIT.
//   npx tsx bench/native.bench.ts
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildRunner } from '../core/native/engine/build';
import { nativeInput, runNative } from '../core/native/engine/run';
import { linuxProfile } from '../core/platform/index';
import { loadObject } from '../core/program/loader';
import { Vm } from '../core/vm/vm';
import { UDP_FRAME, WORKLOADS } from './vm/programs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-native-bench-'));

function sh(cmd: string, args: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { ok: !r.error && r.status === 0, out: r.stdout ?? '', err: (r.error?.message ?? '') + (r.stderr ?? '') };
}

function vmNs(programs: ReturnType<typeof loadObject>['programs'], runs: number): number {
  const vm = new Vm(programs, { budget: 10_000_000, seed: 1 });
  for (let i = 0; i < Math.min(runs, 200); i++) vm.run({ packet: UDP_FRAME });
  let best = Infinity;
  for (let rep = 0; rep < 3; rep++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) vm.run({ packet: UDP_FRAME });
    best = Math.min(best, Number(process.hrtime.bigint() - t) / runs);
  }
  return best;
}

function kernelNs(name: string, obj: string, runs: number): number | string {
  if (process.getuid?.() !== 0) return 'not root';
  const pin = `/sys/fs/bpf/ebpf_native_bench_${name}_${process.pid}`;
  try {
    const load = sh('bpftool', ['prog', 'load', obj, pin]);
    if (!load.ok) return `kernel refused: ${load.err.trim().split('\n').pop()}`;
    const input = path.join(dir, 'frame.bin');
    fs.writeFileSync(input, UDP_FRAME);
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const r = sh('bpftool', ['prog', 'run', 'pinned', pin, 'data_in', input, 'repeat', String(runs)]);
      const m = /duration(?: \(average\))?: (\d+)ns/.exec(r.out);
      if (!r.ok || !m) return `bpftool prog run failed: ${r.err || r.out}`;
      best = Math.min(best, Number(m[1]));
    }
    return best;
  } finally {
    fs.rmSync(pin, { force: true });
  }
}

const fmt = (ns: number) =>
  ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`;

const rows: string[] = [];
try {
  for (const w of WORKLOADS) {
    const src = path.join(dir, `${w.name}.bpf.c`);
    const obj = path.join(dir, `${w.name}.o`);
    fs.writeFileSync(src, w.bpf);
    const cc = sh('clang', ['-target', 'bpf', '-O2', '-g', '-I/usr/include/x86_64-linux-gnu', '-c', src, '-o', obj]);
    if (!cc.ok) throw new Error(`clang failed for ${w.name}: ${cc.err}`);
    const programs = loadObject(new Uint8Array(fs.readFileSync(obj)), {
      platform: linuxProfile,
      fileName: obj,
    }).programs;
    const build = buildRunner(programs, { fileName: `${w.name}.o`, cacheDir: path.join(dir, 'cache') });
    const input = nativeInput(programs, 0, { packet: UDP_FRAME }, []);
    const nativeRuns = w.runs >= 1000 ? 200_000 : 200;
    let native = Infinity;
    for (let rep = 0; rep < 3; rep++)
      native = Math.min(native, runNative(build, input, nativeRuns).nsPerRun ?? Infinity);
    const vm = vmNs(programs, w.runs);
    const kernel = kernelNs(w.name, obj, w.runs >= 1000 ? 100_000 : 200);
    const k = typeof kernel === 'number' ? kernel : undefined;
    rows.push(
      `| ${w.name} | ${fmt(native)} | ${fmt(vm)} | ${k ? fmt(k) : kernel} | ${(vm / native).toFixed(1)}× | ${k ? (native / k).toFixed(2) + '×' : '-'} |`,
    );
    console.log(`${w.name}: ${w.what}`);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log('');
console.log(
  '| workload | native time/run | interpreter time/run | kernel JIT time/run | interpreter / native | native / kernel (target ≤ 2×) |',
);
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
