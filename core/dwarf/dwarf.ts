// parseDwarf: the C-level debug information of a BPF object. Functions with their scope trees
// (lexical blocks, inlined calls with their call sites), every variable and parameter with its
// type and location (an expression for the whole scope, a location list by address range, a
// constant, or nothing: optimized out), and the object's global variables. Queries by address
// give the stack of inlined frames and the variables visible in each.

import { dwarfSourceFiles } from '../elf/dwarfFiles';
import type { ElfFile } from '../elf/elf';
import { DW_AT, DW_ATE, DW_TAG } from './constants';
import { readUnits, type Address, type AttrValue, type Die, type Unit } from './die';
import { DwarfError } from './errors';
import { decodeExpression, type BaseType, type Op } from './expr';
import { ListReader, type AddressRange } from './lists';
import { readDebugSections, type DebugSections } from './sections';
import { TypeBuilder, typeName, type DieAccess, type DwarfType } from './types';

export type VariableLocation =
  /** One expression valid wherever the variable's scope is. */
  | { readonly kind: 'expression'; readonly ops: readonly Op[] }
  /** A location list: an expression per address range (absent ranges: optimized out). */
  | {
      readonly kind: 'list';
      readonly entries: readonly { readonly range: AddressRange | undefined; readonly ops: readonly Op[] }[];
    }
  /** DW_AT_const_value. */
  | { readonly kind: 'const'; readonly value: bigint | Uint8Array }
  /** No location: optimized out everywhere. */
  | { readonly kind: 'none' }
  /** A location this reader cannot decode (the reason names the operation). */
  | { readonly kind: 'unreadable'; readonly reason: string };

export interface DwarfVariable {
  readonly name: string;
  readonly isParameter: boolean;
  readonly type: DwarfType;
  readonly typeName: string;
  readonly declFile: string | undefined;
  readonly declLine: number | undefined;
  readonly location: VariableLocation;
  /** The DIE that describes it (the concrete one for an inlined copy). */
  readonly dieOffset: number;
}

export interface SourcePoint {
  readonly file: string | undefined;
  readonly line: number;
  readonly column: number;
}

export interface DwarfScope {
  readonly kind: 'function' | 'inlined' | 'block';
  /** The function's name for function and inlined scopes; '' for a lexical block. */
  readonly name: string;
  readonly ranges: readonly AddressRange[];
  readonly variables: readonly DwarfVariable[];
  readonly children: readonly DwarfScope[];
  /** Inlined scopes: where the call was written. */
  readonly callSite?: SourcePoint;
  /** Function scopes: DW_AT_frame_base. */
  readonly frameBase?: readonly Op[];
  readonly dieOffset: number;
}

/** One frame at an address: a real function or an inlined call in it. */
export interface DwarfFrame {
  readonly function: string;
  readonly inlined: boolean;
  /** Inlined frames: the call site in the caller frame (the next frame in the list). */
  readonly callSite: SourcePoint | undefined;
  /** Variables visible at the address in this frame (blocks included, nested inlined calls not), innermost first. */
  readonly variables: readonly VariableAt[];
  readonly scope: DwarfScope;
}

export interface VariableAt {
  readonly variable: DwarfVariable;
  /** The expression that locates it here; undefined = optimized out at this address. */
  readonly ops: readonly Op[] | undefined;
  /** A constant value (DW_AT_const_value) instead of a location. */
  readonly constValue?: bigint | Uint8Array;
  /** Why the location cannot be read, when the reader could not decode it. */
  readonly unreadable?: string;
}

export interface DwarfInfo {
  readonly version: number;
  /** Functions that have code (DW_AT_low_pc or ranges), in DIE order. */
  readonly functions: readonly DwarfScope[];
  readonly globals: readonly DwarfVariable[];
  /** Frames at an address, innermost first (an inlined call, ..., the function); [] when none covers it. */
  framesAt(address: Address): DwarfFrame[];
  /** A .debug_addr entry (for DW_OP_addrx), by the unit of the function covering it. */
  addrx(unitOffset: number, index: number): Address | undefined;
  /** .debug_info offsets of the compile units, ascending (a DIE belongs to the last one before it). */
  readonly unitOffsets: readonly number[];
  /** Every variable/parameter DIE with a name, abstract ones included (for tests and tools), in DIE order. */
  readonly allVariables: readonly DwarfVariable[];
  /** A named type (`iphdr`, `__be32`, `int`); `tag` narrows to `struct X` / `union X` / `enum X`. */
  typeByName(name: string, tag?: 'struct' | 'union' | 'enum'): DwarfType | undefined;
  /** ELF section names by index (what a relocated DW_OP_addr points into). */
  readonly sectionNames: ReadonlyMap<number, string>;
  /** Every inlined call with code, in DIE order. */
  readonly inlinedCalls: readonly DwarfScope[];
}

