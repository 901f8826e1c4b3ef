// From native addresses back to eBPF programs (core/native/addr/resolve.ts, `ebpf addr2line`):
// - on real Linux runner images built here: every address of every generated function, resolved by
//   us and by llvm-symbolizer itself (its plain text output, read independently), and the
//   instructions compared with the source map's `pc=N` names for that line;
// - on recorded output for a Windows driver with its PDB and a WinDbg `k` (no PE linker here; see
//   test/fixtures/native-addr/README.md).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SourceMapConsumer, type RawSourceMap } from 'source-map';
import { processIo, type CliIo } from '../../../cli/io';
import { runCli } from '../../../cli/main';
import { parseAddressArgument, parseAddressText } from '../../../core/native/addr/query';
import { resolveAddresses, type AddressResolution } from '../../../core/native/addr/resolve';
import { generatedFunctions } from '../../../core/native/addr/generated';
import { locateSymbolizer, parseSymbolizerJson, SymbolizerError } from '../../../core/native/addr/symbolizer';
import { buildRunner } from '../../../core/native/engine/build';
import { generateC, NativeError } from '../../../core/native/generate';
import { nativeSourceMap } from '../../../core/native/sourceMap';
import { nodeHost } from '../../../core/toolchain/compile';
import { loadObject } from '../../../core/program/loader';
import type { Program } from '../../../core/program/types';
import { compileFixture, REPO_ROOT } from '../../support/clang';
import { externalSkip } from '../../support/skip';
import { at, defined } from '../../support/at';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'native-addr');

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { ...processIo, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  return { code: runCli(args, io), stdout, stderr };
}

/** The pcs the BTF line table puts at `line` in [start, end): each pc takes the nearest entry at or before it. */
function pcsOfLineFromBtf(program: Program, start: number, end: number, line: number): number[] {
  const out: number[] = [];
  let current: number | undefined;
  for (const insn of program.instructions) {
    if (insn.pc < start || insn.pc >= end) continue;
    const here = program.lineTable.filter((e) => e.pc === insn.pc).at(-1);
    if (here) current = here.location.line;
    if (current === undefined) current = program.lineTable.find((e) => e.pc >= start)?.location.line;
    if (current === line) out.push(insn.pc);
  }
  return out;
}

function compiled(name: string, dir: 'examples' | 'test/fixtures/programs/windows') {
  return compileFixture(path.join(REPO_ROOT, dir, name), { platform: 'windows' });
}

