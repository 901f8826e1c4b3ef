// Which program type each program has, decided the way loaders decide it: what the user said
// (`--type`, launch.json `programType`, the `ebpf.programTypes` setting), else the section name,
// else the type of the program that tail-calls into it through a program array (the kernel
// requires a tail-called program to share its caller's type; eBPF for Windows' agents set one
// type on all of them). Every choice carries a sentence saying where it came from.

import { CallSource, LddwSource, type Instruction } from '../isa/instruction';
import type { PlatformProfile, ProgramType } from '../platform/types';
import { LoadError } from './errors';
import type { MapDefinition } from './types';

/** One user statement: "programs in sections matching `section` are of `type`" (no section: all). */
export interface ProgramTypeRule {
  /** A glob over section names (`*` any run of characters, `?` one); undefined = every program. */
  readonly section?: string;
  /** A type name (`xdp`, `bind`, `socket_filter`) or a section-style name (`cgroup/connect4`). */
  readonly type: string;
  /** Who said it, for messages: `--type`, `launch.json programType`, `ebpf.programTypes`. */
  readonly origin: string;
}

export type ProgramTypeSource =
  | { readonly kind: 'rule'; readonly rule: ProgramTypeRule }
  | { readonly kind: 'section' }
  | { readonly kind: 'tail-call'; readonly caller: string; readonly map: string }
  /** An `ID/SLOT` section of an iproute2 program array, typed as its object's entry programs. */
  | { readonly kind: 'object-entry'; readonly entry: string; readonly map: string }
  | { readonly kind: 'unknown' };

/** `xdp` or `SECTION=TYPE` (the last `=` splits: section names may not end in `=`). */
export function parseProgramTypeRule(text: string, origin: string): ProgramTypeRule {
  const eq = text.lastIndexOf('=');
  if (eq < 0) return { type: text.trim(), origin };
  const section = text.slice(0, eq).trim();
  const type = text.slice(eq + 1).trim();
  if (section === '' || type === '') throw new LoadError(`${origin} '${text}': expected TYPE or SECTION=TYPE`);
  return { section, type, origin };
}

/** A type by its short name, or by a section-style name the platform's section table knows. */
export function findProgramType(platform: PlatformProfile, name: string): ProgramType | undefined {
  return platform.programTypes.find((t) => t.name === name) ?? platform.programTypeForSection(name);
}

export function programTypeNames(platform: PlatformProfile): string[] {
  return [...new Set(platform.programTypes.map((t) => t.name))];
}

export function resolveRuleType(platform: PlatformProfile, rule: ProgramTypeRule): ProgramType {
  const type = findProgramType(platform, rule.type);
  if (!type) {
    throw new LoadError(
      `${rule.origin}: unknown program type '${rule.type}' on ${platform.displayName} (known: ${programTypeNames(platform).join(', ')})`,
    );
  }
  return type;
}

export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** The rule that decides a section: the last matching section rule, else the last catch-all rule. */
export function ruleForSection(rules: readonly ProgramTypeRule[], section: string): ProgramTypeRule | undefined {
  const specific = rules.filter((r) => r.section !== undefined && globToRegExp(r.section).test(section));
  if (specific.length > 0) return specific[specific.length - 1];
  const all = rules.filter((r) => r.section === undefined);
  return all[all.length - 1];
}

export interface TypedEntry {
  readonly section: string;
  readonly name: string;
  readonly instructions: readonly Instruction[];
  type: ProgramType | undefined;
  source: ProgramTypeSource;
}

/** Iproute2 / Cilium name tail-call programs by slot: `ID/KEY` (`2/7`). */
const TAIL_CALL_SLOT = /^(\d+)\/\d+$/;

