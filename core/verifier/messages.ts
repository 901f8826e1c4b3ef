// The wording of diagnostics: how values, numbers and PREVAIL-style conditions read to people.

import type { HelperPrototype } from '../platform/types';
import type { FailureInit } from './failure';
import { NUM_TOP, type Num, isConst, S64MIN } from './num';
import { T, type Value, payload } from './value';
import type { ContextField, HelperArgKind, ProgramType } from '../platform/types';
import type { Instruction } from '../isa/instruction';
import type { MapDefinition } from '../program/types';
import type { DiagnosticCode } from './types';
import { FRAME_SIZE, type State } from './state';
import { iv, ivAdd, ivToString, type Iv, type MemPtr, type PacketPtr } from './value';
import type { Comparable } from './assertions/types';
import { helperUnavailableMessage } from './helperAvailability';
import type { Semantics } from './transfer';

type AccessMode = 'read' | 'write';

export function offText(o: number): string {
  return o === 0 ? '' : o > 0 ? `+${o}` : `${o}`;
}

export function validAccess(
  reg: number,
  o: number,
  width: number | string,
  mode: 'read' | 'write' | 'comparison',
): string {
  return `valid_access(r${reg}.offset${offText(o)}, width=${width}) for ${mode}`;
}

export function fpText(rel: number): string {
  return rel < 0 ? `fp${rel}` : `fp+${rel}`;
}

export function describeNum(n: Num): string {
  if (isConst(n)) return n.smin < 0n ? `${n.smin}` : `${n.umin}`;
  if (n.smin === S64MIN && n.smax === NUM_TOP.smax && n.umin === 0n && n.umax === NUM_TOP.umax)
    return 'any 64-bit value';
  if (n.smin >= 0n || n.smin > -(1n << 62n)) return `[${n.smin}, ${n.smax}]`;
  return `[${n.umin}, ${n.umax}] (unsigned)`;
}

export function describeType(v: Value): string {
  const names: string[] = [];
  if (v.t & T.uninit) names.push('an uninitialised value');
  if (v.t & T.number) names.push(`a number (${describeNum(payload(v, 'num'))})`);
  if (v.t & T.ctx) names.push('the context pointer');
  if (v.t & T.stack) names.push('a stack pointer');
  if (v.t & T.packet) names.push('a packet pointer');
  if (v.t & T.packetEnd) names.push('data_end (packet_end)');
  if (v.t & T.packetMeta) names.push('a packet metadata pointer');
  if (v.t & T.mapFd) names.push('a map');
  if (v.t & T.mapProgs) names.push('a program array map');
  if (v.t & T.shared)
    names.push(payload(v, 'shared').nullable ? 'a map value pointer that may be NULL' : 'a map value pointer');
  if (v.t & T.alloc) names.push(allocName(payload(v, 'alloc'), 'a'));
  if (v.t & T.btfId) names.push('a kernel object pointer');
  if (v.t & T.func) names.push('a function');
  if (v.t & T.dynptr) names.push('the read-only dynptr of a bpf_user_ringbuf_drain callback');
  const [only] = names;
  return names.length === 1 && only !== undefined
    ? only
    : `either ${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? 'nothing'}`;
}

export function argFailure(r: number, proto: HelperPrototype, what: string, condition: string): FailureInit {
  return {
    code: 'helper-argument',
    message: `argument ${r} of \`${proto.name}\` (r${r}) ${what}`,
    condition,
    regs: [r],
  };
}

/** What memory without a map is: a ring buffer record, a dynptr's data, a kfunc's result. */
function allocName(m: MemPtr, article: 'a' | 'the'): string {
  if (m.from !== undefined && !m.fromDynptr) return `${article} memory \`${m.from}\` returned`;
  if (m.fromDynptr) return `${article} ${m.from === undefined ? 'data' : `slice (\`${m.from}\`)`} of a dynptr`;
  return `${article} ring buffer record`;
}

/** How a finding names a map value or ring buffer record (the global variable DWARF places there, where known). */
export function memoryName(sem: Semantics, m: MemPtr, kind: 'map' | 'alloc', lo: number, hi: number): string {
  if (m.region !== undefined) return `the ${m.region}`;
  if (kind === 'alloc') return allocName(m, 'the');
  if (!m.maps.length) return 'the memory region';
  return sem.globalName(m.maps, lo, hi) ?? `the value of map \`${m.maps.map((i) => sem.mapName(i)).join('|')}\``;
}

// ---- the wording of each finding the checker reports (code, message, condition, registers) ----

/** r10 written. */
export function readOnlyFramePointer(): FailureInit {
  return {
    code: 'invalid-instruction',
    message: 'r10 (the frame pointer) is read-only; copy it to another register first',
    condition: 'r10 is read-only',
  };
}

/** A divisor that may be zero. */
export function divisionByZero(a: { readonly reg: number }, platformName: string): FailureInit {
  return {
    code: 'division-by-zero',
    message: `r${a.reg} may be zero here; dividing by zero is not allowed on ${platformName}`,
    condition: `r${a.reg} != 0`,
    regs: [a.reg],
  };
}

/** An lddw of a map the object does not define. */
export function unknownMap(a: { readonly index: number }): FailureInit {
  return {
    code: 'invalid-instruction',
    message: `the instruction refers to map #${a.index}, which the object does not define`,
    condition: `valid map index ${a.index}`,
  };
}

/** A register number beyond r10. */
export function notARegister(r: number): FailureInit {
  return {
    code: 'invalid-instruction',
    message: `r${r} is not a register: eBPF has r0-r10`,
    condition: `r${r} in r0..r10`,
  };
}

/** A register read before it is initialised (on every path, or on some). */
export function uninitializedRegister(r: number, what: string, never: boolean): FailureInit {
  return {
    code: 'uninitialized-register',
    message: never
      ? `r${r} is ${what} before anything was assigned to it${r >= 1 && r <= 5 ? ' (r1-r5 are cleared by every call)' : ''}`
      : `r${r} is ${what} but it is not initialised on every path that reaches here${r >= 1 && r <= 5 ? ' (r1-r5 are cleared by every call)' : ''}`,
    condition: `r${r}.type != uninit`,
    regs: [r],
  };
}

