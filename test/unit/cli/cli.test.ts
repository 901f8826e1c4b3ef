// The `ebpf` CLI, in-process and as a process, against llvm-objdump on compiled fixtures.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { InfoJson } from '../../../cli/commands/info';
import { processIo, type CliIo } from '../../../cli/io';
import { runCli } from '../../../cli/main';
import { decodeInstructions } from '../../../core/isa/decode';
import { disassembleInstruction } from '../../../core/isa/disassemble';
import { llvm14Divergence } from '../../support/llvm14';
import { compileBpf, llvmMissingReason, makeTempDir, objdump } from '../../support/objdump';
import { at, defined } from '../../support/at';

const REPO = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(REPO, 'test/fixtures/isa');
const BUILDS: ReadonlyArray<{ file: string; flags: string[] }> = [
  { file: 'xdp_parse.c', flags: [] },
  { file: 'xdp_parse.c', flags: ['-mcpu=v3'] },
  { file: 'calls.c', flags: [] },
  { file: 'calls.c', flags: ['-mcpu=v3'] },
  { file: 'alu32.c', flags: ['-mcpu=v2'] },
  { file: 'atomics.c', flags: ['-mcpu=v3'] },
];
// The default is --platform auto; one test also names a platform explicitly.
const PLATFORM: string[] = [];

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { ...processIo, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const code = runCli(args, io);
  return { code, stdout, stderr };
}

