// Running a program natively on the inputs `ebpf run` takes: the ctx bytes come from core/vm's
// own context builder (Execution.readMemory of r1 before the first step), packet pointer fields
// are patched by the runner with real addresses, and the runner's report is parsed back.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Program } from '../../program/types';
import type { MapJson } from '../../vm/maps';
import { Vm, type RunInput } from '../../vm/vm';
import { NativeError } from '../generate';
import type { NativeBuild } from './build';

export interface NativeRunResult {
  readonly returnValue: bigint;
  /** Programs run, in order (tail calls append). */
  readonly programs: string[];
  readonly packet?: Uint8Array;
  readonly meta?: Uint8Array;
  readonly memory?: Uint8Array;
  /** printk lines, one per call. */
  readonly printk: string[];
  /** Map contents by map index: key hex → value hex (arrays: every slot). */
  readonly maps: Map<number, Map<string, string>>;
  readonly error?: string;
  /** With repeat > 0: the mean time per run in nanoseconds. */
  readonly nsPerRun?: number;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function pointerKind(kind: string): number | undefined {
  return kind === 'packet_start' ? 0 : kind === 'packet_end' ? 1 : kind === 'packet_meta' ? 2 : undefined;
}

/** The runner's input for one run of programs[index] on `input`, with map contents from `maps`. */
export function nativeInput(
  programs: readonly Program[],
  index: number,
  input: RunInput,
  maps?: unknown,
  conformance = false,
): string {
  const program = programs[index];
  if (!program) throw new NativeError(`no program ${index} in the object (${programs.length} programs)`);
  const lines = [`program ${index}`, `name ${program.name}`, `conformance ${conformance ? 1 : 0}`];
  if (conformance || !program.programType) {
    if (input.memory) lines.push(`memory ${hex(input.memory)}`);
  } else {
    const vm = new Vm(programs, { seed: 1 });
    if (maps !== undefined) vm.loadMaps(maps);
    const ex = vm.start(input, index);
    const layout = program.programType.context;
    lines.push(`ctx ${hex(ex.readMemory(ex.register(1), layout.size))}`);
    for (const f of layout.fields) {
      const k = pointerKind(f.kind);
      if (k !== undefined) lines.push(`ptr ${f.offset} ${f.size} ${k}`);
    }
    if (input.packet) lines.push(`packet ${hex(input.packet)}`);
    if (input.meta) lines.push(`meta ${hex(input.meta)}`);
    if (maps !== undefined) {
      const saved: MapJson[] = vm.saveMaps();
      saved.forEach((m, i) => {
        for (const e of m.entries ?? []) {
          const v = e.value ?? e.values?.[0];
          if (v === undefined) continue;
          if (m.type !== 'prog_array') lines.push(`mapinit ${i} ${e.key} ${v}`);
          else {
            // The slot holds a program's index here; the runner finds the program by name.
            const slot = Buffer.from(v, 'hex');
            const target = slot.length >= 4 ? programs[slot.readUInt32LE(0)]?.name : undefined;
            const key = Buffer.from(e.key, 'hex');
            if (target && key.length === 4) lines.push(`mapprog ${i} ${key.readUInt32LE(0).toString(16)} ${target}`);
          }
        }
      });
    }
  }
  return lines.join('\n') + '\n';
}

export function parseRunnerOutput(text: string): NativeRunResult {
  let returnValue = 0n;
  let programs: string[] = [];
  let packet: Uint8Array | undefined;
  let meta: Uint8Array | undefined;
  let memory: Uint8Array | undefined;
  let printk: string[] = [];
  let error: string | undefined;
  let nsPerRun: number | undefined;
  const maps = new Map<number, Map<string, string>>();
  const bytes = (h: string | undefined) => Uint8Array.from(Buffer.from(h ?? '', 'hex'));
  for (const line of text.split('\n')) {
    const [tag, ...rest] = line.trim().split(/\s+/);
    if (tag === 'r0') returnValue = BigInt('0x' + rest[0]);
    else if (tag === 'chain') programs = rest.join(' ').split(',');
    else if (tag === 'packet') packet = bytes(rest[0]);
    else if (tag === 'meta') meta = bytes(rest[0]);
    else if (tag === 'memory') memory = bytes(rest[0]);
    else if (tag === 'printk') printk = Buffer.from(bytes(rest[0])).toString('utf8').split('\n').slice(0, -1);
    else if (tag === 'error') error = rest.join(' ');
    else if (tag === 'ns_per_run') nsPerRun = Number(rest[0]);
    else if (tag === 'map') {
      const [index, key = '', value = ''] = rest;
      const entries = maps.get(Number(index)) ?? new Map<string, string>();
      maps.set(Number(index), entries.set(key, value));
    }
  }
  return {
    returnValue,
    programs,
    printk,
    maps,
    ...(packet ? { packet } : {}),
    ...(meta ? { meta } : {}),
    ...(memory ? { memory } : {}),
    ...(error !== undefined ? { error } : {}),
    ...(nsPerRun !== undefined ? { nsPerRun } : {}),
  };
}

/** Run the built runner on an input text; repeat > 0 also times that many runs. */
export function runNative(build: NativeBuild, inputText: string, repeat = 0): NativeRunResult {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ebpf-native-')), 'input.txt');
  try {
    fs.writeFileSync(file, inputText);
    const r = spawnSync(build.runner, repeat > 0 ? [file, String(repeat)] : [file], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.error) throw new NativeError(`cannot start the native runner: ${r.error.message}`);
    if (r.signal) throw new NativeError(`the native program crashed (${r.signal})`);
    if (r.status !== 0) throw new NativeError(`the native runner failed: ${r.stderr.trim()}`);
    return parseRunnerOutput(r.stdout);
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}
