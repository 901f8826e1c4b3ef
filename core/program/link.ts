// Builds one program's code: the entry function, then every function it reaches through
// bpf-to-bpf calls or function-pointer lddw (callbacks), appended in discovery order as libbpf
// does. Calls are re-targeted so that pc + 1 + imm reaches the callee in the program, lddw map
// references become MAP_FD / MAP_VALUE with the map index, and line info follows the code.

import { BpfRelocation, SHN_UNDEF, SymbolType } from '../elf/constants';
import { CallSource, INSN_SIZE, LddwSource, type Instruction } from '../isa/instruction';
import { LoadError } from './errors';
import type { CodeFunction, CodeSection } from './codeSections';
import type { ObjectMaps } from './maps';
import type { KsymFunction } from '../btf/ksyms';
import type { InlinedConstantAt } from './inlinedConstants';
import type { FunctionInfo, FunctionPlacement, SourceLocation } from './types';

const CALL = 0x85;
const LDDW = 0x18;

export interface LinkedCode {
  readonly instructions: Instruction[];
  readonly functions: FunctionInfo[];
  readonly lineTable: { pc: number; location: SourceLocation }[];
  /** Where each function came from in the object (for DWARF addresses). */
  readonly placements: FunctionPlacement[];
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
  /** `.ksyms` extern functions by name: a call to one becomes a call by BTF id (src=2). */
  readonly ksyms?: ReadonlyMap<string, KsymFunction>;
  /** The platform wants a `module_id` decl tag on each (eBPF for Windows' BTF-resolved functions). */
  readonly ksymsNeedModule?: boolean;
  /** Global constants the platform's agent loader turns into immediates (Cilium's CONFIG()). */
  readonly inlinedConstant?: InlinedConstantAt;
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
    if (!fn || (code.indexBySlot[slot] ?? -1) < 0) {
      throw new LoadError(
        `${what} targets offset ${slot * INSN_SIZE} of section ${code.section.name}, which is not an instruction`,
      );
    }
    return place(code, fn).start + (slot - fn.start);
  };

  const instructions: Instruction[] = [];
  const functions: FunctionInfo[] = [];
  const lineTable: { pc: number; location: SourceLocation }[] = [];

  // Depth-first like libbpf: a callee is appended when first met and walked before the caller
  // continues, so our pcs equal the kernel's xlated pcs. An explicit stack (not recursion) keeps
  // a hostile call chain from exhausting the JavaScript stack.
  const stack: { placed: Placed; next: number }[] = [];
  const enter = (p: Placed): void => {
    const first = p.code.indexBySlot[p.fn.start] ?? -1;
    if (first < 0)
      throw new LoadError(`function ${p.fn.name} in section ${p.code.section.name} does not start at an instruction`);
    stack.push({ placed: p, next: first });
    finishFunction(p, placed.length === 1, ctx, functions, lineTable);
  };
  enter(place(entryCode, entry));
  let before = placed.length;
  for (let frame = stack.at(-1); frame !== undefined; frame = stack.at(-1)) {
    const { code, fn, start } = frame.placed;
    const original = code.instructions[frame.next];
    if (original === undefined || original.pc >= fn.end) {
      stack.pop();
      continue;
    }
    frame.next++;
    instructions.push(Object.freeze(relocate(original, start + (original.pc - fn.start), code, ctx, programPcOf)));
    // Walk each newly placed function before continuing here.
    for (let p = placed[before]; p !== undefined; p = placed[++before]) enter(p);
  }
  instructions.sort((a, b) => a.pc - b.pc);
  functions.sort((a, b) => a.startPc - b.startPc);
  const placements = placed.map((p) =>
    Object.freeze({
      startPc: p.start,
      endPc: p.start + (p.fn.end - p.fn.start),
      section: p.code.section.index,
      sectionSlot: p.fn.start,
    }),
  );
  return { instructions, functions, lineTable, placements };
}

/** FunctionInfo and line table entries of one placed function. */
function finishFunction(
  p: Placed,
  isEntry: boolean,
  ctx: LinkContext,
  functions: FunctionInfo[],
  lineTable: { pc: number; location: SourceLocation }[],
): void {
  const { code, fn, start } = p;
  const funcInfo = code.funcInfo.find((f) => f.insnOffset === fn.start * INSN_SIZE);
  functions.push(
    Object.freeze({
      name: fn.name,
      startPc: start,
      endPc: start + (fn.end - fn.start),
      btfId: funcInfo?.typeId ?? 0,
      isEntry,
      ...(fn.hidden ? { hidden: true as const } : {}),
    }),
  );
  for (const line of code.linesIn(fn.start, fn.end)) {
    if (line.insnOffset % INSN_SIZE !== 0) continue;
    const slot = line.insnOffset / INSN_SIZE;
    const text = line.text || ctx.sourceLine?.(line.file, line.line) || '';
    lineTable.push(
      Object.freeze({
        pc: start + (slot - fn.start),
        location: Object.freeze({ file: line.file, line: line.line, column: line.column, text }),
      }),
    );
  }
}

