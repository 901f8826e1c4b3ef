// The suite's Linux expectations checked against the Linux kernel verifier itself: every fixture
// that targets Linux is compiled and loaded with bpftool; the kernel's verdict must equal the
// fixture's `linux=` expectation. This validates the suite, not our engine, so it runs without it.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clangAvailable, compileFixture, loadFixtures } from './fixtures';
import { kernelAvailable, loadIntoKernel } from '../../support/kernel';
import { defined } from '../../support/at';

const fixtures = loadFixtures().filter((f) => f.family === 'linux' && f.expectations.has('linux'));
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verifier-kernel-'));
const lineReport: string[] = [];
let agree = 0;
let total = 0;

describe('kernel agrees with the Linux fixture expectations', () => {
  after(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
    if (total > 0) {
      console.log(`kernel agreement: ${agree}/${total} Linux fixtures`);
      if (lineReport.length > 0)
        console.log(
          `kernel error line differs from the fixture's line (informational, the kernel reports the instruction it stopped at):\n  ${lineReport.join('\n  ')}`,
        );
    }
  });

  it('has Linux fixtures', () => {
    assert.ok(fixtures.length > 0, 'no Linux fixtures found under test/fixtures/verifier/linux');
  });

  for (const fixture of fixtures) {
    it(fixture.id, (t) => {
      const kernel = kernelAvailable();
      if (!kernel.ok) return t.skip(kernel.reason);
      const clang = clangAvailable();
      if (!clang.ok) return t.skip(clang.reason);
      const expected = defined(fixture.expectations.get('linux'), `the linux expectation of ${fixture.id}`);
      total += 1;
      const compiled = compileFixture(fixture, outDir);
      assert.ok(compiled.ok, `clang failed for ${fixture.id}:\n${compiled.stderr}`);
      const result = loadIntoKernel(compiled.objectPath);
      const got = result.accepted ? 'pass' : 'fail';
      if (got === expected.verdict) agree += 1;
      if (
        !result.accepted &&
        expected.verdict === 'fail' &&
        result.error?.line !== undefined &&
        result.error.line !== expected.line
      ) {
        lineReport.push(
          `${fixture.id}: expected line ${expected.line}, kernel stopped at line ${result.error.line} (${result.error.message})`,
        );
      }
      assert.equal(
        got,
        expected.verdict,
        `${fixture.id}: kernel says ${got}, fixture expects linux=${expected.verdict}` +
          (result.accepted
            ? ''
            : `\nkernel error: ${result.error?.message} at line ${result.error?.line}\n${result.log.split('\n').slice(-25).join('\n')}`),
      );
    });
  }
});
