// A tiny instruction builder for verifier tests: named ALU/jump ops, labels, map references.
// Programs come out as Program objects for a given platform and section.

import type { Instruction } from '../../../core/isa/instruction';
import { createProgram } from '../../../core/program/fromInstructions';
import type { MapDefinition, Program, SourceLocation } from '../../../core/program/types';
import type { PlatformProfile } from '../../../core/platform/types';
import { linuxProfile, windowsProfile } from '../../../core/platform/index';
import { verifyProgram } from '../../../core/verifier/index';
import type { VerificationResult } from '../../../core/verifier/types';

const ALU = {
  add: 0x00,
  sub: 0x10,
  mul: 0x20,
  div: 0x30,
  or: 0x40,
  and: 0x50,
  lsh: 0x60,
  rsh: 0x70,
  neg: 0x80,
  mod: 0x90,
  xor: 0xa0,
  mov: 0xb0,
  arsh: 0xc0,
};
const JMP = {
  jeq: 0x10,
  jgt: 0x20,
  jge: 0x30,
  jset: 0x40,
  jne: 0x50,
  jsgt: 0x60,
  jsge: 0x70,
  jlt: 0xa0,
  jle: 0xb0,
  jslt: 0xc0,
  jsle: 0xd0,
};
const SIZE: Record<1 | 2 | 4 | 8, number> = { 4: 0x00, 2: 0x08, 1: 0x10, 8: 0x18 };

export type Reg = number;
export type AluOp = keyof typeof ALU;
export type JmpOp = keyof typeof JMP;
export type Target = string | number;

interface Pending {
  index: number;
  label: string;
}

export class Asm {
  private insns: Instruction[] = [];
  private labels = new Map<string, number>();
  private pending: Pending[] = [];
  private pc = 0;
  private lines: { pc: number; location: SourceLocation }[] = [];
  maps: MapDefinition[] = [];

  private emit(opcode: number, dst: number, src: number, offset: number, imm: number, imm64?: bigint): this {
    const insn: Instruction =
      imm64 === undefined
        ? { pc: this.pc, opcode, dst, src, offset, imm, slots: 1 }
        : { pc: this.pc, opcode, dst, src, offset, imm, imm64, slots: 2 };
    this.insns.push(insn);
    this.pc += insn.slots;
    return this;
  }

  /** Attach a source line to the next instruction. */
  line(line: number, text = ''): this {
    this.lines.push({ pc: this.pc, location: { file: 'test.c', line, column: 1, text } });
    return this;
  }

  label(name: string): this {
    this.labels.set(name, this.pc);
    return this;
  }

  map(
    name: string,
    keySize: number,
    valueSize: number,
    kind: 'hash' | 'array' | 'prog_array' | 'ringbuf' = 'hash',
    platform: PlatformProfile = windowsProfile,
    extra: Partial<MapDefinition> = {},
  ): number {
    const typeInfo = [...platform.mapTypes.values()].find((t) => t.kind === kind);
    const index = this.maps.length;
    this.maps.push({
      index,
      name,
      type: typeInfo?.number ?? 1,
      typeInfo,
      keySize,
      valueSize,
      maxEntries: 16,
      flags: 0,
      keyTypeId: 0,
      valueTypeId: 0,
      pinning: 0,
      origin: 'btf',
      ...extra,
    });
    return index;
  }

