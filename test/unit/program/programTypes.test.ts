// Program types as loaders set them (issue 14 §1): rules from --type / launch.json / settings,
// inference through a prog array, the unknown-type error on the SEC line, static programs, and a
// program that cannot be linked costing only itself. The Cilium-style object is also checked
// against prevail-windows when the oracle is present.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { linuxProfile, windowsProfile } from '../../../core/platform/index';
import { LoadError } from '../../../core/program/errors';
import { loadObject, type LoadOptions } from '../../../core/program/loader';
import {
  globToRegExp,
  parseProgramTypeRule,
  ruleForSection,
  type ProgramTypeRule,
} from '../../../core/program/programTypes';
import { verifyProgram } from '../../../core/verifier/index';
import { processIo, type CliIo } from '../../../cli/io';
import { runCli } from '../../../cli/main';
import { at, defined } from '../../support/at';
import { compileFixture, REPO_ROOT, type CompiledFixture } from '../../support/clang';
import { missingSharedReason, sharedPath } from '../../support/shared';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'program-types');
const CILIUM = path.join(FIXTURES, 'windows', 'cilium_style.c');
const BROKEN = path.join(FIXTURES, 'linux', 'static_and_broken.c');
const IPROUTE2 = path.join(FIXTURES, 'linux', 'iproute2_slots.c');

function compiled(source: string): CompiledFixture | { skip: string } {
  return compileFixture(source);
}

function load(c: CompiledFixture, options: LoadOptions) {
  return loadObject(c.bytes, { sourceText: fs.readFileSync(c.sourcePath, 'utf8'), fileName: 'x.o', ...options });
}

const rule = (text: string): ProgramTypeRule => parseProgramTypeRule(text, '--type');

describe('program type rules', () => {
  it('parses TYPE and SECTION=TYPE', () => {
    assert.deepEqual(rule('xdp'), { type: 'xdp', origin: '--type' });
    assert.deepEqual(rule('2/*=xdp'), { section: '2/*', type: 'xdp', origin: '--type' });
    assert.throws(() => rule('=xdp'), LoadError);
  });

  it('matches globs and prefers the last section rule over a catch-all', () => {
    assert.ok(globToRegExp('2/*').test('2/15'));
    assert.ok(!globToRegExp('2/*').test('12/1'));
    assert.ok(globToRegExp('xdp?').test('xdp1'));
    assert.ok(globToRegExp('a.b').test('a.b') && !globToRegExp('a.b').test('axb'));
    const rules = [rule('bind'), rule('2/*=xdp'), rule('2/7=sockops')];
    assert.equal(ruleForSection(rules, '2/7')?.type, 'sockops');
    assert.equal(ruleForSection(rules, '2/8')?.type, 'xdp');
    assert.equal(ruleForSection(rules, 'other')?.type, 'bind');
    assert.equal(ruleForSection([], 'other'), undefined);
  });
});

