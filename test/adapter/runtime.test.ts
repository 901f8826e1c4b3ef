// The runtime (no DAP, no clang): a program assembled here, with a synthetic line table, driven
// through stepping, breakpoints, step back, faults, the budget and pause.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assemble } from '../../core/isa/assemble';
import { windowsProfile } from '../../core/platform/index';
import { createProgram } from '../../core/program/fromInstructions';
import type { LoadedObject } from '../../core/program/loader';
import type { LaunchConfig } from '../../debug-adapter/config';
import type { PreparedLaunch } from '../../debug-adapter/launch';
import { EbpfRuntime, hitConditionMet, type StopEvent } from '../../debug-adapter/runtime';
import { at } from '../support/at';

const FILE = '/virtual/prog.s';

/** One source line per instruction (line = pc + 1), like an assembly listing. */
function runtimeFor(
  asm: string,
  config: Partial<LaunchConfig> = {},
  memory = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]),
) {
  const instructions = assemble(asm);
  const program = createProgram({
    section: '.text',
    name: 'main',
    platform: windowsProfile,
    programType: undefined,
    instructions,
    lineTable: instructions.map((i) => ({ pc: i.pc, location: { file: FILE, line: i.pc + 1, column: 1, text: '' } })),
    functions: [
      { name: 'main', startPc: 0, endPc: instructions.reduce((n, i) => n + i.slots, 0), btfId: 0, isEntry: true },
    ],
  });
  const object = {
    platform: windowsProfile,
    platformReason: '',
    programs: [program],
    failedPrograms: [],
    maps: [],
    globals: [],
    sections: [],
    btf: undefined,
    btfExt: undefined,
    lineInfoCount: 0,
    warnings: [],
  } as LoadedObject;
  const prepared: PreparedLaunch = {
    object,
    program,
    programIndex: 0,
    runs: [{ label: 'memory', input: { memory } }],
    maps: undefined,
    sourceFile: undefined,
    notes: [],
    verification: undefined,
  };
  const stops: StopEvent[] = [];
  const output: string[] = [];
  let waiting: ((e: StopEvent | 'terminated') => void) | undefined;
  const rt = new EbpfRuntime(
    prepared,
    { program: FILE, stopOnEntry: true, ...config },
    {
      stopped: (e) => {
        stops.push(e);
        waiting?.(e);
      },
      output: (text) => output.push(text),
      terminated: () => waiting?.('terminated'),
    },
  );
  const next = (): Promise<StopEvent | 'terminated'> => new Promise((r) => (waiting = r));
  return { rt, stops, output, next };
}

const LOOP = `mov %r0, 0
mov %r2, 5
add %r0, %r2
sub %r2, 1
jne %r2, 0, -3
exit`;

