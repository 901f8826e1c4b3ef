// The C functions the generator wrote (one per eBPF function of each program), as it recorded them:
// their names (what a native image's symbols and debug info call them), the program and
// eBPF function each stands for, and which instructions implement each original C line.

import type { Program } from '../../program/types';
import type { NativeOutput } from '../types';

export interface GeneratedFunction {
  /** The C function's name: the program's C name, or `<program>__<callee>` for a bpf-to-bpf callee. */
  readonly cName: string;
  readonly program: Program;
  /** The eBPF function (the entry's or the callee's name). */
  readonly ebpfFunction: string;
  /** Per instruction pc, the original C location its generated lines carry. */
  readonly lines: readonly { readonly pc: number; readonly file: string; readonly line: number }[];
}

/** The C names of every program function in `output` (entries and callees), in order. */
export function generatedFunctionNames(output: NativeOutput): string[] {
  return output.functions.map((f) => f.cName);
}

/** Every program function in `output`, generated from `programs` (the list given to generateC). */
export function generatedFunctions(output: NativeOutput, programs: readonly Program[]): GeneratedFunction[] {
  return output.functions.flatMap((f) => {
    const program = programs[f.program];
    if (!program) return [];
    const lines: { pc: number; file: string; line: number }[] = [];
    const seen = new Set<number>();
    for (const l of output.lines.slice(f.headLine + 1, f.lastLine + 1)) {
      if (l.pc === undefined || !l.location || l.text.startsWith('#line') || seen.has(l.pc)) continue;
      seen.add(l.pc);
      lines.push({ pc: l.pc, file: l.location.file, line: l.location.line });
    }
    return [{ cName: f.cName, program, ebpfFunction: f.ebpfFunction, lines }];
  });
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
