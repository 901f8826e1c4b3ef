// The checker's calls: helper-available, helper-arg (one per argument of the helper's prototype)
// and global-arg records. Reads the pre-state only (and collects warnings on sem).

import type { Instruction } from '../isa/instruction';
import type { HelperArgKind, HelperPrototype } from '../platform/types';
import type { MapDefinition } from '../program/types';
import { FRAME_SIZE, type State, TOTAL_STACK } from './state';
import { known } from './known';
import { MAP_TYPES, POINTER_TYPES, T, type MemPtr, type Value, ivToString, payload, restrict } from './value';
import { Failure } from './failure';
import type { Semantics } from './transfer';
import {
  argFailure,
  btfFunctionUnavailable,
  describeNum,
  dynptrFromMemData,
  describeType,
  globalFunctionBadReturn,
  helperStackOutOfBounds,
  helperUnavailable,
  unprivilegedHelper,
  helperUnimplemented,
  innerMapMaybeNullArgument,
  innerMapMaybeNullLoads,
  mapTypeCheckedAtRunTime,
  mapTypeMismatch,
  nullHelperArgument,
  pointerInMapKeyOrValue,
  uninitializedHelperMemory,
  uninitializedHelperMemoryLoads,
} from './messages';
import type { GlobalArg, GlobalReturnsInteger, HelperArg, HelperAvailable } from './assertions/types';
import { readReg } from './checker';
import { memAccess, packetAccess } from './checkerMemory';
import { cleanValue, isZero } from './transfer/values';
import { constStrProblem } from './constStr';
import { dynptrArgProblem } from './dynptr';
import { kernelFunction, kfuncProblem, rcuSectionProblem } from './kfuncs';
import { checkConstantSize, checkStackObjectArgs } from './stackObjects';

/** The helper (or BTF-resolved function) exists for this platform and program type. */
export function checkHelperAvailable(sem: Semantics, insn: Instruction, s: State, a: HelperAvailable): void {
  if (a.byBtfId) {
    const name = sem.btfFunctionName(insn.imm);
    const resolved = name !== undefined ? sem.platform.btfResolvedFunctions?.get(name) : undefined;
    if (resolved) return;
    if (name === undefined || !sem.platform.kernelFunctions)
      throw new Failure(insn.pc, btfFunctionUnavailable(sem, name, insn));
    const problem = kfuncProblem(sem.platform, sem.programType, sem.program.btf, insn.imm, name);
    if (problem) throw new Failure(insn.pc, problem);
    const kf = kernelFunction(sem.platform, name);
    if (kf) {
      checkStackObjectArgs(s, insn.pc, name, kf.stackObjects);
      checkConstantSize(s, insn.pc, name, kf.result);
      const rcu = kf.rcuSection ? rcuSectionProblem(s, kf.rcuSection, (ref) => sem.helperName(ref)) : undefined;
      if (rcu) throw new Failure(insn.pc, rcu);
    }
    return;
  }
  const pc = insn.pc;
  const proto = sem.platform.helper(insn.imm, sem.programType);
  const forbidden = sem.programType?.forbiddenHelpers?.has(insn.imm);
  if (!proto || forbidden) {
    const known = proto?.name ?? sem.platform.helpers.get(insn.imm)?.name;
    throw new Failure(pc, helperUnavailable(sem, known, insn));
  }
  if (sem.unprivileged?.kind === 'loads' && !sem.unprivileged.available.has(insn.imm))
    throw new Failure(pc, unprivilegedHelper(sem, proto.name, insn.imm));
  // The read-only dynptr of a drain callback goes only to the dynptr helpers that read it.
  const dynptrProblem = sem.policy.callbacksVerifiedInContext ? dynptrArgProblem(s, proto) : undefined;
  if (dynptrProblem) throw new Failure(pc, dynptrProblem);
  const objects = sem.platform.dynptrHelpers?.get(proto.name);
  if (objects) {
    checkStackObjectArgs(s, pc, proto.name, objects.stackObjects);
    checkConstantSize(s, pc, proto.name, objects.result);
    const local = objects.stackObjects.some((a) => a.role === 'dynptr_new' && a.dynptr === 'local');
    // The kernel makes dynptrs of map values only (a stack buffer: "Unsupported reg type fp").
    const data = s.regs[1];
    if (local && data && data.t !== T.shared) throw new Failure(pc, dynptrFromMemData(proto.name, data));
  }
  if (sem.programType?.unimplementedHelpers?.has(insn.imm)) {
    // The verifier passes it (the prototype is general); the program still cannot be loaded.
    sem.warn(pc, s, helperUnimplemented(sem, sem.programType, proto, insn));
  }
}

