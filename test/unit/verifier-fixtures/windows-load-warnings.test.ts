// Windows fixtures that PREVAIL passes but that deserve a word: the verdict stays PREVAIL's (the
// fixture and prevail-agreement tests check it), and these tests check the warning that says what
// differs on the real target (the load fails after verification) or on Linux (the kernel refuses).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadObject } from '../../../core/program/loader';
import { windowsProfile } from '../../../core/platform/index';
import { verifyProgram } from '../../../core/verifier/index';
import type { VerificationResult } from '../../../core/verifier/types';
import { clangAvailable, compileFixture, FIXTURE_ROOT, parseFixture } from './fixtures';

const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'windows-load-warnings-'));
after(() => fs.rmSync(outDir, { recursive: true, force: true }));

/** Diagnostics of the program in `section` of a Windows fixture. */
function diagnosticsOf(name: string, section: string): VerificationResult {
  const file = path.join(FIXTURE_ROOT, 'windows', name);
  const fixture = parseFixture(file, fs.readFileSync(file, 'utf8'), 'windows');
  const compiled = compileFixture(fixture, outDir);
  assert.ok(compiled.ok, compiled.stderr);
  const obj = loadObject(new Uint8Array(fs.readFileSync(compiled.objectPath)), {
    platform: windowsProfile,
    fileName: name,
  });
  const program = obj.programs.find((p) => p.section === section);
  assert.ok(program, `${name} has a program in section ${section}`);
  return verifyProgram(program);
}

describe('Windows: PREVAIL passes, the warning says what still goes wrong', () => {
  const clang = clangAvailable();
  let skip: string | undefined;
  before(() => {
    if (!clang.ok) skip = clang.reason;
  });

  it('bpf_redirect_map in a bind program: passes, warns that the load fails', (t) => {
    if (skip) return t.skip(skip);
    const r = diagnosticsOf('bind-redirect-map-unimplemented.c', 'bind');
    assert.equal(r.verdict, 'pass');
    const w = r.diagnostics.find((d) => d.code === 'helper-unavailable');
    assert.equal(w?.severity, 'warning');
    assert.match(w?.message ?? '', /bind extension does not implement it: loading the program fails/);
    assert.equal(w?.location?.line, 17);
  });

  it('an unchecked inner map: passes, warns that it may be NULL and that Linux refuses it', (t) => {
    if (skip) return t.skip(skip);
    const r = diagnosticsOf('mapinmap-inner-unchecked.c', 'xdp');
    assert.equal(r.verdict, 'pass');
    const w = r.diagnostics.find((d) => d.code === 'null-dereference');
    assert.equal(w?.severity, 'warning');
    assert.match(w?.message ?? '', /may be NULL.*the Linux kernel would refuse it/);
  });

  it('a tail call through an unchecked inner program array: passes with the same warning', (t) => {
    if (skip) return t.skip(skip);
    const r = diagnosticsOf('tailcall-inner-prog-array-ok.c', 'bind');
    assert.equal(r.verdict, 'pass');
    assert.equal(r.diagnostics.find((d) => d.code === 'null-dereference')?.severity, 'warning');
  });

  it('an index PREVAIL widens in a safe loop: the error, that Linux accepts it, and the rewrite', (t) => {
    if (skip) return t.skip(skip);
    const r = diagnosticsOf('bind-app-id-loop-prevail-bad.c', 'bind');
    assert.equal(r.verdict, 'fail');
    const error = r.diagnostics.find((d) => d.severity === 'error');
    const info = r.diagnostics.find((d) => d.code === 'platform-difference');
    assert.equal(error?.code, 'map-value-out-of-bounds');
    assert.equal(info?.location?.line, error?.location?.line);
    assert.match(info?.message ?? '', /safe and the Linux kernel.*would accept it.*if \(i >= LEN\) break;/);
  });

  it('an index that really runs past the buffer gets no such note', (t) => {
    if (skip) return t.skip(skip);
    const r = diagnosticsOf('rodata-index-past-end-bad.c', 'bind');
    assert.equal(r.verdict, 'fail');
    assert.equal(
      r.diagnostics.find((d) => d.code === 'platform-difference'),
      undefined,
    );
  });

  it('a called BTF-resolved function is checked against its prototype, quietly', (t) => {
    if (skip) return t.skip(skip);
    const r = diagnosticsOf('btf-resolved-call-ok.c', 'xdp');
    assert.equal(r.verdict, 'pass');
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.code),
      [],
    );
  });
});