/** Reads the DWARF of an ELF object; undefined when there is none. Throws DwarfError when malformed. */
export function parseDwarf(elf: ElfFile): DwarfInfo | undefined {
  const sections = readDebugSections(elf);
  const units = readUnits(sections);
  if (units.length === 0) return undefined;
  return new Reader(elf, sections, units).build(new Map(elf.sections.map((s) => [s.index, s.name])));
}

const UTF8 = new TextDecoder();

class Reader implements DieAccess {
  private readonly lists: ListReader;
  private readonly types: TypeBuilder;
  private readonly dieByOffset = new Map<number, Die>();
  private readonly files: string[];
  private readonly strOffsets: DebugSections['.debug_str_offsets'];
  private readonly inlinedCalls: DwarfScope[] = [];

  constructor(
    elf: ElfFile,
    private readonly sections: DebugSections,
    private readonly units: Unit[],
  ) {
    this.lists = new ListReader(sections);
    this.types = new TypeBuilder(this);
    this.strOffsets = sections['.debug_str_offsets'];
    this.files = dwarfSourceFiles(elf);
    for (const u of units) {
      const stack: Die[] = [u.root];
      for (let d = stack.pop(); d !== undefined; d = stack.pop()) {
        this.dieByOffset.set(d.offset, d);
        for (const c of d.children) stack.push(c);
      }
      const low = u.root.attrs.get(DW_AT.low_pc);
      u.baseAddress = low ? (this.address(u, low) ?? u.baseAddress) : u.baseAddress;
    }
  }

  build(sectionNames: ReadonlyMap<number, string>): DwarfInfo {
    const functions: DwarfScope[] = [];
    const globals: DwarfVariable[] = [];
    for (const u of this.units) {
      for (const die of u.root.children) {
        if (die.tag === DW_TAG.subprogram) {
          const ranges = this.ranges(die);
          if (ranges.length > 0) functions.push(this.scope(die, 'function', ranges, 0));
        } else if (die.tag === DW_TAG.variable && this.name(die)) {
          globals.push(this.variable(die, false));
        }
      }
    }
    const firstUnit = this.units[0];
    if (!firstUnit) throw new DwarfError('.debug_info holds no compile unit');
    const version = firstUnit.version;
    const allVariables: DwarfVariable[] = [];
    for (const die of [...this.dieByOffset.values()].sort((a, b) => a.offset - b.offset)) {
      if ((die.tag === DW_TAG.variable || die.tag === DW_TAG.formal_parameter) && this.name(die))
        allVariables.push(this.variable(die, die.tag === DW_TAG.formal_parameter));
    }
    const inlinedCalls = this.inlinedCalls.sort((a, b) => a.dieOffset - b.dieOffset);
    const lists = this.lists;
    const unitAt = new Map(this.units.map((u) => [u.offset, u]));
    return {
      version,
      functions,
      globals,
      unitOffsets: this.units.map((u) => u.offset).sort((a, b) => a - b),
      allVariables,
      inlinedCalls,
      sectionNames,
      typeByName: (name, tag) => this.typeByName(name, tag),
      framesAt: (address) => framesAt(functions, address),
      addrx: (unitOffset, index) => {
        const u = unitAt.get(unitOffset);
        try {
          return u ? lists.addrx(u, index) : undefined;
        } catch {
          return undefined;
        }
      },
    };
  }

  private typeIndex: Map<string, Die> | undefined;

  private typeByName(name: string, tag?: 'struct' | 'union' | 'enum'): DwarfType | undefined {
    if (!this.typeIndex) {
      this.typeIndex = new Map();
      const tags: Record<number, string> = {
        [DW_TAG.structure_type]: 'struct ',
        [DW_TAG.union_type]: 'union ',
        [DW_TAG.enumeration_type]: 'enum ',
        [DW_TAG.typedef]: '',
        [DW_TAG.base_type]: '',
      };
      for (const die of [...this.dieByOffset.values()].sort((a, b) => a.offset - b.offset)) {
        const prefix = tags[die.tag];
        if (prefix === undefined || this.attr(die, DW_AT.declaration)) continue;
        const n = this.name(die);
        if (!n) continue;
        const key = prefix + n;
        if (!this.typeIndex.has(key)) this.typeIndex.set(key, die);
        // A struct is also found by its bare name when no typedef or base type has it.
        if (prefix && !this.typeIndex.has(`~${n}`)) this.typeIndex.set(`~${n}`, die);
      }
    }
    const die = tag
      ? this.typeIndex.get(`${tag} ${name}`)
      : (this.typeIndex.get(name) ?? this.typeIndex.get(`~${name}`));
    return die ? this.types.typeOf(die) : undefined;
  }

