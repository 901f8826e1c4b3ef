// The debugger's responsiveness, all measured in this run:
//  (a) step latency, request -> `stopped` event, over DAP with DebugClient: ≥ 200 line steps
//      (`next`) and ≥ 200 instruction steps through the examples' load balancer on each
//      examples/packets/*.hex, against the bundled adapter (dist/debug-adapter/main.js, its own
//      process, as VS Code runs it) and against the adapter served inline in this process.
//      Target (issue 8): ≤ 50 ms per step. The same line steps with the C Locals shown (what VS
//      Code asks after each stop: stackTrace, scopes, the Locals scope's variables), request ->
//      Locals variables answered. Target (issue 15): ≤ 10 ms p95.
//  (b) examples/packets/sample.pcap (every frame) under the debugger without breakpoints,
//      launch -> terminated, next to `ebpf run` on the same compiled object, pcap and maps:
//      as a process (node dist/cli/ebpf.js run ...) and in-process (runCommand, the code the
//      CLI runs), so the process start can be told apart.
//   npx tsx bench/debugger.bench.ts        (node bench/run.mjs debugger)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { runCommand } from '../cli/commands/run';
import type { CliIo } from '../cli/io';
import { compileBuffer } from '../core/toolchain/compile';
import { readCapture } from '../core/vm/capture';
import { serveAdapter, type AdapterServer } from '../debug-adapter/server';
import { sampleAt } from './stats';

const root = path.resolve(__dirname, '..');
const examples = path.join(root, 'examples');
const LB = path.join(examples, 'xdp_load_balancer.c');
const PCAP = path.join(examples, 'packets', 'sample.pcap');
const adapter = path.join(root, 'dist', 'debug-adapter', 'main.js');
const cli = path.join(root, 'dist', 'cli', 'ebpf.js');
const STEPS = 200;
const PCAP_REPEATS = 10;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-debugger-bench-'));

function build(): void {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--only=debug-adapter,cli'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
}

