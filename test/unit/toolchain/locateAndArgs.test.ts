import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { locateClang, pathFromFileUri, type ToolchainHost } from '../../../core/toolchain/locate';
import { findWindowsHeaders } from '../../../core/toolchain/windowsHeaders';
import { buildCompileArgs } from '../../../core/toolchain/args';
import {
  findEntry,
  parseCompileCommands,
  relevantFlags,
  splitCommandLine,
  CompileCommandsError,
} from '../../../core/toolchain/compileCommands';

/** A host with the given files (all executable); folders are implied by the paths, case-insensitive on Windows. */
function fakeHost(
  platform: string,
  p: path.PlatformPath,
  env: Record<string, string>,
  files: readonly string[],
): ToolchainHost {
  const key = (f: string) => (platform === 'win32' ? p.normalize(f).toLowerCase() : p.normalize(f));
  const set = new Set(files.map(key));
  return {
    platform,
    path: p,
    env,
    isExecutable: (f) => set.has(key(f)),
    listDir: (dir) => {
      const prefix = key(dir).replace(/[\\/]+$/, '') + p.sep;
      const names = new Set<string>();
      for (const f of files)
        if (key(f).startsWith(prefix)) names.add(p.normalize(f).slice(prefix.length).split(p.sep)[0] ?? '');
      return [...names];
    },
  };
}

describe('locateClang on a Linux host', () => {
  const host = fakeHost('linux', path.posix, { PATH: '/usr/local/bin:/usr/bin' }, [
    '/usr/bin/clang',
    '/usr/bin/clang-14',
    '/usr/bin/clang-19',
    '/usr/local/bin/clang-16',
  ]);
  it('prefers the newest versioned clang on PATH over plain clang', () => {
    const r = locateClang({}, host);
    assert.equal(r.kind === 'found' && r.path, '/usr/bin/clang-19');
    assert.match(r.kind === 'found' ? r.source : '', /PATH, clang 19: the newest found/);
  });
  it('finds /usr/lib/llvm-N/bin/clang when no versioned name is on PATH', () => {
    const h = fakeHost('linux', path.posix, { PATH: '/usr/bin' }, ['/usr/bin/clang', '/usr/lib/llvm-18/bin/clang']);
    const r = locateClang({}, h);
    assert.equal(r.kind === 'found' && r.path, '/usr/lib/llvm-18/bin/clang');
  });
  it('falls back to plain clang, and explains how to install when there is none', () => {
    const h = fakeHost('linux', path.posix, { PATH: '/usr/bin' }, ['/usr/bin/clang']);
    assert.deepEqual(locateClang({}, h), { kind: 'found', path: '/usr/bin/clang', source: 'PATH' });
    const none = locateClang({}, fakeHost('linux', path.posix, { PATH: '/usr/bin' }, []));
    assert.equal(none.kind, 'clang-not-found');
    assert.match(none.kind === 'clang-not-found' ? none.installAdvice : '', /apt-get install clang/);
  });
  it('treats a configured path as authoritative (a name, a path, a file URI)', () => {
    assert.equal(locateClang({ configuredPath: 'clang-14' }, host).kind === 'found', true);
    const r = locateClang({ configuredPath: '/opt/nope/clang' }, host);
    assert.equal(r.kind, 'clang-not-found');
    assert.deepEqual(r.kind === 'clang-not-found' && r.tried, ['/opt/nope/clang']);
    const uri = locateClang({ configuredPath: 'file:///usr/local/bin/clang-16' }, host);
    assert.deepEqual(uri, { kind: 'found', path: '/usr/local/bin/clang-16', source: 'ebpf.clang.path' });
  });
});

describe('locateClang on a Windows host (path.win32, injected file system)', () => {
  const env = {
    Path: 'C:\\Windows\\system32;C:\\Tools\\bin',
    PATHEXT: '.COM;.EXE;.BAT',
    ProgramFiles: 'C:\\Program Files',
    'ProgramFiles(x86)': 'C:\\Program Files (x86)',
  };
  const vs = 'C:\\Program Files\\Microsoft Visual Studio\\2022\\Community\\VC\\Tools\\Llvm';
  it('finds clang.exe on PATH (Path spelled as Windows spells it, .exe added)', () => {
    const h = fakeHost('win32', path.win32, env, ['C:\\Tools\\bin\\clang.exe']);
    assert.deepEqual(locateClang({}, h), { kind: 'found', path: 'C:\\Tools\\bin\\clang.exe', source: 'PATH' });
  });
  it('prefers a versioned clang-N.exe on PATH', () => {
    const h = fakeHost('win32', path.win32, env, ['C:\\Tools\\bin\\clang.exe', 'C:\\Tools\\bin\\clang-18.exe']);
    assert.equal(
      locateClang({}, h).kind === 'found' && (locateClang({}, h) as { path: string }).path,
      'C:\\Tools\\bin\\clang-18.exe',
    );
  });
  it('then the LLVM installer (Program Files\\LLVM\\bin), then Visual Studio’s bundled clang', () => {
    const llvm = 'C:\\Program Files\\LLVM\\bin\\clang.exe';
    const both = fakeHost('win32', path.win32, env, [llvm, `${vs}\\x64\\bin\\clang.exe`]);
    assert.deepEqual(locateClang({}, both), { kind: 'found', path: llvm, source: 'LLVM installer' });
    const onlyVs = fakeHost('win32', path.win32, env, [`${vs}\\bin\\clang.exe`]);
    assert.deepEqual(locateClang({}, onlyVs), {
      kind: 'found',
      path: `${vs}\\bin\\clang.exe`,
      source: 'Visual Studio 2022 Community',
    });
  });
  it("uses eBPF for Windows' packages\\llvm.tools only for a trusted workspace", () => {
    const ws = 'D:\\src\\ebpf for windows';
    const tools = `${ws}\\packages\\llvm.tools\\clang.exe`;
    const h = fakeHost('win32', path.win32, env, [tools]);
    assert.equal(locateClang({}, h).kind, 'clang-not-found');
    assert.equal(locateClang({ trustedWorkspaceRoots: [ws] }, h).kind === 'found', true);
    assert.match((locateClang({ trustedWorkspaceRoots: [ws] }, h) as { source: string }).source, /llvm\.tools/);
  });
  it('accepts a configured path without .exe, with spaces, or as a file URI', () => {
    const llvm = 'C:\\Program Files\\LLVM\\bin\\clang.exe';
    const h = fakeHost('win32', path.win32, env, [llvm]);
    for (const configuredPath of [
      'C:\\Program Files\\LLVM\\bin\\clang',
      llvm,
      'file:///C:/Program%20Files/LLVM/bin/clang.exe',
      'file:///c%3A/Program%20Files/LLVM/bin/clang.exe',
    ])
      assert.equal(
        (locateClang({ configuredPath }, h) as { path?: string }).path?.toLowerCase(),
        llvm.toLowerCase(),
        configuredPath,
      );
    assert.equal(pathFromFileUri('file://server/share/clang.exe', h), '\\\\server\\share\\clang.exe');
    assert.match(
      (locateClang({}, fakeHost('win32', path.win32, env, [])) as { installAdvice: string }).installAdvice,
      /winget install LLVM\.LLVM/,
    );
  });
});

