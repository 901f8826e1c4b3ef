// The eBPF for Windows ETW trace source with scripted tracelog/tracefmt (no Windows here): the
// real-time session is started with the printk provider, keyword and level, lines are parsed and
// mapped to call sites, the session is stopped on close (and a stale one first), and a missing
// WDK or missing admin rights are explained.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { TraceLine } from '../../../core/live/views';
import { PrintkMatcher } from '../../../core/live/callSites';
import type { CommandRunner, RunResult } from '../../../core/live/source';
import { EtwTraceSource, tracelogStartArgs } from '../../../core/live/traceSources';

const RECORDED = path.resolve(__dirname, '../../fixtures/live/windows/tracefmt.txt');

function runner(
  calls: string[][],
  answer: (args: readonly string[]) => Partial<RunResult> = () => ({}),
): CommandRunner {
  return async (command, args) => {
    calls.push([command, ...args]);
    return { code: 0, stdout: '', stderr: '', ...answer(args) };
  };
}

/** A stand-in for tracefmt: prints the recorded lines, then waits to be killed. */
function fakeTracefmt(spawned: string[][]) {
  return (tool: string, args: string[]) => {
    spawned.push([tool, ...args]);
    const script = `process.stdout.write(require('fs').readFileSync(${JSON.stringify(RECORDED)}, 'utf8')); setInterval(() => {}, 1000);`;
    return spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  };
}

describe('ETW trace source (scripted tools)', () => {
  it('starts the printk session, parses lines, maps call sites, stops the session on close', async () => {
    const calls: string[][] = [];
    const spawned: string[][] = [];
    const matcher = new PrintkMatcher([
      { program: 'lb', pc: 12, format: 'probe len %d proto %u', source: { file: 'C:\\src\\lb.c', line: 40 } },
    ]);
    const src = new EtwTraceSource(matcher, {
      run: runner(calls),
      spawnTracefmt: fakeTracefmt(spawned),
      sessionName: 'T1',
    });
    const lines: TraceLine[] = [];
    const sub = await src.start(
      (l) => lines.push(...l),
      () => undefined,
    );
    const deadline = Date.now() + 5000;
    while (lines.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await sub.close();
    await sub.close(); // twice is harmless
    assert.deepEqual(calls[0], ['tracelog', '-stop', 'T1']);
    assert.deepEqual(calls[1], ['tracelog', ...tracelogStartArgs('T1')]);
    assert.deepEqual(tracelogStartArgs('T1'), [
      '-start',
      'T1',
      '-guid',
      '#394f321c-5cf4-404c-aa34-4df1428a7f9c',
      '-flag',
      '0x200',
      '-level',
      '4',
      '-rt',
    ]);
    assert.deepEqual(spawned[0], ['tracefmt', '-rt', 'T1', '-displayonly', '-jsonMeta', '0']);
    assert.deepEqual(calls.at(-1), ['tracelog', '-stop', 'T1']);
    assert.equal(calls.filter((c) => c[1] === '-stop').length, 2);
    // Only the eBPF provider's printk lines: NetEbpfExtProvider's and tracefmt's own chatter are dropped.
    assert.deepEqual(
      lines.map((l) => [l.message, l.cpu, l.pid, l.program, l.callSite?.line]),
      [
        ['Hello, world', 3, 0x1760, undefined, undefined],
        ['probe len 98 proto 7', 0, 4, 'lb', 40],
      ],
    );
  });

  it('explains a missing WDK and missing administrator rights', async () => {
    const missing = new EtwTraceSource(undefined, {
      run: runner([], () => ({
        code: null,
        spawnError: Object.assign(new Error('spawn tracelog ENOENT'), { code: 'ENOENT' }),
      })),
    });
    await assert.rejects(
      missing.start(
        () => undefined,
        () => undefined,
      ),
      /tracelog was not found\. tracelog and tracefmt come with the Windows Driver Kit/,
    );
    const denied = new EtwTraceSource(undefined, {
      run: runner([], (args) =>
        args[0] === '-start'
          ? {
              code: 5,
              stdout: 'Could not start logger: VscodeEbpfPrintk\nOperation Status:       5L\nAccess is denied.',
            }
          : {},
      ),
    });
    await assert.rejects(
      denied.start(
        () => undefined,
        () => undefined,
      ),
      /needs an administrator/,
    );
    assert.ok(fs.existsSync(RECORDED));
  });
});
