// Loads and stores (LD, LDX, ST, STX): the memory-access checks per region and their effects.

import { accessExpression, accessVariable, globalExpression } from '../../dwarf/names';
import { InsnClass, MemMode, type Instruction } from '../../isa/instruction';
import type { ContextField } from '../../platform/types';
import type { MapDefinition } from '../../program/types';
import { NUM_TOP, constNum, fromUnsigned, sext, truncNum, U32MAX } from '../num';
import { FRAME_SIZE, type State, TOTAL_STACK } from '../state';
import { effectiveRoom } from '../room';
import { btfFieldRead, contextStruct } from '../btfFields';
import {
  MEM_TYPES,
  NUMBER_TOP,
  T,
  UNINIT,
  type Iv,
  type MemPtr,
  type PacketPtr,
  type Value,
  constValue,
  iv,
  ivAdd,
  ivToString,
  payload,
  joinValue,
  numberValue,
} from '../value';
import { Failure, type FailureInit } from '../failure';
import { describeType, fpText, validAccess } from '../messages';
import type { Semantics } from '../transfer';
import { readReg, requireNumber, noR10, freshId } from './operands';
import { widthRange, widthOf } from './values';

export function ld(sem: Semantics, insn: Instruction, s: State): void {
  const pc = insn.pc;
  if (insn.opcode === 0x18) {
    noR10(insn, insn.dst);
    s.regs[insn.dst] = lddw(sem, insn);
    return;
  }
  const mode = insn.opcode & 0xe0;
  if (mode === MemMode.ABS || mode === MemMode.IND) {
    if (!sem.linux) {
      throw new Failure(pc, {
        code: 'invalid-instruction',
        message:
          'legacy packet loads (LD_ABS/LD_IND) are not supported by eBPF for Windows; read the packet through data/data_end',
        condition: 'requires conformance group packet',
      });
    }
    if (sem.programType && sem.programType.context.structName !== '__sk_buff') {
      throw new Failure(pc, {
        code: 'invalid-instruction',
        message: `legacy packet loads (LD_ABS/LD_IND) are only allowed in socket filter and tc programs, not in ${sem.programType.name} programs`,
        condition: 'LD_ABS/LD_IND allowed for this program type',
      });
    }
    const r6 = readReg(s, pc, 6);
    if (r6.t !== T.ctx) {
      throw new Failure(pc, {
        code: 'invalid-pointer-type',
        message: 'legacy packet loads need the context in r6',
        condition: 'r6.type == ctx',
        regs: [6],
      });
    }
    if (mode === MemMode.IND) requireNumber(s, pc, insn.src, 'the index of a legacy packet load');
    const w = widthOf(insn.opcode);
    for (let r = 1; r <= 5; r++) s.regs[r] = UNINIT;
    s.regs[0] = numberValue(w === 8 ? NUM_TOP : fromUnsigned(0n, (1n << BigInt(w * 8)) - 1n));
    return;
  }
  throw new Failure(pc, {
    code: 'invalid-instruction',
    message: `unknown load instruction 0x${insn.opcode.toString(16)}`,
    condition: 'valid instruction',
  });
}

export function mapAt(sem: Semantics, index: number, pc: number): MapDefinition {
  const m = sem.program.maps[index];
  if (!m) {
    throw new Failure(pc, {
      code: 'invalid-instruction',
      message: `the instruction refers to map #${index}, which the object does not define`,
      condition: `valid map index ${index}`,
    });
  }
  return m;
}

export function lddw(sem: Semantics, insn: Instruction): Value {
  const imm64 = insn.imm64 ?? BigInt(insn.imm >>> 0);
  switch (insn.src) {
    case 0:
      return constValue(imm64);
    case 1:
    case 5: {
      const m = mapAt(sem, insn.imm, insn.pc);
      return m.typeInfo?.kind === 'prog_array' ? { t: T.mapProgs, progFds: [m.index] } : { t: T.mapFd, fds: [m.index] };
    }
    case 2:
    case 6: {
      const m = mapAt(sem, insn.imm, insn.pc);
      const off = Number(BigInt.asIntN(32, imm64 >> 32n));
      return {
        t: T.shared,
        shared: { maps: [m.index], off: iv(off), size: m.valueSize, nullable: false, nullId: -1, origin: -1 },
      };
    }
    case 3:
      return { t: T.btfId, btf: { maps: [], off: iv(0), size: 0, nullable: false, nullId: -1, origin: -1 } };
    case 4:
      return { t: T.func, func: insn.pc + 1 + insn.imm };
    default:
      throw new Failure(insn.pc, {
        code: 'invalid-instruction',
        message: `unknown lddw source ${insn.src}`,
        condition: 'valid instruction',
      });
  }
}

export function ldx(sem: Semantics, insn: Instruction, s: State): void {
  const mode = insn.opcode & 0xe0;
  const w = widthOf(insn.opcode);
  noR10(insn, insn.dst);
  const base = readReg(s, insn.pc, insn.src, 'dereferenced');
  const loaded = access(sem, s, insn.pc, insn.src, base, insn.offset, w, 'read');
  let v = loaded ?? NUMBER_TOP;
  if (mode === MemMode.MEMSX && v.t === T.number) v = numberValue(sext(payload(v, 'num'), (w * 8) as 8 | 16 | 32));
  s.regs[insn.dst] = v;
}

