// Linux global functions: a non-static function called by bpf-to-bpf call is verified by the
// kernel on its own, once, with arguments described by its BTF prototype (a pointer argument may
// be NULL; a scalar is any number), and each call site only checks the arguments against that
// prototype. PREVAIL (Windows) inlines every call, so this applies to the Linux profile only.

import type { Btf } from '../btf/parse';
import { sizeOf, skipModifiers } from '../btf/layout';
import { BtfKind } from '../btf/types';
import type { Program } from '../program/types';

export type GlobalParam =
  | { readonly kind: 'ctx'; readonly name: string }
  | { readonly kind: 'mem'; readonly name: string; readonly size: number }
  | { readonly kind: 'scalar'; readonly name: string }
  | { readonly kind: 'unsupported'; readonly name: string; readonly why: string };

export interface GlobalFunction {
  readonly name: string;
  readonly startPc: number;
  readonly params: readonly GlobalParam[];
  /** Why the kernel refuses its return type (it accepts only integers and enums), or undefined. */
  readonly badReturn?: string;
}

function isBtf(x: unknown): x is Btf {
  return typeof x === 'object' && x !== null && typeof (x as Btf).type === 'function';
}

/** Global functions of a Linux program (by start pc); empty for other platforms or without BTF. */
export function globalFunctions(program: Program): Map<number, GlobalFunction> {
  const out = new Map<number, GlobalFunction>();
  if (program.platform.id !== 'linux' || !isBtf(program.btf)) return out;
  const btf = program.btf;
  const ctxStruct = program.programType?.context.structName;
  for (const f of program.functions) {
    // libbpf marks hidden globals (`__hidden`, e.g. bpf_usdt_arg) static in BTF: verified inline.
    if (f.isEntry || f.btfId === 0 || f.hidden) continue;
    try {
      const fn = btf.type(f.btfId);
      if (fn.kind !== BtfKind.FUNC || fn.linkage !== 1) continue;
      const proto = btf.type(fn.type);
      if (proto.kind !== BtfKind.FUNC_PROTO) continue;
      const params = proto.params.map((p, i): GlobalParam => {
        const name = p.name || `arg${i + 1}`;
        const t = skipModifiers(btf, p.type);
        if (t.kind === BtfKind.INT || t.kind === BtfKind.ENUM || t.kind === BtfKind.ENUM64)
          return { kind: 'scalar', name };
        if (t.kind !== BtfKind.PTR)
          return { kind: 'unsupported', name, why: 'only pointers and integers can be passed to a global function' };
        const target = skipModifiers(btf, t.type);
        if ((target.kind === BtfKind.STRUCT || target.kind === BtfKind.FWD) && target.name && target.name === ctxStruct)
          return { kind: 'ctx', name };
        let size = 0;
        try {
          size = sizeOf(btf, t.type);
        } catch {
          size = 0;
        }
        if (size <= 0)
          return { kind: 'unsupported', name, why: 'the size of what the pointer points to is unknown (void *)' };
        return { kind: 'mem', name, size };
      });
      const ret = proto.returnType === 0 ? undefined : skipModifiers(btf, proto.returnType);
      const scalarReturn =
        ret && (ret.kind === BtfKind.INT || ret.kind === BtfKind.ENUM || ret.kind === BtfKind.ENUM64);
      const badReturn = scalarReturn ? undefined : ret ? 'it returns a pointer or an aggregate' : 'it returns void';
      out.set(f.startPc, { name: f.name, startPc: f.startPc, params, ...(badReturn ? { badReturn } : {}) });
    } catch {
      // Malformed BTF for this function: treat it as static (inlined).
    }
  }
  return out;
}