describe('runtime: stepping and history', () => {
  it('steps by instruction and steps back, restoring registers', async () => {
    const { rt, stops } = runtimeFor(LOOP);
    rt.start();
    assert.equal(at(stops, 0).reason, 'entry');
    for (let i = 0; i < 4; i++) await rt.step('over', 'instruction');
    assert.equal(rt.execution.pc, 4);
    assert.equal(rt.execution.register(0), 5n);
    assert.equal(rt.execution.register(2), 4n);
    rt.stepBack('instruction');
    rt.stepBack('instruction');
    assert.equal(rt.execution.pc, 2);
    assert.equal(rt.execution.register(0), 0n);
    assert.equal(rt.execution.register(2), 5n);
  });

  it('a conditional line breakpoint stops only when the condition holds; reverse continue finds it again', async () => {
    const { rt, stops, next } = runtimeFor(LOOP);
    const [bp] = rt.setLineBreakpoints(FILE, [{ line: 3, condition: 'r2 == 2' }]);
    assert.equal(bp?.verified, true);
    rt.start();
    let p = next();
    void rt.resume();
    await p;
    assert.equal(at(stops, 1).reason, 'breakpoint');
    assert.equal(rt.execution.register(2), 2n);
    assert.equal(rt.execution.register(0), 5n + 4n + 3n);
    // Move on a little, then go back to the breakpoint.
    await rt.step('over', 'instruction');
    await rt.step('over', 'instruction');
    rt.reverseContinue();
    assert.equal(at(stops, stops.length - 1).reason, 'breakpoint');
    assert.equal(rt.execution.pc, 2);
    assert.equal(rt.execution.register(2), 2n);
    p = next();
    void rt.resume();
    assert.equal(await p, 'terminated');
  });

  it('hit counts and logpoints', async () => {
    const { rt, stops, output, next } = runtimeFor(LOOP, { stopOnEntry: false });
    rt.setLineBreakpoints(FILE, [
      { line: 3, hitCondition: '== 4' },
      { line: 4, logMessage: 'r0={r0} r2={r2}' },
    ]);
    const p = next();
    rt.start();
    await p;
    assert.equal(at(stops, 0).reason, 'breakpoint');
    assert.equal(rt.execution.register(2), 2n, 'the fourth pass has r2 = 2');
    assert.deepEqual(
      output.filter((o) => o.startsWith('r0=')),
      ['r0=5 r2=5\n', 'r0=9 r2=4\n', 'r0=12 r2=3\n'],
    );
    assert.equal(hitConditionMet('>= 2', 1), false);
    assert.equal(hitConditionMet('% 3', 6), true);
    assert.equal(hitConditionMet('7', 7), true);
    assert.throws(() => hitConditionMet('often', 1), /not understood/);
  });

  it('lines without code move forward; past the end they are rejected', () => {
    const { rt } = runtimeFor(LOOP);
    const [a, b] = rt.setLineBreakpoints(FILE, [{ line: 2 }, { line: 40 }]);
    assert.equal(a?.verified, true);
    assert.equal(a?.line, 2);
    assert.equal(b?.verified, false);
    assert.match(b.message ?? '', /no code at or after line 40/);
    const [c] = rt.setLineBreakpoints('/elsewhere/other.c', [{ line: 1 }]);
    assert.equal(c?.verified, false);
    assert.match(c.message ?? '', /no code in the program/);
    const [d] = rt.setLineBreakpoints(FILE, [{ line: 3, condition: 'r1 +' }]);
    assert.equal(d?.verified, false);
    assert.match(d.message ?? '', /condition: the expression is incomplete/);
  });

  it('stepping past the end stops at the exit with the return value; continuing ends the session', async () => {
    const { rt, stops, output, next } = runtimeFor('mov %r0, 7\nexit');
    rt.start();
    await rt.step('over', 'line');
    await rt.step('over', 'line');
    assert.equal(at(stops, stops.length - 1).reason, 'exit');
    assert.match(at(stops, stops.length - 1).description ?? '', /main returned 7/);
    assert.ok(output.some((o) => /main returned 7 after 2 instructions/.test(o)));
    const p = next();
    void rt.resume();
    assert.equal(await p, 'terminated');
  });
});

describe('runtime: faults, budget, pause', () => {
  it('an out-of-bounds read stops with an exception naming the region and offset', async () => {
    const { rt, stops, next } = runtimeFor('ldxw %r0, [%r1+100]\nexit', { stopOnEntry: false });
    const p = next();
    rt.start();
    await p;
    assert.equal(at(stops, 0).reason, 'exception');
    assert.match(at(stops, 0).description ?? '', /Memory fault in memory at offset 100/);
    const info = rt.exceptionInfo();
    assert.equal(info?.id, 'memory-fault');
    assert.equal(info?.region, 'memory');
    assert.equal(info?.offset, 100);
  });

  it('an endless loop stops at the instruction budget', async () => {
    const { rt, stops, next } = runtimeFor('ja -1\nexit', { stopOnEntry: false, budget: 5000 });
    const p = next();
    rt.start();
    await p;
    assert.equal(at(stops, 0).reason, 'exception');
    assert.match(at(stops, 0).description ?? '', /Instruction budget of 5000 exhausted/);
    assert.equal(rt.exceptionInfo()?.id, 'budget-exceeded');
  });

  it('pause interrupts a long run', async () => {
    const { rt, stops, next } = runtimeFor('ja -1\nexit', { stopOnEntry: false, budget: 50_000_000, historyLimit: 0 });
    const p = next();
    rt.start();
    setImmediate(() => rt.pause());
    await p;
    assert.equal(at(stops, 0).reason, 'pause');
    assert.equal(rt.execution.pc, 0);
  });

  it('evaluates memory reads, comparisons and casts against the state', () => {
    const { rt } = runtimeFor(LOOP);
    rt.start();
    assert.equal(rt.evaluate('*(u32*)(r1 + 4)').value, 0x08070605n);
    assert.equal(rt.evaluate('*(u8*)r1 + 1').value, 2n);
    assert.equal(rt.evaluate('((u16*)r1)[1]').value, 0x0403n);
    assert.equal(rt.evaluate('r2 == 8').value, 1n, 'r2 = length of the memory');
    assert.throws(() => rt.evaluate('*(u64*)(r1 + 4)'), /cannot read 8 bytes/);
  });
});
