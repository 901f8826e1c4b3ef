// The corpus of real programs (test/corpus) verified by us and by PREVAIL in the same run:
// whole-corpus CPU time, per-object time (the slowest 5 relative to PREVAIL) and peak memory.
// Ours is measured twice: in-process (the analysis itself) and as one `ebpf verify DIR` process
// (what a user runs, Node start-up included). PREVAIL is prevail-windows from shared/oracles.
// Targets (issue 14 §5): whole corpus <= 0.5x PREVAIL's CPU, no object slower than 2x PREVAIL's,
// peak memory <= PREVAIL's on the largest object. Run: npx tsx bench/corpus.bench.ts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadObject } from '../core/program/loader';
import { profileById } from '../core/platform/index';
import { verifyProgram } from '../core/verifier/index';
import { compileProject, loadCorpus } from '../test/support/corpus';
import { sharedPath } from '../test/support/shared';

const REPO = path.resolve(__dirname, '..');

interface Timed {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly peakMb: number;
}

/** A child process under /usr/bin/time: user+sys CPU, wall time and peak RSS. */
function timedProcess(cmd: string, args: readonly string[]): Timed | undefined {
  const out = path.join(os.tmpdir(), `corpus-bench-time-${process.pid}.txt`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-o', out, '-f', '%U %S %M', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error || !fs.existsSync(out)) return undefined;
  // /usr/bin/time's last line: user and system seconds, peak resident KB.
  const last = fs.readFileSync(out, 'utf8').trim().split('\n').pop() ?? '';
  fs.rmSync(out, { force: true });
  const [user = NaN, sys = NaN, kb = NaN] = last.split(' ').map(Number);
  if ([user, sys, kb].some(Number.isNaN)) throw new Error(`/usr/bin/time printed '${last}'`);
  return { cpuMs: (user + sys) * 1000, wallMs, peakMb: kb / 1024 };
}

function oursInProcess(object: string): number {
  const start = process.cpuUsage();
  const obj = loadObject(new Uint8Array(fs.readFileSync(object)), { platform: profileById('windows') });
  for (const p of obj.programs) verifyProgram(p, { keepStates: false });
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function main(): void {
  const prevail = sharedPath('oracles/prevail-windows');
  if (!prevail) return console.log('corpus bench skipped: needs shared/oracles/prevail-windows');
  if (!fs.existsSync('/usr/bin/time')) return console.log('corpus bench skipped: needs /usr/bin/time');
  if (spawnSync(process.env.CLANG || 'clang', ['--version']).status !== 0)
    return console.log('corpus bench skipped: clang is not available');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-bench-'));
  try {
    for (const project of loadCorpus().filter((p) => p.platform === 'windows')) {
      const objects = compileProject(project, dir)
        .map((c) => c.objectPath)
        .filter((o): o is string => !!o);
      // Ours, analysis only (warm: one untimed pass first so JIT warm-up is not counted per object).
      for (const o of objects) oursInProcess(o);
      const ours = new Map(objects.map((o) => [o, oursInProcess(o)]));
      const theirs = new Map(objects.map((o) => [o, timedProcess(prevail, [o])]));
      const oursTotal = [...ours.values()].reduce((a, b) => a + b, 0);
      const theirsEach = [...theirs.values()].reduce((a, b) => a + (b?.cpuMs ?? 0), 0);
      const theirsBatch = timedProcess(prevail, objects);
      const cli = fs.existsSync(path.join(REPO, 'dist/cli/ebpf.js'))
        ? [path.join(REPO, 'dist/cli/ebpf.js')]
        : ['--import', 'tsx', path.join(REPO, 'cli/ebpf.ts')];
      const oursBatch = timedProcess(process.execPath, [...cli, 'verify', '--platform', 'windows', dir]);
      const largest = objects.reduce((a, b) => (fs.statSync(a).size >= fs.statSync(b).size ? a : b));
      const oursLargest = timedProcess(process.execPath, [...cli, 'verify', '--platform', 'windows', largest]);
      const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}x` : '-');
      console.log(`${project.project}: ${objects.length} objects`);
      console.log(
        `  analysis in-process      ours ${oursTotal.toFixed(0)} ms CPU   vs prevail-windows per object ${theirsEach.toFixed(0)} ms CPU (${ratio(oursTotal, theirsEach)})`,
      );
      if (oursBatch && theirsBatch)
        console.log(
          `  one process, all files   ours ${oursBatch.cpuMs.toFixed(0)} ms CPU, ${oursBatch.peakMb.toFixed(0)} MB peak   vs prevail-windows ${theirsBatch.cpuMs.toFixed(0)} ms CPU, ${theirsBatch.peakMb.toFixed(0)} MB peak (${ratio(oursBatch.cpuMs, theirsBatch.cpuMs)}; target <= 0.5x)`,
        );
      const theirsLargest = theirs.get(largest);
      if (oursLargest && theirsLargest)
        console.log(
          `  largest object ${path.basename(largest)}: peak ours ${oursLargest.peakMb.toFixed(0)} MB (Node process) vs prevail-windows ${theirsLargest.peakMb.toFixed(0)} MB (target: ours <= PREVAIL's)`,
        );
      const slowest = objects
        // /usr/bin/time counts CPU in 10 ms steps: per object, PREVAIL's process wall time is the reference.
        .map((o) => ({ o, ms: ours.get(o) ?? 0, r: (ours.get(o) ?? 0) / Math.max(0.5, theirs.get(o)?.wallMs ?? 0) }))
        .sort((a, b) => b.r - a.r)
        .slice(0, 5);
      console.log('  slowest 5 relative to PREVAIL (ours analysis CPU / prevail-windows process wall time):');
      for (const { o, ms, r } of slowest)
        console.log(
          `    ${path.basename(o).padEnd(70)} ${ms.toFixed(1).padStart(7)} ms vs ${(theirs.get(o)?.wallMs ?? 0).toFixed(1).padStart(7)} ms  ${r.toFixed(2)}x`,
        );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
