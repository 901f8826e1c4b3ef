// What a BTF-typed tracing program (tp_btf, fentry, fexit, fmod_ret, lsm) loads from one of its
// u64 argument slots. The kernel types each slot from the target's prototype in vmlinux BTF: a
// pointer argument becomes a kernel pointer (loads through it are turned into probe loads), any
// other argument a number. We do not read vmlinux BTF, so the prototype is the one the program
// declares: libbpf's BPF_PROG(name, args...) macro hands the slots to an inner function
// `____name` whose parameters (after ctx) carry the argument types, and DWARF keeps them even when
// the function is inlined. Without that declaration a slot is assumed to be a kernel pointer, the
// case a direct load needs.

import type { Btf } from '../btf/parse';
import { BtfKind } from '../btf/types';
import { resolveType, type DwarfType } from '../dwarf/types';
import type { DwarfVariable } from '../dwarf/dwarf';
import type { Program } from '../program/types';

export type TraceArgument =
  /** A kernel pointer; `btfType` is the pointed-to struct in the program's BTF, when it has it. */
  { readonly kind: 'pointer'; readonly btfType?: number } | { readonly kind: 'scalar' };

const ASSUMED: TraceArgument = { kind: 'pointer' };
const cache = new WeakMap<Program, readonly TraceArgument[] | undefined>();

/** The argument in slot `slot`, as the program's BPF_PROG declaration types it (else a pointer). */
export function traceArgument(program: Program, slot: number): TraceArgument {
  let declared = cache.get(program);
  if (!cache.has(program)) {
    declared = declaredArguments(program);
    cache.set(program, declared);
  }
  return declared?.[slot] ?? ASSUMED;
}

/** The arguments `____ENTRY`'s parameters declare after ctx, in order; undefined when DWARF lacks it. */
function declaredArguments(program: Program): readonly TraceArgument[] | undefined {
  const dwarf = program.dwarf;
  const entry = program.functions.find((f) => f.isEntry);
  if (!dwarf || !entry) return undefined;
  const inner = `____${entry.name}`;
  const scope = [...dwarf.inlinedCalls, ...dwarf.functions].find((s) => s.name === inner);
  if (!scope) return undefined;
  const names = scope.variables.filter((v) => v.isParameter).map((v) => v.name);
  const params = parametersInOrder(dwarf.allVariables, names);
  if (!params || params[0]?.name !== 'ctx') return undefined;
  return params.slice(1).map((p) => argumentOf(program.btf, p.type));
}

/**
 * The declaration's parameters in declaration order: the run of parameter DIEs (DIE order is
 * declaration order) whose names are exactly the scope's. An inlined copy lists its parameters
 * in no fixed order, the abstract function in order.
 */
function parametersInOrder(all: readonly DwarfVariable[], names: readonly string[]): DwarfVariable[] | undefined {
  const wanted = [...names].sort().join('\0');
  for (let i = 0; i + names.length <= all.length; i++) {
    const run = all.slice(i, i + names.length);
    if (!run.every((v) => v.isParameter)) continue;
    if (
      run
        .map((v) => v.name)
        .sort()
        .join('\0') === wanted
    )
      return run;
  }
  return undefined;
}

function argumentOf(btf: Btf | undefined, type: DwarfType): TraceArgument {
  const t = resolveType(type);
  if (t.kind !== 'pointer') return { kind: 'scalar' };
  const target = resolveType(t.target);
  if ((target.kind !== 'struct' && target.kind !== 'union') || !btf || target.name === '') return ASSUMED;
  const kind = target.kind === 'struct' ? BtfKind.STRUCT : BtfKind.UNION;
  const found = btf.findByName(target.name, kind)[0];
  return found ? { kind: 'pointer', btfType: found.id } : ASSUMED;
}
