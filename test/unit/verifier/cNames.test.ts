// Verifier messages speak C (core/verifier/cNames.ts): for every message kind a fixture triggers
// where DWARF names the register, stack byte or access, the message says the C name, and no
// message names a register DWARF holds a variable in. The fixtures are the verifier suite's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { variableInRegister } from '../../../core/dwarf/names';
import { linuxProfile, windowsProfile } from '../../../core/platform/index';
import { loadObject } from '../../../core/program/loader';
import { verifyProgram } from '../../../core/verifier/index';
import type { Diagnostic } from '../../../core/verifier/types';
import { defined } from '../../support/at';
import { APT, externalSkip } from '../../support/skip';
import { clangAvailable, compileFixture, loadFixtures, type FixturePlatform } from '../verifier-fixtures/fixtures';

const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnames-'));
after(() => fs.rmSync(outDir, { recursive: true, force: true }));
const fixtures = loadFixtures();

interface Expectation {
  readonly fixture: string;
  readonly platform: FixturePlatform;
  readonly code: string;
  readonly message: RegExp;
  /** The C expression the squiggle covers. */
  readonly expression: string;
}

// One fixture per message kind whose subject DWARF can name (clang 14 as the suite compiles them).
const EXPECTED: readonly Expectation[] = [
  {
    fixture: 'windows/null-lookup-deref-bad.c',
    platform: 'windows',
    code: 'null-dereference',
    message: /^`value` may be NULL here/,
    expression: 'value',
  },
  {
    fixture: 'windows/xdp-eth-no-check-bad.c',
    platform: 'windows',
    code: 'packet-out-of-bounds',
    message: /^reading `eth->h_proto` .* check `\(void \*\)\(eth \+ 1\) > data_end` first$/,
    expression: 'eth->h_proto',
  },
  {
    fixture: 'windows/stack-key-padding-uninit-bad.c',
    platform: 'windows',
    code: 'uninitialized-stack',
    message: /on the stack at fp-8 \(`k\.proto`\), but fp-7 \(`k`\) is not initialised/,
    expression: 'k.proto',
  },
  {
    fixture: 'linux/ctx-xdp-write-bad.c',
    platform: 'linux',
    code: 'context-read-only',
    message: /^`ctx->ingress_ifindex`: `xdp_md\.ingress_ifindex` is read-only/,
    expression: 'ctx->ingress_ifindex',
  },
  {
    fixture: 'windows/xdp-ctx-past-end-bad.c',
    platform: 'windows',
    code: 'context-out-of-bounds',
    message: /outside the 32-byte context \(through `ctx`\)$/,
    expression: 'ctx',
  },
  {
    fixture: 'windows/mapval-const-past-end-bad.c',
    platform: 'windows',
    code: 'map-value-out-of-bounds',
    message: /goes past its end \(through `s`\)$/,
    expression: 's',
  },
  {
    fixture: 'linux/helper-size-too-big-bad.c',
    platform: 'linux',
    code: 'stack-out-of-bounds',
    message: /needs 32 bytes at fp-16 \(`buf\[0\]`\)/,
    expression: 'buf[0]',
  },
  {
    fixture: 'windows/xdp-adjust-head-stale-bad.c',
    platform: 'windows',
    code: 'invalid-pointer-type',
    message: /^`p` was a packet pointer/,
    expression: 'p',
  },
  {
    fixture: 'windows/div-by-pointer-bad.c',
    platform: 'windows',
    code: 'invalid-pointer-arithmetic',
    message: /^`ctx` holds the context pointer where a number is required/,
    expression: 'ctx',
  },
  {
    fixture: 'windows/ptr-compare-different-regions-bad.c',
    platform: 'windows',
    code: 'invalid-pointer-comparison',
    message: /and `data` \(a packet pointer\) cannot be compared/,
    expression: 'data',
  },
  {
    fixture: 'windows/return-pointer-bad.c',
    platform: 'windows',
    code: 'invalid-return-value',
    message: /returns the context pointer in `ctx`/,
    expression: 'ctx',
  },
  {
    fixture: 'windows/ringbuf-output-size-zero-bad.c',
    platform: 'windows',
    code: 'invalid-size',
    message: /^argument 3 of `bpf_ringbuf_output` \(`n`\) is a size that may be zero/,
    expression: 'n',
  },
  {
    fixture: 'linux/tailcall-ctx-not-ctx-bad.c',
    platform: 'linux',
    code: 'helper-argument',
    message: /^argument 1 of `bpf_tail_call` \(`data`\) must be the context pointer/,
    expression: 'data',
  },
  {
    fixture: 'windows/leak-map-update-pointer-value-bad.c',
    platform: 'windows',
    code: 'pointer-leak',
    message: /holds a pointer at fp-16 \(`where`\)/,
    expression: 'where',
  },
  {
    fixture: 'linux/global-rodata-write-bad.c',
    platform: 'linux',
    code: 'read-only-memory',
    message: /^`drop_queue` \(in `\.rodata`\) is read-only/,
    expression: 'drop_queue',
  },
];