/** The mapFds argument before `index` (the map a key or value argument belongs to). */
function mapFdsBefore(s: State, proto: HelperPrototype, index: number): readonly number[] | undefined {
  let fds: readonly number[] | undefined;
  for (let i = 0; i < index; i++) if (proto.args[i] === 'ptr_to_map') fds = s.regs[i + 1]?.fds;
  return fds;
}

/** One argument of a helper call against its prototype's argument kind. */
export function checkHelperArg(sem: Semantics, s: State, pc: number, a: HelperArg): void {
  const { proto, index: i } = a;
  const kind = a.arg;
  const next = proto.args[i + 1];
  const mapFds = mapFdsBefore(s, proto, i);
  const r = a.reg;
  // printk's value arguments are optional (the Linux prototype leaves them unchecked), also
  // where only some paths set one (a two-value bpf_printk after other calls cleared r5).
  if (
    proto.printk &&
    sem.policy.printkArgumentsOptional &&
    kind === 'anything' &&
    ((s.regs[r]?.t ?? T.uninit) & T.uninit) !== 0
  )
    return;
  const v = readReg(s, pc, r, `passed as argument ${r} of \`${proto.name}\``);
  switch (kind) {
    case 'anything':
      if (sem.policy.anythingArgumentIsNumber && v.t !== T.number) {
        throw new Failure(pc, {
          ...argFailure(r, proto, `must be a number, but it holds ${describeType(v)}`, `r${r}.type == number`),
          kernelAccepts: true,
        });
      }
      break;
    case 'const_size':
    case 'const_size_or_zero': {
      if (v.t !== T.number)
        throw new Failure(
          pc,
          argFailure(
            r,
            proto,
            `is a size and must be a number, but it holds ${describeType(v)}`,
            `r${r}.type == number`,
          ),
        );
      const n = payload(v, 'num');
      if (kind === 'const_size' && n.umin === 0n) {
        throw new Failure(pc, {
          ...argFailure(
            r,
            proto,
            `is a size that may be zero (${describeNum(n)}); it must be at least 1`,
            `r${r}.value > 0`,
          ),
          code: 'invalid-size',
        });
      }
      if (n.umax > 1n << 29n) {
        throw new Failure(pc, {
          ...argFailure(
            r,
            proto,
            `is a size with no useful upper bound (${describeNum(n)}); bound it with a check first`,
            `r${r}.value <= ${1 << 29}`,
          ),
          code: 'invalid-size',
        });
      }
      break;
    }
    case 'ptr_to_ctx':
    case 'ptr_to_ctx_or_null': {
      if (kind === 'ptr_to_ctx_or_null' && isZero(v)) break;
      if (v.t !== T.ctx)
        throw new Failure(
          pc,
          argFailure(r, proto, `must be the context pointer, but it holds ${describeType(v)}`, `r${r}.type == ctx`),
        );
      if (payload(v, 'ctx').lo !== 0 || payload(v, 'ctx').hi !== 0)
        throw new Failure(
          pc,
          argFailure(
            r,
            proto,
            `must point to the start of the context (offset ${ivToString(payload(v, 'ctx'))} instead)`,
            `r${r}.ctx_offset == 0`,
          ),
        );
      break;
    }
    case 'ptr_to_map':
      innerMapMaybeNull(sem, pc, s, r, v, proto);
      if (v.t !== T.mapFd) {
        throw new Failure(pc, {
          ...argFailure(
            r,
            proto,
            `must be a map (\`&my_map\`), but it holds ${describeType(v)}`,
            `r${r}.type == map_fd`,
          ),
          code: v.t === T.mapProgs ? 'map-type-mismatch' : 'helper-argument',
        });
      }
      checkMapType(sem, pc, s, proto, payload(v, 'fds'), r);
      break;
    case 'ptr_to_map_of_programs':
      innerMapMaybeNull(sem, pc, s, r, v, proto);
      if (v.t !== T.mapProgs) {
        throw new Failure(pc, {
          ...argFailure(
            r,
            proto,
            `must be a program array map (BPF_MAP_TYPE_PROG_ARRAY), but it holds ${describeType(v)}`,
            `r${r}.type == map_fd_programs`,
          ),
          code: v.t === T.mapFd ? 'map-type-mismatch' : 'helper-argument',
        });
      }
      break;
    case 'ptr_to_map_key':
    case 'ptr_to_map_value': {
      const maps = (mapFds ?? []).map((m) => sem.program.maps[m]).filter((m): m is MapDefinition => !!m);
      const size = Math.max(0, ...maps.map((m) => (kind === 'ptr_to_map_key' ? m.keySize : m.valueSize)));
      const out =
        kind === 'ptr_to_map_value' && (proto.effects ? !!proto.effects.writesMapValue : /pop|peek/.test(proto.name));
      const what = kind === 'ptr_to_map_key' ? `a key of ${size} bytes` : `a value of ${size} bytes`;
      memArg(sem, s, pc, r, v, proto, size, out ? 'write' : 'read', what);
      if (
        !out &&
        sem.policy.numericMapKeysAndValues &&
        v.t === T.stack &&
        payload(v, 'stack').lo === payload(v, 'stack').hi
      )
        numericStack(s, pc, r, payload(v, 'stack').lo, size, proto, kind);
      break;
    }
    case 'ptr_to_readable_mem':
    case 'ptr_to_readable_mem_or_null':
    case 'ptr_to_writable_mem':
    case 'ptr_to_writable_mem_or_null':
    case 'ptr_to_const_str':
    case 'ptr_to_long': {
      if (kind.endsWith('_or_null') && isZero(v)) break;
      if (kind === 'ptr_to_const_str' && sem.policy.constStringArguments) {
        const problem = constStrProblem(v, sem.program.maps);
        if (problem) throw new Failure(pc, argFailure(r, proto, problem, `r${r}.type == const_str`));
      }
      let size = kind === 'ptr_to_long' ? 8 : 1;
      if (next === 'const_size' || next === 'const_size_or_zero') {
        const sz = known(s.regs, r + 1, 'register');
        if (sz.t !== T.number) {
          throw new Failure(
            pc,
            argFailure(
              r + 1,
              proto,
              `is a size and must be a number, but it holds ${describeType(sz)}`,
              `r${r + 1}.type == number`,
            ),
          );
        }
        if (payload(sz, 'num').umax > 1n << 29n) {
          throw new Failure(pc, {
            ...argFailure(
              r + 1,
              proto,
              `is a size with no useful upper bound (${describeNum(payload(sz, 'num'))}); bound it with a check first`,
              `r${r + 1}.value <= ${1 << 29}`,
            ),
            code: 'invalid-size',
          });
        }
        size = Number(payload(sz, 'num').umax);
      }
      const write = kind.startsWith('ptr_to_writable') || kind === 'ptr_to_long';
      const till = s.regs[r + 1]?.tillEnd;
      if (
        till &&
        v.t === T.packet &&
        payload(v, 'packet').sym === till.sym &&
        payload(v, 'packet').k.lo === till.k &&
        payload(v, 'packet').k.hi === till.k
      ) {
        // (p, data_end - p): the buffer ends exactly at data_end; only its start needs checking.
        if (payload(v, 'packet').off.lo < 0) memArg(sem, s, pc, r, v, proto, 1, write ? 'write' : 'read', '1 byte');
        break;
      }
      if (size > 0) memArg(sem, s, pc, r, v, proto, size, write ? 'write' : 'read', `${size} bytes`);
      break;
    }
    case 'ptr_to_stack':
    case 'ptr_to_stack_or_null':
      if (kind === 'ptr_to_stack_or_null' && isZero(v)) break;
      if (v.t !== T.stack)
        throw new Failure(
          pc,
          argFailure(r, proto, `must point to the stack, but it holds ${describeType(v)}`, `r${r}.type == stack`),
        );
      break;
    case 'ptr_to_alloc_mem':
      if (v.t !== T.alloc || payload(v, 'alloc').nullable) {
        throw new Failure(pc, {
          ...argFailure(
            r,
            proto,
            v.t === T.alloc
              ? 'may be NULL; check the result of bpf_ringbuf_reserve first'
              : `must be a record from bpf_ringbuf_reserve, but it holds ${describeType(v)}`,
            `r${r}.type == alloc_mem`,
          ),
          code: v.t === T.alloc ? 'null-dereference' : 'helper-argument',
          related:
            v.alloc && v.alloc.origin >= 0 ? [{ pc: v.alloc.origin, message: 'the record is reserved here' }] : [],
        });
      }
      break;
    case 'ptr_to_spin_lock':
      if (v.t !== T.shared || payload(v, 'shared').nullable)
        throw new Failure(
          pc,
          argFailure(r, proto, `must point into a map value, but it holds ${describeType(v)}`, `r${r}.type == shared`),
        );
      break;
    case 'ptr_to_btf_id':
      if ((v.t & ~POINTER_TYPES) !== 0 && v.t !== T.btfId)
        throw new Failure(
          pc,
          argFailure(
            r,
            proto,
            `must be a pointer to a kernel object, but it holds ${describeType(v)}`,
            `r${r}.type == btf_id`,
          ),
        );
      break;
    case 'ptr_to_func':
      if (v.t !== T.func)
        throw new Failure(
          pc,
          argFailure(
            r,
            proto,
            `must be a function (a callback), but it holds ${describeType(v)}`,
            `r${r}.type == func`,
          ),
        );
      break;
  }
}

