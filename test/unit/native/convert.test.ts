// `ebpf convert` and the generator's own promises: bpf2c's tables and flavours, `#line` before
// every line of a program function, a source map from C lines to the C source and the pc, cursor
// sync lookups, verification first, and one-line errors.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SourceMapConsumer, type RawSourceMap } from 'source-map';
import { processIo, type CliIo } from '../../../cli/io';
import { runCli } from '../../../cli/main';
import { assemble } from '../../../core/isa/assemble';
import { generateC } from '../../../core/native/generate';
import { generatedLinesFor, sourceFor } from '../../../core/native/sourceMap';
import { linuxProfile } from '../../../core/platform/index';
import { programFromInstructions } from '../../../core/program/fromInstructions';
import { loadObject } from '../../../core/program/loader';
import { at, defined } from '../../support/at';
import { compileFixture, REPO_ROOT } from '../../support/clang';

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { ...processIo, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  return { code: runCli(args, io), stdout, stderr };
}

const example = (name: string) => compileFixture(path.join(REPO_ROOT, 'examples', name), { platform: 'windows' });

describe('ebpf convert', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'convert-test-'));

  it('writes C with #line before every program line and a source map beside it', async (t) => {
    const c = example('bind_monitor.c');
    if ('skip' in c) return t.skip(c.skip);
    const out = path.join(tmp, 'bind_monitor.c');
    const r = run(['convert', c.objectPath, '-o', out, '--hash', 'none']);
    assert.equal(r.code, 0, r.stderr);
    const lines = fs.readFileSync(out, 'utf8').split('\n');
    assert.ok(lines.includes('#include "bpf2c.h"'));
    assert.ok(
      lines.some((l) =>
        /^metadata_table_t bind_monitor-[0-9a-f]+_metadata_table|^metadata_table_t \w+_metadata_table = \{/.test(l),
      ),
    );
    // Inside the program function every statement line is preceded by a #line directive.
    const start = lines.findIndex((l) => l.startsWith('bind_monitor('));
    const end = lines.indexOf('#line __LINE__ __FILE__', start);
    assert.ok(start > 0 && end > start);
    for (let n = start + 1; n < end; n++) {
      const line = at(lines, n);
      if (line === '' || /^label_\d+:$/.test(line) || line.startsWith('#line')) continue;
      assert.match(at(lines, n - 1), /^#line \d+ ".*bind_monitor\.c"$/, `line ${n + 1}: ${line}`);
    }
    const map = JSON.parse(fs.readFileSync(`${out}.map`, 'utf8')) as RawSourceMap;
    assert.equal(map.version, 3);
    assert.ok(map.sources.some((s: string) => s.endsWith('bind_monitor.c')));
    await SourceMapConsumer.with(map, null, (consumer) => {
      const n = lines.findIndex(
        (l, i) => i > start && l.includes('bpf_map_lookup_elem') === false && l.includes('helper_data['),
      );
      const pos = consumer.originalPositionFor({ line: n + 1, column: 0 });
      assert.ok(pos.source?.endsWith('bind_monitor.c'));
      assert.ok((pos.line ?? 0) > 0);
      assert.match(pos.name ?? '', /^pc=\d+$/);
    });
  });

  it('prints the verifier diagnostics and no C when a program is rejected (exit 1)', (t) => {
    const c = example('unsafe.c');
    if ('skip' in c) return t.skip(c.skip);
    const out = path.join(tmp, 'unsafe.c');
    const r = run(['convert', c.objectPath, '-o', out]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unsafe\.c:\d+:\d+: error\[null-dereference\]/);
    assert.match(r.stderr, /verification failed for xdp\/missing_null_check/);
    assert.equal(fs.existsSync(out), false);
  });

  it('--dll and --sys prepend their wrappers; --hash sha256 embeds the object hash', (t) => {
    const c = example('bind_monitor.c');
    if ('skip' in c) return t.skip(c.skip);
    const dll = run(['convert', c.objectPath, '--dll']);
    assert.equal(dll.code, 0);
    assert.match(dll.stdout, /DllMain/);
    assert.match(dll.stdout, /__declspec\(dllexport\) metadata_table_t\*/);
    const sys = run(['convert', c.objectPath, '--sys']);
    assert.match(sys.stdout, /DriverEntry/);
    assert.match(sys.stdout, /NmrRegisterClient/);
    const hashed = run(['convert', c.objectPath]);
    assert.match(hashed.stdout, /static const uint8_t _elf_hash\[\] = \{(\d+, ){31}\d+\};/);
    const none = run(['convert', c.objectPath, '--hash', 'none']);
    assert.match(none.stdout, /\*hash = NULL;/);
  });

  it('one-line errors with exit 2 for bad options', (t) => {
    const c = example('bind_monitor.c');
    if ('skip' in c) return t.skip(c.skip);
    for (const args of [
      ['--raw', '--sys'],
      ['--hash', 'md5'],
      ['--section', 'nope'],
      ['--type', 'not_a_type'],
    ]) {
      const r = run(['convert', c.objectPath, ...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^ebpf: /);
    }
    const missing = run(['convert', path.join(tmp, 'missing.o')]);
    assert.equal(missing.code, 2);
  });
});

describe('generator', () => {
  const program = (text: string) => programFromInstructions(assemble(text), linuxProfile);

  it('division and modulo by zero follow the ISA, signed overflow wraps', () => {
    const c = generateC([program('mov %r0, 7\nmov %r1, 0\ndiv %r0, %r1\nmov %r2, 5\nmod %r2, %r1\nexit')], {
      fileName: 'd.o',
    }).code;
    assert.match(c, /r0 = r1 \? \(r0 \/ r1\) : 0;/);
    assert.match(c, /r2 = r1 \? \(r2 % r1\) : r2;/);
  });

  it('bpf-to-bpf calls become functions with their own stack', () => {
    const insn = (pc: number, opcode: number, dst: number, src: number, imm: number) =>
      ({ pc, opcode, dst, src, offset: 0, imm, slots: 1 }) as const;
    const calls = programFromInstructions(
      [
        insn(0, 0xb7, 1, 0, 1),
        insn(1, 0x85, 0, 1, 1),
        insn(2, 0x95, 0, 0, 0),
        insn(3, 0xbf, 0, 1, 0),
        insn(4, 0x07, 0, 0, 1),
        insn(5, 0x95, 0, 0, 0),
      ],
      linuxProfile,
    );
    const output = generateC([calls], { fileName: 'calls.o' });
    const c = output.code;
    const fns = c.match(/uint64_t stack\[\(UBPF_STACK_SIZE \+ 7\) \/ 8\];/g) ?? [];
    assert.equal(fns.length, 2);
    assert.match(c, /r0 = \w+__subprogram_3\(r1, r2, r3, r4, r5, context, runtime_context\);/);
    // The generator records each function it wrote: name, instructions, and where its text lies.
    assert.deepEqual(
      output.functions.map((f) => [f.ebpfFunction, f.startPc, f.endPc]),
      [
        [calls.name, 0, 3],
        ['subprogram_3', 3, 6],
      ],
    );
    for (const f of output.functions) {
      assert.ok(at(output.lines, f.headLine).text.startsWith(`${f.cName}(`), f.cName);
      assert.equal(at(output.lines, f.lastLine).text, '}');
      const pcs = output.lines.slice(f.headLine, f.lastLine + 1).flatMap((l) => l.pc ?? []);
      assert.ok(
        pcs.every((pc) => pc >= f.startPc && pc < f.endPc),
        `${f.cName} holds only its own instructions`,
      );
    }
  });

  it('cursor sync: C lines for a source line and the source line of a C line', (t) => {
    const c = example('bind_monitor.c');
    if ('skip' in c) return t.skip(c.skip);
    const r = run(['convert', c.objectPath, '--hash', 'none']);
    assert.equal(r.code, 0);
    // Round trip through the generator API on the same object.
    const obj = loadObject(c.bytes, { fileName: 'bind_monitor.o', platform: 'auto' });
    const out = generateC(obj.programs, { fileName: 'bind_monitor.o' });
    const withLine = out.lines.findIndex((l) => l.pc !== undefined && l.location && !l.text.startsWith('#line'));
    const loc = defined(sourceFor(out, withLine + 1), `the source of generated line ${withLine + 1}`);
    assert.ok(loc.line > 0);
    assert.ok(generatedLinesFor(out, loc.file, loc.line).includes(withLine + 1));
  });
});

describe('ebpf run --engine native', () => {
  it('prints what the interpreter prints for the load balancer on sample.pcap', (t) => {
    const c = example('xdp_load_balancer.c');
    if ('skip' in c) return t.skip(c.skip);
    const pcap = path.join(REPO_ROOT, 'examples', 'packets', 'sample.pcap');
    const vm = run(['run', c.objectPath, '--pcap', pcap]);
    const native = run(['run', c.objectPath, '--pcap', pcap, '--engine', 'native']);
    assert.equal(vm.code, 0, vm.stderr);
    assert.equal(native.code, 0, native.stderr);
    // The interpreter also counts instructions and places printk on a source line.
    const normal = (s: string) =>
      s.replace(/ \[\d+ instructions\]| \[native\]/g, '').replace(/ \(xdp_load_balancer\.c:\d+\)/g, '');
    assert.equal(normal(native.stdout), normal(vm.stdout));
    assert.match(native.stdout, /\[native\]/);
    assert.match(native.stdout, /map stats:/);
  });

  it('rejects an unknown engine with one line and exit 2', (t) => {
    const c = compileFixture(path.join(REPO_ROOT, 'test', 'fixtures', 'verifier', 'windows', 'bind-pid-helper-ok.c'), {
      platform: 'windows',
    });
    if ('skip' in c) return t.skip(c.skip);
    const r = run(['run', c.objectPath, '--ctx', '{}', '--engine', 'nope']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown engine 'nope'/);
  });
});
