// Our generator against bpf2c's recorded outputs (test/corpus/ebpf-for-windows): for each sample,
// bpf2c's expected `_raw.c` and our `--raw` C for the same object are each linked with the same
// runner; their tables (programs, sections, type GUIDs, instruction counts, helper ids, maps,
// global sections, initial values) and their results on the same inputs must agree.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { convertObject } from '../../../core/native/convert';
import { bindingsC } from '../../../core/native/engine/bindings';
import { nativeInput, parseRunnerOutput } from '../../../core/native/engine/run';
import { windowsProfile } from '../../../core/platform/index';
import { loadObject } from '../../../core/program/loader';
import type { Program } from '../../../core/program/types';
import { at, defined } from '../../support/at';
import {
  buildModuleRunner,
  compileSample,
  corpusSamples,
  isStringSection,
  metadataOf,
  parseMetadata,
  sampleClang,
} from '../../support/bpf2cOracle';

const gccMissing = spawnSync('gcc', ['--version']).status === 0 ? undefined : 'gcc is not installed';
const clang = sampleClang();
const samples = corpusSamples();
const skip =
  gccMissing ?? (clang ? undefined : 'clang is not installed') ?? (samples.length ? undefined : 'corpus missing');

/** A UDP/IPv4 frame for XDP samples (droppacket drops UDP with a zero-length payload check). */
const UDP_FRAME = Buffer.from(
  'ffffffffffff' + '000000000001' + '0800' + '4500001c0000000040110000c0a80001c0a80002' + '04d2162e00080000',
  'hex',
);

function runOn(runner: string, input: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpf2c-run-'));
  try {
    fs.writeFileSync(path.join(dir, 'in.txt'), input);
    const r = spawnSync(runner, [path.join(dir, 'in.txt')], { encoding: 'utf8' });
    if (r.status !== 0 || r.signal) return { crashed: `${r.signal ?? r.status}: ${r.stderr}` };
    return { result: parseRunnerOutput(r.stdout) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function inputFor(programs: readonly Program[], index: number): string {
  const p = at(programs, index, `program ${index}`);
  return nativeInput(programs, index, p.programType?.hasPacket ? { packet: UDP_FRAME } : { ctx: {} });
}

describe('native generator vs bpf2c recorded outputs', { skip }, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bpf2c-oracle-'));
  const table: string[] = [];
  let metadataEqual = 0;
  let runsCompared = 0;
  let runsSkipped = 0;
  let verified = 0;

  for (const sample of samples) {
    it(sample.name, () => {
      const object = compileSample(defined(clang, 'clang'), sample, work);
      const fileName = `${sample.name}.o`;
      const obj = loadObject(fs.readFileSync(object), { fileName, platform: windowsProfile });
      // bpf2c's own test converts the `bpf` sample with --type bind.
      const selection = sample.name === 'bpf' ? { type: 'bind' } : {};
      if (convertObject(obj.programs, { fileName, ...selection }).ok) verified++;
      const converted = convertObject(obj.programs, { fileName, ...selection, skipVerification: true });
      assert.ok(converted.ok);
      const ours = path.join(work, `${sample.name}.c`);
      fs.writeFileSync(ours, converted.output.code);
      const bindings = bindingsC(obj.programs, false);
      const ourRunner = buildModuleRunner(ours, converted.output.prefix, bindings, 'ours', work);
      const theirRunner = buildModuleRunner(sample.expected, converted.output.prefix, bindings, 'bpf2c', work);

      const a = parseMetadata(metadataOf(ourRunner));
      const b = parseMetadata(metadataOf(theirRunner));
      assert.equal(a.version, b.version);
      for (const [name, def] of b.maps) assert.equal(a.maps.get(name), def, `map ${name}`);
      // Ours may have more: inner-map templates (bpf2c names them by BTF id only) and the string
      // sections clang 19 makes (LLVM 18, which made the recorded outputs, built strings on the stack).
      for (const name of a.maps.keys())
        if (!b.maps.has(name))
          assert.ok(name.endsWith('.inner') || isStringSection(name) || /\.rodata$/.test(name), `extra map ${name}`);
      for (const [name, g] of b.globals) assert.equal(a.globals.get(name), g, `global section ${name}`);
      for (const [name, v] of b.initial) assert.equal(a.initial.get(name), v, `initial values of ${name}`);
      assert.deepEqual([...a.programs.keys()].sort(), [...b.programs.keys()].sort());
      for (const [name, p] of b.programs) {
        const q = defined(a.programs.get(name), `program ${name} in ours`);
        for (const k of ['section', 'type', 'attach', 'helpers', 'maps', 'instructions'] as const)
          assert.equal(q[k], p[k], `${name}: ${k}`);
        assert.ok(
          q.pe.length <= 8 && (q.pe === p.pe || (q.pe.includes('~') && p.pe.includes('~'))),
          `${name}: PE section ${q.pe} vs ${p.pe}`,
        );
      }
      metadataEqual++;

      const programs = obj.programs;
      const names = [...b.programs.keys()];
      for (const [i, program] of programs.entries()) {
        if (!names.includes(program.name)) continue;
        const input = inputFor(programs, i);
        const x = runOn(ourRunner, input);
        const y = runOn(theirRunner, input);
        assert.deepEqual(x.crashed !== undefined, y.crashed !== undefined, `${program.name}: crash in one only`);
        if (!x.result || !y.result || x.result.error || y.result.error) {
          runsSkipped++;
          table.push(
            `| ${sample.name} | ${program.name} | not run: ${x.result?.error ?? x.crashed ?? y.result?.error} |`,
          );
          continue;
        }
        assert.equal(x.result.returnValue, y.result.returnValue, `${program.name}: r0`);
        assert.deepEqual(x.result.printk, y.result.printk, `${program.name}: printk`);
        assert.deepEqual(x.result.packet, y.result.packet, `${program.name}: packet`);
        // Maps by name: bpf2c's table order may differ from ours.
        const byName = (r: typeof x.result, md: typeof a) => {
          const mapNames = [...md.maps.keys()];
          return new Map([...r.maps].map(([k, v]) => [mapNames[k], [...v].sort().join(';')]));
        };
        const ma = byName(x.result, a);
        for (const [name, contents] of byName(y.result, b))
          assert.equal(ma.get(name), contents, `${program.name}: map ${name}`);
        runsCompared++;
        table.push(`| ${sample.name} | ${program.name} | r0 ${x.result.returnValue} equal |`);
      }
    });
  }

  it('summary', (t) => {
    t.diagnostic(
      `bpf2c oracle: ${metadataEqual}/${samples.length} samples with equal tables, ${verified} pass our verifier, ${runsCompared} program runs equal, ${runsSkipped} not run`,
    );
    for (const row of table) t.diagnostic(row);
    fs.rmSync(work, { recursive: true, force: true });
    assert.equal(metadataEqual, samples.length);
    assert.ok(runsCompared >= samples.length / 2, `only ${runsCompared} runs compared`);
  });
});
