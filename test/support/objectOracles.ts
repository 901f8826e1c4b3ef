// Oracles for object loading that nobody here wrote: llvm-objdump (instructions per section and
// DWARF-based source lines), llvm-dwarfdump (line table rows with columns, subprogram lines),
// llvm-readelf (sections, symbols, relocations) and bpftool (raw BTF dump).
import { at } from './at';
import { spawnSync } from 'node:child_process';
import { APT, externalSkip } from './skip';

export function run(tool: string, args: readonly string[]): string {
  const r = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

const probes = new Map<string, boolean>();
/** Undefined when every tool runs here, else why not. */
export function toolsMissing(...tools: string[]): string | undefined {
  for (const tool of tools) {
    if (!probes.has(tool)) probes.set(tool, spawnSync(tool, ['--version'], { encoding: 'utf8' }).status === 0);
    if (!probes.get(tool)) return externalSkip(tool, tool === 'bpftool' ? APT.bpftool : APT.llvm);
  }
  return undefined;
}

export interface ObjdumpSection {
  /** Instruction count as llvm-objdump lists them (an lddw is one line). */
  readonly instructions: number;
  /** Instruction start slots in order. */
  readonly slots: readonly number[];
  /** The DWARF line in effect at each instruction slot (from `; file:line` headers in this section). */
  readonly lineAt: ReadonlyMap<number, { file: string; line: number }>;
}

/** `llvm-objdump -d -l`: per section, instructions and the source line each one is under. */
export function objdumpSections(objectPath: string): Map<string, ObjdumpSection> {
  const out = new Map<
    string,
    { instructions: number; slots: number[]; lineAt: Map<number, { file: string; line: number }> }
  >();
  let current:
    { instructions: number; slots: number[]; lineAt: Map<number, { file: string; line: number }> } | undefined;
  let line: { file: string; line: number } | undefined;
  for (const text of run('llvm-objdump', ['-d', '-l', '--no-show-raw-insn', objectPath]).split('\n')) {
    const section = /^Disassembly of section (.*):$/.exec(text);
    if (section) {
      current = { instructions: 0, slots: [], lineAt: new Map() };
      out.set(at(section, 1), current);
      line = undefined;
      continue;
    }
    const header = /^; (.+):(\d+)$/.exec(text);
    if (header) {
      line = { file: at(header, 1), line: Number(at(header, 2)) };
      continue;
    }
    const insn = /^\s*(\d+):\t/.exec(text);
    if (insn && current) {
      const slot = Number(at(insn, 1));
      current.instructions++;
      current.slots.push(slot);
      if (line) current.lineAt.set(slot, line);
    }
  }
  return out;
}

export interface DwarfRow {
  readonly address: number;
  readonly line: number;
  readonly column: number;
}

/** `llvm-dwarfdump --debug-line`: every row of every sequence (sections are not told apart). */
export function dwarfLineRows(objectPath: string): DwarfRow[] {
  const rows: DwarfRow[] = [];
  for (const text of run('llvm-dwarfdump', ['--debug-line', objectPath]).split('\n')) {
    const m = /^0x([0-9a-f]{16})\s+(\d+)\s+(\d+)\s/.exec(text);
    if (m) rows.push({ address: parseInt(at(m, 1), 16), line: Number(at(m, 2)), column: Number(at(m, 3)) });
  }
  return rows;
}

/** DW_AT_decl_line of every DW_TAG_subprogram, by name (BTF puts it at each function's start). */
export function dwarfSubprogramLines(objectPath: string): Map<string, number> {
  const out = new Map<string, number>();
  let inSubprogram = false;
  let name: string | undefined;
  let line: number | undefined;
  const flush = (): void => {
    if (inSubprogram && name !== undefined && line !== undefined) out.set(name, line);
  };
  for (const text of run('llvm-dwarfdump', ['--debug-info', objectPath]).split('\n')) {
    if (/DW_TAG_/.test(text)) {
      flush();
      inSubprogram = /DW_TAG_subprogram/.test(text);
      name = undefined;
      line = undefined;
      continue;
    }
    const n = /DW_AT_name\s+\("([^"]*)"\)/.exec(text);
    if (n) name = at(n, 1);
    const l = /DW_AT_decl_line\s+\((\d+)\)/.exec(text);
    if (l) line = Number(at(l, 1));
  }
  flush();
  return out;
}

export interface ReadelfSymbol {
  readonly value: number;
  readonly size: number;
  readonly type: string;
  readonly bind: string;
  readonly ndx: string;
  readonly name: string;
}

/** `llvm-readelf -s`: the .symtab entries. */
export function readelfSymbols(objectPath: string): ReadelfSymbol[] {
  const out: ReadelfSymbol[] = [];
  for (const text of run('llvm-readelf', ['-s', '--wide', objectPath]).split('\n')) {
    const m = /^\s*\d+:\s+([0-9a-f]+)\s+(\d+)\s+(\w+)\s+(\w+)\s+\w+\s+(\w+)\s*(.*)$/.exec(text);
    if (m)
      out.push({
        value: parseInt(at(m, 1), 16),
        size: Number(at(m, 2)),
        type: at(m, 3),
        bind: at(m, 4),
        ndx: at(m, 5),
        name: at(m, 6),
      });
  }
  return out;
}

/** `llvm-readelf -S`: section names in header order. */
export function readelfSectionNames(objectPath: string): string[] {
  const out: string[] = [];
  for (const text of run('llvm-readelf', ['-S', '--wide', objectPath]).split('\n')) {
    const m =
      /^\s*\[\s*(\d+)\]\s(.*?)\s+(NULL|PROGBITS|SYMTAB|STRTAB|RELA|NOBITS|REL|LLVM_ADDRSIG|\S+)\s+[0-9a-f]{16}\s/.exec(
        text,
      );
    if (m) out[Number(at(m, 1))] = at(m, 2).trim();
  }
  return out;
}

/** `llvm-readelf -r`: relocation entries per relocation section: offset, type name, symbol name. */
export function readelfRelocations(
  objectPath: string,
): Map<string, { offset: number; type: string; symbol: string }[]> {
  const out = new Map<string, { offset: number; type: string; symbol: string }[]>();
  let current: { offset: number; type: string; symbol: string }[] | undefined;
  for (const text of run('llvm-readelf', ['-r', '--wide', objectPath]).split('\n')) {
    const section = /^Relocation section '([^']+)'/.exec(text);
    if (section) {
      current = [];
      out.set(at(section, 1), current);
      continue;
    }
    const m = /^([0-9a-f]{16})\s+[0-9a-f]{16}\s+(\S+)\s+[0-9a-f]{16}\s+(\S*)/.exec(text);
    if (m && current) current.push({ offset: parseInt(at(m, 1), 16), type: at(m, 2), symbol: at(m, 3) });
  }
  return out;
}
