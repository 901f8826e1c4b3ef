// `ebpf run --pcap` at scale: the packet-parse workload over captures of 10k, 100k and 1M copies
// of one UDP frame (generated in a temp dir), as a real process of the bundled CLI with --summary.
// Prints wall time, time per frame and peak RSS per size (linear time, flat memory), and for 1M
// frames the budget of the target: 1.5 × (uBPF's interpreter per frame, measured in this run, ×
// frames + reading the file) and 150 MB. Also times text output (one line per frame) at 100k.
//   npx tsx bench/pcap-replay.bench.ts            (BENCH_PCAP_FRAMES=N for another largest size)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { missingSharedReason, sharedPath } from '../test/support/shared';
import { median } from './stats';
import { UDP_FRAME, WORKLOADS } from './vm/programs';

const repoRoot = path.resolve(__dirname, '..');
const LARGEST = Number(process.env.BENCH_PCAP_FRAMES ?? 1_000_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-pcap-bench-'));

function capture(file: string, frames: number): void {
  // pcap: 24-byte header, then per frame a 16-byte record header and the bytes; written in pieces.
  const fd = fs.openSync(file, 'w');
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20);
  fs.writeSync(fd, header);
  const record = Buffer.alloc(16 + UDP_FRAME.length);
  record.writeUInt32LE(UDP_FRAME.length, 8);
  record.writeUInt32LE(UDP_FRAME.length, 12);
  record.set(UDP_FRAME, 16);
  const batch = 10_000;
  const block = Buffer.concat(Array.from({ length: batch }, () => record));
  for (let done = 0; done < frames; done += batch) {
    const n = Math.min(batch, frames - done);
    fs.writeSync(fd, n === batch ? block : block.subarray(0, n * record.length));
  }
  fs.closeSync(fd);
}

/** Wall ms, CPU ms and peak RSS (MB) of a process, via a preload that reports them at exit. */
function timed(args: string[]): { ms: number; cpuMs: number; rssMb: number; out: string; status: number | null } {
  const preload = path.join(dir, 'rss.cjs');
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', preload, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const m = /maxrss (\d+) cpu (\d+)/.exec(r.stderr ?? '');
  return {
    ms,
    cpuMs: m ? Number(m[2]) / 1000 : NaN,
    rssMb: m ? Number(m[1]) / 1024 : NaN,
    out: r.stdout ?? '',
    status: r.status,
  };
}

