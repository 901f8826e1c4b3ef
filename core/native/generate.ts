// Programs of one loaded object → one C file in bpf2c's shape (include/bpf2c.h interface):
// maps table, global-variable sections, per-program helper table (bound by id, named
// "helper_id_<N>"), map index list, the program function and a function per bpf-to-bpf callee
// (each with its own 512-byte stack), program entries and the metadata table. Every emitted line
// of a program function carries a `#line` from BTF line info.

import { BtfKind } from '../btf/types';
import { InsnClass, JmpOp } from '../isa/instruction';
import type { Instruction } from '../isa/instruction';
import type { FunctionInfo, MapDefinition, Program, SourceLocation } from '../program/types';
import { emitInstruction, jumpTarget, registersOf, UnsupportedInstruction, type EmitScope } from './emit';
import { guidInitializer, windowsTypeGuids, ZERO_GUID, type Guid } from './guids';
import type { GeneratedFunctionRecord, GeneratedLine, NativeOptions, NativeOutput } from './types';
import { dllWrapper, sysWrapper } from './wrappers';

export class NativeError extends Error {}

/** bpf2c's version, reported by `_get_version` (the generated file matches bpf2c 1.6.0's interface). */
export const BPF2C_VERSION = [1, 6, 0] as const;

/** The table prefix: the file name after the last path separator, up to the first '.'. */
export function tablePrefix(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const stem = base.split('.')[0] || 'program';
  return stem.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1');
}

