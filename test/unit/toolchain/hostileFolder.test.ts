// A hostile folder must not make clang run code or write files (docs/security.md). Each vector is
// first shown to be live (clang itself, handed the flag directly, runs the marker plug-in's
// constructor or writes the file), then sent through the paths a folder controls — the
// ebpf.clang.extraArgs setting, compile_commands.json, launch.json "clangArgs" — where the marker
// must not appear and the refusal must name the flag.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { compileBuffer, findClang } from '../../../core/toolchain/compile';
import { defined } from '../../support/at';
import { buildMarkerPlugin, type MarkerPlugin } from '../../support/markerPlugin';

const clang = findClang(undefined);
const plugin = buildMarkerPlugin();
const skip =
  clang.kind !== 'found' ? `hostile-folder tests: clang is not installed` : 'skip' in plugin ? plugin.skip : false;
if (skip) console.log(`# skipped: ${skip}`);

const SOURCE = 'int answer(void) { return 42; }\n';

describe('nothing from a folder runs code or writes files', { skip }, () => {
  let p: MarkerPlugin;
  let ws: string;
  let file: string;
  before(() => {
    p = plugin as MarkerPlugin;
    ws = path.join(p.dir, 'work space');
    fs.mkdirSync(ws, { recursive: true });
    file = path.join(ws, 'prog.c');
    fs.writeFileSync(file, SOURCE);
    fs.writeFileSync(path.join(p.dir, 'args.rsp'), `-fplugin=${p.sharedObject}\n`);
    fs.writeFileSync(path.join(p.dir, 'evil.cfg'), `-fplugin=${p.sharedObject}\n`);
  });

  /** Runs clang with the flags directly: the vector is real when this loads the plug-in. */
  function clangDirect(flags: readonly string[]): void {
    if (clang.kind !== 'found') return;
    const out = path.join(p.dir, 'direct.o');
    spawnSync(clang.path, ['-target', 'bpf', '-c', file, '-o', out, ...flags], { encoding: 'utf8' });
  }

  const pluginVectors = (so: string, dir: string): [string, string[]][] => [
    ['-fplugin', [`-fplugin=${so}`]],
    ['-fpass-plugin', [`-fpass-plugin=${so}`]],
    ['-Xclang -load', ['-Xclang', '-load', '-Xclang', so]],
    ['-Wp,-load', [`-Wp,-load,${so}`]],
    ['@file', [`@${path.join(dir, 'args.rsp')}`]],
    ['--config', ['--config', path.join(dir, 'evil.cfg')]],
  ];

  for (const name of ['-fplugin', '-fpass-plugin', '-Xclang -load', '-Wp,-load', '@file', '--config']) {
    const flagsOf = () =>
      defined(
        pluginVectors(p.sharedObject, p.dir).find(([n]) => n === name),
        `the ${name} vector`,
      )[1];

    it(`${name}: clang run directly loads the plug-in (the vector is live)`, () => {
      p.reset();
      clangDirect(flagsOf());
      assert.ok(p.loaded(), `clang did not load the plug-in for ${name}; the test would prove nothing`);
    });

    it(`${name} in ebpf.clang.extraArgs: refused, named, plug-in not loaded`, async () => {
      p.reset();
      const r = await compileBuffer({
        source: SOURCE,
        filePath: file,
        platform: 'linux',
        extraArgs: flagsOf(),
        workspaceRoot: ws,
      });
      assert.equal(p.loaded(), false, 'the plug-in constructor ran');
      assert.equal(r.kind, 'compiled', JSON.stringify(r));
      if (r.kind !== 'compiled') return;
      assert.equal(r.refusedFlags[0]?.flag, flagsOf()[0]);
      assert.equal(r.refusedFlags[0]?.origin, 'ebpf.clang.extraArgs');
      assert.ok(!r.args.some((a) => a.includes(p.sharedObject) || a.startsWith('@') || a.startsWith('--config')));
    });

    it(`${name} in compile_commands.json: refused, named, plug-in not loaded`, async () => {
      p.reset();
      const db = path.join(ws, 'compile_commands.json');
      fs.writeFileSync(
        db,
        JSON.stringify([{ directory: ws, file: 'prog.c', arguments: ['clang', ...flagsOf(), '-c', 'prog.c'] }]),
      );
      try {
        const r = await compileBuffer({ source: SOURCE, filePath: file, platform: 'linux', workspaceRoot: ws });
        assert.equal(p.loaded(), false, 'the plug-in constructor ran');
        assert.equal(r.kind, 'compiled', JSON.stringify(r));
        if (r.kind !== 'compiled') return;
        assert.equal(r.refusedFlags[0]?.flag, flagsOf()[0]);
        assert.equal(r.refusedFlags[0]?.origin, db);
      } finally {
        fs.rmSync(db);
      }
    });
  }

  it('a response file hidden in an include folder value (-I @file) is refused in every source', async () => {
    // clang expands @file in any argument: `-I @x.rsp` with "dir\n-fplugin=..." loads the plug-in.
    const rsp = path.join(p.dir, 'hidden.rsp');
    fs.writeFileSync(rsp, `${p.dir}\n-fplugin=${p.sharedObject}\n`);
    p.reset();
    clangDirect(['-I', `@${rsp}`]);
    assert.ok(p.loaded(), 'clang did not load the plug-in; the test would prove nothing');
    for (const req of [{ extraArgs: ['-I', `@${rsp}`] }, { includePaths: [`@${rsp}`] }]) {
      p.reset();
      const r = await compileBuffer({ source: SOURCE, filePath: file, platform: 'linux', workspaceRoot: ws, ...req });
      assert.equal(p.loaded(), false, `the plug-in constructor ran (${JSON.stringify(req)})`);
      assert.ok(r.kind === 'compiled' && r.refusedFlags.some((f) => f.flag === `-I @${rsp}`), JSON.stringify(r));
    }
  });

  it('-Wp,-MD,<path> writes a file when run directly, and not through compile_commands.json', async () => {
    const target = path.join(p.dir, 'written-by-clang');
    fs.rmSync(target, { force: true });
    clangDirect([`-Wp,-MD,${target}`]);
    assert.ok(fs.existsSync(target), 'clang did not write the file; the test would prove nothing');
    fs.rmSync(target);
    const db = path.join(ws, 'compile_commands.json');
    fs.writeFileSync(
      db,
      JSON.stringify([{ directory: ws, file: 'prog.c', command: `cc -Wp,-MD,${target} -c prog.c` }]),
    );
    try {
      const r = await compileBuffer({ source: SOURCE, filePath: file, platform: 'linux', workspaceRoot: ws });
      assert.equal(fs.existsSync(target), false, 'clang wrote the file');
      assert.ok(r.kind === 'compiled' && r.refusedFlags.some((f) => f.flag === `-Wp,-MD,${target}`));
    } finally {
      fs.rmSync(db);
    }
  });

  it('-include of a file outside the workspace is refused; inside it is used', async () => {
    const outside = path.join(p.dir, 'secret.h');
    fs.writeFileSync(outside, '#error SECRET-CONTENT\n');
    const r = await compileBuffer({
      source: SOURCE,
      filePath: file,
      platform: 'linux',
      extraArgs: ['-include', outside],
      workspaceRoot: ws,
    });
    assert.equal(r.kind, 'compiled', 'the outside file was read');
    if (r.kind !== 'compiled') return;
    assert.equal(r.refusedFlags[0]?.flag, `-include ${outside}`);
    const inside = path.join(ws, 'config.h');
    fs.writeFileSync(inside, '#error INSIDE-CONTENT\n');
    const r2 = await compileBuffer({
      source: SOURCE,
      filePath: file,
      platform: 'linux',
      extraArgs: ['-include', inside],
      workspaceRoot: ws,
    });
    assert.equal(r2.kind, 'failed');
    assert.ok(r2.kind === 'failed' && r2.stderr.includes('INSIDE-CONTENT'));
  });
});
