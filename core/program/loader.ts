// ELF object -> LoadedObject: programs (per section and per entry function, subprograms linked
// in), maps (BTF, legacy, global data), line tables, all for one platform profile. Pure and
// deterministic: the same bytes and options give the same result on every machine.

import { parseBtfExt, type BtfExt, type BtfFuncInfo, type BtfLineInfo } from '../btf/ext';
import { BtfError } from '../btf/errors';
import { DwarfError, parseDwarf, type DwarfInfo } from '../dwarf';
import { parseBtf, type Btf } from '../btf/parse';
import { ElfError } from '../elf/errors';
import { parseElf, type ElfFile } from '../elf/elf';
import type { PlatformProfile } from '../platform/types';
import { decodeCodeSection, type CodeSection } from './codeSections';
import { LoadError } from './errors';
import { createProgram } from './fromInstructions';
import { linkProgram } from './link';
import { inlinedConstants } from './inlinedConstants';
import { ksymFunctions } from '../btf/ksyms';
import { datasecVariables } from '../btf/layout';
import { collectMaps, symbolLocator } from './maps';
import { choosePlatform, type PlatformOption } from './platformChoice';
import {
  inferTailCallTypes,
  resolveRuleType,
  ruleForSection,
  type ProgramTypeRule,
  type ProgramTypeSource,
  type TypedEntry,
} from './programTypes';
import type { ProgramParts } from './fromInstructions';
import type { CodeFunction } from './codeSections';
import type { MapDefinition, Program, SourceLocation } from './types';

/** Upper bound on instructions over all programs of one object (after subprograms are copied in). */
export const MAX_LINKED_INSTRUCTIONS = 16_000_000;

export interface LoadOptions {
  /** A profile, or 'auto' (the default) to detect it from the object (and source text). */
  readonly platform?: PlatformOption;
  /** The C source, when known: helps platform detection and fills line text BTF left empty. */
  readonly sourceText?: string;
  /** The object's file name, for messages. */
  readonly fileName?: string;
  /** Program types as the loader sets them (`--type`, launch.json, settings); see programTypes.ts. */
  readonly programTypes?: readonly ProgramTypeRule[];
  /**
   * false: load the constants the platform's agent loader inlines (Cilium's `__config_` variables)
   * as a generic loader does, pointers into their section's map. Default true, as Cilium loads them.
   */
  readonly inlineLoaderConstants?: boolean;
}

/** A function of a program section that could not become a program (e.g. it calls an undefined function). */
export interface FailedProgram {
  readonly section: string;
  readonly name: string;
  readonly error: string;
}

export interface SectionSummary {
  readonly name: string;
  /** Instructions as llvm-objdump counts them: an lddw counts once. */
  readonly instructions: number;
}

/** A global variable of a global-data section (from BTF DATASEC, offsets fixed up from symbols). */
export interface GlobalVariable {
  readonly name: string;
  /** Index of the section's global-data map. */
  readonly mapIndex: number;
  readonly section: string;
  /** The variable's BTF type (for formatValue). */
  readonly typeId: number;
  readonly offset: number;
  readonly size: number;
}

export interface LoadedObject {
  readonly platform: PlatformProfile;
  /** Why this platform was chosen (shown to the user). */
  readonly platformReason: string;
  readonly programs: readonly Program[];
  /** Programs of the object that could not be linked; the others are in `programs`. */
  readonly failedPrograms: readonly FailedProgram[];
  readonly maps: readonly MapDefinition[];
  /** Variables of the global-data maps, where BTF describes them. */
  readonly globals: readonly GlobalVariable[];
  /** Every executable section, in file order. */
  readonly sections: readonly SectionSummary[];
  readonly btf: Btf | undefined;
  readonly btfExt: BtfExt | undefined;
  /** Number of .BTF.ext line_info records in the object. */
  readonly lineInfoCount: number;
  readonly warnings: readonly string[];
}

export function loadObject(bytes: Uint8Array, options: LoadOptions = {}): LoadedObject {
  const label = options.fileName ?? 'object';
  try {
    return load(bytes, options);
  } catch (e) {
    if (e instanceof LoadError) throw new LoadError(`${label}: ${e.message}`, { cause: e.cause ?? e });
    if (e instanceof ElfError) throw new LoadError(`${label}: invalid ELF: ${e.message}`, { cause: e });
    if (e instanceof BtfError) throw new LoadError(`${label}: invalid BTF: ${e.message}`, { cause: e });
    throw e;
  }
}

