// The C side of a paused frame: its DWARF frames (the function and the inlined calls it is in),
// the machine state their locations are evaluated against, and the Locals scope. Frames of the
// call stack are (call depth, inlined level): level 0 is the innermost C frame at the pc.

import { llvmFrameSize, type Address, type DwarfFrame, type MachineState } from '../core/dwarf';
import type { Program } from '../core/program/types';
import type { EbpfRuntime } from './runtime';
import { describePointer } from './values';
import { valueNode, variableValue, type CNode, type CValue, type ShowContext } from './cvalue';

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

/** Registers, frame base and memory of the frame at `depth`, as DWARF expressions see them. */
export function machineAt(rt: EbpfRuntime, depth: number): MachineState {
  const env = rt.env(depth);
  const top = depth === rt.execution.machine.depth;
  const point = framePoint(rt, depth);
  const bottom = (): bigint => env.register(10) - BigInt(point ? llvmFrameSize(point.program, point.pc) : 0);
  return {
    // r0..r5 of a caller were clobbered by the call: unknown there. DWARF's r10 is the frame's bottom.
    register: (n) => (n > 10 || (!top && n < 6) ? undefined : n === 10 ? bottom() : env.register(n)),
    frameBase: bottom,
    readMemory: (address, size) => {
      try {
        const b = rt.execution.readMemory(address, size);
        let v = 0n;
        for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] ?? 0);
        return v;
      } catch {
        return undefined;
      }
    },
    address: (a) => globalAddress(rt, point?.program, a),
    addrx: (index) => {
      const dwarf = point?.program.dwarf;
      return dwarf ? dwarf.addrx(0, index) : undefined;
    },
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
  const frame = cFramesAt(rt, depth)[level];
  const va = frame?.variables.find((v) => v.variable.name === name);
  if (va) return variableValue(va, machineAt(rt, depth), (a, s) => rt.execution.readMemory(a, s));
  // Globals of .data/.bss/.rodata, by their DWARF description.
  const point = framePoint(rt, depth);
  const g = point?.program.dwarf?.globals.find((x) => x.name === name && x.location.kind === 'expression');
  if (!g) return undefined;
  const value = variableValue(
    { variable: g, ops: g.location.kind === 'expression' ? g.location.ops : undefined },
    machineAt(rt, depth),
    (a, s) => rt.execution.readMemory(a, s),
  );
  return value.missing && value.address === undefined ? undefined : value;
}

/** The Locals scope of a C frame: its parameters, then its variables (shadowed names hidden). */
export function localsNodes(rt: EbpfRuntime, depth: number, level: number): CNode[] {
  const frame = cFramesAt(rt, depth)[level];
  if (!frame) return [];
  const machine = machineAt(rt, depth);
  const read = (a: bigint, s: number): Uint8Array => rt.execution.readMemory(a, s);
  const ctx = showContext(rt);
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
    valueNode(variableValue(va, machine, read), va.variable.name, va.variable.name, ctx),
  );
  if (nodes.length === 0) return [{ name: '(none)', value: 'no C variables in scope here', type: '' }];
  return nodes;
}