describe('program types in a Cilium-style object (eBPF for Windows)', () => {
  it('without a type: an error on each SEC line naming the ways to set it, never a silent pass', (t) => {
    const c = compiled(CILIUM);
    if ('skip' in c) return t.skip(c.skip);
    const obj = load(c, { platform: windowsProfile });
    assert.deepEqual(
      obj.programs.map((p) => `${p.section}/${p.name}`),
      ['2/7/tail_handle_ipv4', '2/15/tail_handle_ipv6', 'from-netdev/cil_xdp_entry'],
      'every function of a program section is a program, the static one included',
    );
    const source = fs.readFileSync(CILIUM, 'utf8').split('\n');
    for (const p of obj.programs) {
      assert.equal(p.programType, undefined);
      const r = verifyProgram(p);
      assert.equal(r.verdict, 'fail');
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      assert.equal(errors.length, 1);
      const error = at(errors, 0, 'the error');
      assert.equal(error.code, 'unknown-program-type');
      assert.match(error.message, /--type/);
      assert.match(error.message, /programType/);
      assert.match(error.message, /ebpf\.programTypes/);
      const line = error.location?.line ?? 0;
      assert.ok(
        source[line - 1]?.includes(`"${p.section}"`),
        `error on line ${line}, not the SEC line of ${p.section}`,
      );
    }
  });

  it('--type SECTION=TYPE on the entry types the tail-called programs through the prog array', (t) => {
    const c = compiled(CILIUM);
    if ('skip' in c) return t.skip(c.skip);
    const obj = load(c, { platform: windowsProfile, programTypes: [rule('from-netdev=xdp')] });
    for (const p of obj.programs) {
      assert.equal(p.programType?.name, 'xdp', `${p.section}`);
      assert.equal(verifyProgram(p).verdict, 'pass', `${p.section}/${p.name}`);
    }
    const tail = defined(
      obj.programs.find((p) => p.section === '2/15'),
      'program in 2/15',
    );
    assert.deepEqual(tail.programTypeSource, {
      kind: 'tail-call',
      caller: 'from-netdev/cil_xdp_entry',
      map: 'cilium_calls',
    });
    assert.equal(obj.programs.find((p) => p.section === 'from-netdev')?.programTypeSource.kind, 'rule');
  });

  it('--type xdp sets every program; an unknown type name is a load error listing the known ones', (t) => {
    const c = compiled(CILIUM);
    if ('skip' in c) return t.skip(c.skip);
    const obj = load(c, { platform: windowsProfile, programTypes: [rule('xdp')] });
    assert.ok(obj.programs.every((p) => p.programType?.name === 'xdp' && p.programTypeSource.kind === 'rule'));
    assert.throws(
      () => load(c, { platform: windowsProfile, programTypes: [rule('nonsense')] }),
      /unknown program type 'nonsense'.*known: xdp, bind/,
    );
  });

  it('agrees with prevail-windows with and without --type xdp', (t) => {
    const c = compiled(CILIUM);
    if ('skip' in c) return t.skip(c.skip);
    const oracle = sharedPath('oracles/prevail-windows');
    if (!oracle) return t.skip(missingSharedReason('oracles/prevail-windows'));
    const variants: string[][] = [[], ['xdp']];
    for (const types of variants) {
      const args: string[] = [...types.flatMap((x) => ['--type', x]), c.objectPath];
      const stdout: string = spawnSync(oracle, args, { encoding: 'utf8' }).stdout;
      const theirs = stdout
        .trim()
        .split('\n')
        .map((l: string) => l.split('\t'))
        .map((f: string[]) => `${f[2]}/${f[3]}:${f[1] === 'pass' ? 'pass' : 'reject'}`)
        .sort();
      const obj = load(c, { platform: windowsProfile, programTypes: types.map(rule) });
      const ours = obj.programs
        .map((p) => `${p.section}/${p.name}:${verifyProgram(p).verdict === 'pass' ? 'pass' : 'reject'}`)
        .sort();
      assert.deepEqual(ours, theirs, `--type ${types.join(' ') || '(none)'}`);
    }
  });

  it('ebpf verify --type and ebpf info say where the type came from', (t) => {
    const c = compiled(CILIUM);
    if ('skip' in c) return t.skip(c.skip);
    let stdout = '';
    const io: CliIo = { ...processIo, stdout: (s) => (stdout += s), stderr: () => undefined };
    assert.equal(runCli(['verify', c.objectPath, '--type', 'from-netdev=xdp'], io), 0, stdout);
    assert.match(stdout, /PASS 2\/15\/tail_handle_ipv6/);
    stdout = '';
    assert.equal(runCli(['info', c.objectPath, '--type', 'from-netdev=xdp'], io), 0);
    assert.match(stdout, /2\/7\/tail_handle_ipv4: type xdp \(inferred: from-netdev\/cil_xdp_entry tail-calls/);
    stdout = '';
    assert.equal(runCli(['verify', c.objectPath], io), 1);
    assert.match(stdout, /error\[unknown-program-type\]/);
  });
});

describe('iproute2 tail-call sections (Linux, Cilium 1.17)', () => {
  it("an `ID/SLOT` program of the iproute2 program array with that id gets its entry program's type", (t) => {
    const c = compiled(IPROUTE2);
    if ('skip' in c) return t.skip(c.skip);
    const obj = load(c, { platform: linuxProfile });
    const bySection = (s: string) =>
      defined(
        obj.programs.find((p) => p.section === s),
        s,
      );
    assert.equal(obj.maps.find((m) => m.name === 'calls')?.iproute2Id, 2);
    for (const slot of ['2/1', '2/5']) {
      assert.equal(bySection(slot).programType?.name, 'sched_cls', slot);
      assert.deepEqual(bySection(slot).programTypeSource, {
        kind: 'object-entry',
        entry: 'tc/from_netdev',
        map: 'calls',
      });
      assert.equal(verifyProgram(bySection(slot)).verdict, 'pass', slot);
    }
    // No program array has id 3: the loader would not know where `3/1` goes.
    assert.equal(bySection('3/1').programTypeSource.kind, 'unknown');
    let stdout = '';
    const io: CliIo = { ...processIo, stdout: (s) => (stdout += s), stderr: () => undefined };
    runCli(['info', '--platform', 'linux', c.objectPath], io);
    assert.match(
      stdout,
      /2\/5\/policy: type sched_cls \(inferred: section '2\/5' is a slot of the program array 'calls'/,
    );
  });

  it('entry programs of different types leave the slots untyped', (t) => {
    const c = compiled(IPROUTE2);
    if ('skip' in c) return t.skip(c.skip);
    const obj = load(c, { platform: linuxProfile, programTypes: [rule('classifier=xdp')] });
    const slot = obj.programs.find((p) => p.section === '2/1');
    assert.equal(slot?.programTypeSource.kind, 'unknown');
    // A rule on a slot wins over the inference.
    const ruled = load(c, { platform: linuxProfile, programTypes: [rule('2/5=xdp')] });
    assert.equal(ruled.programs.find((p) => p.section === '2/5')?.programType?.name, 'xdp');
    assert.equal(ruled.programs.find((p) => p.section === '2/1')?.programType?.name, 'sched_cls');
  });
});

describe('static programs and programs that cannot be linked (Linux)', () => {
  it('lists the static program with the libbpf warning and keeps the others when one cannot be linked', (t) => {
    const c = compiled(BROKEN);
    if ('skip' in c) return t.skip(c.skip);
    const obj = load(c, { platform: linuxProfile });
    assert.deepEqual(
      obj.programs.map((p) => p.name),
      ['xdp_ok', 'xdp_static'],
    );
    const statik = defined(
      obj.programs.find((p) => p.name === 'xdp_static'),
      'program xdp_static',
    );
    assert.ok(statik.loadWarnings.some((w) => /libbpf refuses it/.test(w)));
    assert.equal(obj.failedPrograms.length, 1);
    const failed = at(obj.failedPrograms, 0, 'the failed program');
    assert.equal(failed.name, 'xdp_broken');
    assert.match(failed.error, /undefined function undefined_helper/);
    for (const p of obj.programs) assert.equal(verifyProgram(p).verdict, 'pass');

    let stdout = '';
    const io: CliIo = { ...processIo, stdout: (s) => (stdout += s), stderr: () => undefined };
    assert.equal(runCli(['verify', c.objectPath], io), 2);
    assert.match(stdout, /PASS xdp\/xdp_ok/);
    assert.match(stdout, /ERROR xdp\/broken\/xdp_broken: cannot be linked/);
    stdout = '';
    assert.equal(runCli(['info', c.objectPath, '--json'], io), 0);
    const info = JSON.parse(stdout) as { programs: unknown[]; failedPrograms: { function: string }[] };
    assert.equal(info.programs.length, 2);
    assert.equal(info.failedPrograms[0]?.function, 'xdp_broken');
    stdout = '';
    assert.equal(runCli(['disasm', c.objectPath], io), 0);
    assert.match(stdout, /xdp_broken: cannot be linked/);
    assert.match(stdout, /Disassembly of xdp\/xdp_ok/);
  });
});