describe('resolving recorded Windows driver output (PDB through llvm-symbolizer; recorded, not live)', () => {
  it('names the program, line and instructions of a driver RVA; the driver entry is not eBPF; misses say so', (t) => {
    const c = compiled('xdp_load_balancer.c', 'examples');
    if ('skip' in c) return t.skip(c.skip);
    const programs = loadObject(fs.readFileSync(c.objectPath), { fileName: c.objectPath }).programs;
    const output = generateC(programs, { fileName: 'xdp_load_balancer.o', flavour: 'sys' });
    const recorded = fs.readFileSync(path.join(FIXTURES, 'windows-sys-symbolizer.json'), 'utf8');
    const frames = ['xdp_load_balancer+0x1060', 'xdp_load_balancer+0x2000', 'xdp_load_balancer+0x9000'].map((a) =>
      parseAddressArgument(a, 'xdp_load_balancer'),
    );
    const asked: unknown[] = [];
    const results = resolveAddresses({
      frames,
      imageModule: 'xdp_load_balancer',
      generated: { programs, output },
      symbolize: (inputs) => {
        asked.push(...inputs);
        return parseSymbolizerJson(recorded, inputs.length);
      },
    });
    assert.deepEqual(asked, [
      { kind: 'address', address: 0x1060n, relative: true },
      { kind: 'address', address: 0x2000n, relative: true },
      { kind: 'address', address: 0x9000n, relative: true },
    ]);
    const r0 = at(results, 0);
    assert.equal(r0.status, 'resolved');
    assert.deepEqual(r0.program, {
      name: 'xdp_load_balancer',
      section: 'xdp',
      function: 'xdp_load_balancer',
      cFunction: 'xdp_load_balancer',
    });
    // The PDB names C:\src\...; the object was compiled elsewhere: the file name matches.
    const program = at(programs, 0);
    const expected = pcsOfLineFromBtf(program, 0, program.slotCount, 109);
    assert.ok(expected.length > 0);
    assert.deepEqual(
      r0.instructions.map((i) => i.pc),
      expected,
    );
    assert.ok(r0.instructions.every((i) => i.text.length > 0 && i.text !== '<no instruction>'));
    assert.equal(at(results, 1).status, 'not-ebpf');
    assert.match(defined(at(results, 1).message, 'message'), /DriverEntry \(C:\\build\\xdp_load_balancer_km\.c:41\)/);
    assert.equal(at(results, 2).status, 'unresolved');
    assert.match(defined(at(results, 2).message, 'message'), /no function of the image contains offset 0x9000/);
  });

  it('maps a WinDbg k stack back to eBPF programs; other modules and unplaceable frames say why', (t) => {
    const c = compiled('xdp_load_balancer.c', 'examples');
    if ('skip' in c) return t.skip(c.skip);
    const programs = loadObject(fs.readFileSync(c.objectPath), { fileName: c.objectPath }).programs;
    const output = generateC(programs, { fileName: 'xdp_load_balancer.o', flavour: 'sys' });
    const recorded = parseSymbolizerJson(
      fs.readFileSync(path.join(FIXTURES, 'windows-sys-symbolizer.json'), 'utf8'),
      3,
    );
    const frames = parseAddressText(fs.readFileSync(path.join(FIXTURES, 'windbg-k.txt'), 'utf8'), 'xdp_load_balancer');
    const results = resolveAddresses({
      frames,
      imageModule: 'xdp_load_balancer',
      generated: { programs, output },
      // Only frame 02 (xdp_load_balancer+0x1a4f) needs the image: answer it with the driver entry.
      symbolize: (inputs) => {
        assert.deepEqual(inputs, [{ kind: 'address', address: 0x1a4fn, relative: true }]);
        return [at(recorded, 1)];
      },
    });
    assert.deepEqual(
      results.map((r) => [r.frame, r.status, r.via]),
      [
        [0, 'resolved', 'trace'],
        [1, 'other-module', undefined],
        [2, 'not-ebpf', 'image'],
        [3, 'unresolved', undefined],
        [4, 'other-module', undefined],
      ],
    );
    assert.equal(at(results, 0).source?.line, 109);
    assert.equal(at(results, 0).program?.name, 'xdp_load_balancer');
    assert.match(defined(at(results, 3).message, 'message'), /image base/);
  });
});

interface Built {
  readonly runner: string;
  readonly object: string;
  readonly programs: readonly Program[];
}

function buildHere(name: string, dir: 'examples' | 'test/fixtures/programs/windows'): Built | { skip: string } {
  const c = compiled(name, dir);
  if ('skip' in c) return { skip: c.skip };
  try {
    locateSymbolizer(nodeHost());
  } catch (e) {
    if (e instanceof SymbolizerError) return { skip: externalSkip('llvm-symbolizer', 'apt-get install llvm-19') };
    throw e;
  }
  if (spawnSync('nm', ['--version']).error) return { skip: externalSkip('nm', 'apt-get install binutils') };
  const programs = loadObject(fs.readFileSync(c.objectPath), { fileName: c.objectPath }).programs;
  try {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'addr2line-test-'));
    const b = buildRunner(programs, { fileName: c.objectPath, cacheDir });
    return { runner: b.runner, object: c.objectPath, programs };
  } catch (e) {
    if (e instanceof NativeError && /cannot run the C compiler/.test(e.message))
      return { skip: externalSkip('a C compiler (cc)', 'apt-get install gcc') };
    throw e;
  }
}

/** nm -S: the address and size of each text symbol. */
function textSymbols(image: string): Map<string, { address: bigint; size: bigint }> {
  const r = spawnSync('nm', ['-S', image], { encoding: 'utf8' });
  const out = new Map<string, { address: bigint; size: bigint }>();
  for (const line of r.stdout.split('\n')) {
    const m = /^([0-9a-f]+) ([0-9a-f]+) [tT] (\S+)$/.exec(line);
    if (m?.[1] && m[2] && m[3]) out.set(m[3], { address: BigInt('0x' + m[1]), size: BigInt('0x' + m[2]) });
  }
  return out;
}

