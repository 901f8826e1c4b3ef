// Map definitions from the three places a BPF object declares them: BTF-defined `.maps`, the
// legacy `maps` / `maps/*` sections (eBPF for Windows' 32-byte records or Linux's bpf_map_def),
// and global data sections (.data*, .rodata*, .bss*) which become one-entry array maps.

import { BtfKind } from '../btf/types';
import { datasecVariables, sizeOf, skipModifiers } from '../btf/layout';
import type { Btf } from '../btf/parse';
import { SectionFlag, SectionType, SymbolType } from '../elf/constants';
import type { ElfFile, ElfSection, ElfSymbol } from '../elf/elf';
import type { PlatformProfile } from '../platform/types';
import { LoadError } from './errors';
import type { MapDefinition, MapInitialEntry } from './types';

/** Most global data (all .data/.rodata/.bss together) we materialise; more is a hostile or broken header. */
export const MAX_GLOBAL_DATA_SIZE = 64 * 1024 * 1024;

const MAP_TYPE_ARRAY = 2;
/** type, key_size, value_size, max_entries: the fields every legacy layout starts with. */
const MIN_LEGACY_RECORD = 16;
const MAP_TYPE_HASH_OF_MAPS = 6;
const MAP_TYPE_ARRAY_OF_MAPS = 7;
/** Linux BPF_F_RDONLY_PROG / BPF_F_MMAPABLE, which libbpf sets on global-data maps. */
const BPF_F_RDONLY_PROG = 0x80;
const BPF_F_MMAPABLE = 0x400;

export interface ObjectMaps {
  readonly maps: readonly MapDefinition[];
  /** The map defined at (section index, offset within that section), for lddw relocations. */
  mapAt(sectionIndex: number, offset: number): MapDefinition | undefined;
  /** The global-data map of a section. */
  globalDataMap(sectionIndex: number): MapDefinition | undefined;
  isMapSection(sectionIndex: number): boolean;
  /**
   * Where a `__kconfig` extern lives: libbpf gathers them into one read-only `.kconfig` array map
   * and turns each lddw of one into a pointer into that map's value.
   */
  kconfigVariable(name: string): { readonly map: MapDefinition; readonly offset: number } | undefined;
}

type Draft = Omit<MapDefinition, 'index' | 'typeInfo' | 'innerMapIndex'> & { innerMapIndex?: number };

export function isLegacyMapSection(name: string): boolean {
  return name === 'maps' || name.startsWith('maps/') || name.startsWith('.maps/');
}

export function isGlobalDataSection(section: ElfSection): boolean {
  return (
    /^\.(data|rodata|bss)(\..*)?$/.test(section.name) &&
    (section.type === SectionType.PROGBITS || section.type === SectionType.NOBITS) &&
    (section.flags & SectionFlag.ALLOC) !== 0 &&
    (section.flags & SectionFlag.EXECINSTR) === 0
  );
}

