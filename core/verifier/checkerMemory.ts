// The checker's memory accesses (valid-access records, and the memory a helper argument points
// to): NULL, pointer type, bounds per region, initialised stack, writable context fields and
// read-only maps, and pointers stored where they would leak. Reads the pre-state only.

import { accessExpression, accessVariable, globalExpression } from '../dwarf/names';
import type { ContextField } from '../platform/types';
import { FRAME_SIZE, type State, TOTAL_STACK } from './state';
import { effectiveRoom } from './room';
import {
  MEM_TYPES,
  T,
  type Iv,
  type MemPtr,
  type PacketPtr,
  type Value,
  iv,
  ivAdd,
  ivToString,
  payload,
} from './value';
import { Failure, type FailureInit } from './failure';
import { describeType, fpText, validAccess } from './messages';
import type { Semantics } from './transfer';
import type { ValidAccess } from './assertions/types';
import { contextFieldAt } from './transfer/values';

/** A valid-access record: `base` is the value of `a.reg`, `value` the stored value (writes of a register). */
export function checkAccess(sem: Semantics, s: State, pc: number, a: ValidAccess): void {
  const { reg: r, offset: o, width: w, mode } = a;
  const base = s.regs[r];
  if (base === undefined) return; // readable-register comes first and fails
  const value = a.valueReg >= 0 ? s.regs[a.valueReg] : undefined;
  const valueReg = a.valueReg;
  checkDereferenceable(sem, pc, r, base, o, w, mode);
  if (base.t & T.stack) checkStackAccess(sem, s, pc, r, payload(base, 'stack'), o, w, mode, value, valueReg);
  if (base.t & T.ctx) {
    checkStore(sem, s, pc, mode, value, valueReg, 'the context');
    checkCtxAccess(sem, pc, r, payload(base, 'ctx'), o, w, mode);
  }
  if (base.t & T.packet) {
    checkStore(sem, s, pc, mode, value, valueReg, 'packet data');
    packetAccess(sem, s, pc, r, payload(base, 'packet'), o, w, mode);
  }
  if (base.t & T.packetMeta) {
    checkStore(sem, s, pc, mode, value, valueReg, 'packet metadata');
    const m = payload(base, 'meta');
    if (m.lo + o < 0 || m.hi + o + w > s.metaRange) {
      throw new Failure(pc, {
        code: 'packet-out-of-bounds',
        message: `access to packet metadata at offset ${ivToString(ivAdd(m, iv(o)))} (${w} bytes) is not proven to stay before data; compare data_meta + ${m.hi + o + w} with data first`,
        condition: validAccess(r, o, w, mode),
        regs: [r],
      });
    }
  }
  if (base.t & T.shared) {
    checkStore(sem, s, pc, mode, value, valueReg, 'a map value');
    memAccess(sem, pc, r, payload(base, 'shared'), o, w, mode, 'map');
  }
  if (base.t & T.alloc) {
    checkStore(sem, s, pc, mode, value, valueReg, 'a ring buffer record');
    memAccess(sem, pc, r, payload(base, 'alloc'), o, w, mode, 'alloc');
  }
  if (base.t & T.btfId && mode === 'write') {
    throw new Failure(pc, {
      code: 'invalid-pointer-type',
      message: `r${r} points to a kernel object that programs may not write`,
      condition: `r${r}.type in {ctx, stack, packet, shared}`,
      regs: [r],
    });
  }
}

/** A pointer stored into a region other than the stack leaks a kernel address (a warning for privileged Linux loaders). */
function checkStore(
  sem: Semantics,
  s: State,
  pc: number,
  mode: 'read' | 'write',
  value: Value | undefined,
  valueReg: number,
  region: string,
): void {
  if (mode !== 'write' || !value || value.t === T.number) return;
  const init: FailureInit = {
    code: 'pointer-leak',
    message: `storing a pointer (r${valueReg} holds ${describeType(value)}) into ${region} would leak a kernel address`,
    kernelAccepts: true,
    condition: `r${valueReg}.type == number`,
    regs: [valueReg],
  };
  if (sem.rootLinux)
    sem.warn(pc, s, {
      ...init,
      message: `${init.message}; the kernel allows it only for privileged loaders (CAP_PERFMON/CAP_SYS_ADMIN)`,
    });
  else throw new Failure(pc, init);
}