function load(bytes: Uint8Array, options: LoadOptions): LoadedObject {
  const elf = parseElf(bytes);
  const warnings: string[] = [];
  const btfSection = elf.sectionByName('.BTF');
  const btf = btfSection ? parseBtf(btfSection.data) : undefined;
  const btfExt = readBtfExt(elf, btf, warnings);

  const { profile: platform, reason: platformReason } = choosePlatform(elf, options, btf);
  // DWARF is parsed on first use (C names in a diagnostic, the debugger, `ebpf info`'s warnings).
  const dwarf = lazyDwarf(elf);
  const dwarfWarningAt = warnings.length;
  const maps = collectMaps(elf, btf, platform, warnings);

  const codeBySection = new Map<number, CodeSection>();
  const byName = <T>(parts: readonly { section: string; records: readonly T[] }[] | undefined, name: string): T[] =>
    (parts ?? []).filter((p) => p.section === name).flatMap((p) => p.records);
  for (const section of elf.sections) {
    if (!elf.isExecutable(section) || section.size === 0) continue;
    const lineInfo: BtfLineInfo[] = byName(btfExt?.lineInfo, section.name);
    const funcInfo: BtfFuncInfo[] = byName(btfExt?.funcInfo, section.name);
    codeBySection.set(section.index, decodeCodeSection(elf, section, { lineInfo, funcInfo }, warnings));
  }

  // The editor's text stands in for line text BTF left empty, for the main file only (not headers).
  const sourceLines = options.sourceText?.split(/\r?\n/);
  const sourceLine = sourceLines
    ? (file: string, line: number): string | undefined => (file.endsWith('.h') ? undefined : sourceLines[line - 1])
    : undefined;
  const inlinedConstant = options.inlineLoaderConstants === false ? undefined : inlinedConstants(elf, platform);
  const ctx = {
    codeBySection,
    maps,
    ...(sourceLine ? { sourceLine } : {}),
    warnings,
    ksyms: ksymFunctions(btf),
    ksymsNeedModule: platform.id === 'windows',
    ...(inlinedConstant ? { inlinedConstant } : {}),
  };

  // .text holds subprograms, unless it is the only code (hand-written or .text-only objects).
  const codeSections = [...codeBySection.values()];
  const onlyText = codeSections.every((c) => c.section.name === '.text');
  const rules = options.programTypes ?? [];
  const ruleTypes = new Map(rules.map((r) => [r, resolveRuleType(platform, r)]));
  const linked: (TypedEntry & { parts: Omit<ProgramParts, 'programType' | 'programTypeSource'> })[] = [];
  const failedPrograms: FailedProgram[] = [];
  let linkedTotal = 0;
  for (const code of codeSections) {
    const isText = code.section.name === '.text';
    if (isText && !onlyText) continue;
    for (const entry of programEntries(code, onlyText)) {
      const programWarnings: string[] = [];
      if (!isText && !entry.global && platform.id === 'linux') {
        programWarnings.push(
          `${entry.name}: a static function in section ${code.section.name}; libbpf refuses it ("program '${entry.name}' is static and not supported"): remove \`static\` to load it with libbpf`,
        );
      }
      const linkWarnings: string[] = [];
      let result;
      try {
        result = linkProgram(code, entry, { ...ctx, warnings: linkWarnings });
      } catch (e) {
        // One program that cannot be linked (an undefined memset, a call into data) is an error
        // for that program alone; the rest of the object still loads.
        if (!(e instanceof LoadError)) throw e;
        failedPrograms.push(Object.freeze({ section: code.section.name, name: entry.name, error: e.message }));
        continue;
      }
      // Every program copies the subprograms it calls: bound the total, or a hostile object of
      // many entries sharing one huge .text function could exhaust memory.
      linkedTotal += result.instructions.length;
      if (linkedTotal > MAX_LINKED_INSTRUCTIONS) {
        throw new LoadError(
          `programs total more than ${MAX_LINKED_INSTRUCTIONS} instructions after linking subprograms`,
        );
      }
      if (result.lineTable.length === 0 && btfExt) linkWarnings.push(`${entry.name}: no line info`);
      warnings.push(...programWarnings, ...linkWarnings);
      const rule = ruleForSection(rules, code.section.name);
      const sectionType = platform.programTypeForSection(code.section.name);
      const type = rule ? ruleTypes.get(rule) : sectionType;
      const source: ProgramTypeSource = rule
        ? { kind: 'rule', rule }
        : sectionType
          ? { kind: 'section' }
          : { kind: 'unknown' };
      linked.push({
        section: code.section.name,
        name: entry.name,
        instructions: result.instructions,
        type,
        source,
        parts: {
          section: code.section.name,
          name: entry.name,
          platform,
          declaration: sectionLine(code.section.name, result.lineTable, sourceLines),
          instructions: result.instructions,
          functions: result.functions,
          lineTable: result.lineTable,
          maps: maps.maps,
          btf,
          loadWarnings: [...programWarnings, ...linkWarnings],
          dwarf: dwarf.info,
          placements: result.placements,
        },
      });
    }
  }
  inferTailCallTypes(linked, maps.maps, platform);
  const programs: Program[] = linked.map((l) => {
    const typeWarning =
      l.source.kind === 'unknown' && l.section !== '.text'
        ? [`section ${l.section} matches no ${platform.displayName} program type`]
        : [];
    warnings.push(...typeWarning);
    return createProgram({
      ...l.parts,
      programType: l.type,
      programTypeSource: l.source,
      loadWarnings: [...typeWarning, ...(l.parts.loadWarnings ?? [])],
    });
  });
  for (const f of failedPrograms) warnings.push(`${f.section}/${f.name} cannot be linked: ${f.error}`);
  if (failedPrograms.length > 0 && platform.id === 'windows') {
    // PREVAIL's ELF reader stops at the first unresolved symbol: the whole object fails to load.
    warnings.push('eBPF for Windows refuses the whole object while any of its programs cannot be linked');
  }
  if (!btfExt) warnings.push('no .BTF.ext line info (compile with -g to map instructions to source lines)');

  const globals: GlobalVariable[] = [];
  if (btf) {
    for (const map of maps.maps) {
      if (map.origin !== 'global-data' || !map.section) continue;
      const section = elf.sectionByName(map.section);
      const vars = section ? datasecVariables(btf, map.section, symbolLocator(elf, section.index)) : undefined;
      for (const v of vars ?? []) {
        globals.push(
          Object.freeze({
            name: v.name,
            mapIndex: map.index,
            section: map.section,
            typeId: v.typeId,
            offset: v.offset,
            size: v.size,
          }),
        );
      }
    }
  }

  let allWarnings: readonly string[] | undefined;
  return Object.freeze({
    platform,
    platformReason,
    programs: Object.freeze(programs),
    failedPrograms: Object.freeze(failedPrograms),
    maps: maps.maps,
    globals: Object.freeze(globals),
    sections: Object.freeze(
      codeSections.map((c) => Object.freeze({ name: c.section.name, instructions: c.instructions.length })),
    ),
    btf,
    btfExt,
    lineInfoCount: (btfExt?.lineInfo ?? []).reduce((n, s) => n + s.records.length, 0),
    get warnings(): readonly string[] {
      // Where the DWARF warning stood when DWARF was parsed during the load.
      const warning = dwarf.warning();
      allWarnings ??= Object.freeze(
        dedupe(warning ? [...warnings.slice(0, dwarfWarningAt), warning, ...warnings.slice(dwarfWarningAt)] : warnings),
      );
      return allWarnings;
    },
  });
}

