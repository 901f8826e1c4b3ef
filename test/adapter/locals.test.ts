// C-level debugging from DWARF over DAP (inline adapter): the Locals scope at a breakpoint equals
// what the VM holds, C expressions evaluate (fields, pointers, casts to the program's types, map
// lookups with a C key, ntohl), inlined helpers are frames that Step Into / Over / Out respect.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import {
  children,
  clangMissing,
  closeInlineServer,
  exampleConfig,
  launchWith,
  LB,
  lineOf,
  named,
  repoRoot,
  scopeVariables,
  startInlineClient,
  stopped,
  topFrame,
} from './harness';
import { at } from '../support/at';

const noClang = clangMissing();
const TCP_SYN = 'Load balancer: TCP SYN to the VIP';
const INLINE = path.join(repoRoot, 'test', 'adapter', 'fixtures', 'inline.c');

async function evaluate(dc: DebugClient, expression: string, frameId?: number): Promise<string> {
  const id = frameId ?? (await topFrame(dc)).id;
  const r = await dc.evaluateRequest({ expression, frameId: id, context: 'watch' });
  return r.body.result;
}

async function evaluateError(dc: DebugClient, expression: string): Promise<string> {
  try {
    await dc.evaluateRequest({ expression, frameId: (await topFrame(dc)).id, context: 'watch' });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`'${expression}' evaluated without an error`);
}

