// The C functions the generator wrote (one per eBPF function of each program), read back from its
// output: their names (what a native image's symbols and debug info call them), the program and
// eBPF function each stands for, and which instructions implement each original C line.

import type { Program } from '../../program/types';
import type { GeneratedLine, NativeOutput } from '../types';

export interface GeneratedFunction {
  /** The C function's name: the program's C name, or `<program>__<callee>` for a bpf-to-bpf callee. */
  readonly cName: string;
  readonly program: Program;
  /** The eBPF function (the entry's or the callee's name). */
  readonly ebpfFunction: string;
  /** Per instruction pc, the original C location its generated lines carry. */
  readonly lines: readonly { readonly pc: number; readonly file: string; readonly line: number }[];
}

// `xdp_prog(void* context, ...)` (entry) or `xdp_prog__callee(uint64_t r1, ...)` (callee).
const DEFINITION = /^([A-Za-z_]\w*)\((?:void\* context,|uint64_t r1,)/;

/** The C name a generated line defines, when it is the head of a program function's definition. */
function definedName(l: GeneratedLine): string | undefined {
  return l.program === undefined ? undefined : DEFINITION.exec(l.text)?.[1];
}

/** The C names of every program function in `output` (entries and callees), in order. */
export function generatedFunctionNames(output: NativeOutput): string[] {
  return output.lines.flatMap((l) => definedName(l) ?? []);
}

/** Every program function in `output`, generated from `programs` (the list given to generateC). */
export function generatedFunctions(output: NativeOutput, programs: readonly Program[]): GeneratedFunction[] {
  const out: { cName: string; programIndex: number; lines: { pc: number; file: string; line: number }[] }[] = [];
  let current: (typeof out)[number] | undefined;
  for (const l of output.lines) {
    const cName = definedName(l);
    if (cName !== undefined && l.program !== undefined) {
      current = { cName, programIndex: l.program, lines: [] };
      out.push(current);
      continue;
    }
    if (l.text.startsWith('#line __LINE__')) {
      current = undefined;
      continue;
    }
    if (current && l.pc !== undefined && l.location && !l.text.startsWith('#line'))
      if (!current.lines.some((x) => x.pc === l.pc))
        current.lines.push({ pc: l.pc, file: l.location.file, line: l.location.line });
  }
  const result: GeneratedFunction[] = [];
  for (const f of out) {
    const program = programs[f.programIndex];
    if (!program) continue;
    const start = Math.min(...f.lines.map((x) => x.pc));
    const named = program.functions.find((fn) => fn.startPc === start)?.name;
    const ebpfFunction = start === 0 || !Number.isFinite(start) ? program.name : (named ?? `subprogram_${start}`);
    result.push({ cName: f.cName, program, ebpfFunction, lines: f.lines });
  }
  return result;
}

/** Whether two paths name the same source: equal, or one a folder-suffix of the other (any slash). */
export function sameSourceFile(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\\/g, '/').toLowerCase();
  const x = norm(a);
  const y = norm(b);
  return x === y || x.endsWith('/' + y) || y.endsWith('/' + x);
}

function baseName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).toLowerCase();
}

/**
 * The instructions of `fn` whose generated lines carry file:line, in pc order. The image may have
 * been built on another machine (a driver's PDB names C:\\src\\x.c): without a path match, the file
 * name decides.
 */
export function pcsAtLine(fn: GeneratedFunction, file: string, line: number): number[] {
  const atLine = fn.lines.filter((l) => l.line === line);
  let chosen = atLine.filter((l) => sameSourceFile(l.file, file));
  if (chosen.length === 0) chosen = atLine.filter((l) => baseName(l.file) === baseName(file));
  return chosen.map((l) => l.pc).sort((a, b) => a - b);
}