export function store(sem: Semantics, insn: Instruction, s: State): void {
  const pc = insn.pc;
  const w = widthOf(insn.opcode);
  const mode = insn.opcode & 0xe0;
  const isStx = (insn.opcode & 7) === InsnClass.STX;
  const base = readReg(s, pc, insn.dst, 'dereferenced');
  let value: Value;
  if (isStx) value = readReg(s, pc, insn.src, 'stored');
  else value = numberValue(truncNum(constNum(BigInt(insn.imm)), (w * 8) as 8 | 16 | 32 | 64));
  if (mode === MemMode.ATOMIC) {
    if (w !== 4 && w !== 8)
      throw new Failure(pc, {
        code: 'invalid-instruction',
        message: 'atomic operations work on 4 or 8 bytes',
        condition: 'width in {4, 8}',
      });
    requireNumber(s, pc, insn.src, 'atomic operations store numbers only', 'pointer-leak');
    access(
      sem,
      s,
      pc,
      insn.dst,
      base,
      insn.offset,
      w,
      'write',
      numberValue(w === 8 ? NUM_TOP : fromUnsigned(0n, U32MAX)),
    );
    const fetch = (insn.imm & 1) !== 0;
    const range = numberValue(w === 8 ? NUM_TOP : fromUnsigned(0n, U32MAX));
    if (insn.imm === 0xf1) s.regs[0] = range;
    else if (fetch || insn.imm === 0xe1) s.regs[insn.src] = range;
    return;
  }
  if (mode !== MemMode.MEM)
    throw new Failure(pc, {
      code: 'invalid-instruction',
      message: `unknown store mode 0x${insn.opcode.toString(16)}`,
      condition: 'valid instruction',
    });
  if (value.t === T.number && w < 8) value = numberValue(truncNum(payload(value, 'num'), (w * 8) as 8 | 16 | 32));
  else if (
    isStx &&
    value.t === T.number &&
    base.t === T.stack &&
    payload(base, 'stack').lo === payload(base, 'stack').hi
  ) {
    // A spilled number and its register stay equal (PREVAIL's zone keeps `r == stack[o]`):
    // sharing an id lets a later check on either refine the other, e.g. a loop bound spilled
    // before its range check and reloaded as the loop's exit test.
    const id = value.id ?? freshId(s, pc);
    value = { ...value, id };
    s.regs[insn.src] = value;
  }
  access(sem, s, pc, insn.dst, base, insn.offset, w, 'write', value, isStx ? insn.src : -1);
}

/**
 * Check a memory access through register `r` (value `base`) at `base + o` of `w` bytes and
 * perform it. Returns the loaded value for reads.
 */
export function access(
  sem: Semantics,
  s: State,
  pc: number,
  r: number,
  base: Value,
  o: number,
  w: number,
  mode: 'read' | 'write',
  value?: Value,
  valueReg = -1,
): Value | undefined {
  checkDereferenceable(sem, pc, r, base, o, w, mode);
  const results: Value[] = [];
  const storeCheck = (region: string): void => {
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
  };
  if (base.t & T.stack) results.push(stackAccess(sem, s, pc, r, payload(base, 'stack'), o, w, mode, value, valueReg));
  if (base.t & T.ctx) {
    storeCheck('the context');
    results.push(ctxAccess(sem, s, pc, r, payload(base, 'ctx'), o, w, mode));
  }
  if (base.t & T.packet) {
    storeCheck('packet data');
    packetAccess(sem, s, pc, r, payload(base, 'packet'), o, w, mode);
    results.push(numberValue(widthRange(w)));
  }
  if (base.t & T.packetMeta) {
    storeCheck('packet metadata');
    const m = payload(base, 'meta');
    if (m.lo + o < 0 || m.hi + o + w > s.metaRange) {
      throw new Failure(pc, {
        code: 'packet-out-of-bounds',
        message: `access to packet metadata at offset ${ivToString(ivAdd(m, iv(o)))} (${w} bytes) is not proven to stay before data; compare data_meta + ${m.hi + o + w} with data first`,
        condition: validAccess(r, o, w, mode),
        regs: [r],
      });
    }
    results.push(numberValue(widthRange(w)));
  }
  if (base.t & T.shared) {
    storeCheck('a map value');
    memAccess(sem, s, pc, r, payload(base, 'shared'), o, w, mode, 'map');
    results.push(numberValue(widthRange(w)));
  }
  if (base.t & T.alloc) {
    storeCheck('a ring buffer record');
    memAccess(sem, s, pc, r, payload(base, 'alloc'), o, w, mode, 'alloc');
    results.push(numberValue(widthRange(w)));
  }
  if (base.t & T.btfId) {
    if (mode === 'write') {
      throw new Failure(pc, {
        code: 'invalid-pointer-type',
        message: `r${r} points to a kernel object that programs may not write`,
        condition: `r${r}.type in {ctx, stack, packet, shared}`,
        regs: [r],
      });
    }
    results.push(kernelObjectRead(sem, payload(base, 'btf'), o, w));
  }
  if (mode === 'write') return undefined;
  return results.reduce(joinValue);
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
  const nullable = [base.shared, base.alloc, base.btf].find((m) => m?.nullable);
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

export function stackAccess(
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
): Value {
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
    if (lo === hi) {
      let v = value ?? NUMBER_TOP;
      if (v.t !== T.number && w !== 8) {
        if (!sem.rootLinux) {
          throw new Failure(pc, {
            code: 'pointer-leak',
            message: `storing part of a pointer (${w} of 8 bytes of r${valueReg}) to the stack is not allowed`,
            kernelAccepts: true,
            condition: `r${valueReg}.type == number`,
            regs: [valueReg],
          });
        }
        v = numberValue(widthRange(w));
      }
      s.write(lo, w, v);
    } else {
      // A variable-offset write: bytes already initialised stay so (as unknown numbers).
      for (let b = lo; b < hi + w; b++) if (s.cellAt(b)) s.writeUnknown(b, 1);
    }
    return NUMBER_TOP;
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
    return numberValue(widthRange(w));
  }
  if (lo !== hi) return numberValue(widthRange(w));
  return s.read(lo, w) ?? numberValue(widthRange(w));
}