describe('debug adapter: C locals and expressions (inline)', { skip: noClang, timeout: 60_000 }, () => {
  let dc: DebugClient;
  beforeEach(async () => {
    dc = await startInlineClient();
  });
  after(async () => {
    await closeInlineServer();
  });
  afterEach(async () => {
    await dc.stop();
  });

  it('load balancer: Locals show ip with its header; C expressions evaluate to what the VM holds', async () => {
    const line = lineOf(LB, 'if (ip->ihl != 5)');
    const stop = stopped(dc, 'breakpoint');
    await launchWith(dc, { ...exampleConfig(TCP_SYN), stopOnEntry: false }, [{ path: LB, lines: [line] }]);
    await stop;
    const locals = await scopeVariables(dc, 'Locals');
    const regs = await scopeVariables(dc, 'Registers');
    // ip lives in a register here: its value is that register's, named by region.
    const ip = named(locals, 'ip');
    assert.equal(ip.type, 'iphdr *');
    assert.match(ip.value, /^packet\+14 \(0x[0-9a-f]+\)$/);
    assert.ok(
      regs.some((r) => r.value === ip.value),
      `a register holds ${ip.value}`,
    );
    const header = await children(dc, ip);
    assert.equal(named(header, 'daddr').value, '10.0.0.100 (0x6400000a)');
    assert.equal(named(header, 'saddr').value, '192.168.1.10 (0xa01a8c0)');
    assert.equal(named(header, 'protocol').value, '6');
    assert.equal(named(header, 'daddr').evaluateName, 'ip->daddr');
    assert.equal(named(locals, 'data_end').type, 'void *');
    assert.match(named(locals, 'data_end').value, /^packet_end/);
    // Variables clang dropped here say so.
    assert.ok(locals.some((v) => v.value === '<optimized out>'));

    assert.equal(await evaluate(dc, 'ip->daddr'), '10.0.0.100 (0x6400000a)');
    assert.equal(await evaluate(dc, 'ntohl(ip->daddr)'), '0xa000064 (167772260)');
    assert.equal(await evaluate(dc, 'ip->protocol == 6'), '0x1 (1)');
    assert.equal(await evaluate(dc, '(*ip).ttl'), '64 (0x40)');
    assert.equal(await evaluate(dc, 'eth->h_proto'), '0x0800 (raw 0x8)');
    assert.equal(await evaluate(dc, 'eth->h_dest'), '02:00:00:00:00:01');
    assert.equal(await evaluate(dc, '((struct iphdr *)(ctx.data + 14))->daddr'), '10.0.0.100 (0x6400000a)');
    assert.equal(
      await evaluate(dc, '&ip->daddr'),
      (await evaluate(dc, '(__be32 *)((char *)ip + 16)')).replace(/^/, ''),
    );
    assert.match(await evaluateError(dc, 'ip->nope'), /iphdr has no field 'nope'/);
    assert.match(await evaluateError(dc, 'svc'), /'svc' is optimized out here/);
    assert.match(await evaluateError(dc, 'nosuch'), /no C variable of that name is in scope here/);
    assert.match(await evaluateError(dc, 'data_end->x'), /cannot dereference a void \*/);

    // Further on: the service and the map lookup with the C key.
    const countLine = lineOf(LB, '__u32 count = svc->backend_count;');
    await dc.setBreakpointsRequest({ source: { path: LB }, breakpoints: [{ line: countLine }] });
    const s2 = stopped(dc, 'breakpoint');
    await dc.continueRequest({ threadId: 1 });
    await s2;
    const key = named(await scopeVariables(dc, 'Locals'), 'key');
    assert.match(key.value, /^\{vip=10\.0\.0\.100 \(0x6400000a\), port=80 \(raw 0x5000\), proto=6, pad=0\}$/);
    assert.equal(await evaluate(dc, 'svc->backend_count'), '2');
    assert.equal(await evaluate(dc, 'key.port'), '80 (raw 0x5000)');
    assert.match(await evaluate(dc, 'services[key]'), /→ \{backend_first=0, backend_count=2\}/);
    // Map keys and values in the Maps scope read the same way.
    const services = named(await scopeVariables(dc, 'Maps'), 'services');
    const entries = await children(dc, services);
    assert.ok(
      entries.some((e) => e.name.startsWith('{vip=10.0.0.100 (0x6400000a), port=80 (raw 0x5000)')),
      entries.map((e) => e.name).join(' | '),
    );
    const backends = await children(dc, named(await scopeVariables(dc, 'Maps'), 'backends'));
    assert.match(at(backends, 0).value, /ip=10\.0\.1\.1 \(0x101000a\)/);
    // A conditional breakpoint in C.
    const hashLine = lineOf(LB, '__u32 index = svc->backend_first');
    const bp = await dc.setBreakpointsRequest({
      source: { path: LB },
      breakpoints: [{ line: hashLine, condition: 'key.proto == 6 && ntohs(key.port) == 80' }],
    });
    assert.ok(at(bp.body.breakpoints, 0).verified, at(bp.body.breakpoints, 0).message);
    const s3 = stopped(dc, 'breakpoint');
    await dc.continueRequest({ threadId: 1 });
    await s3;
    assert.equal((await topFrame(dc)).line, hashLine);
  });

  it('inlined helpers are frames: Locals per frame, Step Into / Over / Out by C semantics', async () => {
    const mixLine = lineOf(INLINE, '__u32 m = a ^ (b << 3);');
    const callLine = lineOf(INLINE, '__u32 h = flow_hash(&f);');
    const config = {
      type: 'ebpf',
      request: 'launch',
      name: 'inline',
      program: INLINE,
      platform: 'windows',
      packet: exampleConfig(TCP_SYN).packet,
    };
    const stop = stopped(dc, 'breakpoint');
    await launchWith(dc, config, [{ path: INLINE, lines: [mixLine] }]);
    await stop;
    let st = await dc.stackTraceRequest({ threadId: 1 });
    assert.deepEqual(
      st.body.stackFrames.map((f) => `${f.name}:${f.line}`),
      [
        `mix:${mixLine}`,
        `flow_hash:${lineOf(INLINE, '__u32 h = mix(f->saddr, f->daddr);')}`,
        `inline_demo:${callLine}`,
      ],
    );
    // mix(a, b) got the packet's addresses; the caller's frame has its own Locals.
    const mixLocals = await scopeVariables(dc, 'Locals', at(st.body.stackFrames, 0).id);
    assert.equal(named(mixLocals, 'a').type, '__u32');
    // Same numbers (the field named saddr reads as an address, the parameter as a number).
    const hexOf = (text: string): string => /\(0x[0-9a-f]+\)/.exec(text)?.[0] ?? text;
    for (const [param, field] of [
      ['a', 'f.saddr'],
      ['b', 'f.daddr'],
    ] as const)
      assert.equal(
        hexOf(await evaluate(dc, param, at(st.body.stackFrames, 0).id)),
        hexOf(await evaluate(dc, field, at(st.body.stackFrames, 2).id)),
      );
    const outer = await scopeVariables(dc, 'Locals', at(st.body.stackFrames, 2).id);
    assert.deepEqual(
      ['ctx', 'data', 'data_end', 'eth', 'ip', 'f', 'h'].filter((n) => outer.some((v) => v.name === n)),
      ['ctx', 'data', 'data_end', 'eth', 'ip', 'f', 'h'],
    );

    // Step Out of mix: in flow_hash.
    let s = stopped(dc, 'step');
    await dc.stepOutRequest({ threadId: 1 });
    await s;
    st = await dc.stackTraceRequest({ threadId: 1 });
    assert.deepEqual(
      st.body.stackFrames.map((f) => f.name),
      ['flow_hash', 'inline_demo'],
    );
    // Step Out of flow_hash: in inline_demo, one frame.
    s = stopped(dc, 'step');
    await dc.stepOutRequest({ threadId: 1 });
    await s;
    st = await dc.stackTraceRequest({ threadId: 1 });
    assert.deepEqual(
      st.body.stackFrames.map((f) => f.name),
      ['inline_demo'],
    );
  });

  it('a function breakpoint on an inlined helper stops in its inlined copy', async () => {
    const config = {
      type: 'ebpf',
      request: 'launch',
      name: 'inline',
      program: INLINE,
      platform: 'windows',
      packet: exampleConfig(TCP_SYN).packet,
    };
    const stop = stopped(dc, 'function breakpoint');
    await Promise.all([
      dc.waitForEvent('initialized').then(async () => {
        const r = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'mix' }] });
        assert.ok(at(r.body.breakpoints, 0).verified, at(r.body.breakpoints, 0).message);
        await dc.configurationDoneRequest();
      }),
      dc.launch(config),
    ]);
    await stop;
    const st = await dc.stackTraceRequest({ threadId: 1 });
    assert.deepEqual(
      st.body.stackFrames.map((f) => f.name),
      ['mix', 'flow_hash', 'inline_demo'],
    );
  });

  it('Step Over a line that calls inlined helpers does not stop in them; Step Into does', async () => {
    const fLine = lineOf(INLINE, 'struct flow f = {');
    const printkLine = lineOf(INLINE, 'bpf_printk("flow');
    const config = {
      type: 'ebpf',
      request: 'launch',
      name: 'inline',
      program: INLINE,
      platform: 'windows',
      packet: exampleConfig(TCP_SYN).packet,
    };
    const stop = stopped(dc, 'breakpoint');
    await launchWith(dc, config, [{ path: INLINE, lines: [fLine] }]);
    await stop;
    let s = stopped(dc, 'step');
    await dc.nextRequest({ threadId: 1 });
    await s;
    let st = await dc.stackTraceRequest({ threadId: 1 });
    assert.deepEqual(
      st.body.stackFrames.map((f) => `${f.name}:${f.line}`),
      [`inline_demo:${printkLine}`],
    );
    // h holds flow_hash's result: the locals of the outer frame after the inlined calls.
    assert.match(named(await scopeVariables(dc, 'Locals'), 'h').value, /^\d+/);
    // Back to the line, then Step Into: the first line of the inlined helpers, as its own frames.
    s = stopped(dc, 'step');
    await dc.stepBackRequest({ threadId: 1 });
    await s;
    for (
      let i = 0;
      i < 10 &&
      ((await topFrame(dc)).line !== fLine ||
        (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames.length > 1);
      i++
    ) {
      s = stopped(dc, 'step');
      await dc.stepBackRequest({ threadId: 1 });
      await s;
    }
    assert.equal((await topFrame(dc)).line, fLine);
    s = stopped(dc, 'step');
    await dc.stepInRequest({ threadId: 1 });
    await s;
    st = await dc.stackTraceRequest({ threadId: 1 });
    // Where step back left us in the line's scattered code decides which helper comes first.
    const names = st.body.stackFrames.map((f) => f.name).join(' < ');
    assert.ok(['mix < flow_hash < inline_demo', 'flow_hash < inline_demo'].includes(names), names);
  });
});

