// The C side of a paused frame: its DWARF frames (the function and the inlined calls it is in),
// the machine state their locations are evaluated against, and the Locals scope. Frames of the
// call stack are (call depth, inlined level): level 0 is the innermost C frame at the pc.

import { llvmFrameSize, type Address, type DwarfFrame, type MachineState } from '../core/dwarf';
import type { Program } from '../core/program/types';
import type { EbpfRuntime } from './runtime';
import { describePointer } from './values';
import { valueNode, variableValue, type CNode, type CValue, type ReadMemory, type ShowContext } from './cvalue';

/** The program and pc of the frame at a call depth (a caller's pc is its call instruction). */
export function framePoint(rt: EbpfRuntime, depth: number): { program: Program; pc: number } | undefined {
  const m = rt.execution.machine;
  const f = m.frames()[depth];
  return f ? { program: f.code.program, pc: f.pc } : undefined;
}

/** The C frames at a call depth, innermost inlined call first ([] without DWARF). */
export function cFramesAt(rt: EbpfRuntime, depth: number): readonly DwarfFrame[] {
  const p = framePoint(rt, depth);
  return p ? p.program.debugFramesAt(p.pc) : [];
}

/**
 * One stopped frame's eBPF state as an engine provides it: the interpreter reads its VM, the
 * native session reads the runner through lldb (memory fetched ahead and cached per stop).
 * DWARF locations and C values are evaluated against it the same way in both engines.
 */
export interface CFrameReader {
  readonly program: Program;
  readonly pc: number;
  /** The innermost frame: a caller's r0-r5 were clobbered by its call and are unknown. */
  readonly top: boolean;
  /** eBPF register n (r10: the top of the frame's 512-byte stack), undefined when unknown. */
  register(n: number): bigint | undefined;
  /** Memory at the stop; throws with a reason when the range is not readable. */
  readonly read: ReadMemory;
  /** The run-time address of a global (a relocated DW_OP_addr), undefined when not known. */
  globalAddress(a: Address): bigint | undefined;
  /** `packet+14`, `stack-8`... for a pointer value, undefined for a plain number. */
  describePointer(value: bigint): string | undefined;
}

/** Registers, frame base and memory of a frame, as DWARF expressions see them. */
export function machineOf(reader: CFrameReader): MachineState {
  const bottom = (): bigint | undefined => {
    const top = reader.register(10);
    return top === undefined ? undefined : top - BigInt(llvmFrameSize(reader.program, reader.pc));
  };
  return {
    // r0..r5 of a caller were clobbered by the call: unknown there. DWARF's r10 is the frame's bottom.
    register: (n) => (n > 10 || (!reader.top && n < 6) ? undefined : n === 10 ? bottom() : reader.register(n)),
    frameBase: bottom,
    readMemory: (address, size) => {
      try {
        const b = reader.read(address, size);
        let v = 0n;
        for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] ?? 0);
        return v;
      } catch {
        return undefined;
      }
    },
    address: (a) => reader.globalAddress(a),
    addrx: (index) => reader.program.dwarf?.addrx(0, index),
  };
}

/** The C frames at a reader's pc, innermost inlined call first ([] without DWARF). */
export function cFramesOf(reader: CFrameReader): readonly DwarfFrame[] {
  return reader.program.debugFramesAt(reader.pc);
}

/** The interpreter's frame at a call depth as a CFrameReader. */
export function vmFrameReader(rt: EbpfRuntime, depth: number): CFrameReader | undefined {
  const point = framePoint(rt, depth);
  if (!point) return undefined;
  const env = rt.env(depth);
  const ctx = showContext(rt);
  return {
    program: point.program,
    pc: point.pc,
    top: depth === rt.execution.machine.depth,
    register: (n) => env.register(n),
    read: ctx.read,
    globalAddress: (a) => globalAddress(rt, point.program, a),
    describePointer: (v) => ctx.describePointer(v),
  };
}

