// ELF64 little-endian reader for BPF objects: header, section headers and names, the symbol
// table and relocation sections. Everything is validated against the file size before use, so a
// truncated or hostile file yields an ElfError naming the broken part, and no count from the file
// can make us allocate more than the file could hold.

import { BoundedView } from './bytes';
import { EM_BPF, SectionFlag, SectionType, SHN_LORESERVE, SHN_UNDEF, SHN_XINDEX, SymbolType } from './constants';
import { ElfError } from './errors';

export interface ElfHeader {
  /** e_type: 1 = relocatable object (what clang -c produces). */
  readonly type: number;
  readonly machine: number;
  readonly flags: number;
  readonly sectionHeaderOffset: number;
  readonly sectionCount: number;
  readonly sectionNameTableIndex: number;
}

export interface ElfSection {
  readonly index: number;
  readonly name: string;
  readonly type: number;
  /** sh_flags, low 32 bits (every flag a BPF object uses lives there). */
  readonly flags: number;
  readonly offset: number;
  /** sh_size. For NOBITS (.bss) there are no file bytes: `data` is empty and `size` is the memory size. */
  readonly size: number;
  readonly link: number;
  readonly info: number;
  readonly addralign: number;
  readonly entsize: number;
  /** The section's bytes in the file (a view, not a copy); empty for NOBITS and NULL. */
  readonly data: Uint8Array;
}

export interface ElfSymbol {
  readonly index: number;
  readonly name: string;
  readonly value: number;
  readonly size: number;
  readonly type: number;
  readonly binding: number;
  readonly visibility: number;
  /** st_shndx (extended indices resolved); 0 = undefined (extern), >= 0xff00 = special. */
  readonly sectionIndex: number;
}

export interface ElfRelocation {
  /** Byte offset within the target section. */
  readonly offset: number;
  readonly type: number;
  readonly symbol: ElfSymbol;
  /** RELA only; REL relocations keep their addend in the relocated bytes. */
  readonly addend: bigint;
}

export interface ElfFile {
  readonly header: ElfHeader;
  readonly sections: readonly ElfSection[];
  /** The .symtab symbols; index 0 is the null symbol. Empty when there is no symbol table. */
  readonly symbols: readonly ElfSymbol[];
  sectionByName(name: string): ElfSection | undefined;
  /**
   * Relocations that apply to the given section (from every REL/RELA section whose sh_info names
   * it), read on first use. Throws ElfError when one of those relocation sections is malformed.
   */
  relocationsFor(sectionIndex: number): readonly ElfRelocation[];
  isExecutable(section: ElfSection): boolean;
}

const EHDR_SIZE = 64;
const SHDR_SIZE = 64;
const SYM_SIZE = 24;
const REL_SIZE = 16;
const RELA_SIZE = 24;

function fail(message: string): Error {
  return new ElfError(message);
}

function readHeader(file: BoundedView, machines: readonly number[]): ElfHeader {
  if (file.length < EHDR_SIZE) throw fail(`file too short for an ELF header (${file.length} bytes, need ${EHDR_SIZE})`);
  if (
    file.u8(0, 'magic') !== 0x7f ||
    file.u8(1, 'magic') !== 0x45 ||
    file.u8(2, 'magic') !== 0x4c ||
    file.u8(3, 'magic') !== 0x46
  ) {
    throw fail('not an ELF file (bad magic)');
  }
  const elfClass = file.u8(4, 'EI_CLASS');
  if (elfClass !== 2) throw fail(`unsupported ELF class ${elfClass} (only ELF64 BPF objects are supported)`);
  const data = file.u8(5, 'EI_DATA');
  if (data !== 1)
    throw fail(
      data === 2
        ? 'big-endian ELF is not supported (compile with -target bpfel or bpf)'
        : `invalid ELF data encoding ${data}`,
    );
  const machine = file.u16(18, 'e_machine');
  if (!machines.includes(machine)) throw fail(`not a BPF object: e_machine is ${machine}, expected ${EM_BPF} (EM_BPF)`);
  const shentsize = file.u16(58, 'e_shentsize');
  const shoff = file.u64n(40, 'e_shoff');
  let shnum = file.u16(60, 'e_shnum');
  let shstrndx = file.u16(62, 'e_shstrndx');
  if (shoff !== 0 && shentsize !== SHDR_SIZE) throw fail(`e_shentsize is ${shentsize}, expected ${SHDR_SIZE}`);
  // Extended numbering: counts that do not fit in 16 bits live in section header 0.
  if (shoff !== 0 && (shnum === 0 || shstrndx === SHN_XINDEX)) {
    file.check(shoff, SHDR_SIZE, 'section header 0 (extended numbering)');
    if (shnum === 0) shnum = file.u64n(shoff + 32, 'section header 0 sh_size');
    if (shstrndx === SHN_XINDEX) shstrndx = file.u32(shoff + 40, 'section header 0 sh_link');
  }
  if (shoff === 0) shnum = 0;
  if (shnum > 0 && (shnum > Math.floor((file.length - shoff) / SHDR_SIZE) || shoff > file.length)) {
    throw fail(
      `section header table (${shnum} entries at offset ${shoff}) is out of bounds of the file (${file.length} bytes)`,
    );
  }
  if (shnum > 0 && shstrndx >= shnum)
    throw fail(`section name table index ${shstrndx} is out of range (${shnum} sections)`);
  return {
    type: file.u16(16, 'e_type'),
    machine,
    flags: file.u32(48, 'e_flags'),
    sectionHeaderOffset: shoff,
    sectionCount: shnum,
    sectionNameTableIndex: shstrndx,
  };
}

