// The verification thread gives the same verdicts, diagnostics and states as verifying in-thread,
// and a request whose signal aborts is answered with undefined.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { plain, verifyObject, VerifyThread } from '../../../server/verifyWorker';

const repoRoot = path.resolve(__dirname, '../../..');
const objects = path.join(repoRoot, 'test/fixtures/objects');

describe('verification thread', () => {
  let dir = '';
  let thread: VerifyThread;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-verify-thread-'));
    const script = path.join(dir, 'verifyThread.js');
    await esbuild.build({
      absWorkingDir: repoRoot,
      entryPoints: ['server/verifyThread.ts'],
      outfile: script,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'error',
    });
    thread = new VerifyThread(script);
  });
  after(async () => {
    await thread.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const name of ['linux-xdp_count.o', 'linux-calls.o', 'windows-maps_legacy.o']) {
    it(`agrees with in-thread verification on ${name}`, async () => {
      const request = {
        object: new Uint8Array(fs.readFileSync(path.join(objects, name))),
        platform: 'auto' as const,
        sourceText: '',
        fileName: name,
        programTypes: {},
      };
      const local = verifyObject(request).results;
      const remote = await thread.verify(request, new AbortController().signal);
      assert.ok(remote);
      const strip = (p: ReturnType<typeof plain>) => (p.ok ? { ...p, stats: { ...p.stats, milliseconds: 0 } } : p);
      assert.deepEqual(remote.programs.map(strip), local.map(plain).map(strip));
      for (let i = 0; i < local.length; i++) {
        const r = local[i];
        if (r === undefined || typeof r === 'string') continue;
        assert.deepEqual(await remote.stateAt(i, 0), r.stateAt(0));
      }
    });
  }

  it('answers an aborted request with undefined', async () => {
    const controller = new AbortController();
    const request = {
      object: new Uint8Array(fs.readFileSync(path.join(objects, 'linux-core_loops.o'))),
      platform: 'linux' as const,
      sourceText: '',
      fileName: 'linux-core_loops.o',
      programTypes: {},
    };
    const pending = thread.verify(request, controller.signal);
    controller.abort();
    assert.equal(await pending, undefined);
    // The thread still serves the next request.
    assert.ok(await thread.verify(request, new AbortController().signal));
  });
});
