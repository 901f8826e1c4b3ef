// Transfer functions of loads and stores (LD, LDX, ST, STX): the value a load yields and what a
// store writes. The checker has verified the access (assertions valid-access, valid-map-fd, ...).

import { InsnClass, MemMode, type Instruction } from '../../isa/instruction';
import { NUM_TOP, constNum, fromUnsigned, sext, truncNum, U32MAX } from '../num';
import type { State } from '../state';
import { known } from '../known';
import { btfFieldRead, contextStruct } from '../btfFields';
import { traceArgument } from '../tracingArgs';
import {
  NUMBER_TOP,
  T,
  UNINIT,
  type Iv,
  type MemPtr,
  type Value,
  constValue,
  iv,
  payload,
  joinValue,
  numberValue,
} from '../value';
import type { Semantics } from '../transfer';
import { contextFieldAt, freshId, mapObjectRead, maybeNullPointer, widthRange, widthOf } from './values';

export function ld(sem: Semantics, insn: Instruction, s: State): void {
  if (insn.opcode === 0x18) {
    s.regs[insn.dst] = lddw(sem, insn);
    return;
  }
  // LD_ABS/LD_IND (the only other LD modes the checker lets through): r0 = packet bytes, r1-r5 cleared.
  const w = widthOf(insn.opcode);
  for (let r = 1; r <= 5; r++) s.regs[r] = UNINIT;
  s.regs[0] = numberValue(w === 8 ? NUM_TOP : fromUnsigned(0n, (1n << BigInt(w * 8)) - 1n));
}

