export { parseElf } from './elf';
export type { ElfFile, ElfHeader, ElfRelocation, ElfSection, ElfSymbol } from './elf';
export { ElfError } from './errors';
export * from './constants';
export { dwarfSourceFiles } from './dwarfFiles';
