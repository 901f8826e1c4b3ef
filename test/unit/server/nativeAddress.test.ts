// ebpf/resolveNativeAddress's handler (server/nativeAddress.ts): one `error` sentence for each bad
// input, and a real resolution against a runner built here with the document's programs.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { locateSymbolizer, SymbolizerError } from '../../../core/native/addr/symbolizer';
import { buildRunner } from '../../../core/native/engine/build';
import { NativeError } from '../../../core/native/generate';
import { loadObject } from '../../../core/program/loader';
import { nodeHost } from '../../../core/toolchain/compile';
import { resolveForPrograms } from '../../../server/nativeAddress';
import { compileFixture, REPO_ROOT } from '../../support/clang';
import { externalSkip } from '../../support/skip';
import { at } from '../../support/at';

describe('ebpf/resolveNativeAddress', () => {
  it('answers bad input with one error sentence, never a thrown error', () => {
    const image = process.execPath;
    assert.match(
      String(resolveForPrograms({ image, text: '0x10', base: 'nope' }, undefined, undefined).error),
      /the image base 'nope' is not a hexadecimal address/,
    );
    assert.match(
      String(resolveForPrograms({ image: '/nonexistent/x.sys', text: '0x10' }, undefined, undefined).error),
      /no such image/,
    );
    const bad = resolveForPrograms({ image, text: 'zz+ 0x10' }, undefined, undefined);
    // Without a symbolizer the input is still checked first.
    assert.match(String(bad.error), /'zz\+' is not an address|llvm-symbolizer was not found/);
  });

  it("resolves space-separated addresses and a pasted line against the document's programs", (t) => {
    try {
      locateSymbolizer(nodeHost());
    } catch (e) {
      if (e instanceof SymbolizerError) return t.skip(externalSkip('llvm-symbolizer', 'apt-get install llvm-19'));
      throw e;
    }
    const c = compileFixture(path.join(REPO_ROOT, 'examples', 'xdp_load_balancer.c'), { platform: 'windows' });
    if ('skip' in c) return t.skip(c.skip);
    const programs = loadObject(fs.readFileSync(c.objectPath), { fileName: c.objectPath }).programs;
    let runner: string;
    try {
      runner = buildRunner(programs, {
        fileName: c.objectPath,
        cacheDir: fs.mkdtempSync(path.join(os.tmpdir(), 'native-address-server-')),
      }).runner;
    } catch (e) {
      if (e instanceof NativeError) return t.skip(externalSkip('a C compiler (cc)', 'apt-get install gcc'));
      throw e;
    }
    const r = resolveForPrograms(
      { image: runner, text: 'xdp_load_balancer+0x11, main' },
      programs,
      'xdp_load_balancer.o',
    );
    assert.equal(r.error, undefined);
    assert.deepEqual(
      r.results.map((x) => x.status),
      ['resolved', 'not-ebpf'],
    );
    assert.equal(at(r.results, 0).program?.name, 'xdp_load_balancer');
    assert.ok(at(r.results, 0).instructions.length > 0);
    assert.match(at(r.text, 0), /program xdp\/xdp_load_balancer/);
    const pasted = resolveForPrograms(
      { image: runner, text: './runner(xdp_load_balancer+0x11) [0x555555556811]' },
      programs,
      'xdp_load_balancer.o',
    );
    assert.deepEqual(pasted.results[0]?.source, r.results[0]?.source);
  });
});