/** PREVAIL: map keys and values on the stack must be numbers, never spilled pointers. */
/**
 * An inner map from a map-of-maps lookup passed to a helper before its NULL check. The kernel
 * refuses it; PREVAIL checks only the argument's type (map_fd), not its value, so eBPF for
 * Windows loads it and the helper receives a NULL map when the key is missing.
 */
export function innerMapMaybeNull(
  sem: Semantics,
  pc: number,
  s: State,
  r: number,
  v: Value,
  proto: HelperPrototype,
): void {
  if (!(v.t & MAP_TYPES) || !v.fdMaybeNull) return;
  const origin = v.fdMaybeNull.origin;
  const init = innerMapMaybeNullArgument(r, proto, sem, origin);
  if (sem.policy.nullInnerMapArgument === 'error') throw new Failure(pc, init);
  sem.warn(pc, s, innerMapMaybeNullLoads(init, sem));
}

export function numericStack(
  s: State,
  pc: number,
  r: number,
  off: number,
  size: number,
  proto: HelperPrototype,
  kind: HelperArgKind,
): void {
  for (let b = off; b < off + size;) {
    const hit = s.cellAt(b);
    if (!hit) return;
    if (hit[1].v.t !== T.number) {
      const top = s.frameTop;
      throw new Failure(pc, pointerInMapKeyOrValue(kind, proto, r, hit, top));
    }
    b = hit[0] + hit[1].size;
  }
}

