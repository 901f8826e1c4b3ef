// The skip contract of the test suite: a test that lacks an external tool prints one
// SKIP-EXTERNAL line naming it; scripts/test-unit.mjs lists it at the end and, under CI=true,
// fails the run.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { externalSkip, isExternalSkip, SKIP_MARKER } from '../../support/skip';

const root = path.resolve(__dirname, '../../..');
const fixture = path.join('test', 'fixtures', 'skip', 'external.test.ts');

function runUnit(env: Record<string, string | undefined>) {
  // NODE_TEST_CONTEXT would make the child runner believe it is nested in this one and run nothing.
  const { CI: _ci, NODE_TEST_CONTEXT: _ctx, ...rest } = process.env;
  return spawnSync(process.execPath, ['scripts/test-unit.mjs', fixture], {
    cwd: root,
    encoding: 'utf8',
    env: { ...rest, ...env },
  });
}

describe('external skips', () => {
  it('name what is missing and how to get it, behind one marker', () => {
    const reason = externalSkip('clang', 'apt-get install clang');
    assert.equal(reason, `${SKIP_MARKER} clang is missing (apt-get install clang)`);
    assert.ok(isExternalSkip(reason));
    assert.ok(!isExternalSkip('clang is not installed'));
  });

  it('are listed once at the end of a local run, which passes', () => {
    const r = runUnit({});
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const summary = r.stdout.slice(r.stdout.indexOf('--- skipped (tests and suites): 1 ---'));
    assert.match(
      summary,
      /^SKIP-EXTERNAL: no-such-tool is missing \(apt-get install no-such-tool\) {2}\[.*external\.test\.ts\]$/m,
    );
  });

  it('fail the run under CI=true', () => {
    const r = runUnit({ CI: 'true' });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /CI=true and 1 skipped \(tests and suites\); CI must run every suite/);
  });

  it('npm test under CI=true refuses to skip the e2e suite (before running anything)', () => {
    const { NODE_TEST_CONTEXT: _ctx, ...rest } = process.env;
    const r = spawnSync(process.execPath, ['scripts/test-all.mjs', '--skip-e2e'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...rest, CI: 'true' },
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /CI=true but e2e is skipped/);
    assert.doesNotMatch(r.stdout, /=== typecheck ===/);
  });
});
