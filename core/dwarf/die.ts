// Compilation units and their DIE trees from .debug_info + .debug_abbrev (DWARF 4 and 5).
// Attribute values are kept raw (a strx index, an addrx index, a unit-relative reference made
// absolute); the Unit resolves them through the bases its root DIE names. Counts from the file
// are bounded by the section sizes, and the tree is built without recursion.

import { Cursor } from './cursor';
import { DW_AT, DW_FORM } from './constants';
import { DwarfError } from './errors';
import type { DebugSection, DebugSections } from './sections';

/** An address in a relocatable BPF object: a byte offset within one ELF section (-1 = unknown). */
export interface Address {
  readonly section: number;
  readonly offset: number;
}

export type AttrValue =
  | { readonly kind: 'const'; readonly value: bigint; readonly signed: boolean; readonly form: number }
  | { readonly kind: 'flag'; readonly value: boolean }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'strx'; readonly index: number }
  | { readonly kind: 'address'; readonly value: Address }
  | { readonly kind: 'addrx'; readonly index: number }
  /** An offset in .debug_info (unit-relative references made absolute). */
  | { readonly kind: 'ref'; readonly offset: number }
  | { readonly kind: 'block'; readonly bytes: Uint8Array; readonly exprloc: boolean }
  | { readonly kind: 'sec_offset'; readonly value: number }
  | { readonly kind: 'loclistx'; readonly index: number }
  | { readonly kind: 'rnglistx'; readonly index: number };

export interface Die {
  /** Offset in .debug_info. */
  readonly offset: number;
  readonly tag: number;
  readonly attrs: ReadonlyMap<number, AttrValue>;
  readonly children: Die[];
  readonly parent: Die | undefined;
  readonly unit: Unit;
}

interface AbbrevAttr {
  readonly at: number;
  readonly form: number;
  readonly implicit?: bigint;
}
interface Abbrev {
  readonly tag: number;
  readonly hasChildren: boolean;
  readonly attrs: readonly AbbrevAttr[];
}

export interface Unit {
  readonly offset: number;
  readonly version: number;
  readonly offsetSize: 4 | 8;
  readonly addressSize: number;
  readonly root: Die;
  /** Bases from the root DIE (DWARF 5; 0 when absent). */
  strOffsetsBase: number;
  addrBase: number;
  loclistsBase: number;
  rnglistsBase: number;
  /** The unit's base address for location and range lists (its DW_AT_low_pc). */
  baseAddress: Address;
}

/** At most this many DIEs over all units: bounds memory for a hostile .debug_info. */
const MAX_DIES = 2_000_000;

function readAbbrevTable(section: DebugSection, offset: number): Map<number, Abbrev> {
  const c = Cursor.over(section.bytes, '.debug_abbrev', offset);
  const table = new Map<number, Abbrev>();
  for (;;) {
    const code = c.uleb('abbreviation code');
    if (code === 0) return table;
    const tag = c.uleb('abbreviation tag');
    const hasChildren = c.u8('abbreviation children flag') !== 0;
    const attrs: AbbrevAttr[] = [];
    for (;;) {
      const at = c.uleb('attribute name');
      const form = c.uleb('attribute form');
      if (at === 0 && form === 0) break;
      attrs.push(form === DW_FORM.implicit_const ? { at, form, implicit: c.slebBig('implicit_const') } : { at, form });
    }
    table.set(code, { tag, hasChildren, attrs });
  }
}

