// Size, alignment and modifier-skipping over BTF types. Every walk is bounded: hostile BTF may
// contain reference cycles (a typedef naming itself), which become a BtfError, not a hang.

import { BtfError } from './errors';
import type { Btf } from './parse';
import { BtfKind, BTF_KIND_NAMES, type BtfType } from './types';

/** Longest chain of typedefs/qualifiers/arrays/struct nesting we follow before calling it a cycle. */
export const MAX_TYPE_DEPTH = 64;

const fail = (message: string): Error => new BtfError(message);

/** Follow typedefs, const/volatile/restrict and type tags to the underlying type. */
export function skipModifiers(btf: Btf, id: number): BtfType {
  let t = btf.type(id);
  for (let depth = 0; ; depth++) {
    if (depth > MAX_TYPE_DEPTH) throw fail(`BTF type ${id}: modifier chain too long (a cycle?)`);
    switch (t.kind) {
      case BtfKind.TYPEDEF:
      case BtfKind.VOLATILE:
      case BtfKind.CONST:
      case BtfKind.RESTRICT:
      case BtfKind.TYPE_TAG:
        t = btf.type(t.type);
        break;
      default:
        return t;
    }
  }
}

/** Byte size of a type, as sizeof() in C would give it. Throws for void, functions and forward declarations. */
export function sizeOf(btf: Btf, id: number, depth = 0): number {
  if (depth > MAX_TYPE_DEPTH) throw fail(`BTF type ${id}: type nesting too deep (a cycle?)`);
  const t = skipModifiers(btf, id);
  switch (t.kind) {
    case BtfKind.INT:
    case BtfKind.ENUM:
    case BtfKind.ENUM64:
    case BtfKind.STRUCT:
    case BtfKind.UNION:
    case BtfKind.DATASEC:
    case BtfKind.FLOAT:
      return t.size;
    case BtfKind.PTR:
      return 8;
    case BtfKind.VAR:
      return sizeOf(btf, t.type, depth + 1);
    case BtfKind.ARRAY: {
      const size = t.count * sizeOf(btf, t.type, depth + 1);
      if (!Number.isSafeInteger(size) || size > 0xffffffff) throw fail(`BTF type ${t.id}: array size overflows`);
      return size;
    }
    default:
      throw fail(`BTF type ${id} (${BTF_KIND_NAMES[t.kind]}${t.name ? ' ' + t.name : ''}) has no size`);
  }
}

/** Alignment in bytes (natural alignment of the BPF target: 8-byte pointers and u64). */
export function alignOf(btf: Btf, id: number, depth = 0): number {
  if (depth > MAX_TYPE_DEPTH) throw fail(`BTF type ${id}: type nesting too deep (a cycle?)`);
  const t = skipModifiers(btf, id);
  switch (t.kind) {
    case BtfKind.INT:
    case BtfKind.ENUM:
    case BtfKind.ENUM64:
    case BtfKind.FLOAT:
      return Math.max(1, Math.min(t.size, 8));
    case BtfKind.PTR:
      return 8;
    case BtfKind.ARRAY:
    case BtfKind.VAR:
      return alignOf(btf, t.type, depth + 1);
    case BtfKind.STRUCT:
    case BtfKind.UNION: {
      let align = 1;
      for (const m of t.members) align = Math.max(align, alignOf(btf, m.type, depth + 1));
      return align;
    }
    default:
      throw fail(`BTF type ${id} (${BTF_KIND_NAMES[t.kind]}) has no alignment`);
  }
}

export interface DatasecVariable {
  readonly name: string;
  /** The VAR (or extern FUNC) type id. */
  readonly varTypeId: number;
  /** The variable's value type (the VAR's target). */
  readonly typeId: number;
  readonly offset: number;
  readonly size: number;
  /** 0 static, 1 global, 2 extern. */
  readonly linkage: number;
}

/** Where the object's symbol table puts a variable (st_value, st_size), for DATASEC fix-up. */
export type VariableLocator = (name: string) => { offset: number; size: number } | undefined;

/**
 * The variables of a data section (.data, .rodata, .bss, .maps) as BTF records them. In an
 * object file clang leaves DATASEC offsets (and the section size) at 0 for the loader to fill in
 * from the symbol table, as libbpf does; pass `locate` to do that fix-up.
 */
export function datasecVariables(
  btf: Btf,
  sectionName: string,
  locate?: VariableLocator,
): DatasecVariable[] | undefined {
  const sec = btf.findByName(sectionName, BtfKind.DATASEC)[0];
  if (!sec || sec.kind !== BtfKind.DATASEC) return undefined;
  return sec.vars.map((v) => {
    const t = btf.type(v.type);
    if (t.kind !== BtfKind.VAR && t.kind !== BtfKind.FUNC) {
      throw fail(`DATASEC ${sectionName} entry refers to type ${v.type} (${BTF_KIND_NAMES[t.kind]}), not a VAR`);
    }
    const located = locate?.(t.name);
    return {
      name: t.name,
      varTypeId: t.id,
      typeId: t.type,
      offset: located?.offset ?? v.offset,
      size: located?.size || v.size,
      linkage: t.linkage,
    };
  });
}
