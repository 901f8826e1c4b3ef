import { describe, it } from 'node:test';
import { APT, externalSkip } from '../../support/skip';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileBuffer, findClang } from '../../../core/toolchain/compile';

const clang = findClang(undefined);
const skip = clang.kind === 'found' ? false : externalSkip('clang', APT.clang);

describe('compileBuffer (runs clang)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-test-'));
  fs.writeFileSync(path.join(dir, 'local.h'), '#define ANSWER 42\n');
  const file = path.join(dir, 'prog.c');

  it('compiles an unsaved buffer whose quoted include sits next to the real file', { skip }, async () => {
    const r = await compileBuffer({
      source: '#include "local.h"\nint f(void) { return ANSWER; }\n',
      filePath: file,
      platform: 'linux',
    });
    assert.equal(r.kind, 'compiled');
    if (r.kind !== 'compiled') return;
    assert.deepEqual([...r.object.slice(0, 4)], [0x7f, 0x45, 0x4c, 0x46]);
    // Debug info names the real file, not the temp copy.
    assert.ok(Buffer.from(r.object).includes(Buffer.from(file)));
  });

  it('reports errors at the real file path and line', { skip }, async () => {
    const r = await compileBuffer({ source: 'int ok;\nint x = ;\n', filePath: file, platform: 'linux' });
    assert.equal(r.kind, 'failed');
    if (r.kind !== 'failed') return;
    const [first] = r.diagnostics;
    assert.equal(first?.file, file);
    assert.equal(first?.line, 2);
    assert.equal(first?.severity, 'error');
  });

  it('is cancelled by an abort signal', { skip }, async () => {
    const ac = new AbortController();
    const p = compileBuffer({
      source: 'int f(void){return 0;}\n',
      filePath: file,
      platform: 'linux',
      signal: ac.signal,
    });
    ac.abort();
    assert.equal((await p).kind, 'cancelled');
  });

  it('returns a structured not-found result for a configured path that does not exist', async () => {
    const r = await compileBuffer({
      source: '',
      filePath: file,
      platform: 'linux',
      clangPath: path.join(dir, 'no-clang'),
    });
    assert.equal(r.kind, 'clang-not-found');
  });
});
