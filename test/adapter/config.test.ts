// The launch attributes the adapter knows and the JSON schema package.json gives VS Code for
// launch.json stay in step; main.js --server=PORT serves sessions over TCP.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { LaunchError, parseLaunchConfig, unknownAttributes } from '../../debug-adapter/config';
import { defined } from '../support/at';
import { adapterPath, buildAdapter, repoRoot } from './harness';

describe('launch attributes', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: {
      debuggers: { type: string; configurationAttributes: { launch: { properties: Record<string, unknown> } } }[];
    };
  };
  const schema = defined(
    manifest.contributes.debuggers.find((d) => d.type === 'ebpf'),
    'the ebpf debugger in package.json',
  ).configurationAttributes.launch.properties;

  it('every attribute of the launch.json schema is known to the adapter', () => {
    const names = Object.keys(schema);
    assert.deepEqual(unknownAttributes(Object.fromEntries(names.map((n) => [n, 1]))), []);
    assert.deepEqual(unknownAttributes({ program: 'x.c', type: 'ebpf', packett: 'ab' }), ['packett']);
  });

  it('adapter is "process" or "inline"', () => {
    assert.equal(parseLaunchConfig({ program: 'x.c', adapter: 'inline' }).adapter, 'inline');
    assert.equal(parseLaunchConfig({ program: 'x.c' }).adapter, undefined);
    assert.throws(
      () => parseLaunchConfig({ program: 'x.c', adapter: 'thread' }),
      (e: Error) => e instanceof LaunchError && /'adapter' must be "process" or "inline"/.test(e.message),
    );
  });

  // Validated against package.json's schema (ajv): one sentence naming the attribute.
  const bad: [Record<string, unknown>, RegExp][] = [
    [{}, /'program' is missing: give the path of a \.c file/],
    [{ program: 'x.c', platform: 'macos' }, /'platform' must be "auto", "windows" or "linux", got "macos"/],
    [{ program: 'x.c', budget: 0 }, /'budget' must be at least 1, got 0/],
    [{ program: 'x.c', budget: 1.5 }, /'budget' must be an integer, got 1.5/],
    [{ program: 'x.c', stopOnEntry: 'yes' }, /'stopOnEntry' must be true or false, got "yes"/],
    [{ program: 'x.c', clangArgs: '-DX' }, /'clangArgs' must be an array, got "-DX"/],
    [{ program: 'x.c', clangArgs: ['-DX', 3] }, /'clangArgs\.1' must be a string, got 3/],
    [{ program: 'x.c', maps: 7 }, /'maps' must be an object or a string, got 7/],
    [{ program: 'x.c', ctx: [1] }, /'ctx' must be an object/],
    [{ program: 3 }, /'program' must be a string, got 3/],
    [{ program: 'x.c', packet: 'ab', pcap: 'p.pcap' }, /either 'packet' or 'pcap'/],
    [{ program: 'x.c', frames: '1-' }, /'frames' selects frames of a 'pcap'/],
  ];
  for (const [raw, message] of bad) {
    it(`rejects ${JSON.stringify(raw)}`, () => {
      assert.throws(
        () => parseLaunchConfig(raw),
        (e: Error) => e instanceof LaunchError && message.test(e.message),
      );
    });
  }

  it('treats null and empty strings as absent and keeps VS Code’s own attributes', () => {
    const c = parseLaunchConfig({ type: 'ebpf', name: 'n', program: 'x.c', section: '', packet: null, seed: 0 });
    assert.equal(c.section, undefined);
    assert.equal(c.packet, undefined);
    assert.equal(c.seed, 0);
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
