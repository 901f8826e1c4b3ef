// Builds one program's code: the entry function, then every function it reaches through
// bpf-to-bpf calls or function-pointer lddw (callbacks), appended in discovery order as libbpf
// does. Calls are re-targeted so that pc + 1 + imm reaches the callee in the program, lddw map
// references become MAP_FD / MAP_VALUE with the map index, and line info follows the code.

import { BpfRelocation, SHN_UNDEF } from '../elf/constants';
import { CallSource, INSN_SIZE, LddwSource, type Instruction } from '../isa/instruction';
import { LoadError } from './errors';
import type { CodeFunction, CodeSection } from './codeSections';
import type { ObjectMaps } from './maps';
import type { FunctionInfo, SourceLocation } from './types';

const CALL = 0x85;
const LDDW = 0x18;

export interface LinkedCode {
  readonly instructions: Instruction[];
  readonly functions: FunctionInfo[];
  readonly lineTable: { pc: number; location: SourceLocation }[];
}

interface Placed {
  readonly code: CodeSection;
  readonly fn: CodeFunction;
  /** The function's first slot in the program. */
  readonly start: number;
}

export interface LinkContext {
  /** Code sections by ELF section index. */
  readonly codeBySection: ReadonlyMap<number, CodeSection>;
  readonly maps: ObjectMaps;
  /** Source line text for line info that carries none (from the editor buffer). */
  readonly sourceLine?: (file: string, line: number) => string | undefined;
  readonly warnings: string[];
}

export function linkProgram(entryCode: CodeSection, entry: CodeFunction, ctx: LinkContext): LinkedCode {
  const placed: Placed[] = [];
  const placedByKey = new Map<string, Placed>();
  let nextSlot = 0;
  const place = (code: CodeSection, fn: CodeFunction): Placed => {
    const key = `${code.section.index}:${fn.start}`;
    let p = placedByKey.get(key);
    if (!p) {
      p = { code, fn, start: nextSlot };
      nextSlot += fn.end - fn.start;
      placed.push(p);
      placedByKey.set(key, p);
    }
    return p;
  };
  /** The program pc of a (section, slot) code address, placing its function when needed. */
  const programPcOf = (sectionIndex: number, slot: number, what: string): number => {
    const code = ctx.codeBySection.get(sectionIndex);
    if (!code) throw new LoadError(`${what} targets section ${sectionIndex}, which holds no code`);
    const fn = code.functionAt(slot);
    if (!fn || code.indexBySlot[slot] < 0) {
      throw new LoadError(`${what} targets offset ${slot * INSN_SIZE} of section ${code.section.name}, which is not an instruction`);
    }
    return place(code, fn).start + (slot - fn.start);
  };

  place(entryCode, entry);
  const instructions: Instruction[] = [];
  const functions: FunctionInfo[] = [];
  const lineTable: { pc: number; location: SourceLocation }[] = [];

  // `placed` grows while we walk it: each function is processed exactly once.
  for (let i = 0; i < placed.length; i++) {
    const { code, fn, start } = placed[i];
    const where = (slot: number): string => `instruction at offset ${slot * INSN_SIZE} of section ${code.section.name}`;
    for (let index = code.indexBySlot[fn.start]; index < code.instructions.length && code.instructions[index].pc < fn.end; index++) {
      const original = code.instructions[index];
      const pc = start + (original.pc - fn.start);
      let insn: Instruction = { ...original, pc };
      const reloc = code.relocationBySlot.get(original.pc);

      if (original.opcode === CALL && original.src === CallSource.LOCAL) {
        let target: number;
        if (reloc) {
          if (reloc.type !== BpfRelocation.R_BPF_64_32) ctx.warnings.push(`${where(original.pc)}: unexpected relocation type ${reloc.type} on a call`);
          if (reloc.symbol.value % INSN_SIZE !== 0) throw new LoadError(`${where(original.pc)}: call target symbol ${reloc.symbol.name} is not instruction-aligned`);
          if (reloc.symbol.sectionIndex === SHN_UNDEF) throw new LoadError(`${where(original.pc)}: calls undefined function ${reloc.symbol.name}`);
          target = programPcOf(reloc.symbol.sectionIndex, reloc.symbol.value / INSN_SIZE + original.imm + 1, where(original.pc));
        } else {
          target = programPcOf(code.section.index, original.pc + 1 + original.imm, where(original.pc));
        }
        insn = { ...insn, imm: target - (pc + 1) };
      } else if (original.opcode === LDDW && reloc) {
        insn = relocateLddw(insn, original, reloc.symbol, where(original.pc), ctx, programPcOf);
      } else if (reloc && original.opcode === CALL && reloc.symbol.sectionIndex === SHN_UNDEF) {
        ctx.warnings.push(`${where(original.pc)}: call to extern ${reloc.symbol.name} (kfunc) is not resolved`);
      } else if (reloc) {
        ctx.warnings.push(`${where(original.pc)}: relocation against ${reloc.symbol.name} on a non-lddw instruction ignored`);
      }
      instructions.push(Object.freeze(insn));
    }

    const funcInfo = code.funcInfo.find((f) => f.insnOffset === fn.start * INSN_SIZE);
    functions.push(Object.freeze({ name: fn.name, startPc: start, endPc: start + (fn.end - fn.start), btfId: funcInfo?.typeId ?? 0, isEntry: i === 0 }));

    for (const line of code.lineInfo) {
      if (line.insnOffset % INSN_SIZE !== 0) continue;
      const slot = line.insnOffset / INSN_SIZE;
      if (slot < fn.start || slot >= fn.end) continue;
      const text = line.text || ctx.sourceLine?.(line.file, line.line) || '';
      lineTable.push({ pc: start + (slot - fn.start), location: Object.freeze({ file: line.file, line: line.line, column: line.column, text }) });
    }
  }
  return { instructions, functions, lineTable };
}

