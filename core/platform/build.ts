// Small builders shared by the platform profiles, so that windows.ts and linux.ts stay tables.
import type {
  ContextField,
  ContextFieldKind,
  ContextLayout,
  HelperArgKind,
  HelperPrototype,
  HelperReturnKind,
  MapKind,
  MapTypeInfo,
  PlatformProfile,
  ProgramType,
} from './types';

/** Thrown when a profile table is inconsistent (a duplicate id, a field outside its struct). */
// Argument and return kinds in the abbreviations of the reference tables, for the profile tables.
export const MAP = 'ptr_to_map' as const;
export const PROGMAP = 'ptr_to_map_of_programs' as const;
export const KEY = 'ptr_to_map_key' as const;
export const VAL = 'ptr_to_map_value' as const;
export const CTX = 'ptr_to_ctx' as const;
export const RMEM = 'ptr_to_readable_mem' as const;
export const RMEM_OR_NULL = 'ptr_to_readable_mem_or_null' as const;
export const WMEM = 'ptr_to_writable_mem' as const;
export const SZ = 'const_size' as const;
export const SZ0 = 'const_size_or_zero' as const;
export const ANY = 'anything' as const;
export const INT = 'integer' as const;

export class PlatformTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlatformTableError';
  }
}

export function helper(
  id: number,
  name: string,
  args: readonly HelperArgKind[],
  returns: HelperReturnKind,
  signature: string,
  doc: string,
  extra: { printk?: boolean } = {},
): HelperPrototype {
  return { id, name, args, returns, signature, doc, ...(extra.printk ? { printk: true } : {}) };
}

/** A map keyed by id; a duplicate id is a table bug, reported with both names. */
export function helperTable(where: string, list: readonly HelperPrototype[]): ReadonlyMap<number, HelperPrototype> {
  const table = new Map<number, HelperPrototype>();
  for (const h of list) {
    const previous = table.get(h.id);
    if (previous)
      throw new PlatformTableError(`${where}: helper id ${h.id} used by both ${previous.name} and ${h.name}`);
    table.set(h.id, h);
  }
  return table;
}

export interface FieldSpec {
  name: string;
  offset: number;
  size: number;
  cType: string;
  kind?: ContextFieldKind;
  writable?: boolean;
  count?: number;
  values?: Readonly<Record<number, string>>;
  memorySize?: number;
}

export function field(spec: FieldSpec): ContextField {
  return {
    name: spec.name,
    offset: spec.offset,
    size: spec.size,
    cType: spec.cType,
    kind: spec.kind ?? 'scalar',
    writable: spec.writable ?? false,
    ...(spec.count !== undefined ? { count: spec.count } : {}),
    ...(spec.values ? { values: spec.values } : {}),
    ...(spec.memorySize !== undefined ? { memorySize: spec.memorySize } : {}),
  };
}

/** A context layout whose fields are checked to lie inside the struct. */
export function layout(structName: string, size: number, fields: readonly ContextField[]): ContextLayout {
  for (const f of fields) {
    const bytes = f.size * (f.count ?? 1);
    if (f.offset < 0 || f.offset + bytes > size) {
      throw new PlatformTableError(
        `${structName}.${f.name}: bytes ${f.offset}..${f.offset + bytes} lie outside the ${size}-byte struct`,
      );
    }
  }
  return { structName, size, fields };
}

export function mapType(
  number: number,
  name: string,
  kind: MapKind,
  options: { perCpu?: boolean; lookupReturnsValue?: boolean; supported?: boolean } = {},
): MapTypeInfo {
  return {
    number,
    name,
    kind,
    perCpu: options.perCpu ?? false,
    lookupReturnsValue: options.lookupReturnsValue ?? true,
    supported: options.supported ?? true,
  };
}

export function mapTypeTable(list: readonly MapTypeInfo[]): ReadonlyMap<number, MapTypeInfo> {
  const table = new Map<number, MapTypeInfo>();
  for (const m of list) {
    if (table.has(m.number)) throw new PlatformTableError(`map type ${m.number} defined twice`);
    table.set(m.number, m);
  }
  return table;
}

/**
 * How a section prefix matches a name.
 * - 'prefix': plain string prefix, as eBPF for Windows does (windows_platform_common.cpp), so
 *   `bind/0` and `sample_ext1` both resolve.
 * - 'segment': libbpf's rule: the prefix is the whole name, or ends in '/', or is followed by '/',
 *   so `xdp/lb` matches `xdp` but `xdpfoo` does not.
 */
export type SectionMatchRule = 'prefix' | 'segment';

/** Longest-prefix section matching: the longest matching prefix over all program types wins. */
export function matchSection(
  programTypes: readonly ProgramType[],
  section: string,
  rule: SectionMatchRule,
): ProgramType | undefined {
  // libbpf: a leading `?` only turns autoload off (`SEC("?raw_tp")`); the type comes from the rest.
  if (rule === 'segment' && section.startsWith('?')) section = section.slice(1);
  let best: ProgramType | undefined;
  let bestLength = -1;
  for (const type of programTypes) {
    for (const prefix of type.sectionPrefixes) {
      if (!sectionMatches(section, prefix, rule)) continue;
      if (prefix.length > bestLength) {
        best = type;
        bestLength = prefix.length;
      }
    }
  }
  return best;
}

function sectionMatches(section: string, prefix: string, rule: SectionMatchRule): boolean {
  if (!section.startsWith(prefix)) return false;
  if (rule === 'prefix') return true;
  if (section.length === prefix.length || prefix.endsWith('/')) return true;
  return section[prefix.length] === '/';
}

/** Program-type helpers shadow global ones; forbidden global helpers resolve to undefined. */
export function resolveHelper(
  globals: ReadonlyMap<number, HelperPrototype>,
  id: number,
  programType: ProgramType | undefined,
): HelperPrototype | undefined {
  if (programType) {
    const own = programType.helpers.get(id);
    if (own) return own;
    if (programType.forbiddenHelpers?.has(id)) return undefined;
  }
  return globals.get(id);
}

/**
 * Names of the program types that may call helper `id` named `name` (for messages saying where it
 * is offered). The name matters on eBPF for Windows, whose program-type helper ids repeat per type.
 */
export function programTypesOffering(platform: PlatformProfile, id: number, name: string): readonly string[] {
  if (platform.programTypesOffering) return platform.programTypesOffering(id);
  const names = new Set<string>();
  for (const t of platform.programTypes)
    if (platform.helper(id, t)?.name === name && !t.unimplementedHelpers?.has(id)) names.add(t.name);
  return [...names];
}
