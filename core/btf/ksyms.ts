// Extern functions declared in `.ksyms` (kfuncs on Linux, BTF-resolved functions on eBPF for
// Windows): clang lists them in a DATASEC `.ksyms` as FUNC types with extern linkage, and eBPF for
// Windows names the providing module with a `btf_decl_tag("module_id:{GUID}")` on the function.

import { BtfKind } from './types';
import type { Btf } from './parse';

export interface KsymFunction {
  /** The FUNC type id: the loader puts it in the call's imm (call src=2). */
  readonly btfId: number;
  readonly name: string;
  /** The GUID of a `module_id:{GUID}` decl tag, without braces; undefined when there is none. */
  readonly moduleId: string | undefined;
}

const MODULE_TAG = /^module_id:\{([0-9a-fA-F-]+)\}$/;

/** The `.ksyms` extern functions of an object, by name. */
export function ksymFunctions(btf: Btf | undefined): ReadonlyMap<string, KsymFunction> {
  const out = new Map<string, KsymFunction>();
  if (!btf) return out;
  const moduleOf = new Map<number, string>();
  for (const t of btf.types) {
    if (t.kind !== BtfKind.DECL_TAG || t.componentIndex !== -1) continue;
    const m = MODULE_TAG.exec(t.name);
    if (m?.[1]) moduleOf.set(t.type, m[1].toLowerCase());
  }
  for (const sec of btf.findByName('.ksyms', BtfKind.DATASEC)) {
    if (sec.kind !== BtfKind.DATASEC) continue;
    for (const v of sec.vars) {
      const fn = btf.types[v.type];
      if (fn?.kind !== BtfKind.FUNC) continue;
      out.set(fn.name, { btfId: fn.id, name: fn.name, moduleId: moduleOf.get(fn.id) });
    }
  }
  return out;
}