/** A pointer where a number is required. */
export function numberRequired(r: number, v: Value, why: string, code: DiagnosticCode): FailureInit {
  return {
    code,
    message: `r${r} holds ${describeType(v)} where a number is required: ${why}`,
    condition: `r${r}.type == number`,
    regs: [r],
  };
}

/** A 32-bit copy of a pointer. */
export function pointerTruncated(r: number, src: Value, privilegeMatters: boolean): FailureInit {
  return {
    code: 'invalid-pointer-arithmetic',
    message: `a 32-bit copy of r${r}, which holds ${describeType(src)}, would truncate a pointer${privilegeMatters ? ' (the kernel allows it for privileged loaders only)' : ''}`,
    kernelAccepts: true,
    condition: `r${r}.type == number`,
    regs: [r],
  };
}

/** LD_ABS/LD_IND where the platform has none. */
export function legacyPacketLoadUnsupported(): FailureInit {
  return {
    code: 'invalid-instruction',
    message:
      'legacy packet loads (LD_ABS/LD_IND) are not supported by eBPF for Windows; read the packet through data/data_end',
    condition: 'requires conformance group packet',
  };
}

/** LD_ABS/LD_IND in a program type without them. */
export function legacyPacketLoadProgramType(programType: ProgramType): FailureInit {
  return {
    code: 'invalid-instruction',
    message: `legacy packet loads (LD_ABS/LD_IND) are only allowed in socket filter and tc programs, not in ${programType.name} programs`,
    condition: 'LD_ABS/LD_IND allowed for this program type',
  };
}

/** LD_ABS/LD_IND without the context in r6. */
export function legacyPacketLoadNeedsContext(): FailureInit {
  return {
    code: 'invalid-pointer-type',
    message: 'legacy packet loads need the context in r6',
    condition: 'r6.type == ctx',
    regs: [6],
  };
}

/** 32-bit arithmetic on a pointer. */
export function pointerArithmetic32(d: number, sr: number, dPtr: boolean, dv: Value, sv: Value): FailureInit {
  return {
    code: 'invalid-pointer-arithmetic',
    message: `32-bit arithmetic on a pointer (r${dPtr ? d : sr} holds ${describeType(dPtr ? dv : sv)}) is not allowed; use 64-bit operations`,
    condition: `r${dPtr ? d : sr}.type == number`,
    regs: [d, ...(sr >= 0 ? [sr] : [])],
  };
}

/** Two pointers added. */
export function pointersAdded(d: number, sr: number): FailureInit {
  return {
    code: 'invalid-pointer-arithmetic',
    message: `r${d} and r${sr} are both pointers; only numbers can be added to pointers`,
    condition: `r${sr}.type in {ctx, stack, packet, shared} -> r${d}.type == number`,
    regs: [d, sr],
  };
}

/** A pointer subtracted from a number. */
export function pointerSubtractedFromNumber(d: number, sr: number): FailureInit {
  return {
    code: 'invalid-pointer-arithmetic',
    message: `a pointer (r${sr}) cannot be subtracted from a number (r${d})`,
    condition: `r${d}.type == number -> r${sr}.type == number`,
    regs: [d, sr],
  };
}

/** Arithmetic on a map, data_end, function or kernel-object pointer. */
export function arithmeticOnForbiddenPointer(what: string, ptrReg: number): FailureInit {
  return {
    code: 'invalid-pointer-arithmetic',
    message: `arithmetic on ${what === 'packet_end' ? 'data_end (packet_end)' : `a ${what} value`} in r${ptrReg} is not allowed${what === 'packet_end' ? '; compute from data instead and compare against data_end' : ''}`,
    condition: `r${ptrReg}.type in {ctx, stack, packet, shared, number}`,
    regs: [ptrReg],
  };
}

/** A pointer offset beyond the kernel's ±2^29. */
export function pointerOffsetOutOfRange(n: Num, ptrReg: number, dPtr: boolean, d: number, sr: number): FailureInit {
  return {
    code: 'invalid-pointer-arithmetic',
    message: `the number added to the pointer in r${ptrReg} ${n.smin === S64MIN ? 'has no lower bound' : 'is too large'} (${describeNum(n)}); the kernel refuses pointer arithmetic unless the offset is known to stay within ±2^29 — check it against a limit (and against 0 if it is signed) first`,
    condition: `r${dPtr ? sr : d}.value in [-${1 << 29}, ${1 << 29}]`,
    regs: [d, ...(sr >= 0 ? [sr] : [])],
  };
}

/** Pointers into different regions subtracted. */
export function pointersOfDifferentRegions(d: number, sr: number, dv: Value, sv: Value): FailureInit {
  return {
    code: 'invalid-pointer-arithmetic',
    message: `cannot subtract pointers to different regions (r${d} holds ${describeType(dv)}, r${sr} holds ${describeType(sv)})`,
    kernelAccepts: true,
    condition: `r${d}.type == r${sr}.type in {ctx, stack, packet}`,
    regs: [d, sr],
  };
}

/** A pointer compared with a non-zero immediate. */
export function pointerComparedWithNumber(c: Comparable, a: Value): FailureInit {
  return {
    code: 'invalid-pointer-comparison',
    message: `r${c.left} holds ${describeType(a)}; a pointer can only be compared with 0 (a NULL check) or with another pointer into the same region`,
    kernelAccepts: true,
    condition: `r${c.left}.type == number`,
    regs: [c.left],
  };
}

/** Pointers into different regions compared. */
export function pointersNotComparable(c: Comparable, a: Value, b: Value): FailureInit {
  return {
    code: 'invalid-pointer-comparison',
    message: `r${c.left} (${describeType(a)}) and r${c.right} (${describeType(b)}) cannot be compared: only numbers, or pointers into the same region, are comparable`,
    kernelAccepts: true,
    condition: `r${c.left}.type == r${c.right}.type in {ctx, stack, packet}`,
    regs: [c.left, c.right ?? -1],
  };
}

/** What a reference held at exit is, for its message. */
export type ReferenceKind = 'ringbuf' | 'ringbuf-dynptr' | 'iterator' | 'rcu' | 'socket';