/** A NULL-check identity for a value made at pc (older values carrying it lose it). */
export function freshNullId(s: State, pc: number): number {
  s.mapValues((x) => (x.btf && x.btf.nullId === pc ? { ...x, btf: { ...x.btf, nullId: -1 } } : x));
  return pc;
}

/** A load through a kernel-object pointer: typed by the field's BTF type where the object says. */
export function kernelObjectRead(sem: Semantics, p: MemPtr, o: number, w: number): Value {
  const btf = sem.program.btf;
  if (btf === undefined || p.btfType === undefined || p.off.lo !== p.off.hi) return numberValue(widthRange(w));
  const read = btfFieldRead(btf, p.btfType, p.off.lo + o, w);
  if (read?.kind !== 'pointer') return numberValue(widthRange(w));
  // The kernel marks such a pointer untrusted and guards every load through it (PROBE_MEM), so
  // it may be dereferenced without a NULL check.
  return {
    t: T.btfId,
    btf: {
      maps: [],
      off: iv(0),
      size: 0,
      nullable: false,
      nullId: -1,
      origin: -1,
      ...(read.pointee !== undefined ? { btfType: read.pointee } : {}),
    },
  };
}

export function ctxAccess(
  sem: Semantics,
  s: State,
  pc: number,
  r: number,
  off: Iv,
  o: number,
  w: number,
  mode: 'read' | 'write',
): Value {
  void s;
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
  if (sem.linux && off.lo !== 0) {
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
  const field = layout.fields.find((f) => at >= f.offset && at < f.offset + f.size * (f.count ?? 1));
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
    if (field.kind === 'packet_start')
      return { t: T.packet, packet: { sym: 0, k: iv(0), off: iv(0), room: -Infinity } };
    if (field.kind === 'packet_end') return { t: T.packetEnd };
    if (field.kind === 'kernel_object' || field.kind === 'kernel_object_or_null') {
      const ctxType = contextStruct(sem.program);
      const read = ctxType ? btfFieldRead(ctxType.btf, ctxType.id, at, w) : undefined;
      const nullable = field.kind === 'kernel_object_or_null';
      return {
        t: T.btfId,
        btf: {
          maps: [],
          off: iv(0),
          size: 0,
          nullable,
          nullId: nullable ? freshNullId(s, pc) : -1,
          origin: -1,
          ...(read?.kind === 'pointer' && read.pointee !== undefined ? { btfType: read.pointee } : {}),
        },
      };
    }
    return { t: T.packetMeta, meta: iv(0) };
  }
  const open = sem.programType?.anyAlignedReadBelow;
  if (open !== undefined && mode === 'read' && at % w === 0 && at + w <= open) return numberValue(widthRange(w));
  if (sem.linux) {
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
  return numberValue(widthRange(w));
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

export function memAccess(
  sem: Semantics,
  _s: State,
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
  const what =
    kind === 'alloc'
      ? 'the ring buffer record'
      : m.maps.length
        ? (sem.globalName(m.maps, lo, hi) ?? `the value of map \`${m.maps.map((i) => sem.mapName(i)).join('|')}\``)
        : 'the memory region';
  if (lo < 0 || hi + w > m.size) {
    throw new Failure(pc, {
      code: kind === 'alloc' ? 'memory-out-of-bounds' : 'map-value-out-of-bounds',
      message: `${mode === 'read' ? 'reading' : 'writing'} ${w} bytes at offset ${ivToString(ivAdd(m.off, iv(o)))} of ${what} (${m.size} bytes) ${lo < 0 ? 'starts before it' : 'goes past its end'}`,
      condition: validAccess(r, o, w, mode),
      regs: [r],
    });
  }
  if (mode === 'write' && kind === 'map') {
    const ro = m.maps.map((i) => sem.program.maps[i]).find((d) => d?.readOnly);
    if (ro && sem.linux) {
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