function cString(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

function cIdent(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1');
}

/**
 * bpf2c's name of a map. Global-data sections take libbpf's internal-map name: the object's name
 * cut so that it and the section name fit 15 characters (the suffix counted as at least 8), then
 * the section name (`global_vars.o` .rodata -> `global_.rodata`, `pidtgid.o` .bss -> `pidtgid.bss`).
 */
export function nativeMapName(m: MapDefinition, objectName: string): string {
  if (m.origin !== 'global-data') return m.name;
  const prefix = objectName.slice(0, Math.max(0, Math.min(16 - Math.max(8, m.name.length) - 1, objectName.length)));
  return `${prefix}${m.name}`;
}

/** Names a program function cannot take: C keywords, main, and the generated file's own names. */
const RESERVED = new Set(
  (
    'auto break case char const continue default do double else enum extern float for goto if inline int long ' +
    'register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while ' +
    'main context runtime_context stack _maps _programs _get_maps _get_programs _get_hash _get_version ' +
    '_get_map_initial_values _get_global_variable_sections'
  ).split(' '),
);

class Writer {
  readonly lines: GeneratedLine[] = [];
  readonly functions: GeneratedFunctionRecord[] = [];
  line(text: string, extra: Omit<GeneratedLine, 'text'> = {}): void {
    this.lines.push({ text, ...extra });
  }
  /** A line preceded by `#line` when a location is known. */
  located(text: string, location: SourceLocation | undefined, pc: number | undefined, program: number): void {
    const extra = { ...(location ? { location } : {}), ...(pc !== undefined ? { pc } : {}), program };
    if (location) this.line(`#line ${location.line} ${cString(location.file)}`, extra);
    this.line(text, extra);
  }
}

/** PE section names have at most 8 characters: bpf2c shortens longer ones to `xxxxxx~N`. */
function peSectionNames(programs: readonly Program[]): string[] {
  const seen = new Map<string, string>();
  let counter = 0;
  return programs.map((p) => {
    const existing = seen.get(p.section);
    if (existing) return existing;
    const name = p.section.length <= 8 ? p.section : `${p.section.slice(0, 6)}~${++counter}`;
    seen.set(p.section, name);
    return name;
  });
}

/** bpf2c's map template id: the BTF type of a BTF map's variable, the DATASEC of a global section. */
function btfIdOfMap(program: Program, map: MapDefinition): number {
  const btf = program.btf;
  if (!btf || map.origin === 'legacy') return 0;
  try {
    if (map.origin === 'global-data') return btf.findByName(map.name, BtfKind.DATASEC)[0]?.id ?? 0;
    const v = btf.findByName(map.name, BtfKind.VAR)[0];
    return v && 'type' in v ? v.type : 0;
  } catch {
    return 0;
  }
}

/** The BTF struct id of a BTF map-in-map's inner template (`__array(values, struct inner)`). */
function innerTemplateId(program: Program, map: MapDefinition): number {
  const btf = program.btf;
  if (!btf) return 0;
  try {
    const strip = (id: number): number => {
      for (let n = 0; n < 16; n++) {
        const t = btf.type(id);
        if (
          [BtfKind.TYPEDEF, BtfKind.CONST, BtfKind.VOLATILE, BtfKind.RESTRICT, BtfKind.TYPE_TAG].includes(t.kind) &&
          'type' in t
        )
          id = (t as { type: number }).type;
        else return id;
      }
      return id;
    };
    const v = btf.findByName(map.name, BtfKind.VAR)[0];
    if (!v || !('type' in v)) return 0;
    const outer = btf.type(strip(v.type));
    if (!('members' in outer)) return 0;
    const values = outer.members.find((x) => x.name === 'values');
    if (!values) return 0;
    const array = btf.type(strip(values.type));
    if (!('elemType' in array) && !('type' in array)) return 0;
    const elem = btf.type(strip((array as { type: number }).type));
    return 'type' in elem && elem.kind === BtfKind.PTR ? strip((elem as { type: number }).type) : 0;
  } catch {
    return 0;
  }
}

function mapsTable(w: Writer, program: Program | undefined, maps: readonly MapDefinition[], objectName: string): void {
  if (maps.length > 0) {
    w.line('#if defined(_MSC_VER)');
    w.line('#pragma data_seg(push, "maps")');
    w.line('#endif');
    w.line('static map_entry_t _maps[] = {');
    for (const m of maps) {
      // BTF inner templates are named by their BTF type id (inner_id), as bpf2c does; legacy
      // inner maps by index.
      const template = m.innerMapIndex !== undefined ? maps[m.innerMapIndex] : undefined;
      const byBtf = template !== undefined && m.origin === 'btf' && program !== undefined;
      const inner = byBtf ? 0 : (m.innerMapIndex ?? 0);
      const innerId = byBtf ? innerTemplateId(program, m) : 0;
      const id = program ? btfIdOfMap(program, m) : 0;
      w.line('    {');
      w.line('        {0, 0},');
      w.line('        {1, 80, 80}, // Version header.');
      w.line('        {');
      w.line(`            ${m.type}, // Type of map (${m.typeInfo?.name ?? 'unknown'}).`);
      w.line(`            ${m.keySize}, // Size in bytes of a map key.`);
      w.line(`            ${m.valueSize}, // Size in bytes of a map value.`);
      w.line(`            ${m.maxEntries}, // Maximum number of entries allowed in the map.`);
      w.line(`            ${inner}, // Inner map index.`);
      w.line(`            ${m.pinning}, // Pinning type for the map.`);
      w.line(`            ${id}, // Identifier for a map template.`);
      w.line(`            ${innerId}, // The id of the inner map template.`);
      w.line('        },');
      w.line(`        ${cString(nativeMapName(m, objectName))},`);
      w.line('    },');
    }
    w.line('};');
    w.line('#if defined(_MSC_VER)');
    w.line('#pragma data_seg(pop)');
    w.line('#endif');
    w.line('');
  }
  w.line('static void');
  w.line('_get_maps(_Outptr_result_buffer_maybenull_(*count) map_entry_t** maps, _Out_ size_t* count)');
  w.line('{');
  w.line(`    *maps = ${maps.length > 0 ? '_maps' : 'NULL'};`);
  w.line(`    *count = ${maps.length};`);
  w.line('}');
  w.line('');
}

function globalSections(w: Writer, globals: readonly MapDefinition[], objectName: string): void {
  for (const g of globals) {
    const bytes = g.initialValue ?? new Uint8Array(g.valueSize);
    const list = bytes.length > 0 ? Array.from(bytes).join(', ') : '0';
    w.line(`static const unsigned char ${cIdent(nativeMapName(g, objectName))}_initial_data[] = {${list}};`);
  }
  if (globals.length > 0) {
    w.line('');
    w.line('static global_variable_section_info_t _global_variable_sections[] = {');
    for (const g of globals) {
      w.line('    {');
      w.line('        .header = {1, 48, 48},');
      w.line(`        .name = ${cString(nativeMapName(g, objectName))},`);
      w.line(`        .size = ${g.valueSize},`);
      w.line(`        .initial_data = &${cIdent(nativeMapName(g, objectName))}_initial_data,`);
      w.line('    },');
    }
    w.line('};');
    w.line('');
  }
  w.line('static void');
  w.line('_get_global_variable_sections(');
  w.line('    _Outptr_result_buffer_maybenull_(*count) global_variable_section_info_t** global_variable_sections,');
  w.line('    _Out_ size_t* count)');
  w.line('{');
  w.line(`    *global_variable_sections = ${globals.length > 0 ? '_global_variable_sections' : 'NULL'};`);
  w.line(`    *count = ${globals.length};`);
  w.line('}');
  w.line('');
}

function hashSection(w: Writer, hash: Uint8Array | undefined): void {
  if (hash) {
    w.line(`static const uint8_t _elf_hash[] = {${Array.from(hash).join(', ')}};`);
    w.line('');
  }
  w.line('static void');
  w.line('_get_hash(_Outptr_result_buffer_maybenull_(*size) const uint8_t** hash, _Out_ size_t* size)');
  w.line('{');
  w.line(`    *hash = ${hash ? '_elf_hash' : 'NULL'};`);
  w.line(`    *size = ${hash ? hash.length : 0};`);
  w.line('}');
  w.line('');
}

interface ProgramPlan {
  readonly program: Program;
  readonly cName: string;
  readonly helpers: number[];
  readonly mapIndices: number[];
  readonly guids: { program: Guid; attach: Guid };
}

function isCall(i: Instruction): boolean {
  const cls = i.opcode & 0x07;
  return cls === InsnClass.JMP && (i.opcode & 0xf0) === JmpOp.CALL;
}

function plan(program: Program, cName: string, typeOverride: string | undefined): ProgramPlan {
  const helpers: number[] = [];
  const mapIndices: number[] = [];
  for (const i of program.instructions) {
    if (isCall(i) && i.src === 0 && !helpers.includes(i.imm)) helpers.push(i.imm);
    if (i.opcode === 0x18 && i.src !== 0 && i.src !== 4 && i.src !== 3 && !mapIndices.includes(i.imm))
      mapIndices.push(i.imm);
  }
  const section = typeOverride ?? program.section;
  const guids =
    program.platform.id === 'windows' ? windowsTypeGuids(section) : { program: ZERO_GUID, attach: ZERO_GUID };
  return { program, cName, helpers, mapIndices, guids };
}

/** The location to show for pc: its own line info, else the nearest earlier one in the function. */
function locator(program: Program, fn: FunctionInfo): (pc: number) => SourceLocation | undefined {
  let first: SourceLocation | undefined;
  for (let pc = fn.startPc; pc < fn.endPc && !first; pc++) first = program.sourceAt(pc);
  let last = first;
  return (pc: number) => {
    const here = program.sourceAt(pc);
    if (here) last = here;
    return last;
  };
}

function functionBody(
  w: Writer,
  plan: ProgramPlan,
  fn: FunctionInfo,
  cNameOf: (pc: number) => string,
  programIndex: number,
  globalsIndex: ReadonlyMap<number, number>,
  rawMemory: boolean,
): void {
  const { program } = plan;
  const at = locator(program, fn);
  const first = at(fn.startPc);
  const insns = program.instructions.filter((i) => i.pc >= fn.startPc && i.pc < fn.endPc);
  const targets = new Set<number>();
  for (const i of insns) {
    const cls = i.opcode & 0x07;
    const op = i.opcode & 0xf0;
    if ((cls === InsnClass.JMP || cls === InsnClass.JMP32) && op !== JmpOp.CALL && op !== JmpOp.EXIT)
      targets.add(jumpTarget(i));
  }
  const labels = new Map([...targets].sort((a, b) => a - b).map((pc, n) => [pc, `label_${n + 1}`]));
  const used = new Set<number>(fn.isEntry ? [1, 10] : [10]);
  if (fn.isEntry && rawMemory) used.add(2);
  for (const i of insns) for (const reg of registersOf(i)) used.add(reg);
  if (!fn.isEntry) for (const reg of [1, 2, 3, 4, 5]) used.delete(reg);

  const scope: EmitScope = {
    label: (pc) => labels.get(pc) ?? `label_pc${pc}`,
    helperIndex: (id) => plan.helpers.indexOf(id),
    isTailCall: (id) => program.platform.helper(id, program.programType)?.name === 'bpf_tail_call',
    functionAt: cNameOf,
    mapReference: (index) => {
      const g = globalsIndex.get(index);
      return g === undefined ? { kind: 'map', index } : { kind: 'global', index: g };
    },
  };
  const L = (text: string, pc?: number) => w.located(text, pc === undefined ? first : at(pc), pc, programIndex);

  w.line('static uint64_t');
  const params = fn.isEntry
    ? 'void* context, const program_runtime_context_t* runtime_context'
    : 'uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5, void* context, const program_runtime_context_t* runtime_context';
  w.located(`${cNameOf(fn.startPc)}(${params})`, first, undefined, programIndex);
  const headLine = w.lines.length - 1;
  L('{');
  L('    // Prologue.');
  L('    uint64_t stack[(UBPF_STACK_SIZE + 7) / 8];');
  for (const reg of [...used].sort((a, b) => a - b)) L(`    register uint64_t r${reg} = 0;`);
  // Not every program reads every register it declares, nor every parameter it is given.
  const quiet = [...used, ...(fn.isEntry ? [] : [1, 2, 3, 4, 5])].sort((a, b) => a - b);
  L(`    (void)context; (void)runtime_context; ${quiet.map((n) => `(void)r${n};`).join(' ')}`);
  w.line('');
  if (fn.isEntry) L('    r1 = (uintptr_t)context;');
  if (fn.isEntry && rawMemory) L('    r2 = ebpf_native_memory_length(context);');
  L('    r10 = (uintptr_t)((uint8_t*)stack + sizeof(stack));');
  w.line('');
  for (const i of insns) {
    const label = labels.get(i.pc);
    if (label) w.line(`${label}:`, { pc: i.pc, program: programIndex });
    let stmts: string[];
    try {
      stmts = emitInstruction(i, scope);
    } catch (e) {
      if (e instanceof UnsupportedInstruction) {
        const loc = at(i.pc);
        const where = loc ? `${loc.file}:${loc.line}` : `pc ${i.pc}`;
        throw new NativeError(`${program.section}/${program.name}: ${where}: cannot convert ${e.message} to C`);
      }
      throw e;
    }
    for (const s of stmts) L(`    ${s}`, i.pc);
  }
  L('}');
  w.functions.push({
    cName: cNameOf(fn.startPc),
    program: programIndex,
    ebpfFunction: fn.isEntry ? program.name : fn.name,
    startPc: fn.startPc,
    endPc: fn.endPc,
    headLine,
    lastLine: w.lines.length - 1,
  });
  w.line('#line __LINE__ __FILE__');
  w.line('');
}

/**
 * The program's functions: the entry and every bpf-to-bpf call target, each running to the next
 * one (programs built from bare instructions carry no function symbols).
 */
function functionsOf(program: Program): FunctionInfo[] {
  const starts = new Set<number>([0]);
  for (const i of program.instructions) if (isCall(i) && i.src === 1) starts.add(i.pc + 1 + i.imm);
  for (const f of program.functions) starts.add(f.startPc);
  const sorted = [...starts].filter((pc) => pc >= 0 && pc < program.slotCount).sort((a, b) => a - b);
  return sorted.map((start, n) => {
    const known = program.functions.find((f) => f.startPc === start);
    return {
      name: known?.name ?? (start === 0 ? program.name : `subprogram_${start}`),
      startPc: start,
      endPc: sorted[n + 1] ?? program.slotCount,
      btfId: known?.btfId ?? 0,
      isEntry: start === 0,
    };
  });
}

function programFunctions(
  w: Writer,
  p: ProgramPlan,
  pe: string,
  programIndex: number,
  globalsIndex: ReadonlyMap<number, number>,
  rawMemory: boolean,
): void {
  const functions = functionsOf(p.program);
  const byPc = new Map(functions.map((f) => [f.startPc, f]));
  const cNameOf = (pc: number) => {
    const f = byPc.get(pc);
    if (!f || f.isEntry) return p.cName;
    return `${p.cName}__${cIdent(f.name)}`;
  };
  const subs = functions.filter((f) => !f.isEntry);
  for (const f of subs)
    w.line(
      `static uint64_t ${cNameOf(f.startPc)}(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5, void* context, const program_runtime_context_t* runtime_context);`,
    );
  if (subs.length > 0) w.line('');
  w.line('#if defined(_MSC_VER)');
  w.line(`#pragma code_seg(push, ${cString(pe)})`);
  w.line('#endif');
  for (const f of functions) functionBody(w, p, f, cNameOf, programIndex, globalsIndex, rawMemory);
  w.line('#if defined(_MSC_VER)');
  w.line('#pragma code_seg(pop)');
  w.line('#endif');
  w.line('');
}

function programTables(w: Writer, p: ProgramPlan): void {
  const n = p.cName;
  if (p.helpers.length > 0) {
    w.line(`static helper_function_entry_t ${n}_helpers[] = {`);
    for (const id of p.helpers) {
      const name = p.program.platform.helper(id, p.program.programType)?.name;
      w.line(`    {{1, 40, 40}, ${id}, "helper_id_${id}"},${name ? ` // ${name}` : ''}`);
    }
    w.line('};');
    w.line('');
  }
  w.line(`static GUID ${n}_program_type_guid = ${guidInitializer(p.guids.program)};`);
  w.line(`static GUID ${n}_attach_type_guid = ${guidInitializer(p.guids.attach)};`);
  if (p.mapIndices.length > 0) w.line(`static uint16_t ${n}_maps[] = {${p.mapIndices.join(', ')}};`);
  w.line('');
}

export interface ConvertSelection {
  /** Force the program/attach type for all programs (section-name semantics, as bpf2c --type). */
  readonly type?: string;
}

/** Generate C for `programs` (all from one object, sharing its maps). Throws NativeError. */
export function generateC(
  programs: readonly Program[],
  options: NativeOptions,
  selection: ConvertSelection = {},
): NativeOutput {
  const first = programs[0];
  if (!first) throw new NativeError(`${options.fileName}: no program to convert`);
  const prefix = tablePrefix(options.fileName);
  const w = new Writer();
  const flavour = options.flavour ?? 'raw';
  if (flavour === 'dll') for (const l of dllWrapper(prefix)) w.line(l);
  if (flavour === 'sys') for (const l of sysWrapper(prefix)) w.line(l);
  w.line('// Do not alter this generated file.');
  w.line(
    `// This file was generated from ${options.fileName.split(/[\\/]/).pop()} by vscode-ebpf (bpf2c interface ${BPF2C_VERSION.join('.')}).`,
  );
  w.line('');
  w.line('#include "bpf2c.h"');
  w.line('');
  hashSection(w, options.elfHash);
  const maps = first.maps;
  const globals = maps.filter((m) => m.origin === 'global-data');
  const globalsIndex = new Map(globals.map((g, i) => [g.index, i]));
  mapsTable(w, first, maps, prefix);
  globalSections(w, globals, prefix);

  const names = new Set<string>();
  const plans = programs.map((p) => {
    let c = cIdent(p.name);
    if (RESERVED.has(c)) c = `${c}_program`;
    for (let n = 2; names.has(c); n++) c = `${cIdent(p.name)}_${n}`;
    names.add(c);
    return plan(p, c, selection.type);
  });
  const pe = peSectionNames(programs);
  plans.forEach((p, i) => {
    programTables(w, p);
    programFunctions(
      w,
      p,
      pe[i] ?? p.program.section, // one name per program
      i,
      globalsIndex,
      options.memoryLengthInR2 === true && p.program.programType === undefined,
    );
  });

  w.line('static program_entry_t _programs[] = {');
  plans.forEach((p, i) => {
    const n = p.cName;
    w.line('    {');
    w.line('        0,');
    w.line('        {1, 154, 160}, // Version header.');
    w.line(`        ${n},`);
    w.line(`        ${cString(pe[i] ?? p.program.section)},`);
    w.line(`        ${cString(p.program.section)},`);
    w.line(`        ${cString(p.program.name)},`);
    w.line(`        ${p.mapIndices.length > 0 ? `${n}_maps` : 'NULL'},`);
    w.line(`        ${p.mapIndices.length},`);
    w.line(`        ${p.helpers.length > 0 ? `${n}_helpers` : 'NULL'},`);
    w.line(`        ${p.helpers.length},`);
    w.line(`        ${entrySlots(p.program)}, // BPF instructions of the entry function.`);
    w.line(`        &${n}_program_type_guid,`);
    w.line(`        &${n}_attach_type_guid,`);
    w.line('        NULL, // Program information hash (not computed).');
    w.line('        0,');
    w.line('        NULL,');
    w.line('        NULL, // BTF-resolved functions.');
    w.line('        0,');
    w.line('    },');
  });
  w.line('};');
  w.line('');
  w.line('static void');
  w.line('_get_programs(_Outptr_result_buffer_(*count) program_entry_t** programs, _Out_ size_t* count)');
  w.line('{');
  w.line('    *programs = _programs;');
  w.line(`    *count = ${plans.length};`);
  w.line('}');
  w.line('');
  w.line('static void');
  w.line('_get_version(_Out_ bpf2c_version_t* version)');
  w.line('{');
  w.line(`    version->major = ${BPF2C_VERSION[0]};`);
  w.line(`    version->minor = ${BPF2C_VERSION[1]};`);
  w.line(`    version->revision = ${BPF2C_VERSION[2]};`);
  w.line('}');
  w.line('');
  mapInitialValues(w, maps, programs);
  w.line(`metadata_table_t ${prefix}_metadata_table = {`);
  w.line('    sizeof(metadata_table_t),');
  w.line('    _get_programs,');
  w.line('    _get_maps,');
  w.line('    _get_hash,');
  w.line('    _get_version,');
  w.line('    _get_map_initial_values,');
  w.line('    _get_global_variable_sections,');
  w.line('};');
  const lines = w.lines;
  return { code: lines.map((l) => l.text).join('\n') + '\n', lines, prefix, functions: w.functions };
}

/** bpf2c counts the entry function's instructions (lddw as 2), not the subprograms it calls. */
function entrySlots(program: Program): number {
  const entry = functionsOf(program).find((f) => f.isEntry);
  return entry ? entry.endPc - entry.startPc : program.slotCount;
}

/** Program-array and map-in-map slots initialised in the declaration, as strings (bpf2c's form). */
function mapInitialValues(w: Writer, maps: readonly MapDefinition[], programs: readonly Program[]): void {
  const withValues = maps.filter((m) => m.initialEntries && m.initialEntries.length > 0);
  for (const m of withValues) {
    const entries = m.initialEntries ?? [];
    const slots = new Array<string>(Math.max(m.maxEntries, ...entries.map((e) => e.key + 1))).fill('NULL');
    for (const e of entries) {
      const name = e.kind === 'program' ? e.name : (maps.find((x) => x.name === e.name)?.name ?? e.name);
      slots[e.key] = cString(name);
    }
    void programs;
    w.line(`static const char* _${cIdent(m.name)}_initial_string_table[] = {${slots.join(', ')}};`);
  }
  if (withValues.length > 0) {
    w.line('');
    w.line('static map_initial_values_t _map_initial_values_array[] = {');
    for (const m of withValues) {
      w.line('    {');
      w.line('        .header = {1, 48, 48},');
      w.line(`        .name = ${cString(m.name)},`);
      w.line(`        .count = ${Math.max(m.maxEntries, ...(m.initialEntries ?? []).map((e) => e.key + 1))},`);
      w.line(`        .values = _${cIdent(m.name)}_initial_string_table,`);
      w.line('    },');
    }
    w.line('};');
    w.line('');
  }
  w.line('static void');
  w.line(
    '_get_map_initial_values(_Outptr_result_buffer_(*count) map_initial_values_t** map_initial_values, _Out_ size_t* count)',
  );
  w.line('{');
  w.line(`    *map_initial_values = ${withValues.length > 0 ? '_map_initial_values_array' : 'NULL'};`);
  w.line(`    *count = ${withValues.length};`);
  w.line('}');
  w.line('');
}
