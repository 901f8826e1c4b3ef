// The native engine against the interpreter (and the kernel): the same programs on the same inputs
// must give the same return value, output packet, printk text and map contents. Programs: the
// bpf_conformance suite (raw mode), every verifier fixture and program fixture that passes our
// verifier, and the examples. The generated C must compile without warnings (-Wall -Wextra).
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { decodeInstructions, hexToBytes } from '../../../core/isa/decode';
import { missingHelpers, unsupportedMaps } from '../../../core/native/engine/bindings';
import { buildRunner, type NativeBuild } from '../../../core/native/engine/build';
import { nativeInput, runNative, type NativeRunResult } from '../../../core/native/engine/run';
import { generateC, NativeError } from '../../../core/native/generate';
import { linuxProfile, windowsProfile } from '../../../core/platform/index';
import { programFromInstructions } from '../../../core/program/fromInstructions';
import { loadObject } from '../../../core/program/loader';
import type { Program } from '../../../core/program/types';
import { verifyProgram } from '../../../core/verifier/index';
import { conformancePlatform, runConformance } from '../../../core/vm/conformance';
import type { MapJson } from '../../../core/vm/maps';
import { Vm, type RunInput } from '../../../core/vm/vm';
import { compileFixture as compileProgramFixture, listProgramFixtures, REPO_ROOT } from '../../support/clang';
import { loadConformanceCases } from '../../support/conformance';
import { kernelAvailable, runInKernel, withLoadedObject } from '../../support/kernel';
import { compileFixture, loadFixtures, clangAvailable } from '../verifier-fixtures/fixtures';
import { spawnSync } from 'node:child_process';

const ccMissing = spawnSync(process.env.CC ?? 'cc', ['--version']).status === 0 ? undefined : 'no C compiler (cc)';
const cacheDir = path.join(os.tmpdir(), `vscode-ebpf-native-test-${process.getuid?.() ?? 'u'}`);

/** An Ethernet + IPv4 + UDP frame; XDP/skb programs see it as their packet. */
const UDP_FRAME = hexToBytes(
  '00112233445566778899aabb0800' +
    '4500002e0000400040110000c0a80001c0a80002' +
    '303900350016000068656c6c6f20776f726c64212121',
);

function inputFor(p: Program): RunInput {
  return p.programType?.hasPacket || p.programType?.context.structName === '__sk_buff'
    ? { packet: UDP_FRAME }
    : { ctx: {} };
}

/** Map contents as comparable text: array slots that are all zero are left out (the VM creates them lazily). */
function vmMaps(saved: readonly MapJson[]): Map<number, string> {
  const out = new Map<number, string>();
  saved.forEach((m, i) => {
    if (m.entries === undefined || m.type === 'prog_array') return;
    const rows = m.entries
      .map((e) => [e.key, e.value ?? e.values?.[0] ?? ''] as const)
      .filter(([, v]) => /[^0]/.test(v))
      .map(([k, v]) => `${k}=${v}`)
      .sort();
    out.set(i, rows.join(' '));
  });
  return out;
}

function nativeMaps(r: NativeRunResult, saved: readonly MapJson[]): Map<number, string> {
  const out = new Map<number, string>();
  saved.forEach((m, i) => {
    if (m.entries === undefined || m.type === 'prog_array') return;
    const rows = [...(r.maps.get(i) ?? new Map<string, string>())]
      .filter(([, v]) => /[^0]/.test(v))
      .map(([k, v]) => `${k}=${v}`)
      .sort();
    out.set(i, rows.join(' '));
  });
  return out;
}

function warningsInGenerated(build: NativeBuild): string[] {
  const name = path.basename(build.cFile);
  return build.warnings.split('\n').filter((l) => l.includes(name) && /warning:/.test(l));
}

/**
 * Programs whose observable results are addresses, uninitialised stack or the clock: the two
 * engines lay memory out differently and keep their own time, so equal results are not expected.
 */
const ADDRESS_OR_TIME_DEPENDENT: Readonly<Record<string, string>> = {
  'linux/leak-map-update-stack-pointer.c': 'stores a stack address in a map',
  'linux/printk-pointer-arg.c': 'prints the ctx address',
  'linux/ptr-compare-different-regions.c': 'compares addresses of two regions',
  'linux/return-pointer-xdp.c': 'returns an address',
  'linux/stack-uninit-read-asm.c': 'reads uninitialised stack',
  'windows/bind-pid-helper-ok.c': 'stores bpf_ktime_get_ns',
};

interface Outcome {
  compared: number;
  skipped: Map<string, number>;
  failures: string[];
}

function note(o: Outcome, reason: string): void {
  o.skipped.set(reason, (o.skipped.get(reason) ?? 0) + 1);
}