export function checkDereferenceable(
  sem: Semantics,
  pc: number,
  r: number,
  base: Value,
  o: number,
  w: number,
  mode: 'read' | 'write',
): void {
  const nullable = base.shared?.nullable
    ? base.shared
    : base.alloc?.nullable
      ? base.alloc
      : base.btf?.nullable
        ? base.btf
        : undefined;
  const zeroNumber = base.t & T.number && payload(base, 'num').umin === 0n && (base.t & ~T.number) !== 0;
  if (nullable?.param !== undefined) {
    throw new Failure(pc, {
      code: 'null-dereference',
      message: `\`${nullable.param}\` may be NULL here: it is a pointer argument of the global function \`${sem.entryGlobal?.name ?? 'this function'}\`, which the kernel verifies on its own, assuming any pointer argument may be NULL; check it, or make the function \`static\``,
      condition: validAccess(r, o, w, mode),
      regs: [r],
    });
  }
  if (nullable || zeroNumber) {
    const origin = nullable?.origin ?? -1;
    const helper = origin >= 0 ? sem.helperName(origin) : undefined;
    const name = sem.variableFor(origin, r, pc);
    const why =
      helper === undefined
        ? 'it is NULL on some path that reaches here'
        : helper.includes('ringbuf_reserve')
          ? `\`${helper}\` returns NULL when the ring buffer is full`
          : helper.includes('lookup')
            ? `\`${helper}\` returns NULL when the key is missing`
            : `\`${helper}\` may return NULL`;
    throw new Failure(pc, {
      code: 'null-dereference',
      message: `\`${name}\` may be NULL here: ${why}; check it before dereferencing`,
      condition: validAccess(r, o, w, mode),
      regs: [r],
      related:
        origin >= 0 ? [{ pc: origin, message: `\`${name}\` comes from \`${helper}\` here and may be NULL` }] : [],
    });
  }
  const bad = base.t & ~MEM_TYPES & ~T.btfId;
  if (bad && base.stale !== undefined) {
    throw new Failure(pc, {
      code: 'invalid-pointer-type',
      message: `r${r} was a packet pointer, but \`${sem.helperName(base.stale)}\` may move or resize the packet, so every packet pointer taken before it is invalid; reload ctx->data and ctx->data_end after the call and check again`,
      condition: `r${r}.type in {ctx, stack, packet, shared}`,
      regs: [r],
      related: [{ pc: base.stale, message: 'packet pointers are invalidated here' }],
    });
  }
  if (bad) {
    throw new Failure(pc, {
      code: 'invalid-pointer-type',
      message:
        base.t === T.number
          ? `r${r} holds a number, not a pointer; it cannot be dereferenced`
          : `r${r} holds ${describeType(base)}, which cannot be dereferenced${base.t & T.packetEnd ? ' (data_end marks the end of the packet; access data instead)' : ''}`,
      condition: `r${r}.type in {ctx, stack, packet, shared}`,
      regs: [r],
    });
  }
}

export function checkStackAccess(
  sem: Semantics,
  s: State,
  pc: number,
  r: number,
  off: Iv,
  o: number,
  w: number,
  mode: 'read' | 'write',
  value?: Value,
  valueReg = -1,
): void {
  const lo = off.lo + o;
  const hi = off.hi + o;
  const top = s.frameTop;
  const bottom = top - FRAME_SIZE;
  if (lo < bottom || hi + w > TOTAL_STACK) {
    const rel = lo - top;
    throw new Failure(pc, {
      code: 'stack-out-of-bounds',
      message:
        Number.isFinite(lo) && Number.isFinite(hi)
          ? `stack access at ${lo === hi ? fpText(rel) : `[${fpText(lo - top)}, ${fpText(hi - top)}]`} (${w} bytes) is outside the ${FRAME_SIZE}-byte stack frame`
          : `stack access through r${r} with an unbounded offset`,
      condition: validAccess(r, o, w, mode),
      regs: [r],
    });
  }
  if (mode === 'write') {
    // A stored pointer must be stored whole (a privileged Linux loader stores its bytes as a number).
    if (lo === hi && value && value.t !== T.number && w !== 8 && !sem.rootLinux) {
      throw new Failure(pc, {
        code: 'pointer-leak',
        message: `storing part of a pointer (${w} of 8 bytes of r${valueReg}) to the stack is not allowed`,
        kernelAccepts: true,
        condition: `r${valueReg}.type == number`,
        regs: [valueReg],
      });
    }
    return;
  }
  const uninit = s.firstUninit(lo, hi - lo + w);
  if (uninit !== undefined) {
    const init: FailureInit = {
      code: 'uninitialized-stack',
      message: `reading ${w} bytes at ${lo === hi ? fpText(lo - top) : `[${fpText(lo - top)}, ${fpText(hi - top)}]`} but ${fpText(uninit - top)}${sem.stackName(pc, uninit - top)} was never written`,
      condition: `stack[${uninit - top}] initialised`,
      kernelAccepts: true,
      regs: [r],
      stack: [uninit],
    };
    if (!sem.rootLinux) throw new Failure(pc, init);
    sem.warn(pc, s, {
      ...init,
      message: `${init.message}; the kernel allows this only for privileged loaders and the value is garbage`,
    });
  }
}

