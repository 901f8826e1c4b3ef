// llvm-objdump / clang as test oracles: compile C fixtures into a temp dir, wrap raw instruction
// bytes into an object, and parse `llvm-objdump -d` listings (address, raw bytes, text).
import { at } from './at';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APT, externalSkip } from './skip';

export function toolAvailable(tool: string): boolean {
  const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

/** Why the llvm oracles cannot run here, or undefined when clang, llvm-objdump and llvm-objcopy exist. */
export function llvmMissingReason(): string | undefined {
  for (const tool of ['clang', 'llvm-objdump', 'llvm-objcopy']) {
    if (!toolAvailable(tool)) return externalSkip(tool, tool === 'clang' ? APT.clang : APT.llvm);
  }
  return undefined;
}

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function run(tool: string, args: string[]): string {
  const r = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

export function compileBpf(source: string, outDir: string, flags: readonly string[] = []): string {
  const out = path.join(outDir, `${path.basename(source, '.c')}${flags.join('').replace(/[^a-z0-9]/gi, '_')}.o`);
  run('clang', ['-target', 'bpf', '-O2', '-g', '-I/usr/include/x86_64-linux-gnu', ...flags, '-c', source, '-o', out]);
  return out;
}

export interface ObjdumpInsn {
  readonly pc: number;
  readonly bytes: Uint8Array;
  /** The text after the bytes, exactly as printed (including any ` <sym+0x..>` annotation). */
  readonly text: string;
}

export interface ObjdumpSection {
  readonly name: string;
  readonly insns: ObjdumpInsn[];
  /** Symbol labels printed in the listing: byte address -> name. */
  readonly labels: Map<number, string>;
}

/** Parse `llvm-objdump -d` output into sections of instructions. */
export function parseObjdump(listing: string): ObjdumpSection[] {
  const sections: ObjdumpSection[] = [];
  let current: ObjdumpSection | undefined;
  for (const line of listing.split('\n')) {
    const sec = /^Disassembly of section (.*):$/.exec(line);
    if (sec) {
      current = { name: at(sec, 1), insns: [], labels: new Map() };
      sections.push(current);
      continue;
    }
    if (!current) continue;
    const label = /^([0-9a-f]{16}) <(.*)>:$/.exec(line);
    if (label) {
      current.labels.set(parseInt(at(label, 1), 16), at(label, 2));
      continue;
    }
    const insn = /^\s*(\d+):\t((?:[0-9a-f]{2} ?)+)\t(.*)$/.exec(line);
    if (insn) {
      const bytes = Uint8Array.from(
        at(insn, 2)
          .trim()
          .split(' ')
          .map((b) => parseInt(b, 16)),
      );
      current.insns.push({ pc: Number(at(insn, 1)), bytes, text: at(insn, 3) });
    }
  }
  return sections;
}

export function objdump(objectPath: string, extraArgs: readonly string[] = []): ObjdumpSection[] {
  return parseObjdump(run('llvm-objdump', ['-d', ...extraArgs, objectPath]));
}

let baseObject: string | undefined;

/**
 * Wrap raw instruction buffers into one BPF object (one executable section per buffer, named
 * s0, s1, ...) so llvm-objdump can disassemble them. Returns the object's path.
 */
export function wrapInObject(programs: readonly Uint8Array[], dir: string): string {
  if (!baseObject || !fs.existsSync(baseObject)) {
    const c = path.join(dir, 'base.c');
    fs.writeFileSync(c, 'int base(void) { return 0; }\n');
    baseObject = path.join(dir, 'base.o');
    run('clang', ['-target', 'bpf', '-O2', '-c', c, '-o', baseObject]);
  }
  const args: string[] = [];
  programs.forEach((bytes, i) => {
    const file = path.join(dir, `s${i}.bin`);
    fs.writeFileSync(file, bytes);
    args.push('--add-section', `s${i}=${file}`, '--set-section-flags', `s${i}=code,alloc,readonly`);
  });
  const out = path.join(dir, `wrapped-${programs.length}-${Date.now()}.o`);
  run('llvm-objcopy', [...args, baseObject, out]);
  return out;
}
