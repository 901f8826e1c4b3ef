// Builds a Program straight from instructions (no ELF): for the conformance plugin, assembled
// tests and `ebpf run --program HEX`. The loader builds ELF programs through the same class.

import type { Btf } from '../btf/parse';
import type { Instruction } from '../isa/instruction';
import type { PlatformProfile, ProgramType } from '../platform/types';
import type { Address, DwarfFrame, DwarfInfo, VariableAt } from '../dwarf';
import type { ProgramTypeSource } from './programTypes';
import type { FunctionInfo, FunctionPlacement, InlinedCall, MapDefinition, Program, SourceLocation } from './types';

export interface ProgramParts {
  readonly section: string;
  readonly name: string;
  readonly platform: PlatformProfile;
  readonly programType: ProgramType | undefined;
  /** Defaults to 'section' when a type is given, else 'unknown'. */
  readonly programTypeSource?: ProgramTypeSource;
  readonly declaration?: SourceLocation | undefined;
  readonly instructions: readonly Instruction[];
  readonly functions?: readonly FunctionInfo[];
  readonly lineTable?: readonly { readonly pc: number; readonly location: SourceLocation }[];
  readonly maps?: readonly MapDefinition[];
  readonly btf?: Btf | undefined;
  readonly loadWarnings?: readonly string[];
  /**
   * The object's DWARF and where each function's code sits in the object, for C-level queries.
   * A function is called on first use only (and must remember its result): most verifications
   * never name a C variable, and parsing DWARF was a third of loading an object.
   */
  readonly dwarf?: DwarfInfo | (() => DwarfInfo | undefined) | undefined;
  readonly placements?: readonly FunctionPlacement[];
}

class LoadedProgram implements Program {
  readonly section: string;
  readonly name: string;
  readonly platform: PlatformProfile;
  readonly programType: ProgramType | undefined;
  readonly programTypeSource: ProgramTypeSource;
  readonly declaration: SourceLocation | undefined;
  readonly instructions: readonly Instruction[];
  readonly slotCount: number;
  readonly functions: readonly FunctionInfo[];
  readonly lineTable: readonly { readonly pc: number; readonly location: SourceLocation }[];
  readonly maps: readonly MapDefinition[];
  readonly btf: Btf | undefined;
  readonly loadWarnings: readonly string[];
  private readonly dwarfSource: DwarfInfo | (() => DwarfInfo | undefined) | undefined;
  private readonly placements: readonly FunctionPlacement[];
  /** Frames per pc, computed on first use (a Map: the program object itself is frozen). */
  private readonly framesCache = new Map<number, readonly DwarfFrame[]>();
  private readonly pcToIndex: Int32Array;
  private readonly pcToSource: (SourceLocation | undefined)[];

  constructor(parts: ProgramParts) {
    this.section = parts.section;
    this.name = parts.name;
    this.platform = parts.platform;
    this.programType = parts.programType;
    this.programTypeSource = parts.programTypeSource ?? { kind: parts.programType ? 'section' : 'unknown' };
    this.instructions = Object.freeze([...parts.instructions]);
    const last = this.instructions[this.instructions.length - 1];
    this.slotCount = last ? last.pc + last.slots : 0;
    this.functions = Object.freeze([
      ...(parts.functions ?? [{ name: parts.name, startPc: 0, endPc: this.slotCount, btfId: 0, isEntry: true }]),
    ]);
    this.lineTable = Object.freeze([...(parts.lineTable ?? [])].sort((a, b) => a.pc - b.pc));
    this.maps = Object.freeze([...(parts.maps ?? [])]);
    this.btf = parts.btf;
    this.loadWarnings = Object.freeze([...(parts.loadWarnings ?? [])]);
    this.declaration = parts.declaration ?? this.lineTable.find((l) => l.location.line > 0)?.location;
    this.dwarfSource = parts.dwarf;
    this.placements = parts.placements ?? [];

    this.pcToIndex = new Int32Array(this.slotCount).fill(-1);
    this.instructions.forEach((insn, index) => {
      this.pcToIndex[insn.pc] = index;
    });
    // Line info names the first instruction of a statement; following instructions inherit it.
    this.pcToSource = new Array<SourceLocation | undefined>(this.slotCount).fill(undefined);
    const functionStarts = new Set(this.functions.map((f) => f.startPc));
    // Where several records share a pc, the last one wins (as in the sweep below).
    const lineAt = new Map<number, SourceLocation>();
    for (const l of this.lineTable) lineAt.set(l.pc, l.location);
    let entry = 0;
    let current: SourceLocation | undefined;
    for (let pc = 0; pc < this.slotCount; pc++) {
      for (let next = this.lineTable[entry]; next !== undefined && next.pc <= pc; next = this.lineTable[++entry])
        current = next.location;
      if (functionStarts.has(pc)) {
        // A new function starts: do not carry the previous function's line into it.
        current = lineAt.get(pc);
      }
      // Line 0 marks compiler-generated code with no source line (BTF keeps such records).
      this.pcToSource[pc] = current && current.line > 0 ? current : undefined;
    }
  }

  get dwarf(): DwarfInfo | undefined {
    return typeof this.dwarfSource === 'function' ? this.dwarfSource() : this.dwarfSource;
  }

  indexOfPc(pc: number): number {
    return (pc >= 0 && pc < this.slotCount ? this.pcToIndex[pc] : undefined) ?? -1;
  }

  sourceAt(pc: number): SourceLocation | undefined {
    return pc >= 0 && pc < this.slotCount ? this.pcToSource[pc] : undefined;
  }

  dwarfAddressOf(pc: number): Address | undefined {
    const p = this.placements.find((f) => pc >= f.startPc && pc < f.endPc);
    return p ? { section: p.section, offset: (p.sectionSlot + pc - p.startPc) * 8 } : undefined;
  }

  pcOfDwarfAddress(a: Address): number | undefined {
    if (a.offset % 8 !== 0) return undefined;
    const slot = a.offset / 8;
    const p = this.placements.find(
      (f) => f.section === a.section && slot >= f.sectionSlot && slot < f.sectionSlot + f.endPc - f.startPc,
    );
    const pc = p ? p.startPc + slot - p.sectionSlot : undefined;
    return pc !== undefined && this.indexOfPc(pc) >= 0 ? pc : undefined;
  }

  debugFramesAt(pc: number): readonly DwarfFrame[] {
    let frames = this.framesCache.get(pc);
    if (!frames) {
      const dwarf = this.dwarf;
      if (!dwarf) return [];
      const address = this.dwarfAddressOf(pc);
      frames = Object.freeze(address ? dwarf.framesAt(address) : []);
      this.framesCache.set(pc, frames);
    }
    return frames;
  }

  variablesAt(pc: number): readonly VariableAt[] {
    return this.debugFramesAt(pc)[0]?.variables ?? [];
  }

  inlinedCallsAt(pc: number): readonly InlinedCall[] {
    return this.debugFramesAt(pc).flatMap((f) =>
      f.inlined && f.callSite ? [{ function: f.function, callSite: f.callSite }] : [],
    );
  }
}

export function createProgram(parts: ProgramParts): Program {
  return Object.freeze(new LoadedProgram(parts));
}

/** A program of bare instructions: no maps, no line info, one function. */
export function programFromInstructions(
  instructions: readonly Instruction[],
  platform: PlatformProfile,
  programType?: ProgramType,
  name = 'main',
): Program {
  return createProgram({ section: '.text', name, platform, programType, instructions });
}
