// Linux kfunc calls (call src=2 to a `.ksyms` extern): the profile's table gives the kernel's
// facts (flags, kfunc sets, stack-object arguments); the object's own BTF gives the declaration
// the loader resolves, which must agree with the kernel's prototype in its parameters. A kfunc
// outside the table is refused by name: the verifier cannot say what the kernel would do with it.

import { BtfKind, type BtfType } from '../btf/types';
import type { Btf } from '../btf/parse';
import type { KernelFunction, PlatformProfile, ProgramType, StackObjectArg } from '../platform/types';
import type { FailureInit } from './failure';
import { kfuncNotForProgramType, kfuncPrototypeMismatch, kfuncUnknown, rcuNested, rcuUnmatched } from './messages';
import type { State } from './state';

/** The kfunc a call names, when the platform has a kfunc table (Linux). */
export function kernelFunction(platform: PlatformProfile, name: string | undefined): KernelFunction | undefined {
  return name === undefined ? undefined : platform.kernelFunctions?.get(name);
}

/** Whether the program type's kfunc sets hold it (an unknown type: the checker says so elsewhere). */
export function kfuncAvailable(kf: KernelFunction, programType: ProgramType | undefined): boolean {
  return kf.programTypes === 'any' || !programType || kf.programTypes.includes(programType.number);
}

/** Why a call of `name` cannot be made here, or undefined when it can. */
export function kfuncProblem(
  platform: PlatformProfile,
  programType: ProgramType | undefined,
  btf: Btf | undefined,
  btfId: number,
  name: string,
): FailureInit | undefined {
  const table = platform.kernelFunctions;
  const kf = table?.get(name);
  if (!table || !kf) return kfuncUnknown(name, [...(table?.keys() ?? [])]);
  const offeredTo = kf.programTypes;
  if (programType && offeredTo !== 'any' && !offeredTo.includes(programType.number)) {
    const names = platform.programTypes.filter((t) => offeredTo.includes(t.number)).map((t) => t.name);
    return kfuncNotForProgramType(name, programType.name, [...new Set(names)]);
  }
  const mismatch = btf ? declarationMismatch(btf, btfId, kf) : undefined;
  return mismatch ? kfuncPrototypeMismatch(name, mismatch, kf.prototype.signature) : undefined;
}

const RCU_LOCK = 'bpf_rcu_read_lock';

/** The references that are open RCU read sections (the pc of their bpf_rcu_read_lock). */
export function rcuSections(s: State, nameOf: (pc: number) => string): number[] {
  return s.refs.filter((r) => nameOf(r) === RCU_LOCK);
}

/** A lock inside a section, or an unlock outside one (the kernel refuses both). */
export function rcuSectionProblem(
  s: State,
  role: 'lock' | 'unlock',
  nameOf: (pc: number) => string,
): FailureInit | undefined {
  const open = rcuSections(s, nameOf);
  if (role === 'lock' && open.length > 0) return rcuNested(open[0] ?? -1);
  if (role === 'unlock' && open.length === 0) return rcuUnmatched();
  return undefined;
}

/** Typedefs, qualifiers and type tags skipped. */
function strip(btf: Btf, id: number): BtfType | undefined {
  for (let i = 0, t = btf.types[id]; t && i < 32; i++, t = btf.types[t.type]) {
    if (
      t.kind !== BtfKind.TYPEDEF &&
      t.kind !== BtfKind.VOLATILE &&
      t.kind !== BtfKind.CONST &&
      t.kind !== BtfKind.RESTRICT &&
      t.kind !== BtfKind.TYPE_TAG
    )
      return t;
  }
  return undefined;
}

/** The struct a pointer parameter points to, '' for other pointers, undefined for non-pointers. */
function pointee(btf: Btf, id: number): string | undefined {
  const t = strip(btf, id);
  if (t?.kind !== BtfKind.PTR) return undefined;
  const to = strip(btf, t.type);
  return to && (to.kind === BtfKind.STRUCT || to.kind === BtfKind.FWD || to.kind === BtfKind.UNION) ? to.name : '';
}

function objectStruct(a: StackObjectArg): string {
  return a.role === 'iter' || a.role === 'iter_new' || a.role === 'iter_destroy' ? `bpf_iter_${a.iter}` : 'bpf_dynptr';
}

/** How the object's declaration differs from the kernel's prototype in its parameters, if it does. */
function declarationMismatch(btf: Btf, btfId: number, kf: KernelFunction): string | undefined {
  const fn = btf.types[btfId];
  const proto = fn?.kind === BtfKind.FUNC ? btf.types[fn.type] : undefined;
  if (proto?.kind !== BtfKind.FUNC_PROTO) return undefined;
  const want = kf.prototype.args.length;
  if (proto.params.length !== want)
    return `it declares ${proto.params.length} parameter${proto.params.length === 1 ? '' : 's'}, the kernel's has ${want}`;
  for (const a of kf.stackObjects) {
    const p = proto.params[a.reg - 1];
    const got = p ? pointee(btf, p.type) : undefined;
    const struct = objectStruct(a);
    if (got !== struct)
      return `parameter ${a.reg} is ${got === undefined ? 'not a pointer' : got === '' ? 'a pointer to something else' : `a \`struct ${got} *\``}, the kernel's is a \`struct ${struct} *\``;
  }
  return undefined;
}
