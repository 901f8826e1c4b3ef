// Native debug sessions ("engine": "native", debug-adapter/native) over the real lldb-dap on this
// machine, checked against the interpreter session on the same launch configuration: a C-line
// breakpoint, registers, the stack, steps by line / eBPF instruction / machine instruction, the
// run's result, and (parity) every eBPF instruction of whole runs on the examples' packets with
// the same C line and the same registers at each stop.

import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { findLldbDap } from '../../debug-adapter/native/target';
import { at } from '../support/at';
import { externalSkip } from '../support/skip';
import {
  clangMissing,
  closeInlineServer,
  collectOutput,
  exampleConfig,
  LB,
  launchWith,
  lineOf,
  named,
  scopeVariables,
  startInlineClient,
  topFrame,
} from './harness';

const skip =
  clangMissing() ??
  (findLldbDap() === undefined
    ? externalSkip('lldb-dap', 'apt-get install lldb-19 (provides lldb-dap-19)')
    : undefined);

/** Register values without the absolute address a pointer carries (native and VM addresses differ). */
function registerView(vars: DebugProtocol.Variable[]): string[] {
  return vars.map((v) => `${v.name}=${v.value.replace(/ \(0x[0-9a-f]+\)$/, '')}`);
}

/** The Locals scope and one level of children, without absolute addresses (they differ per engine). */
async function localsView(dc: DebugClient): Promise<string[]> {
  const out: string[] = [];
  const strip = (t: string): string => t.replace(/ ?\(?0x[0-9a-f]{8,}\)?/g, '');
  for (const v of await scopeVariables(dc, 'Locals')) {
    out.push(`${v.name}: ${v.type ?? ''} = ${strip(v.value)}`);
    if (v.variablesReference > 0)
      for (const c of (await dc.variablesRequest({ variablesReference: v.variablesReference })).body.variables)
        out.push(`  ${v.name}.${c.name}: ${c.type ?? ''} = ${strip(c.value)}`);
  }
  return out;
}

/** A value without absolute addresses (`packet+14 (0x4000010e)` → `packet+14`) and an out-of-packet read without its engine-specific offsets. */
function withoutAddress(text: string): string {
  return text
    .replace(/<cannot read (\d+) bytes at [^>]*outside packet[^>]*>/g, '<cannot read $1 bytes: outside packet>')
    .replace(/((?:packet|stack|ctx|map_value\([^)]*\))[+-]\d+\)?|\(r10\)) \(0x[0-9a-f]+\)/g, '$1');
}

async function stopAfter(dc: DebugClient, action: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped', 60_000) as Promise<DebugProtocol.StoppedEvent>;
  await action();
  return stopped;
}

interface Stop {
  readonly line: number;
  readonly registers: string[];
  /** In a bpf-to-bpf callee (the native session names such frames so). */
  readonly callee: boolean;
}

async function here(dc: DebugClient): Promise<Stop> {
  const f = await topFrame(dc);
  return {
    line: f.line,
    registers: registerView(await scopeVariables(dc, 'Registers', f.id)),
    callee: f.name.includes('(bpf-to-bpf call)'),
  };
}

async function session(config: Record<string, unknown>, lines: number[] = []) {
  const dc = await startInlineClient();
  const output = collectOutput(dc);
  const first = stopAfter(dc, () => launchWith(dc, config, lines.length ? [{ path: LB, lines }] : []));
  return { dc, output, first: await first };
}

/** Step every eBPF instruction from the entry to the end of the run; the stops in order. */
async function everyInstruction(config: Record<string, unknown>, granularity: 'instruction' | 'statement') {
  const { dc, output } = await session({ ...config, stopOnEntry: true, stopOnExit: false });
  const stops: Stop[] = [];
  try {
    for (let i = 0; i < 2000; i++) {
      stops.push(await here(dc));
      const next = Promise.race([
        dc.waitForEvent('stopped', 60_000).then((e) => (e.body as { reason?: string }).reason ?? ''),
        dc.waitForEvent('terminated', 60_000).then(() => 'terminated'),
      ]);
      await dc.nextRequest({ threadId: 1, granularity });
      const reason = await next;
      // The interpreter stops once more when a step ends the run (reason "exit", on the same
      // instruction); the native session prints the result and ends instead.
      if (reason === 'terminated' || reason === 'exit') break;
    }
  } finally {
    await dc.stop();
  }
  return { stops, output: output.map((o) => o.body.output).join('') };
}

