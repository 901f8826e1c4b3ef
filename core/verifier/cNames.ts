// Verifier messages in C: where DWARF names what a message calls `r3` or `fp-8` at the finding's
// pc, the message says `st` or `key.pad` instead, and a memory access names the C expression it
// reads or writes (`svc->backend_count`) or the pointer it goes through. The checks build their
// messages from machine terms (they are what PREVAIL and the kernel reason about); this pass,
// applied once per diagnostic, swaps in the C names. The `condition` keeps PREVAIL's notation.

import { llvmFrameSize } from '../dwarf/frame';
import { accessExpression, stackExpression, variableInRegister } from '../dwarf/names';
import type { DwarfFrame, VariableAt } from '../dwarf/dwarf';
import { resolveType } from '../dwarf/types';
import type { Instruction } from '../isa/instruction';
import type { Program } from '../program/types';
import type { DiagnosticCode } from './types';
import { POINTER_TYPES, T } from './value';

/** Codes whose finding is one memory access by the instruction at its pc. */
const ACCESS_CODES: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([
  'context-out-of-bounds',
  'context-read-only',
  'map-value-out-of-bounds',
  'memory-out-of-bounds',
  'stack-out-of-bounds',
  'read-only-memory',
  'invalid-pointer-type',
  'pointer-leak',
]);

/** What the C names are for, at one pc: the machine terms a message may use. */
export interface CNaming {
  /** The message with DWARF's C names in place of registers and stack offsets. */
  readonly message: string;
  /** The C expression the finding is about (for the squiggle), when DWARF names one. */
  readonly expression: string | undefined;
}

/**
 * `rN` → `` `name` `` where DWARF holds a whole C variable in rN at pc; `fp-N` → `fp-N (`k.pad`)`
 * for a stack byte a variable covers; for an access finding, the accessed C expression in front
 * (or the pointer it goes through after). Returns the message unchanged without DWARF.
 */
export function messageInC(
  program: Program,
  pc: number,
  code: DiagnosticCode,
  message: string,
  registerTypes?: (reg: number) => number | undefined,
): CNaming {
  // Nothing to name: no DWARF lookup (parsing DWARF is a large part of loading an object).
  if (!ACCESS_CODES.has(code) && !hasMatch(REGISTER, message) && !hasMatch(STACK_OFFSET, message))
    return { message, expression: existingExpression(message) };
  const frames = plausibleFrames(program, program.debugFramesAt(pc), registerTypes);
  if (frames.length === 0) return { message, expression: existingExpression(message) };
  const inserted: string[] = [];
  let out = replaceRegisters(message, frames, inserted);
  out = nameStackOffsets(out, frames, llvmFrameSize(program, pc), inserted);
  let expression = existingExpression(out) ?? inserted[0];
  if (ACCESS_CODES.has(code)) {
    const access = memoryAccessAt(program, pc);
    if (access) {
      const expr = accessExpression(frames, access.base, access.offset);
      const through = variableInRegister(frames, access.base);
      if (expr && !out.includes(`\`${expr}\``)) out = `\`${expr}\`: ${out}`;
      else if (!expr && through && !out.includes(`\`${through}\``)) out = `${out} (through \`${through}\`)`;
      expression = expr ?? through ?? expression;
    }
  }
  return { message: out, expression };
}

function hasMatch(global: RegExp, text: string): boolean {
  global.lastIndex = 0;
  const found = global.test(text);
  global.lastIndex = 0;
  return found;
}

/** The register a `rN` token names, unless it is part of a range (`r1-r5`) or a field (`r1.offset`). */
const REGISTER = /(?<![\w`.-])r(10|[0-9])(?![\w`.]|-r)/g;

function replaceRegisters(message: string, frames: readonly DwarfFrame[], inserted: string[]): string {
  return message.replace(REGISTER, (token: string, n: string) => {
    const name = variableInRegister(frames, Number(n));
    if (name) inserted.push(name);
    return name ? `\`${name}\`` : token;
  });
}

/** `fp-8` not already followed by its C name. */
const STACK_OFFSET = /\bfp(-\d+)(?! \(`)/g;

function nameStackOffsets(
  message: string,
  frames: readonly DwarfFrame[],
  frameSize: number,
  inserted: string[],
): string {
  return message.replace(STACK_OFFSET, (token: string, off: string) => {
    const name = stackExpression(frames, Number(off), frameSize);
    if (name) inserted.push(name);
    return name ? `${token} (\`${name}\`)` : token;
  });
}

/** The C expression a message starts with (`st` may be NULL, reading `ip->protocol` ...). */
function existingExpression(message: string): string | undefined {
  const m = /^(?:reading |writing )?`([A-Za-z_]\w*(?:(?:->|\.)[A-Za-z_]\w*|\[\d+\])*)`/.exec(message);
  return m?.[1];
}

function memoryAccessAt(program: Program, pc: number): { base: number; offset: number } | undefined {
  const index = program.indexOfPc(pc);
  const insn: Instruction | undefined = index >= 0 ? program.instructions[index] : undefined;
  if (!insn) return undefined;
  const cls = insn.opcode & 7;
  const mode = insn.opcode & 0xe0;
  // LDX MEM/MEMSX reads through src; ST/STX MEM and atomics write through dst.
  if (cls === 1 && (mode === 0x60 || mode === 0x80)) return { base: insn.src, offset: insn.offset };
  if ((cls === 2 || cls === 3) && (mode === 0x60 || mode === 0xc0)) return { base: insn.dst, offset: insn.offset };
  return undefined;
}

const DW_OP_reg0 = 0x50;
const DW_OP_breg0 = 0x70;

/**
 * The frames without register locations the verifier's state contradicts. LLVM keeps a variable
 * in its register across inline asm that clobbers it (`ctx` "in r1" after `r1 = r10`): a pointer
 * variable in a register holding only numbers, or a pointer to the context struct in one that does
 * not hold the context, is not what the register is.
 */
function plausibleFrames(
  program: Program,
  frames: readonly DwarfFrame[],
  registerTypes: ((reg: number) => number | undefined) | undefined,
): readonly DwarfFrame[] {
  if (!registerTypes) return frames;
  const ctxStruct = program.programType?.context.structName;
  const plausible = (v: VariableAt): boolean => {
    const op = v.ops?.[0];
    if (!op) return true;
    const reg =
      op.code >= DW_OP_reg0 && op.code <= DW_OP_reg0 + 10
        ? op.code - DW_OP_reg0
        : op.code >= DW_OP_breg0 && op.code < DW_OP_breg0 + 10
          ? op.code - DW_OP_breg0
          : undefined;
    if (reg === undefined) return true;
    const types = registerTypes(reg);
    if (types === undefined) return true;
    const t = resolveType(v.variable.type);
    if (t.kind !== 'pointer') return true;
    if ((types & POINTER_TYPES) === 0) return false;
    const target = resolveType(t.target);
    const isCtx =
      (target.kind === 'struct' || target.kind === 'union') &&
      ctxStruct !== undefined &&
      bareName(target.name) === bareName(ctxStruct);
    return !isCtx || (types & T.ctx) !== 0;
  };
  return frames.map((f) => ({ ...f, variables: f.variables.filter(plausible) }));
}

/** `_bind_md`, `bind_md_t` and `bind_md` are one struct. */
function bareName(name: string): string {
  return name.replace(/^_+/, '').replace(/_t$/, '');
}
