// .BTF section parser: header, string section, and the type section with every kind.
// Counts come from the file, so every record is bounds-checked before it is read and the number
// of types is bounded by the type section's length (each type takes at least 12 bytes).

import { BoundedView } from '../elf/bytes';
import { BtfError } from './errors';
import { BtfKind, BTF_KIND_NAMES, type BtfMember, type BtfType } from './types';

export const BTF_MAGIC = 0xeb9f;

export interface Btf {
  /** types[id]; types[0] is void. */
  readonly types: readonly BtfType[];
  /** The string at an offset of the string section ('' for 0). Throws BtfError when out of range. */
  string(offset: number): string;
  type(id: number): BtfType;
  /** All types with this name (and kind, if given). */
  findByName(name: string, kind?: BtfKind): BtfType[];
}

const fail = (message: string): Error => new BtfError(message);

export function parseBtf(bytes: Uint8Array): Btf {
  const view = new BoundedView(bytes, fail, '.BTF');
  if (bytes.length < 24) throw fail(`.BTF is too short for its header (${bytes.length} bytes)`);
  const magic = view.u16(0, 'magic');
  if (magic !== BTF_MAGIC) {
    throw fail(
      magic === 0x9feb ? '.BTF is big-endian, which is not supported' : `.BTF has bad magic 0x${magic.toString(16)}`,
    );
  }
  const version = view.u8(2, 'version');
  if (version !== 1) throw fail(`.BTF version ${version} is not supported`);
  const hdrLen = view.u32(4, 'hdr_len');
  if (hdrLen < 24) throw fail(`.BTF header length ${hdrLen} is shorter than 24`);
  const typeOff = view.u32(8, 'type_off');
  const typeLen = view.u32(12, 'type_len');
  const strOff = view.u32(16, 'str_off');
  const strLen = view.u32(20, 'str_len');
  const typeBytes = view.slice(hdrLen + typeOff, typeLen, '.BTF type section');
  const strBytes = view.slice(hdrLen + strOff, strLen, '.BTF string section');
  if (strLen > 0 && strBytes[0] !== 0) throw fail('.BTF string section does not start with an empty string');
  const strings = new BoundedView(strBytes, fail, '.BTF string section');
  const stringCache = new Map<number, string>();
  const string = (offset: number): string => {
    if (offset === 0) return '';
    let s = stringCache.get(offset);
    if (s === undefined) {
      s = strings.cstring(offset, 'BTF string');
      stringCache.set(offset, s);
    }
    return s;
  };

  const types = readTypes(new BoundedView(typeBytes, fail, '.BTF type section'), string);
  for (const t of types) checkReferences(t, types.length);

  const byName = new Map<string, BtfType[]>();
  for (const t of types) {
    if (t.name === '') continue;
    const list = byName.get(t.name);
    if (list) list.push(t);
    else byName.set(t.name, [t]);
  }
  return {
    types,
    string,
    type(id: number): BtfType {
      const t = types[id];
      if (t === undefined) throw fail(`BTF type id ${id} does not exist (${types.length - 1} types)`);
      return t;
    },
    findByName(name: string, kind?: BtfKind): BtfType[] {
      const list = byName.get(name) ?? [];
      return kind === undefined ? list : list.filter((t) => t.kind === kind);
    },
  };
}