function relocateLddw(
  insn: Instruction,
  original: Instruction,
  symbol: { name: string; value: number; sectionIndex: number; type: number },
  where: string,
  ctx: LinkContext,
  programPcOf: (sectionIndex: number, slot: number, what: string) => number,
): Instruction {
  const addend = original.imm; // REL: the addend sits in the first half's imm.
  if (symbol.sectionIndex === SHN_UNDEF) {
    ctx.warnings.push(`${where}: lddw of extern ${symbol.name} (kconfig/ksym) is not resolved`);
    return insn;
  }
  if (ctx.maps.isMapSection(symbol.sectionIndex)) {
    // Map symbols name the map; a section symbol plus addend names it by offset.
    const map = ctx.maps.mapAt(symbol.sectionIndex, symbol.value + (symbol.type === 3 ? addend : 0));
    if (!map) throw new LoadError(`${where}: lddw refers to ${symbol.name}, which is not a map definition`);
    return { ...insn, src: LddwSource.MAP_FD, imm: map.index, imm64: BigInt(map.index) };
  }
  const data = ctx.maps.globalDataMap(symbol.sectionIndex);
  if (data) {
    const offset = symbol.value + addend;
    if (offset < 0 || offset > data.valueSize) throw new LoadError(`${where}: reference to ${symbol.name}+${addend} is outside ${data.name} (${data.valueSize} bytes)`);
    return { ...insn, src: LddwSource.MAP_VALUE, imm: data.index, imm64: (BigInt(offset) << 32n) | BigInt(data.index) };
  }
  if (ctx.codeBySection.has(symbol.sectionIndex)) {
    // A function address (callback for bpf_loop / bpf_for_each_map_elem): the addend is in bytes.
    const byteOffset = symbol.value + addend;
    if (byteOffset % INSN_SIZE !== 0) throw new LoadError(`${where}: function address ${symbol.name}+${addend} is not instruction-aligned`);
    const target = programPcOf(symbol.sectionIndex, byteOffset / INSN_SIZE, where);
    const imm = target - (insn.pc + 1);
    return { ...insn, src: LddwSource.FUNC, imm, imm64: BigInt.asUintN(32, BigInt(imm)) };
  }
  ctx.warnings.push(`${where}: lddw refers to ${symbol.name}, which is neither a map, global data nor code; left as is`);
  return insn;
}