export function readUnits(sections: DebugSections): Unit[] {
  const info = sections['.debug_info'];
  const abbrev = sections['.debug_abbrev'];
  if (!info || info.bytes.length === 0) return [];
  if (!abbrev) throw new DwarfError('.debug_info without .debug_abbrev');
  const c = Cursor.over(info.bytes, '.debug_info');
  const units: Unit[] = [];
  const abbrevTables = new Map<number, Map<number, Abbrev>>();
  let dieCount = 0;
  const stringCursors = new Map<string, Cursor>();
  const stringAt = (name: '.debug_str' | '.debug_line_str', offset: number): string => {
    let sc = stringCursors.get(name);
    if (!sc) {
      const s = sections[name];
      if (!s) throw new DwarfError(`a string refers to ${name}, which is missing`);
      sc = Cursor.over(s.bytes, name);
      stringCursors.set(name, sc);
    }
    return sc.view.cstring(offset, `string at ${name}+${offset}`);
  };
  while (c.pos + 4 <= info.bytes.length) {
    const unitOffset = c.pos;
    let length = c.u32('unit_length');
    let offsetSize: 4 | 8 = 4;
    if (length === 0xffffffff) {
      length = c.u64n('unit_length (64-bit)');
      offsetSize = 8;
    } else if (length >= 0xfffffff0) {
      throw new DwarfError(`.debug_info unit at ${unitOffset}: reserved unit_length 0x${length.toString(16)}`);
    }
    const end = c.pos + length;
    if (end > info.bytes.length)
      throw new DwarfError(
        `.debug_info unit at ${unitOffset}: length ${length} runs past the section (${info.bytes.length} bytes)`,
      );
    const version = c.u16('version');
    let abbrevOffset: number;
    let addressSize: number;
    if (version === 5) {
      const unitType = c.u8('unit_type');
      addressSize = c.u8('address_size');
      abbrevOffset = c.offset(offsetSize, 'debug_abbrev_offset');
      if (unitType !== 1 /* DW_UT_compile */ && unitType !== 3 /* DW_UT_partial */) {
        // Type and skeleton units do not occur in BPF objects: skip them whole.
        c.pos = end;
        continue;
      }
    } else if (version >= 2 && version <= 4) {
      abbrevOffset = c.offset(offsetSize, 'debug_abbrev_offset');
      addressSize = c.u8('address_size');
    } else {
      throw new DwarfError(`.debug_info unit at ${unitOffset}: unsupported DWARF version ${version}`);
    }
    if (addressSize !== 4 && addressSize !== 8)
      throw new DwarfError(`.debug_info unit at ${unitOffset}: address size ${addressSize}`);
    let abbrevs = abbrevTables.get(abbrevOffset);
    if (!abbrevs) {
      abbrevs = readAbbrevTable(abbrev, abbrevOffset);
      abbrevTables.set(abbrevOffset, abbrevs);
    }
    const unit = {
      offset: unitOffset,
      version,
      offsetSize,
      addressSize,
      root: undefined as unknown as Die,
      strOffsetsBase: 0,
      addrBase: 0,
      loclistsBase: 0,
      rnglistsBase: 0,
      baseAddress: { section: -1, offset: 0 },
    } satisfies Unit;
    const unitCursor = new Cursor(c.view, c.pos);
    const root = readDieTree(unitCursor, end, abbrevs, { unit, info, stringAt }, () => {
      if (++dieCount > MAX_DIES) throw new DwarfError(`.debug_info has more than ${MAX_DIES} entries`);
    });
    if (root) {
      unit.root = root;
      const num = (at: number): number => {
        const v = root.attrs.get(at);
        return v?.kind === 'sec_offset' ? v.value : v?.kind === 'const' ? Number(v.value) : 0;
      };
      unit.strOffsetsBase = num(DW_AT.str_offsets_base);
      unit.addrBase = num(DW_AT.addr_base);
      unit.loclistsBase = num(DW_AT.loclists_base);
      unit.rnglistsBase = num(DW_AT.rnglists_base);
      units.push(unit);
    }
    c.pos = end;
  }
  return units;
}

function readDieTree(
  c: Cursor,
  end: number,
  abbrevs: Map<number, Abbrev>,
  ctx: ReadContext,
  count: () => void,
): Die | undefined {
  const { unit } = ctx;
  let root: Die | undefined;
  // Parents whose children are being read.
  const open: Die[] = [];
  while (c.pos < end) {
    const offset = c.pos;
    const code = c.uleb('abbreviation code');
    if (code === 0) {
      // A null entry closes the innermost open DIE.
      open.pop();
      if (open.length === 0) break;
      continue;
    }
    const abbrev = abbrevs.get(code);
    if (!abbrev) throw new DwarfError(`.debug_info DIE at ${offset}: unknown abbreviation code ${code}`);
    count();
    const attrs = new Map<number, AttrValue>();
    for (const a of abbrev.attrs) attrs.set(a.at, readAttr(c, a.form, a.implicit, ctx));
    const parent = open.length > 0 ? open[open.length - 1] : undefined;
    const die: Die = { offset, tag: abbrev.tag, attrs, children: [], parent, unit };
    if (parent) parent.children.push(die);
    else if (!root) root = die;
    else break; // A second top-level DIE: the unit is over.
    if (abbrev.hasChildren) open.push(die);
    else if (!parent) break;
  }
  if (c.pos > end) throw new DwarfError(`.debug_info unit at ${unit.offset}: DIEs run past the unit's end`);
  return root;
}

interface ReadContext {
  readonly unit: Unit;
  readonly info: DebugSection;
  readonly stringAt: (name: '.debug_str' | '.debug_line_str', offset: number) => string;
}

