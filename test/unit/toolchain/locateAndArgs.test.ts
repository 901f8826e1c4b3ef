import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { locateClang } from '../../../core/toolchain/locate';
import { buildCompileArgs } from '../../../core/toolchain/args';
import {
  findEntry,
  parseCompileCommands,
  relevantFlags,
  splitCommandLine,
  CompileCommandsError,
} from '../../../core/toolchain/compileCommands';

describe('locateClang', () => {
  it('falls back from clang to versioned names on PATH', () => {
    const seen: string[] = [];
    const r = locateClang(
      { hostPlatform: 'linux' },
      (n) => (seen.push(n), n === 'clang-15' ? '/usr/bin/clang-15' : undefined),
    );
    assert.deepEqual(r, { kind: 'found', path: '/usr/bin/clang-15' });
    assert.deepEqual(seen, ['clang', 'clang-16', 'clang-15']);
  });
  it('treats a configured path as authoritative and explains how to install', () => {
    const r = locateClang({ hostPlatform: 'win32', configuredPath: 'C:\\nope\\clang.exe' }, (n) =>
      n === 'clang' ? '/usr/bin/clang' : undefined,
    );
    assert.equal(r.kind, 'clang-not-found');
    if (r.kind !== 'clang-not-found') return;
    assert.deepEqual(r.tried, ['C:\\nope\\clang.exe']);
    assert.match(r.installAdvice, /winget install LLVM\.LLVM/);
    assert.match(locateClang({ hostPlatform: 'linux' }, () => undefined).kind === 'clang-not-found' ? 'ok' : '', /ok/);
  });
});

describe('buildCompileArgs', () => {
  const base = {
    inputFile: '/tmp/t1/prog.c',
    outputFile: '/tmp/t1/out.o',
    sourceDir: '/ws/src',
    tempDir: '/tmp/t1',
    includePaths: ['/ws/inc'],
    extraArgs: ['-DDEBUG'],
    compileCommandFlags: ['-DFROM_DB'],
  };
  it('targets bpf with debug info, resolves quoted includes next to the real file and maps debug paths back', () => {
    const a = buildCompileArgs({ ...base, platform: 'linux', linuxArchIncludeDir: '/usr/include/x86_64-linux-gnu' });
    assert.deepEqual(a.slice(0, 5), ['-target', 'bpf', '-O2', '-g', '-c']);
    assert.ok(a.join(' ').includes('-iquote /ws/src'));
    assert.ok(a.includes('-fdebug-prefix-map=/tmp/t1=/ws/src'));
    assert.ok(a.join(' ').includes('-I /usr/include/x86_64-linux-gnu'));
    assert.ok(!a.includes('-ffreestanding'));
    assert.ok(a.indexOf('-DFROM_DB') < a.indexOf('-DDEBUG'), 'settings come after the database so they win');
    assert.deepEqual(a.slice(-5), ['-x', 'c', '/tmp/t1/prog.c', '-o', '/tmp/t1/out.o']);
  });
  it('adds -ffreestanding and the extension include folder for Windows', () => {
    const a = buildCompileArgs({ ...base, platform: 'windows', extensionIncludeDir: '/ext/include' });
    assert.ok(a.includes('-ffreestanding'));
    assert.ok(a.join(' ').includes('-I /ext/include'));
  });
});

describe('compile_commands.json', () => {
  it('splits quoted command lines', () => {
    assert.deepEqual(splitCommandLine(`clang -DNAME="a b" -I 'x y' c\\ d.c`), [
      'clang',
      '-DNAME=a b',
      '-I',
      'x y',
      'c d.c',
    ]);
  });
  it('finds the entry for a file and keeps include paths (absolute), defines and -std, dropping outputs and target', () => {
    const db = JSON.stringify([
      { directory: '/ws/build', file: '../src/other.c', command: 'clang -DOTHER -c ../src/other.c' },
      {
        directory: '/ws/build',
        file: '../src/prog.c',
        arguments: [
          'clang',
          '-target',
          'bpf',
          '-O1',
          '-Iinc',
          '-I',
          '/abs',
          '-DX=1',
          '-U',
          'Y',
          '-std=gnu11',
          '-c',
          '../src/prog.c',
          '-o',
          'prog.o',
          '-MF',
          'd.d',
        ],
      },
    ]);
    const entry = findEntry(parseCompileCommands(db), '/ws/src/prog.c');
    assert.ok(entry);
    assert.deepEqual(relevantFlags(entry).kept, ['-I', '/ws/build/inc', '-I', '/abs', '-DX=1', '-UY', '-std=gnu11']);
    assert.deepEqual(relevantFlags(entry).refused, []);
    assert.equal(findEntry(parseCompileCommands(db), '/ws/src/none.c'), undefined);
  });
  it('rejects text that is not a compilation database with a clear error', () => {
    assert.throws(() => parseCompileCommands('{', 'x/compile_commands.json'), CompileCommandsError);
    assert.throws(() => parseCompileCommands('{}'), /expected a JSON array/);
  });
});