/** The maps of the examples' "every frame of sample.pcap" configuration (what F5 uses). */
function exampleMaps(): Record<string, unknown> {
  const text = fs.readFileSync(path.join(examples, '.vscode', 'launch.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '');
  const configs = (JSON.parse(text) as { configurations: { name: string; maps?: Record<string, unknown> }[] })
    .configurations;
  const c = configs.find((x) => x.name === 'Load balancer: every frame of sample.pcap');
  if (!c?.maps) throw new Error(`examples/.vscode/launch.json has no pcap configuration with maps`);
  return c.maps;
}

async function compileLb(): Promise<string> {
  const outcome = await compileBuffer({
    source: fs.readFileSync(LB, 'utf8'),
    filePath: LB,
    platform: 'windows',
    extensionIncludeDir: path.join(root, 'include'),
    includePaths: [],
    extraArgs: [],
  });
  if (outcome.kind !== 'compiled')
    throw new Error(`cannot compile ${LB}: ${outcome.kind === 'failed' ? outcome.stderr : outcome.kind}`);
  const obj = path.join(tmp, 'xdp_load_balancer.o');
  fs.writeFileSync(obj, outcome.object);
  return obj;
}

type Mode = 'process' | 'inline';
let server: AdapterServer | undefined;

async function client(mode: Mode): Promise<DebugClient> {
  if (mode === 'process') {
    const dc = new DebugClient(process.execPath, adapter, 'ebpf', { cwd: root }, true);
    dc.defaultTimeout = 30_000;
    await dc.start();
    return dc;
  }
  server ??= await serveAdapter(0);
  const dc = new DebugClient(process.execPath, '', 'ebpf');
  await dc.start(server.port);
  return dc;
}

/** Resolves with the next `stopped` event, or undefined when the session terminates instead. */
function stopOrEnd(dc: DebugClient): Promise<DebugProtocol.StoppedEvent | undefined> {
  return new Promise((resolve, reject) => {
    const done = (v: DebugProtocol.StoppedEvent | undefined): void => {
      clearTimeout(timer);
      dc.removeListener('stopped', onStop);
      dc.removeListener('terminated', onEnd);
      resolve(v);
    };
    const onStop = (e: DebugProtocol.StoppedEvent): void => done(e);
    const onEnd = (): void => done(undefined);
    const timer = setTimeout(() => reject(new Error('neither stopped nor terminated within 30 s')), 30_000);
    dc.on('stopped', onStop);
    dc.on('terminated', onEnd);
  });
}

async function launch(dc: DebugClient, args: Record<string, unknown>): Promise<void> {
  await Promise.all([
    dc.waitForEvent('initialized').then(() => dc.configurationDoneRequest()),
    dc.launch(args as DebugProtocol.LaunchRequestArguments),
  ]);
}

/** Step latencies (ms) of `count` steps, cycling through the packets (a new session whenever one ends). */
async function stepLatencies(
  mode: Mode,
  object: string,
  granularity: 'line' | 'instruction',
  count: number,
  withLocals = false,
): Promise<{ ms: number[]; sessions: number }> {
  const packets = fs
    .readdirSync(path.join(examples, 'packets'))
    .filter((f) => f.endsWith('.hex'))
    .sort();
  const maps = exampleMaps();
  const ms: number[] = [];
  let sessions = 0;
  while (ms.length < count) {
    const packetName = packets[sessions % packets.length];
    if (packetName === undefined) throw new Error(`no .hex packets in ${path.join(examples, 'packets')}`);
    const packet = path.join(examples, 'packets', packetName);
    sessions++;
    const dc = await client(mode);
    const entry = stopOrEnd(dc);
    await launch(dc, {
      type: 'ebpf',
      request: 'launch',
      name: 'bench',
      program: object,
      platform: 'windows',
      section: 'xdp',
      packet,
      maps,
      stopOnEntry: true,
    });
    if (!(await entry)) throw new Error(`${packet}: the session ended before stopping on entry`);
    while (ms.length < count) {
      const next = stopOrEnd(dc);
      const t0 = performance.now();
      await dc.nextRequest({ threadId: 1, granularity });
      const stop = await next;
      if (!stop) break; // stepping past the end of the run ended the session
      if (withLocals && stop.body.reason !== 'exit') {
        const st = await dc.stackTraceRequest({ threadId: 1 });
        const top = st.body.stackFrames[0];
        if (!top) throw new Error('stopped without a stack frame');
        const scopes = await dc.scopesRequest({ frameId: top.id });
        const locals = scopes.body.scopes.find((x) => x.name === 'Locals');
        if (!locals) throw new Error('no Locals scope: the object has no DWARF?');
        await dc.variablesRequest({ variablesReference: locals.variablesReference });
      }
      const t = performance.now() - t0;
      ms.push(t);
    }
    await dc.stop();
  }
  return { ms, sessions };
}

/** launch -> terminated for every frame of the pcap, no breakpoints (ms). */
async function pcapUnderDebugger(mode: Mode, object: string): Promise<{ launchMs: number; totalMs: number }> {
  const t0 = performance.now();
  const dc = await client(mode);
  const t1 = performance.now();
  const end = dc.waitForEvent('terminated', 60_000);
  await launch(dc, {
    type: 'ebpf',
    request: 'launch',
    name: 'bench',
    program: object,
    platform: 'windows',
    section: 'xdp',
    pcap: PCAP,
    maps: exampleMaps(),
  });
  await end;
  const t2 = performance.now();
  await dc.stop();
  return { launchMs: t2 - t1, totalMs: t2 - t0 };
}

function ebpfRunArgs(object: string, mapsFile: string): string[] {
  return ['run', object, '--platform', 'windows', '--section', 'xdp', '--pcap', PCAP, '--maps', mapsFile];
}

function ebpfRunProcess(object: string, mapsFile: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...ebpfRunArgs(object, mapsFile)], { encoding: 'utf8' });
  const t = performance.now() - t0;
  if (r.status !== 0) throw new Error(`ebpf run failed (${r.status}):\n${r.stdout}${r.stderr}`);
  return t;
}

function ebpfRunInProcess(object: string, mapsFile: string): { ms: number; out: string } {
  let out = '';
  const io: CliIo = {
    stdout: (text) => (out += text),
    stderr: (text) => (out += text),
    readFile: (p) => new Uint8Array(fs.readFileSync(p)),
    readText: (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined),
  };
  const t0 = performance.now();
  const code = runCommand(ebpfRunArgs(object, mapsFile).slice(1), io);
  const ms = performance.now() - t0;
  if (code !== 0) throw new Error(`ebpf run (in process) exited ${code}:\n${out}`);
  return { ms, out };
}

function pct(sorted: number[], p: number): number {
  return sampleAt(sorted, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1));
}

function median(xs: number[]): number {
  return pct(
    [...xs].sort((a, b) => a - b),
    50,
  );
}

const f1 = (x: number): string => x.toFixed(1);
const f2 = (x: number): string => x.toFixed(2);

