// C-like type names from BTF: `struct xdp_md *`, `int (*)[2]`, `const char *`, `__u32`.
// Declarators are built inside-out (the C "spiral"); every walk is depth-bounded.

import type { Btf } from './parse';
import { MAX_TYPE_DEPTH } from './layout';
import { BtfKind, type BtfType } from './types';

/** The C spelling of a type; with `name`, a declaration of that name (`int (*max_entries)[16]`). */
export function typeToString(btf: Btf, id: number, name = ''): string {
  return declare(btf, id, name, 0).trim();
}

function tagName(t: BtfType): string {
  switch (t.kind) {
    case BtfKind.STRUCT:
      return `struct ${t.name || '{...}'}`;
    case BtfKind.UNION:
      return `union ${t.name || '{...}'}`;
    case BtfKind.ENUM:
    case BtfKind.ENUM64:
      return `enum ${t.name || '{...}'}`;
    case BtfKind.FWD:
      return `${t.isUnion ? 'union' : 'struct'} ${t.name}`;
    default:
      return t.name;
  }
}

/** Join a base type and a declarator: `int` + `x` = `int x`, `int` + `[2]` = `int[2]`. */
function join(base: string, inner: string): string {
  if (inner === '') return base;
  return inner.startsWith('[') ? base + inner : `${base} ${inner}`;
}

function isPointerLike(btf: Btf, id: number): boolean {
  const t = btf.types[id];
  return t !== undefined && t.kind === BtfKind.PTR;
}

function declare(btf: Btf, id: number, inner: string, depth: number): string {
  if (depth > MAX_TYPE_DEPTH) return join('...', inner);
  const t = btf.types[id];
  if (t === undefined) return join(`<type ${id}?>`, inner);
  switch (t.kind) {
    case BtfKind.UNKN:
      return join('void', inner);
    case BtfKind.INT:
    case BtfKind.FLOAT:
    case BtfKind.TYPEDEF:
    case BtfKind.STRUCT:
    case BtfKind.UNION:
    case BtfKind.ENUM:
    case BtfKind.ENUM64:
    case BtfKind.FWD:
      return join(tagName(t), inner);
    case BtfKind.PTR: {
      const target = btf.types[t.type];
      const needsParens = target !== undefined && (target.kind === BtfKind.ARRAY || target.kind === BtfKind.FUNC_PROTO);
      const star = `*${inner}`;
      return declare(btf, t.type, needsParens ? `(${star})` : star, depth + 1);
    }
    case BtfKind.ARRAY:
      return declare(btf, t.type, `${inner}[${t.count}]`, depth + 1);
    case BtfKind.CONST:
    case BtfKind.VOLATILE:
    case BtfKind.RESTRICT: {
      const qualifier = t.kind === BtfKind.CONST ? 'const' : t.kind === BtfKind.VOLATILE ? 'volatile' : 'restrict';
      // A qualified pointer is spelled after the star: `char *const p`.
      if (isPointerLike(btf, t.type))
        return declare(btf, t.type, inner === '' ? qualifier : `${qualifier} ${inner}`, depth + 1);
      return `${qualifier} ${declare(btf, t.type, inner, depth + 1)}`;
    }
    case BtfKind.TYPE_TAG:
      return declare(btf, t.type, inner, depth + 1);
    case BtfKind.FUNC_PROTO: {
      const params = t.params.map((p) => (p.type === 0 ? '...' : declare(btf, p.type, p.name, depth + 1).trim()));
      const list = params.length === 0 ? 'void' : params.join(', ');
      return declare(btf, t.returnType, `${inner}(${list})`, depth + 1);
    }
    case BtfKind.FUNC:
      return declare(btf, t.type, inner || t.name, depth + 1);
    case BtfKind.VAR:
      return declare(btf, t.type, inner || t.name, depth + 1);
    case BtfKind.DATASEC:
      return join(`SEC("${t.name}")`, inner);
    case BtfKind.DECL_TAG:
      return declare(btf, t.type, inner, depth + 1);
  }
}
