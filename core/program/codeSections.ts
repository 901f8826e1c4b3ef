// Executable sections decoded once per object: instructions (section-relative pcs), the
// functions that FUNC symbols carve out of them, relocations by slot, and BTF.ext records.

import type { BtfFuncInfo, BtfLineInfo } from '../btf/ext';
import { SymbolBinding, SymbolType } from '../elf/constants';
import type { ElfFile, ElfRelocation, ElfSection } from '../elf/elf';
import { DecodeError, decodeInstructions } from '../isa/decode';
import { INSN_SIZE, type Instruction } from '../isa/instruction';
import { LoadError } from './errors';

/** ELF st_other visibility STV_HIDDEN. */
const STV_HIDDEN = 2;

export interface CodeFunction {
  readonly name: string;
  /** First slot within the section. */
  readonly start: number;
  /** One past the last slot. */
  readonly end: number;
  /** Global/weak FUNC symbol: a candidate program entry. */
  readonly global: boolean;
  /** Whether a FUNC symbol names it (false for a section without symbols). */
  readonly named: boolean;
  /** Global with hidden visibility (`__hidden`): libbpf makes the kernel treat it as static. */
  readonly hidden?: true;
}

export interface CodeSection {
  readonly section: ElfSection;
  readonly instructions: readonly Instruction[];
  readonly slotCount: number;
  /** instruction index per slot, -1 inside an lddw. */
  readonly indexBySlot: Int32Array;
  /** Sorted by start, non-overlapping, covering every instruction. */
  readonly functions: readonly CodeFunction[];
  readonly relocationBySlot: ReadonlyMap<number, ElfRelocation>;
  /** Line records sorted by instruction offset. */
  readonly lineInfo: readonly BtfLineInfo[];
  readonly funcInfo: readonly BtfFuncInfo[];
  functionAt(slot: number): CodeFunction | undefined;
  /** Line records of the slots [start, end), in order (binary search, not a scan per function). */
  linesIn(start: number, end: number): readonly BtfLineInfo[];
}

export function decodeCodeSection(
  elf: ElfFile,
  section: ElfSection,
  ext: { lineInfo: readonly BtfLineInfo[]; funcInfo: readonly BtfFuncInfo[] },
  warnings: string[],
): CodeSection {
  if (section.data.length % INSN_SIZE !== 0) {
    throw new LoadError(
      `section ${section.name}: size ${section.data.length} is not a multiple of ${INSN_SIZE} (not BPF code?)`,
    );
  }
  let instructions: Instruction[];
  try {
    instructions = decodeInstructions(section.data);
  } catch (e) {
    if (e instanceof DecodeError) throw new LoadError(`section ${section.name}: ${e.message}`, { cause: e });
    throw e;
  }
  const slotCount = section.data.length / INSN_SIZE;
  const indexBySlot = new Int32Array(slotCount).fill(-1);
  instructions.forEach((insn, i) => (indexBySlot[insn.pc] = i));
  const functions = carveFunctions(elf, section, slotCount, indexBySlot, warnings);

  const relocationBySlot = new Map<number, ElfRelocation>();
  for (const reloc of elf.relocationsFor(section.index)) {
    if (reloc.offset % INSN_SIZE !== 0 || reloc.offset >= section.data.length) {
      warnings.push(`section ${section.name}: relocation at offset ${reloc.offset} is not at an instruction; ignored`);
      continue;
    }
    relocationBySlot.set(reloc.offset / INSN_SIZE, reloc);
  }
  const lineInfo = [...ext.lineInfo].sort((a, b) => a.insnOffset - b.insnOffset);
  const firstAtOrAfter = (byteOffset: number): number => {
    let lo = 0;
    let hi = lineInfo.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const entry = lineInfo[mid];
      if (entry !== undefined && entry.insnOffset < byteOffset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    section,
    instructions,
    slotCount,
    indexBySlot,
    functions,
    relocationBySlot,
    lineInfo,
    funcInfo: ext.funcInfo,
    linesIn: (start, end) => lineInfo.slice(firstAtOrAfter(start * INSN_SIZE), firstAtOrAfter(end * INSN_SIZE)),
    functionAt(slot: number): CodeFunction | undefined {
      // Binary search: the last function starting at or before slot.
      let lo = 0;
      let hi = functions.length - 1;
      let found: CodeFunction | undefined;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const candidate = functions[mid];
        if (candidate !== undefined && candidate.start <= slot) {
          found = candidate;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found && slot < found.end ? found : undefined;
    },
  };
}

/**
 * Functions from FUNC symbols. A function ends where the next one starts (st_size is only a
 * hint: clang sets it, hand-written assembly may not). Gaps before the first symbol or between
 * symbols become unnamed pieces so every instruction belongs to exactly one function.
 */
function carveFunctions(
  elf: ElfFile,
  section: ElfSection,
  slotCount: number,
  indexBySlot: Int32Array,
  warnings: string[],
): CodeFunction[] {
  const starts = new Map<number, { name: string; global: boolean; hidden: boolean }>();
  for (const sym of elf.symbols) {
    if (sym.sectionIndex !== section.index || sym.type !== SymbolType.FUNC) continue;
    if (sym.value % INSN_SIZE !== 0 || sym.value / INSN_SIZE >= slotCount) {
      throw new LoadError(
        `function ${sym.name} in section ${section.name}: offset ${sym.value} is not an instruction of the section`,
      );
    }
    const slot = sym.value / INSN_SIZE;
    if ((indexBySlot[slot] ?? -1) < 0)
      throw new LoadError(
        `function ${sym.name} in section ${section.name} starts inside an lddw at offset ${sym.value}`,
      );
    const global = sym.binding === SymbolBinding.GLOBAL || sym.binding === SymbolBinding.WEAK;
    const previous = starts.get(slot);
    // Two symbols at one address (an alias): prefer the global name.
    const hidden = global && sym.visibility === STV_HIDDEN;
    if (!previous || (global && !previous.global)) starts.set(slot, { name: sym.name, global, hidden });
  }
  const sorted = [...starts.entries()].sort((a, b) => a[0] - b[0]);
  const out: CodeFunction[] = [];
  const first = sorted[0];
  if (first === undefined) {
    if (slotCount > 0) out.push({ name: section.name, start: 0, end: slotCount, global: true, named: false });
    return out;
  }
  if (first[0] > 0) {
    warnings.push(`section ${section.name}: instructions before the first function symbol`);
    out.push({ name: `${section.name}+0`, start: 0, end: first[0], global: false, named: false });
  }
  sorted.forEach(([start, info], i) => {
    const end = sorted[i + 1]?.[0] ?? slotCount;
    out.push({
      name: info.name,
      start,
      end,
      global: info.global,
      named: true,
      ...(info.hidden ? { hidden: true } : {}),
    });
  });
  return out;
}
