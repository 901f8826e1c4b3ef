// A Cilium-style object under the debugger (issue 14 §1, "done when"): the XDP entry lives in
// `from-netdev` and the tail-called programs in slot sections (`2/7`), so no section name says the
// type. launch.json's `programType` sets it; the tail-called program inherits it through the prog
// array; without it the launch fails naming the ways to set a type.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import {
  clangMissing,
  closeInlineServer,
  collectOutput,
  launchWith,
  lineOf,
  repoRoot,
  startInlineClient,
  stopped,
} from './harness';
import { at } from '../support/at';

const noClang = clangMissing();
const CILIUM = path.join(repoRoot, 'test', 'fixtures', 'program-types', 'windows', 'cilium_style.c');
// An Ethernet header whose type byte (offset 12) is 8: tail_handle_ipv4 passes it.
const PACKET = '000000000000000000000000' + '0800' + '00'.repeat(20);

function config(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'ebpf',
    request: 'launch',
    name: 'cilium style',
    program: CILIUM,
    platform: 'windows',
    function: 'cil_xdp_entry',
    packet: PACKET,
    maps: { cilium_calls: [{ key: '07000000', program: 'tail_handle_ipv4' }] },
    ...extra,
  };
}

describe('debug adapter: program types set by the launch configuration', { skip: noClang, timeout: 60_000 }, () => {
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

  it('programType "from-netdev=xdp": verifies, stops in the tail-called program, returns its action', async () => {
    const line = lineOf(CILIUM, 'return data[12] == 8 ? XDP_PASS : XDP_DROP;');
    const out = collectOutput(dc);
    const stop = stopped(dc, 'breakpoint');
    await launchWith(dc, config({ programType: 'from-netdev=xdp' }), [{ path: CILIUM, lines: [line] }]);
    await stop;
    const frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    assert.equal(at(frames, 0).name, 'tail_handle_ipv4');
    assert.equal(at(frames, 0).line, line);
    const done = dc.waitForEvent('terminated');
    await dc.continueRequest({ threadId: 1 });
    await done;
    const text = out.map((o) => o.body.output).join('');
    assert.match(text, /program type: xdp \(set by launch\.json programType/);
    assert.match(text, /XDP_PASS/);
  });

  it('without a type the launch fails and says how to set one', async () => {
    await assert.rejects(launchWith(dc, config({})), /programType/);
  });
});