export function lddw(sem: Semantics, insn: Instruction): Value {
  const imm64 = insn.imm64 ?? BigInt(insn.imm >>> 0);
  switch (insn.src) {
    case 1:
    case 5: {
      const m = known(sem.program.maps, insn.imm, 'map');
      return m.typeInfo?.kind === 'prog_array' ? { t: T.mapProgs, progFds: [m.index] } : { t: T.mapFd, fds: [m.index] };
    }
    case 2:
    case 6: {
      const m = known(sem.program.maps, insn.imm, 'map');
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
      return constValue(imm64);
  }
}

export function ldx(sem: Semantics, insn: Instruction, s: State): void {
  const mode = insn.opcode & 0xe0;
  const w = widthOf(insn.opcode);
  const base = known(s.regs, insn.src, 'register');
  const loaded = access(sem, s, insn.pc, base, insn.offset, w, 'read');
  let v = loaded ?? NUMBER_TOP;
  if (mode === MemMode.MEMSX && v.t === T.number) v = numberValue(sext(payload(v, 'num'), (w * 8) as 8 | 16 | 32));
  const slot = base.t === T.stack && w === 8 ? payload(base, 'stack').lo + insn.offset : undefined;
  if (slot !== undefined && payload(base, 'stack').hi + insn.offset === slot && maybeNullPointer(v)) {
    // A pointer or NULL (0 on some path) filled from its spill: register and slot share an id, so
    // a NULL check of the register also clears the slot a later fill reads (the kernel keeps the
    // spilled register's id).
    v = { ...v, id: v.id ?? freshId(s, insn.pc) };
    s.write(slot, 8, v);
  }
  s.regs[insn.dst] = v;
}

export function store(sem: Semantics, insn: Instruction, s: State): void {
  const pc = insn.pc;
  const w = widthOf(insn.opcode);
  const mode = insn.opcode & 0xe0;
  const isStx = (insn.opcode & 7) === InsnClass.STX;
  const base = known(s.regs, insn.dst, 'register');
  let value: Value;
  if (isStx) value = known(s.regs, insn.src, 'register');
  else value = numberValue(truncNum(constNum(BigInt(insn.imm)), (w * 8) as 8 | 16 | 32 | 64));
  if (mode === MemMode.ATOMIC) {
    access(sem, s, pc, base, insn.offset, w, 'write', numberValue(w === 8 ? NUM_TOP : fromUnsigned(0n, U32MAX)));
    const fetch = (insn.imm & 1) !== 0;
    const range = numberValue(w === 8 ? NUM_TOP : fromUnsigned(0n, U32MAX));
    if (insn.imm === 0xf1) s.regs[0] = range;
    else if (fetch || insn.imm === 0xe1) s.regs[insn.src] = range;
    return;
  }
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
  access(sem, s, pc, base, insn.offset, w, 'write', value);
}

/**
 * Perform a memory access through `base` at `base + o` of `w` bytes (checked by the valid-access
 * assertion). Returns the loaded value for reads.
 */
export function access(
  sem: Semantics,
  s: State,
  pc: number,
  base: Value,
  o: number,
  w: number,
  mode: 'read' | 'write',
  value?: Value,
): Value | undefined {
  const results: Value[] = [];
  if (base.t & T.stack) results.push(stackAccess(s, payload(base, 'stack'), o, w, mode, value));
  if (base.t & T.ctx) results.push(ctxAccess(sem, s, pc, payload(base, 'ctx'), o, w));
  // One number per region, as the checks were made per region.
  if (base.t & T.packet) results.push(numberValue(widthRange(w)));
  if (base.t & T.packetMeta) results.push(numberValue(widthRange(w)));
  if (base.t & T.shared) results.push(numberValue(widthRange(w)));
  if (base.t & T.alloc) results.push(numberValue(widthRange(w)));
  // A field of the map's kernel object (struct bpf_map and its outer types): typed by the
  // kernel's BTF, which we do not have; a number stands for it.
  if (base.t & T.mapFd && mapObjectRead(sem, base, o, mode)) results.push(numberValue(widthRange(w)));
  if (base.t & T.btfId && mode === 'read') results.push(kernelObjectRead(sem, payload(base, 'btf'), o, w));
  if (mode === 'write') return undefined;
  return results.reduce(joinValue);
}

export function stackAccess(s: State, off: Iv, o: number, w: number, mode: 'read' | 'write', value?: Value): Value {
  const lo = off.lo + o;
  const hi = off.hi + o;
  if (mode === 'write') {
    if (lo === hi) {
      let v = value ?? NUMBER_TOP;
      // Part of a pointer (a privileged Linux loader only; the checker refuses it otherwise): its bytes as a number.
      if (v.t !== T.number && w !== 8) v = numberValue(widthRange(w));
      s.write(lo, w, v);
    } else {
      // A variable-offset write: bytes already initialised stay so (as unknown numbers).
      for (let b = lo; b < hi + w; b++) if (s.cellAt(b)) s.writeUnknown(b, 1);
    }
    return NUMBER_TOP;
  }
  // Uninitialised bytes (allowed to privileged Linux loaders) read as garbage: s.read gives undefined.
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
  return kernelPointer(read.pointee);
}

/** The value a context read yields: packet pointers, kernel objects and metadata from pointer fields, else a number. */
export function ctxAccess(sem: Semantics, s: State, pc: number, off: Iv, o: number, w: number): Value {
  const layout = sem.programType?.context;
  const at = off.lo + o;
  const field = layout ? contextFieldAt(layout, at) : undefined;
  if (field?.kind === 'trace_argument') return traceArgumentValue(sem, at / 8, w);
  if (field?.kind === 'context_memory') {
    // Memory the kernel owns for the program's run, not a reference to release (fromDynptr says so).
    const size = field.memorySize ?? 0;
    const region = field.cType.replace(/\s*\*$/, '');
    return {
      t: T.alloc,
      alloc: { maps: [], off: iv(0), size, nullable: false, nullId: -1, origin: -1, fromDynptr: true, region },
    };
  }
  if (field && field.kind !== 'scalar') {
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
  return numberValue(widthRange(w));
}

/** A BTF-typed tracing argument: a kernel pointer or a number, as the declared prototype says. */
function traceArgumentValue(sem: Semantics, slot: number, w: number): Value {
  const arg = traceArgument(sem.program, slot);
  if (arg.kind === 'scalar' || w !== 8) return numberValue(widthRange(w));
  return kernelPointer(arg.btfType);
}

/** A kernel pointer the program may load through without a NULL check (PROBE_MEM loads). */
function kernelPointer(btfType: number | undefined): Value {
  return {
    t: T.btfId,
    btf: {
      maps: [],
      off: iv(0),
      size: 0,
      nullable: false,
      nullId: -1,
      origin: -1,
      ...(btfType !== undefined ? { btfType } : {}),
    },
  };
}