/**
 * The functions of a code section that are programs. In a program section every named function,
 * global or static, is one (PREVAIL and eBPF for Windows list static ones too; Cilium keeps its
 * tail-call programs static). In a `.text`-only object the global functions are (else the named).
 */
function programEntries(code: CodeSection, onlyText: boolean): CodeFunction[] {
  const named = code.functions.filter((f) => f.named);
  if (code.section.name === '.text' && onlyText) {
    const globals = code.functions.filter((f) => f.global);
    return globals.length > 0 ? globals : named;
  }
  return named.length > 0 ? named : code.functions.filter((f) => f.global);
}

/**
 * The line of `SEC("section")` (or `__attribute__((section("section")))`) that declares the
 * program: the last such line at or before the function's first line. Without the source text
 * the function's first line stands in.
 */
function sectionLine(
  section: string,
  lineTable: readonly { pc: number; location: SourceLocation }[],
  sourceLines: readonly string[] | undefined,
): SourceLocation | undefined {
  const first = lineTable.find((l) => l.location.line > 0)?.location;
  if (!sourceLines) return first;
  const quoted = `"${section}"`;
  let best = -1;
  const limit = first && !first.file.endsWith('.h') ? Math.min(first.line, sourceLines.length) : sourceLines.length;
  sourceLines.slice(0, limit).forEach((line, i) => {
    if (line.includes(quoted) && /\bSEC\s*\(|section\s*\(/.test(line)) best = i;
  });
  const text = sourceLines[best];
  if (text === undefined) return first;
  return Object.freeze({
    file: first?.file ?? '',
    line: best + 1,
    column: text.indexOf(quoted) + 1,
    text,
  });
}

function readBtfExt(elf: ElfFile, btf: Btf | undefined, warnings: string[]): BtfExt | undefined {
  const section = elf.sectionByName('.BTF.ext');
  if (!section) return undefined;
  if (!btf) {
    warnings.push('.BTF.ext present without .BTF; line info ignored');
    return undefined;
  }
  try {
    return parseBtfExt(section.data, btf);
  } catch (e) {
    // Line info is an aid, not a requirement: a broken .BTF.ext costs source mapping only.
    if (e instanceof BtfError) {
      warnings.push(`invalid .BTF.ext, line info ignored: ${e.message}`);
      return undefined;
    }
    throw e;
  }
}

/** The object's DWARF, parsed once on first use; a broken one is a warning, not a load error. */
function lazyDwarf(elf: ElfFile): { info: () => DwarfInfo | undefined; warning: () => string | undefined } {
  let parsed: { info: DwarfInfo | undefined; warning: string | undefined } | undefined;
  const get = (): { info: DwarfInfo | undefined; warning: string | undefined } => {
    if (parsed) return parsed;
    try {
      parsed = { info: parseDwarf(elf), warning: undefined };
    } catch (e) {
      // DWARF serves C-level debugging only: a broken one costs variables, not the load.
      if (!(e instanceof DwarfError || e instanceof ElfError)) throw e;
      parsed = { info: undefined, warning: `invalid DWARF, C variables unavailable: ${e.message}` };
    }
    return parsed;
  };
  return { info: () => get().info, warning: () => get().warning };
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}