/** Compare VM and native on every verified program of one object. */
function compareObject(label: string, programs: readonly Program[], o: Outcome): void {
  const eligible = programs
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => {
      if (!p.programType) return (note(o, 'no program type'), false);
      if (verifyProgram(p, { keepStates: false }).verdict !== 'pass') return (note(o, 'fails verification'), false);
      return true;
    });
  if (eligible.length === 0) return;
  const missing = missingHelpers(eligible.map((e) => e.p));
  if (missing.length > 0) return void note(o, `helper not in the native runtime (${missing.join(', ')})`);
  const maps = unsupportedMaps(programs);
  if (maps.length > 0) return void note(o, `map kind not in the native runtime (${maps.join(', ')})`);
  const why = ADDRESS_OR_TIME_DEPENDENT[label];
  if (why) return void note(o, `${label}: ${why}`);
  let build: NativeBuild;
  try {
    build = buildRunner(programs, { fileName: `${label.replace(/[^A-Za-z0-9_]/g, '_')}.o`, cacheDir });
  } catch (e) {
    if (e instanceof NativeError && /cannot convert/.test(e.message))
      return void note(o, e.message.replace(/^.*cannot convert /, 'cannot convert '));
    o.failures.push(`${label}: ${(e as Error).message.slice(0, 500)}`);
    return;
  }
  const warnings = warningsInGenerated(build);
  if (warnings.length > 0) o.failures.push(`${label}: warnings in generated C:\n${warnings.slice(0, 5).join('\n')}`);
  for (const { p, i } of eligible) {
    const input = inputFor(p);
    const vm = new Vm(programs, { seed: 1 });
    const before = vm.saveMaps();
    const expected = vm.run(input, i);
    if (expected.error) {
      note(o, 'the interpreter stops with an error');
      continue;
    }
    const actual = runNative(build, nativeInput(programs, i, input, before));
    const where = `${label} ${p.section}/${p.name}`;
    if (actual.error) {
      o.failures.push(`${where}: native error ${actual.error}`);
      continue;
    }
    const problems: string[] = [];
    if (actual.returnValue !== expected.returnValue)
      problems.push(`r0 ${actual.returnValue} vs ${expected.returnValue}`);
    const vp = expected.packet ? Buffer.from(expected.packet).toString('hex') : '';
    const np = actual.packet ? Buffer.from(actual.packet).toString('hex') : '';
    if (expected.packet && vp !== np) problems.push(`packet ${np} vs ${vp}`);
    const vt = expected.printk.map((e) => e.text ?? '').join('|');
    if (actual.printk.join('|') !== vt)
      problems.push(`printk ${JSON.stringify(actual.printk)} vs ${JSON.stringify(vt)}`);
    const after = vm.saveMaps();
    const a = nativeMaps(actual, after);
    for (const [m, rows] of vmMaps(after))
      if (a.get(m) !== rows) problems.push(`map ${after[m]?.name ?? m}: ${a.get(m)} vs ${rows}`);
    if (problems.length) o.failures.push(`${where}: ${problems.join('; ')}`);
    else o.compared++;
  }
}

function report(t: { diagnostic(s: string): void }, what: string, o: Outcome): void {
  t.diagnostic(`${what}: ${o.compared} programs equal, ${o.failures.length} differ`);
  for (const [reason, n] of o.skipped) t.diagnostic(`  not compared (${n}): ${reason}`);
}