interface RawSection {
  nameOffset: number;
  type: number;
  flags: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
}

function readRawSection(file: BoundedView, at: number, index: number): RawSection {
  const field = (name: string): string => `section header ${index} ${name}`;
  const flags64 = file.u64(at + 8, field('sh_flags'));
  return {
    nameOffset: file.u32(at, field('sh_name')),
    type: file.u32(at + 4, field('sh_type')),
    flags: Number(flags64 & 0xffffffffn),
    offset: file.u64n(at + 24, field('sh_offset')),
    size: file.u64n(at + 32, field('sh_size')),
    link: file.u32(at + 40, field('sh_link')),
    info: file.u32(at + 44, field('sh_info')),
    // Informational only: no precision is needed, so a hostile value is not an error.
    addralign: Number(file.u64(at + 48, field('sh_addralign'))),
    entsize: Number(file.u64(at + 56, field('sh_entsize'))),
  };
}

export interface ParseElfOptions {
  /** e_machine values accepted (default EM_BPF only; the native debugger reads x86-64 runners' DWARF). */
  readonly machines?: readonly number[];
}

export function parseElf(bytes: Uint8Array, options: ParseElfOptions = {}): ElfFile {
  const file = new BoundedView(bytes, fail, 'the ELF file');
  const header = readHeader(file, options.machines ?? [EM_BPF]);

  const raws: RawSection[] = [];
  for (let i = 0; i < header.sectionCount; i++)
    raws.push(readRawSection(file, header.sectionHeaderOffset + i * SHDR_SIZE, i));

  const dataOf = (raw: RawSection, index: number): Uint8Array => {
    if (raw.type === SectionType.NOBITS || raw.type === SectionType.NULL) return new Uint8Array(0);
    if (raw.offset > file.length || raw.size > file.length - raw.offset) {
      throw fail(
        `section ${index} data (${raw.size} bytes at offset ${raw.offset}) is out of bounds of the file (${file.length} bytes)`,
      );
    }
    return bytes.subarray(raw.offset, raw.offset + raw.size);
  };

  // readHeader keeps the index below the section count: the table is absent only when there are no sections.
  const shstr = raws[header.sectionNameTableIndex];
  if (shstr !== undefined && shstr.type !== SectionType.STRTAB)
    throw fail(`section name table (section ${header.sectionNameTableIndex}) is not a string table`);
  const names = shstr && new BoundedView(dataOf(shstr, header.sectionNameTableIndex), fail, 'the section name table');
  const nameOf = (raw: RawSection, index: number): string => {
    if (index === 0 && raw.type === SectionType.NULL) return '';
    if (!names) throw fail(`section ${index} has a name but the file has no section name table`);
    return names.cstring(raw.nameOffset, `section ${index} name`);
  };

  const sections: ElfSection[] = raws.map((raw, index) => ({
    index,
    name: nameOf(raw, index),
    type: raw.type,
    flags: raw.flags,
    offset: raw.offset,
    size: raw.size,
    link: raw.link,
    info: raw.info,
    addralign: raw.addralign,
    entsize: raw.entsize,
    data: dataOf(raw, index),
  }));

  const symbols = readSymbols(sections);
  // Relocations are read per target section on first use: a damaged .rel.debug_* section must
  // not stop a loader that never looks at debug info.
  const relocations = new Map<number, ElfRelocation[]>();
  const relocationsFor = (index: number): readonly ElfRelocation[] => {
    let list = relocations.get(index);
    if (!list) {
      list = sections
        .filter((s) => (s.type === SectionType.REL || s.type === SectionType.RELA) && s.info === index)
        .flatMap((s) => readRelocations(s, symbols));
      relocations.set(index, list);
    }
    return list;
  };
  const byName = new Map<string, ElfSection>();
  for (const s of sections) if (!byName.has(s.name)) byName.set(s.name, s);

  return {
    header,
    sections,
    symbols,
    sectionByName: (name) => byName.get(name),
    relocationsFor,
    isExecutable: (section) => section.type === SectionType.PROGBITS && (section.flags & SectionFlag.EXECINSTR) !== 0,
  };
}

