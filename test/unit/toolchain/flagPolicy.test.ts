// The clang flag allow-list (core/toolchain/flagPolicy.ts): what passes, what is refused and why.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { describeRefused, screenClangFlags } from '../../../core/toolchain/flagPolicy';
import { findEntry, parseCompileCommands, relevantFlags } from '../../../core/toolchain/compileCommands';
import { defined } from '../../support/at';

const posix = { origin: 'ebpf.clang.extraArgs', workspaceRoots: ['/ws'], pathApi: path.posix };

describe('screenClangFlags', () => {
  it('keeps include folders, macros, -std, named warnings, optimisation, debug and BPF cpu flags', () => {
    const argv = [
      '-I/ws/inc',
      '-I',
      '/opt/include',
      '-isystem',
      '/usr/include/x',
      '-iquote',
      'rel',
      '-DDEBUG=1',
      '-D',
      'X',
      '-UY',
      '-std=gnu11',
      '-Wall',
      '-Wno-unused-variable',
      '-Werror=format',
      '-Wframe-larger-than=512',
      '-w',
      '-O2',
      '-g',
      '-gdwarf-5',
      '-mcpu=v3',
      '-malu32',
      '-ffreestanding',
      '-fno-builtin-memcpy',
      '-target',
      'bpfel',
      '-include',
      '/ws/config.h',
    ];
    const r = screenClangFlags(argv, posix);
    assert.deepEqual(r.refused, []);
    assert.deepEqual(r.kept, [
      '-I/ws/inc',
      '-I/opt/include',
      '-isystem/usr/include/x',
      '-iquoterel',
      '-DDEBUG=1',
      '-DX',
      '-UY',
      '-std=gnu11',
      '-Wall',
      '-Wno-unused-variable',
      '-Werror=format',
      '-Wframe-larger-than=512',
      '-w',
      '-O2',
      '-g',
      '-gdwarf-5',
      '-mcpu=v3',
      '-malu32',
      '-ffreestanding',
      '-fno-builtin-memcpy',
      '-target',
      'bpfel',
      '-include/ws/config.h',
    ]);
  });

  // [argv, the refused flag as reported, a word of the reason]
  const vectors: [string[], string, RegExp][] = [
    [['-fplugin=/x/evil.so'], '-fplugin=/x/evil.so', /loads a shared object/],
    [['-fpass-plugin=/x/evil.so'], '-fpass-plugin=/x/evil.so', /loads a shared object/],
    [['-fplugin-arg-evil-x=1'], '-fplugin-arg-evil-x=1', /loads a shared object/],
    [['-Xclang', '-load', '-Xclang', '/x/evil.so'], '-Xclang', /past clang's driver/],
    [['-mllvm', '-x'], '-mllvm', /past clang's driver/],
    [['-Wp,-load,/x/evil.so'], '-Wp,-load,/x/evil.so', /preprocessor, assembler or linker/],
    [['-Wp,-MD,/etc/cron.d/x'], '-Wp,-MD,/etc/cron.d/x', /preprocessor, assembler or linker/],
    [['-Wa,--defsym,x=1'], '-Wa,--defsym,x=1', /preprocessor, assembler or linker/],
    [['-Wl,-rpath,/x'], '-Wl,-rpath,/x', /preprocessor, assembler or linker/],
    [['-B/x/bin'], '-B/x/bin', /run programs from another folder/],
    [['--config=/x/evil.cfg'], '--config=/x/evil.cfg', /configuration file/],
    [['--config', '/x/evil.cfg'], '--config', /configuration file/],
    [['@/x/args.rsp'], '@/x/args.rsp', /reads clang arguments from a file/],
    [['-MD'], '-MD', /dependency file/],
    [['-MF/x/deps'], '-MF/x/deps', /dependency file/],
    [['-o', '/x/out'], '-o', /output file/],
    [['-save-temps=obj'], '-save-temps=obj', /writes files/],
    [['-ftime-trace'], '-ftime-trace', /writes files/],
    [['-fcrash-diagnostics-dir=/x'], '-fcrash-diagnostics-dir=/x', /writes files/],
    [['-include', '/etc/hostname'], '-include /etc/hostname', /outside the workspace/],
    [['-include/etc/hostname'], '-include /etc/hostname', /outside the workspace/],
    [['-include', '/ws/../etc/hostname'], '-include /ws/../etc/hostname', /outside the workspace/],
    [['-imacros', '/etc/hostname'], '-imacros', /outside the source/],
    [['-target', 'x86_64-linux-gnu'], '-target x86_64-linux-gnu', /bpf target only/],
    [['-march=native'], '-march=native', /not on the list/],
    [['-fsanitize=address'], '-fsanitize=address', /not on the list/],
    [['/x/other.c'], '/x/other.c', /extra input file/],
    // clang expands @file in values too: `-I @x.rsp` would read arguments from x.rsp.
    [['-I', '@/x/args.rsp'], '-I @/x/args.rsp', /@file/],
    [['-isystem', '@x.rsp'], '-isystem @x.rsp', /@file/],
    [['-include', '@/ws/x.rsp'], '-include @/ws/x.rsp', /@file/],
  ];
  for (const [argv, flag, reason] of vectors) {
    it(`refuses ${argv.join(' ')} and names it`, () => {
      const r = screenClangFlags(argv, posix);
      assert.ok(
        r.refused.some((f) => f.flag === flag && reason.test(f.reason)),
        JSON.stringify(r.refused),
      );
      assert.ok(!r.kept.some((k) => argv.includes(k) && k.startsWith('-') && k !== '-I'), JSON.stringify(r.kept));
      const line = describeRefused(
        defined(
          r.refused.find((f) => f.flag === flag),
          `the refusal of ${flag}`,
        ),
      );
      assert.ok(line.includes(`"${flag}"`) && line.includes('ebpf.clang.extraArgs'), line);
    });
  }

  it('checks -include against Windows workspace folders (drive letters, backslashes, case, spaces)', () => {
    const win = {
      origin: 'compile_commands.json',
      workspaceRoots: ['C:\\Users\\Dev\\My Programs'],
      pathApi: path.win32,
    };
    assert.deepEqual(screenClangFlags(['-include', 'c:\\users\\dev\\my programs\\cfg.h'], win).refused, []);
    assert.deepEqual(
      screenClangFlags(['-include', 'cfg.h'], { ...win, baseDir: 'C:\\Users\\Dev\\My Programs\\build' }).kept,
      ['-includeC:\\Users\\Dev\\My Programs\\build\\cfg.h'],
    );
    const outside = screenClangFlags(['-include', 'C:\\Windows\\win.ini'], win);
    assert.equal(outside.refused[0]?.reason, 'it reads a file outside the workspace');
    assert.equal(screenClangFlags(['-include', 'C:\\Users\\Dev\\My Programs2\\x.h'], win).refused.length, 1);
  });
});

describe('relevantFlags (compile_commands.json)', () => {
  it('drops the build’s own output and dependency flags silently and refuses hostile ones by name', () => {
    const db = JSON.stringify([
      {
        directory: '/ws/build',
        file: '../src/prog.c',
        arguments: [
          'clang',
          '-Iinc',
          '-DX=1',
          '-Wp,-load,./x.so',
          '-fplugin=/ws/x.so',
          '-include',
          '/etc/hostname',
          '-MD',
          '-MF',
          'd.d',
          '-c',
          '../src/prog.c',
          '-o',
          'prog.o',
        ],
      },
    ]);
    const entry = findEntry(parseCompileCommands(db), '/ws/src/prog.c');
    assert.ok(entry);
    const r = relevantFlags(entry, ['/ws'], '/ws/build/compile_commands.json');
    assert.deepEqual(r.kept, ['-I/ws/build/inc', '-DX=1']);
    assert.deepEqual(
      r.refused.map((f) => f.flag),
      ['-Wp,-load,./x.so', '-fplugin=/ws/x.so', '-include /etc/hostname'],
    );
    assert.ok(r.refused.every((f) => f.origin === '/ws/build/compile_commands.json'));
  });

  it('finds a Windows entry whatever the case and slashes, and keeps its folders absolute', () => {
    const db = JSON.stringify([
      {
        directory: 'c:\\Users\\Dev\\My Prog\\build',
        file: '..\\src\\xdp.c',
        command: 'clang.exe -I..\\inc -DWIN -c ..\\src\\xdp.c -o xdp.o',
      },
    ]);
    const entry = findEntry(parseCompileCommands(db), 'C:\\Users\\Dev\\My Prog\\src\\xdp.c');
    assert.ok(entry);
    const r = relevantFlags(entry, ['C:\\Users\\Dev\\My Prog']);
    assert.deepEqual(r.kept, ['-Ic:\\Users\\Dev\\My Prog\\inc', '-DWIN']);
    assert.deepEqual(r.refused, []);
  });
});