function readMs(file: string): number {
  const fd = fs.openSync(file, 'r');
  const buf = new Uint8Array(1 << 20);
  const t = process.hrtime.bigint();
  let pos = 0;
  for (;;) {
    const n = fs.readSync(fd, buf, 0, buf.length, pos);
    if (n <= 0) break;
    pos += n;
  }
  fs.closeSync(fd);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function ubpfNs(obj: string): number | string {
  const anchor = sharedPath('anchors/ubpf');
  if (!anchor) return missingSharedReason('anchors/ubpf');
  const r = spawnSync(path.join(anchor, 'ubpf_bench'), [obj, '200000', '3'], { encoding: 'utf8' });
  const times = [...(r.stdout ?? '').matchAll(/interp ([\d.]+)/g)].map((m) => Number(m[1]));
  if (r.status !== 0 || times.length === 0) return `ubpf_bench failed: ${r.stderr}`;
  return median(times);
}

async function main(): Promise<void> {
  fs.writeFileSync(
    path.join(dir, 'rss.cjs'),
    `process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('maxrss ' + u.maxRSS + ' cpu ' + (u.userCPUTime + u.systemCPUTime) + '\\n'); });\n`,
  );
  const parse = WORKLOADS.find((w) => w.name === 'parse');
  if (!parse) throw new Error('no parse workload');
  const src = path.join(dir, 'parse.bpf.c');
  const obj = path.join(dir, 'parse.o');
  fs.writeFileSync(src, parse.bpf);
  const cc = spawnSync(
    'clang',
    ['-target', 'bpf', '-O2', '-g', '-I/usr/include/x86_64-linux-gnu', '-c', src, '-o', obj],
    {
      encoding: 'utf8',
    },
  );
  if (cc.error || cc.status !== 0) {
    console.log(`pcap-replay: skipped: clang failed (${cc.error?.message ?? cc.stderr.split('\n')[0]})`);
    return;
  }
  // The command bundle itself (what the ebpf launcher runs), so start-up is not part of the figure.
  const cli = path.join(dir, 'ebpf-main.js');
  await esbuild.build({
    absWorkingDir: repoRoot,
    entryPoints: ['cli/start.ts'],
    outfile: cli,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });

  const sizes = [...new Set([10_000, 100_000, LARGEST])].filter((n) => n <= LARGEST).sort((a, b) => a - b);
  console.log(`pcap-replay: ebpf run --pcap --summary, parse workload, ${os.cpus().length} CPUs`);
  console.log('');
  console.log('| frames | capture | wall | per frame | CPU (user+sys) | peak RSS |');
  console.log('|---|---|---|---|---|---|');
  let largest: { ms: number; cpuMs: number; rssMb: number; file: string } | undefined;
  for (const n of sizes) {
    const file = path.join(dir, `cap-${n}.pcap`);
    capture(file, n);
    const r = timed([cli, 'run', obj, '--pcap', file, '--summary']);
    if (r.status !== 0 || !new RegExp(`summary: ${n} runs: XDP_TX ${n}`).test(r.out))
      throw new Error(`ebpf run failed on ${n} frames (exit ${r.status}):\n${r.out.slice(0, 500)}`);
    console.log(
      `| ${n.toLocaleString('en')} | ${(fs.statSync(file).size / 1e6).toFixed(1)} MB | ${(r.ms / 1000).toFixed(2)} s | ${((r.ms * 1e6) / n / 1000).toFixed(2)} µs | ${(r.cpuMs / 1000).toFixed(2)} s | ${r.rssMb.toFixed(0)} MB |`,
    );
    if (n === LARGEST) largest = { ...r, file };
    if (n === 100_000) {
      const text = timed([cli, 'run', obj, '--pcap', file]);
      const lines = text.out.split('\n').filter((l) => l.startsWith('frame ')).length;
      console.log(
        `| ${n.toLocaleString('en')}, text (a line per frame) | | ${(text.ms / 1000).toFixed(2)} s | ${((text.ms * 1e6) / n / 1000).toFixed(2)} µs | ${(text.cpuMs / 1000).toFixed(2)} s | ${text.rssMb.toFixed(0)} MB (${lines} lines) |`,
      );
    }
    if (n !== LARGEST) fs.rmSync(file);
  }
  if (!largest) return;
  const base = timed([cli, '--help']);
  const u = ubpfNs(obj);
  const read = readMs(largest.file);
  console.log('');
  if (typeof u === 'string') {
    console.log(`uBPF reference skipped: ${u}`);
    return;
  }
  const budgetMs = 1.5 * ((u * LARGEST) / 1e6 + read);
  const work = largest.ms - base.ms;
  console.log(
    `${LARGEST.toLocaleString('en')} frames: ${(largest.ms / 1000).toFixed(2)} s wall, ${(largest.cpuMs / 1000).toFixed(2)} s CPU (${(work / 1000).toFixed(2)} s wall after the CLI's ${base.ms.toFixed(0)} ms start-up), peak RSS ${largest.rssMb.toFixed(0)} MB`,
  );
  console.log(
    `reference: uBPF interpreter ${u.toFixed(0)} ns/frame × ${LARGEST.toLocaleString('en')} = ${((u * LARGEST) / 1e9).toFixed(2)} s, reading the file ${read.toFixed(0)} ms; target 1.5 × that = ${(budgetMs / 1000).toFixed(2)} s, ≤ 150 MB`,
  );
  console.log(
    `ratio (wall / (uBPF × frames + read)): ${(largest.ms / (budgetMs / 1.5)).toFixed(2)} (target ≤ 1.5); memory ${largest.rssMb <= 150 ? 'within' : 'OVER'} 150 MB`,
  );
}

main()
  .then(
    () => fs.rmSync(dir, { recursive: true, force: true }),
    (e: unknown) => {
      fs.rmSync(dir, { recursive: true, force: true });
      console.error(e);
      process.exitCode = 1;
    },
  )
  .catch(() => undefined);
