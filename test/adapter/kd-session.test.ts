// The "kernelDebug" launch mode (debug-adapter/kd) over DAP, driven by a RECORDED kd transcript
// (test/fixtures/kd, written from kd's documented output; no Windows host here): kd's command line,
// the setup commands, a C-line breakpoint translated to `bu1 \`module!file.c:line\``, the stop,
// the stack mapped back to the eBPF program, r0..r10 from the generated function's locals, a step
// by line and one by instruction, continue, and the detach. And on this machine (Linux) the launch
// fails with one message saying what to install and configure.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { KdDebugSession, type KdSessionOptions } from '../../debug-adapter/kd/session';
import type { ToolchainHost } from '../../core/toolchain/locate';
import { replay } from '../support/kdTranscript';
import { at, defined } from '../support/at';
import { clangMissing, repoRoot } from './harness';

const KD = 'C:\\Program Files (x86)\\Windows Kits\\10\\Debuggers\\x64\\kd.exe';
const windowsHost: ToolchainHost = {
  platform: 'win32',
  path: path.win32,
  env: { Path: 'C:\\Windows', 'ProgramFiles(x86)': 'C:\\Program Files (x86)', ProgramFiles: 'C:\\Program Files' },
  isExecutable: (f) => f === KD,
  listDir: () => [],
};
const LB = path.join(repoRoot, 'examples', 'xdp_load_balancer.c');

const servers: net.Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

