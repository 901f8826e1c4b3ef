// The fixtures' expectations for a Linux loader WITHOUT capabilities, checked against the kernel
// itself: each fixture that says what such a loader gets (`expect-unprivileged`, or a socket
// filter or cgroup_skb program, the types it may load) is loaded program by program as the user
// nobody with every capability dropped. Unprivileged BPF must be enabled for the kernel to answer:
// kernel.unprivileged_bpf_disabled=2 is set to 0 for the run and put back. Like
// kernel-agreement.test.ts, this validates the suite, not our engine (fixtures.test.ts does that).
import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clangAvailable, compileFixture, loadFixtures, unprivilegedExpectation } from './fixtures';
import { kernelEachLoader, loadEachIntoKernel } from '../../support/kernelEach';
import { externalSkip } from '../../support/skip';
import {
  asNobody,
  enableUnprivilegedBpf,
  unprivilegedProbeMissing,
} from '../../../scripts/probe-linux-unprivileged.mjs';

const fixtures = loadFixtures().flatMap((f) => {
  const exp = unprivilegedExpectation(f);
  return exp ? [{ fixture: f, exp }] : [];
});
// Readable by nobody: the loader runs as that user.
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'verifier-unprivileged-'));
fs.chmodSync(outDir, 0o755);
let agree = 0;
let total = 0;

function whyNot(): string | undefined {
  const loader = kernelEachLoader();
  if ('skip' in loader) return loader.skip;
  const missing = unprivilegedProbeMissing();
  if (missing) return externalSkip(missing, 'run the tests as root on a Linux kernel with util-linux');
  const clang = clangAvailable();
  return clang.ok ? undefined : clang.reason;
}

describe('the kernel, for a loader without capabilities, agrees with the fixtures', () => {
  let skip: string | undefined;
  let restore: (() => void) | undefined;
  before(() => {
    skip = whyNot();
    if (skip) return;
    // On for the whole suite, put back in `after` (and by the process exit hook if it dies).
    restore = enableUnprivilegedBpf();
    process.once('exit', () => restore?.());
  });
  after(() => {
    restore?.();
    restore = undefined;
    fs.rmSync(outDir, { recursive: true, force: true });
    if (total > 0) console.log(`kernel agreement, unprivileged loader: ${agree}/${total} fixtures`);
  });

  it('has unprivileged expectations for socket filters, cgroup_skb programs and refused types', () => {
    assert.ok(fixtures.length >= 15, `only ${fixtures.length} fixtures`);
    assert.ok(fixtures.some(({ exp }) => exp.verdict === 'pass'));
    assert.ok(fixtures.some(({ exp }) => exp.code === 'needs-privilege'));
  });

  for (const { fixture, exp } of fixtures) {
    it(`${fixture.id}: ${exp.verdict}`, (t) => {
      if (skip) return t.skip(skip);
      const loader = kernelEachLoader();
      if ('skip' in loader) return t.skip(loader.skip);
      total += 1;
      const compiled = compileFixture(fixture, outDir);
      assert.ok(compiled.ok, `clang failed for ${fixture.id}:\n${compiled.stderr}`);
      fs.chmodSync(compiled.objectPath, 0o644);
      const verdicts = loadEachIntoKernel(loader.loader, compiled.objectPath, asNobody);
      assert.ok(verdicts.length > 0, `${fixture.id}: the loader found no program`);
      const got = verdicts.every((v) => v.accepted) ? 'pass' : 'fail';
      if (got === exp.verdict) agree += 1;
      const why = verdicts.find((v) => !v.accepted);
      assert.equal(
        got,
        exp.verdict,
        `${fixture.id}: the kernel says ${got} for an unprivileged loader${why ? ` (errno ${why.errno}: ${why.log.trim().split('\n').slice(-3).join(' | ')})` : ''}`,
      );
    });
  }
});
