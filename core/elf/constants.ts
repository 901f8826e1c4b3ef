// ELF constants a BPF object uses (System V gABI; BPF relocation numbers from the LLVM BPF backend).

export const EM_BPF = 247;

export const enum SectionType {
  NULL = 0,
  PROGBITS = 1,
  SYMTAB = 2,
  STRTAB = 3,
  RELA = 4,
  NOBITS = 8,
  REL = 9,
}

export const enum SectionFlag {
  WRITE = 0x1,
  ALLOC = 0x2,
  EXECINSTR = 0x4,
  MERGE = 0x10,
  STRINGS = 0x20,
}

export const enum SymbolType {
  NOTYPE = 0,
  OBJECT = 1,
  FUNC = 2,
  SECTION = 3,
  FILE = 4,
}

export const enum SymbolBinding {
  LOCAL = 0,
  GLOBAL = 1,
  WEAK = 2,
}

/** Special section indices in st_shndx. */
export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
export const SHN_XINDEX = 0xffff;

/** BPF relocation types. */
export const enum BpfRelocation {
  NONE = 0,
  /** lddw: 64-bit immediate split over two instructions (map / global data / function address). */
  R_BPF_64_64 = 1,
  /** 64-bit absolute data (BTF, .maps map-in-map values, DWARF). */
  R_BPF_64_ABS64 = 2,
  /** 32-bit absolute data (BTF.ext, DWARF). */
  R_BPF_64_ABS32 = 3,
  /** 32-bit data the dynamic loader ignores (.BTF.ext insn offsets). */
  R_BPF_64_NODYLD32 = 4,
  /** call imm: a bpf-to-bpf call target. */
  R_BPF_64_32 = 10,
}

export const RELOCATION_NAMES: Readonly<Record<number, string>> = {
  0: 'R_BPF_NONE',
  1: 'R_BPF_64_64',
  2: 'R_BPF_64_ABS64',
  3: 'R_BPF_64_ABS32',
  4: 'R_BPF_64_NODYLD32',
  10: 'R_BPF_64_32',
};