async function client(options: KdSessionOptions): Promise<DebugClient> {
  const server = net.createServer((socket) => {
    const session = new KdDebugSession(options);
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const dc = new DebugClient(process.execPath, '', 'ebpf');
  dc.defaultTimeout = 20_000;
  await dc.start(address.port);
  return dc;
}

function driverFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kd-driver-'));
  // Stand-ins: the session checks that the driver and its PDB exist; kd (replayed) reads them.
  fs.writeFileSync(path.join(dir, 'xdp_load_balancer.sys'), 'MZ');
  fs.writeFileSync(path.join(dir, 'xdp_load_balancer.pdb'), 'Microsoft C/C++ MSF 7.00');
  return dir;
}

function launchArgs(dir: string): Record<string, unknown> {
  return {
    type: 'ebpf',
    request: 'launch',
    name: 'kernel',
    program: LB,
    platform: 'windows',
    kernelDebug: { driver: path.join(dir, 'xdp_load_balancer.sys'), connection: 'net:port=50000,key=1.2.3.4' },
  };
}

describe('kernelDebug launch mode on a recorded kd transcript', { skip: clangMissing() }, () => {
  it('breakpoint, stack in eBPF terms, registers, step by line and instruction, continue, detach', async () => {
    const dir = driverFolder();
    const kd = replay('xdp-breakpoint.transcript', { PDB_DIR: dir, SRC_DIR: path.dirname(LB) });
    const started: { exe?: string; args?: readonly string[] } = {};
    const dc = await client({
      host: windowsHost,
      windowsIncludeDir: path.join(repoRoot, 'include'),
      spawn: (exe, args) => {
        started.exe = exe;
        started.args = args;
        return kd.process;
      },
    });
    try {
      const firstStop = dc.waitForEvent('stopped');
      await dc.initializeRequest();
      const launched = dc.launch(launchArgs(dir));
      await dc.waitForEvent('initialized');
      const bps = await dc.setBreakpointsRequest({
        source: { path: LB },
        breakpoints: [{ line: 98 }, { line: 96 }],
      });
      await dc.configurationDoneRequest();
      await launched;
      assert.equal(started.exe, KD);
      assert.deepEqual(started.args, ['-k', 'net:port=50000,key=1.2.3.4', '-b', '-lines']);
      const [b98, b96] = [at(bps.body.breakpoints, 0), at(bps.body.breakpoints, 1)];
      assert.equal(b98.verified, true);
      assert.equal(b98.id, 1);
      assert.match(defined(b98.message, 'message'), /^xdp_load_balancer: pc \d+/);
      assert.equal(b96.verified, false);
      assert.match(defined(b96.message, 'message'), /no eBPF instruction .* on line 96/);

      const stop = (await firstStop) as DebugProtocol.StoppedEvent;
      assert.equal(stop.body.reason, 'breakpoint');
      assert.deepEqual(stop.body.hitBreakpointIds, [1]);

      const stack = await dc.stackTraceRequest({ threadId: 1 });
      const frames = stack.body.stackFrames;
      assert.deepEqual(
        frames.map((f) => f.name),
        [
          'xdp/xdp_load_balancer',
          'ebpfcore!ebpf_program_invoke+0x15c',
          'xdpfnmp!XdpInvokeEbpf+0x8a',
          'nt!KiExecuteAllDpcs+0x2d3',
        ],
      );
      // The PDB's C:\src\... path is the launched source on this machine.
      assert.equal(at(frames, 0).source?.path, LB);
      assert.equal(at(frames, 0).line, 98);

      const scopes = await dc.scopesRequest({ frameId: 0 });
      const registers = await dc.variablesRequest({ variablesReference: at(scopes.body.scopes, 0).variablesReference });
      const byName = new Map(registers.body.variables.map((v) => [v.name, v.value]));
      assert.deepEqual([...byName.keys()], ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10']);
      assert.equal(byName.get('r0'), '0x1 (1)');
      assert.equal(byName.get('r1'), '0xffffd5816b2a7100');
      const locals = await dc.variablesRequest({ variablesReference: at(scopes.body.scopes, 1).variablesReference });
      assert.deepEqual(
        locals.body.variables.map((v) => v.name),
        ['context', 'runtime_context', 'stack'],
      );

      const stepped = dc.waitForEvent('stopped');
      await dc.nextRequest({ threadId: 1 });
      assert.equal(((await stepped) as DebugProtocol.StoppedEvent).body.reason, 'step');
      const afterStep = await dc.stackTraceRequest({ threadId: 1 });
      assert.equal(at(afterStep.body.stackFrames, 0).line, 100);

      const instruction = dc.waitForEvent('stopped');
      await dc.nextRequest({ threadId: 1, granularity: 'instruction' });
      assert.equal(((await instruction) as DebugProtocol.StoppedEvent).body.reason, 'step');

      const again = dc.waitForEvent('stopped');
      await dc.continueRequest({ threadId: 1 });
      assert.deepEqual(((await again) as DebugProtocol.StoppedEvent).body.hitBreakpointIds, [1]);

      await dc.disconnectRequest({});
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(kd.mismatches, []);
      assert.deepEqual(kd.remaining(), []);
    } finally {
      await dc.stop().catch(() => undefined);
    }
  });

  it('a target that never answers: the launch fails naming the bcdedit settings', async () => {
    const dir = driverFolder();
    const kd = replay('no-target.transcript');
    const dc = await client({
      host: windowsHost,
      windowsIncludeDir: path.join(repoRoot, 'include'),
      spawn: () => kd.process,
      connectTimeoutMs: 300,
    });
    try {
      await dc.initializeRequest();
      await assert.rejects(
        dc.launch(launchArgs(dir)),
        /kd did not connect to the target within 0 s \(net:port=50000,key=1\.2\.3\.4\).*bcdedit \/dbgsettings net hostip/,
      );
    } finally {
      await dc.stop().catch(() => undefined);
    }
  });
});

describe('kernelDebug launch mode where kd cannot run', () => {
  it('on this machine: one message naming the Debugging Tools, KDNET and test signing', async () => {
    const dc = await client({ host: { ...windowsHost, platform: 'linux', path: path.posix } });
    try {
      await dc.initializeRequest();
      await assert.rejects(dc.launch(launchArgs(driverFolder())), (e: Error) => {
        assert.match(e.message, /kd\.exe, which exists only on Windows; this is linux/);
        assert.match(e.message, /Debugging Tools for Windows/);
        assert.match(e.message, /bcdedit \/set testsigning on/);
        assert.match(e.message, /bcdedit \/debug on/);
        assert.match(e.message, /bcdedit \/dbgsettings net hostip:/);
        assert.ok(!e.message.includes('\n'));
        return true;
      });
    } finally {
      await dc.stop().catch(() => undefined);
    }
  });

  it('a Windows host without kd.exe: where it looked', async () => {
    const dc = await client({ host: { ...windowsHost, isExecutable: () => false } });
    try {
      await dc.initializeRequest();
      await assert.rejects(
        dc.launch(launchArgs(driverFolder())),
        /kd\.exe was not found \(looked on PATH and in C:\\Program Files \(x86\)\\Windows Kits\\10\\Debuggers\\x64\\kd\.exe/,
      );
    } finally {
      await dc.stop().catch(() => undefined);
    }
  });
});