function readAttr(c: Cursor, form: number, implicit: bigint | undefined, ctx: ReadContext): AttrValue {
  const { unit, info } = ctx;
  const at = c.pos;
  const ref = (rel: number): AttrValue => ({ kind: 'ref', offset: unit.offset + rel });
  const cnst = (value: bigint, signed = false): AttrValue => ({ kind: 'const', value, signed, form });
  switch (form) {
    case DW_FORM.addr: {
      const value = unit.addressSize === 8 ? c.u64n('address') : c.u32('address');
      return { kind: 'address', value: { section: info.targetSection.get(at) ?? -1, offset: value } };
    }
    case DW_FORM.data1:
      return cnst(BigInt(c.u8('data1')));
    case DW_FORM.data2:
      return cnst(BigInt(c.u16('data2')));
    case DW_FORM.data4:
      return cnst(BigInt(c.u32('data4')));
    case DW_FORM.data8:
      return cnst(c.u64('data8'));
    case DW_FORM.data16:
      return { kind: 'block', bytes: c.bytes(16, 'data16'), exprloc: false };
    case DW_FORM.sdata:
      return cnst(c.slebBig('sdata'), true);
    case DW_FORM.udata:
      return cnst(c.ulebBig('udata'));
    case DW_FORM.implicit_const:
      return cnst(implicit ?? 0n, true);
    case DW_FORM.string:
      return { kind: 'string', value: c.cstring('string') };
    case DW_FORM.strp:
    case DW_FORM.line_strp: {
      const offset = c.offset(unit.offsetSize, 'strp');
      return { kind: 'string', value: ctx.stringAt(form === DW_FORM.strp ? '.debug_str' : '.debug_line_str', offset) };
    }
    case DW_FORM.strx:
      return { kind: 'strx', index: c.uleb('strx') };
    case DW_FORM.strx1:
      return { kind: 'strx', index: c.u8('strx1') };
    case DW_FORM.strx2:
      return { kind: 'strx', index: c.u16('strx2') };
    case DW_FORM.strx3:
      return { kind: 'strx', index: c.u24('strx3') };
    case DW_FORM.strx4:
      return { kind: 'strx', index: c.u32('strx4') };
    case DW_FORM.addrx:
      return { kind: 'addrx', index: c.uleb('addrx') };
    case DW_FORM.addrx1:
      return { kind: 'addrx', index: c.u8('addrx1') };
    case DW_FORM.addrx2:
      return { kind: 'addrx', index: c.u16('addrx2') };
    case DW_FORM.addrx3:
      return { kind: 'addrx', index: c.u24('addrx3') };
    case DW_FORM.addrx4:
      return { kind: 'addrx', index: c.u32('addrx4') };
    case DW_FORM.ref1:
      return ref(c.u8('ref1'));
    case DW_FORM.ref2:
      return ref(c.u16('ref2'));
    case DW_FORM.ref4:
      return ref(c.u32('ref4'));
    case DW_FORM.ref8:
      return ref(c.u64n('ref8'));
    case DW_FORM.ref_udata:
      return ref(c.uleb('ref_udata'));
    case DW_FORM.ref_addr:
      return {
        kind: 'ref',
        offset:
          unit.version <= 2 ? c.offset(unit.addressSize as 4 | 8, 'ref_addr') : c.offset(unit.offsetSize, 'ref_addr'),
      };
    case DW_FORM.ref_sig8:
      c.u64('ref_sig8');
      return { kind: 'ref', offset: -1 };
    case DW_FORM.flag:
      return { kind: 'flag', value: c.u8('flag') !== 0 };
    case DW_FORM.flag_present:
      return { kind: 'flag', value: true };
    case DW_FORM.sec_offset:
      return { kind: 'sec_offset', value: c.offset(unit.offsetSize, 'sec_offset') };
    case DW_FORM.exprloc:
      return { kind: 'block', bytes: c.bytes(c.uleb('exprloc length'), 'exprloc'), exprloc: true };
    case DW_FORM.block1:
      return { kind: 'block', bytes: c.bytes(c.u8('block1 length'), 'block1'), exprloc: false };
    case DW_FORM.block2:
      return { kind: 'block', bytes: c.bytes(c.u16('block2 length'), 'block2'), exprloc: false };
    case DW_FORM.block4:
      return { kind: 'block', bytes: c.bytes(c.u32('block4 length'), 'block4'), exprloc: false };
    case DW_FORM.block:
      return { kind: 'block', bytes: c.bytes(c.uleb('block length'), 'block'), exprloc: false };
    case DW_FORM.loclistx:
      return { kind: 'loclistx', index: c.uleb('loclistx') };
    case DW_FORM.rnglistx:
      return { kind: 'rnglistx', index: c.uleb('rnglistx') };
    case DW_FORM.indirect: {
      const actual = c.uleb('indirect form');
      if (actual === DW_FORM.indirect) throw new DwarfError(`.debug_info at ${at}: DW_FORM_indirect names itself`);
      return readAttr(c, actual, implicit, ctx);
    }
    default:
      throw new DwarfError(`.debug_info at ${at}: unsupported attribute form 0x${form.toString(16)}`);
  }
}
