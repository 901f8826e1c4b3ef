// C names for machine locations at a pc, for messages: which variable lives in a register, and
// the C expression of a memory access through it (`svc->backend_count`). Pure, over the frames
// Program.debugFramesAt gives; undefined when DWARF has no answer (callers fall back to `rN`).

import type { DwarfFrame } from './dwarf';
import { resolveType, type DwarfMember } from './types';

const DW_OP_reg0 = 0x50;

/** The C variable held whole in register `reg` (innermost frame first), e.g. `st`. */
export function variableInRegister(frames: readonly DwarfFrame[], reg: number): string | undefined {
  for (const f of frames)
    for (const v of f.variables) if (v.ops?.length === 1 && v.ops[0].code === DW_OP_reg0 + reg) return v.variable.name;
  return undefined;
}

/**
 * The C expression of an access at `offset` through the pointer variable held in `reg`:
 * `svc->backend_count`, `ip->protocol`, `eth->h_dest[2]`; the variable's name when the offset
 * is not inside a field; undefined when no pointer variable lives in `reg`.
 */
export function accessExpression(frames: readonly DwarfFrame[], reg: number, offset: number): string | undefined {
  for (const f of frames)
    for (const v of f.variables) {
      if (v.ops?.length !== 1 || v.ops[0].code !== DW_OP_reg0 + reg) continue;
      const t = resolveType(v.variable.type);
      if (t.kind !== 'pointer') return v.variable.name;
      const target = resolveType(t.target);
      if (target.kind !== 'struct' && target.kind !== 'union') return v.variable.name;
      const path = memberPath(target.members, offset, 0);
      return path ? `${v.variable.name}->${path}` : v.variable.name;
    }
  return undefined;
}

function memberPath(members: readonly DwarfMember[], offset: number, depth: number): string | undefined {
  if (depth > 8) return undefined;
  for (const m of members) {
    const t = resolveType(m.type);
    const size = sizeOf(t);
    if (offset < m.offset || offset >= m.offset + Math.max(1, size)) continue;
    const inner = offset - m.offset;
    if ((t.kind === 'struct' || t.kind === 'union') && inner >= 0) {
      const rest = memberPath(t.members, inner, depth + 1);
      return m.name ? (rest ? `${m.name}.${rest}` : m.name) : rest;
    }
    if (t.kind === 'array' && inner > 0) {
      const elementSize = sizeOf(resolveType(t.element));
      return elementSize > 0 ? `${m.name}[${Math.floor(inner / elementSize)}]` : m.name;
    }
    return m.name || undefined;
  }
  return undefined;
}

function sizeOf(t: ReturnType<typeof resolveType>): number {
  switch (t.kind) {
    case 'base':
    case 'struct':
    case 'union':
    case 'enum':
      return t.size;
    case 'pointer':
      return 8;
    case 'array': {
      const e = resolveType(t.element);
      return t.counts.reduce((n, c) => n * c, sizeOf(e));
    }
    default:
      return 0;
  }
}