describe('ebpf CLI', () => {
  const missing = llvmMissingReason();
  let dir = '';
  const objects: { label: string; path: string }[] = [];
  before(() => {
    dir = makeTempDir('ebpf-cli-');
    if (!missing)
      for (const b of BUILDS)
        objects.push({
          label: `${b.file} ${b.flags.join(' ')}`,
          path: compileBpf(path.join(FIXTURES, b.file), dir, b.flags),
        });
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("info --json agrees with llvm-objdump on every executable section's instruction count", (t) => {
    if (missing) return t.skip(missing);
    for (const o of objects) {
      const r = run(['info', o.path, '--json', ...PLATFORM]);
      assert.equal(r.code, 0, r.stderr);
      const info = JSON.parse(r.stdout) as InfoJson;
      assert.deepEqual(Object.keys(info), [
        'platform',
        'sections',
        'programs',
        'maps',
        'btf',
        'lineInfo',
        'failedPrograms',
      ]);
      const theirs = objdump(o.path).map((s) => ({ name: s.name, instructions: s.insns.length }));
      assert.deepEqual(info.sections, theirs, o.label);
      assert.equal(info.btf, true);
      assert.ok(info.lineInfo > 0, o.label);
      for (const p of info.programs)
        assert.deepEqual(Object.keys(p), ['section', 'function', 'type', 'typeSource', 'typeReason', 'instructions']);
      for (const m of info.maps)
        assert.deepEqual(Object.keys(m), ['name', 'type', 'keySize', 'valueSize', 'maxEntries']);
    }
    // kprobe/ is a Linux-only section: detected as Linux; the explicit option overrides.
    assert.equal((JSON.parse(run(['info', at(objects, 2).path, '--json']).stdout) as InfoJson).platform, 'linux');
    assert.equal(
      (JSON.parse(run(['info', at(objects, 2).path, '--json', '--platform', 'windows']).stdout) as InfoJson).platform,
      'windows',
    );
    assert.match(run(['info', at(objects, 2).path]).stdout, /^platform: .*\(.+\)$/m);
    const xdp = JSON.parse(run(['info', at(objects, 0).path, '--json', ...PLATFORM]).stdout) as InfoJson;
    assert.deepEqual(
      xdp.programs.map((p) => [p.section, p.function, p.type]),
      [['xdp', 'xdp_parse', 'xdp']],
    );
    assert.deepEqual(xdp.maps.map((m) => [m.name, m.type, m.keySize, m.valueSize, m.maxEntries]).sort(), [
      ['bytes_by_source', 'hash', 4, 8, 1024],
      ['proto_count', 'array', 4, 8, 256],
    ]);
  });

  it('disasm prints every entry-function instruction as llvm-objdump does, with map and function names', (t) => {
    if (missing) return t.skip(missing);
    for (const o of objects) {
      const sections = objdump(o.path, ['-r']);
      for (const section of sections.filter((s) => s.name !== '.text')) {
        const r = run(['disasm', o.path, '--section', section.name, ...PLATFORM]);
        assert.equal(r.code, 0, r.stderr);
        // The entry function's lines: after its header, up to the first subprogram header.
        const lines = r.stdout.split('\n');
        const start = lines.findIndex((l) => /^\S+:$/.test(l));
        const rest = lines.slice(start + 1);
        const end = rest.findIndex((l) => l === '' || /^\S+:$/.test(l));
        const ours = rest
          .slice(0, end === -1 ? undefined : end)
          .map((l) => /^\s*(\d+):\t(.*)$/.exec(l))
          .filter((m): m is RegExpExecArray => m !== null);
        assert.equal(ours.length, section.insns.length, `${o.label} ${section.name}: instruction count`);
        section.insns.forEach((theirs, k) => {
          const insn = at(decodeInstructions(theirs.bytes), 0, `${o.label} pc ${theirs.pc}: decoded instruction`);
          const text = defined(at(ours, k)[2], `${o.label} pc ${theirs.pc}: our text`);
          const where = `${o.label} ${section.name} pc ${theirs.pc}`;
          assert.equal(Number(at(ours, k)[1]), theirs.pc, where);
          if (insn.opcode === 0x18 && text !== disassembleInstruction(insn)) {
            assert.match(text, /^r\d+ = [.\w]+(\+\d+)? ll$/, where); // relocated: a map or global-data name
          } else if (insn.opcode === 0x85 && insn.src === 1) {
            assert.match(text, /^call [A-Za-z_]\w*$/, where); // local call by function name
          } else if (llvm14Divergence(insn) === undefined && theirs.text !== '<unknown>') {
            assert.equal(text, theirs.text.replace(/ <[^<>]*>$/, ''), where);
          }
        });
      }
    }
    const xdp = run(['disasm', at(objects, 0).path, ...PLATFORM]).stdout;
    assert.match(xdp, /r1 = proto_count ll/);
    assert.match(xdp, /r1 = bytes_by_source ll/);
    const calls = run(['disasm', at(objects, 2).path, '--function', 'calls', ...PLATFORM]).stdout;
    assert.match(calls, /call mix\n/);
    assert.match(calls, /^mix:$/m);
  });

  it('disasm --source interleaves the C lines from BTF line info', (t) => {
    if (missing) return t.skip(missing);
    const r = run(['disasm', at(objects, 0).path, '--source', ...PLATFORM]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^; .*xdp_parse\.c:\d+$/m);
    assert.match(r.stdout, /^; +if \(\(void \*\)\(eth \+ 1\) > data_end\) return XDP_DROP;$/m);
  });

  it('reports bad input as one line naming the file, exit code 2', () => {
    const bad = path.join(dir || makeTempDir('ebpf-cli-'), 'garbage.o');
    fs.writeFileSync(bad, 'this is not an ELF object at all, just text.............................');
    for (const args of [
      ['info', bad, ...PLATFORM],
      ['disasm', '/nonexistent/x.o', ...PLATFORM],
      ['frob'],
      ['info'],
      ['info', bad, '--platform', 'mars'],
      ['info', bad, '--bogus'],
    ]) {
      const r = run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^ebpf: /);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
    assert.match(run(['info', bad, ...PLATFORM]).stderr, /garbage\.o/);
    assert.match(
      run(['disasm', '/nonexistent/x.o', ...PLATFORM]).stderr,
      /\/nonexistent\/x\.o: cannot read file \(ENOENT\)/,
    );
    assert.match(run(['info', bad, '--debug', ...PLATFORM]).stderr, /\n\s+at /);
    const help = run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: ebpf/);
  });

  it('runs as a process through npx tsx cli/ebpf.ts with the same output', (t) => {
    if (missing) return t.skip(missing);
    const tsx = path.join(REPO, 'node_modules/.bin/tsx');
    const args = [path.join(REPO, 'cli/ebpf.ts'), 'info', at(objects, 0).path, '--json', ...PLATFORM];
    const p = spawnSync(tsx, args, { encoding: 'utf8' });
    assert.equal(p.status, 0, p.stderr);
    assert.equal(p.stdout, run(['info', at(objects, 0).path, '--json', ...PLATFORM]).stdout);
    const bad = spawnSync(tsx, [path.join(REPO, 'cli/ebpf.ts'), 'info', '/nonexistent/x.o', ...PLATFORM], {
      encoding: 'utf8',
    });
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr, 'ebpf: /nonexistent/x.o: cannot read file (ENOENT)\n');
  });
});
