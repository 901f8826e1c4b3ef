// bpf2c as an oracle without bpf2c: eBPF for Windows keeps bpf2c's expected output for its samples
// (tests/bpf2c_tests/expected/*_raw.c). test/corpus/ebpf-for-windows holds a selection of them,
// the samples' sources and the headers both need. Each module (bpf2c's expected C, and ours for
// the same object) is built with gcc into a runner from core/native/runtime: bpf2c's against its
// own include/bpf2c.h plus a shim for the Windows-only names, ours against our runtime header.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './clang';

export const CORPUS = path.join(REPO_ROOT, 'test', 'corpus', 'ebpf-for-windows');
export const SHIM_DIR = path.join(REPO_ROOT, 'test', 'support', 'bpf2c-shim');
const RUNTIME = path.join(REPO_ROOT, 'core', 'native', 'runtime');

export interface CorpusSample {
  readonly name: string;
  readonly source: string;
  readonly expected: string;
}

/** Samples with both a source and bpf2c's expected `_raw.c` in the corpus. */
export function corpusSamples(dir = CORPUS): CorpusSample[] {
  const expectedDir = path.join(dir, 'tests', 'bpf2c_tests', 'expected');
  if (!fs.existsSync(expectedDir)) return [];
  const sources = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.c')) sources.set(e.name.slice(0, -2), full);
    }
  };
  walk(path.join(dir, 'tests', 'sample'));
  return fs
    .readdirSync(expectedDir)
    .filter((f) => f.endsWith('_raw.c'))
    .map((f) => f.slice(0, -'_raw.c'.length))
    .sort()
    .flatMap((name) => {
      const source = sources.get(name);
      return source === undefined ? [] : [{ name, source, expected: path.join(expectedDir, `${name}_raw.c`) }];
    });
}

/**
 * A clang of LLVM 18 or 19: bpf2c's recorded outputs were made from LLVM 18 objects, and older
 * versions emit other instruction counts and BTF ids. Undefined when there is none.
 */
export function sampleClang(): string | undefined {
  for (const c of [process.env.CLANG_BPF, 'clang-19', 'clang-18', 'clang'].filter((x): x is string => !!x)) {
    const r = spawnSync(c, ['--version'], { encoding: 'utf8' });
    const major = Number(/clang version (\d+)/.exec(r.stdout ?? '')?.[1] ?? 0);
    if (r.status === 0 && major >= 18 && major <= 19) return c;
  }
  return undefined;
}

export function compileSample(clang: string, sample: CorpusSample, outDir: string, dir = CORPUS): string {
  const out = path.join(outDir, `${sample.name}.o`);
  // The include folders of corpus.json (as eBPF for Windows' sample project sets them).
  const inc = ['include', 'tests/socket', 'tests/include', 'tests/sample', 'undocked/tests/sample/ext/inc'].map(
    (d) => `-I${path.join(dir, d)}`,
  );
  const r = spawnSync(
    clang,
    [
      '-target',
      'bpf',
      '-O2',
      '-g',
      '-ffreestanding',
      ...inc,
      `-I${path.dirname(sample.source)}`,
      '-c',
      sample.source,
      '-o',
      out,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`${clang} failed on ${sample.source}: ${r.stderr}`);
  return out;
}

export type ModuleFlavour = 'ours' | 'bpf2c';

/**
 * Build a runner from a module's C. bpf2c's modules see eBPF for Windows' headers (and the shim);
 * the runtime files are copied beside nothing else so `#include "bpf2c.h"` finds the right one.
 */
export function buildModuleRunner(
  cFile: string,
  prefix: string,
  bindings: string,
  flavour: ModuleFlavour,
  outDir: string,
  dir = CORPUS,
): string {
  const work = path.join(outDir, `${path.basename(cFile, '.c')}-${flavour}`);
  fs.mkdirSync(work, { recursive: true });
  for (const f of ['ebpf_runtime.h', 'runtime.c', 'runner.c'])
    fs.copyFileSync(path.join(RUNTIME, f), path.join(work, f));
  fs.writeFileSync(path.join(work, 'bindings.c'), bindings);
  const includes =
    flavour === 'bpf2c'
      ? [
          '-D_MSC_VER=1930',
          '-Dinline=static __inline__',
          '-include',
          path.join(SHIM_DIR, 'bpf2c_shim.h'),
          `-I${SHIM_DIR}`,
          `-I${path.join(dir, 'include')}`,
        ]
      : [`-I${RUNTIME}`];
  const runner = path.join(work, 'runner');
  const r = spawnSync(
    'gcc',
    [
      '-O2',
      '-g',
      '-w',
      ...includes,
      `-DEBPF_NATIVE_TABLE=${prefix}_metadata_table`,
      cFile,
      ...['bindings.c', 'runtime.c', 'runner.c'].map((f) => path.join(work, f)),
      '-o',
      runner,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`gcc failed on ${cFile} (${flavour}):\n${r.stderr.slice(0, 4000)}`);
  return runner;
}

export function metadataOf(runner: string): string[] {
  const r = spawnSync(runner, ['--metadata'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${runner} --metadata failed: ${r.stderr}`);
  return r.stdout.trim().split('\n');
}

export interface ModuleMetadata {
  readonly version: string;
  readonly maps: Map<string, string>;
  readonly globals: Map<string, string>;
  readonly initial: Map<string, string>;
  readonly programs: Map<string, ProgramMetadata>;
}

export interface ProgramMetadata {
  readonly section: string;
  readonly pe: string;
  readonly instructions: number;
  readonly type: string;
  readonly attach: string;
  /** Helper id:name pairs, sorted. bpf2c's placeholder entries (id 0, no name) are left out. */
  readonly helpers: string;
  /** Names of the referenced maps, sorted. */
  readonly maps: string;
}

export function parseMetadata(lines: readonly string[]): ModuleMetadata {
  const m: ModuleMetadata = {
    version: '',
    maps: new Map(),
    globals: new Map(),
    initial: new Map(),
    programs: new Map(),
  };
  for (const line of lines) {
    const [tag, name = '', ...rest] = line.split(' ');
    if (tag === 'version') (m as { version: string }).version = name;
    else if (tag === 'map') m.maps.set(name, rest.join(' '));
    else if (tag === 'global') m.globals.set(name, rest.join(' '));
    else if (tag === 'initial') m.initial.set(name, rest.join(' '));
    else if (tag === 'program') {
      const f = new Map(rest.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
      const field = (key: string): string => f.get(key) ?? '';
      const list = (s: string) => (s ? s.split(',') : []);
      m.programs.set(name, {
        section: field('section'),
        pe: field('pe'),
        instructions: Number(field('instructions')),
        type: field('type'),
        attach: field('attach'),
        helpers: list(field('helpers'))
          .filter((h) => h !== '0:')
          .sort()
          .join(','),
        maps: list(field('maps')).sort().join(','),
      });
    }
  }
  return m;
}

/** The compiler-made string sections (.rodata.str1.1): present or not depending on the LLVM version. */
export function isStringSection(name: string): boolean {
  return /^global_\.rodata\.str/.test(name);
}
