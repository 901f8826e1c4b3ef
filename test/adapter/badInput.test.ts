// Bad requests to the debug adapter get one clear line, never a JS stack trace or silence:
// setBreakpoints without a source, readMemory of "zz", an expression nested 100,000 deep, a second
// launch in one session. Runs on a checked-in object (no clang needed), adapter served inline.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import {
  closeInlineServer,
  CHECKED_IN_OBJECT,
  launchStopped,
  oneLineFailure,
  startInlineClient,
  XDP_PACKET,
} from './harness';
import { at } from '../support/at';
import { externalSkip } from '../support/skip';

describe('debug adapter: bad requests', { timeout: 60_000 }, () => {
  let dc: DebugClient;
  before(async () => {
    dc = await startInlineClient();
    await launchStopped(dc);
  });
  after(async () => {
    await dc.stop();
    await closeInlineServer();
  });

  it('setBreakpoints without a source', async () => {
    assert.equal(
      await oneLineFailure(dc.customRequest('setBreakpoints', { breakpoints: [{ line: 1 }] })),
      "setBreakpoints needs a 'source'",
    );
  });

  it('readMemory of a reference that is no address', async () => {
    for (const memoryReference of ['zz', '', '0x', '1e5'])
      assert.match(
        await oneLineFailure(dc.customRequest('readMemory', { memoryReference, count: 4 })),
        /^readMemory: '.*' \(offset 0, count 4\) is not a memory address and byte count$/,
      );
    assert.match(
      await oneLineFailure(dc.customRequest('readMemory', { memoryReference: '0x10', count: -1 })),
      /count -1/,
    );
  });

  it('evaluate with 100,000 nested parentheses or unary minus', async () => {
    const frameId = at((await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames, 0).id;
    for (const expression of ['('.repeat(100_000) + '1' + ')'.repeat(100_000), '-'.repeat(100_000) + '1'])
      assert.equal(
        await oneLineFailure(dc.evaluateRequest({ expression, frameId, context: 'watch' })),
        'the expression nests more than 200 levels deep',
      );
    // Real nesting still works.
    const ok = await dc.evaluateRequest({ expression: '((((1 + 2)) * 3))', frameId, context: 'watch' });
    assert.equal(ok.body.result, '0x9 (9)');
  });

  it('a second launch in the same session is answered with an error', async () => {
    assert.match(
      await oneLineFailure(dc.launch({ program: CHECKED_IN_OBJECT, packet: XDP_PACKET })),
      /already launched a program: restart it, or start a new debug session/,
    );
  });

  it('a launch naming a device as its capture is refused, not read until memory runs out', async (t) => {
    if (!fs.existsSync('/dev/zero')) return t.skip(externalSkip('/dev/zero', 'run on Linux or macOS'));
    const other = await startInlineClient();
    try {
      assert.match(
        await oneLineFailure(other.launch({ program: CHECKED_IN_OBJECT, pcap: '/dev/zero' })),
        /pcap file '\/dev\/zero' is not a regular file/,
      );
    } finally {
      await other.stop();
    }
  });

  it('an exception inside a request handler is one line naming the request', async () => {
    // stackTrace with no arguments at all reaches the handler, which reads args.startFrame.
    const message = await oneLineFailure(dc.customRequest('stackTrace', null));
    assert.match(message, /^'stackTrace' failed: Cannot read properties of undefined/);
  });
});
