// Tail calls under the debugger (inline mode: the adapter runs in this process): the program
// array is filled by program name in the launch `maps`, stepping follows the tail call, the call
// stack shows the chain, breakpoints and the disassembly work in the tail-called program, on
// Linux (immediate) and eBPF for Windows (deferred until the caller returns).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  clangMissing,
  closeInlineServer,
  collectOutput,
  launchWith,
  lineOf,
  repoRoot,
  scopeVariables,
  startInlineClient,
  stopped,
} from './harness';
import { at, defined } from '../support/at';

const noClang = clangMissing();
const LINUX = path.join(repoRoot, 'test', 'adapter', 'fixtures', 'tail_linux.c');
const WINDOWS = path.join(repoRoot, 'test', 'adapter', 'fixtures', 'tail.c');

function tailConfig(
  file: string,
  platform: 'linux' | 'windows',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'ebpf',
    request: 'launch',
    name: `tail calls (${platform})`,
    program: file,
    platform,
    function: 'dispatch',
    // 100 bytes: stage_two drops frames longer than 60.
    packet: '00'.repeat(100),
    maps: { stages: [{ key: '00000000', program: 'stage_two' }] },
    ...extra,
  };
}

async function stack(dc: DebugClient): Promise<DebugProtocol.StackFrame[]> {
  return (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
}

const names = (frames: DebugProtocol.StackFrame[]): string[] => frames.map((f) => f.name);

describe('debug adapter: tail calls', { skip: noClang, timeout: 60_000 }, () => {
  let dc: DebugClient;
  beforeEach(async () => {
    dc = await startInlineClient();
  });
  afterEach(async () => {
    await dc.stop();
  });
  after(async () => {
    await closeInlineServer();
  });

  it('Linux: step into a tail call; the stack shows the chain; the disassembly is the target', async () => {
    const callLine = lineOf(LINUX, 'bpf_tail_call(ctx, &stages, 0);');
    const stop = stopped(dc, 'breakpoint');
    await launchWith(dc, tailConfig(LINUX, 'linux'), [{ path: LINUX, lines: [callLine] }]);
    await stop;
    assert.deepEqual(names(await stack(dc)), ['dispatch']);

    const step = stopped(dc, 'step');
    await dc.stepInRequest({ threadId: 1 });
    await step;
    const frames = await stack(dc);
    assert.deepEqual(names(frames), ['stage_two', '‹tail call› stage_two', 'dispatch']);
    assert.equal(at(frames, 0).line, lineOf(LINUX, 'int length = (int)(ctx->data_end - ctx->data);'));
    assert.equal(at(frames, 1).presentationHint, 'label');
    assert.equal(at(frames, 2).line, callLine, 'the caller is shown where it tail-called');
    assert.equal(at(frames, 2).presentationHint, 'subtle');
    assert.notEqual(at(frames, 0).instructionPointerReference, at(frames, 2).instructionPointerReference);
    // The caller's frame is over: no scopes, and evaluating in it says why.
    assert.deepEqual((await dc.scopesRequest({ frameId: at(frames, 2).id })).body.scopes, []);
    await assert.rejects(
      dc.evaluateRequest({ expression: 'r1', frameId: at(frames, 2).id, context: 'repl' }),
      /tail-called/,
    );
    // The live frame has its registers: r1 is still the context.
    const regs = await scopeVariables(dc, 'Registers', at(frames, 0).id);
    assert.match(
      defined(
        regs.find((r) => r.name === 'r1'),
        'register r1',
      ).value,
      /^ctx\+0/,
    );

    // The disassembly at the top frame is stage_two's code.
    const dis = await dc.customRequest('disassemble', {
      memoryReference: at(frames, 0).instructionPointerReference,
      instructionCount: 4,
    });
    const insns = defined(dis.body as DebugProtocol.DisassembleResponse['body'], 'disassemble body').instructions;
    assert.equal(at(insns, 0).symbol, 'stage_two');
    assert.equal(at(insns, 0).address, at(frames, 0).instructionPointerReference);
    // Instruction stepping stays in stage_two with the chain below it.
    const istep = stopped(dc, 'step');
    await dc.nextRequest({ threadId: 1, granularity: 'instruction' });
    await istep;
    assert.deepEqual(names(await stack(dc)), ['stage_two', '‹tail call› stage_two', 'dispatch']);

    // Step back over the hand-over: the chain goes with it.
    const back1 = stopped(dc, 'step');
    await dc.stepBackRequest({ threadId: 1, granularity: 'instruction' });
    await back1;
    const back2 = stopped(dc, 'step');
    await dc.stepBackRequest({ threadId: 1, granularity: 'instruction' });
    await back2;
    const before = await stack(dc);
    assert.deepEqual(names(before), ['dispatch']);
    assert.equal(at(before, 0).line, callLine);

    const out = collectOutput(dc);
    const done = dc.waitForEvent('terminated');
    await dc.continueRequest({ threadId: 1 });
    await done;
    const text = out.map((o) => o.body.output).join('');
    assert.match(text, /dispatch → stage_two returned XDP_DROP \(1\)/);
  });

  it('Linux: a breakpoint in the tail-called program hits', async () => {
    const line = lineOf(LINUX, 'bpf_printk("stage two: %d bytes", length);');
    const stop = stopped(dc, 'breakpoint');
    const bpsResponses = await launchWith(dc, tailConfig(LINUX, 'linux'), [{ path: LINUX, lines: [line] }]);
    const bps = at(bpsResponses, 0, 'setBreakpoints response');
    assert.equal(at(bps.body.breakpoints, 0).verified, true);
    await stop;
    const frames = await stack(dc);
    assert.deepEqual(names(frames), ['stage_two', '‹tail call› stage_two', 'dispatch']);
    assert.equal(at(frames, 0).line, line);
    // An instruction breakpoint a few instructions on in stage_two (addresses carry the program).
    const dis = await dc.customRequest('disassemble', {
      memoryReference: at(frames, 0).instructionPointerReference,
      instructionCount: 3,
    });
    const target = at(
      defined(dis.body as DebugProtocol.DisassembleResponse['body'], 'disassemble body').instructions,
      2,
    ).address;
    const ib = await dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: target }] });
    assert.equal(
      at((ib.body as DebugProtocol.SetInstructionBreakpointsResponse['body']).breakpoints, 0).verified,
      true,
    );
    const istop = stopped(dc, 'instruction breakpoint');
    await dc.continueRequest({ threadId: 1 });
    await istop;
    const stoppedAt = await stack(dc);
    assert.equal(at(stoppedAt, 0).instructionPointerReference, target);
    assert.deepEqual(names(stoppedAt), ['stage_two', '‹tail call› stage_two', 'dispatch']);
    const done = dc.waitForEvent('terminated');
    await dc.continueRequest({ threadId: 1 });
    await done;
  });

  it('Linux: an empty program array slot: the tail call fails and the caller carries on', async () => {
    const line = lineOf(LINUX, 'bpf_printk("no stage two");');
    const stop = stopped(dc, 'breakpoint');
    await launchWith(dc, tailConfig(LINUX, 'linux', { maps: {} }), [{ path: LINUX, lines: [line] }]);
    await stop;
    assert.deepEqual(names(await stack(dc)), ['dispatch']);
    const done = dc.waitForEvent('terminated');
    await dc.continueRequest({ threadId: 1 });
    await done;
  });

  it('Windows: the scheduled tail call is pending until the caller returns, then the chain shows it', async () => {
    const callLine = lineOf(WINDOWS, 'long err = bpf_tail_call(ctx, &stages, 0);');
    const stop = stopped(dc, 'breakpoint');
    await launchWith(dc, tailConfig(WINDOWS, 'windows'), [{ path: WINDOWS, lines: [callLine] }]);
    await stop;
    assert.deepEqual(names(await stack(dc)), ['dispatch']);

    // Step over the call: the caller goes on, and the target waits for its return.
    let step = stopped(dc, 'step');
    await dc.nextRequest({ threadId: 1 });
    await step;
    let frames = await stack(dc);
    assert.equal(at(frames, 0).presentationHint, 'label');
    assert.match(at(frames, 0).name, /^‹tail call pending› stage_two/);
    assert.equal(at(frames, 1).name, 'dispatch');
    assert.ok(at(frames, 1).line > callLine);

    // Stepping on reaches stage_two once dispatch returns.
    for (let i = 0; i < 10 && at(frames, 0).name !== 'stage_two'; i++) {
      step = stopped(dc, 'step');
      await dc.stepInRequest({ threadId: 1 });
      await step;
      frames = await stack(dc);
    }
    assert.deepEqual(names(frames), ['stage_two', '‹tail call after return› stage_two', 'dispatch']);
    assert.equal(at(frames, 0).line, lineOf(WINDOWS, 'int length = (int)((char*)ctx->data_end - (char*)ctx->data);'));
    assert.ok(at(frames, 2).line > callLine, 'the caller is shown at its return');

    // Step back into dispatch: the tail call is pending again.
    step = stopped(dc, 'step');
    await dc.stepBackRequest({ threadId: 1, granularity: 'instruction' });
    await step;
    frames = await stack(dc);
    assert.match(at(frames, 0).name, /^‹tail call pending› stage_two/);
    assert.equal(at(frames, 1).name, 'dispatch');
  });

  it('Windows: breakpoints in the target program hit after the caller returns', async () => {
    const line = lineOf(WINDOWS, 'bpf_printk("stage two: %d bytes", length);');
    const out = collectOutput(dc);
    const stop = stopped(dc, 'breakpoint');
    await launchWith(dc, tailConfig(WINDOWS, 'windows'), [{ path: WINDOWS, lines: [line] }]);
    await stop;
    const frames = await stack(dc);
    assert.deepEqual(names(frames), ['stage_two', '‹tail call after return› stage_two', 'dispatch']);
    assert.equal(at(frames, 0).line, line);
    // Both programs printed, in order, before the stop.
    const printed = out.filter((o) => o.body.category === 'stdout').map((o) => o.body.output.trim());
    assert.deepEqual(printed, ['dispatch', 'scheduled: 0']);
    const done = dc.waitForEvent('terminated');
    await dc.continueRequest({ threadId: 1 });
    await done;
    const text = out.map((o) => o.body.output).join('');
    assert.match(text, /stage two: 100 bytes/);
    assert.match(text, /dispatch → stage_two returned XDP_DROP \(2\)/);
  });
});
