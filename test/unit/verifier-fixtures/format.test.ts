// The fixture header parser and the kernel log parser, on hand-written inputs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { FIXTURE_ROOT, FixtureFormatError, parseFixture } from './fixtures';
import { parseKernelLog, extractVerifierLog } from '../../support/kernel';

const file = path.join(FIXTURE_ROOT, 'linux', 'x.c');

describe('fixture header parser', () => {
  it('reads verdicts, codes, markers and per-platform overrides', () => {
    const f = parseFixture(
      file,
      [
        '// expect: linux=fail windows=pass',
        '// expect-code: null-dereference',
        '// known-issue-linux: not yet',
        'int x;',
        '  *v = 1; // <-- error',
      ].join('\n'),
      'linux',
    );
    assert.deepEqual(f.expectations.get('linux'), {
      verdict: 'fail',
      code: 'null-dereference',
      line: 5,
      knownIssue: 'not yet',
    });
    assert.deepEqual(f.expectations.get('windows'), {
      verdict: 'pass',
      code: undefined,
      line: undefined,
      knownIssue: undefined,
    });
  });
  it('prefers a platform marker and expect-line', () => {
    const f = parseFixture(
      file,
      [
        '// expect: linux=fail windows=fail',
        '// expect-code: a',
        '// expect-code-windows: b',
        '// expect-line-linux: 9',
        'x; // <-- error(windows)',
      ].join('\n'),
      'linux',
    );
    assert.equal(f.expectations.get('linux')?.line, 9);
    assert.equal(f.expectations.get('windows')?.line, 5);
    assert.equal(f.expectations.get('windows')?.code, 'b');
  });
  it('rejects malformed headers', () => {
    assert.throws(() => parseFixture(file, 'int x;', 'linux'), FixtureFormatError);
    assert.throws(() => parseFixture(file, '// expect: linux=maybe', 'linux'), FixtureFormatError);
    assert.throws(() => parseFixture(file, '// expect: linux=fail\n// expect-code: x', 'linux'), /error line/);
    assert.throws(() => parseFixture(file, '// expect: linux=fail\n// expect-code-mac: x', 'linux'), /unknown key/);
  });
});

describe('kernel log parser', () => {
  const output = [
    "libbpf: prog 'prog': -- BEGIN PROG LOAD LOG --",
    '0: R1=ctx() R10=fp0',
    '; __u64 *v = bpf_map_lookup_elem(&m, &k); @ a.c:7',
    '4: (18) r1 = 0xffff8881043ebc00       ; R1=map_ptr(map=m,ks=4,vs=8)',
    '6: (85) call bpf_map_lookup_elem#1    ; R0=map_value_or_null(id=1,map=m,ks=4,vs=8)',
    '; *v += 1; @ a.c:8',
    '7: (79) r1 = *(u64 *)(r0 +0)',
    "R0 invalid mem access 'map_value_or_null'",
    'processed 7 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0',
    '-- END PROG LOAD LOG --',
    "libbpf: prog 'prog': failed to load: -13",
  ].join('\n');
  it('finds the message, the instruction and the source line of the first error', () => {
    const log = extractVerifierLog(output);
    assert.ok(log.startsWith('0: R1=ctx()'));
    assert.deepEqual(parseKernelLog(log), {
      message: "R0 invalid mem access 'map_value_or_null'",
      insn: 7,
      file: 'a.c',
      line: 8,
      sourceText: '*v += 1;',
    });
  });
  it('returns undefined for an empty log', () => {
    assert.equal(parseKernelLog(''), undefined);
  });
});