/** LLVM keeps a variable "in" a register across inline asm that clobbers it; there the verifier's state wins. */
const ASM_CLOBBERS = new Set(['linux/ptr-32bit-arith-bad.c', 'windows/ptr-compare-different-regions-bad.c']);

function errorsOf(
  id: string,
  platform: FixturePlatform,
): { diagnostics: readonly Diagnostic[]; registerNamed: (d: Diagnostic, r: number) => boolean } {
  const fixture = defined(
    fixtures.find((f) => f.id === id),
    id,
  );
  const compiled = compileFixture(fixture, outDir);
  assert.ok(compiled.ok, compiled.stderr);
  const loaded = loadObject(new Uint8Array(fs.readFileSync(compiled.objectPath)), {
    platform: platform === 'linux' ? linuxProfile : windowsProfile,
  });
  const diagnostics: Diagnostic[] = [];
  const programs = loaded.programs.filter((p) => p.section !== '.text');
  for (const p of programs) diagnostics.push(...verifyProgram(p).diagnostics.filter((d) => d.severity !== 'info'));
  const registerNamed = (d: Diagnostic, r: number): boolean =>
    programs.some((p) => variableInRegister(p.debugFramesAt(d.pc), r) !== undefined);
  return { diagnostics, registerNamed };
}

describe('verifier messages name the C expression from DWARF', () => {
  for (const e of EXPECTED) {
    it(`${e.code}: ${e.fixture}`, (t) => {
      const clang = clangAvailable();
      if (!clang.ok) return t.skip(clang.reason);
      const { diagnostics } = errorsOf(e.fixture, e.platform);
      const d = diagnostics.find((x) => x.code === e.code);
      assert.ok(d, diagnostics.map((x) => `${x.code}: ${x.message}`).join('\n'));
      assert.match(d.message, e.message);
      assert.equal(d.expression, e.expression);
      // The condition keeps PREVAIL's register notation.
      assert.doesNotMatch(d.condition, /`/);
    });
  }

  it('no message names a register DWARF holds a C variable in (every failing fixture of the kinds above)', (t) => {
    const clang = clangAvailable();
    if (!clang.ok) return t.skip(clang.reason);
    const register = /(?<![\w`.-])r(10|[0-9])(?![\w`.]|-r)/g;
    const offenders: string[] = [];
    for (const e of EXPECTED) {
      if (ASM_CLOBBERS.has(e.fixture)) continue;
      const { diagnostics, registerNamed } = errorsOf(e.fixture, e.platform);
      for (const d of diagnostics)
        for (const m of d.message.matchAll(register))
          if (registerNamed(d, Number(m[1]))) offenders.push(`${e.fixture}: ${d.message}`);
    }
    assert.deepEqual(offenders, []);
  });

  it('an access into global data names the global variable (DWARF 5 DW_OP_addrx), the whole one for a variable index', (t) => {
    const clang = clangAvailable();
    if (!clang.ok) return t.skip(clang.reason);
    const { diagnostics } = errorsOf('windows/global-array-unchecked-bad.c', 'windows');
    const d = defined(
      diagnostics.find((x) => x.code === 'map-value-out-of-bounds'),
      'map-value-out-of-bounds',
    );
    assert.match(
      d.message,
      /^reading 8 bytes at offset \[0, \d+\] of `per_proto` in `\.bss` \(32 bytes\) goes past its end/,
    );
  });

  it('without DWARF the message keeps the register (the object carries BTF only)', (t) => {
    const clang = clangAvailable();
    if (!clang.ok) return t.skip(clang.reason);
    const fixture = defined(
      fixtures.find((f) => f.id === 'windows/div-by-pointer-bad.c'),
      'fixture',
    );
    const compiled = compileFixture(fixture, outDir);
    assert.ok(compiled.ok, compiled.stderr);
    // Strip the DWARF sections, keep .BTF/.BTF.ext.
    const stripped = path.join(outDir, 'nodwarf.o');
    const r = spawnSync('llvm-objcopy-19', [
      '--strip-debug',
      '--keep-section=.BTF',
      '--keep-section=.BTF.ext',
      compiled.objectPath,
      stripped,
    ]);
    if (r.error) return t.skip(externalSkip('llvm-objcopy-19', APT.llvm));
    const program = defined(
      loadObject(new Uint8Array(fs.readFileSync(stripped)), { platform: windowsProfile }).programs[0],
      'program',
    );
    assert.equal(program.dwarf, undefined);
    const d = defined(
      verifyProgram(program).diagnostics.find((x) => x.code === 'invalid-pointer-arithmetic'),
      'diagnostic',
    );
    assert.match(d.message, /^r\d holds the context pointer/);
  });
});
