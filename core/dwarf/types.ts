// C types from DWARF type DIEs: a small graph (cycles through pointers are shared objects, built
// once per DIE) plus the C spelling llvm-dwarfdump uses for them.

import { DW_AT, DW_TAG } from './constants';
import type { Die } from './die';

export interface DwarfMember {
  readonly name: string;
  readonly type: DwarfType;
  /** Byte offset of the member (of its storage unit, for a bitfield). */
  readonly offset: number;
  /** Bitfields: width in bits and bit offset from the start of the struct. */
  readonly bitSize?: number;
  readonly bitOffset?: number;
}

export type DwarfType =
  | { readonly kind: 'void' }
  | { readonly kind: 'base'; readonly name: string; readonly size: number; readonly encoding: number }
  | { readonly kind: 'pointer'; readonly target: DwarfType }
  | {
      readonly kind: 'struct' | 'union';
      readonly name: string;
      readonly size: number;
      readonly members: readonly DwarfMember[];
    }
  | { readonly kind: 'array'; readonly element: DwarfType; readonly counts: readonly number[] }
  | { readonly kind: 'typedef'; readonly name: string; readonly target: DwarfType }
  | { readonly kind: 'const' | 'volatile' | 'restrict' | 'atomic'; readonly target: DwarfType }
  | {
      readonly kind: 'enum';
      readonly name: string;
      readonly size: number;
      readonly enumerators: readonly { readonly name: string; readonly value: bigint }[];
    }
  | {
      readonly kind: 'function';
      readonly result: DwarfType;
      readonly params: readonly DwarfType[];
      readonly variadic: boolean;
    };

export const VOID: DwarfType = Object.freeze({ kind: 'void' });

/** Attribute accessors the type builder needs from the reader. */
export interface DieAccess {
  name(die: Die): string | undefined;
  num(die: Die, at: number): number | undefined;
  ref(die: Die, at: number): Die | undefined;
  signed(die: Die, at: number): bigint | undefined;
}

/** Guard against a hostile chain of modifiers/typedefs. */
const MAX_DEPTH = 64;

export class TypeBuilder {
  private readonly cache = new Map<number, DwarfType>();
  constructor(private readonly dies: DieAccess) {}

  typeOf(die: Die | undefined, depth = 0): DwarfType {
    if (!die || depth > MAX_DEPTH) return VOID;
    const cached = this.cache.get(die.offset);
    if (cached) return cached;
    const d = this.dies;
    const target = (): DwarfType => this.typeOf(d.ref(die, DW_AT.type), depth + 1);
    switch (die.tag) {
      case DW_TAG.base_type: {
        const t = {
          kind: 'base',
          name: d.name(die) ?? '?',
          size: d.num(die, DW_AT.byte_size) ?? 0,
          encoding: d.num(die, DW_AT.encoding) ?? 0,
        } as const;
        this.cache.set(die.offset, t);
        return t;
      }
      case DW_TAG.pointer_type: {
        // Cache first: a struct can point at itself.
        const t: { kind: 'pointer'; target: DwarfType } = { kind: 'pointer', target: VOID };
        this.cache.set(die.offset, t);
        t.target = target();
        return t;
      }
      case DW_TAG.structure_type:
      case DW_TAG.union_type: {
        const members: DwarfMember[] = [];
        const t = {
          kind: die.tag === DW_TAG.structure_type ? 'struct' : 'union',
          name: d.name(die) ?? '',
          size: d.num(die, DW_AT.byte_size) ?? 0,
          members,
        } as const;
        this.cache.set(die.offset, t);
        for (const m of die.children) {
          if (m.tag !== DW_TAG.member) continue;
          const bitSize = d.num(m, DW_AT.bit_size);
          const dataBitOffset = d.num(m, DW_AT.data_bit_offset);
          const byteOffset =
            d.num(m, DW_AT.data_member_location) ?? (dataBitOffset !== undefined ? Math.floor(dataBitOffset / 8) : 0);
          const member: DwarfMember = {
            name: d.name(m) ?? '',
            type: this.typeOf(d.ref(m, DW_AT.type), depth + 1),
            offset: bitSize !== undefined && dataBitOffset !== undefined ? Math.floor(dataBitOffset / 8) : byteOffset,
            ...(bitSize !== undefined ? { bitSize, bitOffset: dataBitOffset ?? byteOffset * 8 } : {}),
          };
          members.push(member);
        }
        return t;
      }
      case DW_TAG.array_type: {
        const counts: number[] = [];
        for (const s of die.children) {
          if (s.tag !== DW_TAG.subrange_type) continue;
          const count = d.num(s, DW_AT.count);
          const upper = d.num(s, DW_AT.upper_bound);
          counts.push(count ?? (upper !== undefined ? upper + 1 : 0));
        }
        const t = { kind: 'array', element: VOID, counts } as { kind: 'array'; element: DwarfType; counts: number[] };
        this.cache.set(die.offset, t);
        t.element = target();
        return t;
      }
      case DW_TAG.typedef: {
        const t = { kind: 'typedef', name: d.name(die) ?? '?', target: VOID } as {
          kind: 'typedef';
          name: string;
          target: DwarfType;
        };
        this.cache.set(die.offset, t);
        t.target = target();
        return t;
      }
      case DW_TAG.const_type:
      case DW_TAG.volatile_type:
      case DW_TAG.restrict_type:
      case DW_TAG.atomic_type: {
        const kind =
          die.tag === DW_TAG.const_type
            ? 'const'
            : die.tag === DW_TAG.volatile_type
              ? 'volatile'
              : die.tag === DW_TAG.restrict_type
                ? 'restrict'
                : 'atomic';
        const t: { kind: typeof kind; target: DwarfType } = { kind, target: VOID };
        this.cache.set(die.offset, t);
        t.target = target();
        return t;
      }
      case DW_TAG.enumeration_type: {
        const enumerators = die.children
          .filter((e) => e.tag === DW_TAG.enumerator)
          .map((e) => ({ name: d.name(e) ?? '?', value: d.signed(e, DW_AT.const_value) ?? 0n }));
        const t = {
          kind: 'enum',
          name: d.name(die) ?? '',
          size: d.num(die, DW_AT.byte_size) ?? 4,
          enumerators,
        } as const;
        this.cache.set(die.offset, t);
        return t;
      }
      case DW_TAG.subroutine_type: {
        const t = { kind: 'function', result: VOID, params: [] as DwarfType[], variadic: false } as {
          kind: 'function';
          result: DwarfType;
          params: DwarfType[];
          variadic: boolean;
        };
        this.cache.set(die.offset, t);
        t.result = target();
        for (const p of die.children) {
          if (p.tag === DW_TAG.formal_parameter) t.params.push(this.typeOf(d.ref(p, DW_AT.type), depth + 1));
          else if (p.tag === 0x18 /* unspecified_parameters */) t.variadic = true;
        }
        return t;
      }
      default:
        return VOID;
    }
  }
}