export function checkCtxAccess(
  sem: Semantics,
  pc: number,
  r: number,
  off: Iv,
  o: number,
  w: number,
  mode: 'read' | 'write',
): void {
  const layout = sem.programType?.context;
  const structName = layout?.structName ?? 'context';
  const size = layout?.size ?? 0;
  if (off.lo !== off.hi) {
    throw new Failure(pc, {
      code: 'context-out-of-bounds',
      message: `the context (${structName}) is accessed at a variable offset ${ivToString(ivAdd(off, iv(o)))}; context fields must be accessed at constant offsets`,
      condition: `r${r}.ctx_offset is constant`,
      regs: [r],
    });
  }
  const at = off.lo + o;
  if (sem.policy.exactContextFields && off.lo !== 0) {
    throw new Failure(pc, {
      code: 'context-out-of-bounds',
      message: `r${r} is the context pointer moved by ${off.lo} bytes; the kernel only allows context accesses through the unmodified pointer (write \`ctx->field\` instead of computing an address)`,
      condition: `r${r}.ctx_offset == 0`,
      regs: [r],
    });
  }
  if (!layout) {
    throw new Failure(pc, {
      code: 'context-out-of-bounds',
      message: `the program type of section \`${sem.program.section}\` is unknown on ${sem.platform.displayName}, so its context cannot be accessed`,
      condition: validAccess(r, o, w, mode),
      regs: [r],
    });
  }
  if (at < 0 || at + w > size) {
    throw new Failure(pc, {
      code: 'context-out-of-bounds',
      message: `access to ${structName} at offset ${at} (${w} bytes) is outside the ${size}-byte context`,
      condition: validAccess(r, o, w, mode),
      regs: [r],
    });
  }
  const field = contextFieldAt(layout, at);
  if (field && field.kind !== 'scalar') {
    if (at !== field.offset || w !== field.size) {
      throw new Failure(pc, {
        code: 'context-out-of-bounds',
        message: `\`${structName}.${field.name}\` is a pointer field: it must be read whole (${field.size} bytes at offset ${field.offset})`,
        condition: validAccess(r, o, w, mode),
        regs: [r],
      });
    }
    if (mode === 'write') ctxReadOnly(pc, r, o, w, structName, field);
    return;
  }
  const open = sem.programType?.anyAlignedReadBelow;
  if (open !== undefined && mode === 'read' && at % w === 0 && at + w <= open) return;
  if (sem.policy.exactContextFields) {
    if (!field || at + w > field.offset + field.size * (field.count ?? 1) || w > field.size * (field.count ?? 1)) {
      throw new Failure(pc, {
        code: 'context-out-of-bounds',
        message: field
          ? `access to ${structName} at offset ${at} (${w} bytes) goes beyond the field \`${field.name}\` (${field.size} bytes at offset ${field.offset})`
          : `offset ${at} of ${structName} is not a field programs may access`,
        condition: validAccess(r, o, w, mode),
        regs: [r],
      });
    }
  }
  if (mode === 'write' && (!field || !field.writable)) ctxReadOnly(pc, r, o, w, structName, field);
}