  alu64(op: AluOp, d: Reg, imm: number): this {
    return this.emit(0x07 | ALU[op], d, 0, 0, imm);
  }
  alu64r(op: AluOp, d: Reg, s: Reg): this {
    return this.emit(0x0f | ALU[op], d, s, 0, 0);
  }
  alu32(op: AluOp, d: Reg, imm: number): this {
    return this.emit(0x04 | ALU[op], d, 0, 0, imm);
  }
  alu32r(op: AluOp, d: Reg, s: Reg): this {
    return this.emit(0x0c | ALU[op], d, s, 0, 0);
  }
  mov(d: Reg, imm: number): this {
    return this.alu64('mov', d, imm);
  }
  movr(d: Reg, s: Reg): this {
    return this.alu64r('mov', d, s);
  }
  neg64(d: Reg): this {
    return this.emit(0x87, d, 0, 0, 0);
  }
  /** le (0xd4) / be (0xdc) / bswap (0xd7) */
  endian(kind: 'le' | 'be' | 'bswap', d: Reg, bits: 16 | 32 | 64): this {
    return this.emit(kind === 'le' ? 0xd4 : kind === 'be' ? 0xdc : 0xd7, d, 0, 0, bits);
  }
  movsx(d: Reg, s: Reg, bits: 8 | 16 | 32): this {
    return this.emit(0xbf, d, s, bits, 0);
  }
  lddw(d: Reg, v: bigint): this {
    const u = BigInt.asUintN(64, v);
    return this.emit(0x18, d, 0, 0, Number(BigInt.asIntN(32, u & 0xffffffffn)), u);
  }
  ldmap(d: Reg, index: number): this {
    return this.emit(0x18, d, 1, 0, index, BigInt(index));
  }
  ldmapval(d: Reg, index: number, offset = 0): this {
    return this.emit(0x18, d, 2, 0, index, (BigInt(offset) << 32n) | BigInt(index));
  }
  ldx(size: 1 | 2 | 4 | 8, d: Reg, s: Reg, off: number): this {
    return this.emit(0x61 | SIZE[size], d, s, off, 0);
  }
  ldxsx(size: 1 | 2 | 4, d: Reg, s: Reg, off: number): this {
    return this.emit(0x81 | SIZE[size], d, s, off, 0);
  }
  stx(size: 1 | 2 | 4 | 8, d: Reg, off: number, s: Reg): this {
    return this.emit(0x63 | SIZE[size], d, s, off, 0);
  }
  st(size: 1 | 2 | 4 | 8, d: Reg, off: number, imm: number): this {
    return this.emit(0x62 | SIZE[size], d, 0, off, imm);
  }
  atomicAdd(size: 4 | 8, d: Reg, off: number, s: Reg): this {
    return this.emit(0xc3 | SIZE[size], d, s, off, 0);
  }
  ldabs(size: 1 | 2 | 4, imm: number): this {
    return this.emit(0x20 | SIZE[size], 0, 0, 0, imm);
  }
  private target(t: Target): number {
    if (typeof t === 'number') return t;
    this.pending.push({ index: this.insns.length, label: t });
    return 0;
  }
  jmp(op: JmpOp, d: Reg, imm: number, t: Target): this {
    const off = this.target(t);
    return this.emit(0x05 | JMP[op], d, 0, off, imm);
  }
  jmpr(op: JmpOp, d: Reg, s: Reg, t: Target): this {
    const off = this.target(t);
    return this.emit(0x0d | JMP[op], d, s, off, 0);
  }
  jmp32(op: JmpOp, d: Reg, imm: number, t: Target): this {
    const off = this.target(t);
    return this.emit(0x06 | JMP[op], d, 0, off, imm);
  }
  jmp32r(op: JmpOp, d: Reg, s: Reg, t: Target): this {
    const off = this.target(t);
    return this.emit(0x0e | JMP[op], d, s, off, 0);
  }
  ja(t: Target): this {
    const off = this.target(t);
    return this.emit(0x05, 0, 0, off, 0);
  }
  call(id: number): this {
    return this.emit(0x85, 0, 0, 0, id);
  }
  callLocal(t: Target): this {
    if (typeof t === 'number') return this.emit(0x85, 0, 1, 0, t);
    this.pending.push({ index: this.insns.length, label: `call:${t}` });
    return this.emit(0x85, 0, 1, 0, 0);
  }
  exit(): this {
    return this.emit(0x95, 0, 0, 0, 0);
  }

  instructions(): Instruction[] {
    return this.insns.map((insn, index) => {
      const p = this.pending.find((x) => x.index === index);
      if (!p) return insn;
      const isCall = p.label.startsWith('call:');
      const name = isCall ? p.label.slice(5) : p.label;
      const at = this.labels.get(name);
      if (at === undefined) throw new Error(`unknown label ${name}`);
      const rel = at - insn.pc - 1;
      return isCall ? { ...insn, imm: rel } : { ...insn, offset: rel };
    });
  }

  program(
    platform: PlatformProfile = windowsProfile,
    section = 'xdp',
    functions?: { name: string; label: string }[],
  ): Program {
    const insns = this.instructions();
    const slotCount = this.pc;
    const fns = functions
      ? functions.map((f, i) => {
          const start = this.labels.get(f.label) ?? 0;
          const nextStarts = functions.map((g) => this.labels.get(g.label) ?? 0).filter((s) => s > start);
          return {
            name: f.name,
            startPc: start,
            endPc: nextStarts.length ? Math.min(...nextStarts) : slotCount,
            btfId: 0,
            isEntry: i === 0,
          };
        })
      : undefined;
    return createProgram({
      section,
      name: 'prog',
      platform,
      programType: platform.programTypeForSection(section),
      instructions: insns,
      ...(fns !== undefined && { functions: fns }),
      lineTable: this.lines,
      maps: this.maps,
    });
  }

  verify(platform: PlatformProfile = windowsProfile, section = 'xdp'): VerificationResult {
    return verifyProgram(this.program(platform, section));
  }
}

export { windowsProfile, linuxProfile };

export function errors(r: VerificationResult): string[] {
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
}