  // --- attribute access -------------------------------------------------------------------

  private attr(die: Die, at: number): AttrValue | undefined {
    return die.attrs.get(at);
  }

  /** An attribute of the DIE or, failing that, of its abstract origin / specification. */
  private inherited(die: Die, at: number): { die: Die; value: AttrValue } | undefined {
    let d: Die | undefined = die;
    for (let i = 0; d && i < 8; i++) {
      const v = d.attrs.get(at);
      if (v) return { die: d, value: v };
      d = this.ref(d, DW_AT.abstract_origin) ?? this.ref(d, DW_AT.specification);
    }
    return undefined;
  }

  name(die: Die): string | undefined {
    const v = this.inherited(die, DW_AT.name);
    return v ? this.string(v.die.unit, v.value) : undefined;
  }

  num(die: Die, at: number): number | undefined {
    const v = this.attr(die, at);
    if (v?.kind === 'const') return Number(v.signed ? v.value : BigInt.asUintN(64, v.value));
    if (v?.kind === 'sec_offset') return v.value;
    return undefined;
  }

  signed(die: Die, at: number): bigint | undefined {
    const v = this.attr(die, at);
    if (v?.kind !== 'const') return undefined;
    return v.signed ? v.value : v.value;
  }

  ref(die: Die, at: number): Die | undefined {
    const v = this.attr(die, at);
    return v?.kind === 'ref' ? this.dieByOffset.get(v.offset) : undefined;
  }

  private string(unit: Unit, v: AttrValue): string | undefined {
    if (v.kind === 'string') return v.value;
    if (v.kind !== 'strx') return undefined;
    const s = this.strOffsets;
    const str = this.sections['.debug_str'];
    if (!s || !str) throw new DwarfError('a name uses DW_FORM_strx but .debug_str_offsets or .debug_str is missing');
    const at = unit.strOffsetsBase + v.index * unit.offsetSize;
    if (at < 0 || at + unit.offsetSize > s.bytes.length)
      throw new DwarfError(`string index ${v.index} is outside .debug_str_offsets (${s.bytes.length} bytes)`);
    this.strOffsetsView ??= new DataView(s.bytes.buffer, s.bytes.byteOffset, s.bytes.byteLength);
    const view = this.strOffsetsView;
    const offset = unit.offsetSize === 4 ? view.getUint32(at, true) : Number(view.getBigUint64(at, true));
    // Names are asked for again and again (every name lookup follows abstract origins).
    const cached = this.strings.get(offset);
    if (cached !== undefined) return cached;
    if (offset >= str.bytes.length) throw new DwarfError(`string offset ${offset} is outside .debug_str`);
    const end = str.bytes.indexOf(0, offset);
    if (end < 0) throw new DwarfError(`string at .debug_str+${offset} is not NUL-terminated`);
    const text = UTF8.decode(str.bytes.subarray(offset, end));
    this.strings.set(offset, text);
    return text;
  }

  private strOffsetsView: DataView | undefined;
  /** Decoded .debug_str strings by offset. */
  private readonly strings = new Map<number, string>();

  private address(unit: Unit, v: AttrValue): Address | undefined {
    if (v.kind === 'address') return v.value;
    if (v.kind === 'addrx') return this.lists.addrx(unit, v.index);
    return undefined;
  }

  private fileName(index: number | undefined, version: number): string | undefined {
    if (index === undefined) return undefined;
    return this.files[version >= 5 ? index : index - 1];
  }

  // --- scopes -------------------------------------------------------------------------------