/** llvm-symbolizer's own plain output: per address, the (function, file, line) frames, innermost first. */
function symbolizerText(image: string, addresses: readonly bigint[]): { fn: string; file: string; line: number }[][] {
  const sym = locateSymbolizer(nodeHost()).path;
  const r = spawnSync(sym, ['--inlining', `--obj=${image}`, ...addresses.map((a) => `0x${a.toString(16)}`)], {
    encoding: 'utf8',
  });
  return r.stdout
    .trim()
    .split(/\n\s*\n/)
    .map((block) => {
      const lines = block.split('\n');
      const frames: { fn: string; file: string; line: number }[] = [];
      for (let i = 0; i + 1 < lines.length; i += 2) {
        const m = /^(.*):(\d+):\d+$/.exec(lines[i + 1] ?? '');
        frames.push({ fn: lines[i] ?? '', file: m?.[1] ?? '', line: Number(m?.[2] ?? 0) });
      }
      return frames;
    });
}

/** The pcs the source map names (`pc=N`) for file:line within the generated lines of `cName`. */
async function sourceMapPcs(code: string, map: string, cName: string, file: string, line: number): Promise<number[]> {
  const lines = code.split('\n');
  const startLine = lines.findIndex((l) => l.startsWith(`${cName}(`)) + 1;
  let endLine = lines.length;
  for (let n = startLine; n < lines.length; n++)
    if (lines[n]?.startsWith('#line __LINE__')) {
      endLine = n + 1;
      break;
    }
  const pcs = new Set<number>();
  await SourceMapConsumer.with(JSON.parse(map) as RawSourceMap, null, (consumer) => {
    consumer.eachMapping((m) => {
      if (m.generatedLine < startLine || m.generatedLine > endLine) return;
      if (m.originalLine !== line || m.source !== file || !m.name) return;
      pcs.add(Number(m.name.replace('pc=', '')));
    });
  });
  return [...pcs].sort((a, b) => a - b);
}