/** A reference not released at the program's exit. */
export function unreleasedReference(helper: string, kind: ReferenceKind, ref: number): FailureInit {
  const message = {
    ringbuf: `the record reserved by \`${helper}\` is neither submitted nor discarded on this path; call bpf_ringbuf_submit or bpf_ringbuf_discard before returning`,
    'ringbuf-dynptr': `the dynptr \`${helper}\` initialised holds a ring buffer record that is neither submitted nor discarded on this path (also when the reservation failed); call bpf_ringbuf_submit_dynptr or bpf_ringbuf_discard_dynptr before returning`,
    iterator: `the iterator \`${helper}\` started is not destroyed on this path; call its destroy function (bpf_iter_num_destroy) before returning`,
    rcu: `the program exits inside the RCU read section \`${helper}\` opened; call bpf_rcu_read_unlock before returning`,
    socket: `the reference returned by \`${helper}\` is not released on this path; call bpf_sk_release on it (when it is not NULL) before returning`,
  }[kind];
  return {
    code: 'unreleased-reference',
    message,
    condition: 'all references released',
    related: [
      {
        pc: ref,
        message:
          kind === 'iterator'
            ? 'the iterator is started here'
            : kind === 'rcu'
              ? 'the RCU read section is opened here'
              : kind === 'socket'
                ? 'the reference is acquired here'
                : 'the record is reserved here',
      },
    ],
  };
}

/** A Linux global function returning a pointer. */
export function globalReturnsPointer(name: string, r0: Value): FailureInit {
  return {
    code: 'invalid-return-value',
    message: `the global function \`${name}\` returns ${describeType(r0)}; global functions must return a number`,
    condition: 'r0.type == number',
    regs: [0],
  };
}

/** The program returns a pointer (code pointer-leak when r0 cannot be a number at all). */
export function returnsPointer(r0: Value): FailureInit {
  return {
    code: r0.t & T.number ? 'invalid-return-value' : 'pointer-leak',
    message: `the program returns ${describeType(r0)} in r0; it must return a number`,
    condition: 'r0.type == number',
    regs: [0],
  };
}

/** The warning a privileged Linux loader gets for returning a pointer from a tracing program. */
export function returnsPointerPrivileged(r0: Value): FailureInit {
  const init = returnsPointer(r0);
  return {
    ...init,
    message: `${init.message} (the kernel accepts returning a pointer only from privileged tracing programs)`,
  };
}

/** A return value outside the program type's range. */
export function returnOutOfRange(programType: ProgramType, n: Num, lo: bigint, hi: bigint): FailureInit {
  const meanings = Object.entries(programType.returnValues)
    .map(([k, v]) => `${v} (${k})`)
    .join(', ');
  return {
    code: 'invalid-return-value',
    message: `the program may return ${describeNum(n)}, but ${programType.name} programs must return a value in [${lo}, ${hi}]${meanings ? `: ${meanings}` : ''}`,
    condition: `r0.value in [${lo}, ${hi}]`,
    regs: [0],
  };
}

/** The warning where the platform loads a program whose return value may be out of range (eBPF for Windows). */
export function returnOutOfRangeLoads(init: FailureInit): FailureInit {
  return {
    ...init,
    message: `${init.message}; eBPF for Windows loads it, but the hook may treat the value as an error`,
  };
}

// ---- the wording of each finding the checker reports (code, message, condition, registers) ----

/** Packet metadata accessed beyond what a comparison with data proved. */
export function metaOutOfBounds(m: Iv, o: number, w: number, r: number, mode: AccessMode): FailureInit {
  return {
    code: 'packet-out-of-bounds',
    message: `access to packet metadata at offset ${ivToString(ivAdd(m, iv(o)))} (${w} bytes) is not proven to stay before data; compare data_meta + ${m.hi + o + w} with data first`,
    condition: validAccess(r, o, w, mode),
    regs: [r],
  };
}

/** A write through a kernel-object pointer. */
export function kernelObjectWrite(r: number): FailureInit {
  return {
    code: 'invalid-pointer-type',
    message: `r${r} points to a kernel object that programs may not write`,
    condition: `r${r}.type in {ctx, stack, packet, shared}`,
    regs: [r],
  };
}

/** A pointer stored where it would leak a kernel address. */
export function pointerStored(valueReg: number, value: Value, region: string): FailureInit {
  return {
    code: 'pointer-leak',
    message: `storing a pointer (r${valueReg} holds ${describeType(value)}) into ${region} would leak a kernel address`,
    kernelAccepts: true,
    condition: `r${valueReg}.type == number`,
    regs: [valueReg],
  };
}

/** A global function's pointer parameter dereferenced without a NULL check. */
export function nullableParameter(
  nullable: MemPtr,
  sem: Semantics,
  r: number,
  o: number,
  w: number,
  mode: AccessMode,
): FailureInit {
  return {
    code: 'null-dereference',
    message: `\`${nullable.param}\` may be NULL here: it is a pointer argument of the global function \`${sem.entryGlobal?.name ?? 'this function'}\`, which the kernel verifies on its own, assuming any pointer argument may be NULL; check it, or make the function \`static\``,
    condition: validAccess(r, o, w, mode),
    regs: [r],
  };
}

/** A pointer that may be NULL dereferenced. */
export function nullDereference(
  name: string,
  r: number,
  o: number,
  w: number,
  mode: AccessMode,
  origin: number,
  helper: string | undefined,
): FailureInit {
  const why =
    helper === undefined
      ? 'it is NULL on some path that reaches here'
      : helper.includes('ringbuf_reserve')
        ? `\`${helper}\` returns NULL when the ring buffer is full`
        : helper.includes('lookup')
          ? `\`${helper}\` returns NULL when the key is missing`
          : `\`${helper}\` may return NULL`;
  return {
    code: 'null-dereference',
    message: `\`${name}\` may be NULL here: ${why}; check it before dereferencing`,
    condition: validAccess(r, o, w, mode),
    regs: [r],
    related: origin >= 0 ? [{ pc: origin, message: `\`${name}\` comes from \`${helper}\` here and may be NULL` }] : [],
  };
}

