// What the native session debugs: the launch's object converted to C (core/native), built twice
// into the native runner (with `#line` for the debugger, without for the pc map), the runner's
// input file, and the native debugger to run it under. Every problem is a LaunchError naming
// what is missing.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildRunner, type NativeBuild } from '../../core/native/engine/build';
import { missingHelpers, unsupportedMaps } from '../../core/native/engine/bindings';
import { nativeInput } from '../../core/native/engine/run';
import { nodeHost } from '../../core/toolchain/compile';
import { resolveExecutable, type ToolchainHost } from '../../core/toolchain/locate';
import { LaunchError } from '../config';
import type { PreparedLaunch } from '../launch';
import { generatedFunctionNames } from '../../core/native/addr/generated';
import { buildPcMap, type PcMap } from './pcMap';

/**
 * -O0: every generated statement keeps its own code and every rN local lives in memory, so the
 * debugger reads r0-r10 at any stop (at -O2 most are <optimized out>, at -Og some show values of
 * a later statement). -Dregister=: gcc keeps `register` locals in machine registers even at -O0
 * and then describes r4-r9 as <optimized out>; without the keyword they live in the frame.
 */
export const NATIVE_DEBUG_FLAGS: readonly string[] = ['-O0', '-Dregister='];

/** lldb-dap executables looked for on PATH, in order (Debian's lldb-19 installs lldb-dap-19). */
export const LLDB_DAP_NAMES: readonly string[] = ['lldb-dap-19', 'lldb-dap', 'lldb-vscode-19', 'lldb-vscode'];

export interface NativeTarget {
  readonly build: NativeBuild;
  /** Absent when the twin build could not be matched (then stepping by eBPF instruction is off). */
  readonly pcMap: PcMap | undefined;
  readonly pcMapProblem: string | undefined;
  /** The generated C functions that are eBPF programs (entries), by name. */
  readonly entries: readonly string[];
  /** Every generated function (programs and bpf-to-bpf callees). */
  readonly functions: readonly string[];
  readonly inputFile: string;
  readonly lldbDap: string;
  /** Removes the input file's folder. */
  dispose(): void;
}

/** The first of LLDB_DAP_NAMES on PATH, looked up as core/toolchain looks up its tools. */
export function findLldbDap(host: ToolchainHost = nodeHost()): string | undefined {
  for (const name of LLDB_DAP_NAMES) {
    const found = resolveExecutable(host, name);
    if (found) return found;
  }
  return undefined;
}

export function prepareNativeTarget(prepared: PreparedLaunch, compiler?: string): NativeTarget {
  const lldbDap = findLldbDap();
  if (!lldbDap)
    throw new LaunchError(
      `the native engine needs lldb-dap (looked for ${LLDB_DAP_NAMES.join(', ')} on PATH): install it (Debian/Ubuntu: apt-get install lldb-19), or use "engine": "interpreter"`,
    );
  const programs = prepared.object.programs;
  const helpers = missingHelpers(programs);
  if (helpers.length > 0)
    throw new LaunchError(
      `the native runtime lacks helpers this object calls: ${helpers.join(', ')}; use "engine": "interpreter"`,
    );
  const maps = unsupportedMaps(programs);
  if (maps.length > 0)
    throw new LaunchError(
      `the native runtime cannot model these maps: ${maps.join(', ')}; use "engine": "interpreter"`,
    );
  const fileName = path.basename(prepared.sourceFile ?? prepared.program.name).replace(/\.c$/i, '.o');
  const options = { fileName, extraFlags: NATIVE_DEBUG_FLAGS, ...(compiler !== undefined ? { compiler } : {}) };
  let build: NativeBuild;
  let twin: NativeBuild;
  try {
    build = buildRunner(programs, options);
    twin = buildRunner(programs, { ...options, lineDirectives: false });
  } catch (e) {
    throw new LaunchError(`cannot build the native runner: ${(e as Error).message}`);
  }
  let pcMap: PcMap | undefined;
  let pcMapProblem: string | undefined;
  try {
    const result = buildPcMap(build.output, build.runner, twin.runner, twin.cFile);
    if (result.ok) pcMap = result.map;
    else pcMapProblem = result.reason;
  } catch (e) {
    pcMapProblem = `the runners' debug info could not be read (${(e as Error).message})`;
  }
  const first = prepared.runs[0];
  if (!first) throw new LaunchError('the launch configuration gives no input to run');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-native-debug-'));
  const inputFile = path.join(dir, 'input.txt');
  fs.writeFileSync(inputFile, nativeInput(programs, prepared.programIndex, first.input, prepared.maps));
  const functions = generatedFunctionNames(build.output);
  return {
    build,
    pcMap,
    pcMapProblem,
    entries: programs.map((p) => p.name).filter((n) => functions.includes(n)),
    functions,
    inputFile,
    lldbDap,
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