describe('findWindowsHeaders', () => {
  const winEnv = { ProgramFiles: 'C:\\Program Files' };
  it('prefers the setting, then the newest NuGet package in the workspace, then an install, then ours', () => {
    const ws = 'C:\\work\\my prog';
    const pkg = (v: string) => `${ws}\\packages\\eBPF-for-Windows.x64.${v}\\build\\native\\include`;
    const install = 'C:\\Program Files\\ebpf-for-windows\\include';
    const files = [
      `${pkg('0.9.1')}\\bpf_helpers.h`,
      `${pkg('0.21.0')}\\bpf_helpers.h`,
      `${pkg('0.21.0')}\\uapi\\linux\\bpf.h`,
      `${ws}\\packages\\eBPF-for-Windows-Redist.x64.0.22.0\\build\\native\\include\\bpf_helpers.h`,
      `${install}\\bpf_helpers.h`,
      'D:\\ebpf\\include\\bpf_helpers.h',
    ];
    const h = fakeHost('win32', path.win32, winEnv, files);
    const base = { workspaceRoots: [ws], bundledDir: 'C:\\ext\\include' };
    assert.deepEqual(findWindowsHeaders({ ...base, setting: 'D:\\ebpf\\include' }, h), {
      includeDirs: ['D:\\ebpf\\include'],
      source: 'ebpf.windows.includePath (D:\\ebpf\\include)',
    });
    assert.deepEqual(findWindowsHeaders(base, h), {
      includeDirs: [pkg('0.21.0'), `${pkg('0.21.0')}\\uapi`],
      source: 'NuGet package eBPF-for-Windows.x64.0.21.0 in the workspace',
    });
    const noPackage = fakeHost('win32', path.win32, winEnv, [`${install}\\bpf_helpers.h`]);
    assert.match(findWindowsHeaders(base, noPackage)?.source ?? '', /installed in C:\\Program Files\\ebpf-for-windows/);
    const nothing = fakeHost('win32', path.win32, winEnv, []);
    assert.deepEqual(findWindowsHeaders(base, nothing)?.includeDirs, ['C:\\ext\\include']);
    assert.match(
      findWindowsHeaders({ ...base, setting: 'E:\\missing' }, nothing)?.source ?? '',
      /has no bpf_helpers\.h/,
    );
  });
  it('finds a NuGet package in a workspace on a Linux host too', () => {
    const inc = '/ws/packages/eBPF-for-Windows.0.20.0/build/native/include';
    const h = fakeHost('linux', path.posix, {}, [`${inc}/bpf_helpers.h`]);
    assert.deepEqual(findWindowsHeaders({ workspaceRoots: ['/ws'], bundledDir: '/ext/include' }, h)?.includeDirs, [
      inc,
    ]);
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
    assert.ok(a.includes('-I/usr/include/x86_64-linux-gnu'));
    assert.ok(a.includes('-I/ws/inc'), 'include folders are joined to their flag (no separate @file value)');
    assert.ok(!a.includes('-ffreestanding'));
    assert.ok(a.indexOf('-DFROM_DB') < a.indexOf('-DDEBUG'), 'settings come after the database so they win');
    assert.deepEqual(a.slice(-5), ['-x', 'c', '/tmp/t1/prog.c', '-o', '/tmp/t1/out.o']);
  });
  it('adds -ffreestanding and the eBPF for Windows include folders for Windows', () => {
    const a = buildCompileArgs({ ...base, platform: 'windows', windowsIncludeDirs: ['/ext/include'] });
    assert.ok(a.includes('-ffreestanding'));
    assert.ok(a.includes('-I/ext/include'));
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
    assert.deepEqual(relevantFlags(entry).kept, ['-I/ws/build/inc', '-I/abs', '-DX=1', '-UY', '-std=gnu11']);
    assert.deepEqual(relevantFlags(entry).refused, []);
    assert.equal(findEntry(parseCompileCommands(db), '/ws/src/none.c'), undefined);
  });
  it('rejects text that is not a compilation database with a clear error', () => {
    assert.throws(() => parseCompileCommands('{', 'x/compile_commands.json'), CompileCommandsError);
    assert.throws(() => parseCompileCommands('{}'), /expected a JSON array/);
  });
});