describe('ebpf addr2line on real Linux runner images', () => {
  for (const [name, dir] of [
    ['xdp_load_balancer.c', 'examples'],
    ['calls_globals.c', 'test/fixtures/programs/windows'],
  ] as const) {
    it(`${name}: every 3rd byte of every generated function agrees with llvm-symbolizer and the source map`, async (t) => {
      const b = buildHere(name, dir);
      if ('skip' in b) return t.skip(b.skip);
      const output = generateC(b.programs, { fileName: b.object });
      const map = nativeSourceMap(output, 'out.c');
      const symbols = textSymbols(b.runner);
      const functions = generatedFunctions(output, b.programs);
      const addresses: bigint[] = [];
      for (const fn of functions) {
        const s = symbols.get(fn.cName);
        if (!s) continue; // inlined everywhere: no symbol of its own
        for (let a = s.address; a < s.address + s.size; a += 3n) addresses.push(a);
      }
      assert.ok(addresses.length > 20, `${addresses.length} addresses`);
      const r = run([
        'addr2line',
        b.runner,
        ...addresses.map((a) => `0x${a.toString(16)}`),
        '--object',
        b.object,
        '--json',
      ]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const results = (JSON.parse(r.stdout) as { results: AddressResolution[] }).results;
      const theirs = symbolizerText(b.runner, addresses);
      assert.equal(results.length, addresses.length);
      assert.equal(theirs.length, addresses.length);
      let resolved = 0;
      for (const [i, ours] of results.entries()) {
        const their = at(theirs, i);
        // The same frames as llvm-symbolizer prints (function, file, line), innermost first.
        assert.deepEqual(
          ours.native.map((n) => [n.function, n.file, n.line]),
          their.map((f) => [f.fn, f.file, f.line]),
          ours.input,
        );
        if (ours.status !== 'resolved' || !ours.source || !ours.program) continue;
        resolved++;
        const expected = await sourceMapPcs(
          output.code,
          map,
          ours.program.cFunction,
          ours.source.file,
          ours.source.line,
        );
        assert.deepEqual(
          ours.instructions.map((x) => x.pc),
          expected,
          `${ours.input} ${ours.source.file}:${ours.source.line}`,
        );
      }
      assert.ok(resolved > addresses.length / 2, `${resolved} of ${addresses.length} resolved into programs`);
    });
  }

  it('names the bpf-to-bpf callee inlined into the program, and the runtime as not eBPF', (t) => {
    const b = buildHere('calls_globals.c', 'test/fixtures/programs/windows');
    if ('skip' in b) return t.skip(b.skip);
    const symbols = textSymbols(b.runner);
    const first = defined(symbols.get('first'), 'first');
    const addresses: string[] = [];
    for (let a = first.address; a < first.address + first.size; a += 1n) addresses.push(`0x${a.toString(16)}`);
    const r = run(['addr2line', b.runner, ...addresses, 'main', '--object', b.object, '--json']);
    const results = (JSON.parse(r.stdout) as { results: AddressResolution[] }).results;
    const callees = new Set(results.map((x) => x.program?.function).filter((f) => f !== undefined));
    assert.ok(callees.has('first'));
    // -O2 inlines the static callees; the innermost inlined frame names the eBPF function.
    assert.ok(callees.has('clamp') || callees.has('frame_length'), [...callees].join(', '));
    assert.equal(at(results, -1).status, 'not-ebpf');
    assert.equal(at(results, -1).native[0]?.function, 'main');
  });

  it('prints text by default, and one-line errors for a bad image, address or base', (t) => {
    const b = buildHere('xdp_load_balancer.c', 'examples');
    if ('skip' in b) return t.skip(b.skip);
    const sym = textSymbols(b.runner);
    const lb = defined(sym.get('xdp_load_balancer'), 'xdp_load_balancer');
    const text = run(['addr2line', b.runner, `runner+0x${(lb.address + 0x11n).toString(16)}`, '--object', b.object]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^ {2}program xdp\/xdp_load_balancer \(C function xdp_load_balancer\)$/m);
    assert.match(text.stdout, /^ {2}at .*xdp_load_balancer\.c:\d+/m);
    assert.match(text.stdout, /^ +\d+: /m);
    const noObject = run(['addr2line', b.runner, 'xdp_load_balancer+0x11']);
    assert.match(noObject.stdout, /no-object: give the eBPF object/);
    const based = run(['addr2line', b.runner, '0x555555556811', '--base', '0x555555554000', '--json']);
    assert.equal(based.code, 0);
    assert.equal(
      (JSON.parse(based.stdout) as { results: AddressResolution[] }).results[0]?.native[0]?.function,
      (JSON.parse(run(['addr2line', b.runner, '0x2811', '--json']).stdout) as { results: AddressResolution[] })
        .results[0]?.native[0]?.function,
    );
    for (const [args, message] of [
      [['addr2line', '/nonexistent.sys', '0x10'], /no such image file/],
      [['addr2line', b.runner, 'zz+'], /is not an address/],
      [['addr2line', b.runner, '0x10', '--base', 'xyz'], /--base: 'xyz' is not a hexadecimal address/],
      [['addr2line', b.runner], /give addresses after the image, or --stack/],
      [['addr2line'], /needs the native image/],
    ] as const) {
      const r = run([...args, '--json']);
      assert.equal(r.code, 2, args.join(' '));
      const error = (JSON.parse(r.stdout) as { error: { message: string } }).error;
      assert.match(error.message, message);
    }
  });

  it('--stack reads a pasted gdb backtrace', (t) => {
    const b = buildHere('xdp_load_balancer.c', 'examples');
    if ('skip' in b) return t.skip(b.skip);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'addr2line-stack-')), 'bt.txt');
    fs.writeFileSync(
      file,
      [
        '#0  0x0000555555556811 in xdp_load_balancer (context=0x7ffe, runtime_context=0x0) at /anywhere/xdp_load_balancer.c:98',
        '#1  0x00005555555571e3 in main () at runner.c:200',
        '#2  0x00007ffff7829d90 in __libc_start_call_main () from /lib/x86_64-linux-gnu/libc.so.6',
      ].join('\n'),
    );
    const r = run(['addr2line', b.runner, '--stack', file, '--object', b.object, '--json']);
    assert.equal(r.code, 0, r.stdout);
    const results = (JSON.parse(r.stdout) as { results: AddressResolution[] }).results;
    assert.deepEqual(
      results.map((x) => x.status),
      ['resolved', 'not-ebpf', 'other-module'],
    );
    const program = at(b.programs, 0);
    assert.deepEqual(
      at(results, 0).instructions.map((i) => i.pc),
      pcsOfLineFromBtf(program, 0, program.slotCount, 98),
    );
  });
});
