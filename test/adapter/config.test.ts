// The launch attributes the adapter knows and the JSON schema package.json gives VS Code for
// launch.json stay in step; main.js --server=PORT serves sessions over TCP.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { LAUNCH_ATTRIBUTES, LaunchError, parseLaunchConfig, unknownAttributes } from '../../debug-adapter/config';
import { adapterPath, buildAdapter, repoRoot } from './harness';

describe('launch attributes', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: {
      debuggers: { type: string; configurationAttributes: { launch: { properties: Record<string, unknown> } } }[];
    };
  };
  const schema = manifest.contributes.debuggers.find((d) => d.type === 'ebpf')!.configurationAttributes.launch
    .properties;

  it('every attribute of the launch.json schema is known to the adapter, and the reverse', () => {
    const names = Object.keys(schema);
    assert.deepEqual(unknownAttributes(Object.fromEntries(names.map((n) => [n, 1]))), []);
    // Attributes the adapter accepts but the schema lacks would be flagged by VS Code in launch.json.
    assert.deepEqual([...LAUNCH_ATTRIBUTES].sort(), [...names].sort());
  });

  it('adapter is "process" or "inline"', () => {
    assert.equal(parseLaunchConfig({ program: 'x.c', adapter: 'inline' }).adapter, 'inline');
    assert.equal(parseLaunchConfig({ program: 'x.c' }).adapter, undefined);
    assert.throws(
      () => parseLaunchConfig({ program: 'x.c', adapter: 'thread' }),
      (e: Error) => e instanceof LaunchError && /'adapter' must be "process" or "inline"/.test(e.message),
    );
  });
});

describe('main.js --server', () => {
  it(
    'serves sessions on a TCP port; a bad launch is answered and the server keeps serving',
    { timeout: 60_000 },
    async () => {
      buildAdapter();
      const child = spawn(process.execPath, [adapterPath, '--server=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
      try {
        const port = await new Promise<number>((resolve, reject) => {
          let text = '';
          child.stderr.on('data', (d: Buffer) => {
            text += d.toString();
            const m = /listening on 127\.0\.0\.1:(\d+)/.exec(text);
            if (m) resolve(Number(m[1]));
          });
          child.once('exit', (code) => reject(new Error(`adapter exited (${code}): ${text}`)));
        });
        for (let i = 0; i < 2; i++) {
          const dc = new DebugClient(process.execPath, '', 'ebpf');
          await dc.start(port);
          await assert.rejects(
            dc.launch({ type: 'ebpf', request: 'launch', name: 'no program' }),
            /'program' is missing/,
          );
          assert.equal((await dc.threadsRequest()).body.threads.length, 1);
          await dc.stop();
        }
      } finally {
        child.kill();
      }
    },
  );
});