/** Registers, frame base and memory of the frame at `depth`, as DWARF expressions see them. */
export function machineAt(rt: EbpfRuntime, depth: number): MachineState {
  const reader = vmFrameReader(rt, depth);
  if (reader) return machineOf(reader);
  return {
    register: () => undefined,
    frameBase: () => undefined,
    readMemory: () => undefined,
    address: () => undefined,
    addrx: () => undefined,
  };
}

/** The run-time address of a global (a relocated DW_OP_addr into .data/.bss/.rodata). */
function globalAddress(rt: EbpfRuntime, program: Program | undefined, a: Address): bigint | undefined {
  const section = program?.dwarf?.sectionNames.get(a.section);
  if (!section) return undefined;
  const map = rt.vm.maps.find((m) => m.def.origin === 'global-data' && m.def.section === section);
  const entry = map?.entries()[0];
  if (!map || !entry) return undefined;
  const region = rt.vm.valueRegion(map, entry, rt.vm.cpu);
  return ((BigInt(0x100 + region.id) << 32n) | BigInt(region.readStart)) + BigInt(a.offset);
}

export function showContext(rt: EbpfRuntime): ShowContext {
  const m = rt.execution.machine;
  return {
    read: (address, size) => rt.execution.readMemory(address, size),
    describePointer: (v) => {
      const p = describePointer(
        rt.vm.memory,
        v,
        rt.vm.packet,
        (r) => {
          const i = m.stacks.indexOf(r);
          return i >= 0 ? i : undefined;
        },
        m.depth,
      );
      return p?.text;
    },
  };
}

/** The value of a C variable visible in a frame (innermost declaration wins), or undefined. */
export function cVariable(rt: EbpfRuntime, depth: number, level: number, name: string): CValue | undefined {
  const reader = vmFrameReader(rt, depth);
  return reader ? cVariableOf(reader, level, name) : undefined;
}

/** The value of a C variable visible at an inlined level of a frame, or a global; undefined if none. */
export function cVariableOf(reader: CFrameReader, level: number, name: string): CValue | undefined {
  const frame = cFramesOf(reader)[level];
  const va = frame?.variables.find((v) => v.variable.name === name);
  const machine = machineOf(reader);
  if (va) return variableValue(va, machine, reader.read);
  // Globals of .data/.bss/.rodata, by their DWARF description.
  const g = reader.program.dwarf?.globals.find((x) => x.name === name && x.location.kind === 'expression');
  if (!g) return undefined;
  const value = variableValue(
    { variable: g, ops: g.location.kind === 'expression' ? g.location.ops : undefined },
    machine,
    reader.read,
  );
  return value.missing && value.address === undefined ? undefined : value;
}

/** The Locals scope of a C frame: its parameters, then its variables (shadowed names hidden). */
export function localsNodes(rt: EbpfRuntime, depth: number, level: number): CNode[] {
  const reader = vmFrameReader(rt, depth);
  return reader ? localsOf(reader, level) : [];
}

/** The Locals scope of an inlined level of a frame, in either engine. */
export function localsOf(reader: CFrameReader, level: number): CNode[] {
  const frame = cFramesOf(reader)[level];
  if (!frame) return [];
  const machine = machineOf(reader);
  const ctx: ShowContext = { read: reader.read, describePointer: (v) => reader.describePointer(v) };
  const seen = new Set<string>();
  const visible = frame.variables.filter((v) => {
    if (seen.has(v.variable.name) || v.variable.name.startsWith('____')) return false;
    seen.add(v.variable.name);
    return true;
  });
  // Parameters first, then variables in declaration order.
  const byLine = (a: (typeof visible)[number], b: (typeof visible)[number]): number =>
    (a.variable.declLine ?? 0) - (b.variable.declLine ?? 0);
  const ordered = [
    ...visible.filter((v) => v.variable.isParameter).sort(byLine),
    ...visible.filter((v) => !v.variable.isParameter).sort(byLine),
  ];
  const nodes = ordered.map((va) =>
    valueNode(variableValue(va, machine, reader.read), va.variable.name, va.variable.name, ctx),
  );
  if (nodes.length === 0) return [{ name: '(none)', value: 'no C variables in scope here', type: '' }];
  return nodes;
}
