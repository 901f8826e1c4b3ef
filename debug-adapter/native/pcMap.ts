// Machine address <-> eBPF pc for the native session. The runner the debugger runs is built with
// `#line` (its DWARF names the eBPF C source); a twin built from the same C with the directives
// blanked out (same line numbers) has DWARF naming the generated C's own lines, and the generator
// says which pc each generated line implements. When both builds hold identical machine code at
// identical addresses (checked here, never assumed), the twin's line table read at a stopped
// address gives the pc of the instruction the debugger is in.

import fs from 'node:fs';
import path from 'node:path';
import { readLineTables } from '../../core/dwarf/line';
import { parseElf, type ElfFile } from '../../core/elf/elf';
import { generatedFunctionNames } from '../../core/native/addr/generated';
import type { NativeOutput } from '../../core/native/types';

const EM_X86_64 = 62;
const EM_AARCH64 = 183;

/** One stretch of machine code implementing one eBPF instruction. */
export interface PcRange {
  /** Link-time address (add the load bias for a run). */
  readonly start: number;
  readonly end: number;
  readonly pc: number;
  /** Index of the generated C function (program or bpf-to-bpf callee) in `functions`. */
  readonly fn: string;
  /** Index of the eBPF program (in the object's programs) the instruction belongs to. */
  readonly program: number;
}

export interface NativeFunction {
  readonly name: string;
  /** Link-time address and size from the symbol table. */
  readonly address: number;
  readonly size: number;
}

export type PcMapResult = { readonly ok: true; readonly map: PcMap } | { readonly ok: false; readonly reason: string };

export class PcMap {
  constructor(
    readonly ranges: readonly PcRange[],
    readonly functions: readonly NativeFunction[],
  ) {}

  /** The eBPF pc whose code holds this link-time address (undefined: prologue or outside the program). */
  pcAt(address: number): PcRange | undefined {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.ranges[mid];
      if (r === undefined) return undefined;
      if (address < r.start) hi = mid - 1;
      else if (address >= r.end) lo = mid + 1;
      else return r;
    }
    return undefined;
  }

  /** True when the address is the first machine instruction of an eBPF instruction's code. */
  startsInstruction(address: number): boolean {
    return this.pcAt(address)?.start === address;
  }

  /** The lowest link-time address of a pc's code in a function. */
  firstAddressOf(pc: number, fn: string): number | undefined {
    let best: number | undefined;
    for (const r of this.ranges)
      if (r.pc === pc && r.fn === fn && (best === undefined || r.start < best)) best = r.start;
    return best;
  }

  functionNamed(name: string): NativeFunction | undefined {
    return this.functions.find((f) => f.name === name);
  }

  functionAt(address: number): NativeFunction | undefined {
    return this.functions.find((f) => address >= f.address && address < f.address + f.size);
  }
}

function readElf(file: string): ElfFile {
  return parseElf(new Uint8Array(fs.readFileSync(file)), { machines: [EM_X86_64, EM_AARCH64] });
}

function functionsOf(elf: ElfFile, names: readonly string[]): NativeFunction[] {
  const STT_FUNC = 2;
  return names.flatMap((name) => {
    const s = elf.symbols.find((sym) => sym.name === name && sym.type === STT_FUNC);
    return s ? [{ name, address: s.value, size: s.size }] : [];
  });
}

function textBytes(file: string, elf: ElfFile): Buffer | undefined {
  const text = elf.sectionByName('.text');
  if (!text) return undefined;
  return fs.readFileSync(file).subarray(text.offset, text.offset + text.size);
}

/**
 * Build the map from the runner the debugger runs (`debugRunner`, with `#line`) and its twin
 * (`twinRunner`, built from `twinCFile` without them). Fails with the reason when the two builds'
 * machine code differs, or the twin has no line table for the generated C.
 */
export function buildPcMap(
  output: NativeOutput,
  debugRunner: string,
  twinRunner: string,
  twinCFile: string,
): PcMapResult {
  const names = generatedFunctionNames(output);
  const debugElf = readElf(debugRunner);
  const twinElf = readElf(twinRunner);
  const a = textBytes(debugRunner, debugElf);
  const b = textBytes(twinRunner, twinElf);
  if (!a || !b) return { ok: false, reason: 'a runner has no .text section' };
  if (!a.equals(b)) return { ok: false, reason: 'the builds with and without #line hold different machine code' };
  const functions = functionsOf(debugElf, names);
  const twinFunctions = functionsOf(twinElf, names);
  if (
    functions.length !== names.length ||
    functions.some((f, i) => f.address !== twinFunctions[i]?.address || f.size !== twinFunctions[i]?.size)
  )
    return { ok: false, reason: 'the generated functions are not at the same addresses in both builds' };

  const ranges: PcRange[] = [];
  const wanted = path.resolve(twinCFile);
  for (const table of readLineTables(twinElf)) {
    const rows = table.rows;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const next = rows[i + 1];
      if (!row || row.endSequence || !next) continue;
      const file = table.files[row.file];
      if (file === undefined || path.resolve(file) !== wanted) continue;
      const start = row.address.offset;
      const end = next.address.offset;
      if (end <= start) continue;
      const line = output.lines[row.line - 1];
      const pc = line?.pc;
      const fn = functions.find((f) => start >= f.address && start < f.address + f.size);
      if (pc === undefined || !fn) continue;
      const last = ranges.at(-1);
      // Consecutive rows of one instruction (columns, is_stmt changes) are one stretch.
      if (last && last.pc === pc && last.end === start && last.fn === fn.name)
        ranges[ranges.length - 1] = { ...last, end };
      else ranges.push({ start, end, pc, fn: fn.name, program: line?.program ?? 0 });
    }
  }
  if (ranges.length === 0) return { ok: false, reason: 'the twin build has no line table for the generated C' };
  ranges.sort((x, y) => x.start - y.start);
  return { ok: true, map: new PcMap(ranges, functions) };
}