  ranges(die: Die): AddressRange[] {
    const unit = die.unit;
    const low = this.attr(die, DW_AT.low_pc);
    const high = this.attr(die, DW_AT.high_pc);
    if (low && high) {
      const begin = this.address(unit, low);
      if (!begin) return [];
      const end = high.kind === 'const' ? begin.offset + Number(high.value) : this.address(unit, high)?.offset;
      return end === undefined ? [] : [{ section: begin.section, begin: begin.offset, end }];
    }
    const r = this.attr(die, DW_AT.ranges);
    if (r?.kind === 'sec_offset') return this.lists.rangeList(unit, r.value);
    if (r?.kind === 'rnglistx') return this.lists.rangeList(unit, this.lists.rnglistxOffset(unit, r.index));
    return [];
  }

  private scope(die: Die, kind: DwarfScope['kind'], ranges: AddressRange[], depth: number): DwarfScope {
    if (depth > 256) throw new DwarfError(`.debug_info DIE at ${die.offset}: scopes nest too deep`);
    const variables: DwarfVariable[] = [];
    const children: DwarfScope[] = [];
    const seenOrigins = new Set<number>();
    for (const c of die.children) {
      if (c.tag === DW_TAG.variable || c.tag === DW_TAG.formal_parameter) {
        if (!this.name(c)) continue;
        variables.push(this.variable(c, c.tag === DW_TAG.formal_parameter));
        const origin = this.attr(c, DW_AT.abstract_origin);
        if (origin?.kind === 'ref') seenOrigins.add(origin.offset);
      } else if (c.tag === DW_TAG.lexical_block || c.tag === DW_TAG.inlined_subroutine) {
        const r = this.ranges(c);
        const childKind = c.tag === DW_TAG.inlined_subroutine ? 'inlined' : 'block';
        // A block without code still holds declarations; it is reached through no address.
        children.push(this.scope(c, childKind, r, depth + 1));
      }
    }
    // An inlined copy lists only the variables that kept a location: the abstract function's
    // others (direct children) are optimized out in this copy, and are shown as such.
    const origin = kind !== 'block' ? this.ref(die, DW_AT.abstract_origin) : undefined;
    if (origin) {
      for (const c of origin.children) {
        if (
          (c.tag === DW_TAG.variable || c.tag === DW_TAG.formal_parameter) &&
          !seenOrigins.has(c.offset) &&
          this.name(c)
        )
          variables.push({ ...this.variable(c, c.tag === DW_TAG.formal_parameter), location: { kind: 'none' } });
      }
    }
    const frameBaseAttr = this.attr(die, DW_AT.frame_base);
    const callLine = this.num(die, DW_AT.call_line);
    const result: DwarfScope = {
      kind,
      name: kind === 'block' ? '' : (this.name(die) ?? '?'),
      ranges,
      variables,
      children,
      ...(kind === 'inlined'
        ? {
            callSite: {
              file: this.fileName(this.num(die, DW_AT.call_file), die.unit.version),
              line: callLine ?? 0,
              column: this.num(die, DW_AT.call_column) ?? 0,
            },
          }
        : {}),
      ...(frameBaseAttr?.kind === 'block' ? { frameBase: this.expression(die.unit, frameBaseAttr.bytes) } : {}),
      dieOffset: die.offset,
    };
    if (kind === 'inlined' && ranges.length > 0) this.inlinedCalls.push(result);
    return result;
  }

  private expression(unit: Unit, bytes: Uint8Array): Op[] {
    const info = this.sections['.debug_info'];
    // Expressions are read from DIEs, so .debug_info is there whenever this runs.
    if (!info) throw new DwarfError('a DWARF expression without .debug_info');
    const base = bytes.byteOffset - info.bytes.byteOffset;
    return decodeExpression(
      bytes,
      unit.addressSize,
      (at, value) => ({ section: info.targetSection.get(base + at) ?? -1, offset: value }),
      (at) => this.baseType(unit, at),
    );
  }

  /** The base type DIE at `at` within `unit`, as DW_OP_convert names it. */
  private baseType(unit: Unit, at: number): BaseType | undefined {
    const die = this.dieByOffset.get(unit.offset + at);
    if (die?.tag !== DW_TAG.base_type) return undefined;
    const size = this.num(die, DW_AT.byte_size);
    if (size === undefined) return undefined;
    const encoding = this.num(die, DW_AT.encoding);
    const name = Object.entries(DW_ATE).find(([, v]) => v === encoding)?.[0] ?? `0x${(encoding ?? 0).toString(16)}`;
    return { size, signed: encoding === DW_ATE.signed || encoding === DW_ATE.signed_char, encoding: name };
  }

  private readonly variableCache = new Map<number, DwarfVariable>();