/** A packet pointer used after a helper that may move the packet. */
export function stalePacketPointer(r: number, stale: number, sem: Semantics): FailureInit {
  const fn = sem.helperName(stale);
  if (/^bpf_ringbuf_(submit|discard)_dynptr$/.test(fn))
    return {
      code: 'invalid-pointer-type',
      message: `r${r} pointed into the ring buffer record of a dynptr, but \`${fn}\` released that record, so its data pointers are invalid`,
      condition: `r${r}.type in {ctx, stack, packet, shared}`,
      regs: [r],
      related: [{ pc: stale, message: 'the record is released here' }],
    };
  return {
    code: 'invalid-pointer-type',
    message: `r${r} was a packet pointer, but \`${sem.helperName(stale)}\` may move or resize the packet, so every packet pointer taken before it is invalid; reload ctx->data and ctx->data_end after the call and check again`,
    condition: `r${r}.type in {ctx, stack, packet, shared}`,
    regs: [r],
    related: [{ pc: stale, message: 'packet pointers are invalidated here' }],
  };
}

/** A dereference of a number or a non-memory pointer. */
export function notDereferenceable(r: number, base: Value): FailureInit {
  return {
    code: 'invalid-pointer-type',
    message:
      base.t === T.number
        ? `r${r} holds a number, not a pointer; it cannot be dereferenced`
        : `r${r} holds ${describeType(base)}, which cannot be dereferenced${base.t & T.packetEnd ? ' (data_end marks the end of the packet; access data instead)' : ''}`,
    condition: `r${r}.type in {ctx, stack, packet, shared}`,
    regs: [r],
  };
}

/** A stack access outside the frame. */
export function stackOutOfBounds(
  lo: number,
  hi: number,
  rel: number,
  top: number,
  w: number,
  r: number,
  o: number,
  mode: AccessMode,
): FailureInit {
  return {
    code: 'stack-out-of-bounds',
    message:
      Number.isFinite(lo) && Number.isFinite(hi)
        ? `stack access at ${lo === hi ? fpText(rel) : `[${fpText(lo - top)}, ${fpText(hi - top)}]`} (${w} bytes) is outside the ${FRAME_SIZE}-byte stack frame`
        : `stack access through r${r} with an unbounded offset`,
    condition: validAccess(r, o, w, mode),
    regs: [r],
  };
}

/** Part of a pointer stored to the stack. */
export function partialPointerStore(w: number, valueReg: number): FailureInit {
  return {
    code: 'pointer-leak',
    message: `storing part of a pointer (${w} of 8 bytes of r${valueReg}) to the stack is not allowed (the Linux kernel: "invalid size of register spill")`,
    condition: `r${valueReg}.type == number`,
    regs: [valueReg],
  };
}

/** Stack bytes read before they are written. */
export function uninitializedStackRead(
  w: number,
  lo: number,
  hi: number,
  top: number,
  uninit: number,
  sem: Semantics,
  pc: number,
  r: number,
): FailureInit {
  return {
    code: 'uninitialized-stack',
    message: `reading ${w} bytes at ${lo === hi ? fpText(lo - top) : `[${fpText(lo - top)}, ${fpText(hi - top)}]`} but ${fpText(uninit - top)}${sem.stackName(pc, uninit - top)} was never written`,
    condition: `stack[${uninit - top}] initialised`,
    kernelAccepts: true,
    regs: [r],
    stack: [uninit],
  };
}

/** The context accessed at a variable offset. */
export function contextVariableOffset(structName: string, off: Iv, o: number, r: number): FailureInit {
  return {
    code: 'context-out-of-bounds',
    message: `the context (${structName}) is accessed at a variable offset ${ivToString(ivAdd(off, iv(o)))}; context fields must be accessed at constant offsets`,
    condition: `r${r}.ctx_offset is constant`,
    regs: [r],
  };
}

/** The context accessed through a moved pointer (the kernel). */
export function contextPointerMoved(r: number, off: Iv): FailureInit {
  return {
    code: 'context-out-of-bounds',
    message: `r${r} is the context pointer moved by ${off.lo} bytes; the kernel only allows context accesses through the unmodified pointer (write \`ctx->field\` instead of computing an address)`,
    condition: `r${r}.ctx_offset == 0`,
    regs: [r],
  };
}

/** The context of a program of unknown type accessed. */
export function unknownContext(sem: Semantics, r: number, o: number, w: number, mode: AccessMode): FailureInit {
  return {
    code: 'context-out-of-bounds',
    message: `the program type of section \`${sem.program.section}\` is unknown on ${sem.platform.displayName}, so its context cannot be accessed`,
    condition: validAccess(r, o, w, mode),
    regs: [r],
  };
}

/** An access outside the context. */
export function contextOutOfBounds(
  structName: string,
  at: number,
  w: number,
  size: number,
  r: number,
  o: number,
  mode: AccessMode,
): FailureInit {
  return {
    code: 'context-out-of-bounds',
    message: `access to ${structName} at offset ${at} (${w} bytes) is outside the ${size}-byte context`,
    condition: validAccess(r, o, w, mode),
    regs: [r],
  };
}

/** Part of a pointer field of the context accessed. */
export function contextPointerFieldPart(
  structName: string,
  field: ContextField,
  r: number,
  o: number,
  w: number,
  mode: AccessMode,
): FailureInit {
  return {
    code: 'context-out-of-bounds',
    message: `\`${structName}.${field.name}\` is a pointer field: it must be read whole (${field.size} bytes at offset ${field.offset})`,
    condition: validAccess(r, o, w, mode),
    regs: [r],
  };
}

/** A context access beyond one field (the kernel), or at no field. */
export function contextBeyondField(
  structName: string,
  at: number,
  w: number,
  field: ContextField | undefined,
  r: number,
  o: number,
  mode: AccessMode,
): FailureInit {
  return {
    code: 'context-out-of-bounds',
    message: field
      ? `access to ${structName} at offset ${at} (${w} bytes) goes beyond the field \`${field.name}\` (${field.size} bytes at offset ${field.offset})`
      : `offset ${at} of ${structName} is not a field programs may access`,
    condition: validAccess(r, o, w, mode),
    regs: [r],
  };
}

