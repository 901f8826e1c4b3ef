// Start-up of the `ebpf` command: `ebpf verify` on a tiny object (one 2-instruction program) as a
// process, built as scripts/build.mjs builds it (launcher + command bundle, V8 code cache in a
// temp cache folder), next to `node -e 0` (the floor for any Node program) and PREVAIL
// (shared/oracles/prevail-linux, skipped with a reason when absent), in alternating rounds of the
// same run. Also the first run (no code cache yet), the command bundle run without the launcher, and
// the command from a V8 start-up snapshot (`node --snapshot-blob B --build-snapshot`, built here in
// the temp dir: the alternative to the code cache, measured rather than assumed).
//   npx tsx bench/cli-startup.bench.ts       (BENCH_ROUNDS=N, default 15)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { missingSharedReason, sharedPath } from '../test/support/shared';
import { median } from './stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const repoRoot = path.resolve(__dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-cli-bench-'));
const cacheHome = path.join(dir, 'cache');
const env = { ...process.env, XDG_CACHE_HOME: cacheHome };

/** GNU time, when installed, also gives each process's CPU time (steadier than wall on a busy host). */
const gnuTime = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const cpu: Record<string, number[]> = {};

function wall(cmd: string, args: string[], name?: string): number {
  const timeFile = path.join(dir, 'time.txt');
  const [c, a] = gnuTime && name ? [gnuTime, ['-f', '%U %S', '-o', timeFile, cmd, ...args]] : [cmd, args];
  const t = process.hrtime.bigint();
  const r = spawnSync(c, a, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.error || (r.status !== 0 && r.status !== 1)) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  if (gnuTime && name) {
    const last = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
    const [u = NaN, sys = NaN] = last.split(' ').map(Number);
    if (Number.isNaN(u + sys)) throw new Error(`/usr/bin/time printed '${last}'`);
    (cpu[name] ??= []).push((u + sys) * 1000);
  }
  return ms;
}

async function main(): Promise<void> {
  const src = path.join(dir, 'tiny.bpf.c');
  const obj = path.join(dir, 'tiny.o');
  fs.writeFileSync(
    src,
    '#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\nchar LICENSE[] SEC("license") = "GPL";\nSEC("xdp") int tiny(struct xdp_md *ctx) { return XDP_PASS; }\n',
  );
  const cc = spawnSync(
    'clang',
    ['-target', 'bpf', '-O2', '-g', '-I/usr/include/x86_64-linux-gnu', '-c', src, '-o', obj],
    {
      encoding: 'utf8',
    },
  );
  if (cc.error || cc.status !== 0) {
    console.log(`cli-startup: skipped: clang failed (${cc.error?.message ?? cc.stderr.split('\n')[0]})`);
    return;
  }
  const common = {
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  } as const;
  const launcher = path.join(dir, 'cli', 'ebpf.js');
  const main = path.join(dir, 'cli', 'ebpf-main.js');
  await esbuild.build({ ...common, entryPoints: ['cli/ebpf.ts'], outfile: launcher });
  await esbuild.build({ ...common, entryPoints: ['cli/start.ts'], outfile: main });
  const blob = await buildSnapshot(common);

  const node = process.execPath;
  const first = wall(node, [launcher, 'verify', obj]); // writes the code cache
  const prevail = sharedPath('oracles/prevail-linux');
  const rows: Record<string, number[]> = { 'node -e 0': [], 'ebpf verify': [], 'ebpf verify, no launcher': [] };
  const series = (name: string): number[] => (rows[name] ??= []);
  if (prevail) rows['PREVAIL (prevail-linux)'] = [];
  for (let i = 0; i < ROUNDS; i++) {
    for (const [name, cmd, args] of [
      ['node -e 0', node, ['-e', '0']],
      ['ebpf verify', node, [launcher, 'verify', obj]],
      ['ebpf verify, no launcher', node, [main, 'verify', obj]],
      ...(blob ? [['ebpf verify, start-up snapshot', node, ['--snapshot-blob', blob, 'verify', obj]] as const] : []),
      ...(prevail ? [['PREVAIL (prevail-linux)', prevail, [obj]] as const] : []),
    ] as const)
      series(name).push(wall(cmd, [...args], name));
  }
  const floor = median(series('node -e 0'));
  const ours = median(series('ebpf verify'));
  console.log(`cli-startup: medians of ${ROUNDS} alternating rounds, ${os.cpus().length} CPUs, tiny XDP object`);
  console.log('');
  console.log('| command | wall (median) | vs node -e 0 | CPU user+sys (median) |');
  console.log('|---|---|---|---|');
  for (const [name, xs] of Object.entries(rows))
    console.log(
      `| ${name} | ${median(xs).toFixed(0)} ms | ${(median(xs) / floor).toFixed(2)}× | ${cpu[name] ? `${median(cpu[name]).toFixed(0)} ms` : '-'} |`,
    );
  console.log(`| ebpf verify, first run (code cache written) | ${first.toFixed(0)} ms | | |`);
  console.log('');
  if (!prevail) console.log(`PREVAIL reference skipped: ${missingSharedReason('oracles/prevail-linux')}`);
  else console.log(`ebpf verify / PREVAIL: ${(ours / median(series('PREVAIL (prevail-linux)'))).toFixed(1)}×`);
  console.log(
    `target ebpf verify ≤ 40 ms: ${ours <= 40 ? 'met' : 'not met'} (${ours.toFixed(0)} ms; Node alone takes ${floor.toFixed(0)} ms, so the command adds ${(ours - floor).toFixed(0)} ms)`,
  );
}

/**
 * The command in a V8 start-up snapshot: its modules loaded at build time, `runCli` run from the
 * snapshot's main function. Undefined (with a printed line) when this Node cannot build one.
 */
async function buildSnapshot(common: esbuild.BuildOptions): Promise<string | undefined> {
  const entry = path.join(dir, 'snapshot-entry.ts');
  const bundle = path.join(dir, 'snapshot-entry.js');
  const blob = path.join(dir, 'ebpf.blob');
  const cli = (f: string): string => JSON.stringify(path.join(repoRoot, 'cli', f));
  fs.writeFileSync(
    entry,
    `import v8 from 'node:v8';\nimport { processIo } from ${cli('io')};\nimport { runCli } from ${cli('main')};\n` +
      `v8.startupSnapshot.setDeserializeMainFunction(() => { process.exitCode = runCli(process.argv.slice(1), processIo); });\n`,
  );
  await esbuild.build({ ...common, entryPoints: [entry], outfile: bundle });
  const r = spawnSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', bundle], { encoding: 'utf8' });
  if (r.status !== 0 || !fs.existsSync(blob)) {
    console.log(`cli-startup: start-up snapshot skipped: node --build-snapshot failed (${r.stderr.split('\n')[0]})`);
    return undefined;
  }
  return blob;
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
