// The bundle the client loads for `"adapter": "inline"` (dist/debug-adapter/inline.js, built from
// debug-adapter/inline.ts): required the way client/lazy/load.ts does, it must hand back a session
// that speaks DAP through the vscode.DebugAdapter shape (handleMessage / onDidSendMessage / dispose).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildAdapter, repoRoot } from './harness';

interface DebugAdapterShape {
  handleMessage(message: unknown): void;
  onDidSendMessage(
    listener: (message: { type: string; command?: string; success?: boolean; body?: unknown }) => void,
  ): {
    dispose(): void;
  };
  dispose(): void;
}

describe('inline adapter bundle', () => {
  it('answers initialize through the vscode.DebugAdapter interface', async () => {
    buildAdapter();
    const bundle = path.join(repoRoot, 'dist', 'debug-adapter', 'inline.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the same run-time require the client does
    const { createInlineSession } = require(bundle) as {
      createInlineSession: (o: { windowsIncludeDir?: string }) => DebugAdapterShape;
    };
    const session = createInlineSession({ windowsIncludeDir: path.join(repoRoot, 'include') });
    const response = new Promise<{ command?: string; success?: boolean; body?: unknown }>((resolve) => {
      session.onDidSendMessage((m) => {
        if (m.type === 'response') resolve(m);
      });
    });
    session.handleMessage({
      seq: 1,
      type: 'request',
      command: 'initialize',
      arguments: { adapterID: 'ebpf', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true },
    });
    const r = await response;
    assert.equal(r.command, 'initialize');
    assert.equal(r.success, true, JSON.stringify(r));
    assert.equal((r.body as { supportsStepBack?: boolean }).supportsStepBack, true);
    session.dispose();
  });
});
