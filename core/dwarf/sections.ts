// The debug sections of a BPF object with its relocations applied. In a relocatable object the
// DWARF holds section-relative values plus REL relocations: offsets into other debug sections
// (R_BPF_64_ABS32 against .debug_str, .debug_abbrev...) and code/data addresses (R_BPF_64_ABS64
// against the section symbol of xdp, .text...). We write S + A into a copy of each section, and
// remember, per relocated address, which ELF section it points into: a BPF object has one address
// space per code section, all starting at 0.

import { BpfRelocation } from '../elf/constants';
import type { ElfFile } from '../elf/elf';
import { DwarfError } from './errors';

export interface DebugSection {
  readonly name: string;
  /** The bytes with relocations applied (a copy when any applied). */
  readonly bytes: Uint8Array;
  /** Byte offset in this section -> ELF section index the relocated value points into. */
  readonly targetSection: ReadonlyMap<number, number>;
}

export type DebugSectionName =
  | '.debug_info'
  | '.debug_abbrev'
  | '.debug_str'
  | '.debug_str_offsets'
  | '.debug_line_str'
  | '.debug_addr'
  | '.debug_loclists'
  | '.debug_loc'
  | '.debug_rnglists'
  | '.debug_ranges'
  | '.debug_line';

const NAMES: readonly DebugSectionName[] = [
  '.debug_info',
  '.debug_abbrev',
  '.debug_str',
  '.debug_str_offsets',
  '.debug_line_str',
  '.debug_addr',
  '.debug_loclists',
  '.debug_loc',
  '.debug_rnglists',
  '.debug_ranges',
  '.debug_line',
];

export type DebugSections = Partial<Record<DebugSectionName, DebugSection>>;

export function readDebugSections(elf: ElfFile): DebugSections {
  const out: DebugSections = {};
  for (const name of NAMES) {
    const section = elf.sectionByName(name);
    if (!section) continue;
    const relocations = elf.relocationsFor(section.index);
    const targetSection = new Map<number, number>();
    let bytes = section.data;
    if (relocations.length > 0) {
      bytes = new Uint8Array(section.data);
      const view = new DataView(bytes.buffer);
      for (const r of relocations) {
        const width = r.type === BpfRelocation.R_BPF_64_ABS64 ? 8 : r.type === BpfRelocation.R_BPF_64_ABS32 ? 4 : 0;
        if (width === 0) throw new DwarfError(`${name}: unsupported relocation type ${r.type} at offset ${r.offset}`);
        if (!Number.isSafeInteger(r.offset) || r.offset < 0 || r.offset + width > bytes.length)
          throw new DwarfError(
            `${name}: relocation at offset ${r.offset} is outside the section (${bytes.length} bytes)`,
          );
        // REL: the addend is the value in place (RELA would carry it in the entry).
        if (width === 8) {
          const a = view.getBigUint64(r.offset, true) + r.addend;
          view.setBigUint64(r.offset, BigInt.asUintN(64, a + BigInt(r.symbol.value)), true);
        } else {
          const a = view.getUint32(r.offset, true) + Number(r.addend);
          view.setUint32(r.offset, (a + r.symbol.value) >>> 0, true);
        }
        targetSection.set(r.offset, r.symbol.sectionIndex);
      }
    }
    out[name] = { name, bytes, targetSection };
  }
  return out;
}
