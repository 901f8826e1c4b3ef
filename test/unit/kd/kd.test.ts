// The kd console driver and its pure parts (debug-adapter/kd): command lines, breakpoint
// translation, prompt detection, and kd's answers read from the RECORDED transcript
// (test/fixtures/kd, written from kd's documented output formats; see its README).
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  breakpointCommand,
  clearBreakpointsCommand,
  driverModule,
  frameCommand,
  kdArguments,
  locateKd,
  setupCommands,
  stepCommands,
} from '../../../debug-adapter/kd/commands';
import { KdConsole, KdExitedError, PROMPT, stripEcho, type KdProcess } from '../../../debug-adapter/kd/console';
import { parseKdNumber, parseLocals, parseStack, parseStop } from '../../../debug-adapter/kd/parse';
import { formatRegister, lineBreakpoint, registersFromLocals, translator } from '../../../debug-adapter/kd/translate';
import { generateC } from '../../../core/native/generate';
import { loadObject } from '../../../core/program/loader';
import type { ToolchainHost } from '../../../core/toolchain/locate';
import { compileFixture, REPO_ROOT } from '../../support/clang';
import { readTranscript } from '../../support/kdTranscript';
import { at, defined } from '../../support/at';

function answer(command: string): string {
  const { steps } = readTranscript('xdp-breakpoint.transcript', { PDB_DIR: 'C:\\build', SRC_DIR: 'C:\\src' });
  return defined(
    steps.find((s) => s.command === command),
    command,
  ).output;
}

describe('kd command lines', () => {
  it('connects, breaks in and loads lines; sets symbol and source paths; steps by line', () => {
    assert.deepEqual(kdArguments({ connection: 'net:port=50000,key=1.2.3.4' }), [
      '-k',
      'net:port=50000,key=1.2.3.4',
      '-b',
      '-lines',
    ]);
    assert.deepEqual(setupCommands('C:\\build', ['C:\\src', 'D:\\more']), [
      '.sympath+ C:\\build',
      '.srcpath+ C:\\src;D:\\more',
      '.lines -e',
      'l+t',
      '.reload',
    ]);
    assert.deepEqual(setupCommands('C:\\build', []).includes('.srcpath+ '), false);
    assert.equal(driverModule('C:\\build\\XDP_LB.sys'), 'XDP_LB');
    assert.equal(breakpointCommand(3, 'xdp_lb', 'C:\\src\\xdp_lb.c', 98), 'bu3 `xdp_lb!xdp_lb.c:98`');
    assert.equal(breakpointCommand(12, 'm', '/home/u/p/x.c', 7), 'bu12 `m!x.c:7`');
    assert.equal(clearBreakpointsCommand([1, 2]), 'bc 1 2');
    assert.equal(clearBreakpointsCommand([]), undefined);
    assert.deepEqual(stepCommands('next', 'line'), ['p']);
    assert.deepEqual(stepCommands('stepIn', 'line'), ['t']);
    assert.deepEqual(stepCommands('stepOut', 'instruction'), ['gu']);
    assert.deepEqual(stepCommands('next', 'instruction'), ['l-t', 'p', 'l+t']);
    assert.equal(frameCommand(10), '.frame 0xa');
  });

  it('finds kd.exe in the Debugging Tools folder, the setting first; says what to do when it cannot', () => {
    const kd = 'C:\\Program Files (x86)\\Windows Kits\\10\\Debuggers\\x64\\kd.exe';
    const host = (files: string[], platform = 'win32'): ToolchainHost => ({
      platform,
      path: path.win32,
      env: { Path: 'C:\\Windows', 'ProgramFiles(x86)': 'C:\\Program Files (x86)' },
      isExecutable: (f) => files.includes(f),
      listDir: () => [],
    });
    assert.deepEqual(locateKd(host([kd]), undefined), { kind: 'found', path: kd });
    assert.deepEqual(locateKd(host([kd, 'D:\\dbg\\kd.exe']), 'D:\\dbg\\kd.exe'), {
      kind: 'found',
      path: 'D:\\dbg\\kd.exe',
    });
    const wrong = locateKd(host([kd]), 'D:\\nope\\kd.exe');
    assert.ok(wrong.kind === 'missing' && /ebpf\.windows\.kdPath = "D:\\nope\\kd\.exe"/.test(wrong.message));
    const linux = locateKd(host([], 'linux'), undefined);
    assert.ok(linux.kind === 'missing');
    for (const needed of ['Debugging Tools for Windows', 'testsigning on', '/debug on', '/dbgsettings net hostip:'])
      assert.ok(linux.message.includes(needed), needed);
  });
});

