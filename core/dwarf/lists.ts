// .debug_addr, location lists (.debug_loclists v5, .debug_loc v4) and range lists
// (.debug_rnglists v5, .debug_ranges v4), with addresses kept per ELF section.

import { Cursor } from './cursor';
import { DW_LLE, DW_RLE } from './constants';
import { DwarfError } from './errors';
import type { Address, Unit } from './die';
import type { DebugSection, DebugSections } from './sections';

/** [begin, end) byte offsets within one ELF section. */
export interface AddressRange {
  readonly section: number;
  readonly begin: number;
  readonly end: number;
}

export interface LocationListEntry {
  /** Undefined for DW_LLE_default_location (valid wherever no other entry is). */
  readonly range: AddressRange | undefined;
  readonly expression: Uint8Array;
}

/** At most this many entries per list: a hostile list cannot loop for long. */
const MAX_LIST_ENTRIES = 100_000;

export class ListReader {
  constructor(private readonly sections: DebugSections) {}

  private section(name: keyof DebugSections): DebugSection {
    const s = this.sections[name];
    if (!s) throw new DwarfError(`the unit refers to ${name}, which is missing`);
    return s;
  }

  private readAddress(c: Cursor, s: DebugSection, size: number, field: string): Address {
    const at = c.pos;
    const offset = size === 8 ? c.u64n(field) : c.u32(field);
    return { section: s.targetSection.get(at) ?? -1, offset };
  }

  /** Entry `index` of the unit's .debug_addr table. */
  addrx(unit: Unit, index: number): Address {
    const s = this.section('.debug_addr');
    const c = Cursor.over(s.bytes, '.debug_addr', unit.addrBase + index * unit.addressSize);
    return this.readAddress(c, s, unit.addressSize, `.debug_addr entry ${index}`);
  }

  /** The offset of list `index` (DW_FORM_loclistx / rnglistx) via the unit's offsets table. */
  private listOffset(name: '.debug_loclists' | '.debug_rnglists', base: number, unit: Unit, index: number): number {
    const c = Cursor.over(this.section(name).bytes, name, base + index * unit.offsetSize);
    return base + c.offset(unit.offsetSize, `${name} offset ${index}`);
  }

  loclistxOffset(unit: Unit, index: number): number {
    return this.listOffset('.debug_loclists', unit.loclistsBase, unit, index);
  }
  rnglistxOffset(unit: Unit, index: number): number {
    return this.listOffset('.debug_rnglists', unit.rnglistsBase, unit, index);
  }

  locationList(unit: Unit, offset: number): LocationListEntry[] {
    return unit.version >= 5 ? this.loclistV5(unit, offset) : this.locV4(unit, offset);
  }

  rangeList(unit: Unit, offset: number): AddressRange[] {
    return unit.version >= 5 ? this.rnglistV5(unit, offset) : this.rangesV4(unit, offset);
  }

  private loclistV5(unit: Unit, offset: number): LocationListEntry[] {
    const s = this.section('.debug_loclists');
    const c = Cursor.over(s.bytes, '.debug_loclists', offset);
    const out: LocationListEntry[] = [];
    let base = unit.baseAddress;
    const expr = (): Uint8Array => c.bytes(c.uleb('location length'), 'location expression');
    for (let n = 0; n < MAX_LIST_ENTRIES; n++) {
      const kind = c.u8('DW_LLE kind');
      switch (kind) {
        case DW_LLE.end_of_list:
          return out;
        case DW_LLE.base_addressx:
          base = this.addrx(unit, c.uleb('base_addressx'));
          break;
        case DW_LLE.base_address:
          base = this.readAddress(c, s, unit.addressSize, 'base_address');
          break;
        case DW_LLE.startx_endx: {
          const b = this.addrx(unit, c.uleb('startx'));
          const e = this.addrx(unit, c.uleb('endx'));
          out.push({ range: { section: b.section, begin: b.offset, end: e.offset }, expression: expr() });
          break;
        }
        case DW_LLE.startx_length: {
          const b = this.addrx(unit, c.uleb('startx'));
          const len = c.uleb('length');
          out.push({ range: { section: b.section, begin: b.offset, end: b.offset + len }, expression: expr() });
          break;
        }
        case DW_LLE.offset_pair: {
          const b = c.uleb('offset_pair begin');
          const e = c.uleb('offset_pair end');
          out.push({
            range: { section: base.section, begin: base.offset + b, end: base.offset + e },
            expression: expr(),
          });
          break;
        }
        case DW_LLE.default_location:
          out.push({ range: undefined, expression: expr() });
          break;
        case DW_LLE.start_end: {
          const b = this.readAddress(c, s, unit.addressSize, 'start');
          const e = this.readAddress(c, s, unit.addressSize, 'end');
          out.push({ range: { section: b.section, begin: b.offset, end: e.offset }, expression: expr() });
          break;
        }
        case DW_LLE.start_length: {
          const b = this.readAddress(c, s, unit.addressSize, 'start');
          const len = c.uleb('length');
          out.push({ range: { section: b.section, begin: b.offset, end: b.offset + len }, expression: expr() });
          break;
        }
        default:
          throw new DwarfError(`.debug_loclists at ${c.pos - 1}: unknown entry kind ${kind}`);
      }
    }
    throw new DwarfError(`.debug_loclists at ${offset}: more than ${MAX_LIST_ENTRIES} entries`);
  }

