// The .debug_line program (DWARF 4 and 5): the rows of the line table (address, file, line,
// column, is_stmt, end_sequence) and its file names. Addresses are relocated per ELF section
// (DW_LNE_set_address carries a relocation against the code section). Bounded by the section size.

import type { ElfFile } from '../elf/elf';
import { Cursor } from './cursor';
import { DW_FORM } from './constants';
import type { Address } from './die';
import { DwarfError } from './errors';
import { readDebugSections, type DebugSection } from './sections';

export interface LineRow {
  readonly address: Address;
  readonly file: number;
  readonly line: number;
  readonly column: number;
  readonly isStmt: boolean;
  readonly endSequence: boolean;
}

export interface LineTable {
  readonly version: number;
  /** File names by the index rows use (DWARF 5: from 0; DWARF 4: from 1, index 0 unused). */
  readonly files: readonly string[];
  readonly rows: readonly LineRow[];
}

const DW_LNCT_path = 1;
const DW_LNCT_directory_index = 2;
/** Rows per table at most: a hostile program cannot run forever (each row needs a byte). */
const MAX_ROWS = 4_000_000;

/** Every line table of the object's .debug_line, in order; [] without one. Throws DwarfError. */
export function readLineTables(elf: ElfFile): LineTable[] {
  const sections = readDebugSections(elf);
  const line = sections['.debug_line'];
  if (!line) return [];
  const strings = (s: DebugSection | undefined, name: string): Cursor | undefined =>
    s ? Cursor.over(s.bytes, name) : undefined;
  const lineStr = strings(sections['.debug_line_str'], '.debug_line_str');
  const str = strings(sections['.debug_str'], '.debug_str');
  const c = Cursor.over(line.bytes, '.debug_line');
  const tables: LineTable[] = [];
  while (c.pos + 4 <= line.bytes.length) {
    let length = c.u32('unit_length');
    let offsetSize: 4 | 8 = 4;
    if (length === 0xffffffff) {
      length = c.u64n('unit_length (64-bit)');
      offsetSize = 8;
    }
    const end = c.pos + length;
    if (end > line.bytes.length) throw new DwarfError(`.debug_line unit at ${c.pos - 4} runs past the section`);
    tables.push(readTable(c, end, offsetSize, line, lineStr, str));
    c.pos = end;
  }
  return tables;
}