export function ctxReadOnly(
  pc: number,
  r: number,
  o: number,
  w: number,
  structName: string,
  field: ContextField | undefined,
): never {
  throw new Failure(pc, {
    code: 'context-read-only',
    message: field
      ? `\`${structName}.${field.name}\` is read-only for this program type`
      : `offset ${o} of ${structName} cannot be written`,
    condition: validAccess(r, o, w, 'write'),
    regs: [r],
  });
}

export function packetAccess(
  sem: Semantics,
  s: State,
  pc: number,
  r: number,
  p: PacketPtr,
  o: number,
  w: number,
  mode: 'read' | 'write',
): void {
  if (p.off.lo + o < 0) {
    throw new Failure(pc, {
      code: 'packet-out-of-bounds',
      message: `access before the start of the packet (offset ${ivToString(ivAdd(p.off, iv(o)))})`,
      condition: validAccess(r, o, w, mode),
      regs: [r],
    });
  }
  if (o + w <= effectiveRoom(s, p)) return;
  const end = p.off.hi + o + w;
  // With DWARF: the C expression read (`ip->protocol`) and a check of the whole struct.
  const frames = sem.program.debugFramesAt(pc);
  const cExpr = accessExpression(frames, r, o);
  const cBase = accessVariable(frames, r, o);
  const hint = cBase
    ? `check \`(void *)(${cBase} + 1) > data_end\` first`
    : Number.isFinite(end) && p.off.lo === p.off.hi
      ? `check \`data + ${end} > data_end\` first`
      : Number.isFinite(end)
        ? `the offset may reach ${p.off.hi + o}; bound it and check \`ptr + ${w} > data_end\` first`
        : 'the offset is unbounded; bound it and check it against data_end first';
  throw new Failure(pc, {
    code: 'packet-out-of-bounds',
    message: `${mode === 'read' ? 'reading' : 'writing'} ${cExpr ? `\`${cExpr}\` (${w} bytes at packet offset ${ivToString(ivAdd(p.off, iv(o)))})` : `${w} bytes at packet offset ${ivToString(ivAdd(p.off, iv(o)))}`} is not proven to stay within the packet (proven: ${s.pktSize} bytes); ${hint}`,
    condition: validAccess(r, o, w, mode),
    regs: [r],
  });
}

/** How a finding names a map value or ring buffer record (the global variable DWARF places there, where known). */
function memoryName(sem: Semantics, m: MemPtr, kind: 'map' | 'alloc', lo: number, hi: number): string {
  if (kind === 'alloc') return 'the ring buffer record';
  if (!m.maps.length) return 'the memory region';
  return sem.globalName(m.maps, lo, hi) ?? `the value of map \`${m.maps.map((i) => sem.mapName(i)).join('|')}\``;
}

export function memAccess(
  sem: Semantics,
  pc: number,
  r: number,
  m: MemPtr,
  o: number,
  w: number,
  mode: 'read' | 'write',
  kind: 'map' | 'alloc',
): void {
  const lo = m.off.lo + o;
  const hi = m.off.hi + o;
  if (lo < 0 || hi + w > m.size) {
    throw new Failure(pc, {
      code: kind === 'alloc' ? 'memory-out-of-bounds' : 'map-value-out-of-bounds',
      message: `${mode === 'read' ? 'reading' : 'writing'} ${w} bytes at offset ${ivToString(ivAdd(m.off, iv(o)))} of ${memoryName(sem, m, kind, lo, hi)} (${m.size} bytes) ${lo < 0 ? 'starts before it' : 'goes past its end'}`,
      condition: validAccess(r, o, w, mode),
      regs: [r],
    });
  }
  if (mode === 'write' && kind === 'map') {
    const ro = m.maps.map((i) => sem.program.maps[i]).find((d) => d?.readOnly);
    if (ro && sem.policy.readOnlyMapsEnforced) {
      const global = ro.section && sem.program.dwarf ? globalExpression(sem.program.dwarf, ro.section, lo) : undefined;
      throw new Failure(pc, {
        code: 'read-only-memory',
        message: `${global ? `\`${global}\` (in \`${ro.name}\`)` : `\`${ro.name}\` (${ro.section ?? 'read-only data'})`} is read-only; programs may not write it`,
        condition: validAccess(r, o, w, mode),
        regs: [r],
      });
    }
  }
}