export function collectMaps(
  elf: ElfFile,
  btf: Btf | undefined,
  platform: PlatformProfile,
  warnings: string[],
): ObjectMaps {
  const drafts: Draft[] = [];
  const at = new Map<string, number>();
  const dataBySection = new Map<number, number>();
  const mapSections = new Set<number>();
  const key = (section: number, offset: number): string => `${section}:${offset}`;

  // 1. Legacy sections.
  for (const section of elf.sections) {
    if (!isLegacyMapSection(section.name)) continue;
    mapSections.add(section.index);
    const firstLegacy = drafts.length;
    for (const { symbol, record } of legacyRecords(elf, section)) {
      at.set(key(section.index, symbol.value), drafts.length);
      drafts.push(decodeLegacy(symbol.name, record, platform, firstLegacy, section.name));
    }
  }
  // Windows map-in-map by id: inner_id names the map whose id field matches.
  resolveInnerIds(drafts);

  // 2. BTF-defined maps.
  const dotMaps = elf.sectionByName('.maps');
  if (dotMaps) {
    mapSections.add(dotMaps.index);
    if (!btf)
      throw new LoadError(
        'section .maps declares BTF-defined maps, but the object has no .BTF section (compile with -g)',
      );
    const vars = datasecVariables(btf, '.maps', symbolLocator(elf, dotMaps.index));
    if (!vars) throw new LoadError('section .maps has no BTF DATASEC describing its maps');
    for (const v of vars) {
      if (v.offset + v.size > dotMaps.size)
        throw new LoadError(
          `map ${v.name}: BTF places it at offset ${v.offset}, outside .maps (${dotMaps.size} bytes)`,
        );
      at.set(key(dotMaps.index, v.offset), drafts.length);
      const { outer, inner, valuesOffset } = decodeBtfMap(btf, v.name, v.typeId);
      const entries =
        valuesOffset === undefined
          ? []
          : initialEntries(elf, dotMaps, v.offset + valuesOffset, v.offset + v.size, v.name);
      const draft = entries.length > 0 ? { ...outer, initialEntries: Object.freeze(entries) } : outer;
      // The inner-map template becomes a map of its own, right after this one, referenced by innerMapIndex.
      drafts.push(inner ? { ...draft, innerMapIndex: drafts.length + 1 } : draft);
      if (inner) drafts.push(inner);
    }
  }

  // 3. Global data.
  let globalBytes = 0;
  for (const section of elf.sections) {
    if (!isGlobalDataSection(section)) continue;
    if (section.size === 0) continue;
    globalBytes += section.size;
    if (globalBytes > MAX_GLOBAL_DATA_SIZE) {
      throw new LoadError(
        `global data section ${section.name}: global data totals more than the supported ${MAX_GLOBAL_DATA_SIZE} bytes`,
      );
    }
    const readOnly = section.name.startsWith('.rodata');
    const datasec = btf?.findByName(section.name, BtfKind.DATASEC)[0];
    const initialValue = section.type === SectionType.NOBITS ? new Uint8Array(section.size) : section.data.slice();
    dataBySection.set(section.index, drafts.length);
    drafts.push({
      name: section.name,
      type: MAP_TYPE_ARRAY,
      keySize: 4,
      valueSize: section.size,
      maxEntries: 1,
      flags: platform.id === 'linux' ? (readOnly ? BPF_F_RDONLY_PROG : 0) | BPF_F_MMAPABLE : 0,
      keyTypeId: 0,
      valueTypeId: datasec?.id ?? 0,
      pinning: 0,
      origin: 'global-data',
      initialValue,
      section: section.name,
      readOnly,
    });
  }

  // 4. `__kconfig` externs (BTF DATASEC .kconfig): one map, each variable at its type's alignment.
  const kconfigOffsets = new Map<string, number>();
  let kconfigIndex: number | undefined;
  const kconfig = btf ? datasecVariables(btf, '.kconfig') : undefined;
  if (btf && kconfig && kconfig.length > 0) {
    let size = 0;
    for (const v of kconfig) {
      const bytes = Math.max(1, sizeOf(btf, v.typeId));
      const align = Math.min(8, 2 ** Math.floor(Math.log2(bytes)));
      size = Math.ceil(size / align) * align;
      kconfigOffsets.set(v.name, size);
      size += bytes;
    }
    kconfigIndex = drafts.length;
    drafts.push({
      name: '.kconfig',
      type: MAP_TYPE_ARRAY,
      keySize: 4,
      valueSize: size,
      maxEntries: 1,
      flags: BPF_F_RDONLY_PROG | BPF_F_MMAPABLE,
      keyTypeId: 0,
      valueTypeId: 0,
      pinning: 0,
      origin: 'global-data',
      // Its values come from the running kernel's configuration, unknown here: not read-only data
      // whose bytes we could trust, so the verifier keeps every branch that depends on them.
      initialValue: new Uint8Array(size),
      section: '.kconfig',
      readOnly: false,
    });
  }

  const maps: MapDefinition[] = drafts.map((d, index) => {
    const typeInfo = platform.mapTypes.get(d.type);
    if (!typeInfo) warnings.push(`map ${d.name}: map type ${d.type} is unknown on ${platform.displayName}`);
    if (d.innerMapIndex !== undefined && (d.innerMapIndex < 0 || d.innerMapIndex >= drafts.length)) {
      warnings.push(`map ${d.name}: inner map index ${d.innerMapIndex} does not name a map`);
      const { innerMapIndex: _ignored, ...rest } = d;
      return Object.freeze({ ...rest, index, typeInfo });
    }
    return Object.freeze({ ...d, index, typeInfo });
  });
  return {
    maps,
    mapAt: (section, offset) => {
      const i = at.get(key(section, offset));
      return i === undefined ? undefined : maps[i];
    },
    globalDataMap: (section) => {
      const i = dataBySection.get(section);
      return i === undefined ? undefined : maps[i];
    },
    isMapSection: (section) => mapSections.has(section),
    kconfigVariable: (name) => {
      const offset = kconfigOffsets.get(name);
      const map = kconfigIndex === undefined ? undefined : maps[kconfigIndex];
      return offset === undefined || !map ? undefined : { map, offset };
    },
  };
}