describe('debug adapter: pause at exit (inline)', { skip: noClang, timeout: 60_000 }, () => {
  let dc: DebugClient;
  beforeEach(async () => {
    dc = await startInlineClient();
  });
  after(async () => {
    await closeInlineServer();
  });
  afterEach(async () => {
    await dc.stop();
  });

  it('stops at the exit with the return value, the rewritten packet and the maps, then ends', async () => {
    const stop = stopped(dc, 'exit');
    await launchWith(dc, { ...exampleConfig(TCP_SYN), stopOnEntry: false, stopOnExit: true });
    const e = await stop;
    assert.match(e.body.description ?? '', /returned XDP_TX \(3\)/);
    const result = await scopeVariables(dc, 'Result');
    assert.equal(named(result, 'return value').value, 'XDP_TX (3)');
    // The packet as the program left it: the destination rewritten to a backend.
    const ipv4 = named(await scopeVariables(dc, 'Packet'), 'IPv4');
    assert.match(ipv4.value, /^192\.168\.1\.10 → 10\.0\.1\.[12], TCP$/);
    // The maps as the program left them: one frame forwarded.
    const stats = named(await scopeVariables(dc, 'Maps'), 'stats');
    const slot = at(await children(dc, stats), 0, 'the first stats entry');
    const cpu0 = at(await children(dc, slot), 0, "the entry's CPU 0 value");
    assert.equal(named(await children(dc, cpu0), 'forwarded').value, '1');
    const end = dc.waitForEvent('terminated');
    await dc.continueRequest({ threadId: 1 });
    await end;
  });
});
