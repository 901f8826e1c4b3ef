// Building a runner from generated C: the object's `--raw` C, bindings.c, and the C runtime
// (core/native/runtime), compiled with the system compiler at -O2 -g (debuggable: the `#line`
// directives point gdb/lldb at the eBPF C source) into a cache directory keyed by content.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Program } from '../../program/types';
import { generateC, NativeError } from '../generate';
import type { NativeOutput } from '../types';
import { bindingsC } from './bindings';

const RUNTIME_FILES = ['bpf2c.h', 'ebpf_runtime.h', 'runtime.c', 'runner.c'];

/** The C runtime's directory: beside this module in the repository, or found upward from a bundle. */
export function runtimeDir(): string {
  const starts = [__dirname, process.cwd()];
  for (const start of starts) {
    let dir = start;
    for (let i = 0; i < 6; i++) {
      for (const candidate of [path.join(dir, 'runtime'), path.join(dir, 'core', 'native', 'runtime')])
        if (fs.existsSync(path.join(candidate, 'runner.c'))) return candidate;
      dir = path.dirname(dir);
    }
  }
  throw new NativeError('the native runtime sources (core/native/runtime/runner.c) were not found');
}

export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(base, 'vscode-ebpf', 'native');
}

export interface NativeBuildOptions {
  readonly fileName: string;
  readonly cacheDir?: string;
  /** gcc, clang or a path; default $CC or cc. */
  readonly compiler?: string;
  /** Programs from the conformance suite: r2 = memory length, helper 5 = unwind. */
  readonly conformance?: boolean;
  /** Extra compiler flags (tests add -Werror; the native debugger adds -O0). */
  readonly extraFlags?: readonly string[];
  /**
   * false: every `#line` directive becomes an empty line, so the DWARF line table names the
   * generated C's own lines (same line numbers, same code): the native debugger maps machine
   * addresses to generated lines, hence to eBPF pcs, with this twin build.
   */
  readonly lineDirectives?: boolean;
}

export interface NativeBuild {
  readonly runner: string;
  readonly output: NativeOutput;
  readonly cFile: string;
  /** Compiler diagnostics (warnings) from the generated file. */
  readonly warnings: string;
}

export function buildRunner(programs: readonly Program[], options: NativeBuildOptions): NativeBuild {
  const generated = generateC(programs, { fileName: options.fileName, memoryLengthInR2: options.conformance === true });
  const output =
    options.lineDirectives === false ? { ...generated, code: generated.code.replace(/^#line .*$/gm, '') } : generated;
  const bindings = bindingsC(programs, options.conformance === true);
  const rt = runtimeDir();
  const compiler = options.compiler ?? process.env.CC ?? 'cc';
  const flags = ['-O2', '-g', '-Wall', '-Wextra', ...(options.extraFlags ?? [])];
  const hash = createHash('sha256');
  for (const part of [
    output.code,
    bindings,
    compiler,
    flags.join(' '),
    ...RUNTIME_FILES.map((f) => fs.readFileSync(path.join(rt, f), 'utf8')),
  ])
    hash.update(part).update('\0');
  const key = hash.digest('hex').slice(0, 24);
  const dir = path.join(options.cacheDir ?? defaultCacheDir(), key);
  const runner = path.join(dir, 'runner');
  const cFile = path.join(dir, `${output.prefix}.c`);
  const warningsFile = path.join(dir, 'warnings.txt');
  if (fs.existsSync(runner)) return { runner, output, cFile, warnings: fs.readFileSync(warningsFile, 'utf8') };

  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(cFile, output.code);
  fs.writeFileSync(path.join(dir, 'bindings.c'), bindings);
  const tmp = `${runner}.${process.pid}.tmp`;
  const args = [
    ...flags,
    `-I${rt}`,
    `-DEBPF_NATIVE_TABLE=${output.prefix}_metadata_table`,
    cFile,
    path.join(dir, 'bindings.c'),
    path.join(rt, 'runtime.c'),
    path.join(rt, 'runner.c'),
    '-o',
    tmp,
  ];
  const r = spawnSync(compiler, args, { encoding: 'utf8' });
  if (r.error) throw new NativeError(`cannot run the C compiler '${compiler}': ${r.error.message}`);
  if (r.status !== 0) throw new NativeError(`${compiler} failed on the generated C:\n${r.stderr.trim()}`);
  fs.writeFileSync(warningsFile, r.stderr);
  fs.renameSync(tmp, runner);
  return { runner, output, cFile, warnings: r.stderr };
}