/** Looks variables of one section up in the symbol table (offsets in DATASEC are 0 in objects). */
export function symbolLocator(
  elf: ElfFile,
  sectionIndex: number,
): (name: string) => { offset: number; size: number } | undefined {
  const bySymbol = new Map<string, { offset: number; size: number }>();
  for (const s of elf.symbols) {
    if (s.sectionIndex === sectionIndex && s.type !== SymbolType.SECTION && s.name !== '' && !bySymbol.has(s.name)) {
      bySymbol.set(s.name, { offset: s.value, size: s.size });
    }
  }
  return (name) => bySymbol.get(name);
}

/** The records of a legacy maps section: one per OBJECT symbol, or fixed-size slices when the symbols are missing. */
function legacyRecords(elf: ElfFile, section: ElfSection): { symbol: ElfSymbol; record: Uint8Array }[] {
  const symbols = elf.symbols
    .filter(
      (s) =>
        s.sectionIndex === section.index &&
        s.type !== SymbolType.SECTION &&
        s.type !== SymbolType.FILE &&
        s.name !== '',
    )
    .sort((a, b) => a.value - b.value);
  const unique = symbols.filter((s, i) => i === 0 || s.value !== symbols[i - 1]?.value);
  if (unique.length === 0) {
    if (section.size > 0)
      throw new LoadError(`legacy map section ${section.name} has ${section.size} bytes but no map symbols`);
    return [];
  }
  const defaultSize = Math.floor(section.size / unique.length);
  return unique.map((symbol, i) => {
    const size = symbol.size > 0 ? symbol.size : defaultSize;
    if (symbol.value + size > section.data.length) {
      throw new LoadError(
        `legacy map ${symbol.name}: its ${size}-byte record at offset ${symbol.value} is outside ${section.name} (${section.data.length} bytes)`,
      );
    }
    const next = unique[i + 1];
    if (next && symbol.value + size > next.value)
      throw new LoadError(`legacy map ${symbol.name} overlaps map ${next.name} in ${section.name}`);
    if (size < MIN_LEGACY_RECORD)
      throw new LoadError(
        `legacy map ${symbol.name}: record of ${size} bytes is too short (need at least ${MIN_LEGACY_RECORD})`,
      );
    return { symbol, record: section.data.subarray(symbol.value, symbol.value + size) };
  });
}

/** iproute2's struct bpf_elf_map: nine 32-bit fields. */
const IPROUTE2_RECORD = 36;

function u32(record: Uint8Array, field: number): number {
  const at = field * 4;
  if (at + 4 > record.length) return 0; // Shorter records are zero-padded, as both loaders do.
  return new DataView(record.buffer, record.byteOffset, record.byteLength).getUint32(at, true);
}