describe('native debug session (lldb-dap)', { skip, timeout: 600_000 }, () => {
  after(() => closeInlineServer());

  const base = exampleConfig('Load balancer: TCP SYN to the VIP');
  const ihl = lineOf(LB, 'if (ip->ihl != 5)');

  it('stops at a C-line breakpoint with the interpreter’s registers and stack, steps, and returns its result', async () => {
    const results: Record<string, unknown>[] = [];
    for (const engine of ['interpreter', 'native'] as const) {
      const { dc, output, first } = await session({ ...base, engine, stopOnEntry: false, stopOnExit: false }, [ihl]);
      try {
        assert.equal(first.body.reason, 'breakpoint');
        const atBreakpoint = await here(dc);
        assert.equal(atBreakpoint.line, ihl);
        const stack = (await scopeVariables(dc, 'Stack')).slice(0, 1).map((v) => v.name);
        const packet = (await scopeVariables(dc, 'Packet')).map((v) => `${v.name}=${v.value}`);
        if (engine === 'native') {
          // The runner's maps, read through lldb: the launch configuration's service entry.
          const services = named(await scopeVariables(dc, 'Maps'), 'services');
          const entries = (await dc.variablesRequest({ variablesReference: services.variablesReference })).body
            .variables;
          assert.deepEqual(entries.map((e) => e.name).sort(), ['0a00006400351100', '0a00006400500600']);
          assert.ok(
            entries.every((e) => /backend_count/.test(e.value)),
            entries.map((e) => e.value).join('; '),
          );
        }
        await stopAfter(dc, () => dc.nextRequest({ threadId: 1 }));
        const afterLine = await here(dc);
        // One eBPF instruction: "instruction" in the interpreter, "statement" in the native session
        // (where "instruction" is one machine instruction).
        await stopAfter(dc, () =>
          dc.nextRequest({ threadId: 1, granularity: engine === 'native' ? 'statement' : 'instruction' }),
        );
        const afterInstruction = await here(dc);
        let afterMachine: Stop | undefined;
        if (engine === 'native') {
          await stopAfter(dc, () => dc.nextRequest({ threadId: 1, granularity: 'instruction' }));
          afterMachine = await here(dc);
          const name = (await topFrame(dc)).name;
          assert.match(name, /^xdp_load_balancer pc \d+$/);
        }
        const done = dc.waitForEvent('terminated', 60_000);
        await dc.continueRequest({ threadId: 1 });
        await done;
        const text = output.map((o) => o.body.output).join('');
        const result = /returned (XDP_\w+ \(\d+\))/.exec(text)?.[1];
        results.push({ atBreakpoint, stack, packet, afterLine, afterInstruction, result, afterMachine });
      } finally {
        await dc.stop();
      }
    }
    const [vm, native] = results;
    assert.ok(vm && native);
    assert.equal(native.result, 'XDP_TX (3)');
    assert.deepEqual(native.atBreakpoint, vm.atBreakpoint);
    assert.deepEqual(native.stack, vm.stack);
    assert.deepEqual(native.packet, vm.packet);
    assert.ok((native.packet as string[]).some((f) => f.startsWith('IPv4=192.168.1.10 → 10.0.0.100')));
    assert.deepEqual(native.afterLine, vm.afterLine);
    assert.deepEqual(native.afterInstruction, vm.afterInstruction);
    assert.equal(native.result, vm.result);
    // A machine instruction stays in the program, on a C line of it.
    const machine = native.afterMachine as Stop | undefined;
    assert.ok(machine && machine.line > 0);
  });

  it('shows the program’s C variables (Locals) as the interpreter does at C-line breakpoints', async () => {
    const lines = [lineOf(LB, '__u32 index = svc->backend_first'), lineOf(LB, '__be32 old_daddr = ip->daddr;')];
    const seen: string[][][] = [];
    for (const engine of ['interpreter', 'native'] as const) {
      const { dc, first } = await session({ ...base, engine, stopOnEntry: false, stopOnExit: false }, lines);
      const stops: string[][] = [];
      try {
        assert.equal(first.body.reason, 'breakpoint');
        for (const line of lines) {
          assert.equal((await topFrame(dc)).line, line);
          stops.push(await localsView(dc));
          if (stops.length < lines.length) await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
        }
      } finally {
        await dc.stop();
      }
      seen.push(stops);
    }
    const [vm, native] = seen;
    assert.ok(vm && native);
    // The values a reader can check by eye: the service key and the chosen backend's address.
    assert.ok(
      vm[1]?.some((l) => /^key: .*vip=10\.0\.0\.100/.test(l)),
      vm[1]?.join('\n'),
    );
    assert.ok(vm[0] && vm[0].length > 8, vm[0]?.join('\n'));
    assert.deepEqual(native, vm);
  });

  it('evaluates the program’s C expressions (watch, hover, repl) as the interpreter does; `lldb ` reaches lldb', async () => {
    const stops = [
      { line: ihl, expressions: ['ip->daddr', 'ip', 'ip->nosuchfield', 'bpf_ntohl(ip->saddr)'] },
      {
        line: lineOf(LB, 'key.port = tcp->dest;'),
        expressions: [
          'ntohs(tcp->dest)',
          'tcp->dest',
          'ip->protocol == 6',
          'ip',
          'r1',
          'ctx.data',
          '(struct tcphdr *)r1',
          '*(struct iphdr *)r2',
        ],
      },
      {
        line: lineOf(LB, '__u32 index = svc->backend_first'),
        expressions: [
          'ip->daddr',
          'svc',
          '*svc',
          'svc->backend_count + 1',
          'key',
          'ip->nosuchfield',
          'nosuchname',
          'ip->',
        ],
      },
    ];
    const seen: string[][] = [];
    for (const engine of ['interpreter', 'native'] as const) {
      const lines = stops.map((s) => s.line);
      const { dc, first } = await session({ ...base, engine, stopOnEntry: false, stopOnExit: false }, lines);
      const out: string[] = [];
      try {
        assert.equal(first.body.reason, 'breakpoint');
        for (const [i, stop] of stops.entries()) {
          const frame = await topFrame(dc);
          assert.equal(frame.line, stop.line);
          const contexts = ['watch', 'hover', 'repl'] as const;
          for (const [j, expression] of stop.expressions.entries()) {
            const context = contexts[j % contexts.length];
            const r = await dc.evaluateRequest({ expression, frameId: frame.id, ...(context && { context }) }).then(
              (x) => x,
              (e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }),
            );
            if ('error' in r) out.push(`${expression} ! ${r.error}`);
            else {
              out.push(`${expression} = ${withoutAddress(r.body.result)} : ${r.body.type ?? ''}`);
              if (r.body.variablesReference > 0)
                for (const c of (await dc.variablesRequest({ variablesReference: r.body.variablesReference })).body
                  .variables)
                  out.push(`  ${c.name} = ${withoutAddress(c.value)} (${c.evaluateName ?? ''})`);
            }
          }
          if (engine === 'native' && i === stops.length - 1) {
            // Locals carry evaluateName (Add to Watch), which evaluates as C here.
            const locals = await scopeVariables(dc, 'Locals', frame.id);
            const svc = named(locals, 'svc');
            assert.equal(svc.evaluateName, 'svc');
            const again = await dc.evaluateRequest({ expression: 'svc', frameId: frame.id, context: 'watch' });
            assert.equal(again.body.result, svc.value);
            // The generated C stays reachable through lldb: the frame's 512-byte stack array.
            const r10 = await dc.evaluateRequest({
              expression: 'lldb sizeof(stack)',
              frameId: frame.id,
              context: 'repl',
            });
            assert.match(r10.body.result, /^512\b/);
            const cmd = await dc.evaluateRequest({
              expression: '`frame variable r0',
              frameId: frame.id,
              context: 'repl',
            });
            assert.match(cmd.body.result, /r0 = /);
          }
          if (i < stops.length - 1) await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
        }
      } finally {
        await dc.stop();
      }
      seen.push(out);
    }
    const [vm, native] = seen;
    assert.ok(vm && native);
    // Values a reader can check by eye: the VIP, the service's port, the first backend; and errors that say what.
    const text = vm.join('\n');
    assert.match(text, /^ip->daddr = 10\.0\.0\.100/m, text);
    assert.match(text, /^ntohs\(tcp->dest\) = 0x50 \(80\)/m, text);
    assert.match(text, /^svc = map_value\(services\)\+0/m, text);
    assert.match(text, /^ip->nosuchfield ! .*nosuchfield/m, text);
    assert.match(text, /^nosuchname ! unknown name 'nosuchname'/m, text);
    // r2 is packet_end here: reading past it fails in both engines.
    assert.match(text, /^\*\(struct iphdr \*\)r2 [=!] .*outside packet/m, text);
    assert.deepEqual(native, vm);
  });

  it('shows a bpf_printk line in the debug console when it runs, as the interpreter does', async () => {
    const config = exampleConfig('Load balancer: packet to a non-service address (printk)');
    const afterPrintk = lineOf(LB, 'st->misses++;');
    const shown: string[] = [];
    for (const engine of ['interpreter', 'native'] as const) {
      const { dc, output, first } = await session({ ...config, engine, stopOnEntry: false, stopOnExit: false }, [
        afterPrintk,
      ]);
      try {
        assert.equal(first.body.reason, 'breakpoint');
        assert.equal((await topFrame(dc)).line, afterPrintk);
        // lldb-dap forwards the runner's output on its own thread: give it a moment.
        for (let i = 0; i < 50 && !output.some((o) => o.body.output.startsWith('lb: ')); i++)
          await new Promise((r) => setTimeout(r, 20));
        const lines = output.filter((o) => o.body.category === 'stdout').map((o) => o.body.output.trim());
        assert.equal(lines.length, 1, `${engine}: ${output.map((o) => o.body.output).join('')}`);
        shown.push(at(lines, 0));
        const done = dc.waitForEvent('terminated', 60_000);
        await dc.continueRequest({ threadId: 1 });
        await done;
        // Not repeated when the run ends.
        assert.equal(output.filter((o) => o.body.output.startsWith('lb: ')).length, 1);
      } finally {
        await dc.stop();
      }
    }
    assert.match(at(shown, 0), /^lb: no service for /);
    assert.equal(shown[1], shown[0]);
  });

  it('stops at the exit (stopOnExit) with the return value, the final packet and the maps, as the interpreter does', async () => {
    const views: Record<string, unknown>[] = [];
    for (const engine of ['interpreter', 'native'] as const) {
      const { dc, output, first } = await session({ ...base, engine, stopOnEntry: false, stopOnExit: true });
      try {
        assert.equal(first.body.reason, 'exit');
        const frame = await topFrame(dc);
        const result = named(await scopeVariables(dc, 'Result', frame.id), 'return value').value;
        const packet = (await scopeVariables(dc, 'Packet', frame.id)).map((v) => `${v.name}=${v.value}`);
        const maps = (await scopeVariables(dc, 'Maps', frame.id)).map((v) => v.name);
        const done = dc.waitForEvent('terminated', 60_000);
        await dc.continueRequest({ threadId: 1 });
        await done;
        const returned = output.filter((o) => /returned XDP_TX \(3\)/.test(o.body.output));
        views.push({ result, packet, maps, frame: frame.name, returned: returned.length });
      } finally {
        await dc.stop();
      }
    }
    const [vm, native] = views;
    assert.ok(vm && native);
    assert.equal(native.result, 'XDP_TX (3)');
    assert.equal(native.result, vm.result);
    assert.match(String(native.frame), /^xdp_load_balancer returned XDP_TX \(3\)/);
    // The rewritten packet: the chosen backend's address.
    assert.ok(
      (native.packet as string[]).some((f) => /^IPv4=192\.168\.1\.10 → 10\.0\.1\.\d/.test(f)),
      String(native.packet),
    );
    assert.deepEqual(native.packet, vm.packet);
    assert.ok((native.maps as string[]).includes('services'));
    assert.equal(native.returned, 1);
  });

  for (const platform of ['linux', 'windows'] as const)
    it(`labels tail calls in the call stack as the interpreter does (${platform})`, async () => {
      const file = path.join(__dirname, 'fixtures', platform === 'linux' ? 'tail_linux.c' : 'tail.c');
      const config = {
        type: 'ebpf',
        request: 'launch',
        name: `tail calls (${platform})`,
        program: file,
        platform,
        function: 'dispatch',
        packet: '00'.repeat(100),
        maps: { stages: [{ key: '00000000', program: 'stage_two' }] },
        stopOnEntry: false,
        stopOnExit: false,
      };
      const line = lineOf(file, 'bpf_printk("stage two: %d bytes", length);');
      const stacks: string[][] = [];
      for (const engine of ['interpreter', 'native'] as const) {
        const dc = await startInlineClient();
        try {
          const stop = stopAfter(dc, () => launchWith(dc, { ...config, engine }, [{ path: file, lines: [line] }]));
          assert.equal((await stop).body.reason, 'breakpoint');
          const frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
          // Frame names without the native session's ` pc N`; lines as shown.
          stacks.push(frames.map((f) => `${f.name.replace(/ pc \d+$/, '')}:${f.line}`));
          if (engine === 'native') {
            // The label and the ended caller have no scopes (their registers are gone).
            const scopes = await dc.scopesRequest({ frameId: at(frames, 1).id });
            assert.deepEqual(scopes.body.scopes, []);
          }
        } finally {
          await dc.stop();
        }
      }
      const [vm, native] = stacks;
      const label = platform === 'linux' ? '‹tail call›' : '‹tail call after return›';
      assert.deepEqual(
        vm?.map((f) => f.replace(/:\d+$/, '')),
        ['stage_two', `${label} stage_two`, 'dispatch'],
      );
      assert.deepEqual(native, vm);
    });

  it('kills lldb-dap and the runner when the client disconnects mid-run', async () => {
    const { dc, output, first } = await session({ ...base, engine: 'native', stopOnEntry: false }, [ihl]);
    assert.equal(first.body.reason, 'breakpoint');
    const runner = /native engine: runner (\S+)/.exec(output.map((o) => o.body.output).join(''))?.[1];
    assert.ok(runner);
    assert.ok(processesRunning(runner).length > 0, 'the runner is not running while stopped');
    await dc.disconnectRequest({});
    await dc.stop();
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(processesRunning(runner), []);
    assert.deepEqual(
      childProcesses(process.pid).filter((c) => c.includes('lldb-dap')),
      [],
    );
  });

  it('fails the launch with one debug console line when the C compiler is missing', async () => {
    const saved = process.env.CC;
    process.env.CC = '/nonexistent/cc';
    const dc = await startInlineClient();
    try {
      const output = collectOutput(dc);
      await assert.rejects(dc.launch({ ...base, engine: 'native' }), /cannot run the C compiler '\/nonexistent\/cc'/);
      assert.equal(output.filter((o) => o.body.output.includes('cannot run the C compiler')).length, 1);
    } finally {
      if (saved === undefined) delete process.env.CC;
      else process.env.CC = saved;
      await dc.stop();
    }
  });

  const inlineFixture = {
    type: 'ebpf',
    request: 'launch',
    name: 'inline.c (inlined helpers and a bpf-to-bpf call)',
    program: path.join(__dirname, 'fixtures', 'inline.c'),
    platform: 'windows',
    packet: base.packet,
  };
  for (const [name, config] of [
    ...[
      'Load balancer: TCP SYN to the VIP',
      'Load balancer: packet to a non-service address (printk)',
      'Linux XDP counter: UDP frame',
    ].map((n) => [n, exampleConfig(n)] as const),
    [inlineFixture.name, inlineFixture] as const,
  ]) {
    it(`parity: every eBPF instruction of '${name}' stops on the same C line with the same registers`, async () => {
      const vm = await everyInstruction({ ...config, engine: 'interpreter' }, 'instruction');
      const native = await everyInstruction({ ...config, engine: 'native' }, 'statement');
      assert.ok(vm.stops.length > 5, `only ${vm.stops.length} stops`);
      // Not compared: registers the generated function does not declare (never used), and dead
      // registers around bpf-to-bpf calls, whose contents differ because a native callee is a C
      // function with its own r0-r10: r0 inside a callee (0 natively, the caller's value in the
      // interpreter) and r1-r5 in the caller once a callee ran (the caller's arguments natively,
      // what the callee left in the interpreter). The verifier forbids reading either before a write.
      const afterCall = native.stops.map((_, i) => native.stops.slice(0, i + 1).some((x) => x.callee));
      const comparable = (s: Stop | undefined, i: number): string => {
        const like = native.stops[i];
        return JSON.stringify({
          line: s?.line,
          registers: s?.registers.filter(
            (_, k) =>
              !like?.registers[k]?.includes('<not used') &&
              !(like?.callee === true && k === 0) &&
              !(like?.callee === false && afterCall[i] === true && k >= 1 && k <= 5),
          ),
        });
      };
      const firstDifference = vm.stops.findIndex((s, i) => comparable(s, i) !== comparable(native.stops[i], i));
      assert.equal(
        firstDifference,
        -1,
        `stop ${firstDifference}: interpreter ${JSON.stringify(vm.stops[firstDifference])} native ${JSON.stringify(native.stops[firstDifference])}`,
      );
      assert.equal(native.stops.length, vm.stops.length);
      if (config === inlineFixture)
        assert.ok(
          native.stops.some((x) => x.callee),
          'no stop in the bpf-to-bpf callee',
        );
      const result = (text: string) => /returned (\S+ \(\d+\)|\d+)/.exec(text)?.[1];
      assert.equal(result(native.output), result(vm.output));
    });
  }
});