/** A call of a Linux global function: the kernel calls only global functions that return an integer. */
export function checkGlobalReturnsInteger(pc: number, a: GlobalReturnsInteger): void {
  throw new Failure(pc, globalFunctionBadReturn(a.functionName, a.badReturn));
}

/** A call of a Linux global function: one argument checked against its BTF prototype. */
export function checkGlobalArg(sem: Semantics, s: State, pc: number, a: GlobalArg): void {
  const proto: HelperPrototype = { id: -1, name: a.functionName, args: [], returns: 'integer', doc: '', signature: '' };
  const { reg: r, param: p } = a;
  const v = readReg(s, pc, r, `passed as argument ${r} of \`${a.functionName}\``);
  if (p.kind === 'unsupported')
    throw new Failure(
      pc,
      argFailure(
        r,
        proto,
        `cannot be passed to a global function: ${p.why}; make the function \`static\``,
        `r${r}: supported global function argument`,
      ),
    );
  if (p.kind === 'scalar' && v.t !== T.number)
    throw new Failure(
      pc,
      argFailure(
        r,
        proto,
        `must be a number (the parameter \`${p.name}\` is an integer), but it holds ${describeType(v)}`,
        `r${r}.type == number`,
      ),
    );
  if (p.kind === 'ctx' && (v.t !== T.ctx || payload(v, 'ctx').lo !== 0 || payload(v, 'ctx').hi !== 0))
    throw new Failure(
      pc,
      argFailure(r, proto, `must be the context pointer, but it holds ${describeType(v)}`, `r${r}.type == ctx`),
    );
  if (p.kind === 'mem' && !isZero(v)) {
    // The callee is verified for NULL, so a maybe-NULL pointer may be passed.
    const clear = (m: MemPtr): MemPtr => (m.nullable ? { ...m, nullable: false } : m);
    const nonNull: Value = {
      ...v,
      ...(v.shared && { shared: clear(v.shared) }),
      ...(v.alloc && { alloc: clear(v.alloc) }),
    };
    const ptr = restrict(nonNull, ~T.number) ?? v;
    memArg(sem, s, pc, r, cleanValue(ptr), proto, p.size, 'write', `${p.size} bytes`);
  }
}