function readSymbols(sections: readonly ElfSection[]): ElfSymbol[] {
  const [symtab, ...others] = sections.filter((s) => s.type === SectionType.SYMTAB);
  if (symtab === undefined) return [];
  if (others.length > 0) throw fail(`${others.length + 1} symbol tables found; a BPF object has one`);
  if (symtab.data.length % SYM_SIZE !== 0) {
    throw fail(`invalid symbol section ${symtab.name}: size ${symtab.data.length} is not a multiple of ${SYM_SIZE}`);
  }
  const strtab = sections[symtab.link];
  if (strtab === undefined || strtab.type !== SectionType.STRTAB) {
    throw fail(`invalid symbol section ${symtab.name}: its string table link ${symtab.link} is not a string table`);
  }
  const view = new BoundedView(symtab.data, fail, symtab.name);
  const strings = new BoundedView(strtab.data, fail, strtab.name);
  const count = symtab.data.length / SYM_SIZE;
  const symbols: ElfSymbol[] = [];
  for (let i = 0; i < count; i++) {
    const at = i * SYM_SIZE;
    const field = (name: string): string => `symbol ${i} ${name}`;
    const info = view.u8(at + 4, field('st_info'));
    const shndx = view.u16(at + 6, field('st_shndx'));
    if (shndx === SHN_XINDEX) throw fail(`symbol ${i} uses an extended section index, which BPF objects never need`);
    if (shndx !== SHN_UNDEF && shndx < SHN_LORESERVE && shndx >= sections.length) {
      throw fail(`symbol ${i} refers to section ${shndx}, but there are only ${sections.length} sections`);
    }
    const type = info & 0xf;
    const nameOffset = view.u32(at, field('st_name'));
    // Section symbols usually have no name: they go by their section's name.
    const section = nameOffset === 0 && type === SymbolType.SECTION ? sections[shndx] : undefined;
    const name = section ? section.name : strings.cstring(nameOffset, field('name'));
    symbols.push({
      index: i,
      name,
      value: view.u64n(at + 8, field('st_value')),
      size: view.u64n(at + 16, field('st_size')),
      type,
      binding: info >> 4,
      visibility: view.u8(at + 5, field('st_other')) & 0x3,
      sectionIndex: shndx,
    });
  }
  return symbols;
}

function readRelocations(section: ElfSection, symbols: readonly ElfSymbol[]): ElfRelocation[] {
  const withAddend = section.type === SectionType.RELA;
  const entrySize = withAddend ? RELA_SIZE : REL_SIZE;
  if (section.data.length % entrySize !== 0) {
    throw fail(`relocation section ${section.name}: size ${section.data.length} is not a multiple of ${entrySize}`);
  }
  const view = new BoundedView(section.data, fail, section.name);
  const list: ElfRelocation[] = [];
  const count = section.data.length / entrySize;
  for (let i = 0; i < count; i++) {
    const at = i * entrySize;
    const field = (name: string): string => `${section.name} entry ${i} ${name}`;
    const offset = view.u64n(at, field('r_offset'));
    const info = view.u64(at + 8, field('r_info'));
    const symbolIndex = Number(info >> 32n);
    const symbol = symbols[symbolIndex];
    if (symbol === undefined) {
      throw fail(
        `relocation ${i} in ${section.name} refers to symbol ${symbolIndex}, but there are only ${symbols.length} symbols`,
      );
    }
    list.push({
      offset,
      type: Number(info & 0xffffffffn),
      symbol,
      addend: withAddend ? view.i64(at + 16, field('r_addend')) : 0n,
    });
  }
  return list;
}
