// The corpus of real programs (test/corpus, eBPF for Windows projects) verified by us and by
// PREVAIL (prevail-windows from shared/oracles) in the same run: whole-corpus CPU time, per-object
// time (the slowest 5 relative to PREVAIL) and peak memory on the largest object.
// Ours is measured as shipped: the engine bundled with esbuild like the CLI and the language server
// (bench/corpus/measure.ts, run as its own process), and `ebpf verify DIR` built from cli/.
// Targets (issue 14 §5): whole corpus <= 0.5x PREVAIL's CPU, no object slower than 2x PREVAIL,
// peak memory <= PREVAIL's on the largest object.
// Run: npx tsx bench/corpus.bench.ts (BENCH_ROUNDS timed passes, default 3).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { compileProject, loadCorpus } from '../test/support/corpus';
import { sharedPath } from '../test/support/shared';
import { median } from './stats';

const REPO = path.resolve(__dirname, '..');
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));

interface Timed {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly peakMb: number;
}

/** A child process under /usr/bin/time: user+sys CPU (10 ms steps), wall time and peak RSS. */
function timedProcess(cmd: string, args: readonly string[]): Timed {
  const out = path.join(os.tmpdir(), `corpus-bench-time-${process.pid}.txt`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-o', out, '-f', '%U %S %M', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error || !fs.existsSync(out)) throw new Error(`${cmd} did not run: ${r.error?.message ?? r.stderr}`);
  // /usr/bin/time's last line: user and system seconds, peak resident KB.
  const last = fs.readFileSync(out, 'utf8').trim().split('\n').pop() ?? '';
  fs.rmSync(out, { force: true });
  const [user = NaN, sys = NaN, kb = NaN] = last.split(' ').map(Number);
  if ([user, sys, kb].some(Number.isNaN)) throw new Error(`/usr/bin/time printed '${last}'`);
  return { cpuMs: (user + sys) * 1000, wallMs, peakMb: kb / 1024 };
}

/** Medians of each field over ROUNDS runs. */
function timedRounds(cmd: string, args: readonly string[]): Timed {
  const runs = Array.from({ length: ROUNDS }, () => timedProcess(cmd, args));
  return {
    cpuMs: median(runs.map((r) => r.cpuMs)),
    wallMs: median(runs.map((r) => r.wallMs)),
    peakMb: median(runs.map((r) => r.peakMb)),
  };
}

/**
 * Wall time of one PREVAIL process per object (its CPU is counted in 10 ms steps): median of
 * ROUNDS; and whether it refused the whole object while loading it (every line `error`), when it
 * analyses nothing.
 */
function prevailPerObject(prevail: string, object: string): { wallMs: number; loadError: boolean } {
  let out = '';
  const runs = Array.from({ length: ROUNDS }, () => {
    const t0 = process.hrtime.bigint();
    out = spawnSync(prevail, [object], { encoding: 'utf8' }).stdout;
    return Number(process.hrtime.bigint() - t0) / 1e6;
  });
  // One line per program: FILE, pass|fail|error, SECTION, FUNCTION, LINE, MESSAGE.
  const verdicts = out
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t')[1]);
  return { wallMs: median(runs), loadError: verdicts.length > 0 && verdicts.every((v) => v === 'error') };
}

/** The last `RESULT {json}` line a measure.js run printed. */
function result<T>(stdout: string): T {
  const line = stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`measure.js printed no result:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice('RESULT '.length)) as T;
}

interface PerObject {
  readonly object: string;
  readonly loadMs: number;
  readonly verifyMs: number;
}

function oursInProcess(measure: string, objects: readonly string[]): PerObject[] {
  const r = spawnSync(process.execPath, [measure, 'cpu', String(ROUNDS), ...objects], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`measure.js cpu failed: ${r.stderr}`);
  return result<{ perObject: PerObject[] }>(r.stdout).perObject;
}

interface Heap {
  /** Heap used after a GC before loading the object, bytes. */
  readonly baseline: number;
  /** Most heap used between loading and the end of verification, read at each GC and at the end. */
  readonly peak: number;
  /** Heap used after a GC once done, with the loaded object and results still referenced. */
  readonly retained: number;
}

/**
 * The analysis's own heap on one object (Node's baseline excluded): V8's GC trace, with a 1 MB
 * semi-space so a GC (and a reading) comes at least every megabyte allocated. A reading before a
 * GC includes garbage not yet collected: the peak is an upper bound of the live heap.
 */
function oursHeap(measure: string, object: string): Heap {
  const r = spawnSync(
    process.execPath,
    ['--expose-gc', '--trace-gc', '--max-semi-space-size=1', measure, 'heap', object],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`measure.js heap failed: ${r.stderr}`);
  const lines = r.stdout.split('\n');
  const start = lines.indexOf('MEASURE-START');
  const end = lines.indexOf('MEASURE-END');
  const res = result<{ before: number; end: number; retained: number }>(r.stdout);
  let peak = res.end;
  for (const l of lines.slice(start + 1, end)) {
    // `... Scavenge 6.0 (8.4) -> 5.3 (8.4) MB, ...`: heap used before that GC, in MB.
    const m = /(?:Scavenge|Mark-Compact|Mark-sweep|Minor Mark-Compact)\S*\s+([\d.]+) \(/.exec(l);
    if (m?.[1]) peak = Math.max(peak, Number(m[1]) * 1024 * 1024);
  }
  return { baseline: res.before, peak, retained: res.retained };
}

async function bundle(out: string): Promise<{ measure: string; cli: string }> {
  const common = {
    absWorkingDir: REPO,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  } as const;
  const measure = path.join(out, 'measure.js');
  const cli = path.join(out, 'cli', 'ebpf.js');
  await esbuild.build({ ...common, entryPoints: ['bench/corpus/measure.ts'], outfile: measure });
  // The launcher runs ebpf-main.js beside it with V8's code cache, as the product does.
  await esbuild.build({ ...common, entryPoints: ['cli/ebpf.ts'], outfile: cli });
  await esbuild.build({ ...common, entryPoints: ['cli/start.ts'], outfile: path.join(out, 'cli', 'ebpf-main.js') });
  return { measure, cli };
}

const ms = (x: number): string => `${x.toFixed(1)} ms`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : '-');
const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');

async function main(): Promise<void> {
  const prevail = sharedPath('oracles/prevail-windows');
  if (!prevail) return console.log('corpus bench skipped: needs shared/oracles/prevail-windows');
  if (!fs.existsSync('/usr/bin/time')) return console.log('corpus bench skipped: needs /usr/bin/time');
  if (spawnSync(process.env.CLANG || 'clang', ['--version']).status !== 0)
    return console.log('corpus bench skipped: clang is not available');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-bench-'));
  try {
    const { measure, cli } = await bundle(path.join(dir, 'bin'));
    console.log(`load average ${os.loadavg()[0]?.toFixed(1)}, ${ROUNDS} rounds (BENCH_ROUNDS), medians`);
    for (const project of loadCorpus().filter((p) => p.platform === 'windows')) {
      const objDir = path.join(dir, project.project);
      fs.mkdirSync(objDir);
      const objects = compileProject(project, objDir)
        .map((c) => c.objectPath)
        .filter((o): o is string => !!o);
      const ours = oursInProcess(measure, objects);
      const oursOf = new Map(ours.map((o) => [o.object, o.loadMs + o.verifyMs]));
      const theirs = new Map(objects.map((o) => [o, prevailPerObject(prevail, o)]));
      const theirWall = new Map([...theirs].map(([o, t]) => [o, t.wallMs]));
      const theirsBatch = timedRounds(prevail, objects);
      const cliArgs = [cli, 'verify', '--platform', 'windows', objDir];
      timedProcess(process.execPath, cliArgs); // writes the code cache
      const oursBatch = timedRounds(process.execPath, cliArgs);

      const load = ours.reduce((a, o) => a + o.loadMs, 0);
      const verify = ours.reduce((a, o) => a + o.verifyMs, 0);
      const total = load + verify;
      const theirsPerObject = [...theirWall.values()].reduce((a, b) => a + b, 0);
      console.log(`${project.project}: ${objects.length} objects`);
      console.log(
        `  whole corpus, analysis CPU   ours ${ms(total)} (load ${ms(load)} + verify ${ms(verify)})   vs prevail-windows, one process over all files ${ms(theirsBatch.cpuMs)} CPU: ${ratio(total, theirsBatch.cpuMs)} (target <= 0.5x: ${verdict(total <= 0.5 * theirsBatch.cpuMs)})`,
      );
      console.log(
        `                               vs prevail-windows, one process per object, summed wall ${ms(theirsPerObject)}: ${ratio(total, theirsPerObject)}`,
      );
      console.log(
        `  one process, all files       ours \`ebpf verify DIR\` ${ms(oursBatch.cpuMs)} CPU, ${oursBatch.peakMb.toFixed(0)} MB peak RSS (Node start-up included)   vs prevail-windows ${ms(theirsBatch.cpuMs)} CPU, ${theirsBatch.peakMb.toFixed(0)} MB: ${ratio(oursBatch.cpuMs, theirsBatch.cpuMs)}`,
      );

      const slowest = objects
        .map((o) => ({ o, ours: oursOf.get(o) ?? 0, theirs: theirWall.get(o) ?? 0 }))
        .map((x) => ({ ...x, r: x.ours / Math.max(0.5, x.theirs) }))
        .sort((a, b) => b.r - a.r);
      const worst = slowest[0];
      console.log(
        `  slowest 5 relative to PREVAIL (ours analysis CPU / prevail-windows process wall; target <= 2x: ${verdict(!!worst && worst.r <= 2)}):`,
      );
      for (const { o, ours: a, theirs: b, r } of slowest.slice(0, 5))
        console.log(
          `    ${path.basename(o).padEnd(72)} ${ms(a).padStart(9)} vs ${ms(b).padStart(9)}  ${r.toFixed(2)}x${theirs.get(o)?.loadError ? '  (PREVAIL refuses the object at load: no analysis)' : ''}`,
        );

      // Memory: the largest object (file size), and the one PREVAIL needs most memory for.
      const largest = objects.reduce((a, b) => (fs.statSync(a).size >= fs.statSync(b).size ? a : b));
      const theirRss = new Map(objects.map((o) => [o, timedProcess(prevail, [o]).peakMb]));
      const heaviest = objects.reduce((a, b) => ((theirRss.get(a) ?? 0) >= (theirRss.get(b) ?? 0) ? a : b));
      const nodeAlone = timedRounds(process.execPath, ['-e', '0']);
      console.log(`  peak memory (Node alone, \`node -e 0\`: ${nodeAlone.peakMb.toFixed(0)} MB RSS):`);
      for (const [what, o] of [
        ['largest object', largest],
        ['PREVAIL-heaviest object', heaviest],
      ] as const) {
        const theirs = timedRounds(prevail, [o]).peakMb;
        const rss = timedRounds(process.execPath, [cli, 'verify', '--platform', 'windows', o]).peakMb;
        const heap = oursHeap(measure, o);
        const growth = heap.peak - heap.baseline;
        console.log(`    ${what} ${path.basename(o)}: prevail-windows ${theirs.toFixed(1)} MB peak RSS`);
        console.log(
          `      ours, \`ebpf verify\` process peak RSS ${rss.toFixed(1)} MB (target <= PREVAIL's: ${verdict(rss <= theirs)})`,
        );
        console.log(
          `      ours, the analysis's own heap: peak ${mb(growth)} above Node's baseline (upper bound, read at each GC), ${mb(heap.retained - heap.baseline)} live after with the results (target <= PREVAIL's RSS: ${verdict(growth <= theirs * 1024 * 1024)})`,
        );
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