/** A write to a read-only context field. */
export function contextReadOnly(
  structName: string,
  field: ContextField | undefined,
  r: number,
  o: number,
  w: number,
): FailureInit {
  return {
    code: 'context-read-only',
    message: field
      ? `\`${structName}.${field.name}\` is read-only for this program type`
      : `offset ${o} of ${structName} cannot be written`,
    condition: validAccess(r, o, w, 'write'),
    regs: [r],
  };
}

/** A read of a BTF-typed tracing argument that does not start its u64 slot (btf_ctx_access). */
export function traceArgumentMisaligned(structName: string, at: number, w: number, r: number, o: number): FailureInit {
  return {
    code: 'context-out-of-bounds',
    message: `${structName}: offset ${at} is not a multiple of 8; each argument is one u64 slot, read from its start`,
    condition: validAccess(r, o, w, 'read'),
    regs: [r],
  };
}

/** A packet write in a program type that may only read the packet (may_access_direct_pkt_data). */
export function packetReadOnly(typeName: string, r: number, o: number, w: number): FailureInit {
  return {
    code: 'read-only-memory',
    message: `${typeName} programs may read the packet but not write it`,
    condition: validAccess(r, o, w, 'write'),
    regs: [r],
  };
}

/** A packet access before its start. */
export function packetBeforeStart(p: PacketPtr, o: number, r: number, w: number, mode: AccessMode): FailureInit {
  return {
    code: 'packet-out-of-bounds',
    message: `access before the start of the packet (offset ${ivToString(ivAdd(p.off, iv(o)))})`,
    condition: validAccess(r, o, w, mode),
    regs: [r],
  };
}

/** A packet access no comparison with data_end proved. */
export function packetOutOfBounds(
  mode: AccessMode,
  cExpr: string | undefined,
  cBase: string | undefined,
  w: number,
  p: PacketPtr,
  o: number,
  s: State,
  r: number,
): FailureInit {
  const end = p.off.hi + o + w;
  const hint = cBase
    ? `check \`(void *)(${cBase} + 1) > data_end\` first`
    : Number.isFinite(end) && p.off.lo === p.off.hi
      ? `check \`data + ${end} > data_end\` first`
      : Number.isFinite(end)
        ? `the offset may reach ${p.off.hi + o}; bound it and check \`ptr + ${w} > data_end\` first`
        : 'the offset is unbounded; bound it and check it against data_end first';
  return {
    code: 'packet-out-of-bounds',
    message: `${mode === 'read' ? 'reading' : 'writing'} ${cExpr ? `\`${cExpr}\` (${w} bytes at packet offset ${ivToString(ivAdd(p.off, iv(o)))})` : `${w} bytes at packet offset ${ivToString(ivAdd(p.off, iv(o)))}`} is not proven to stay within the packet (proven: ${s.pktSize} bytes); ${hint}`,
    condition: validAccess(r, o, w, mode),
    regs: [r],
  };
}

/** A map value or ring buffer record accessed outside its size. */
export function memoryOutOfBounds(
  kind: 'map' | 'alloc',
  mode: AccessMode,
  w: number,
  m: MemPtr,
  o: number,
  sem: Semantics,
  lo: number,
  hi: number,
  r: number,
): FailureInit {
  return {
    code: kind === 'alloc' ? 'memory-out-of-bounds' : 'map-value-out-of-bounds',
    message: `${mode === 'read' ? 'reading' : 'writing'} ${w} bytes at offset ${ivToString(ivAdd(m.off, iv(o)))} of ${memoryName(sem, m, kind, lo, hi)} (${m.size} bytes) ${lo < 0 ? 'starts before it' : 'goes past its end'}`,
    condition: validAccess(r, o, w, mode),
    regs: [r],
  };
}

/** A map the kernel refuses to this program type (mapProgCompat.ts words the refusal). */
export function mapUnusableByProgramType(refusal: string): FailureInit {
  return { code: 'map-type-mismatch', message: refusal, condition: 'map usable by this program type' };
}

/** A call of a global function that does not return an integer. */
export function globalFunctionBadReturn(name: string, badReturn: string): FailureInit {
  return {
    code: 'invalid-return-value',
    message: `the global function \`${name}\` cannot be called: the kernel accepts only global functions that return an integer, and ${badReturn}; return an int or make it \`static\``,
    condition: `${name} returns a scalar`,
  };
}

/** A read of a write-only map's value (BPF_F_WRONLY_PROG). */
export function writeOnlyMapRead(wo: MapDefinition, r: number, o: number, w: number, mode: AccessMode): FailureInit {
  return {
    code: 'read-only-memory',
    message: `\`${wo.name}\` was created write-only for programs (BPF_F_WRONLY_PROG); programs may not read its values`,
    condition: validAccess(r, o, w, mode),
    regs: [r],
  };
}