describe('native engine vs interpreter', { skip: ccMissing }, () => {
  it('bpf_conformance: every case the decoder and generator accept gives the interpreter r0', (t) => {
    const suite = loadConformanceCases();
    if ('skip' in suite) return t.skip(suite.skip);
    const cases = suite.cases;
    const todo: { name: string; program: Program; memory: string; r0: bigint }[] = [];
    const skipped: string[] = [];
    for (const c of cases) {
      let r0: bigint;
      try {
        r0 = runConformance(c.program, c.memory).r0;
      } catch {
        skipped.push(`${c.name} (the interpreter rejects it)`);
        continue;
      }
      const program = programFromInstructions(decodeInstructions(hexToBytes(c.program)), conformancePlatform);
      try {
        generateC([program], { fileName: 'case.o' });
      } catch (e) {
        skipped.push(`${c.name} (${(e as Error).message.replace(/^.*cannot convert /, '')})`);
        continue;
      }
      todo.push({ name: c.name, program, memory: c.memory, r0 });
    }
    const programs = todo.map((x) => x.program);
    const build = buildRunner(programs, { fileName: 'conformance.o', conformance: true, cacheDir });
    assert.deepEqual(warningsInGenerated(build), []);
    const failures: string[] = [];
    todo.forEach((x, i) => {
      const memory = x.memory.trim() ? hexToBytes(x.memory) : undefined;
      const r = runNative(build, nativeInput(programs, i, memory ? { memory } : {}, undefined, true));
      if (r.returnValue !== x.r0)
        failures.push(`${x.name}: native 0x${r.returnValue.toString(16)}, interpreter 0x${x.r0.toString(16)}`);
    });
    t.diagnostic(
      `conformance: ${todo.length - failures.length}/${cases.length} equal; not converted: ${skipped.join(', ')}`,
    );
    assert.deepEqual(failures, []);
    // Only callx (a call through a register, a conformance-suite extension) has no C form.
    assert.ok(
      skipped.every((s) => /callx/.test(s)),
      skipped.join('; '),
    );
  });

  it('verifier fixtures, program fixtures and examples that pass verification', (t) => {
    const clang = clangAvailable();
    if (!clang.ok) return t.skip(clang.reason);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'native-fixtures-'));
    const o: Outcome = { compared: 0, skipped: new Map(), failures: [] };
    try {
      for (const f of loadFixtures()) {
        const c = compileFixture(f, out);
        if (!c.ok) continue;
        const platform = f.family === 'windows' ? windowsProfile : linuxProfile;
        compareObject(f.id, loadObject(fs.readFileSync(c.objectPath), { fileName: f.id, platform }).programs, o);
      }
      const examples = ['bind_monitor.c', 'xdp_load_balancer.c', 'linux_xdp_counter.c'].map((e) =>
        path.join(REPO_ROOT, 'examples', e),
      );
      for (const file of [...listProgramFixtures(), ...examples]) {
        const linux = path.basename(file).startsWith('linux') || file.includes(`${path.sep}linux${path.sep}`);
        const c = compileProgramFixture(file, { platform: linux ? 'linux' : 'windows' });
        if ('skip' in c) continue;
        const platform = c.platform === 'windows' ? windowsProfile : linuxProfile;
        const label = path.relative(REPO_ROOT, file);
        compareObject(label, loadObject(c.bytes, { fileName: label, platform }).programs, o);
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
    report(t, 'fixtures and examples', o);
    assert.deepEqual(o.failures, []);
    assert.ok(o.compared >= 50, `only ${o.compared} programs compared`);
  });
});

describe('native engine vs the Linux kernel (BPF_PROG_TEST_RUN)', { skip: ccMissing }, () => {
  it('XDP fixtures the kernel accepts: same return value and packet', (t) => {
    const k = kernelAvailable();
    if (!k.ok) return t.skip(k.reason);
    const clang = clangAvailable();
    if (!clang.ok) return t.skip(clang.reason);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'native-kernel-'));
    let compared = 0;
    const failures: string[] = [];
    try {
      const files = [
        ...loadFixtures()
          .filter((f) => f.family === 'linux')
          .map((f) => ({ id: f.id, fixture: f })),
        { id: 'examples/linux_xdp_counter.c', fixture: undefined },
      ];
      for (const { id, fixture } of files) {
        let objectPath: string;
        if (fixture) {
          const c = compileFixture(fixture, out);
          if (!c.ok) continue;
          objectPath = c.objectPath;
        } else {
          const c = compileProgramFixture(path.join(REPO_ROOT, id), { platform: 'linux' });
          if ('skip' in c) continue;
          objectPath = c.objectPath;
        }
        const programs = loadObject(fs.readFileSync(objectPath), { fileName: id, platform: linuxProfile }).programs;
        // bpftool pins the object's first program.
        const first = programs[0];
        if (!first || first.programType?.name !== 'xdp' || programs.length !== 1 || ADDRESS_OR_TIME_DEPENDENT[id])
          continue;
        if (unsupportedMaps(programs).length > 0) continue;
        if (verifyProgram(first, { keepStates: false }).verdict !== 'pass' || missingHelpers([first]).length > 0)
          continue;
        let build: NativeBuild;
        try {
          build = buildRunner(programs, { fileName: 'kernel_case.o', cacheDir });
        } catch (e) {
          if (e instanceof NativeError) continue;
          throw e;
        }
        const run = withLoadedObject(objectPath, {}, (pin) => runInKernel(pin, UDP_FRAME));
        if (!run.value) continue;
        const native = runNative(build, nativeInput(programs, 0, { packet: UDP_FRAME }, []));
        const kp = Buffer.from(run.value.dataOut).toString('hex');
        const np = native.packet ? Buffer.from(native.packet).toString('hex') : '';
        if (BigInt(run.value.retval) !== native.returnValue || kp !== np)
          failures.push(
            `${id}: kernel r0 ${run.value.retval} packet ${kp}; native r0 ${native.returnValue} packet ${np}`,
          );
        else compared++;
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
    t.diagnostic(`kernel: ${compared} XDP programs equal, ${failures.length} differ`);
    for (const f of failures) t.diagnostic(f);
    assert.deepEqual(failures, []);
    assert.ok(compared >= 1);
  });
});
