// C names for machine locations at a pc, for messages: which variable lives in a register, and
// the C expression of a memory access through it (`svc->backend_count`). Pure, over the frames
// Program.debugFramesAt gives; undefined when DWARF has no answer (callers fall back to `rN`).

import type { DwarfFrame, DwarfInfo } from './dwarf';
import { resolveType, type DwarfMember } from './types';

const DW_OP_reg0 = 0x50;
const DW_OP_breg0 = 0x70;
const DW_OP_stack_value = 0x9f;

/** The C variable held whole in register `reg` (innermost frame first), e.g. `st`. */
export function variableInRegister(frames: readonly DwarfFrame[], reg: number): string | undefined {
  for (const f of frames)
    for (const v of f.variables) if (v.ops?.length === 1 && v.ops[0]?.code === DW_OP_reg0 + reg) return v.variable.name;
  return undefined;
}

/**
 * The C expression of an access at `offset` from register `reg`, through a pointer variable that
 * DWARF places in that register (`DW_OP_regN`) or at a constant distance from it
 * (`DW_OP_bregN +k, DW_OP_stack_value`, as clang 19 describes `ip = (void *)(eth + 1)`):
 * `svc->backend_count`, `ip->protocol`, `eth->h_dest[2]`. Undefined when no such variable's
 * pointee covers the offset.
 */
export function accessExpression(frames: readonly DwarfFrame[], reg: number, offset: number): string | undefined {
  return access(frames, reg, offset)?.expression;
}

/** The pointer variable accessExpression goes through (`ip` for `ip->protocol`). */
export function accessVariable(frames: readonly DwarfFrame[], reg: number, offset: number): string | undefined {
  return access(frames, reg, offset)?.variable;
}

function access(
  frames: readonly DwarfFrame[],
  reg: number,
  offset: number,
): { expression: string; variable: string } | undefined {
  for (const f of frames)
    for (const v of f.variables) {
      const [op0, op1, ...more] = v.ops ?? [];
      let delta: number | undefined;
      if (op0?.code === DW_OP_reg0 + reg && op1 === undefined) delta = 0;
      else if (op0?.code === DW_OP_breg0 + reg && op1?.code === DW_OP_stack_value && more.length === 0)
        delta = Number(op0.a ?? 0n);
      if (delta === undefined) continue;
      const t = resolveType(v.variable.type);
      if (t.kind !== 'pointer') continue;
      const target = resolveType(t.target);
      if (target.kind !== 'struct' && target.kind !== 'union') continue;
      const inner = offset - delta;
      if (inner < 0 || inner >= target.size) continue;
      const path = memberPath(target.members, inner, 0);
      if (path) return { expression: `${v.variable.name}->${path}`, variable: v.variable.name };
    }
  return undefined;
}

const DW_OP_fbreg = 0x91;
const DW_OP_piece = 0x93;

/**
 * The C expression for the stack byte at `fpOffset` (negative, from r10): `key.pad`, `buf[3]`,
 * from variables DWARF places on the stack (`DW_OP_fbreg k` / `DW_OP_breg10 k`, also in pieces),
 * given the function's LLVM frame size (llvmFrameSize).
 */
export function stackExpression(
  frames: readonly DwarfFrame[],
  fpOffset: number,
  frameSize: number,
): string | undefined {
  for (const f of frames)
    for (const v of f.variables) {
      const ops = v.ops;
      const first = ops?.[0];
      if (!ops || !first) continue;
      const k = first.code === DW_OP_fbreg || first.code === DW_OP_breg0 + 10 ? Number(first.a ?? 0n) : undefined;
      if (k === undefined) continue;
      // A single memory location, or pieces whose first is this stack address (a struct split up).
      if (ops.length > 1 && ops[1]?.code !== DW_OP_piece) continue;
      const start = -frameSize + k;
      const t = resolveType(v.variable.type);
      const size = sizeOf(t);
      const inner = fpOffset - start;
      if (inner < 0 || inner >= Math.max(1, size)) continue;
      if (t.kind === 'struct' || t.kind === 'union') {
        const path = memberPath(t.members, inner, 0);
        return path ? `${v.variable.name}.${path}` : v.variable.name;
      }
      if (t.kind === 'array') {
        const elementSize = sizeOf(resolveType(t.element));
        return elementSize > 0 ? `${v.variable.name}[${Math.floor(inner / elementSize)}]` : v.variable.name;
      }
      return v.variable.name;
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

const DW_OP_addr = 0x03;
const DW_OP_addrx = 0xa1;

/** The offset of the compile unit holding the DIE at `dieOffset`. */
function unitOf(dwarf: DwarfInfo, dieOffset: number): number {
  let unit = dwarf.unitOffsets[0] ?? 0;
  for (const u of dwarf.unitOffsets) if (u <= dieOffset) unit = u;
  return unit;
}

/**
 * The C expression for byte `offset` of the global-data section `section` (`.bss`, `.rodata`):
 * the global variable DWARF places there (`DW_OP_addr`), with its field or element
 * (`counters[0]`, `cfg.limit`). Undefined when no variable covers the offset.
 */
export function globalExpression(dwarf: DwarfInfo, section: string, offset: number): string | undefined {
  for (const g of dwarf.globals) {
    if (g.location.kind !== 'expression') continue;
    const [op, ...more] = g.location.ops;
    const address =
      more.length > 0 || !op
        ? undefined
        : op.code === DW_OP_addr
          ? op.address
          : op.code === DW_OP_addrx
            ? dwarf.addrx(unitOf(dwarf, g.dieOffset), Number(op.a ?? -1n))
            : undefined;
    if (!address || dwarf.sectionNames.get(address.section) !== section) continue;
    const t = resolveType(g.type);
    const inner = offset - address.offset;
    if (inner < 0 || inner >= Math.max(1, sizeOf(t))) continue;
    if (t.kind === 'struct' || t.kind === 'union') {
      const path = memberPath(t.members, inner, 0);
      return path ? `${g.name}.${path}` : g.name;
    }
    if (t.kind === 'array') {
      const elementSize = sizeOf(resolveType(t.element));
      return elementSize > 0 ? `${g.name}[${Math.floor(inner / elementSize)}]` : g.name;
    }
    return g.name;
  }
  return undefined;
}
