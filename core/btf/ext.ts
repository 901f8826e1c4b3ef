// .BTF.ext parser: func_info, line_info and CO-RE relocation records, grouped by the ELF section
// they describe. In an object file, insn_off is a BYTE offset within that section.

import { BoundedView } from '../elf/bytes';
import { BtfError } from './errors';
import type { Btf } from './parse';

export interface BtfFuncInfo {
  /** Byte offset of the function's first instruction within its section. */
  readonly insnOffset: number;
  /** The BTF FUNC type id. */
  readonly typeId: number;
}

export interface BtfLineInfo {
  readonly insnOffset: number;
  readonly file: string;
  /** The source line's text. */
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

/** CO-RE relocation kinds (libbpf's enum bpf_core_relo_kind). */
export const CORE_RELO_KIND_NAMES: readonly string[] = [
  'field_byte_offset',
  'field_byte_size',
  'field_exists',
  'field_signed',
  'field_lshift_u64',
  'field_rshift_u64',
  'local_type_id',
  'target_type_id',
  'type_exists',
  'type_size',
  'enumval_exists',
  'enumval_value',
  'type_matches',
];

export interface BtfCoreRelocation {
  readonly insnOffset: number;
  /** The root type of the access (a STRUCT/UNION, or the type itself for type-based kinds). */
  readonly typeId: number;
  /** Access string: "0:1:2" member indices, as recorded. */
  readonly accessString: string;
  readonly kind: number;
}

export interface BtfExtSection<T> {
  readonly section: string;
  readonly records: readonly T[];
}

export interface BtfExt {
  readonly funcInfo: readonly BtfExtSection<BtfFuncInfo>[];
  readonly lineInfo: readonly BtfExtSection<BtfLineInfo>[];
  readonly coreRelocations: readonly BtfExtSection<BtfCoreRelocation>[];
}

const fail = (message: string): Error => new BtfError(message);

export function parseBtfExt(bytes: Uint8Array, btf: Btf): BtfExt {
  const view = new BoundedView(bytes, fail, '.BTF.ext');
  if (bytes.length < 24) throw fail(`.BTF.ext is too short for its header (${bytes.length} bytes)`);
  const magic = view.u16(0, 'magic');
  if (magic !== 0xeb9f) throw fail(`.BTF.ext has bad magic 0x${magic.toString(16)}`);
  const version = view.u8(2, 'version');
  if (version !== 1) throw fail(`.BTF.ext version ${version} is not supported`);
  const hdrLen = view.u32(4, 'hdr_len');
  if (hdrLen < 24 || hdrLen > bytes.length) throw fail(`.BTF.ext header length ${hdrLen} is invalid`);
  const part = (offField: number, name: string): BoundedView | undefined => {
    const off = view.u32(offField, `${name}_off`);
    const len = view.u32(offField + 4, `${name}_len`);
    if (len === 0) return undefined;
    return new BoundedView(view.slice(hdrLen + off, len, `.BTF.ext ${name}`), fail, `.BTF.ext ${name}`);
  };
  const funcPart = part(8, 'func_info');
  const linePart = part(16, 'line_info');
  const corePart = hdrLen >= 32 ? part(24, 'core_relo') : undefined;

  return {
    funcInfo: funcPart
      ? readInfo(funcPart, 8, btf, (v, at) => ({ insnOffset: v.u32(at, 'insn_off'), typeId: v.u32(at + 4, 'type_id') }))
      : [],
    lineInfo: linePart
      ? readInfo(linePart, 16, btf, (v, at) => {
          const lineCol = v.u32(at + 12, 'line_col');
          return {
            insnOffset: v.u32(at, 'insn_off'),
            file: btf.string(v.u32(at + 4, 'file_name_off')),
            text: btf.string(v.u32(at + 8, 'line_off')),
            line: lineCol >>> 10,
            column: lineCol & 0x3ff,
          };
        })
      : [],
    coreRelocations: corePart
      ? readInfo(corePart, 16, btf, (v, at) => ({
          insnOffset: v.u32(at, 'insn_off'),
          typeId: v.u32(at + 4, 'type_id'),
          accessString: btf.string(v.u32(at + 8, 'access_str_off')),
          kind: v.u32(at + 12, 'kind'),
        }))
      : [],
  };
}

/** One info part: u32 rec_size, then per section {sec_name_off, num_info, num_info records}. */
function readInfo<T>(
  view: BoundedView,
  minRecordSize: number,
  btf: Btf,
  read: (v: BoundedView, at: number) => T,
): BtfExtSection<T>[] {
  const recordSize = view.u32(0, `${view.what} rec_size`);
  if (recordSize < minRecordSize || recordSize % 4 !== 0) {
    throw fail(`${view.what} record size ${recordSize} is invalid (need at least ${minRecordSize}, a multiple of 4)`);
  }
  const out: BtfExtSection<T>[] = [];
  let at = 4;
  while (at < view.length) {
    const section = btf.string(view.u32(at, `${view.what} sec_name_off`));
    const count = view.u32(at + 4, `${view.what} num_info`);
    at += 8;
    view.check(at, count * recordSize, `${view.what} records of section ${section}`);
    const records: T[] = [];
    for (let i = 0; i < count; i++, at += recordSize) records.push(read(view, at));
    out.push({ section, records });
  }
  return out;
}