interface LegacyDraft extends Draft {
  /** Windows only: the id / inner_id pair used to link map-in-map templates. */
  windowsId?: number;
  windowsInnerId?: number;
}

function decodeLegacy(
  name: string,
  record: Uint8Array,
  platform: PlatformProfile,
  firstLegacy: number,
  section: string,
): LegacyDraft {
  const base = {
    name,
    type: u32(record, 0),
    keySize: u32(record, 1),
    valueSize: u32(record, 2),
    maxEntries: u32(record, 3),
    keyTypeId: 0,
    valueTypeId: 0,
    origin: 'legacy' as const,
  };
  if (platform.id === 'windows') {
    // struct _ebpf_map_definition_in_file: type, key_size, value_size, max_entries, inner_map_idx, pinning, id, inner_id.
    const isMapInMap = base.type === MAP_TYPE_HASH_OF_MAPS || base.type === MAP_TYPE_ARRAY_OF_MAPS;
    const innerId = u32(record, 7);
    return {
      ...base,
      flags: 0,
      pinning: u32(record, 5),
      ...(isMapInMap && innerId === 0 ? { innerMapIndex: firstLegacy + u32(record, 4) } : {}),
      windowsId: u32(record, 6),
      windowsInnerId: isMapInMap ? innerId : 0,
      section,
    };
  }
  // Linux struct bpf_map_def: type, key_size, value_size, max_entries, map_flags; iproute2's
  // struct bpf_elf_map goes on with id, pinning, inner_id, inner_idx.
  const id = record.length >= IPROUTE2_RECORD ? u32(record, 5) : 0;
  return { ...base, flags: u32(record, 4), pinning: 0, section, ...(id !== 0 ? { iproute2Id: id } : {}) };
}

function resolveInnerIds(drafts: Draft[]): void {
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i] as LegacyDraft;
    if (d.windowsInnerId) {
      const inner = drafts.findIndex((o) => (o as LegacyDraft).windowsId === d.windowsInnerId);
      // eBPF for Windows refuses the whole object when an inner_id names no map ("bad inner map").
      if (inner < 0)
        throw new LoadError(
          `map ${d.name}: inner_id ${d.windowsInnerId} names no map of the object (no map has id ${d.windowsInnerId}); eBPF for Windows refuses to load it`,
        );
      drafts[i] = { ...d, innerMapIndex: inner };
    }
  }
  for (let i = 0; i < drafts.length; i++) {
    const { windowsId: _id, windowsInnerId: _inner, ...rest } = drafts[i] as LegacyDraft;
    drafts[i] = rest;
  }
}

const NUMERIC_FIELDS = new Set([
  'type',
  'max_entries',
  'map_flags',
  'key_size',
  'value_size',
  'pinning',
  'numa_node',
  'map_extra',
]);

/**
 * A BTF-defined map: a struct whose members encode values in types. `__uint(name, N)` is
 * `int (*name)[N]` (the array length is N); `__type(name, T)` is `typeof(T) *name`;
 * `__array(values, struct inner)` is `struct inner *values[]` (a map-in-map template).
 */