function readTypes(view: BoundedView, string: (offset: number) => string): BtfType[] {
  const types: BtfType[] = [{ id: 0, kind: BtfKind.UNKN, name: '' }];
  let at = 0;
  while (at < view.length) {
    const id = types.length;
    const where = `BTF type ${id}`;
    const nameOff = view.u32(at, `${where} name_off`);
    const info = view.u32(at + 4, `${where} info`);
    const sizeOrType = view.u32(at + 8, `${where} size/type`);
    at += 12;
    const vlen = info & 0xffff;
    const kind = (info >>> 24) & 0x1f;
    const kindFlag = info >>> 31 === 1;
    const name = string(nameOff);
    // Every variable-length record must fit in what remains, before we loop over vlen.
    const need = (recordSize: number, count: number): void =>
      view.check(at, recordSize * count, `${where} (${BTF_KIND_NAMES[kind] ?? kind}) records`);
    switch (kind) {
      case BtfKind.INT: {
        const data = view.u32(at, `${where} int encoding`);
        at += 4;
        types.push({
          id,
          kind,
          name,
          size: sizeOrType,
          encoding: (data >>> 24) & 0xf,
          bitOffset: (data >>> 16) & 0xff,
          bits: data & 0xff,
        });
        break;
      }
      case BtfKind.PTR:
        types.push({ id, kind, name, type: sizeOrType });
        break;
      case BtfKind.ARRAY: {
        need(12, 1);
        types.push({
          id,
          kind,
          name,
          type: view.u32(at, where),
          indexType: view.u32(at + 4, where),
          count: view.u32(at + 8, where),
        });
        at += 12;
        break;
      }
      case BtfKind.STRUCT:
      case BtfKind.UNION: {
        need(12, vlen);
        const members: BtfMember[] = [];
        for (let i = 0; i < vlen; i++, at += 12) {
          const offset = view.u32(at + 8, where);
          members.push({
            name: string(view.u32(at, where)),
            type: view.u32(at + 4, where),
            bitOffset: kindFlag ? offset & 0xffffff : offset,
            bitSize: kindFlag ? offset >>> 24 : 0,
          });
        }
        types.push({ id, kind, name, size: sizeOrType, members });
        break;
      }
      case BtfKind.ENUM: {
        need(8, vlen);
        const values = [];
        for (let i = 0; i < vlen; i++, at += 8) {
          const raw = view.i32(at + 4, where);
          values.push({ name: string(view.u32(at, where)), value: kindFlag ? BigInt(raw) : BigInt(raw >>> 0) });
        }
        types.push({ id, kind, name, size: sizeOrType, signed: kindFlag, values });
        break;
      }
      case BtfKind.ENUM64: {
        need(12, vlen);
        const values = [];
        for (let i = 0; i < vlen; i++, at += 12) {
          const bits = (BigInt(view.u32(at + 8, where)) << 32n) | BigInt(view.u32(at + 4, where));
          values.push({ name: string(view.u32(at, where)), value: kindFlag ? BigInt.asIntN(64, bits) : bits });
        }
        types.push({ id, kind, name, size: sizeOrType, signed: kindFlag, values });
        break;
      }
      case BtfKind.FWD:
        types.push({ id, kind, name, isUnion: kindFlag });
        break;
      case BtfKind.TYPEDEF:
      case BtfKind.VOLATILE:
      case BtfKind.CONST:
      case BtfKind.RESTRICT:
      case BtfKind.TYPE_TAG:
        types.push({ id, kind, name, type: sizeOrType });
        break;
      case BtfKind.FUNC:
        types.push({ id, kind, name, type: sizeOrType, linkage: vlen });
        break;
      case BtfKind.FUNC_PROTO: {
        need(8, vlen);
        const params = [];
        for (let i = 0; i < vlen; i++, at += 8)
          params.push({ name: string(view.u32(at, where)), type: view.u32(at + 4, where) });
        types.push({ id, kind, name, returnType: sizeOrType, params });
        break;
      }
      case BtfKind.VAR: {
        const linkage = view.u32(at, `${where} var linkage`);
        at += 4;
        types.push({ id, kind, name, type: sizeOrType, linkage });
        break;
      }
      case BtfKind.DATASEC: {
        need(12, vlen);
        const vars = [];
        for (let i = 0; i < vlen; i++, at += 12)
          vars.push({ type: view.u32(at, where), offset: view.u32(at + 4, where), size: view.u32(at + 8, where) });
        types.push({ id, kind, name, size: sizeOrType, vars });
        break;
      }
      case BtfKind.FLOAT:
        types.push({ id, kind, name, size: sizeOrType });
        break;
      case BtfKind.DECL_TAG: {
        const componentIndex = view.i32(at, `${where} decl_tag component_idx`);
        at += 4;
        types.push({ id, kind, name, type: sizeOrType, componentIndex });
        break;
      }
      default:
        throw fail(`invalid BTF kind ${kind} for type ${id} at offset ${at - 12} of the type section`);
    }
  }
  return types;
}

/** Every type id a record refers to must exist, so later walks never meet a dangling id. */
function checkReferences(t: BtfType, count: number): void {
  const check = (ref: number, what: string): void => {
    if (ref >= count)
      throw fail(
        `BTF type ${t.id} (${BTF_KIND_NAMES[t.kind]} ${t.name}) ${what} refers to type ${ref}, but there are only ${count - 1} types`,
      );
  };
  switch (t.kind) {
    case BtfKind.PTR:
    case BtfKind.TYPEDEF:
    case BtfKind.VOLATILE:
    case BtfKind.CONST:
    case BtfKind.RESTRICT:
    case BtfKind.TYPE_TAG:
    case BtfKind.FUNC:
    case BtfKind.VAR:
    case BtfKind.DECL_TAG:
      check(t.type, 'target');
      break;
    case BtfKind.ARRAY:
      check(t.type, 'element type');
      check(t.indexType, 'index type');
      break;
    case BtfKind.STRUCT:
    case BtfKind.UNION:
      t.members.forEach((m, i) => check(m.type, `member ${i}`));
      break;
    case BtfKind.FUNC_PROTO:
      check(t.returnType, 'return type');
      t.params.forEach((p, i) => check(p.type, `parameter ${i}`));
      break;
    case BtfKind.DATASEC:
      t.vars.forEach((v, i) => check(v.type, `variable ${i}`));
      break;
    default:
      break;
  }
}