  private locV4(unit: Unit, offset: number): LocationListEntry[] {
    const s = this.section('.debug_loc');
    const c = Cursor.over(s.bytes, '.debug_loc', offset);
    const out: LocationListEntry[] = [];
    let base = unit.baseAddress;
    const max = unit.addressSize === 8 ? Number.MAX_SAFE_INTEGER : 0xffffffff;
    for (let n = 0; n < MAX_LIST_ENTRIES; n++) {
      const b = this.readV4Bound(c, s, unit, 'begin');
      const e = this.readV4Bound(c, s, unit, 'end');
      if (b.offset === 0 && e.offset === 0 && b.section < 0 && e.section < 0) return out;
      if (b.offset >= max) {
        base = e;
        continue;
      }
      const expression = c.bytes(c.u16('location length'), 'location expression');
      out.push({ range: v4Range(b, e, base), expression });
    }
    throw new DwarfError(`.debug_loc at ${offset}: more than ${MAX_LIST_ENTRIES} entries`);
  }

  /** A v4 list bound; all-ones (the base-address selector) reads as MAX_SAFE_INTEGER. */
  private readV4Bound(c: Cursor, s: DebugSection, unit: Unit, field: string): Address {
    const at = c.pos;
    if (unit.addressSize === 8) {
      const v = c.u64(field);
      return {
        section: s.targetSection.get(at) ?? -1,
        offset:
          v === 0xffffffffffffffffn
            ? Number.MAX_SAFE_INTEGER
            : v > BigInt(Number.MAX_SAFE_INTEGER)
              ? Number.MAX_SAFE_INTEGER - 1
              : Number(v),
      };
    }
    return { section: s.targetSection.get(at) ?? -1, offset: c.u32(field) };
  }

  private rnglistV5(unit: Unit, offset: number): AddressRange[] {
    const s = this.section('.debug_rnglists');
    const c = Cursor.over(s.bytes, '.debug_rnglists', offset);
    const out: AddressRange[] = [];
    let base = unit.baseAddress;
    for (let n = 0; n < MAX_LIST_ENTRIES; n++) {
      const kind = c.u8('DW_RLE kind');
      switch (kind) {
        case DW_RLE.end_of_list:
          return out;
        case DW_RLE.base_addressx:
          base = this.addrx(unit, c.uleb('base_addressx'));
          break;
        case DW_RLE.base_address:
          base = this.readAddress(c, s, unit.addressSize, 'base_address');
          break;
        case DW_RLE.startx_endx: {
          const b = this.addrx(unit, c.uleb('startx'));
          const e = this.addrx(unit, c.uleb('endx'));
          out.push({ section: b.section, begin: b.offset, end: e.offset });
          break;
        }
        case DW_RLE.startx_length: {
          const b = this.addrx(unit, c.uleb('startx'));
          out.push({ section: b.section, begin: b.offset, end: b.offset + c.uleb('length') });
          break;
        }
        case DW_RLE.offset_pair: {
          const b = c.uleb('offset_pair begin');
          const e = c.uleb('offset_pair end');
          out.push({ section: base.section, begin: base.offset + b, end: base.offset + e });
          break;
        }
        case DW_RLE.start_end: {
          const b = this.readAddress(c, s, unit.addressSize, 'start');
          const e = this.readAddress(c, s, unit.addressSize, 'end');
          out.push({ section: b.section, begin: b.offset, end: e.offset });
          break;
        }
        case DW_RLE.start_length: {
          const b = this.readAddress(c, s, unit.addressSize, 'start');
          out.push({ section: b.section, begin: b.offset, end: b.offset + c.uleb('length') });
          break;
        }
        default:
          throw new DwarfError(`.debug_rnglists at ${c.pos - 1}: unknown entry kind ${kind}`);
      }
    }
    throw new DwarfError(`.debug_rnglists at ${offset}: more than ${MAX_LIST_ENTRIES} entries`);
  }

  private rangesV4(unit: Unit, offset: number): AddressRange[] {
    const s = this.section('.debug_ranges');
    const c = Cursor.over(s.bytes, '.debug_ranges', offset);
    const out: AddressRange[] = [];
    let base = unit.baseAddress;
    const max = unit.addressSize === 8 ? Number.MAX_SAFE_INTEGER : 0xffffffff;
    for (let n = 0; n < MAX_LIST_ENTRIES; n++) {
      const b = this.readV4Bound(c, s, unit, 'begin');
      const e = this.readV4Bound(c, s, unit, 'end');
      if (b.offset === 0 && e.offset === 0 && b.section < 0 && e.section < 0) return out;
      if (b.offset >= max) {
        base = e;
        continue;
      }
      out.push(v4Range(b, e, base));
    }
    throw new DwarfError(`.debug_ranges at ${offset}: more than ${MAX_LIST_ENTRIES} entries`);
  }
}

/** A v4 entry is relative to the base address, unless it was relocated itself. */
function v4Range(b: Address, e: Address, base: Address): AddressRange {
  if (b.section >= 0) return { section: b.section, begin: b.offset, end: e.offset };
  return { section: base.section, begin: base.offset + b.offset, end: base.offset + e.offset };
}