function decodeBtfMap(
  btf: Btf,
  name: string,
  typeId: number,
  depth = 0,
): { outer: Draft; inner: Draft | undefined; valuesOffset: number | undefined } {
  const struct = skipModifiers(btf, typeId);
  if (struct.kind !== BtfKind.STRUCT) throw new LoadError(`map ${name}: its BTF type is not a struct`);
  const numbers: Record<string, number> = {};
  let keyTypeId = 0;
  let valueTypeId = 0;
  let inner: Draft | undefined;
  let valuesOffset: number | undefined;
  for (const member of struct.members) {
    const memberType = skipModifiers(btf, member.type);
    if (NUMERIC_FIELDS.has(member.name)) {
      if (memberType.kind !== BtfKind.PTR)
        throw new LoadError(`map ${name}: member ${member.name} is not encoded as __uint (int (*)[N])`);
      const array = skipModifiers(btf, memberType.type);
      if (array.kind !== BtfKind.ARRAY)
        throw new LoadError(`map ${name}: member ${member.name} is not encoded as __uint (int (*)[N])`);
      numbers[member.name] = array.count;
    } else if (member.name === 'key' || member.name === 'value') {
      if (memberType.kind !== BtfKind.PTR)
        throw new LoadError(`map ${name}: member ${member.name} is not encoded as __type (a pointer)`);
      if (member.name === 'key') keyTypeId = memberType.type;
      else valueTypeId = memberType.type;
    } else if (member.name === 'values') {
      // `struct inner *values[]` (map-in-map: the inner map's template) or
      // `int (*values[])(void *)` (program array: programs, no template).
      if (memberType.kind !== BtfKind.ARRAY) throw new LoadError(`map ${name}: member values is not an __array`);
      const pointer = skipModifiers(btf, memberType.type);
      if (pointer.kind !== BtfKind.PTR) throw new LoadError(`map ${name}: member values is not an array of pointers`);
      valuesOffset = Math.floor(member.bitOffset / 8);
      if (skipModifiers(btf, pointer.type).kind !== BtfKind.FUNC_PROTO) {
        if (depth > 0) throw new LoadError(`map ${name}: nested map-in-map templates are not supported`);
        inner = decodeBtfMap(btf, `${name}.inner`, pointer.type, depth + 1).outer;
      }
    }
  }
  if (numbers.type === undefined) throw new LoadError(`map ${name}: no type given (__uint(type, ...))`);
  const keySize = keyTypeId ? sizeOf(btf, keyTypeId) : (numbers.key_size ?? 0);
  // Map-in-map and program-array values are 4-byte ids when not given.
  const valueSize = valueTypeId
    ? sizeOf(btf, valueTypeId)
    : (numbers.value_size ?? (valuesOffset !== undefined ? 4 : 0));
  if (keyTypeId && numbers.key_size !== undefined && numbers.key_size !== keySize) {
    throw new LoadError(`map ${name}: key_size ${numbers.key_size} conflicts with the key type's size ${keySize}`);
  }
  if (valueTypeId && numbers.value_size !== undefined && numbers.value_size !== valueSize) {
    throw new LoadError(
      `map ${name}: value_size ${numbers.value_size} conflicts with the value type's size ${valueSize}`,
    );
  }
  return {
    outer: {
      name,
      type: numbers.type,
      keySize,
      valueSize,
      maxEntries: numbers.max_entries ?? 0,
      flags: numbers.map_flags ?? 0,
      keyTypeId,
      valueTypeId,
      pinning: numbers.pinning ?? 0,
      origin: 'btf',
      section: '.maps',
    },
    inner,
    valuesOffset,
  };
}

/**
 * Slots set by an initialiser (`.values = { [1] = &inner_b }`): R_BPF_64_ABS64 relocations
 * inside the variable, 8 bytes per slot from the `values` member on, naming a map or a program.
 */
function initialEntries(
  elf: ElfFile,
  dotMaps: ElfSection,
  start: number,
  end: number,
  mapName: string,
): MapInitialEntry[] {
  const entries: MapInitialEntry[] = [];
  for (const reloc of elf.relocationsFor(dotMaps.index)) {
    if (reloc.offset < start || reloc.offset >= end) continue;
    if ((reloc.offset - start) % 8 !== 0)
      throw new LoadError(`map ${mapName}: initial value relocation at offset ${reloc.offset} is not slot-aligned`);
    const target = reloc.symbol;
    const targetSection = elf.sections[target.sectionIndex];
    const kind =
      target.sectionIndex === dotMaps.index
        ? 'map'
        : targetSection && elf.isExecutable(targetSection)
          ? 'program'
          : undefined;
    if (!kind) throw new LoadError(`map ${mapName}: initial value ${target.name} is neither a map nor a program`);
    entries.push(Object.freeze({ key: (reloc.offset - start) / 8, kind, name: target.name }));
  }
  return entries.sort((a, b) => a.key - b.key);
}