export function checkMapType(
  sem: Semantics,
  pc: number,
  s: State,
  proto: HelperPrototype,
  fds: readonly number[],
  r: number,
): void {
  for (const i of fds) {
    const m = sem.program.maps[i];
    const kind = m?.typeInfo?.kind;
    if (!m || !kind) continue;
    let ok = true;
    const name = proto.name;
    const fx = proto.effects;
    if (fx)
      ok =
        (fx.mapTypes?.includes(m.typeInfo.name) ?? true) && !(fx.mapTypesRefused?.includes(m.typeInfo.name) ?? false);
    else if (/map_lookup_elem|lookup_and_delete/.test(name))
      ok = m.typeInfo.lookupReturnsValue && kind !== 'prog_array';
    else if (/map_(update|delete)_elem/.test(name))
      ok = !['prog_array', 'ringbuf', 'perf_event_array', 'queue', 'stack'].includes(kind);
    // The kernel redirects only through device, CPU and AF_XDP socket maps.
    else if (sem.policy.redirectMapTypesChecked && /redirect_map/.test(name))
      ok = ['devmap', 'devmap_hash', 'cpumap', 'xskmap'].includes(m.typeInfo.name);
    else if (/ringbuf_/.test(name)) ok = kind === 'ringbuf';
    else if (/map_(push|pop|peek)_elem/.test(name)) ok = kind === 'queue' || kind === 'stack';
    else if (/perf_event_output/.test(name)) ok = kind === 'perf_event_array';
    if (!ok && sem.platform.mapTypeCheckedAtRunTime?.has(name)) {
      // Platform policy: the loader accepts it and the helper fails when it runs.
      sem.warn(pc, s, mapTypeCheckedAtRunTime(proto, m, m.typeInfo.name, sem, r));
      continue;
    }
    if (!ok) {
      throw new Failure(pc, mapTypeMismatch(proto, m, m.typeInfo.name, r));
    }
  }
}

export function memArg(
  sem: Semantics,
  s: State,
  pc: number,
  r: number,
  v: Value,
  proto: HelperPrototype,
  size: number,
  mode: 'read' | 'write',
  what: string,
): void {
  if (v.t === T.number) {
    throw new Failure(
      pc,
      argFailure(
        r,
        proto,
        `must point to ${what} of memory (stack, packet or map value), but it holds ${describeType(v)}`,
        `r${r}.type in {stack, packet, shared}`,
      ),
    );
  }
  if ((v.t & T.number && payload(v, 'num').umin === 0n) || [v.shared, v.alloc].some((m) => m?.nullable)) {
    const origin = v.shared?.origin ?? v.alloc?.origin ?? -1;
    throw new Failure(pc, nullHelperArgument(r, proto, size, mode, origin, sem));
  }
  const allowed = T.stack | T.packet | T.shared | T.alloc;
  if ((v.t & ~allowed) !== 0) {
    throw new Failure(
      pc,
      argFailure(
        r,
        proto,
        `must point to ${what} of readable${mode === 'write' ? ' and writable' : ''} memory (stack, packet or map value), but it holds ${describeType(v)}`,
        `r${r}.type in {stack, packet, shared}`,
      ),
    );
  }
  if (v.t & T.stack) {
    const off = payload(v, 'stack');
    const top = s.frameTop;
    if (off.lo < top - FRAME_SIZE || off.hi + size > TOTAL_STACK) {
      throw new Failure(pc, helperStackOutOfBounds(r, proto, what, off, top, size, mode));
    }
    if (mode === 'read') {
      const u = s.firstUninit(off.lo, off.hi - off.lo + size);
      if (u !== undefined) {
        const init = uninitializedHelperMemory(r, proto, what, off, top, u, sem, pc, size);
        // PREVAIL requires numeric stack bytes only for map keys and values (ValidMapKeyValue);
        // other readable-memory arguments need bounds alone.
        const keyOrValue = what.startsWith('a key') || what.startsWith('a value');
        const policy = sem.policy.uninitialisedHelperMemory;
        if ((policy === 'map-keys-and-values' && keyOrValue) || (policy === 'privilege' && !sem.rootLinux))
          throw new Failure(pc, init);
        sem.warn(pc, s, uninitializedHelperMemoryLoads(init, policy, sem));
      }
    }
  }
  if (v.t & T.packet) packetAccess(sem, s, pc, r, payload(v, 'packet'), 0, size, mode);
  if (v.t & T.shared) memAccess(sem, pc, r, payload(v, 'shared'), 0, size, mode, 'map');
  if (v.t & T.alloc) memAccess(sem, pc, r, payload(v, 'alloc'), 0, size, mode, 'alloc');
}
