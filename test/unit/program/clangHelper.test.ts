// test/support/clang.ts is shared by every engineer's tests: its caching, failure output and
// skip-when-missing behaviour are tested here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { clangMissingReason, compileFixture, FIXTURE_PROGRAMS, REPO_ROOT } from '../../support/clang';

describe('test/support/clang.ts', () => {
  it('compiles once per content and flags, and recompiles when the source changes', (t) => {
    const missing = clangMissingReason();
    if (missing) return t.skip(missing);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clang-helper-'));
    try {
      const source = path.join(dir, 'tiny.c');
      fs.writeFileSync(source, 'int f(int x) { return x + 1; }\n');
      const first = compileFixture(source, { platform: 'linux' });
      const again = compileFixture(source, { platform: 'linux' });
      assert.ok(!('skip' in first) && !('skip' in again));
      assert.equal(again, first, 'memoised within the process');
      assert.equal(first.bytes[0], 0x7f);
      const v2 = compileFixture(source, { platform: 'linux', cpu: 'v2' });
      assert.ok(!('skip' in v2));
      assert.notEqual(v2.objectPath, first.objectPath, 'flags are part of the key');
      fs.writeFileSync(source, 'int f(int x) { return x + 2; }\n');
      const changed = compileFixture(source, { platform: 'linux' });
      assert.ok(!('skip' in changed));
      assert.notEqual(changed.objectPath, first.objectPath, 'content is part of the key');
      for (const o of [first, v2, changed]) fs.rmSync(o.objectPath, { force: true });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a compile error throws with the command and clang's diagnostics", (t) => {
    const missing = clangMissingReason();
    if (missing) return t.skip(missing);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clang-helper-'));
    try {
      const source = path.join(dir, 'broken.c');
      fs.writeFileSync(source, 'int f(void) { return undeclared_thing; }\n');
      assert.throws(
        () => compileFixture(source, { platform: 'linux' }),
        (e: unknown) =>
          e instanceof Error &&
          /clang failed to compile/.test(e.message) &&
          /undeclared_thing/.test(e.message) &&
          /-target bpf/.test(e.message),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Windows fixtures get -ffreestanding and the repo include/ folder', (t) => {
    const missing = clangMissingReason();
    if (missing) return t.skip(missing);
    const compiled = compileFixture(path.join(FIXTURE_PROGRAMS, 'windows', 'xdp_count.c'));
    assert.ok(!('skip' in compiled));
    assert.equal(compiled.platform, 'windows');
  });

  it('skips with a reason when clang is missing', () => {
    const script = `const c = require(${JSON.stringify(path.join(REPO_ROOT, 'test', 'support', 'clang.ts'))});
      const r = c.compileFixture(${JSON.stringify(path.join(FIXTURE_PROGRAMS, 'linux', 'xdp_count.c'))});
      process.stdout.write(JSON.stringify(r));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, CLANG: '/nonexistent/clang' },
      cwd: REPO_ROOT,
    });
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout) as { skip: string };
    assert.match(result.skip, /^SKIP-EXTERNAL: clang .* is missing \(apt-get install clang/);
  });
});