/** A write to a read-only map (.rodata, or created with BPF_F_RDONLY_PROG). */
export function readOnlyMapWrite(
  global: string | undefined,
  ro: MapDefinition,
  r: number,
  o: number,
  w: number,
  mode: AccessMode,
): FailureInit {
  return {
    code: 'read-only-memory',
    message: `${global ? `\`${global}\` (in \`${ro.name}\`)` : `\`${ro.name}\` (${ro.readOnly ? (ro.section ?? 'read-only data') : 'created read-only for programs: BPF_F_RDONLY_PROG'})`} is read-only; programs may not write it`,
    condition: validAccess(r, o, w, mode),
    regs: [r],
  };
}

/** What a privileged Linux loader is told where the kernel allows it root only (a warning). */
export function privileged(init: FailureInit, what: 'pointer-store' | 'uninitialized-stack-read'): FailureInit {
  return {
    ...init,
    message:
      what === 'pointer-store'
        ? `${init.message}; the kernel allows it only for privileged loaders (CAP_PERFMON/CAP_SYS_ADMIN)`
        : `${init.message}; the kernel allows this only for privileged loaders and the value is garbage`,
  };
}

// ---- the wording of each finding the checker reports (code, message, condition, registers) ----

/** A call by BTF id of a function the platform has no prototype for. */
export function btfFunctionUnavailable(sem: Semantics, name: string | undefined, insn: Instruction): FailureInit {
  return {
    code: 'helper-unavailable',
    message:
      sem.platform.id === 'windows'
        ? `${name ? `\`${name}\`` : `the function with BTF id ${insn.imm}`} is not a BTF-resolved function any known eBPF for Windows extension provides: its prototype cannot be looked up, so the program fails to load`
        : `calls of kernel functions (kfunc${name ? ` \`${name}\`` : ''}, BTF id ${insn.imm}) are not supported by this verifier`,
    condition: 'helper is available',
  };
}

/** A helper the platform or program type does not provide. */
export function helperUnavailable(sem: Semantics, known: string | undefined, insn: Instruction): FailureInit {
  return {
    code: 'helper-unavailable',
    message: helperUnavailableMessage(sem.platform, sem.programType, insn.imm, known),
    condition: 'helper is available',
  };
}

/** A helper PREVAIL passes but the program type's extension lacks (a warning). */
export function helperUnimplemented(
  sem: Semantics,
  programType: ProgramType,
  proto: HelperPrototype,
  insn: Instruction,
): FailureInit {
  return {
    code: 'helper-unavailable',
    message: `\`${proto.name}\` (id ${insn.imm}) passes the verifier of ${sem.platform.displayName}, but the ${programType.name} extension does not implement it: loading the program fails (EINVAL) after verification. Call it only from program types that provide it (e.g. xdp)`,
    condition: 'helper is implemented by the program type',
  };
}

/** A maybe-NULL inner map passed to a helper. */
export function innerMapMaybeNullArgument(
  r: number,
  proto: HelperPrototype,
  sem: Semantics,
  origin: number,
): FailureInit {
  return {
    code: 'null-dereference',
    message: `the inner map passed as argument ${r} of \`${proto.name}\` may be NULL: \`${sem.helperName(origin)}\` on a map of maps returns NULL when the key is missing; check it first`,
    condition: `r${r} != 0`,
    regs: [r],
    related: [{ pc: origin, message: 'the inner map is looked up here' }],
  };
}

/** The warning where the platform loads a maybe-NULL inner map argument. */
export function innerMapMaybeNullLoads(init: FailureInit, sem: Semantics): FailureInit {
  return {
    ...init,
    message: `${init.message}. The verifier of ${sem.platform.displayName} (PREVAIL) checks only that it is a map, so the program loads and the helper receives a NULL map when the key is missing; the Linux kernel would refuse it`,
  };
}

/** A map key or value on the stack holding a spilled pointer. */
export function pointerInMapKeyOrValue(
  kind: HelperArgKind,
  proto: HelperPrototype,
  r: number,
  hit: readonly [number, { readonly size: number }],
  top: number,
): FailureInit {
  return {
    code: 'pointer-leak',
    message: `the ${kind === 'ptr_to_map_key' ? 'key' : 'value'} passed to \`${proto.name}\` (r${r}) holds a pointer at ${fpText(hit[0] - top)}; only numbers may be stored in maps`,
    condition: `within(r${r}:${kind === 'ptr_to_map_key' ? 'key' : 'value'}_size(r1)) numeric`,
    kernelAccepts: true,
    regs: [r],
    stack: [hit[0]],
  };
}

/** A map type the platform checks only when the helper runs (a warning). */
export function mapTypeCheckedAtRunTime(
  proto: HelperPrototype,
  m: MapDefinition,
  typeName: string,
  sem: Semantics,
  r: number,
): FailureInit {
  return {
    code: 'map-type-mismatch',
    severity: 'warning',
    message: `\`${proto.name}\` on map \`${m.name}\` of type ${typeName} loads on ${sem.platform.displayName}, whose verifier does not check this map type, but the call fails when it runs`,
    condition: `r${r}.map_type is compatible with ${proto.name}`,
    regs: [r],
  };
}

/** A helper called on a map of a type it does not accept. */
export function mapTypeMismatch(proto: HelperPrototype, m: MapDefinition, typeName: string, r: number): FailureInit {
  return {
    code: 'map-type-mismatch',
    message: `\`${proto.name}\` cannot be used with map \`${m.name}\` of type ${typeName}`,
    condition: `r${r}.map_type is compatible with ${proto.name}`,
    regs: [r],
  };
}

/** A maybe-NULL pointer passed as a helper's memory argument. */
export function nullHelperArgument(
  r: number,
  proto: HelperPrototype,
  size: number,
  mode: AccessMode,
  origin: number,
  sem: Semantics,
): FailureInit {
  return {
    code: 'null-dereference',
    message: `argument ${r} of \`${proto.name}\` (r${r}) may be NULL; check it before passing it`,
    condition: validAccess(r, 0, size, mode),
    regs: [r],
    related:
      origin >= 0
        ? [{ pc: origin, message: `this value comes from \`${sem.helperName(origin)}\` and may be NULL` }]
        : [],
  };
}

/** A helper's stack buffer beyond the frame. */
export function helperStackOutOfBounds(
  r: number,
  proto: HelperPrototype,
  what: string,
  off: Iv,
  top: number,
  size: number,
  mode: AccessMode,
): FailureInit {
  return {
    code: 'stack-out-of-bounds',
    message: `argument ${r} of \`${proto.name}\` needs ${what} at ${fpText(off.lo - top)}, which goes past the stack frame`,
    condition: validAccess(r, 0, size, mode),
    regs: [r],
  };
}

/** Uninitialised stack bytes passed as a helper's readable memory. */
export function uninitializedHelperMemory(
  r: number,
  proto: HelperPrototype,
  what: string,
  off: Iv,
  top: number,
  u: number,
  sem: Semantics,
  pc: number,
  size: number,
): FailureInit {
  return {
    code: 'uninitialized-stack',
    message: `argument ${r} of \`${proto.name}\` points to ${what} on the stack at ${fpText(off.lo - top)}, but ${fpText(u - top)}${sem.stackName(pc, u - top)} is not initialised (initialise the whole ${what.startsWith('a key') ? 'key, including padding' : 'buffer'}, e.g. with __builtin_memset or = {})`,
    condition: `stack[${u - top}..] initialised for ${size} bytes`,
    kernelAccepts: true,
    regs: [r],
    stack: [u],
  };
}