/** The program array id an `ID/KEY` section names, or undefined for any other section. */
function slotArrayId(section: string): number | undefined {
  const m = TAIL_CALL_SLOT.exec(section);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/**
 * Gives untyped programs the type of a typed program that tail-calls into them: the program is a
 * statically initialised slot of the prog array the caller passes to bpf_tail_call, or its section
 * names a slot (`2/7`) of that array (by iproute2 id when the object declares ids, else any).
 * Repeats until nothing changes, so chains of tail calls are followed. Then `ID/KEY` programs of an
 * iproute2 program array nobody in the object tail-calls through get the type of the object's
 * entry programs when those agree on one: iproute2 and Cilium's loader load every tail-call
 * section of an object with the type of the program they attach.
 */
export function inferTailCallTypes(
  entries: readonly TypedEntry[],
  maps: readonly MapDefinition[],
  platform: PlatformProfile,
): void {
  const progArrays = maps.filter((m) => m.typeInfo?.kind === 'prog_array');
  const arraysHaveIds = progArrays.some((m) => m.iproute2Id !== undefined);
  const slotOf = (section: string, map: MapDefinition): boolean => {
    const id = slotArrayId(section);
    return id !== undefined && (!arraysHaveIds || map.iproute2Id === id);
  };
  const tailCall = [...platform.helpers.values()].find((h) => h.name === 'bpf_tail_call');
  const progArraysCalledBy = (e: TypedEntry): MapDefinition[] => {
    if (
      !tailCall ||
      !e.instructions.some((i) => i.opcode === 0x85 && i.src === CallSource.HELPER && i.imm === tailCall.id)
    )
      return [];
    const out = new Set<MapDefinition>();
    for (const i of e.instructions) {
      if (i.opcode !== 0x18 || i.src !== LddwSource.MAP_FD) continue;
      const map = maps[i.imm];
      if (map?.typeInfo?.kind === 'prog_array') out.add(map);
    }
    return [...out];
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const caller of entries) {
      if (!caller.type) continue;
      for (const map of progArraysCalledBy(caller)) {
        const slots = new Set((map.initialEntries ?? []).filter((s) => s.kind === 'program').map((s) => s.name));
        for (const callee of entries) {
          if (callee.type) continue;
          if (!slots.has(callee.name) && !slotOf(callee.section, map)) continue;
          callee.type = caller.type;
          callee.source = { kind: 'tail-call', caller: `${caller.section}/${caller.name}`, map: map.name };
          changed = true;
        }
      }
    }
  }
  const typed = entries.filter((e) => e.type && slotArrayId(e.section) === undefined);
  const [entry] = typed;
  if (!entry?.type || typed.some((e) => e.type !== entry.type)) return;
  for (const callee of entries) {
    if (callee.type) continue;
    const map = progArrays.find((m) => m.iproute2Id !== undefined && slotOf(callee.section, m));
    if (!map) continue;
    callee.type = entry.type;
    callee.source = { kind: 'object-entry', entry: `${entry.section}/${entry.name}`, map: map.name };
  }
}

/** A sentence for people: where the program's type came from. */
export function describeTypeSource(
  section: string,
  type: ProgramType | undefined,
  source: ProgramTypeSource,
  platform: PlatformProfile,
): string {
  switch (source.kind) {
    case 'rule':
      return `${type?.name} (set by ${source.rule.origin}${source.rule.section ? ` for sections matching '${source.rule.section}'` : ''})`;
    case 'section':
      return `${type?.name} (from the section name '${section}')`;
    case 'tail-call':
      return `${type?.name} (inferred: ${source.caller} tail-calls into it through the program array '${source.map}', and a tail-called program has its caller's type)`;
    case 'object-entry':
      return `${type?.name} (inferred: section '${section}' is a slot of the program array '${source.map}', and iproute2 and Cilium's loader load an object's tail-call sections with the type of its entry program ${source.entry})`;
    case 'unknown':
      return `unknown (section '${section}' matches no ${platform.displayName} program type)`;
  }
}

/** The ways to set a type, named in the unknown-type error. */
export const WAYS_TO_SET_TYPE =
  'set it with `ebpf verify|run|info --type TYPE` (or `--type SECTION=TYPE`), "programType" in launch.json, or the `ebpf.programTypes` setting (section glob → type)';