/** Size in bytes (0 for void and functions). Cycle-safe through the depth bound. */
export function sizeOfType(t: DwarfType, depth = 0): number {
  if (depth > MAX_DEPTH) return 0;
  switch (t.kind) {
    case 'base':
    case 'struct':
    case 'union':
    case 'enum':
      return t.size;
    case 'pointer':
      return 8;
    case 'array':
      return t.counts.reduce((n, c) => n * c, sizeOfType(t.element, depth + 1));
    case 'typedef':
    case 'const':
    case 'volatile':
    case 'restrict':
    case 'atomic':
      return sizeOfType(t.target, depth + 1);
    default:
      return 0;
  }
}

/** Strips typedefs and qualifiers. */
export function resolveType(t: DwarfType): DwarfType {
  for (let i = 0; i < MAX_DEPTH; i++) {
    if (
      t.kind === 'typedef' ||
      t.kind === 'const' ||
      t.kind === 'volatile' ||
      t.kind === 'restrict' ||
      t.kind === 'atomic'
    )
      t = t.target;
    else return t;
  }
  return t;
}

/** The C spelling llvm-dwarfdump prints (`service_key *`, `const _Bool`, `int (*)[1]`). */
export function typeName(t: DwarfType): string {
  const [before, after] = declarator(t, 0);
  return `${before}${after}`.replace(/ +$/, '');
}

/** Splits a type into the text before and after the (absent) declarator name. */
function declarator(t: DwarfType, depth: number): [string, string] {
  if (depth > MAX_DEPTH) return ['?', ''];
  switch (t.kind) {
    case 'void':
      return ['void', ''];
    case 'base':
    case 'typedef':
      return [t.name, ''];
    case 'struct':
    case 'union':
    case 'enum':
      return [t.name || (t.kind === 'struct' ? 'structure ' : t.kind === 'union' ? 'union ' : 'enum '), ''];
    case 'const':
    case 'volatile':
    case 'restrict':
    case 'atomic': {
      const [b, a] = declarator(t.target, depth + 1);
      const q = t.kind === 'atomic' ? '_Atomic' : t.kind;
      // Qualifiers of a pointer follow it (`int *const`); otherwise they lead (`const int`).
      return resolveQualifiedKind(t.target) === 'pointer' ? [`${b}${q}`, a] : [`${q} ${b}`, a];
    }
    case 'pointer': {
      const inner = t.target;
      const [b, a] = declarator(inner, depth + 1);
      const innerKind = resolveQualifiedKind(inner);
      if (innerKind === 'array' || innerKind === 'function')
        return [b.endsWith('*') || b.endsWith(' ') ? `${b}(*` : `${b} (*`, `)${a}`];
      return [b.endsWith('*') || b.endsWith('(') ? `${b}*` : `${b} *`, a];
    }
    case 'array': {
      const [b, a] = declarator(t.element, depth + 1);
      return [b, `${t.counts.map((c) => `[${c}]`).join('')}${a}`];
    }
    case 'function': {
      const [b, a] = declarator(t.result, depth + 1);
      const params = t.params.map(typeName);
      if (t.variadic) params.push('...');
      return [b.endsWith('*') ? b : `${b} `, `(${params.join(', ')})${a}`];
    }
  }
}

/** The kind under qualifiers (not typedefs: a typedef name is atomic in C spelling). */
function resolveQualifiedKind(t: DwarfType): DwarfType['kind'] {
  for (let i = 0; i < MAX_DEPTH; i++) {
    if (t.kind === 'const' || t.kind === 'volatile' || t.kind === 'restrict' || t.kind === 'atomic') t = t.target;
    else return t.kind;
  }
  return t.kind;
}