/** The warning where the loader accepts uninitialised helper memory. */
export function uninitializedHelperMemoryLoads(
  init: FailureInit,
  policy: 'privilege' | 'map-keys-and-values',
  sem: Semantics,
): FailureInit {
  return {
    ...init,
    message:
      policy === 'privilege'
        ? `${init.message}; the kernel accepts this only for privileged loaders`
        : `${init.message}; ${sem.platform.displayName} loads it, but the helper reads whatever those bytes hold`,
  };
}

// ---- Linux loaders without capabilities (unprivileged.ts, the checker's unprivileged rules) ----

const ROOT_ACCEPTS = 'a loader with CAP_BPF (or root) may';

export function unprivilegedTooManyInstructions(count: number, limit: number): FailureInit {
  return {
    code: 'needs-privilege',
    message: `the program has ${count} instructions; an unprivileged loader may load at most ${limit} (${ROOT_ACCEPTS} load 1,000,000)`,
    condition: `instructions <= ${limit}`,
  };
}

export function unprivilegedTypeRefused(type: string, kernelSays: string): FailureInit {
  return {
    code: 'needs-privilege',
    message: `the kernel refuses ${type} programs to an unprivileged loader (${kernelSays}); only socket filters and cgroup_skb programs load without capabilities`,
    condition: 'program type loadable without capabilities',
  };
}

export function unprivilegedCall(kfunc: boolean): FailureInit {
  return {
    code: 'needs-privilege',
    message: `an unprivileged loader may not call ${kfunc ? 'kernel functions (kfuncs)' : 'other BPF functions'} (the kernel: "loading/calling other bpf or kernel functions are allowed for CAP_BPF and CAP_SYS_ADMIN"); inline the function (static __always_inline)`,
    condition: 'no calls of other functions',
  };
}

export function unprivilegedBackEdge(from: number, to: number): FailureInit {
  return {
    code: 'needs-privilege',
    message: `an unprivileged loader's program may not loop: the jump from instruction ${from} to ${to} closes a loop (the kernel: "back-edge from insn ${from} to ${to}"); ${ROOT_ACCEPTS} load bounded loops, or unroll it (#pragma unroll with a constant bound)`,
    condition: 'no backward jumps',
  };
}

export function unprivilegedHelper(sem: Semantics, name: string | undefined, id: number): FailureInit {
  const helper = name ? `\`${name}\` (id ${id})` : `helper ${id}`;
  return {
    code: 'needs-privilege',
    message: `${helper} is not available to an unprivileged loader's ${sem.programType?.name ?? ''} programs (${ROOT_ACCEPTS} call it: some helpers need CAP_BPF, CAP_PERFMON or CAP_NET_ADMIN)`,
    condition: 'helper is available without capabilities',
  };
}

export function unprivilegedPointerComparison(c: Comparable, r: number, v: Value): FailureInit {
  return {
    code: 'needs-privilege',
    message: `r${r} holds ${describeType(v)}: an unprivileged loader's program may compare a pointer only with NULL, right after it may be NULL (the kernel: "R${r} pointer comparison prohibited")`,
    condition: c.right === undefined ? `r${c.left} is not a pointer` : `r${c.left} and r${c.right} are not pointers`,
    regs: c.right === undefined ? [c.left] : [c.left, c.right],
  };
}

export function unprivilegedContextField(
  structName: string,
  field: ContextField,
  mode: 'read' | 'write',
  r: number,
  o: number,
  w: number,
): FailureInit {
  return {
    code: 'needs-privilege',
    message: `${mode === 'read' ? 'reading' : 'writing'} \`${structName}.${field.name}\` needs CAP_BPF: the kernel refuses it to an unprivileged loader ("invalid bpf_context access")`,
    condition: validAccess(r, o, w, mode),
    regs: [r],
  };
}

export function unprivilegedMapObjectRead(r: number, o: number, w: number): FailureInit {
  return {
    code: 'needs-privilege',
    message: `r${r} holds a map: reading the kernel object behind it (struct bpf_map) needs CAP_PERFMON; the kernel refuses it to an unprivileged loader`,
    condition: validAccess(r, o, w, 'read'),
    regs: [r],
  };
}

// ---- kfuncs and the objects they keep on the stack (kfuncs.ts, stackObjects.ts) ----

/** A kfunc the profile's table does not hold: refused by name rather than passed unchecked. */
export function kfuncUnknown(name: string, known: readonly string[]): FailureInit {
  return {
    code: 'helper-unavailable',
    message: `the kfunc \`${name}\` is not one this verifier knows, so its arguments and result cannot be checked (known kfuncs: ${known.join(', ')})`,
    condition: 'kfunc is known',
  };
}

/** A kfunc outside the kfunc sets of the program's type. */
export function kfuncNotForProgramType(name: string, programType: string, offeredTo: readonly string[]): FailureInit {
  return {
    code: 'helper-unavailable',
    message: `calling kernel function \`${name}\` is not allowed in ${programType} programs; the kernel registers it for ${offeredTo.join(', ')} programs`,
    condition: 'helper is available',
  };
}

/** The object's own declaration of a kfunc disagrees with the kernel's prototype. */
export function kfuncPrototypeMismatch(name: string, detail: string, kernel: string): FailureInit {
  return {
    code: 'helper-unavailable',
    message: `the declaration of \`${name}\` does not match the kernel's prototype \`${kernel}\`: ${detail}, so libbpf refuses to resolve it`,
    condition: 'kfunc prototype matches the kernel',
  };
}

/** What an object argument must point to, for messages. */
export function describeStackObjectKind(kind: 'iter' | 'dynptr', iter?: string): string {
  return kind === 'iter' ? `\`struct bpf_iter_${iter ?? 'num'}\`` : '`struct bpf_dynptr`';
}

/** An object argument that is not a pointer to the object's slots at a constant offset of the stack. */
export function stackObjectNotOnStack(fn: string, r: number, what: string, got: Value): FailureInit {
  return {
    code: 'helper-argument',
    message: `argument ${r} of \`${fn}\` (r${r}) must point to a ${what} on the stack at a constant offset, but it holds ${describeType(got)}`,
    condition: `r${r}.type == stack && r${r}.offset is constant`,
    regs: [r],
  };
}

