// `ebpf verify`: text and JSON output, section/function selection, exit codes 0/1/2.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processIo, type CliIo } from '../../../cli/io';
import { runCli } from '../../../cli/main';
import { clangMissingReason, REPO_INCLUDE } from '../../support/clang';
import { at } from '../../support/at';

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { ...processIo, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const code = runCli(args, io);
  return { code, stdout, stderr };
}

const SOURCE = `#include "bpf_helpers.h"
#include "xdp_hooks.h"
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, __u32); __type(value, __u64); __uint(max_entries, 8); } counts SEC(".maps");

SEC("xdp/good")
int good(xdp_md_t *ctx)
{
    __u32 key = 0;
    __u64 *v = bpf_map_lookup_elem(&counts, &key);
    if (v)
        *v += 1;
    return XDP_PASS;
}

SEC("xdp/bad")
int bad(xdp_md_t *ctx)
{
    __u32 key = 0;
    __u64 *v = bpf_map_lookup_elem(&counts, &key);
    *v += 1;
    return XDP_PASS;
}
`;

describe('ebpf verify', () => {
  const missing = clangMissingReason();
  let dir = '';
  let obj = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-verify-'));
    if (missing) return;
    fs.writeFileSync(path.join(dir, 'two.c'), SOURCE);
    obj = path.join(dir, 'two.o');
    const r = spawnSync(
      'clang',
      ['-target', 'bpf', '-O2', '-g', '-ffreestanding', '-I', REPO_INCLUDE, '-c', path.join(dir, 'two.c'), '-o', obj],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('text: one line per diagnostic with file:line:col, the condition, PASS/FAIL per program; exit 1 when one fails', (t) => {
    if (missing) return t.skip(missing);
    const r = run(['verify', obj, '--platform', 'windows']);
    assert.equal(r.code, 1, r.stderr);
    const lastDeref = SOURCE.split('\n').lastIndexOf('    *v += 1;') + 1;
    assert.ok(lastDeref > 0);
    assert.match(
      r.stdout,
      new RegExp(`two\\.c:${lastDeref}:\\d+: error\\[null-dereference\\]: \`v\` may be NULL here`),
    );
    assert.match(r.stdout, /condition: \d+: valid_access\(r\d\.offset, width=8\) for read/);
    assert.match(r.stdout, /^PASS xdp\/good\/good/m);
    assert.match(r.stdout, /^FAIL xdp\/bad\/bad/m);
  });

  it('json: programs with section, function, verdict, diagnostics, ms; --section selects; exit 0 when all pass', (t) => {
    if (missing) return t.skip(missing);
    const all = run(['verify', obj, '--platform', 'windows', '--format', 'json']);
    assert.equal(all.code, 1);
    const parsed = JSON.parse(all.stdout) as {
      programs: {
        section: string;
        function: string;
        verdict: string;
        diagnostics: { code: string; severity: string }[];
        ms: number;
      }[];
    };
    assert.deepEqual(
      parsed.programs.map((p) => [p.section, p.function, p.verdict]),
      [
        ['xdp/good', 'good', 'pass'],
        ['xdp/bad', 'bad', 'fail'],
      ],
    );
    assert.ok(parsed.programs.every((p) => typeof p.ms === 'number'));
    assert.equal(
      at(parsed.programs, 1, 'program xdp/bad').diagnostics.find((d) => d.severity === 'error')?.code,
      'null-dereference',
    );
    const good = run(['verify', obj, '--platform', 'windows', '--format', 'json', '--section', 'xdp/good']);
    assert.equal(good.code, 0, good.stderr);
    assert.equal((JSON.parse(good.stdout) as { programs: unknown[] }).programs.length, 1);
  });

  it('--state prints the abstract state of the failing instruction', (t) => {
    if (missing) return t.skip(missing);
    const r = run(['verify', obj, '--platform', 'windows', '--function', 'bad', '--state']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /state before pc \d+:\n\s+r0: map_value_or_null\(counts\) offset 0, size 8/);
  });

  it('--section takes the SECTION/FUNCTION label the listings print, in every command', (t) => {
    if (missing) return t.skip(missing);
    const verify = run(['verify', obj, '--platform', 'windows', '--format', 'json', '--section', 'xdp/bad/bad']);
    const verdicts = (JSON.parse(verify.stdout) as { programs: { function: string }[] }).programs;
    assert.deepEqual(
      verdicts.map((p) => p.function),
      ['bad'],
    );
    const disasm = run(['disasm', obj, '--section', 'xdp/good/good']);
    assert.equal(disasm.code, 0, disasm.stderr);
    assert.match(disasm.stdout, /Disassembly of xdp\/good\/good/);
    assert.doesNotMatch(disasm.stdout, /xdp\/bad/);
    const ran = run(['run', obj, '--platform', 'windows', '--section', 'xdp/good/good', '--packet', '00'.repeat(64)]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, /xdp\/good\/good/);
    // A label with the wrong function still matches nothing.
    assert.equal(run(['verify', obj, '--section', 'xdp/good/bad']).code, 2);
  });

  it('exit 2 for usage errors, unreadable files and unknown programs', (t) => {
    assert.equal(run(['verify']).code, 2);
    assert.equal(run(['verify', path.join(dir, 'missing.o')]).code, 2);
    assert.equal(run(['verify', '--format', 'xml', 'x.o']).code, 2);
    const junk = path.join(dir, 'junk.o');
    fs.writeFileSync(junk, 'not an elf file');
    const r = run(['verify', junk]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /junk\.o/);
    if (missing) return t.skip(missing);
    const none = run(['verify', obj, '--section', 'nope']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no program matches section 'nope'/);
  });

  it('verifies a batch of files and directories in one process, with and without --jobs', (t) => {
    if (missing) return t.skip(missing);
    const batchDir = path.join(dir, 'batch');
    fs.mkdirSync(path.join(batchDir, 'sub'), { recursive: true });
    fs.copyFileSync(obj, path.join(batchDir, 'a.o'));
    fs.copyFileSync(obj, path.join(batchDir, 'sub', 'b.o'));
    fs.writeFileSync(path.join(batchDir, 'sub', 'junk.o'), 'not an elf file');
    const serial = run(['verify', obj, batchDir, '--platform', 'windows']);
    const parallel = run(['verify', obj, batchDir, '--platform', 'windows', '--jobs', '2']);
    for (const r of [serial, parallel]) {
      assert.equal(r.code, 2, r.stderr); // junk.o cannot be loaded
      assert.match(r.stdout, /PASS .*two\.o: xdp\/good\/good/);
      assert.match(r.stdout, /FAIL .*sub\/b\.o: xdp\/bad\/bad/);
      assert.match(r.stdout, /ERROR .*junk\.o/);
      assert.match(r.stdout, /4 files, 6 programs: 3 pass, 3 fail, 1 errors/);
    }
    // Same verdicts, same order, whatever the number of threads.
    const verdicts = (text: string) =>
      text
        .split('\n')
        .filter((l) => /^(PASS|FAIL|ERROR) /.test(l))
        .map((l) => l.replace(/, \d+ ms\)/, ')'));
    assert.deepEqual(verdicts(parallel.stdout), verdicts(serial.stdout));
    const json = run([
      'verify',
      path.join(batchDir, 'a.o'),
      path.join(batchDir, 'sub', 'b.o'),
      '--format',
      'json',
      '--jobs',
      '2',
    ]);
    const parsed = JSON.parse(json.stdout) as { files: { file: string; programs: { verdict: string }[] }[] };
    assert.deepEqual(
      parsed.files.map((f) => [path.basename(f.file), f.programs.map((p) => p.verdict)]),
      [
        ['a.o', ['pass', 'fail']],
        ['b.o', ['pass', 'fail']],
      ],
    );
    assert.equal(run(['verify', obj, '--jobs', '0']).code, 2);
  });
});