function table(head: string[], rows: string[][]): string {
  // A short row prints its missing cells empty.
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  build();
  const object = await compileLb();
  const mapsFile = path.join(tmp, 'maps.json');
  fs.writeFileSync(mapsFile, JSON.stringify(exampleMaps()));
  console.log(`load balancer compiled once to ${object}; ${os.cpus().length} CPU(s), node ${process.version}\n`);

  // (a) step latency
  const stepRows: string[][] = [];
  let worstP95 = 0;
  for (const mode of ['process', 'inline'] as const) {
    for (const granularity of ['line', 'instruction'] as const) {
      await stepLatencies(mode, object, granularity, 20); // warm-up (JIT, caches)
      const { ms, sessions } = await stepLatencies(mode, object, granularity, STEPS);
      const sorted = [...ms].sort((a, b) => a - b);
      if (mode === 'process') worstP95 = Math.max(worstP95, pct(sorted, 95));
      stepRows.push([
        `${granularity === 'line' ? 'next (line)' : 'next (instruction)'}, adapter ${mode === 'process' ? 'process' : 'inline'}`,
        String(ms.length),
        String(sessions),
        f2(pct(sorted, 50)),
        f2(pct(sorted, 95)),
        f2(sampleAt(sorted, sorted.length - 1)),
      ]);
    }
  }
  let worstLocalsP95 = 0;
  for (const mode of ['process', 'inline'] as const) {
    await stepLatencies(mode, object, 'line', 20, true);
    const { ms, sessions } = await stepLatencies(mode, object, 'line', STEPS, true);
    const sorted = [...ms].sort((a, b) => a - b);
    // As for plain steps, the target is judged on the process adapter (what VS Code runs); inline,
    // the client and the adapter share one event loop and the tail measures both.
    if (mode === 'process') worstLocalsP95 = Math.max(worstLocalsP95, pct(sorted, 95));
    stepRows.push([
      `next (line) + Locals shown, adapter ${mode}`,
      String(ms.length),
      String(sessions),
      f2(pct(sorted, 50)),
      f2(pct(sorted, 95)),
      f2(sampleAt(sorted, sorted.length - 1)),
    ]);
  }
  console.log('(a) step latency: request -> stopped event (ms); with Locals: request -> Locals variables answered');
  console.log(table(['steps', 'n', 'sessions', 'p50', 'p95', 'max'], stepRows));
  console.log(
    `target ≤ 50 ms per step: ${worstP95 <= 50 ? 'met' : 'NOT met'} (worst p95 over the process adapter ${f2(worstP95)} ms)`,
  );
  console.log(
    `target ≤ 10 ms p95 per step with Locals shown: ${worstLocalsP95 <= 10 ? 'met' : 'NOT met'} (p95 over the process adapter ${f2(worstLocalsP95)} ms)\n`,
  );

  // (b) the pcap without breakpoints vs ebpf run
  const frames = readCapture(new Uint8Array(fs.readFileSync(PCAP)), PCAP).length;
  ebpfRunInProcess(object, mapsFile); // warm-up
  const dbgProcess: number[] = [];
  const dbgProcessLaunch: number[] = [];
  const dbgInline: number[] = [];
  const runProcess: number[] = [];
  const runInProcess: number[] = [];
  for (let i = 0; i < PCAP_REPEATS; i++) {
    const p = await pcapUnderDebugger('process', object);
    dbgProcess.push(p.totalMs);
    dbgProcessLaunch.push(p.launchMs);
    dbgInline.push((await pcapUnderDebugger('inline', object)).launchMs);
    runProcess.push(ebpfRunProcess(object, mapsFile));
    runInProcess.push(ebpfRunInProcess(object, mapsFile).ms);
  }
  const base = median(runProcess);
  const baseIn = median(runInProcess);
  const row = (name: string, xs: number[], ref: number): string[] => [
    name,
    f1(median(xs)),
    f1(Math.min(...xs)),
    `${(median(xs) / ref).toFixed(2)}x`,
  ];
  console.log(
    `(b) examples/packets/sample.pcap, all ${frames} frames, no breakpoints; median and best of ${PCAP_REPEATS} (ms)`,
  );
  console.log(
    table(
      ['run', 'median', 'best', 'ratio'],
      [
        row('ebpf run, process (node dist/cli/ebpf.js)', runProcess, base),
        row('debugger, adapter process: start + launch -> terminated', dbgProcess, base),
        row('debugger, adapter process: launch -> terminated', dbgProcessLaunch, base),
        row('ebpf run, in process (runCommand)', runInProcess, baseIn),
        row('debugger, adapter inline: launch -> terminated', dbgInline, baseIn),
      ],
    ),
  );
  console.log('ratios: process rows against `ebpf run` as a process, in-process rows against runCommand in process.');
  console.log(
    'The adapter process starts inside "launch -> terminated" (DebugClient.start only spawns it); the debugger',
  );
  console.log('also verifies the program at launch and records every instruction for step back.');
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