function readTable(
  c: Cursor,
  end: number,
  offsetSize: 4 | 8,
  section: DebugSection,
  lineStr: Cursor | undefined,
  str: Cursor | undefined,
): LineTable {
  const version = c.u16('version');
  if (version < 2 || version > 5) throw new DwarfError(`.debug_line: unsupported version ${version}`);
  let addressSize = 8;
  if (version >= 5) {
    addressSize = c.u8('address_size');
    c.u8('segment_selector_size');
  }
  const headerLength = c.offset(offsetSize, 'header_length');
  const programStart = c.pos + headerLength;
  const minInstLength = c.u8('minimum_instruction_length');
  if (version >= 4) c.u8('maximum_operations_per_instruction');
  const defaultIsStmt = c.u8('default_is_stmt') !== 0;
  const lineBase = (c.u8('line_base') << 24) >> 24;
  const lineRange = c.u8('line_range');
  const opcodeBase = c.u8('opcode_base');
  if (lineRange === 0) throw new DwarfError('.debug_line: line_range is 0');
  const standardLengths: number[] = [];
  for (let i = 1; i < opcodeBase; i++) standardLengths.push(c.u8('standard_opcode_lengths'));

  const files: string[] = [];
  if (version < 5) {
    const dirs = [''];
    for (let n = 0; n < 65536; n++) {
      const d = c.cstring('include_directory');
      if (d === '') break;
      dirs.push(d);
    }
    files.push('');
    for (let n = 0; n < 65536; n++) {
      const name = c.cstring('file_name');
      if (name === '') break;
      const dir = c.uleb('directory index');
      c.uleb('mtime');
      c.uleb('length');
      files.push(join(dirs[dir] ?? '', name));
    }
  } else {
    const entries = (what: string): { path?: string; dir?: number }[] => {
      const formatCount = c.u8(`${what} format count`);
      const format: [number, number][] = [];
      for (let i = 0; i < formatCount; i++) format.push([c.uleb('content type'), c.uleb('form')]);
      const count = c.uleb(`${what} count`);
      const out: { path?: string; dir?: number }[] = [];
      for (let i = 0; i < count && c.pos < programStart; i++) {
        const e: { path?: string; dir?: number } = {};
        for (const [type, form] of format) {
          const v = readForm(c, form, offsetSize, lineStr, str);
          if (type === DW_LNCT_path && typeof v === 'string') e.path = v;
          if (type === DW_LNCT_directory_index && typeof v === 'number') e.dir = v;
        }
        out.push(e);
      }
      return out;
    };
    const dirs = entries('directory').map((d) => d.path ?? '');
    for (const f of entries('file name')) files.push(join(dirs[f.dir ?? 0] ?? '', f.path ?? ''));
  }

  // The line number program.
  c.pos = programStart;
  const rows: LineRow[] = [];
  const reset = (): { address: Address; file: number; line: number; column: number; isStmt: boolean } => ({
    address: { section: -1, offset: 0 },
    file: 1,
    line: 1,
    column: 0,
    isStmt: defaultIsStmt,
  });
  let s = reset();
  const emit = (endSequence: boolean): void => {
    if (rows.length >= MAX_ROWS) throw new DwarfError(`.debug_line: more than ${MAX_ROWS} rows`);
    rows.push({ ...s, endSequence });
  };
  const advance = (operation: number): void => {
    s = { ...s, address: { section: s.address.section, offset: s.address.offset + operation * minInstLength } };
  };
  while (c.pos < end) {
    const op = c.u8('opcode');
    if (op >= opcodeBase) {
      const adjusted = op - opcodeBase;
      advance(Math.floor(adjusted / lineRange));
      s = { ...s, line: s.line + lineBase + (adjusted % lineRange) };
      emit(false);
      continue;
    }
    switch (op) {
      case 0: {
        const len = c.uleb('extended opcode length');
        const next = c.pos + len;
        if (len === 0) break;
        const ext = c.u8('extended opcode');
        if (ext === 1) {
          emit(true);
          s = reset();
        } else if (ext === 2) {
          const at = c.pos;
          const offset = addressSize === 8 ? c.u64n('DW_LNE_set_address') : c.u32('DW_LNE_set_address');
          s = { ...s, address: { section: section.targetSection.get(at) ?? -1, offset } };
        } else if (ext === 4) c.uleb('discriminator');
        c.pos = next;
        break;
      }
      case 1:
        emit(false);
        break;
      case 2:
        advance(c.uleb('advance_pc'));
        break;
      case 3:
        s = { ...s, line: s.line + c.sleb('advance_line') };
        break;
      case 4:
        s = { ...s, file: c.uleb('set_file') };
        break;
      case 5:
        s = { ...s, column: c.uleb('set_column') };
        break;
      case 6:
        s = { ...s, isStmt: !s.isStmt };
        break;
      case 8:
        advance(Math.floor((255 - opcodeBase) / lineRange));
        break;
      case 9:
        s = {
          ...s,
          address: { section: s.address.section, offset: s.address.offset + c.u16('fixed_advance_pc') },
        };
        break;
      case 7: // set_basic_block
      case 10: // set_prologue_end
      case 11: // set_epilogue_begin
        break;
      default:
        // Unknown standard opcode: skip its ULEB operands as the header says.
        for (let i = 0; i < (standardLengths[op - 1] ?? 0); i++) c.uleb('operand');
    }
  }
  return { version, files, rows };
}

function readForm(
  c: Cursor,
  form: number,
  offsetSize: 4 | 8,
  lineStr: Cursor | undefined,
  str: Cursor | undefined,
): string | number | undefined {
  switch (form) {
    case DW_FORM.string:
      return c.cstring('path');
    case DW_FORM.line_strp:
    case DW_FORM.strp: {
      const offset = c.offset(offsetSize, 'strp');
      const table = form === DW_FORM.line_strp ? lineStr : str;
      if (!table) throw new DwarfError('.debug_line names a string section that is missing');
      return table.view.cstring(offset, 'file name');
    }
    case DW_FORM.udata:
      return c.uleb('udata');
    case DW_FORM.data1:
      return c.u8('data1');
    case DW_FORM.data2:
      return c.u16('data2');
    case DW_FORM.data4:
      return c.u32('data4');
    case DW_FORM.data8:
      c.u64('data8');
      return undefined;
    case DW_FORM.data16:
      c.bytes(16, 'data16');
      return undefined;
    case DW_FORM.block:
      c.bytes(c.uleb('block length'), 'block');
      return undefined;
    default:
      throw new DwarfError(`.debug_line: unsupported form 0x${form.toString(16)} in a file entry`);
  }
}

function join(dir: string, name: string): string {
  if (name.startsWith('/') || dir === '') return name;
  return `${dir.replace(/\/+$/, '')}/${name}`;
}