/** A finding about an object argument of a call (code stack-object). */
function objectArgument(
  fn: string,
  r: number,
  problem: string,
  off: number | undefined,
  related?: { pc: number | undefined; message: string },
): FailureInit {
  return {
    code: 'stack-object',
    message: `argument ${r} of \`${fn}\` (r${r}) ${problem}`,
    condition: `r${r}: stack object in the state \`${fn}\` needs`,
    regs: [r],
    ...(off !== undefined ? { stack: [off] } : {}),
    ...(related?.pc !== undefined ? { related: [{ pc: related.pc, message: related.message }] } : {}),
  };
}

/** new() on slots that hold an active iterator ("expected uninitialized iter_num"). */
export function iteratorAlreadyActive(fn: string, r: number, iter: string, off: number, ref?: number): FailureInit {
  return objectArgument(
    fn,
    r,
    `points to ${describeStackObjectKind('iter', iter)} that is already active; destroy it before starting it again`,
    off,
    { pc: ref, message: 'the iterator is started here' },
  );
}

/** next() or destroy() on slots without an active iterator ("expected an initialized iter_num"). */
export function iteratorNotActive(fn: string, r: number, iter: string, off: number): FailureInit {
  return objectArgument(
    fn,
    r,
    `must point to an active ${describeStackObjectKind('iter', iter)} (started with bpf_iter_${iter}_new and not destroyed since)`,
    off,
  );
}

/** A dynptr function given slots without an initialised dynptr ("Expected an initialized dynptr"). */
export function dynptrNotInitialised(fn: string, r: number, off: number): FailureInit {
  return objectArgument(
    fn,
    r,
    'must point to an initialised dynptr (from bpf_dynptr_from_mem, bpf_ringbuf_reserve_dynptr, bpf_dynptr_from_skb or bpf_dynptr_from_xdp, not overwritten or released since)',
    off,
  );
}

/** A dynptr constructor given the slots of a dynptr that still holds a ring buffer record. */
export function dynptrTargetHoldsRecord(fn: string, r: number, off: number, ref?: number): FailureInit {
  return objectArgument(
    fn,
    r,
    'points to a dynptr that holds a ring buffer record; submit or discard it before reusing its slots',
    off,
    { pc: ref, message: 'the record is reserved here' },
  );
}

/** A dynptr constructor given the read-only dynptr of a drain callback. */
export function dynptrTargetIsCallbacks(fn: string, r: number): FailureInit {
  return objectArgument(
    fn,
    r,
    `is the read-only dynptr of a drain callback; \`${fn}\` needs uninitialised stack slots`,
    undefined,
  );
}

/** Submit or discard of a dynptr that holds no ring buffer record ("arg 1 is an unacquired reference"). */
export function dynptrNotReleasable(fn: string, r: number, off: number): FailureInit {
  return objectArgument(
    fn,
    r,
    'is a dynptr that holds no ring buffer record (only one from bpf_ringbuf_reserve_dynptr can be submitted or discarded)',
    off,
  );
}

/** A load from the slots of an iterator or dynptr: only the functions that take it may read them. */
export function stackObjectRead(what: string, rel: number, r: number): FailureInit {
  return {
    code: 'stack-object',
    message: `reading the stack at ${fpText(rel)}, which holds ${what}: its bytes belong to the kernel and only the functions that take it may read them`,
    condition: `stack[${rel}] is not a stack object`,
    regs: [r],
  };
}

/** A store over a dynptr that holds a reference (a ring buffer record). */
export function referencedDynptrOverwrite(rel: number, r: number, ref: number): FailureInit {
  return {
    code: 'stack-object',
    message: `writing the stack at ${fpText(rel)} would overwrite a dynptr holding a ring buffer record; submit or discard it first (bpf_ringbuf_submit_dynptr / bpf_ringbuf_discard_dynptr)`,
    condition: `stack[${rel}] is not a referenced dynptr`,
    regs: [r],
    related: [{ pc: ref, message: 'the record is reserved here' }],
  };
}

/** A constant the kfunc needs (a slice's size, `__szk`) that is not one. */
export function kfuncConstantArgument(fn: string, r: number, got: Value): FailureInit {
  return {
    code: 'helper-argument',
    message: `argument ${r} of \`${fn}\` (r${r}) is a size that must be a constant, but it holds ${describeType(got)}${got.num ? ` ${describeNum(got.num)}` : ''}`,
    condition: `r${r}.value is constant`,
    regs: [r],
  };
}

/** bpf_dynptr_from_mem over something other than a map value. */
export function dynptrFromMemData(fn: string, got: Value): FailureInit {
  return {
    code: 'helper-argument',
    message: `argument 1 of \`${fn}\` (r1) is the memory the dynptr will cover and must be a map value (global data included), but it holds ${describeType(got)}; the kernel does not make dynptrs of the stack`,
    condition: 'r1.type == map_value',
    regs: [1],
  };
}

/** bpf_rcu_read_lock inside an open RCU read section. */
export function rcuNested(open: number): FailureInit {
  return {
    code: 'helper-unavailable',
    message:
      'bpf_rcu_read_lock is called inside an RCU read section that is still open; the kernel does not nest them (unlock first)',
    condition: 'no RCU read section is open',
    related: [{ pc: open, message: 'the open section starts here' }],
  };
}

/** bpf_rcu_read_unlock outside an RCU read section. */
export function rcuUnmatched(): FailureInit {
  return {
    code: 'helper-unavailable',
    message: 'bpf_rcu_read_unlock is called outside an RCU read section: no bpf_rcu_read_lock opened one on this path',
    condition: 'an RCU read section is open',
  };
}

/** Part of a spilled pointer read back from the stack (the kernel refuses it to every loader). */
export function partialPointerLoad(w: number, rel: number, r: number): FailureInit {
  return {
    code: 'pointer-leak',
    message: `reading ${w} of the 8 bytes of the pointer spilled at ${fpText(rel)} is not allowed: a spilled pointer is read back whole (the Linux kernel: "invalid size of register fill")`,
    condition: `width == 8`,
    regs: [r],
  };
}