describe('native debug session without lldb-dap', { skip: clangMissing(), timeout: 120_000 }, () => {
  after(() => closeInlineServer());

  it('fails the launch with one debug console line naming what to install', async () => {
    // A PATH with the compilers but no lldb-dap.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-no-lldb-'));
    for (const dir of (process.env.PATH ?? '').split(path.delimiter))
      for (const name of safeList(dir))
        if (/^(clang|cc|gcc|ld|as)/.test(name) && !fs.existsSync(path.join(bin, name)))
          fs.symlinkSync(path.join(dir, name), path.join(bin, name));
    const saved = process.env.PATH;
    process.env.PATH = bin;
    const dc = await startInlineClient();
    try {
      const output = collectOutput(dc);
      await assert.rejects(
        dc.launch({ ...exampleConfig('Load balancer: TCP SYN to the VIP'), engine: 'native' }),
        /needs lldb-dap .*apt-get install lldb-19/,
      );
      const lines = output.filter((o) => o.body.output.includes('lldb-dap'));
      assert.equal(lines.length, 1);
      assert.equal(at(lines, 0).body.category, 'stderr');
    } finally {
      process.env.PATH = saved;
      await dc.stop();
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});

/** Command lines of live processes whose command line contains `text`. */
function processesRunning(text: string): string[] {
  return safeList('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readProc(d, 'cmdline').replace(/\0/g, ' '))
    .filter((cmd) => cmd.includes(text));
}

function childProcesses(pid: number): string[] {
  return safeList('/proc')
    .filter((d) => /^\d+$/.test(d) && /^\d+ \(.*\) \S (\d+)/.exec(readProc(d, 'stat'))?.[1] === String(pid))
    .map((d) => readProc(d, 'cmdline').replace(/\0/g, ' '));
}

function readProc(pid: string, file: string): string {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
