// What every consumer of the engine receives: a loaded, relocated, immutable program.
// The loader (core/program/loader.ts) builds these from an ELF object; tests may build them
// from assembled instructions with `programFromInstructions`.

import type { Btf } from '../btf/parse';
import type { Address, DwarfFrame, DwarfInfo, SourcePoint, VariableAt } from '../dwarf';
import type { Instruction } from '../isa/instruction';
import type { MapTypeInfo, PlatformProfile, ProgramType } from '../platform/types';
import type { ProgramTypeSource } from './programTypes';

/** A BTF type id, or 0 where no BTF is known. */
export type BtfTypeId = number;

/** A statically initialised slot of a map-in-map or program array (`.values = { [k] = &x }`). */
export interface MapInitialEntry {
  readonly key: number;
  /** Whether the slot holds a map (map-in-map) or a program (prog array, for tail calls). */
  readonly kind: 'map' | 'program';
  /** The map's name (as in MapDefinition.name) or the program's function name. */
  readonly name: string;
}

export interface MapDefinition {
  /** Index in Program.maps; relocated lddw instructions refer to maps by this index. */
  readonly index: number;
  readonly name: string;
  /** The platform's numeric map type. */
  readonly type: number;
  /** Decoded type information, undefined when the platform does not know the number. */
  readonly typeInfo: MapTypeInfo | undefined;
  readonly keySize: number;
  readonly valueSize: number;
  readonly maxEntries: number;
  readonly flags: number;
  /** BTF types of key and value (0 when the map was declared without BTF). */
  readonly keyTypeId: BtfTypeId;
  readonly valueTypeId: BtfTypeId;
  /** For map-in-map: the inner map's template index, if any. */
  readonly innerMapIndex?: number;
  readonly pinning: number;
  /** BTF maps only: slots initialised in the declaration (`__array(values, ...)` with an initialiser). */
  readonly initialEntries?: readonly MapInitialEntry[];
  /** How it was declared: BTF `.maps`, legacy `maps` section, or a global-data section. */
  readonly origin: 'btf' | 'legacy' | 'global-data';
  /**
   * Linux legacy maps in iproute2's layout (struct bpf_elf_map, as Cilium declares its tail-call
   * map): the `id` field, by which tail-call sections `ID/SLOT` name the program array.
   */
  readonly iproute2Id?: number;
  /**
   * Global data only: the section's initial bytes (zeros for .bss); the value of key 0. Shared by
   * every program of the object: copy it before writing (a typed array cannot be frozen).
   */
  readonly initialValue?: Uint8Array;
  /** The ELF section that declares it (.maps, maps, .data, .rodata, .bss, .rodata.str1.1...). */
  readonly section?: string;
  /** Global data only: whether the program may write it (.rodata is read-only). */
  readonly readOnly?: boolean;
}

/** A source position from BTF line info. Lines and columns are 1-based; column 0 = unknown. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The source line's text as recorded in .BTF.ext (may be empty). */
  readonly text: string;
}

export interface FunctionInfo {
  readonly name: string;
  /** First instruction slot (pc) of the function within the program. */
  readonly startPc: number;
  /** One past the last slot. */
  readonly endPc: number;
  /** BTF FUNC id, 0 when unknown. */
  readonly btfId: BtfTypeId;
  /** The entry function is index 0; subprograms linked in for bpf-to-bpf calls follow. */
  readonly isEntry: boolean;
  /**
   * A global function with hidden visibility: libbpf rewrites its BTF linkage to static, so the
   * kernel verifies it in its caller's context rather than on its own.
   */
  readonly hidden?: true;
}

export interface Program {
  /** ELF section of the entry function (xdp, bind, cgroup/connect4, .text...). */
  readonly section: string;
  /** Name of the entry function symbol. */
  readonly name: string;
  readonly platform: PlatformProfile;
  /** Resolved program type; undefined when neither the user, the section nor a tail call gives one. */
  readonly programType: ProgramType | undefined;
  /** Where the type came from (a rule the user gave, the section name, a caller's tail call). */
  readonly programTypeSource: ProgramTypeSource;
  /** The `SEC("...")` line of the entry function, when the source text is known; else its first line. */
  readonly declaration: SourceLocation | undefined;
  /**
   * The instructions of the entry function followed by every subprogram it reaches, ordered by
   * pc. Local calls (call src=1) are relocated so that `pc + 1 + imm` is the callee's first slot.
   * `lddw` map references are relocated to src=MAP_FD / MAP_VALUE with imm = map index
   * (and the value offset in the upper half's imm for MAP_VALUE).
   */
  readonly instructions: readonly Instruction[];
  /** Total number of 8-byte slots (lddw counts 2). */
  readonly slotCount: number;
  /** Index into `instructions` for a pc, or -1 when pc is not an instruction start. */
  indexOfPc(pc: number): number;
  readonly functions: readonly FunctionInfo[];
  /** Source location per pc where line info exists (undefined where BTF says line 0: compiler-generated code). */
  sourceAt(pc: number): SourceLocation | undefined;
  /** Every (pc, location) pair from line info, in pc order (including BTF's line-0 records). */
  readonly lineTable: readonly { readonly pc: number; readonly location: SourceLocation }[];
  /** All maps of the object (including global-data maps), shared by every program in it. */
  readonly maps: readonly MapDefinition[];
  /** The object-wide BTF, when present (parsed by core/btf): types for maps, globals, functions. */
  readonly btf: Btf | undefined;
  /** Diagnostics found while loading that do not stop the load (missing line info, unknown section...). */
  readonly loadWarnings: readonly string[];
  /** The object's DWARF (clang -g), undefined when absent or unreadable (then a load warning says why). */
  readonly dwarf: DwarfInfo | undefined;
  /** The DWARF address (ELF section, byte offset) of a pc, undefined when unknown. */
  dwarfAddressOf(pc: number): Address | undefined;
  /** The instruction at a DWARF address (the inverse of dwarfAddressOf), undefined when none starts there. */
  pcOfDwarfAddress(address: Address): number | undefined;
  /**
   * The C frames at a pc from DWARF: innermost inlined call first, the real function last, each
   * with the variables and parameters in scope there and where each lives. [] without DWARF.
   */
  debugFramesAt(pc: number): readonly DwarfFrame[];
  /** The C variables and parameters in scope at a pc (those of the innermost frame). */
  variablesAt(pc: number): readonly VariableAt[];
  /** The inlined calls a pc is inside, innermost first ([] outside inlined code or without DWARF). */
  inlinedCallsAt(pc: number): readonly InlinedCall[];
}

/** An inlined call the pc is in: the inlined function and where the caller called it. */
export interface InlinedCall {
  readonly function: string;
  readonly callSite: SourcePoint;
}

/** Where a function of the program came from in the object (for DWARF addresses). */
export interface FunctionPlacement {
  readonly startPc: number;
  readonly endPc: number;
  /** ELF section index of its code. */
  readonly section: number;
  /** Its first instruction's slot in that section. */
  readonly sectionSlot: number;
}