function relocate(
  original: Instruction,
  pc: number,
  code: CodeSection,
  ctx: LinkContext,
  programPcOf: (sectionIndex: number, slot: number, what: string) => number,
): Instruction {
  const where = `instruction at offset ${original.pc * INSN_SIZE} of section ${code.section.name}`;
  const insn: Instruction = { ...original, pc };
  const reloc = code.relocationBySlot.get(original.pc);
  if (original.opcode === CALL && original.src === CallSource.LOCAL) {
    let target: number;
    if (reloc) {
      if (reloc.type !== BpfRelocation.R_BPF_64_32)
        ctx.warnings.push(`${where}: unexpected relocation type ${reloc.type} on a call`);
      if (reloc.symbol.value % INSN_SIZE !== 0)
        throw new LoadError(`${where}: call target symbol ${reloc.symbol.name} is not instruction-aligned`);
      if (reloc.symbol.sectionIndex === SHN_UNDEF) {
        const ksym = ctx.ksyms?.get(reloc.symbol.name);
        if (!ksym) throw new LoadError(`${where}: calls undefined function ${reloc.symbol.name}`);
        if (ctx.ksymsNeedModule && ksym.moduleId === undefined)
          throw new LoadError(
            `${where}: the BTF-resolved function ${ksym.name} has no module_id decl tag; declare it with __attribute__((btf_decl_tag("module_id:{GUID}"))) naming the extension that provides it`,
          );
        return { ...insn, src: CallSource.KFUNC, imm: ksym.btfId };
      }
      target = programPcOf(reloc.symbol.sectionIndex, reloc.symbol.value / INSN_SIZE + original.imm + 1, where);
    } else {
      target = programPcOf(code.section.index, original.pc + 1 + original.imm, where);
    }
    return { ...insn, imm: target - (pc + 1) };
  }
  if (!reloc) return insn;
  if (original.opcode === LDDW) return relocateLddw(insn, original, reloc.symbol, where, ctx, programPcOf);
  if (original.opcode === CALL && reloc.symbol.sectionIndex === SHN_UNDEF) {
    ctx.warnings.push(`${where}: call to extern ${reloc.symbol.name} (kfunc) is not resolved`);
  } else {
    ctx.warnings.push(`${where}: relocation against ${reloc.symbol.name} on a non-lddw instruction ignored`);
  }
  return insn;
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
  const kconfig = symbol.sectionIndex === SHN_UNDEF ? ctx.maps.kconfigVariable(symbol.name) : undefined;
  if (kconfig) {
    const { map, offset } = kconfig;
    return { ...insn, src: LddwSource.MAP_VALUE, imm: map.index, imm64: (BigInt(offset) << 32n) | BigInt(map.index) };
  }
  if (symbol.sectionIndex === SHN_UNDEF) {
    ctx.warnings.push(`${where}: lddw of extern ${symbol.name} (kconfig/ksym) is not resolved`);
    return insn;
  }
  if (ctx.maps.isMapSection(symbol.sectionIndex)) {
    // Map symbols name the map; a section symbol plus addend names it by offset.
    const map = ctx.maps.mapAt(symbol.sectionIndex, symbol.value + (symbol.type === SymbolType.SECTION ? addend : 0));
    if (!map) throw new LoadError(`${where}: lddw refers to ${symbol.name}, which is not a map definition`);
    return { ...insn, src: LddwSource.MAP_FD, imm: map.index, imm64: BigInt(map.index) };
  }
  const inlined = ctx.inlinedConstant?.(symbol.sectionIndex, symbol.value + addend);
  if (inlined) {
    const imm = Number(BigInt.asIntN(32, inlined.value));
    return { ...insn, src: LddwSource.IMM64, imm, imm64: inlined.value };
  }
  const data = ctx.maps.globalDataMap(symbol.sectionIndex);
  if (data) {
    const offset = symbol.value + addend;
    if (offset < 0 || offset > data.valueSize)
      throw new LoadError(
        `${where}: reference to ${symbol.name}+${addend} is outside ${data.name} (${data.valueSize} bytes)`,
      );
    return { ...insn, src: LddwSource.MAP_VALUE, imm: data.index, imm64: (BigInt(offset) << 32n) | BigInt(data.index) };
  }
  if (ctx.codeBySection.has(symbol.sectionIndex)) {
    // A function address (callback for bpf_loop / bpf_for_each_map_elem): the addend is in bytes.
    const byteOffset = symbol.value + addend;
    if (byteOffset % INSN_SIZE !== 0)
      throw new LoadError(`${where}: function address ${symbol.name}+${addend} is not instruction-aligned`);
    const target = programPcOf(symbol.sectionIndex, byteOffset / INSN_SIZE, where);
    const imm = target - (insn.pc + 1);
    return { ...insn, src: LddwSource.FUNC, imm, imm64: BigInt.asUintN(32, BigInt(imm)) };
  }
  ctx.warnings.push(
    `${where}: lddw refers to ${symbol.name}, which is neither a map, global data nor code; left as is`,
  );
  return insn;
}