describe('kd console', () => {
  function fake(): { process: KdProcess; written: string[]; say(text: string): void; exit(code: number): void } {
    const out: ((s: string) => void)[] = [];
    const ex: ((c: number | null) => void)[] = [];
    const written: string[] = [];
    return {
      process: {
        write: (t) => written.push(t),
        onOutput: (l) => out.push(l),
        onExit: (l) => ex.push(l),
        kill: () => undefined,
      },
      written,
      say: (t) => out.forEach((l) => l(t)),
      exit: (c) => ex.forEach((l) => l(c)),
    };
  }

  it("recognises kd's and cdb's prompts, only at the end of the output", () => {
    for (const p of ['kd> ', '0: kd> ', '12: kd> ', 'text\n1: kd> ', '0:000> ', '0:000:x86> '])
      assert.ok(PROMPT.test(p), p);
    for (const p of ['0: kd>', 'kd> more', 'the kd> prompt\nmore', 'x kd> ']) assert.ok(!PROMPT.test(p), p);
  });

  it('answers each command with what came before the next prompt, pieces joined, echo removed, in order', async () => {
    const f = fake();
    const kd = new KdConsole(f.process);
    const start = kd.ready();
    f.say('Microsoft (R) Windows Debugger\r\n0: k');
    f.say('d> ');
    assert.match(await start, /^Microsoft \(R\) Windows Debugger\n$/);
    const a = kd.command('kn');
    const b = kd.command('dv');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(f.written, ['kn\n']);
    f.say('kn\n # Child-SP RetAddr Call Site\n0: kd> ');
    assert.equal(await a, ' # Child-SP RetAddr Call Site\n');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(f.written, ['kn\n', 'dv\n']);
    f.say('   r0 = 0n1\n0: kd> ');
    assert.equal(await b, '   r0 = 0n1\n');
    assert.equal(stripEcho('g\nBreakpoint 1 hit\n', 'g'), 'Breakpoint 1 hit\n');
    await assert.rejects(kd.command('a\nb'), /one kd command per line/);
  });

  it('a kd that exits fails the waiting command with what it last said', async () => {
    const f = fake();
    const kd = new KdConsole(f.process);
    const start = kd.ready();
    f.say('Using NET for debugging\nWaiting to reconnect...\n');
    f.exit(1);
    await assert.rejects(
      start,
      (e: unknown) => e instanceof KdExitedError && /code 1.*Waiting to reconnect/.test(e.message),
    );
    assert.ok(kd.exited);
    await assert.rejects(kd.command('g'), KdExitedError);
  });
});

describe("kd's answers (recorded transcript)", () => {
  it('why the target stopped', () => {
    assert.deepEqual(parseStop(answer('g')), { reason: 'breakpoint', breakpoint: 1 });
    assert.deepEqual(parseStop(answer('p')), { reason: 'step' });
    const { start } = readTranscript('xdp-breakpoint.transcript', {});
    assert.deepEqual(parseStop(start), { reason: 'pause' });
    assert.deepEqual(parseStop('Access violation - code c0000005 (!!! second chance !!!)\nxdp_lb!f+0x4:\n'), {
      reason: 'exception',
      text: 'Access violation - code c0000005 (!!! second chance !!!)',
    });
    assert.deepEqual(parseStop('*** Fatal System Error: 0x000000d1\n'), {
      reason: 'exception',
      text: 'bug check 0x000000d1',
    });
  });

  it('locals and numbers', () => {
    const locals = parseLocals(answer('dv'));
    assert.deepEqual(
      locals.map((l) => l.name),
      ['context', 'runtime_context', 'stack', 'r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10'],
    );
    assert.equal(at(locals, 2).value, undefined);
    assert.equal(at(locals, 3).value, 1n);
    assert.equal(parseKdNumber('0n-5'), -5n);
    assert.equal(parseKdNumber('ffffd581`6b2a7100'), 0xffffd5816b2a7100n);
    assert.equal(parseKdNumber('<value unavailable>'), undefined);
    assert.deepEqual(parseLocals('unsigned int64 r3 = 0n42\n'), [{ name: 'r3', text: '0n42', value: 42n }]);
    const regs = registersFromLocals(locals);
    assert.equal(regs.length, 11);
    assert.equal(formatRegister(at(regs, 0)), '0x1 (1)');
    assert.equal(formatRegister({ name: 'r3', value: undefined, text: '<value unavailable>' }), '<value unavailable>');
    assert.equal(formatRegister({ name: 'r3', value: -1n, text: '' }), '0xffffffffffffffff');
  });

  it('the stack', () => {
    const frames = parseStack(answer('kn'), 'xdp_load_balancer');
    assert.deepEqual(
      frames.map((f) => [f.frame, f.module]),
      [
        [0, 'xdp_load_balancer'],
        [1, 'ebpfcore'],
        [2, 'xdpfnmp'],
        [3, 'nt'],
      ],
    );
  });
});

describe('breakpoint translation', () => {
  it('a C line with instructions becomes a deferred source-line breakpoint; one without is refused', (t) => {
    const c = compileFixture(path.join(REPO_ROOT, 'examples', 'xdp_load_balancer.c'), { platform: 'windows' });
    if ('skip' in c) return t.skip(c.skip);
    const programs = loadObject(fs.readFileSync(c.objectPath), { fileName: c.objectPath }).programs;
    const tr = translator(programs, generateC(programs, { fileName: 'xdp_load_balancer.o' }), 'xdp_load_balancer');
    const file = path.join(REPO_ROOT, 'examples', 'xdp_load_balancer.c');
    const ok = lineBreakpoint(tr, 4, file, 98);
    assert.ok(ok.verified);
    assert.equal(ok.command, 'bu4 `xdp_load_balancer!xdp_load_balancer.c:98`');
    assert.deepEqual(ok.programs, ['xdp_load_balancer']);
    const program = at(programs, 0);
    assert.deepEqual(
      ok.pcs,
      program.instructions.filter((i) => program.sourceAt(i.pc)?.line === 98).map((i) => i.pc),
    );
    // A Windows path of the same file name (the PDB's) still matches.
    assert.ok(lineBreakpoint(tr, 5, 'C:\\src\\xdp_load_balancer.c', 98).verified);
    const comment = lineBreakpoint(tr, 6, file, 96);
    assert.ok(!comment.verified && /no eBPF instruction/.test(comment.message));
  });
});
