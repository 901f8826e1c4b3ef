// The source files a compilation unit used, from the file tables of .debug_line (DWARF 2-5).
// The loader uses them to tell which headers an object was built with (linux/bpf.h or eBPF for
// Windows' bpf_helpers.h) when no source text is at hand. Best effort: malformed or missing
// debug info yields fewer names, never an error.

import { BoundedView } from './bytes';
import type { ElfFile } from './elf';

const DW_LNCT_path = 1;
const DW_LNCT_directory_index = 2;

const DW_FORM = {
  block: 0x09,
  data1: 0x0b,
  data2: 0x05,
  data4: 0x06,
  data8: 0x07,
  data16: 0x1e,
  string: 0x08,
  strp: 0x0e,
  udata: 0x0f,
  line_strp: 0x1f,
} as const;

/** At most this many line-table units are read (objects from clang have one). */
const MAX_UNITS = 64;
const MAX_ENTRIES = 4096;

class Stop extends Error {}

export function dwarfSourceFiles(elf: ElfFile): string[] {
  const line = elf.sectionByName('.debug_line');
  if (!line || line.data.length === 0) return [];
  const view = new BoundedView(line.data, (m) => new Stop(m), '.debug_line');
  const strings = (name: string): BoundedView | undefined => {
    const s = elf.sectionByName(name);
    return s ? new BoundedView(s.data, (m) => new Stop(m), name) : undefined;
  };
  const lineStr = strings('.debug_line_str');
  const str = strings('.debug_str');
  const out: string[] = [];
  let at = 0;
  try {
    for (let unit = 0; unit < MAX_UNITS && at + 4 <= view.length; unit++) {
      let length = view.u32(at, 'unit_length');
      let offsetSize = 4;
      at += 4;
      if (length === 0xffffffff) {
        length = view.u64n(at, 'unit_length64');
        offsetSize = 8;
        at += 8;
      }
      const unitEnd = at + length;
      if (length === 0 || unitEnd > view.length) break;
      readUnit(view, at, offsetSize, lineStr, str, out);
      at = unitEnd;
    }
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  return out;
}

function readUnit(
  view: BoundedView,
  start: number,
  offsetSize: number,
  lineStr: BoundedView | undefined,
  str: BoundedView | undefined,
  out: string[],
): void {
  let at = start;
  const version = view.u16(at, 'version');
  at += 2;
  if (version < 2 || version > 5) return;
  if (version >= 5) at += 2; // address_size, segment_selector_size
  at += offsetSize; // header_length
  at += version >= 4 ? 5 : 4; // min_inst_length, [max_ops], default_is_stmt, line_base, line_range
  const opcodeBase = view.u8(at, 'opcode_base');
  at += 1 + Math.max(0, opcodeBase - 1);

  const uleb = (): number => {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      const byte = view.u8(at++, 'uleb');
      if (shift < 49) result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) return result;
    }
    throw new Stop('uleb too long');
  };
  const cstring = (): string => {
    const s = view.cstring(at, 'string');
    at += new TextEncoder().encode(s).length + 1;
    return s;
  };

  if (version < 5) {
    const dirs: string[] = [''];
    for (let i = 0; i < MAX_ENTRIES; i++) {
      const d = cstring();
      if (d === '') break;
      dirs.push(d);
    }
    for (let i = 0; i < MAX_ENTRIES; i++) {
      const name = cstring();
      if (name === '') break;
      const dir = uleb();
      uleb();
      uleb();
      out.push(join(dirs[dir] ?? '', name));
    }
    return;
  }

  const readFormat = (): [number, number][] => {
    const count = view.u8(at++, 'format count');
    const format: [number, number][] = [];
    for (let i = 0; i < count; i++) format.push([uleb(), uleb()]);
    return format;
  };
  const readValue = (form: number): string | number | undefined => {
    switch (form) {
      case DW_FORM.string:
        return cstring();
      case DW_FORM.line_strp:
      case DW_FORM.strp: {
        const offset = offsetSize === 8 ? view.u64n(at, 'strp') : view.u32(at, 'strp');
        at += offsetSize;
        const table = form === DW_FORM.line_strp ? lineStr : str;
        return table ? table.cstring(offset, 'file name') : undefined;
      }
      case DW_FORM.udata:
        return uleb();
      case DW_FORM.data1:
        return view.u8(at++, 'data1');
      case DW_FORM.data2:
        at += 2;
        return view.u16(at - 2, 'data2');
      case DW_FORM.data4:
        at += 4;
        return view.u32(at - 4, 'data4');
      case DW_FORM.data8:
        at += 8;
        return undefined;
      case DW_FORM.data16:
        at += 16;
        return undefined;
      case DW_FORM.block:
        at += uleb();
        return undefined;
      default:
        throw new Stop(`unsupported form ${form}`);
    }
  };
  const readEntries = (): { path?: string; dir?: number }[] => {
    const format = readFormat();
    const count = uleb();
    const entries: { path?: string; dir?: number }[] = [];
    for (let i = 0; i < Math.min(count, MAX_ENTRIES); i++) {
      const entry: { path?: string; dir?: number } = {};
      for (const [content, form] of format) {
        const value = readValue(form);
        if (content === DW_LNCT_path && typeof value === 'string') entry.path = value;
        if (content === DW_LNCT_directory_index && typeof value === 'number') entry.dir = value;
      }
      entries.push(entry);
    }
    return entries;
  };
  // DWARF 5: directory 0 is the compilation directory, and the others may be relative to it
  // (`-I .` makes "." and "./lib"), so a header's name does not depend on where it is read.
  const dirs = readEntries().map((d) => d.path ?? '');
  const compDir = dirs[0] ?? '';
  const absDirs = dirs.map((d, i) => (i === 0 ? d : join(compDir, d)));
  for (const file of readEntries()) if (file.path) out.push(join(absDirs[file.dir ?? 0] ?? '', file.path));
}

const isAbsolute = (p: string): boolean => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');

/** `dir/name`, without the `.` segments relative directories bring. */
function join(dir: string, name: string): string {
  if (isAbsolute(name) || dir === '') return name;
  return `${dir.replace(/[\\/]+$/, '')}/${name}`.replace(/\/(\.\/)+/g, '/');
}