  private variable(die: Die, isParameter: boolean): DwarfVariable {
    const cached = this.variableCache.get(die.offset);
    if (cached) return cached;
    const typeDie = this.inherited(die, DW_AT.type);
    const type = this.types.typeOf(
      typeDie?.value.kind === 'ref' ? this.dieByOffset.get(typeDie.value.offset) : undefined,
    );
    const declFile = this.inherited(die, DW_AT.decl_file);
    const declLine = this.inherited(die, DW_AT.decl_line);
    const v: DwarfVariable = {
      name: this.name(die) ?? '',
      isParameter,
      type,
      typeName: typeName(type),
      declFile: declFile ? this.fileName(this.num(declFile.die, DW_AT.decl_file), die.unit.version) : undefined,
      declLine: declLine ? this.num(declLine.die, DW_AT.decl_line) : undefined,
      location: this.location(die),
      dieOffset: die.offset,
    };
    this.variableCache.set(die.offset, v);
    return v;
  }

  /** A location clang wrote in a form we cannot decode costs that variable only, not the object's DWARF. */
  private location(die: Die): VariableLocation {
    try {
      return this.decodedLocation(die);
    } catch (e) {
      if (!(e instanceof DwarfError)) throw e;
      return { kind: 'unreadable', reason: e.message };
    }
  }

  private decodedLocation(die: Die): VariableLocation {
    const unit = die.unit;
    const loc = this.attr(die, DW_AT.location);
    if (loc?.kind === 'block') return { kind: 'expression', ops: this.expression(unit, loc.bytes) };
    if (loc?.kind === 'sec_offset' || loc?.kind === 'loclistx') {
      const offset = loc.kind === 'sec_offset' ? loc.value : this.lists.loclistxOffset(unit, loc.index);
      const entries = this.lists.locationList(unit, offset).map((e) => ({
        range: e.range,
        ops: decodeExpression(
          e.expression,
          unit.addressSize,
          (_at, value) => ({ section: -1, offset: value }),
          (at) => this.baseType(unit, at),
        ),
      }));
      return { kind: 'list', entries };
    }
    const cv = this.attr(die, DW_AT.const_value);
    if (cv?.kind === 'const') return { kind: 'const', value: cv.value };
    if (cv?.kind === 'block') return { kind: 'const', value: cv.bytes };
    return { kind: 'none' };
  }
}

function contains(ranges: readonly AddressRange[], a: Address): boolean {
  for (const r of ranges) if (r.section === a.section && a.offset >= r.begin && a.offset < r.end) return true;
  return false;
}

function framesAt(functions: readonly DwarfScope[], address: Address): DwarfFrame[] {
  const fn = functions.find((f) => contains(f.ranges, address));
  if (!fn) return [];
  // Walk down: each inlined scope containing the address starts a new frame; lexical blocks add
  // their variables to the frame they are in.
  const frames: { scope: DwarfScope; blocks: VariableAt[][] }[] = [];
  let current = { scope: fn, blocks: [] as VariableAt[][] };
  frames.push(current);
  let scope: DwarfScope | undefined = fn;
  for (let depth = 0; scope && depth < 256; depth++) {
    current.blocks.push(scope.variables.map((v) => variableAt(v, address)));
    const next: DwarfScope | undefined = scope.children.find((c) => contains(c.ranges, address));
    if (next?.kind === 'inlined') {
      current = { scope: next, blocks: [] };
      frames.push(current);
    }
    scope = next;
  }
  return frames
    .map((f) => ({
      function: f.scope.name,
      inlined: f.scope.kind === 'inlined',
      callSite: f.scope.callSite,
      // Innermost block first, as shadowing wants; declaration order within a block.
      variables: f.blocks.reverse().flat(),
      scope: f.scope,
    }))
    .reverse();
}

function variableAt(v: DwarfVariable, a: Address): VariableAt {
  const loc = v.location;
  switch (loc.kind) {
    case 'expression':
      return { variable: v, ops: loc.ops };
    case 'const':
      return { variable: v, ops: undefined, constValue: loc.value };
    case 'none':
      return { variable: v, ops: undefined };
    case 'unreadable':
      return { variable: v, ops: undefined, unreadable: loc.reason };
    case 'list': {
      const hit =
        loc.entries.find(
          (e) => e.range && e.range.section === a.section && a.offset >= e.range.begin && a.offset < e.range.end,
        ) ?? loc.entries.find((e) => !e.range);
      return { variable: v, ops: hit?.ops };
    }
  }
}
