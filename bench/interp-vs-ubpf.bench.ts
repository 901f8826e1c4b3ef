// The VM against uBPF's interpreter (shared/anchors/ubpf: uBPF built -O2 with a timing harness)
// on the anchor's three workloads (arithmetic loop, map-heavy, packet parse), same bytecode, in
// alternating rounds of the same run. Prints time per run, M insn/s, and the ratio VM / uBPF
// (≤ 1.0 means the VM is at least as fast), for Vm.run (JavaScript tier + interpreter) with its
// full result (a result object per run whose packet, metadata and ctx read the VM's regions in
// place until its next run; the round reads the output packet of its last run) and with the
// verdict only (r0, as uBPF's harness keeps; what `ebpf run --summary` uses), and for the
// interpreter alone. Skips with one line when the anchor or clang is missing.
// The rounds run in a child process on an esbuild bundle of this file (see below).
//   npx tsx bench/interp-vs-ubpf.bench.ts        (BENCH_ROUNDS=N to change the 7 rounds)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { linuxProfile } from '../core/platform/index';
import { loadObject } from '../core/program/loader';
import { Vm, type RunKeep, type RunResult } from '../core/vm/vm';
import * as esbuild from 'esbuild';
import { missingSharedReason, sharedDir, sharedPath } from '../test/support/shared';
import { UDP_FRAME } from './vm/programs';
import { median } from './stats';

// The VM is measured as it ships: bundled by esbuild, as the CLI, the debug adapter and the
// extension are. Run through tsx instead, every access to another module's export is a getter
// call (`get memory.ts` in a --cpu-prof), which costs the 61-instruction parse about a fifth.
if (process.env.EBPF_BENCH_BUNDLED !== '1') {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-ubpf-bundle-'));
  const file = path.join(out, 'interp-vs-ubpf.cjs');
  esbuild.buildSync({
    entryPoints: [__filename],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['esbuild'],
    logLevel: 'warning',
  });
  const shared = sharedDir();
  const r = spawnSync(process.execPath, [file], {
    stdio: 'inherit',
    env: {
      ...process.env,
      EBPF_BENCH_BUNDLED: '1',
      NODE_PATH: path.resolve(__dirname, '../node_modules'),
      ...(shared !== undefined && { EBPF_SHARED_DIR: shared }),
    },
  });
  fs.rmSync(out, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const WORKLOADS = [
  { name: 'lcg', what: 'arithmetic loop', runs: 20 },
  { name: 'maps', what: 'map-heavy', runs: 40 },
  { name: 'parse', what: 'packet parse', runs: 200_000 },
] as const;

const anchor = sharedPath('anchors/ubpf');
if (!anchor || !fs.existsSync(path.join(anchor, 'ubpf_bench'))) {
  console.log(`interp-vs-ubpf: skipped: ${missingSharedReason('anchors/ubpf/ubpf_bench')}`);
  process.exit(0);
}
const ubpf = path.join(anchor, 'ubpf_bench');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-ubpf-bench-'));

function fmt(ns: number): string {
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(1)} µs` : `${ns.toFixed(0)} ns`;
}

/** One uBPF round: ns per run of its interpreter, and r0 of the first run. */
function ubpfRound(obj: string, runs: number): { ns: number; r0: string } {
  const r = spawnSync(ubpf, [obj, String(runs), '1'], { encoding: 'utf8' });
  const m = /interp ([\d.]+)/.exec(r.stdout ?? '');
  if (r.status !== 0 || !m) throw new Error(`ubpf_bench failed: ${r.stderr || r.error?.message}`);
  const first = /first results: interp (\d+)/.exec(r.stderr ?? '');
  return { ns: Number(m[1]), r0: first?.[1] ?? '?' };
}

function vmRound(vm: Vm, runs: number, keep: RunKeep = 'all'): number {
  const input = { packet: UDP_FRAME };
  const t = process.hrtime.bigint();
  let last: RunResult | undefined;
  for (let i = 0; i < runs; i++) last = vm.run(input, 0, keep);
  // The full result's packet is there to read (in place): reading the last one keeps that honest.
  if (keep === 'all' && last?.packet === undefined) throw new Error('a full result without its packet');
  return Number(process.hrtime.bigint() - t) / runs;
}

try {
  const rows: string[] = [];
  for (const w of WORKLOADS) {
    const obj = path.join(dir, `${w.name}.o`);
    const cc = spawnSync(
      'clang',
      [
        '-target',
        'bpf',
        '-O2',
        '-g',
        '-I/usr/include/x86_64-linux-gnu',
        '-c',
        path.join(anchor, `${w.name}.bpf.c`),
        '-o',
        obj,
      ],
      { encoding: 'utf8' },
    );
    if (cc.error || cc.status !== 0) {
      console.log(`interp-vs-ubpf: skipped: clang failed (${cc.error?.message ?? cc.stderr.split('\n')[0]})`);
      process.exit(0);
    }
    const load = () => loadObject(new Uint8Array(fs.readFileSync(obj)), { platform: linuxProfile, fileName: obj });
    const fast = new Vm(load().programs, { budget: 10_000_000, seed: 1 });
    const interp = new Vm(load().programs, { budget: 10_000_000, seed: 1, interpretOnly: true });
    const first = fast.run({ packet: UDP_FRAME });
    if (first.error) throw first.error;
    const firstInterp = interp.run({ packet: UDP_FRAME });
    if (firstInterp.returnValue !== first.returnValue || firstInterp.instructions !== first.instructions)
      throw new Error(`${w.name}: the tier and the interpreter disagree`);
    // Warm up both (V8 compiles the hot code) before timing.
    vmRound(fast, Math.min(w.runs * 5, 2000));
    vmRound(interp, Math.min(w.runs * 5, 2000));
    const u: number[] = [];
    const f: number[] = [];
    const v: number[] = [];
    const i: number[] = [];
    let r0 = '?';
    for (let round = 0; round < ROUNDS; round++) {
      const ur = ubpfRound(obj, w.runs);
      u.push(ur.ns);
      r0 = ur.r0;
      f.push(vmRound(fast, w.runs));
      v.push(vmRound(fast, w.runs, 'verdict'));
      i.push(vmRound(interp, Math.max(1, Math.floor(w.runs / 2))));
    }
    if (r0 !== String(first.returnValue))
      throw new Error(`${w.name}: uBPF returned ${r0}, the VM ${first.returnValue}: not the same work`);
    const insns = first.instructions;
    const mips = (ns: number) => ((insns / ns) * 1e3).toFixed(0);
    rows.push(
      `| ${w.name} (${w.what}) | ${insns} | ${fmt(median(u))} (${mips(median(u))}) | ${fmt(median(f))} (${mips(median(f))}) | **${(median(f) / median(u)).toFixed(2)}** | ${fmt(median(v))} | **${(median(v) / median(u)).toFixed(2)}** | ${fmt(median(i))} (${mips(median(i))}) | ${(median(i) / median(u)).toFixed(2)} |`,
    );
  }
  console.log(
    `interp-vs-ubpf: medians of ${ROUNDS} alternating rounds, the VM bundled, ${os.cpus().length} CPUs, ${ubpf}`,
  );
  console.log('');
  console.log(
    '| workload | insns/run | uBPF interpreter (M insn/s) | Vm.run, full result in place (M insn/s) | ratio | Vm.run, verdict only | ratio | interpreter alone (M insn/s) | interpreter / uBPF |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
