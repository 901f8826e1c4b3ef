// `ebpf disasm FILE.o [--section S] [--function F] [--source] [--syntax llvm|prevail]`: each
// program's instructions (entry function, then linked subprograms) with map names in lddw,
// local calls by function name, and optionally the C source lines interleaved.
import { isSelected, noProgramMatches, type ProgramName } from '../programSelection';
import { disassembleInstruction, type DisassembleOptions, type Syntax } from '../../core/isa/disassemble';
import { CallSource, LddwSource, type Instruction } from '../../core/isa/instruction';
import type { LoadedObject } from '../../core/program/loader';
import type { Program } from '../../core/program/types';

/** Parsed command-line options: undefined where the option was not given. */
export interface DisasmOptions {
  readonly section?: string | undefined;
  readonly function?: string | undefined;
  readonly source?: boolean | undefined;
  readonly syntax?: Syntax | undefined;
}

/** How a relocated lddw is shown: the map's name, plus the offset into a global-data value. */
function lddwName(program: Program, insn: Instruction): string | undefined {
  if (insn.src !== LddwSource.MAP_FD && insn.src !== LddwSource.MAP_VALUE) return undefined;
  const imm64 = insn.imm64 ?? 0n;
  const map = program.maps[Number(imm64 & 0xffffffffn)];
  if (!map) return undefined;
  const offset = Number(imm64 >> 32n);
  return insn.src === LddwSource.MAP_VALUE && offset !== 0 ? `${map.name}+${offset}` : map.name;
}

function optionsFor(program: Program, syntax: Syntax | undefined): DisassembleOptions {
  const starts = new Map(program.functions.map((f) => [f.startPc, f.name]));
  return {
    ...(syntax && { syntax }),
    lddwName: (insn) => lddwName(program, insn),
    callName: (insn) => (insn.src === CallSource.LOCAL ? starts.get(insn.pc + 1 + insn.imm) : undefined),
  };
}

export function selectPrograms(obj: LoadedObject, file: string, options: DisasmOptions): Program[] {
  const chosen = obj.programs.filter((p) => isSelected(p, options));
  if (chosen.length === 0) throw noProgramMatches(file, options, obj.programs);
  return chosen;
}

export function disasmText(obj: LoadedObject, file: string, options: DisasmOptions): string {
  const out: string[] = [];
  const chosen = (p: ProgramName) => isSelected(p, options);
  // A program the loader could not link is named with its error; the others are still shown.
  for (const f of obj.failedPrograms.filter(chosen))
    out.push(`Disassembly of ${f.section}/${f.name}: cannot be linked: ${f.error}`, '');
  const selectable = obj.failedPrograms.some(chosen) && !obj.programs.some(chosen) ? [] : undefined;
  for (const program of selectable ?? selectPrograms(obj, file, options)) {
    out.push(
      `Disassembly of ${program.section}/${program.name}${program.programType ? ` (${program.programType.name})` : ''}:`,
    );
    const opts = optionsFor(program, options.syntax);
    const starts = new Map(program.functions.map((f) => [f.startPc, f.name]));
    let lastLine = '';
    for (const insn of program.instructions) {
      const fn = starts.get(insn.pc);
      if (fn !== undefined) {
        out.push('');
        out.push(`${fn}:`);
        lastLine = '';
      }
      if (options.source) {
        const loc = program.sourceAt(insn.pc);
        const key = loc && loc.line > 0 ? `${loc.file}:${loc.line}` : '';
        if (loc && key !== '' && key !== lastLine) {
          out.push(`; ${loc.file}:${loc.line}`);
          if (loc.text) out.push(`; ${loc.text}`);
          lastLine = key;
        }
      }
      out.push(`${String(insn.pc).padStart(8)}:\t${disassembleInstruction(insn, opts)}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** The `--json` shape of disasm: each selected program with its instructions and source lines. */
export interface DisasmJson {
  programs: {
    section: string;
    function: string;
    type: string | null;
    instructions: { pc: number; function?: string; text: string; line?: string }[];
  }[];
}

export function disasmJson(obj: LoadedObject, file: string, options: DisasmOptions): DisasmJson {
  return {
    programs: selectPrograms(obj, file, options).map((program) => {
      const opts = optionsFor(program, options.syntax);
      const starts = new Map(program.functions.map((f) => [f.startPc, f.name]));
      return {
        section: program.section,
        function: program.name,
        type: program.programType?.name ?? null,
        instructions: program.instructions.map((insn) => {
          const loc = program.sourceAt(insn.pc);
          const fn = starts.get(insn.pc);
          return {
            pc: insn.pc,
            ...(fn !== undefined ? { function: fn } : {}),
            text: disassembleInstruction(insn, opts),
            ...(loc && loc.line > 0 ? { line: `${loc.file}:${loc.line}` } : {}),
          };
        }),
      };
    }),
  };
}
