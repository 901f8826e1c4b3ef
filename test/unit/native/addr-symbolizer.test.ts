// llvm-symbolizer: where it is found (newest first, as clang), the command lines of a batch, and
// its JSON answers (core/native/addr/symbolizer.ts), on injected hosts and recorded output.
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ToolchainHost } from '../../../core/toolchain/locate';
import {
  locateSymbolizer,
  parseSymbolizerJson,
  symbolizerCommands,
  SymbolizerError,
} from '../../../core/native/addr/symbolizer';
import { REPO_ROOT } from '../../support/clang';
import { at } from '../../support/at';

function host(platform: string, files: readonly string[], env: Record<string, string>): ToolchainHost {
  const p = platform === 'win32' ? path.win32 : path.posix;
  return {
    platform,
    path: p,
    env,
    isExecutable: (f) => files.includes(f),
    listDir: (dir) => files.filter((f) => p.dirname(f) === dir).map((f) => p.basename(f)),
  };
}

describe('locating llvm-symbolizer', () => {
  it('takes the newest versioned one on PATH or in /usr/lib/llvm-N', () => {
    const files = ['/usr/bin/llvm-symbolizer-14', '/usr/bin/llvm-symbolizer-19', '/usr/bin/llvm-symbolizer'];
    assert.equal(locateSymbolizer(host('linux', files, { PATH: '/usr/bin' })).path, '/usr/bin/llvm-symbolizer-19');
    const lib = host('linux', ['/usr/lib/llvm-20/bin/llvm-symbolizer', '/usr/bin/llvm-symbolizer-19'], {
      PATH: '/usr/bin',
    });
    // /usr/lib lists llvm-20 as a folder: make the fake list it.
    const withFolder: ToolchainHost = {
      ...lib,
      listDir: (dir) => (dir === '/usr/lib' ? ['llvm-20'] : lib.listDir(dir)),
    };
    assert.equal(locateSymbolizer(withFolder).path, '/usr/lib/llvm-20/bin/llvm-symbolizer');
    assert.equal(
      locateSymbolizer(host('linux', ['/opt/llvm-symbolizer'], { PATH: '/opt' })).path,
      '/opt/llvm-symbolizer',
    );
  });

  it("finds the LLVM installer's on Windows", () => {
    const exe = 'C:\\Program Files\\LLVM\\bin\\llvm-symbolizer.exe';
    const found = locateSymbolizer(host('win32', [exe], { Path: 'C:\\Windows', ProgramFiles: 'C:\\Program Files' }));
    assert.deepEqual(found, { path: exe, source: 'LLVM installer' });
  });

  it('a configured path is authoritative', () => {
    const h = host('linux', ['/usr/bin/llvm-symbolizer-19', '/x/sym'], { PATH: '/usr/bin' });
    assert.equal(locateSymbolizer(h, '/x/sym').path, '/x/sym');
    assert.throws(() => locateSymbolizer(h, '/nope/sym'), /not found at the configured path "\/nope\/sym"/);
  });

  it('says what to install when there is none', () => {
    assert.throws(
      () => locateSymbolizer(host('linux', [], { PATH: '/usr/bin' })),
      (e: unknown) =>
        e instanceof SymbolizerError &&
        /llvm-symbolizer was not found/.test(e.message) &&
        /apt-get install llvm-19/.test(e.message),
    );
    assert.throws(() => locateSymbolizer(host('win32', [], { Path: 'C:\\x' })), /winget install LLVM\.LLVM/);
  });
});

describe('symbolizer command lines', () => {
  it('runs relative addresses apart, with --relative-address; never asks debuginfod', () => {
    const commands = symbolizerCommands('/img/runner', [
      { kind: 'address', address: 0x2811n, relative: false },
      { kind: 'address', address: 0x1060n, relative: true },
      { kind: 'symbol', symbol: 'first', offset: 0x22n },
    ]);
    assert.deepEqual(commands, [
      {
        args: ['--output-style=JSON', '--inlining', '--no-debuginfod', '--obj=/img/runner', '0x2811', 'first+0x22'],
        indices: [0, 2],
      },
      {
        args: [
          '--output-style=JSON',
          '--inlining',
          '--no-debuginfod',
          '--relative-address',
          '--obj=/img/runner',
          '0x1060',
        ],
        indices: [1],
      },
    ]);
  });
});

describe('symbolizer answers', () => {
  it('reads address answers with inlined frames, symbol answers, and misses', () => {
    const out = JSON.stringify([
      {
        Address: '0x27d2',
        ModuleName: 'runner',
        Symbol: [
          { Column: 8, FileName: '/s/c.c', FunctionName: 'first__clamp', Line: 13, StartAddress: '', StartLine: 0 },
          { Column: 10, FileName: '/s/c.c', FunctionName: 'first', Line: 25, StartAddress: '0x27b0', StartLine: 23 },
        ],
      },
      {
        Loc: [{ Column: 5, FileName: '/s/c.c', FunctionName: 'first', Line: 24, StartAddress: '0x27b0' }],
        SymName: 'first',
      },
      { Loc: [], ModuleName: 'runner', SymName: 'nosuch' },
    ]);
    const answers = parseSymbolizerJson(out, 3);
    const first = at(answers, 0);
    assert.ok(first.ok);
    assert.equal(first.address, 0x27d2n);
    assert.deepEqual(first.frames, [
      { function: 'first__clamp', file: '/s/c.c', line: 13, column: 8 },
      { function: 'first', file: '/s/c.c', line: 25, column: 10, functionStart: 0x27b0n },
    ]);
    const second = at(answers, 1);
    assert.ok(second.ok && second.frames.length === 1);
    assert.deepEqual(at(answers, 2), { ok: true, frames: [] });
  });

  it('reads the recorded answer for a driver with its PDB', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/native-addr/windows-sys-symbolizer.json'), 'utf8');
    const answers = parseSymbolizerJson(text, 3);
    const a = at(answers, 0);
    assert.ok(a.ok);
    assert.equal(at(a.frames, 0).file, 'C:\\src\\ebpf\\examples\\xdp_load_balancer.c');
    const miss = at(answers, 2);
    assert.ok(miss.ok && miss.frames[0]?.function === '??');
  });

  it('spreads one image error over every query, and refuses a short answer', () => {
    const err = '{"Address":"0x0","Error":{"Message":"No such file or directory"},"ModuleName":"/nonexistent"}\n';
    assert.deepEqual(parseSymbolizerJson(err, 2), [
      { ok: false, message: 'No such file or directory' },
      { ok: false, message: 'No such file or directory' },
    ]);
    assert.throws(() => parseSymbolizerJson('[]', 2), /answered 0 of 2 queries/);
  });
});
